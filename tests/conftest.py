"""Fixtures shared by every test: the Sportrix simulator on loopback."""

from collections.abc import AsyncIterator

import pytest

from sportrix_simulator import Simulator


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """Run the Sportrix simulator on a free loopback port, stepping only when told."""
    sim = Simulator(autoplay=False)
    await sim.start(host="127.0.0.1", port=0)
    try:
        yield sim
    finally:
        await sim.stop()
