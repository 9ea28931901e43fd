"""Fixtures shared by every test: the Sportrix simulator on loopback; hypothesis profiles."""

from collections.abc import AsyncIterator
import os

from hypothesis import HealthCheck, settings
import pytest

from sportrix_simulator import Simulator

# CI runs every property a few hundred times, the same examples each run, so a failure is
# reproducible; scripts/fuzz runs them ten thousand times with fresh randomness.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """Run the Sportrix simulator on a free loopback port, stepping only when told."""
    sim = Simulator(autoplay=False)
    await sim.start(host="127.0.0.1", port=0)
    try:
        yield sim
    finally:
        await sim.stop()
