"""Fault injection: pushed frames, dropped connections and a silent server."""

import asyncio

import aiohttp
import pytest

from sportrix_simulator import Simulator

from .conftest import connect, receive, subscribe


async def test_push_frame_to_everyone_or_to_subscribers(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    follower = await connect(session, sim)
    bystander = await connect(session, sim)
    await subscribe(follower, 41282)
    await sim.push_frame({"op": "surprise", "data": {"match_id": 41282}}, match_id=41282)
    await sim.push_frame({"op": "everyone"})
    assert await receive(follower) == {"op": "surprise", "data": {"match_id": 41282}}
    assert await receive(follower) == {"op": "everyone"}
    assert await receive(bystander) == {"op": "everyone"}
    await follower.close()
    await bystander.close()


async def test_push_raw_text_and_binary(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await sim.push_raw("{not json")
    await sim.push_raw(b"\x00\x01binary")
    text = await ws.receive(timeout=5)
    assert (text.type, text.data) == (aiohttp.WSMsgType.TEXT, "{not json")
    binary = await ws.receive(timeout=5)
    assert (binary.type, binary.data) == (aiohttp.WSMsgType.BINARY, b"\x00\x01binary")
    await ws.close()


async def test_drop_connections_cuts_without_close_frame(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    first = await connect(session, sim)
    second = await connect(session, sim)
    await subscribe(first, 41282)
    await sim.drop_connections()
    assert sim.connection_count == 0
    assert sim.subscriber_count(41282) == 0
    for ws in (first, second):
        message = await ws.receive(timeout=5)
        # An abrupt end: the socket closes without a close frame from the server.
        assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
        assert ws.close_code != aiohttp.WSCloseCode.GOING_AWAY
    # Clients can reconnect and resubscribe afterwards.
    again = await connect(session, sim)
    assert (await subscribe(again, 41282))["op"] == "snapshot"
    assert sim.handshake_count == 3
    await again.close()


async def test_silent_sends_nothing_but_keeps_sockets(socket_enabled: None) -> None:
    sim = Simulator(ping_interval=0.05)
    await sim.start()
    try:
        async with aiohttp.ClientSession() as session:
            ws = await connect(session, sim)
            await subscribe(ws, 41282)
            sim.go_silent(True)
            assert sim.silent
            # Several ping intervals pass, an update and a client ping: nothing comes back.
            await sim.score_goal(41282, "home")
            await ws.ping(b"anyone?")
            with pytest.raises(asyncio.TimeoutError):
                await ws.receive(timeout=0.3)
            assert sim.connection_count == 1
            assert not ws.closed
            sim.go_silent(False)
            goal = await sim.score_goal(41282, "away")
            while (message := await ws.receive(timeout=5)).type is not aiohttp.WSMsgType.TEXT:
                assert message.type is aiohttp.WSMsgType.PING
            assert message.json() == {"op": "update", "data": goal}
            await ws.close()
    finally:
        await sim.stop()


async def test_silent_drops_answers_to_control_messages(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    sim.go_silent(True)
    await ws.send_json({"action": "subscribe", "match_id": 41282})
    await sim.wait_for(lambda: sim.subscriber_count(41282) == 1)
    sim.go_silent(False)
    # The snapshot was swallowed while silent; the next frame is the next update.
    goal = await sim.score_goal(41282, "home")
    assert await receive(ws) == {"op": "update", "data": goal}
    await ws.close()


async def test_latency_delays_every_frame_in_order(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    sim.set_latency(0.1)
    loop = asyncio.get_running_loop()
    sent = loop.time()
    snapshot = await subscribe(ws, 41282)
    # Waiting at least the latency is a lower bound, not a speed: it cannot be flaky.
    assert loop.time() - sent >= 0.1
    assert snapshot["op"] == "snapshot"
    sent = loop.time()
    goals = [await sim.score_goal(41282, team) for team in ("home", "away", "home")]
    assert [(await receive(ws))["data"] for _ in goals] == goals
    assert loop.time() - sent >= 0.1
    sim.set_latency(0)
    assert sim.latency == 0
    with pytest.raises(ValueError, match="latency"):
        sim.set_latency(-1)
    await ws.close()


async def test_close_after_handshake_for_a_count(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    sim.close_after_handshake(2)
    for _ in range(2):
        ws = await connect(session, sim)
        message = await ws.receive(timeout=5)
        assert message.type is aiohttp.WSMsgType.CLOSE
        assert message.data == aiohttp.WSCloseCode.POLICY_VIOLATION
        assert message.extra == "too many connections for this key"
        await ws.close()
    kept = await connect(session, sim)
    assert (await subscribe(kept, 41282))["op"] == "snapshot"
    assert (sim.handshake_count, sim.closed_at_once_count, sim.connection_count) == (3, 2, 1)
    assert [h.closed_at_once for h in sim.handshake_log] == [True, True, False]
    assert {h.status for h in sim.handshake_log} == {101}
    await kept.close()


async def test_close_after_handshake_until_told(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    sim.close_after_handshake()
    for _ in range(3):
        ws = await connect(session, sim)
        assert (await ws.receive(timeout=5)).type is aiohttp.WSMsgType.CLOSE
        await ws.close()
    sim.keep_connections()
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    assert sim.closed_at_once_count == 3
    with pytest.raises(ValueError, match="count"):
        sim.close_after_handshake(0)
    await ws.close()


async def test_ignored_subscribe_gets_no_answer(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    sim.ignore_subscribes([41282])
    await ws.send_json({"action": "subscribe", "match_id": 41282})
    assert (await subscribe(ws, 50001))["op"] == "snapshot"
    # Nothing for 41282 came before the marker, and its updates are not sent either.
    await sim.score_goal(41282, "home")
    await sim.push_frame({"op": "marker"})
    assert await receive(ws) == {"op": "marker"}
    assert sim.subscriber_count(41282) == 0
    sim.answer_subscribes([41282])
    frame = await subscribe(ws, 41282)
    assert frame["op"] == "snapshot"
    assert frame["data"]["score"] == {"home": 1, "away": 0}  # type: ignore[index]
    await ws.close()


async def test_refused_subscribe_among_many(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    sim.refuse_subscribes([50001], "internal error")
    for match_id in (41282, 50001, 41250):
        await ws.send_json({"action": "subscribe", "match_id": match_id})
    answers = [await receive(ws) for _ in range(3)]
    assert [a["op"] for a in answers] == ["snapshot", "error", "error"]
    assert answers[1:] == [
        {"op": "error", "error": "internal error"},
        {"op": "error", "error": "match not live or not found"},
    ]
    assert (sim.subscriber_count(41282), sim.subscriber_count(50001)) == (1, 0)
    # Ignoring replaces a refusal and answering clears every fault.
    sim.ignore_subscribes([50001])
    sim.answer_subscribes()
    assert (await subscribe(ws, 50001))["op"] == "snapshot"
    with pytest.raises(ValueError, match="error"):
        sim.refuse_subscribes([50001], "")
    with pytest.raises(ValueError, match="match_ids"):
        sim.ignore_subscribes([0])
    await ws.close()


@pytest.mark.parametrize(("status", "retry_after"), [(429, 7), (503, None), (503, 0)])
async def test_refused_handshake_carries_retry_after(
    sim: Simulator, session: aiohttp.ClientSession, status: int, retry_after: int | None
) -> None:
    sim.refuse_handshakes(status, count=1, retry_after=retry_after)
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await connect(session, sim)
    assert err.value.status == status
    assert err.value.headers is not None
    expected = None if retry_after is None else str(retry_after)
    assert err.value.headers.get("Retry-After") == expected
    ws = await connect(session, sim)
    assert [h.status for h in sim.handshake_log] == [status, 101]
    assert sim.refused_count == 1
    await ws.close()


async def test_handshake_log_records_unauthorized_keys(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await connect(session, sim, "sk_unknown")
    assert [h.status for h in sim.handshake_log] == [401]
    assert sim.handshake_log[0].at <= asyncio.get_running_loop().time()


async def test_half_open_silences_old_sockets_only(socket_enabled: None) -> None:
    sim = Simulator(ping_interval=0.05)
    await sim.start()
    try:
        async with aiohttp.ClientSession() as session:
            old = await connect(session, sim)
            await subscribe(old, 41282)
            assert sim.half_open() == 1
            # A half-open socket's subscriptions deliver nothing, so they do not count.
            assert sim.subscriber_count(41282) == 0
            fresh = await connect(session, sim)
            assert (await subscribe(fresh, 41282))["op"] == "snapshot"
            goal = await sim.score_goal(41282, "home")
            assert await receive(fresh) == {"op": "update", "data": goal}
            assert sim.subscriber_count(41282) == 1
            # Pings reach the fresh socket, while the old one hears nothing at all.
            await old.ping(b"anyone?")
            with pytest.raises(asyncio.TimeoutError):
                await old.receive(timeout=0.3)
            assert sim.connection_count == 2
            await old.close()
            await fresh.close()
    finally:
        await sim.stop()


async def test_kill_cuts_sockets_and_start_brings_the_server_back(socket_enabled: None) -> None:
    sim = Simulator()
    await sim.start()
    port = sim.port
    try:
        async with aiohttp.ClientSession() as session:
            ws = await connect(session, sim)
            await subscribe(ws, 41282)
            await sim.kill()
            message = await ws.receive(timeout=5)
            assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
            assert ws.close_code != aiohttp.WSCloseCode.GOING_AWAY
            with pytest.raises(aiohttp.ClientConnectorError):
                await connect(session, sim)
            # Matches go on while the server is down, and it comes back where it was.
            await sim.score_goal(41282, "away")
            await sim.start(port=port)
            again = await connect(session, sim)
            frame = await subscribe(again, 41282)
            assert frame["data"]["score"] == {"home": 0, "away": 1}  # type: ignore[index]
            await again.close()
    finally:
        await sim.stop()
