"""The fault matrix, run by scripts/faults: the integration in Home Assistant through faults."""
