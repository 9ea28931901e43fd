"""Tests for the WebSocket stream against the simulator on loopback."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from custom_components.sportrix.api import (
    CricketSnapshot,
    RefusalReason,
    SoccerSnapshot,
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixStream,
    SubscriptionRefusal,
    SubscriptionState,
    async_validate_stream_key,
)
from sportrix_simulator import (
    KEY_EXPIRED,
    KEY_FULL,
    KEY_LIVE_ONLY,
    KEY_SOCCER,
    NOT_LIVE,
    SPORT_NOT_ENABLED,
    Simulator,
)

from .conftest import StartStream

SOCCER = 41282
CRICKET = 50001
NOT_STARTED = 41301
FINISHED = 41250
STREAM_LOGGER = "custom_components.sportrix.api.stream"


def _subscribes(sim: Simulator) -> list[int]:
    return [m["match_id"] for m in sim.control_messages if m.get("action") == "subscribe"]


def _logged(caplog: pytest.LogCaptureFixture, text: str, level: int = logging.INFO) -> int:
    return sum(
        1
        for record in caplog.records
        if record.name == STREAM_LOGGER and record.levelno == level and text in record.message
    )


async def test_several_matches_on_one_connection(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER, CRICKET)
    stream, recorder = under_test.stream, under_test.recorder

    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})
    assert recorder.connection == [True]
    assert stream.connected
    assert simulator.connection_count == 1
    assert _subscribes(simulator) == [SOCCER, CRICKET]
    assert stream.last_frame_at is not None

    await simulator.score_goal(SOCCER, "home")
    await simulator.take_wicket(CRICKET)
    await recorder.wait_until(lambda: len(recorder.of(CRICKET)) == 2)

    soccer = recorder.of(SOCCER)
    assert len(soccer) == 2
    assert all(isinstance(snapshot, SoccerSnapshot) for snapshot in soccer)
    assert isinstance(soccer[-1], SoccerSnapshot)
    assert soccer[-1].score is not None
    assert soccer[-1].score.home == 1
    cricket = recorder.of(CRICKET)
    assert isinstance(cricket[0], CricketSnapshot)
    assert isinstance(cricket[-1], CricketSnapshot)
    assert cricket[-1].score is not None
    assert cricket[0].score is not None
    assert cricket[-1].score.wickets == cricket[0].score.wickets + 1


async def test_reconnect_resubscribes(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    under_test = await start_stream(SOCCER, CRICKET)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})

    await simulator.drop_connections()
    await recorder.wait_until(lambda: len(recorder.snapshots) == 4)

    assert recorder.connection == [True, False, True]
    assert stream.reconnect_count == 1
    assert stream.subscribed == {SOCCER, CRICKET}
    assert simulator.handshake_count == 2
    assert simulator.subscriber_count(SOCCER) == 1
    assert _subscribes(simulator) == [SOCCER, CRICKET, SOCCER, CRICKET]
    assert _logged(caplog, "Lost the connection to the Sportrix stream") == 1
    assert _logged(caplog, "Reconnected to the Sportrix stream") == 1
    assert KEY_FULL not in caplog.text

    await simulator.score_goal(SOCCER, "away")
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 3)


async def test_expired_key_is_refused_at_handshake(
    simulator: Simulator, session: aiohttp.ClientSession, start_stream: StartStream
) -> None:
    for key in (KEY_EXPIRED, KEY_LIVE_ONLY, "sk_unknown"):
        with pytest.raises(
            SportrixAuthError, match=r"^the stream refused the API key \(HTTP 401\)$"
        ):
            await start_stream(SOCCER, key=key)
        with pytest.raises(SportrixAuthError):
            await async_validate_stream_key(session, key, simulator.ws_url)
    assert simulator.handshake_count == 0


async def test_validate_stream_key(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    await async_validate_stream_key(session, KEY_FULL, simulator.ws_url)

    assert simulator.handshake_count == 1
    await simulator.wait_for(lambda: simulator.connection_count == 0)


async def test_validate_stream_key_unreachable(
    session: aiohttp.ClientSession, closed_port: int
) -> None:
    with pytest.raises(SportrixConnectionError, match=r"^cannot reach the stream: "):
        await async_validate_stream_key(session, KEY_FULL, f"ws://127.0.0.1:{closed_port}/v1")


async def test_unauthorized_at_reconnect_ends_run(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    await under_test.recorder.wait_until(lambda: under_test.stream.subscribed == {SOCCER})
    simulator.refuse_handshakes(401)

    await simulator.drop_connections()
    assert under_test.task is not None
    with pytest.raises(SportrixAuthError):
        async with asyncio.timeout(5):
            await under_test.task

    assert under_test.recorder.connection == [True, False]
    assert not under_test.stream.connected


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_refused_handshakes_back_off_then_recover(
    simulator: Simulator,
    start_stream: StartStream,
    caplog: pytest.LogCaptureFixture,
    status: int,
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    simulator.refuse_handshakes(status, count=3)

    await simulator.drop_connections()
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 2)

    assert recorder.connection == [True, False, True]
    assert simulator.handshake_count == 2
    assert _logged(caplog, "Lost the connection") == 1
    assert _logged(caplog, f"HTTP {status}", logging.DEBUG) == 3
    assert _logged(caplog, "Reconnected to the Sportrix stream") == 1
    # The first connection was short-lived: its loss and the refusals all count.
    assert stream._attempt == 4


async def test_refused_first_handshake(simulator: Simulator, start_stream: StartStream) -> None:
    simulator.refuse_handshakes(503, count=1)

    with pytest.raises(SportrixConnectionError, match="HTTP 503"):
        await start_stream(SOCCER)


async def test_run_connects_by_itself_and_retries(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    simulator.refuse_handshakes(503, count=2)

    under_test = await start_stream(SOCCER, connect=False)
    await under_test.recorder.wait_until(lambda: len(under_test.recorder.snapshots) == 1)

    assert under_test.recorder.connection == [True]
    assert under_test.stream.reconnect_count == 0
    messages = [r.getMessage() for r in caplog.records if r.name == STREAM_LOGGER]
    refused = "Cannot connect to the Sportrix stream (the stream refused the handshake (HTTP 503))"
    assert messages.count(refused) == 2
    assert _logged(caplog, refused) == 1
    assert messages.count("Connected to the Sportrix stream") == 1
    assert "Sending subscribe for match 41282" in messages


async def test_refusals_leave_the_other_matches_running(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(CRICKET, NOT_STARTED, SOCCER, 999999, key=KEY_SOCCER)
    stream, recorder = under_test.stream, under_test.recorder

    await recorder.wait_until(lambda: len(recorder.refusals) == 3 and bool(stream.subscribed))

    assert sorted(recorder.refusals, key=lambda refusal: refusal.match_id) == [
        SubscriptionRefusal(NOT_STARTED, RefusalReason.NOT_LIVE, NOT_LIVE, 30.0),
        SubscriptionRefusal(CRICKET, RefusalReason.SPORT_NOT_ENABLED, SPORT_NOT_ENABLED, 600.0),
        SubscriptionRefusal(999999, RefusalReason.NOT_LIVE, NOT_LIVE, 30.0),
    ]
    assert stream.subscribed == {SOCCER}
    # Refused matches stay wanted: the stream asks again for them by itself.
    assert stream.wanted == {CRICKET, NOT_STARTED, SOCCER, 999999}
    assert {
        match_id: subscription.state for match_id, subscription in stream.subscriptions.items()
    } == {
        CRICKET: SubscriptionState.REFUSED,
        NOT_STARTED: SubscriptionState.REFUSED,
        SOCCER: SubscriptionState.SUBSCRIBED,
        999999: SubscriptionState.REFUSED,
    }
    await simulator.score_goal(SOCCER, "home")
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 2)

    # A reconnect asks only for what is not refused; the refused wait for their retry.
    await simulator.drop_connections()
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 3)
    assert _subscribes(simulator)[-1:] == [SOCCER]
    assert len(recorder.refusals) == 3


async def test_a_refused_match_is_followed_once_it_kicks_off(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(NOT_STARTED, SOCCER, not_live_retry_initial=0.05)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: len(recorder.refusals) >= 2)

    await simulator.kick_off(NOT_STARTED)

    await recorder.wait_until(lambda: stream.subscribed == {NOT_STARTED, SOCCER})
    assert stream.subscriptions[NOT_STARTED].refusal is None
    assert [refusal.retry_in for refusal in recorder.refusals[:2]] == [0.05, 0.1]
    assert {refusal.match_id for refusal in recorder.refusals} == {NOT_STARTED}


async def test_bad_frames_are_skipped(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=STREAM_LOGGER)
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    for _ in range(2):
        await simulator.push_raw("this is not JSON {")
        await simulator.push_raw(b"\x00\x01binary")
        await simulator.push_raw("[1, 2, 3]")
        await simulator.push_raw("null")
        await simulator.push_frame({"op": "goal_alert", "data": {"match_id": SOCCER}})
        await simulator.push_frame({"data": {"match_id": SOCCER}})
        await simulator.push_frame({"op": "update", "data": {"sport": "soccer", "status": "live"}})
        await simulator.push_frame({"op": "update", "data": "nope"})
        await simulator.push_frame({"op": "error", "error": "nothing was asked"})
    await simulator.score_goal(SOCCER, "home")

    await recorder.wait_until(lambda: len(recorder.snapshots) == 2)
    assert stream.connected
    assert recorder.connection == [True]
    warnings = [
        r.message
        for r in caplog.records
        if r.name == STREAM_LOGGER and r.levelno >= logging.WARNING
    ]
    assert len(warnings) == 6
    for kind in (
        "not JSON",
        "binary frame",
        "not a JSON object",
        "unknown op",
        "unparsable snapshot",
        "error frame with no subscribe waiting",
    ):
        assert sum(f"({kind})" in message for message in warnings) == 1, kind
    assert _logged(caplog, "Skipping a Sportrix frame", logging.DEBUG) == 12

    # Once per kind for the life of the stream, not per connection.
    await simulator.drop_connections()
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 3)
    await simulator.push_raw("still not JSON {")
    await simulator.score_goal(SOCCER, "away")
    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 4)
    assert _logged(caplog, "Skipping a Sportrix frame", logging.WARNING) == 6


async def test_skipped_frames_are_logged_as_short_excerpts(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    last_frame_at = stream.last_frame_at

    await simulator.push_raw("ab" * 1000)
    await simulator.push_raw(bytes(range(256)) * 10)
    await simulator.score_goal(SOCCER, "home")
    await recorder.wait_until(lambda: len(recorder.snapshots) == 2)

    messages = [r.getMessage() for r in caplog.records if r.name == STREAM_LOGGER]
    # The frame's beginning, cut to 200 characters, the last one an ellipsis.
    assert f"Skipping a Sportrix frame (not JSON): {repr('ab' * 100)[:199]}…" in messages
    assert f"Skipping a Sportrix frame (binary frame): {repr(bytes(range(200)))[:199]}…" in messages
    assert stream.last_frame_at is not None
    assert last_frame_at is not None
    assert stream.last_frame_at >= last_frame_at


async def test_a_frame_past_the_size_limit_costs_one_reconnect(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    await simulator.push_raw("x" * (16 << 20 | 1))

    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 2)
    assert recorder.connection == [True, False, True]
    assert "Lost the connection to the Sportrix stream (error: " in caplog.text


async def test_hostile_frames_are_skipped_without_a_reconnect(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    handshakes = simulator.handshake_count

    # Nesting deep enough to exhaust the JSON decoder's recursion, and absurdly long overs.
    await simulator.push_raw("[" * 200_000)
    overs = {"op": "update", "data": {**simulator.snapshot(CRICKET), "match_id": SOCCER}}
    overs["data"]["score"] = {"runs": 1, "wickets": 0, "overs": "9" * 5000}
    await simulator.push_frame(overs)
    await simulator.score_goal(SOCCER, "home")

    await recorder.wait_until(lambda: len(recorder.snapshots) == 3)
    assert recorder.connection == [True]
    assert simulator.handshake_count == handshakes


@pytest.mark.parametrize(
    "raw",
    [
        '{"op": ["update"], "data": {}}',
        '{"op": {"update": 1}, "data": {}}',
        '{"op": 7}',
        '{"op": null}',
        '{"op": "UPDATE", "data": {"match_id": 41282}}',
        '{"op": "update", "data": {"match_id": 1e400}}',
        '{"op": "update", "data": {"match_id": NaN}}',
        '{"op": "update", "data": {"match_id": Infinity, "sport": "soccer"}}',
        '{"op": "update", "data": {"match_id": 41282, "score": {"home": 1e999, "away": NaN}}}',
        '{"op": "update", "data": {"match_id": 41282, "ball": {"x": 1' + "0" * 400 + "}}}",
        '{"op": "update", "data": {"match_id": 1' + "0" * 5000 + "}}",
        '{"op": "error", "error": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"op": "error", "error": {"nested": [1, 2, {"deep": null}]}}',
        "{" * 100_000,
        '{"op": "update", "data": ' + "[" * 3000 + "]" * 3000 + "}",
        "\u0000\ufeff",
        "",
        "0",
        '"update"',
    ],
)
async def test_no_frame_content_hurts_the_connection(
    simulator: Simulator, start_stream: StartStream, raw: str
) -> None:
    under_test = await start_stream(SOCCER, CRICKET)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})

    await simulator.push_raw(raw)
    await simulator.take_wicket(CRICKET)
    await simulator.score_goal(SOCCER, "home")

    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) >= 2)
    assert len(recorder.of(CRICKET)) == 2
    assert recorder.connection == [True]
    assert simulator.handshake_count == 1
    assert stream.connected


async def test_frames_of_four_mebibytes(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    padding = "x" * (4 << 20)

    await simulator.push_raw(padding)
    await simulator.push_raw(padding.encode())
    await simulator.push_frame(
        {"op": "update", "data": {**simulator.snapshot(SOCCER), "padding": padding}}
    )
    await simulator.score_goal(SOCCER, "home")

    await recorder.wait_until(lambda: len(recorder.snapshots) == 3)
    assert recorder.snapshots[1].raw["padding"] == padding
    assert recorder.connection == [True]
    assert simulator.handshake_count == 1
    # The log carries a short excerpt, not megabytes.
    assert max(len(record.getMessage()) for record in caplog.records) < 1000


async def test_duplicates_and_frames_for_other_matches(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    recorder = under_test.recorder
    await recorder.wait_until(lambda: len(recorder.snapshots) == 1)
    frame = {"op": "update", "data": simulator.snapshot(SOCCER)}

    await simulator.push_frame({"op": "update", "data": simulator.snapshot(CRICKET)})
    await simulator.push_frame(frame)
    await simulator.push_frame(frame)

    await recorder.wait_until(lambda: len(recorder.snapshots) == 3)
    assert recorder.snapshots[1] == recorder.snapshots[2] == recorder.snapshots[0]
    assert recorder.of(CRICKET) == []


async def test_silent_server_is_detected(
    simulator: Simulator, start_stream: StartStream, caplog: pytest.LogCaptureFixture
) -> None:
    under_test = await start_stream(SOCCER, read_timeout=0.5)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    simulator.go_silent(True)
    await recorder.wait_until(lambda: recorder.connection == [True, False])
    assert "Lost the connection to the Sportrix stream (no frame or ping for 0.5 s)" in caplog.text
    simulator.go_silent(False)

    await recorder.wait_until(lambda: len(recorder.of(SOCCER)) == 2)
    assert recorder.connection[-1] is True
    assert stream.subscribed == {SOCCER}


async def test_pings_keep_a_quiet_connection_open(session: aiohttp.ClientSession) -> None:
    sim = Simulator(autoplay=False, ping_interval=0.05)
    await sim.start(host="127.0.0.1", port=0)
    changes: list[bool] = []
    stream = SportrixStream(
        KEY_FULL,
        session,
        sim.ws_url,
        on_snapshot=lambda snapshot: None,
        on_refusal=lambda refusal: None,
        on_connection_change=changes.append,
        read_timeout=0.3,
    )
    try:
        await stream.connect()
        task = asyncio.create_task(stream.run())
        # Nothing is subscribed, so only pings arrive; a lost connection would end this wait.
        with pytest.raises(TimeoutError):
            await sim.wait_for(lambda: sim.connection_count != 1, timeout=1.0)
        assert changes == [True]
        assert stream.connected
        assert sim.handshake_count == 1
    finally:
        await stream.close()
        await sim.stop()
    await task


async def test_unsubscribe_stops_frames(simulator: Simulator, start_stream: StartStream) -> None:
    under_test = await start_stream(SOCCER, CRICKET)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})

    stream.unsubscribe(SOCCER)
    await simulator.wait_for(lambda: simulator.subscriber_count(SOCCER) == 0)
    assert stream.wanted == {CRICKET}
    assert stream.subscribed == {CRICKET}

    await simulator.score_goal(SOCCER, "home")
    await simulator.take_wicket(CRICKET)
    # Frames of one connection arrive in order: the wicket comes after any goal frame would.
    await recorder.wait_until(lambda: len(recorder.of(CRICKET)) == 2)
    assert len(recorder.of(SOCCER)) == 1

    # Unsubscribing what is not subscribed sends nothing.
    stream.unsubscribe(FINISHED)
    await simulator.drop_connections()
    await recorder.wait_until(lambda: len(recorder.of(CRICKET)) == 3)
    assert [m for m in simulator.control_messages if m["match_id"] == FINISHED] == []
    assert _subscribes(simulator) == [SOCCER, CRICKET, CRICKET]


async def test_subscribe_while_disconnected(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    simulator.refuse_handshakes(503)

    await simulator.drop_connections()
    await recorder.wait_until(lambda: recorder.connection == [True, False])
    stream.subscribe(CRICKET)
    stream.unsubscribe(SOCCER)
    stream.subscribe(FINISHED)
    assert not stream.connected
    assert stream.wanted == {CRICKET, FINISHED}
    simulator.accept_handshakes()

    await recorder.wait_until(lambda: len(recorder.refusals) == 1 and bool(stream.subscribed))
    assert stream.subscribed == {CRICKET}
    assert recorder.refusals[0].match_id == FINISHED
    assert _subscribes(simulator) == [SOCCER, CRICKET, FINISHED]


async def test_subscribe_before_connect_and_while_connected(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(connect=False, run=False)
    stream, recorder = under_test.stream, under_test.recorder
    stream.subscribe(SOCCER)
    stream.subscribe(SOCCER)
    assert stream.wanted == {SOCCER}

    await stream.connect()
    await stream.connect()
    await under_test.run()
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})
    stream.subscribe(CRICKET)
    stream.subscribe(SOCCER)
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})

    assert _subscribes(simulator) == [SOCCER, CRICKET]
    assert simulator.handshake_count == 1


@pytest.mark.parametrize("match_id", [0, -1, True, 1.5, "41282"])
async def test_subscribe_rejects_invalid_ids(start_stream: StartStream, match_id: object) -> None:
    under_test = await start_stream(connect=False, run=False)

    with pytest.raises(ValueError, match="positive integer"):
        under_test.stream.subscribe(match_id)  # type: ignore[arg-type]


async def test_close_during_backoff(simulator: Simulator, start_stream: StartStream) -> None:
    under_test = await start_stream(
        SOCCER, backoff_initial=600.0, backoff_max=600.0, random=lambda: 1.0
    )
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    await simulator.drop_connections()
    await recorder.wait_until(lambda: recorder.connection == [True, False])
    async with asyncio.timeout(2):
        await stream.close()
        assert under_test.task is not None
        await under_test.task

    assert not stream.connected
    assert recorder.connection == [True, False]
    with pytest.raises(SportrixError, match=r"^the stream is closed$"):
        await stream.connect()


async def test_close_while_never_connected(simulator: Simulator, start_stream: StartStream) -> None:
    simulator.refuse_handshakes(503)
    under_test = await start_stream(
        SOCCER, connect=False, backoff_initial=600.0, backoff_max=600.0, random=lambda: 1.0
    )
    await simulator.wait_for(lambda: not under_test.stream.connected)

    async with asyncio.timeout(2):
        await under_test.stream.close()
        assert under_test.task is not None
        await under_test.task
    assert under_test.recorder.connection == []


async def test_close_while_connected(simulator: Simulator, start_stream: StartStream) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    await stream.close()

    assert under_test.task is not None
    assert under_test.task.done()
    await simulator.wait_for(lambda: simulator.connection_count == 0)
    # A deliberate close is not reported as a lost connection.
    assert recorder.connection == [True]
    assert stream.subscribed == frozenset()
    assert stream.wanted == {SOCCER}


async def test_close_without_run(simulator: Simulator, start_stream: StartStream) -> None:
    under_test = await start_stream(SOCCER, run=False)
    assert simulator.connection_count == 1

    await under_test.stream.close()

    await simulator.wait_for(lambda: simulator.connection_count == 0)


async def test_run_twice_is_refused(start_stream: StartStream) -> None:
    under_test = await start_stream(SOCCER)
    await under_test.recorder.wait_until(lambda: under_test.stream.subscribed == {SOCCER})

    with pytest.raises(RuntimeError, match=r"^SportrixStream\.run\(\) is already running$"):
        await under_test.stream.run()

    # Once it has stopped, run() may be called again; after close() it returns at once.
    await under_test.stream.close()
    assert under_test.task is not None
    await under_test.task
    async with asyncio.timeout(1):
        await under_test.stream.run()


async def test_callback_errors_do_not_stop_the_stream(
    simulator: Simulator, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[int] = []
    arrived = asyncio.Event()

    def on_snapshot(snapshot: object) -> None:
        seen.append(len(seen))
        arrived.set()
        if len(seen) == 1:
            raise RuntimeError("owner bug")

    stream = SportrixStream(
        KEY_FULL,
        session,
        simulator.ws_url,
        on_snapshot=on_snapshot,
        on_refusal=lambda refusal: None,
        on_connection_change=lambda connected: None,
    )
    stream.subscribe(SOCCER)
    await stream.connect()
    task = asyncio.create_task(stream.run())
    try:
        await simulator.wait_for(lambda: simulator.subscriber_count(SOCCER) == 1)
        async with asyncio.timeout(5):
            await arrived.wait()
        arrived.clear()
        await simulator.score_goal(SOCCER, "home")
        async with asyncio.timeout(5):
            await arrived.wait()
    finally:
        await stream.close()
        await task

    assert seen == [0, 1]
    (failure,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failure.getMessage() == "Error in a Sportrix stream callback"
    assert failure.exc_info is not None


async def test_names_in_frames_are_normalised(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER, CRICKET)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER, CRICKET})

    await simulator.update(
        SOCCER,
        {"home": " Vancouver Whitecaps II\t", "away": "The Town\u00a0", "competition": " MLS "},
    )
    innings = {"innings": 1, "batting": "\tIndia", "runs": 1, "wickets": 0, "overs": 0.1}
    await simulator.update(
        CRICKET,
        {
            "batting": " India ",
            "bowling": "Australia\n",
            "home": "Indi\u0061\u0301 ",
            "scorecard": [innings],
        },
    )
    await recorder.wait_until(lambda: len(recorder.snapshots) == 4)

    soccer, cricket = recorder.of(SOCCER)[-1], recorder.of(CRICKET)[-1]
    assert isinstance(soccer, SoccerSnapshot)
    assert (soccer.home, soccer.away, soccer.competition) == (
        "Vancouver Whitecaps II",
        "The Town",
        "MLS",
    )
    assert isinstance(cricket, CricketSnapshot)
    assert (cricket.batting, cricket.bowling, cricket.home) == ("India", "Australia", "Indiá")
    assert cricket.scorecard[0].batting == "India"


async def test_frame_times_out_of_range_are_none(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    data = simulator.snapshot(SOCCER) | {"updated_at": "0001-01-01T00:00:00Z"}
    await simulator.push_frame({"op": "update", "data": data}, SOCCER)
    await recorder.wait_until(lambda: len(recorder.snapshots) == 2)

    first, placeholder = recorder.of(SOCCER)
    assert isinstance(first, SoccerSnapshot)
    assert isinstance(placeholder, SoccerSnapshot)
    assert first.updated_at is not None
    assert placeholder.updated_at is None


async def test_long_frame_text_is_kept_whole(
    simulator: Simulator, start_stream: StartStream
) -> None:
    under_test = await start_stream(SOCCER)
    stream, recorder = under_test.stream, under_test.recorder
    await recorder.wait_until(lambda: stream.subscribed == {SOCCER})

    label = "Dangerous attack down the left " * 20
    await simulator.update(SOCCER, {"phase": {"label": label}})
    await recorder.wait_until(lambda: len(recorder.snapshots) == 2)

    snapshot = recorder.of(SOCCER)[-1]
    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.phase is not None
    assert snapshot.phase.label == label
