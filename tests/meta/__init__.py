"""Offline checks of what hassfest and HACS validate."""
