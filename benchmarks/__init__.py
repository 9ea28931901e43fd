"""Speed and memory measurements, run by scripts/benchmark; nothing here asserts on time."""
