"""Fixtures for the simulator's own tests: a simulator on loopback and an aiohttp client."""

from collections.abc import AsyncIterator, Callable
import contextlib

import aiohttp
import pytest

from sportrix_simulator import KEY_FULL, Simulator

TIMEOUT = 5.0

type Factory = Callable[..., contextlib.AbstractAsyncContextManager[Simulator]]


@pytest.fixture
def sim(simulator: Simulator) -> Simulator:
    """Return the shared loopback simulator under the short name these tests use."""
    return simulator


@pytest.fixture
def playing(socket_enabled: None) -> Factory:
    """Return a factory of started autoplaying simulators, stopped on exit."""

    @contextlib.asynccontextmanager
    async def start(**options: object) -> AsyncIterator[Simulator]:
        sim = Simulator(autoplay=True, **options)  # type: ignore[arg-type]
        await sim.start()
        try:
            yield sim
        finally:
            await sim.stop()

    return start


@pytest.fixture
async def session(sim: Simulator) -> AsyncIterator[aiohttp.ClientSession]:
    """Open an HTTP client session, closed before the simulator stops."""
    async with aiohttp.ClientSession() as client:
        yield client


async def connect(
    session: aiohttp.ClientSession, sim: Simulator, key: str = KEY_FULL, *, header: bool = True
) -> aiohttp.ClientWebSocketResponse:
    """Open a stream connection, with the key in the header or in ?key=."""
    if header:
        return await session.ws_connect(sim.ws_url, headers={"X-API-Key": key}, autoping=False)
    return await session.ws_connect(sim.ws_url, params={"key": key}, autoping=False)


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, object]:
    """Return the next JSON text frame, skipping protocol pings."""
    while True:
        message = await ws.receive(timeout=TIMEOUT)
        if message.type is aiohttp.WSMsgType.PING:
            continue
        assert message.type is aiohttp.WSMsgType.TEXT, message
        frame = message.json()
        assert isinstance(frame, dict)
        return frame


async def subscribe(ws: aiohttp.ClientWebSocketResponse, match_id: int) -> dict[str, object]:
    """Subscribe to a match and return the answer frame."""
    await ws.send_json({"action": "subscribe", "match_id": match_id})
    return await receive(ws)
