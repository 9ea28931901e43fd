"""Runnable examples of clients for the Sportrix stream."""
