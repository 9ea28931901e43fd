"""Tests of the demo stack behind scripts/develop and scripts/e2e."""
