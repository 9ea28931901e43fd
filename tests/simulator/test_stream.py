"""Stream behaviour: subscriptions, snapshots, updates, error frames and many clients."""

import asyncio
import json

import aiohttp
import pytest

from sportrix_simulator import KEY_FULL, KEY_SOCCER, NOT_LIVE, SPORT_NOT_ENABLED, Simulator

from .conftest import connect, receive, subscribe


async def test_subscribe_snapshot_update_unsubscribe(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    frame = await subscribe(ws, 41282)
    assert frame == {"op": "snapshot", "data": sim.snapshot(41282)}
    assert sim.subscriber_count(41282) == 1

    stepped = await sim.step(41282)
    assert await receive(ws) == {"op": "update", "data": stepped}

    goal = await sim.score_goal(41282, "away")
    update = await receive(ws)
    assert update["op"] == "update"
    assert update["data"] == goal
    assert goal["score"] == {"home": 0, "away": 1}

    await ws.send_json({"action": "unsubscribe", "match_id": 41282})
    await sim.wait_for(lambda: sim.subscriber_count(41282) == 0)
    await sim.score_goal(41282, "home")
    # Nothing more arrives for the match: the next frame is one pushed to everybody.
    await sim.push_frame({"op": "marker"})
    assert await receive(ws) == {"op": "marker"}
    assert sim.control_messages == [
        {"action": "subscribe", "match_id": 41282},
        {"action": "unsubscribe", "match_id": 41282},
    ]
    await ws.close()


async def test_snapshot_carries_every_documented_soccer_field(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    data = (await subscribe(ws, 41282))["data"]
    assert isinstance(data, dict)
    assert list(data) == [
        "v", "match_id", "provider", "sport", "competition", "home", "away", "status", "clock",
        "score", "phase", "stats", "events", "ball", "updated_at",
    ]  # fmt: skip
    assert data["provider"] == {"stat_id": "151350409062M1_1"}
    assert data["clock"] == {"minute": 0, "second": 0, "period": "1H", "running": True, "added": 0}
    assert set(data["stats"]) == {
        "shots_on_target", "shots_off_target", "attacks", "dangerous_attacks", "possession",
        "corners", "yellow_cards", "red_cards",
    }  # fmt: skip
    assert data["events"] is None
    assert set(data["phase"]) == {"vc", "code", "team", "label"}
    assert str(data["updated_at"]).endswith("Z")
    await ws.close()


async def test_cricket_snapshot_shape(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    data = (await subscribe(ws, 50001))["data"]
    assert isinstance(data, dict)
    assert list(data) == [
        "v", "match_id", "sport", "competition", "home", "away", "status", "innings", "batting",
        "bowling", "score", "target", "batsmen", "bowler", "current_over", "last_event",
        "scorecard", "updated_at",
    ]  # fmt: skip
    assert data["competition"] == "ICC Men's T20 Series"
    assert data["score"] == {"runs": 1, "wickets": 0, "overs": 0.1}
    assert isinstance(data["score"]["overs"], float)
    await ws.close()


async def test_many_matches_on_one_connection(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    assert (await subscribe(ws, 50001))["op"] == "snapshot"
    await sim.step(50001)
    await sim.step(41282)
    first, second = await receive(ws), await receive(ws)
    assert [first["data"]["match_id"], second["data"]["match_id"]] == [50001, 41282]  # type: ignore[index]
    await ws.close()


async def test_many_clients_get_every_update(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    clients = [await connect(session, sim) for _ in range(5)]
    for ws in clients:
        await subscribe(ws, 41282)
    assert sim.subscriber_count(41282) == 5
    goal = await sim.score_goal(41282, "home")
    for ws in clients:
        assert await receive(ws) == {"op": "update", "data": goal}
    for ws in clients:
        await ws.close()
    await sim.wait_for(lambda: sim.connection_count == 0 and sim.subscriber_count(41282) == 0)


async def test_duplicate_subscribe_answers_fresh_snapshot(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)
    await sim.score_goal(41282, "home")
    await receive(ws)
    again = await subscribe(ws, 41282)
    assert again == {"op": "snapshot", "data": sim.snapshot(41282)}
    assert sim.subscriber_count(41282) == 1
    await ws.close()


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("not json", "invalid control message: not JSON"),
        ("[1, 2]", "invalid control message: expected a JSON object"),
        ('{"match_id": 41282}', "invalid control message: missing action"),
        ('{"action": "ping", "match_id": 41282}', "invalid control message: unknown action 'ping'"),
        ('{"action": "subscribe"}', "invalid control message: match_id must be a positive integer"),
        (
            '{"action": "subscribe", "match_id": "41282"}',
            "invalid control message: match_id must be a positive integer",
        ),
        (
            '{"action": "subscribe", "match_id": 0}',
            "invalid control message: match_id must be a positive integer",
        ),
        (
            '{"action": "unsubscribe", "match_id": true}',
            "invalid control message: match_id must be a positive integer",
        ),
    ],
)
async def test_bad_control_messages(
    sim: Simulator, session: aiohttp.ClientSession, message: str, reason: str
) -> None:
    ws = await connect(session, sim)
    await ws.send_str(message)
    assert await receive(ws) == {"op": "error", "error": reason}
    # The connection survives a bad message.
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    await ws.close()


async def test_binary_control_message(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await ws.send_bytes(json.dumps({"action": "subscribe", "match_id": 41282}).encode())
    assert await receive(ws) == {"op": "error", "error": "invalid control message: binary frame"}
    await ws.close()


@pytest.mark.parametrize(
    ("key", "match_id", "reason"),
    [
        (KEY_FULL, 99999, NOT_LIVE),
        (KEY_FULL, 41301, NOT_LIVE),
        (KEY_FULL, 41250, NOT_LIVE),
        (KEY_SOCCER, 50001, SPORT_NOT_ENABLED),
    ],
    ids=["unknown", "not_started", "finished", "sport_not_enabled"],
)
async def test_refused_subscriptions(
    sim: Simulator, session: aiohttp.ClientSession, key: str, match_id: int, reason: str
) -> None:
    ws = await connect(session, sim, key)
    assert await subscribe(ws, match_id) == {"op": "error", "error": reason}
    assert sim.subscriber_count(match_id) == 0
    await ws.close()


async def test_kick_off_makes_a_match_subscribable(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41301))["op"] == "error"
    await sim.kick_off(41301)
    frame = await subscribe(ws, 41301)
    assert frame["op"] == "snapshot"
    assert frame["data"]["status"] == "live"  # type: ignore[index]
    await ws.close()


async def test_finish_sends_final_update(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)
    final = await sim.finish(41282)
    assert await receive(ws) == {"op": "update", "data": final}
    assert final["status"] == "ft"
    assert final["clock"]["period"] == "FT"
    assert final["clock"]["running"] is False
    assert await subscribe(ws, 41282) == {"op": "error", "error": NOT_LIVE}
    await ws.close()


async def test_unsubscribe_of_unknown_match_is_ignored(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    await ws.send_json({"action": "unsubscribe", "match_id": 12345})
    await sim.wait_for(lambda: len(sim.control_messages) == 1)
    await sim.push_frame({"op": "marker"})
    assert await receive(ws) == {"op": "marker"}
    await ws.close()


async def test_protocol_pings(socket_enabled: None) -> None:
    sim = Simulator(ping_interval=0.05)
    await sim.start()
    try:
        async with aiohttp.ClientSession() as session:
            ws = await connect(session, sim)
            for _ in range(2):
                message = await ws.receive(timeout=5)
                assert message.type is aiohttp.WSMsgType.PING
            await ws.close()
    finally:
        await sim.stop()


async def test_server_answers_client_pings(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await ws.ping(b"hello")
    message = await ws.receive(timeout=5)
    assert message.type is aiohttp.WSMsgType.PONG
    assert message.data == b"hello"
    await ws.close()


async def test_stop_closes_connections(socket_enabled: None) -> None:
    sim = Simulator()
    await sim.start()
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(sim.ws_url, headers={"X-API-Key": KEY_FULL})
        stopping = asyncio.create_task(sim.stop())
        message = await ws.receive(timeout=5)
        assert message.type is aiohttp.WSMsgType.CLOSE
        assert message.data == aiohttp.WSCloseCode.GOING_AWAY
        await stopping
        assert ws.closed
