"""Tests for stream behaviour the simulator cannot provoke, on a hand-driven WebSocket server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
import logging
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import (
    RefusalReason,
    Snapshot,
    SportrixConnectionError,
    SportrixError,
    SportrixStream,
    SubscriptionRefusal,
    SubscriptionState,
    async_validate_stream_key,
    stream as stream_module,
)
from custom_components.sportrix.api.models import SnapshotParser

from .common import Recorder
from .conftest import FakeApi

KEY = "sk_test_secret"
STREAM_LOGGER = "custom_components.sportrix.api.stream"
NOT_LIVE = "match not live or not found"
NO_SPORT = "sport not enabled for this key"


@dataclass
class ControlMessage:
    """A control message the fake server received."""

    action: str
    match_id: int


@dataclass
class FakeStreamServer:
    """A WebSocket server that records control messages and sends only what a test tells it."""

    url: str = ""
    received: asyncio.Queue[ControlMessage] = field(default_factory=asyncio.Queue)
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    accepted: asyncio.Queue[web.WebSocketResponse] = field(default_factory=asyncio.Queue)
    handshakes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # Answers to the next handshakes, instead of accepting them.
    refusals: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # How many of the next accepted connections to close at once.
    close_at_once: int = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Accept a client and record what it sends until it goes away."""
        self.handshakes.append((str(request.url), dict(request.headers)))
        if self.refusals:
            status, headers = self.refusals.pop(0)
            return web.json_response({"detail": "busy"}, status=status, headers=headers)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await self.accepted.put(ws)
        if self.close_at_once:
            self.close_at_once -= 1
            await ws.close()
            return ws
        async for message in ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                await self.received.put(ControlMessage(data["action"], data["match_id"]))
        return ws

    async def next_message(self) -> ControlMessage:
        """Return the next control message, failing after a few seconds."""
        async with asyncio.timeout(5):
            return await self.received.get()

    async def next_messages(self, count: int) -> list[tuple[str, int]]:
        """Return the next count control messages as (action, match_id)."""
        return [(m.action, m.match_id) for m in [await self.next_message() for _ in range(count)]]

    async def next_connection(self) -> web.WebSocketResponse:
        """Return the next accepted connection, failing after a few seconds."""
        async with asyncio.timeout(5):
            return await self.accepted.get()

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


type StartFake = Callable[..., Awaitable[tuple[SportrixStream, Recorder]]]


@pytest.fixture
async def start_on_fake(
    fake_stream: FakeStreamServer, session: aiohttp.ClientSession
) -> AsyncIterator[StartFake]:
    """Return a factory of running streams on the fake server; close them all after."""
    started: list[tuple[SportrixStream, asyncio.Task[None]]] = []

    async def start(
        *match_ids: int, connect: bool = True, **options: Any
    ) -> tuple[SportrixStream, Recorder]:
        recorder = Recorder()
        options = {"subscribe_timeout": 5.0, "backoff_initial": 0.01, "backoff_max": 0.05} | options
        stream = SportrixStream(
            KEY,
            session,
            fake_stream.url,
            on_snapshot=recorder.on_snapshot,
            on_refusal=recorder.on_refusal,
            on_connection_change=recorder.on_connection_change,
            **options,
        )
        for match_id in match_ids:
            stream.subscribe(match_id)
        if connect:
            await stream.connect()
        started.append((stream, asyncio.create_task(stream.run())))
        return stream, recorder

    yield start
    for stream, task in started:
        async with asyncio.timeout(5):
            await stream.close()
            await asyncio.gather(task, return_exceptions=True)


def _snapshot(match_id: int, op: str = "snapshot") -> dict[str, object]:
    return {"op": op, "data": {"v": 1, "match_id": match_id, "sport": "soccer"}}


def _error(message: str) -> dict[str, object]:
    return {"op": "error", "error": message}


def _delays(caplog: pytest.LogCaptureFixture) -> list[float]:
    """Return the backoff delays the stream logged, in order."""
    return [
        float(record.args[0])  # type: ignore[index,arg-type]
        for record in caplog.records
        if record.name == STREAM_LOGGER and record.msg.startswith("Connecting to the Sportrix")
    ]


