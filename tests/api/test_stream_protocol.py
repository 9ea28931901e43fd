"""Tests for stream behaviour the simulator cannot provoke, on a hand-driven WebSocket server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
import json
import logging

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import (
    RefusalReason,
    SportrixConnectionError,
    SportrixStream,
    SubscriptionRefusal,
)

from .common import Recorder
from .conftest import FakeApi

KEY = "sk_test_secret"
STREAM_LOGGER = "custom_components.sportrix.api.stream"


@dataclass
class ControlMessage:
    """A control message the fake server received, with the loop time it arrived."""

    at: float
    action: str
    match_id: int


@dataclass
class FakeStreamServer:
    """A WebSocket server that records control messages and sends only what a test tells it."""

    url: str = ""
    received: asyncio.Queue[ControlMessage] = field(default_factory=asyncio.Queue)
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    handshakes: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Accept a client and record what it sends until it goes away."""
        self.handshakes.append((str(request.url), dict(request.headers)))
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        async for message in ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                await self.received.put(
                    ControlMessage(
                        asyncio.get_running_loop().time(), data["action"], data["match_id"]
                    )
                )
        return ws

    async def next_message(self) -> ControlMessage:
        """Return the next control message, failing after a few seconds."""
        async with asyncio.timeout(5):
            return await self.received.get()

    async def send(self, frame: dict[str, object]) -> None:
        """Send a frame on the newest connection."""
        await self.sockets[-1].send_json(frame)


@pytest.fixture
async def fake_stream() -> AsyncIterator[FakeStreamServer]:
    """Run the hand-driven WebSocket server on a free loopback port."""
    server = FakeStreamServer()
    app = web.Application()
    app.router.add_get("/v1/stream", server.handle)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.url = f"ws://127.0.0.1:{runner.addresses[0][1]}/v1/stream"
    try:
        yield server
    finally:
        for ws in server.sockets:
            await ws.close()
        await runner.cleanup()


@pytest.fixture
async def stream_on_fake(
    fake_stream: FakeStreamServer, session: aiohttp.ClientSession
) -> AsyncIterator[tuple[SportrixStream, Recorder]]:
    """Return a running stream on the fake server with a short subscribe timeout."""
    recorder = Recorder()
    stream = SportrixStream(
        KEY,
        session,
        fake_stream.url,
        on_snapshot=recorder.on_snapshot,
        on_refusal=recorder.on_refusal,
        on_connection_change=recorder.on_connection_change,
        subscribe_timeout=0.2,
        backoff_initial=0.01,
        backoff_max=0.05,
    )
    stream.subscribe(1)
    stream.subscribe(2)
    await stream.connect()
    task = asyncio.create_task(stream.run())
    try:
        yield stream, recorder
    finally:
        await stream.close()
        await task


def _snapshot(match_id: int) -> dict[str, object]:
    return {"op": "snapshot", "data": {"v": 1, "match_id": match_id, "sport": "soccer"}}


async def test_key_is_sent_in_the_header_only(
    fake_stream: FakeStreamServer, stream_on_fake: tuple[SportrixStream, Recorder]
) -> None:
    await fake_stream.next_message()

    ((url, headers),) = fake_stream.handshakes
    assert headers["X-API-Key"] == KEY
    assert KEY not in url


async def test_one_subscribe_in_flight_and_late_error_goes_to_the_oldest(
    fake_stream: FakeStreamServer, stream_on_fake: tuple[SportrixStream, Recorder]
) -> None:
    stream, recorder = stream_on_fake

    first = await fake_stream.next_message()
    # The second subscribe waits for an answer to the first, or for its timeout.
    second = await fake_stream.next_message()
    assert (first.action, first.match_id, second.match_id) == ("subscribe", 1, 2)
    assert second.at - first.at >= 0.15

    # Answers come in request order: this error is the late answer to match 1.
    await fake_stream.send({"op": "error", "error": "match not live or not found"})
    await fake_stream.send(_snapshot(2))

    await recorder.wait_until(lambda: stream.subscribed == {2} and bool(recorder.refusals))
    assert recorder.refusals == [
        SubscriptionRefusal(1, RefusalReason.NOT_LIVE, "match not live or not found")
    ]
    assert stream.wanted == {2}
    assert stream._attempt == 0


