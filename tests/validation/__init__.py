"""Tests of the pure checks of what the user types."""
