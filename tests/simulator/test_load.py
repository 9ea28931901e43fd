"""The sustained load for benchmarks: frames at a rate over synthetic matches, goals logged."""

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from sportrix_simulator import FIRST_SYNTHETIC_ID, Simulator

from .conftest import connect, receive, subscribe

MATCHES = [FIRST_SYNTHETIC_ID + n for n in range(3)]


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """Run a simulator with three synthetic live matches and no demo matches."""
    simulator = Simulator(synthetic=len(MATCHES), matches=[])
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


async def post(
    session: aiohttp.ClientSession, sim: Simulator, path: str, body: Any = None
) -> tuple[int, Any]:
    """POST a JSON body to a control path and return the status and the JSON answer."""
    async with session.post(f"{sim.base_url}/_simulator/{path}", json=body) as response:
        return response.status, await response.json()


async def finished(session: aiohttp.ClientSession, sim: Simulator) -> dict[str, Any]:
    """Wait for the load to end and return its status as GET /_simulator/load answers it."""
    await sim.wait_for(lambda: not sim.load_status()["running"])
    async with session.get(f"{sim.base_url}/_simulator/load") as response:
        assert response.status == 200
        status: dict[str, Any] = await response.json()
    return status


async def test_load_sends_seconds_of_play_and_goals(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    before = {m: (await subscribe(ws, m))["data"] for m in MATCHES}

    status, started = await post(
        session, sim, "load", {"matches": 3, "rate": 5000, "frames": 30, "goal_every": 10}
    )
    assert status == 200
    assert started["running"] is True
    frames = [await receive(ws) for _ in range(30)]
    done = await finished(session, sim)

    assert done["sent"] == 30
    assert done["queued"] == 0
    # Frames go round the matches in turn; each is a second of play or, every tenth, a goal.
    assert [f["data"]["match_id"] for f in frames] == MATCHES * 10
    goals = [f["data"] for n, f in enumerate(frames) if n % 10 == 9]
    assert [g["match_id"] for g in goals] == [done["committed"][n]["match_id"] for n in range(3)]
    assert [c["kind"] for c in done["committed"]] == ["goal"] * 3
    assert [c["score"] for c in done["committed"]] == ["0-1", "1-0", "0-1"]
    assert all(isinstance(c["at"], float) for c in done["committed"])
    for n, frame in enumerate(frames):
        data = frame["data"]
        if n % 10 != 9:
            clock = data["clock"]
            played = clock["minute"] * 60 + clock["second"]
            old = before[data["match_id"]]["clock"]
            assert played == old["minute"] * 60 + old["second"] + 1
        before[data["match_id"]] = data
    await ws.close()


async def test_scripted_goal_and_disallowed_goal(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, MATCHES[1])
    events = [
        {"at": 0.0, "match_id": MATCHES[1], "kind": "goal", "team": "home"},
        {"at": 0.01, "match_id": MATCHES[1], "kind": "cancel", "team": "home"},
        # Nothing to take back: skipped, not an error.
        {"at": 0.02, "match_id": MATCHES[1], "kind": "cancel", "team": "away"},
    ]
    status, _ = await post(session, sim, "load", {"match_ids": [MATCHES[1]], "events": events})
    assert status == 200
    scored, disallowed = await receive(ws), await receive(ws)
    done = await finished(session, sim)

    assert scored["data"]["score"] == {"home": 1, "away": 0}
    assert disallowed["data"]["score"] == {"home": 0, "away": 0}
    assert [(c["kind"], c["score"]) for c in done["committed"]] == [
        ("goal", "1-0"),
        ("cancel", "0-0"),
    ]
    assert done["committed"][0]["at"] <= done["committed"][1]["at"]
    assert done["error"] is None
    await ws.close()


async def test_every_eightieth_second_of_a_match_is_an_incident(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    kick_off = (await subscribe(ws, MATCHES[0]))["data"]
    await post(session, sim, "load", {"match_ids": [MATCHES[0]], "rate": 10000, "frames": 80})
    frames = [(await receive(ws))["data"] for _ in range(80)]
    await finished(session, sim)

    # The clock starts at 0:00, so the 80th second is the first incident: attacks and phase.
    assert frames[-1]["clock"]["minute"] == 1
    assert frames[-1]["clock"]["second"] == 20
    assert frames[-1]["stats"]["attacks"] != kick_off["stats"]["attacks"]
    assert frames[-1]["phase"]["code"] == "1001"
    assert all(f["stats"] == kick_off["stats"] for f in frames[:-1])
    await ws.close()


async def test_a_load_that_fails_says_why(sim: Simulator, session: aiohttp.ClientSession) -> None:
    await sim.update(MATCHES[2], {"clock": "broken"})
    await post(session, sim, "load", {"match_ids": [MATCHES[2]], "rate": 1000, "frames": 10})
    done = await finished(session, sim)
    assert done["error"] is not None
    assert done["error"].startswith("AttributeError")
    assert done["sent"] == 0


async def test_only_soccer_matches_take_a_load(socket_enabled: None) -> None:
    sim = Simulator(matches=[50001])
    await sim.start()
    try:
        with pytest.raises(ValueError, match="not a soccer match"):
            sim.start_load({"match_ids": [50001], "rate": 10, "frames": 1})
    finally:
        await sim.stop()


async def test_stop_ends_a_load(sim: Simulator, session: aiohttp.ClientSession) -> None:
    await post(session, sim, "load", {"matches": 1, "rate": 10, "frames": 1000, "seconds": 100})
    status, stopped = await post(session, sim, "load/stop")
    assert status == 200
    assert stopped["running"] is False
    assert stopped["sent"] < 1000


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"matches": 0}, 400),
        ({"match_ids": []}, 400),
        ({"matches": 1, "goal_every": -1}, 400),
        ({"matches": 1, "events": "goals"}, 400),
        ({"matches": 1, "events": [5]}, 400),
        ({"matches": 1, "events": [{"match_id": "one"}]}, 400),
        ({"match_ids": "900001"}, 400),
        ({"match_ids": [1]}, 404),
        ({"matches": 1, "seconds": 0}, 400),
        ({"matches": 1, "seconds": 601}, 400),
        ({"matches": 1, "rate": -1}, 400),
        ({"matches": 1, "frames": "many"}, 400),
        ({"matches": 1, "events": [{"match_id": MATCHES[0], "kind": "own goal"}]}, 400),
        ({"matches": 1, "events": [{"match_id": MATCHES[0], "team": "visitors"}]}, 400),
    ],
)
async def test_bad_plans_are_refused(
    sim: Simulator, session: aiohttp.ClientSession, body: dict[str, Any], status: int
) -> None:
    assert (await post(session, sim, "load", body))[0] == status
    assert sim.load_status()["running"] is False