async def test_key_is_sent_in_the_header_only(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    await start_on_fake(1)
    await fake_stream.next_message()

    ((url, headers),) = fake_stream.handshakes
    assert headers["X-API-Key"] == KEY
    assert KEY not in url


# Pipelined subscribes ----------------------------------------------------------------------


async def test_subscribes_are_pipelined_on_every_connection(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    # A client waiting for each answer would send one subscribe, then wait 60 s.
    stream, recorder = await start_on_fake(1, 2, 3, subscribe_timeout=60.0)

    for connection in range(2):
        # The server answers only once it holds every subscribe: one round trip in all.
        assert await fake_stream.next_messages(3) == [
            ("subscribe", 1),
            ("subscribe", 2),
            ("subscribe", 3),
        ]
        for match_id in (3, 1, 2):
            await fake_stream.send(_snapshot(match_id))
        await recorder.wait_until(lambda: stream.subscribed == {1, 2, 3})
        if connection == 0:
            await fake_stream.sockets[-1].close()
            await recorder.wait_until(lambda: recorder.connection == [True, False, True])

    assert [snapshot.match_id for snapshot in recorder.snapshots] == [3, 1, 2, 3, 1, 2]
    assert fake_stream.received.empty()


async def test_error_with_one_subscribe_waiting_is_its_refusal(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, 2)
    await fake_stream.next_messages(2)

    await fake_stream.send(_snapshot(2))
    await fake_stream.send(_error(NOT_LIVE))

    await recorder.wait_until(lambda: bool(recorder.refusals))
    assert recorder.refusals == [SubscriptionRefusal(1, RefusalReason.NOT_LIVE, NOT_LIVE, 30.0)]
    assert stream.wanted == {1, 2}
    assert stream.subscribed == {2}
    view = stream.subscriptions[1]
    assert view.state is SubscriptionState.REFUSED
    assert view.refusal == recorder.refusals[0]
    assert view.retry_at is not None
    assert stream.subscriptions[2].state is SubscriptionState.SUBSCRIBED


async def test_ambiguous_errors_are_settled_one_subscribe_at_a_time(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, 2, 3)
    await fake_stream.next_messages(3)

    # Two errors with different reasons while three subscribes wait: neither can be pinned.
    await fake_stream.send(_error(NO_SPORT))
    await fake_stream.send(_snapshot(2))
    await fake_stream.send(_error(NOT_LIVE))

    assert await fake_stream.next_messages(1) == [("subscribe", 1)]
    await fake_stream.send(_error(NO_SPORT))
    assert await fake_stream.next_messages(1) == [("subscribe", 3)]
    await fake_stream.send(_error(NOT_LIVE))

    await recorder.wait_until(lambda: len(recorder.refusals) == 2)
    assert [(r.match_id, r.reason) for r in recorder.refusals] == [
        (1, RefusalReason.SPORT_NOT_ENABLED),
        (3, RefusalReason.NOT_LIVE),
    ]
    assert stream.subscribed == {2}


async def test_same_errors_for_several_subscribes_need_no_second_asking(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, 2, 3)
    await fake_stream.next_messages(3)

    await fake_stream.send(_error(NOT_LIVE))
    await fake_stream.send(_snapshot(2))
    await fake_stream.send(_error(NOT_LIVE))

    await recorder.wait_until(lambda: len(recorder.refusals) == 2)
    assert [refusal.match_id for refusal in recorder.refusals] == [1, 3]
    stream.subscribe(4)
    # The next message is the new subscribe: nothing was asked again.
    assert await fake_stream.next_messages(1) == [("subscribe", 4)]


async def test_unanswered_subscribe_is_asked_again(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream, recorder = await start_on_fake(1, 2, subscribe_timeout=0.1)
    await fake_stream.next_messages(2)
    await fake_stream.send(_snapshot(2))

    # After the timeout and as long again for a late answer, the subscribe is sent again.
    assert await fake_stream.next_messages(1) == [("subscribe", 1)]
    assert "No answer to the subscription of match 1 within 0.1 s" in caplog.text
    assert stream.wanted == {1, 2}
    await fake_stream.send(_snapshot(1))
    await recorder.wait_until(lambda: stream.subscribed == {1, 2})


async def test_unsubscribe_of_a_pending_subscribe(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, 2)
    await fake_stream.next_messages(2)

    stream.unsubscribe(1)
    stream.unsubscribe(2)
    # Nothing is sent while the subscribes are unanswered: an unsubscribe could overtake them.
    # The answer arrives, is not passed on, and is followed by the unsubscribe.
    await fake_stream.send(_snapshot(1))
    assert await fake_stream.next_messages(1) == [("unsubscribe", 1)]

    stream.subscribe(3)
    assert await fake_stream.next_messages(1) == [("subscribe", 3)]
    await fake_stream.send(_snapshot(3))
    await recorder.wait_until(lambda: stream.subscribed == {3})
    assert [snapshot.match_id for snapshot in recorder.snapshots] == [3]


async def test_unsubscribe_and_subscribe_again_while_the_answer_is_on_the_way(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, 2)
    await fake_stream.next_messages(2)

    stream.unsubscribe(1)
    stream.subscribe(1)
    stream.subscribe(2)
    await fake_stream.send(_snapshot(1))
    await fake_stream.send(_snapshot(2))
    await recorder.wait_until(lambda: stream.subscribed == {1, 2})
    # The match stays subscribed on both sides: no unsubscribe, no second subscribe.
    await fake_stream.send(_snapshot(1, "update"))
    await recorder.wait_until(lambda: len(recorder.snapshots) == 3)
    assert [snapshot.match_id for snapshot in recorder.snapshots] == [1, 2, 1]
    stream.subscribe(3)
    assert await fake_stream.next_messages(1) == [("subscribe", 3)]


async def test_error_for_a_withdrawn_subscribe_is_not_reported(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    stream, recorder = await start_on_fake(1, 2)
    await fake_stream.next_messages(2)
    await fake_stream.send(_snapshot(2))
    stream.unsubscribe(1)

    await fake_stream.send(_error(NO_SPORT))
    # A refused subscribe needs no unsubscribe: the next message is the next subscribe.
    stream.subscribe(3)
    assert await fake_stream.next_messages(1) == [("subscribe", 3)]
    await fake_stream.send(_snapshot(3))

    await recorder.wait_until(lambda: stream.subscribed == {2, 3})
    assert recorder.refusals == []
    assert "Match 1 was refused after it was unsubscribed" in caplog.text


@pytest.mark.parametrize(
    ("message", "reason", "retry_in"),
    [
        (NOT_LIVE, RefusalReason.NOT_LIVE, 40.0),
        (NO_SPORT, RefusalReason.SPORT_NOT_ENABLED, 900.0),
        ("Sport is outside the allowlist", RefusalReason.SPORT_NOT_ENABLED, 900.0),
        ("invalid control message: match_id must be a positive integer", RefusalReason.OTHER, 40.0),
    ],
)
async def test_refusal_reasons(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    message: str,
    reason: RefusalReason,
    retry_in: float,
) -> None:
    _, recorder = await start_on_fake(1, not_live_retry_initial=40.0, sport_retry=900.0)
    await fake_stream.next_message()

    await fake_stream.send(_error(message))

    await recorder.wait_until(lambda: bool(recorder.refusals))
    assert recorder.refusals == [SubscriptionRefusal(1, reason, message, retry_in)]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("x" * 10_000, "x" * 500),
        (404, "404"),
        ({"reason": ["deep"]}, "{'reason': ['deep']}"),
        (None, "None"),
    ],
)
async def test_refusal_messages_are_bounded_text(
    fake_stream: FakeStreamServer, start_on_fake: StartFake, error: object, message: str
) -> None:
    _, recorder = await start_on_fake(1)
    await fake_stream.next_message()

    await fake_stream.send({"op": "error", "error": error})

    await recorder.wait_until(lambda: bool(recorder.refusals))
    assert recorder.refusals[0].message == message


async def test_a_refused_match_is_asked_again_by_itself(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, not_live_retry_initial=0.05)
    await fake_stream.next_message()

    await fake_stream.send(_error(NOT_LIVE))
    assert await fake_stream.next_messages(1) == [("subscribe", 1)]
    await fake_stream.send(_error(NOT_LIVE))
    assert await fake_stream.next_messages(1) == [("subscribe", 1)]
    await fake_stream.send(_snapshot(1))

    await recorder.wait_until(lambda: stream.subscribed == {1})
    # Every refusal is reported, with the doubling delay.
    assert [refusal.retry_in for refusal in recorder.refusals] == [0.05, 0.1]
    assert stream.subscriptions[1].refusal is None


async def test_close_cancels_the_retries(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, recorder = await start_on_fake(1, not_live_retry_initial=30.0)
    await fake_stream.next_message()
    await fake_stream.send(_error(NOT_LIVE))
    await recorder.wait_until(lambda: bool(recorder.refusals))
    retry = stream._subscriptions._wanted[1].timer
    assert retry is not None
    assert retry.when() == pytest.approx(asyncio.get_running_loop().time() + 30, abs=5)

    await stream.close()

    assert retry.cancelled()
    assert stream.subscriptions[1].state is SubscriptionState.REFUSED


async def test_kick_off_hint_schedules_the_retry(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    kick_off = datetime.now(UTC) + timedelta(seconds=100)
    stream, recorder = await start_on_fake(kick_off_grace=7.0)
    stream.subscribe(1, kick_off=kick_off)
    # A naive hint is taken as UTC.
    stream.subscribe(2, kick_off=kick_off.replace(tzinfo=None))
    stream.subscribe(3, kick_off=kick_off)
    stream.subscribe(3)
    assert await fake_stream.next_messages(3) == [
        ("subscribe", 1),
        ("subscribe", 2),
        ("subscribe", 3),
    ]

    for _ in range(3):
        await fake_stream.send(_error(NOT_LIVE))
    await recorder.wait_until(lambda: len(recorder.refusals) == 3)

    retry_in = {refusal.match_id: refusal.retry_in for refusal in recorder.refusals}
    assert retry_in[1] == pytest.approx(107, abs=2)
    assert retry_in[2] == pytest.approx(107, abs=2)
    # The second call took the hint away: the doubling schedule applies.
    assert retry_in[3] == 30.0
    stream.subscribe(1, kick_off=kick_off + timedelta(hours=1))
    view = stream.subscriptions[1]
    assert view.retry_at is not None
    assert (view.retry_at - kick_off).total_seconds() == pytest.approx(3607, abs=2)


async def test_tasks_are_named_and_none_is_left_after_close(
    fake_stream: FakeStreamServer, start_on_fake: StartFake
) -> None:
    stream, _ = await start_on_fake(1)
    await fake_stream.next_message()

    names = {task.get_name() for task in asyncio.all_tasks()}
    assert {"sportrix_stream_read", "sportrix_stream_write", "sportrix_stream_stop"} <= names
    await stream.close()

    assert not [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("sportrix_stream") and not task.done()
    ]


async def test_log_of_a_connection_closed_by_the_server(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, recorder = await start_on_fake(1)
    await fake_stream.next_message()

    for changes, answers in ((3, 1), (5, 2)):
        await fake_stream.sockets[-1].close()
        await recorder.wait_until(lambda n=changes: len(recorder.connection) == n)
        await fake_stream.next_message()
        await fake_stream.send(_snapshot(1))
        await recorder.wait_until(lambda n=answers: len(recorder.snapshots) == n)

    # Each outage is told at info, once when it starts and once the server answers again.
    told = [r for r in caplog.records if r.name == STREAM_LOGGER and r.levelno >= logging.INFO]
    assert [r.getMessage() for r in told] == [
        "Lost the connection to the Sportrix stream (closed by the server (code 1000))",
        "Reconnected to the Sportrix stream",
    ] * 2


async def test_connections_closed_at_once_log_one_outage(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server that accepts and closes before answering logs one outage, not a pair a try."""
    _, recorder = await start_on_fake(1)
    await fake_stream.next_message()
    for changes in (3, 5, 7):
        await fake_stream.sockets[-1].close()
        await recorder.wait_until(lambda n=changes: len(recorder.connection) == n)
        await fake_stream.next_message()
    await fake_stream.send(_snapshot(1))
    await recorder.wait_until(lambda: len(recorder.snapshots) == 1)

    told = [r for r in caplog.records if r.name == STREAM_LOGGER and r.levelno >= logging.INFO]
    assert [r.getMessage() for r in told] == [
        "Lost the connection to the Sportrix stream (closed by the server (code 1000))",
        "Reconnected to the Sportrix stream",
    ]


async def test_binary_frames_count_as_traffic(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, recorder = await start_on_fake(1)
    assert stream.last_frame_at is None
    await fake_stream.next_message()
    await fake_stream.send(_snapshot(1))
    await recorder.wait_until(lambda: stream.subscribed == {1})
    ticks = iter(range(100, 200))
    monkeypatch.setattr(stream_module.time, "time", lambda: float(next(ticks)))
    skipped = asyncio.Event()

    class Notice(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "binary frame" in record.getMessage():
                skipped.set()

    notice = Notice()
    logging.getLogger(STREAM_LOGGER).addHandler(notice)
    try:
        await fake_stream.send(_snapshot(1, "update"))
        await fake_stream.sockets[-1].send_bytes(b"\x00")
        async with asyncio.timeout(5):
            await skipped.wait()
    finally:
        logging.getLogger(STREAM_LOGGER).removeHandler(notice)

    assert stream.last_frame_at == 101.0


async def test_a_failed_send_costs_a_reconnect(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, recorder = await start_on_fake(1)
    await fake_stream.next_message()
    failures: list[BaseException] = [ConnectionResetError("gone"), RuntimeError("bug")]
    send = stream_module._send

    async def failing_send(ws: aiohttp.ClientWebSocketResponse, action: str, match_id: int) -> None:
        if match_id == 2 and failures:
            raise failures.pop(0)
        await send(ws, action, match_id)

    monkeypatch.setattr(stream_module, "_send", failing_send)
    stream.subscribe(2)

    await recorder.wait_until(lambda: recorder.connection == [True, False, True, False, True])
    messages = [r.getMessage() for r in caplog.records if r.name == STREAM_LOGGER]
    assert (
        "Lost the connection to the Sportrix stream (send failed: ConnectionResetError('gone'))"
        in messages
    )
    (bug,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert bug.getMessage() == "Unexpected error on the Sportrix stream"
    assert bug.exc_info is not None
    assert isinstance(bug.exc_info[1], RuntimeError)
    assert "Connecting to the Sportrix stream again in " in caplog.text
    await fake_stream.send(_snapshot(1))
    await fake_stream.send(_snapshot(2))
    await recorder.wait_until(lambda: stream.subscribed == {1, 2})


async def test_the_stream_answers_pings_itself(session: aiohttp.ClientSession) -> None:
    pongs: asyncio.Queue[aiohttp.WSMessage] = asyncio.Queue()

    async def handle(request: web.Request) -> web.StreamResponse:
        # No autoping here, so that the client's pong reaches this handler.
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        await ws.ping(b"still there?")
        async for message in ws:
            if message.type is aiohttp.WSMsgType.PONG:
                await pongs.put(message)
                await ws.send_json(_snapshot(1))
        return ws

    app = web.Application()
    app.router.add_get("/v1/stream", handle)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    recorder = Recorder()
    stream = SportrixStream(
        KEY,
        session,
        f"ws://127.0.0.1:{runner.addresses[0][1]}/v1/stream",
        on_snapshot=recorder.on_snapshot,
        on_refusal=recorder.on_refusal,
        on_connection_change=recorder.on_connection_change,
    )
    stream.subscribe(1)
    await stream.connect()
    task = asyncio.create_task(stream.run())
    try:
        async with asyncio.timeout(5):
            pong = await pongs.get()
        assert pong.data == b"still there?"
        # Frames after the ping are read as before.
        await recorder.wait_until(lambda: len(recorder.snapshots) == 1)
        assert recorder.connection == [True]
    finally:
        await stream.close()
        await task
        await runner.cleanup()


async def test_a_bug_in_handling_one_frame_skips_only_that_frame(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, recorder = await start_on_fake(1, 2)
    await fake_stream.next_messages(2)
    parse = SnapshotParser.parse

    def buggy_parse(parser: SnapshotParser, data: object) -> Snapshot:
        if isinstance(data, dict) and data.get("match_id") == 2:
            raise RuntimeError("bug")
        return parse(parser, data)

    monkeypatch.setattr(SnapshotParser, "parse", buggy_parse)
    await fake_stream.send(_snapshot(2))
    await fake_stream.send(_snapshot(1))

    await recorder.wait_until(lambda: stream.subscribed == {1})
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage().startswith(
        'Skipping a Sportrix frame (frame handling failed): \'{"op": "snapshot"'
    )
    assert record.exc_info
    assert record.exc_info[0] is RuntimeError
    assert recorder.connection == [True]


async def test_skipped_frames_say_why(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    stream, recorder = await start_on_fake(1)
    await fake_stream.next_message()
    await fake_stream.send(_snapshot(1))
    await recorder.wait_until(lambda: stream.subscribed == {1})

    await fake_stream.send({"op": "update", "data": {"match_id": 0}})
    await fake_stream.send({"op": "error", "error": "late"})
    await fake_stream.sockets[-1].send_str("[1]")
    await fake_stream.send({"op": 1})
    await fake_stream.send(_snapshot(1, "update"))
    await recorder.wait_until(lambda: len(recorder.snapshots) == 2)

    skipped = [r for r in caplog.records if r.getMessage().startswith("Skipping")]
    assert [r.getMessage() for r in skipped] == [
        "Skipping a Sportrix frame (unparsable snapshot) snapshot has no valid match_id: 0: "
        + repr('{"op": "update", "data": {"match_id": 0}}'),
        "Skipping a Sportrix frame (error frame with no subscribe waiting): "
        + repr('{"op": "error", "error": "late"}'),
        "Skipping a Sportrix frame (not a JSON object): '[1]'",
        "Skipping a Sportrix frame (unknown op): " + repr('{"op": 1}'),
    ]
    assert not any(r.exc_info for r in skipped)


async def test_close_while_connecting(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    stream = _hanging_stream(fake_api, session)
    stream._connect_timeout = 60.0
    connecting = asyncio.create_task(stream.connect())
    async with asyncio.timeout(5):
        await fake_api.seen.wait()
    names = {task.get_name() for task in asyncio.all_tasks()}
    assert {"sportrix_stream_open", "sportrix_stream_stop"} <= names

    await stream.close()

    with pytest.raises(SportrixError, match=r"^the stream was closed while connecting$"):
        await connecting
    assert not [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("sportrix_stream") and not task.done()
    ]


async def test_validate_stream_key_times_out(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    fake_api.hang("/v1/stream")
    url = fake_api.url.replace("http://", "ws://").replace("/api", "/v1/stream")

    with pytest.raises(SportrixConnectionError, match=r"no handshake within 0\.2 s"):
        await async_validate_stream_key(session, KEY, url, connect_timeout=0.2)


# Backoff -----------------------------------------------------------------------------------


async def test_a_server_that_drops_at_once_gets_a_growing_delay(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    fake_stream.close_at_once = 4
    stream, recorder = await start_on_fake(1, random=lambda: 1.0, backoff_max=1.0)

    # Answered subscribes do not count as a connection that stayed up.
    for _ in range(5):
        await fake_stream.next_connection()
    assert await fake_stream.next_messages(1) == [("subscribe", 1)]
    await fake_stream.send(_snapshot(1))
    await recorder.wait_until(lambda: stream.subscribed == {1})

    assert _delays(caplog) == [0.01, 0.02, 0.04, 0.08]
    assert stream.reconnect_count == 4


async def test_backoff_resets_after_a_connection_that_stayed_up(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    stream, recorder = await start_on_fake(1, random=lambda: 1.0, backoff_max=1.0, stable_after=0.2)
    for _ in range(2):
        await fake_stream.next_connection()
        await fake_stream.next_message()
        await fake_stream.send(_snapshot(1))
        await recorder.wait_until(lambda: stream.subscribed == {1})
        await fake_stream.sockets[-1].close()

    third = await fake_stream.next_connection()
    # Hold the connection open past stable_after, then drop it.
    await asyncio.sleep(0.3)
    await third.close()
    await fake_stream.next_connection()
    # One subscribe on each of the last two connections.
    await fake_stream.next_messages(2)

    assert _delays(caplog) == [0.01, 0.02, 0.01]


async def test_retry_after_of_a_refused_handshake_is_honoured_within_the_cap(
    fake_stream: FakeStreamServer,
    start_on_fake: StartFake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    fake_stream.refusals = [
        (503, {"Retry-After": "3600"}),
        (429, {"Retry-After": "0.1"}),
        (503, {}),
    ]

    _, recorder = await start_on_fake(1, connect=False, random=lambda: 0.0, backoff_max=0.2)

    await fake_stream.next_message()
    assert _delays(caplog) == [0.2, 0.1, 0.0]
    assert len(fake_stream.handshakes) == 4
    assert recorder.connection == [True]


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
    # A server's Retry-After is honoured, within the cap, and never shortens the jitter.
    assert floor._next_delay(30.0) == 30.0
    assert floor._next_delay(3600.0) == 300.0
    assert make(1.0)._next_delay(0.5) == 1.0
    # Past 2**32 times the initial delay, the ceiling stops growing.
    unbounded = make(1.0, maximum=float("inf"))
    assert [unbounded._next_delay(None) for _ in range(40)][32:] == [2.0**32] * 8


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
