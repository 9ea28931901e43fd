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