async def test_unanswered_subscribe_stays_wanted(
    fake_stream: FakeStreamServer,
    stream_on_fake: tuple[SportrixStream, Recorder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream, recorder = stream_on_fake
    await fake_stream.next_message()
    await fake_stream.next_message()
    await fake_stream.send(_snapshot(2))
    await recorder.wait_until(lambda: stream.subscribed == {2})

    assert stream.wanted == {1, 2}
    assert "No answer to the subscription of match 1 within 0.2 s" in caplog.text

    # The server goes away politely; the reconnect asks for both matches again, in order.
    await fake_stream.sockets[-1].close()
    await recorder.wait_until(lambda: recorder.connection == [True, False, True])
    again = await fake_stream.next_message()
    assert (again.action, again.match_id) == ("subscribe", 1)
    await fake_stream.send(_snapshot(1))
    assert (await fake_stream.next_message()).match_id == 2
    await fake_stream.send(_snapshot(2))
    await recorder.wait_until(lambda: stream.subscribed == {1, 2})


async def test_unsubscribe_of_a_pending_subscribe(
    fake_stream: FakeStreamServer, stream_on_fake: tuple[SportrixStream, Recorder]
) -> None:
    stream, recorder = stream_on_fake
    await fake_stream.next_message()

    stream.unsubscribe(1)
    stream.unsubscribe(2)
    # Nothing is sent while the subscribe is unanswered: an unsubscribe could overtake it.
    # The answer arrives, is not passed on, and is followed by the unsubscribe.
    await fake_stream.send(_snapshot(1))
    unsubscribe = await fake_stream.next_message()
    assert (unsubscribe.action, unsubscribe.match_id) == ("unsubscribe", 1)

    stream.subscribe(3)
    third = await fake_stream.next_message()
    assert (third.action, third.match_id) == ("subscribe", 3)
    await fake_stream.send(_snapshot(3))
    await recorder.wait_until(lambda: stream.subscribed == {3})
    assert [snapshot.match_id for snapshot in recorder.snapshots] == [3]


async def test_unsubscribe_and_subscribe_again_while_the_answer_is_on_the_way(
    fake_stream: FakeStreamServer, stream_on_fake: tuple[SportrixStream, Recorder]
) -> None:
    stream, recorder = stream_on_fake
    first = await fake_stream.next_message()
    assert (first.action, first.match_id) == ("subscribe", 1)

    stream.unsubscribe(1)
    stream.subscribe(1)
    await fake_stream.send(_snapshot(1))
    # The match stays subscribed on both sides: no unsubscribe, no second subscribe.
    second = await fake_stream.next_message()
    assert (second.action, second.match_id) == ("subscribe", 2)
    await fake_stream.send(_snapshot(2))
    await recorder.wait_until(lambda: stream.subscribed == {1, 2})
    await fake_stream.send({"op": "update", "data": {"v": 1, "match_id": 1, "sport": "soccer"}})
    await recorder.wait_until(lambda: len(recorder.snapshots) == 3)
    assert [snapshot.match_id for snapshot in recorder.snapshots] == [1, 2, 1]
    assert fake_stream.received.empty()


async def test_error_for_a_withdrawn_subscribe_is_not_reported(
    fake_stream: FakeStreamServer,
    stream_on_fake: tuple[SportrixStream, Recorder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    stream, recorder = stream_on_fake
    await fake_stream.next_message()
    stream.unsubscribe(1)

    await fake_stream.send({"op": "error", "error": "sport not enabled for this key"})
    # A refused subscribe needs no unsubscribe: the next message is the next subscribe.
    second = await fake_stream.next_message()
    assert (second.action, second.match_id) == ("subscribe", 2)
    await fake_stream.send(_snapshot(2))

    await recorder.wait_until(lambda: stream.subscribed == {2})
    assert recorder.refusals == []
    assert "Match 1 was refused after it was unsubscribed" in caplog.text


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("match not live or not found", RefusalReason.NOT_LIVE),
        ("sport not enabled for this key", RefusalReason.SPORT_NOT_ENABLED),
        ("Sport is outside the allowlist", RefusalReason.SPORT_NOT_ENABLED),
        ("invalid control message: match_id must be a positive integer", RefusalReason.OTHER),
    ],
)
async def test_refusal_reasons(
    fake_stream: FakeStreamServer,
    stream_on_fake: tuple[SportrixStream, Recorder],
    message: str,
    reason: RefusalReason,
) -> None:
    _, recorder = stream_on_fake
    await fake_stream.next_message()

    await fake_stream.send({"op": "error", "error": message})

    await recorder.wait_until(lambda: bool(recorder.refusals))
    assert recorder.refusals == [SubscriptionRefusal(1, reason, message)]


async def test_backoff_delays(session: aiohttp.ClientSession) -> None:
    def make(random_value: float, initial: float = 1.0, maximum: float = 300.0) -> SportrixStream:
        return SportrixStream(
            KEY,
            session,
            on_snapshot=lambda snapshot: None,
            on_refusal=lambda refusal: None,
            on_connection_change=lambda connected: None,
            backoff_initial=initial,
            backoff_max=maximum,
            random=lambda: random_value,
        )

    ceiling = make(1.0)
    assert [ceiling._next_delay(None) for _ in range(11)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        300,
        300,
    ]
    # A long outage does not overflow the exponent.
    for _ in range(2000):
        ceiling._next_delay(None)
    assert ceiling._next_delay(None) == 300

    jittered = make(0.25, initial=2.0, maximum=10.0)
    assert [jittered._next_delay(None) for _ in range(4)] == [0.5, 1.0, 2.0, 2.5]

    floor = make(0.0)
    assert floor._next_delay(None) == 0.0
    # A server's Retry-After is honoured, within the cap.
    assert floor._next_delay(30.0) == 30.0
    assert floor._next_delay(3600.0) == 300.0


def _hanging_stream(fake_api: FakeApi, session: aiohttp.ClientSession) -> SportrixStream:
    fake_api.hang("/v1/stream")
    return SportrixStream(
        KEY,
        session,
        fake_api.url.replace("http://", "ws://").replace("/api", "/v1/stream"),
        on_snapshot=lambda snapshot: None,
        on_refusal=lambda refusal: None,
        on_connection_change=lambda connected: None,
        connect_timeout=0.2,
    )


async def test_handshake_timeout(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    stream = _hanging_stream(fake_api, session)

    with pytest.raises(SportrixConnectionError, match=r"no handshake within 0\.2 s"):
        await stream.connect()


async def test_close_during_a_hanging_handshake(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    stream = _hanging_stream(fake_api, session)
    stream._connect_timeout = 60.0
    task = asyncio.create_task(stream.run())
    async with asyncio.timeout(5):
        await fake_api.seen.wait()

    async with asyncio.timeout(1):
        await stream.close()
        await task
    assert not stream.connected
