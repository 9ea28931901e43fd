"""Tests of the REST look-ups: bounded, polite, failure-tolerant."""
