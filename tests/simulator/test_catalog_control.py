"""Catalog control: kick-off times, postponed matches and matches added at run time."""

from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from sportrix_simulator import KEY_FULL, Simulator
from sportrix_simulator.timefmt import iso_z, parse_iso, utc_now

from .conftest import Factory, connect, subscribe
from .test_control_http import post
from .test_demo_story import assert_coherent_cricket, assert_coherent_soccer, walk_to_end
from .test_rest import get


async def ids_of(session: aiohttp.ClientSession, sim: Simulator, path: str, **params: Any) -> Any:
    """Return the match ids of a catalog answer, an envelope or a plain array."""
    _, body = await get(session, sim, path, **params)
    return [match["id"] for match in (body["items"] if isinstance(body, dict) else body)]


# The demo match that kicks off three minutes after the start ---------------------------


async def test_demo_match_41320_is_announced_three_minutes_ahead(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    status, match = await get(session, sim, "/matches/41320")
    assert (status, match["home_team"], match["away_team"], match["status"]) == (
        200,
        "Tacoma Defiance",
        "Ventura County FC",
        "NOT_STARTED",
    )
    assert parse_iso(match["start_time"]) == sim.started_at + timedelta(seconds=180)
    _, teams = await get(session, sim, "/teams", league=101)
    assert {"Tacoma Defiance", "Ventura County FC"} <= {team["name"] for team in teams["items"]}


async def test_demo_match_41320_story(sim: Simulator) -> None:
    snapshots = await walk_to_end(sim, 41320)
    kick_off = snapshots[0]
    assert (kick_off["status"], kick_off["phase"]["label"]) == ("live", "Kick-off")
    for snap in snapshots:
        assert_coherent_soccer(snap)
    goals = [event for event in snapshots[-1]["events"] if event["type"] == "goal"]
    assert [(goal["team"], goal["score"]) for goal in goals] == [("home", "1-0"), ("away", "1-1")]
    assert all(int(goal["minute"]) <= 5 for goal in goals)
    assert snapshots[-1]["status"] == "ft"
    assert sim.catalog_status(41320) == "FINISHED"


async def test_demo_match_41320_kicks_off_on_its_own_at_its_start_time(
    playing: Factory,
) -> None:
    async with playing(speed=50000, matches=[41320, 41301]) as sim:
        assert sim.snapshot(41320)["status"] == "not_started"
        # The start time comes (here: is brought forward to now) and the match plays.
        sim.schedule(41320, utc_now())
        await sim.wait_for(lambda: sim.snapshot(41320)["status"] == "ft", timeout=20)
        assert sim.snapshot(41320)["score"] == {"home": 1, "away": 1}
        # A kick-off time yet to come keeps a match waiting.
        assert sim.snapshot(41301)["status"] == "not_started"


async def test_a_kick_off_time_reached_while_waiting_plays_the_match(playing: Factory) -> None:
    async with playing(speed=50000, matches=[41301]) as sim:
        sim.schedule(41301, utc_now() + timedelta(seconds=0.2))
        await sim.wait_for(lambda: sim.catalog_status(41301) == "STARTED", timeout=10)
        # 41301's script starts at 2:10: the kick-off itself comes first, from 0:00.
        await sim.wait_for(lambda: sim.snapshot(41301)["status"] == "ft", timeout=20)
        assert sim.snapshot(41301)["score"] == {"home": 2, "away": 1}


# Schedule ------------------------------------------------------------------------------


async def test_schedule_moves_the_start_time(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    status, answer = await post(
        session, sim, "matches/41301/schedule", {"start_time": "2030-01-02T03:04:05Z"}
    )
    assert (status, answer["start_time"], answer["postponed"]) == (
        200,
        "2030-01-02T03:04:05Z",
        False,
    )
    _, match = await get(session, sim, "/matches/41301")
    assert match["start_time"] == "2030-01-02T03:04:05Z"
    after = await ids_of(session, sim, "/matches", league=102, start_after="2030-01-02T03:04:05Z")
    assert after == [41301]

    before = utc_now().replace(microsecond=0)
    _, answer = await post(session, sim, "matches/41301/schedule", {"start_in": 600})
    moved = parse_iso(answer["start_time"])
    assert before + timedelta(seconds=600) <= moved <= utc_now() + timedelta(seconds=600)

    # A naive time is UTC, and an offset is converted.
    _, answer = await post(
        session, sim, "matches/41301/schedule", {"start_time": "2030-01-02T05:04:05+02:00"}
    )
    assert answer["start_time"] == "2030-01-02T03:04:05Z"


async def test_schedule_does_not_start_a_match_without_autoplay(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    past = iso_z(utc_now() - timedelta(hours=1))
    await post(session, sim, "matches/41320/schedule", {"start_time": past})
    assert sim.catalog_status(41320) == "NOT_STARTED"
    assert await ids_of(session, sim, "/matches", league=101, start_before=past) == [41320]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("matches/41301/schedule", {}, 400),
        ("matches/41301/schedule", {"start_time": "2030-01-01T00:00:00Z", "start_in": 5}, 400),
        ("matches/41301/schedule", {"start_time": "soon"}, 400),
        ("matches/41301/schedule", {"start_time": 5}, 400),
        ("matches/41301/schedule", {"start_in": "5"}, 400),
        ("matches/1/schedule", {"start_in": 5}, 404),
        ("matches/1/postpone", None, 404),
        ("matches/1/reinstate", None, 404),
        ("matches/x/postpone", None, 422),
    ],
)
async def test_catalog_control_errors(
    sim: Simulator, session: aiohttp.ClientSession, path: str, body: Any, status: int
) -> None:
    got, answer = await post(session, sim, path, body)
    assert got == status
    assert isinstance(answer["detail"], str)


# Postpone and reinstate ----------------------------------------------------------------


async def test_a_postponed_match_vanishes_from_the_catalog_and_the_stream(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    status, answer = await post(session, sim, "matches/41282/postpone")
    assert (status, answer["id"], answer["postponed"]) == (200, 41282, True)

    assert await ids_of(session, sim, "/matches", league=101) == [41320]
    assert await ids_of(session, sim, "/matches/active", league=101) == [41320]
    assert await ids_of(session, sim, "/matches/live", sport=1) == []
    for path in ("/matches/41282", "/matches/41282/live", "/matches/41282/result"):
        assert (await get(session, sim, path))[0] == 404
    assert await subscribe(ws, 41282) == {"op": "error", "error": "match not live or not found"}

    _, answer = await post(session, sim, "matches/41282/reinstate")
    assert answer["postponed"] is False
    assert await ids_of(session, sim, "/matches/live", sport=1) == [41282]
    assert (await get(session, sim, "/matches/41282"))[0] == 200
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    await ws.close()


async def test_active_leagues_ignore_postponed_matches(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    assert await ids_of(session, sim, "/leagues/active", sport=1) == [101, 102]
    # League 102 has 41250 (finished) and 41301 (to come).
    await post(session, sim, "matches/41301/postpone")
    assert await ids_of(session, sim, "/leagues/active", sport=1) == [101]
    assert await ids_of(session, sim, "/leagues", sport=1) == [101, 102]
    # Its teams stay: a postponed match does not take a team out of its league.
    _, teams = await get(session, sim, "/teams", league=102)
    assert "Salmon Bay FC (W)" in {team["name"] for team in teams["items"]}
    await post(session, sim, "matches/41301/reinstate")
    assert await ids_of(session, sim, "/leagues/active", sport=1) == [101, 102]


async def test_state_shows_postponed_matches_and_start_times(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    await post(session, sim, "matches/41301/postpone")
    await post(session, sim, "matches/41320/schedule", {"start_time": "2030-01-02T03:04:05Z"})
    async with session.get(f"{sim.base_url}/_simulator/state") as response:
        state = await response.json()
    assert state["postponed"] == [41301]
    assert state["matches"]["41301"]["postponed"] is True
    moved = state["matches"]["41320"]
    assert (moved["start_time"], moved["postponed"]) == ("2030-01-02T03:04:05Z", False)


async def test_a_postponed_match_does_not_autoplay_until_reinstated(playing: Factory) -> None:
    async with playing(speed=50000, matches=[41320]) as sim:
        sim.postpone(41320)
        # A copy scheduled alike plays through, while the postponed match waits.
        sim.add_match(
            41320, 41401, home="Alpha FC", away="Beta FC", league_id=101, start_time=utc_now()
        )
        sim.schedule(41320, utc_now())
        await sim.wait_for(lambda: sim.catalog_status(41401) == "FINISHED", timeout=20)
        assert sim.snapshot(41320)["status"] == "not_started"
        sim.reinstate(41320)
        await sim.wait_for(lambda: sim.catalog_status(41320) == "FINISHED", timeout=20)


async def test_a_match_postponed_in_play_stops_where_it_is(playing: Factory) -> None:
    async with playing(speed=50000, matches=[41320]) as sim:
        sim.add_match(
            41320, 41401, home="Alpha FC", away="Beta FC", league_id=101, start_time=utc_now()
        )
        sim.schedule(41320, utc_now())
        await sim.wait_for(lambda: sim.snapshot(41320)["status"] == "live", timeout=20)
        sim.postpone(41320)
        paused = sim.snapshot(41320)
        await sim.wait_for(lambda: sim.catalog_status(41401) == "FINISHED", timeout=20)
        assert sim.snapshot(41320) == paused
        sim.reinstate(41320)
        await sim.wait_for(lambda: sim.snapshot(41320)["status"] == "ft", timeout=20)
        assert sim.snapshot(41320)["score"] == {"home": 1, "away": 1}


# Matches added at run time -------------------------------------------------------------


async def test_add_a_match_like_another(sim: Simulator, session: aiohttp.ClientSession) -> None:
    body = {
        "like": 41320,
        "id": 41400,
        "home": "Portland Timbers 2",
        "away": "The Town",
        "league": 101,
        "start_time": "2030-05-06T19:30:00Z",
    }
    status, answer = await post(session, sim, "matches", body)
    assert (status, answer) == (
        200,
        {
            "id": 41400,
            "home_team": "Portland Timbers 2",
            "away_team": "The Town",
            "start_time": "2030-05-06T19:30:00Z",
            "status": "NOT_STARTED",
            "postponed": False,
        },
    )
    _, listed = await get(session, sim, "/matches", league=101, status="NOT_STARTED")
    assert [m["id"] for m in listed["items"]] == [41320, 41400]
    assert (await get(session, sim, "/matches/41400"))[1] == {
        k: v for k, v in answer.items() if k != "postponed"
    }
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41400))["op"] == "error"
    await ws.close()

    snapshots = await walk_to_end(sim, 41400)
    final = snapshots[-1]
    assert (final["home"], final["away"], final["competition"]) == (
        "Portland Timbers 2",
        "The Town",
        "USA MLS Next Pro League",
    )
    labels = [event["label"] for event in final["events"] if event["type"] == "goal"]
    assert labels == ["Goal Portland Timbers 2", "Goal The Town"]
    for snap in snapshots:
        assert_coherent_soccer(snap)
    # The model is left as it was.
    assert sim.snapshot(41320)["status"] == "not_started"


async def test_an_added_match_defaults_to_an_hour_ahead(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    before = utc_now().replace(microsecond=0)
    body = {"like": 41301, "id": 41402, "home": "Täby FK", "away": "Sollentuna FK", "league": 102}
    _, answer = await post(session, sim, "matches", body)
    start = parse_iso(answer["start_time"])
    assert before + timedelta(hours=1) <= start <= utc_now() + timedelta(hours=1)
    _, teams = await get(session, sim, "/teams", league=102)
    assert [team["name"] for team in teams["items"]].count("Täby FK") == 1


async def test_a_copy_of_a_match_in_play_starts_before_its_kick_off(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    body = {"like": 41282, "id": 41403, "home": "A", "away": "B", "league": 102}
    await post(session, sim, "matches", body)
    held = sim.snapshot(41403)
    assert (held["status"], held["score"], held["events"]) == (
        "not_started",
        {"home": 0, "away": 0},
        None,
    )
    assert (await get(session, sim, "/matches/41403/live"))[0] == 404
    kick_off = await sim.step(41403)
    assert (kick_off["status"], kick_off["phase"]["label"]) == ("live", "Kick-off")
    snapshots = await walk_to_end(sim, 41403)
    assert snapshots[-1]["score"] == {"home": 3, "away": 2}
    for snap in snapshots:
        assert_coherent_soccer(snap)


async def test_add_a_match_in_play_or_played(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    started = {"like": 41301, "id": 41404, "home": "A", "away": "B", "league": 102}
    _, answer = await post(session, sim, "matches", started | {"status": "STARTED"})
    assert answer["status"] == "STARTED"
    assert sim.snapshot(41404)["status"] == "live"
    assert 41404 in await ids_of(session, sim, "/matches/live", sport=1)
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41404))["op"] == "snapshot"
    await ws.close()

    finished = {"like": 41301, "id": 41405, "home": "C", "away": "D", "league": 102}
    _, answer = await post(session, sim, "matches", finished | {"status": "FINISHED"})
    assert answer["status"] == "FINISHED"
    assert parse_iso(answer["start_time"]) < utc_now()
    status, result = await get(session, sim, "/matches/41405/result")
    assert status == 200
    assert result["full_time"]["score"] == {"home": 2, "away": 1}
    assert result["half_time"]["status"] == "ht"

    like_finished = {"like": 41250, "id": 41406, "home": "E", "away": "F", "league": 102}
    _, answer = await post(session, sim, "matches", like_finished | {"status": "FINISHED"})
    assert sim.snapshot(41406)["status"] == "ft"


async def test_add_a_cricket_match(sim: Simulator, session: aiohttp.ClientSession) -> None:
    body = {"like": 50001, "id": 50002, "home": "England", "away": "New Zealand", "league": 201}
    await post(session, sim, "matches", body | {"status": "STARTED"})
    snap = sim.snapshot(50002)
    assert snap["batting"] == "England"
    assert_coherent_cricket(snap)
    _, wicket = await post(session, sim, "matches/50002/wicket")
    assert wicket["score"]["wickets"] == 1
    assert_coherent_cricket(wicket)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"like": 41320, "id": 41282, "home": "A", "away": "B", "league": 101}, 409),
        ({"like": 1, "id": 41500, "home": "A", "away": "B", "league": 101}, 404),
        ({"like": 41320, "id": 41500, "home": "A", "away": "B", "league": 999}, 404),
        ({"like": 41320, "id": 41500, "home": "A", "away": "B", "league": 201}, 400),
        ({"like": 50001, "id": 41500, "home": "A", "away": "B", "league": 101}, 400),
        ({"like": 41320, "id": "41500", "home": "A", "away": "B", "league": 101}, 400),
        ({"like": 41320, "id": 41500, "home": "", "away": "B", "league": 101}, 400),
        ({"like": 41320, "id": 41500, "home": "A", "away": "A", "league": 101}, 400),
        ({"like": 41320, "id": 41500, "home": "A", "away": "B", "league": 101, "status": "X"}, 400),
        (
            {"like": 41320, "id": 41500, "home": "A", "away": "B", "league": 101, "start_time": 1},
            400,
        ),
        # A finished match without a script can only be copied as finished.
        ({"like": 41250, "id": 41500, "home": "A", "away": "B", "league": 102}, 400),
    ],
)
async def test_add_match_errors(
    sim: Simulator, session: aiohttp.ClientSession, body: Any, status: int
) -> None:
    got, answer = await post(session, sim, "matches", body)
    assert got == status
    assert isinstance(answer["detail"], str)
    assert 41500 not in sim.match_ids


async def test_an_added_match_autoplays_from_its_start_time(playing: Factory) -> None:
    async with playing(speed=50000, matches=[41320]) as sim, aiohttp.ClientSession() as session:
        body = {
            "like": 41320,
            "id": 41407,
            "home": "A",
            "away": "B",
            "league": 101,
            "start_time": iso_z(utc_now()),
        }
        await post(session, sim, "matches", body)
        await sim.wait_for(lambda: sim.catalog_status(41407) == "FINISHED", timeout=20)
        assert sim.snapshot(41320)["status"] == "not_started"
        headers = {"X-API-Key": KEY_FULL}
        async with session.get(f"{sim.api_url}/matches/41407/result", headers=headers) as resp:
            assert (await resp.json())["full_time"]["score"] == {"home": 1, "away": 1}
