"""The demo as a new user meets it: goals scored by hand stay, and every start is a kick-off."""

import contextlib
import itertools
from typing import Any

import aiohttp

from sportrix_simulator import KEY_FULL, ScriptFinishedError, Simulator
from sportrix_simulator.timefmt import parse_iso, utc_now

from .conftest import Factory, connect, receive, subscribe

PERIODS = {"live": {"1H", "2H"}, "ht": {"HT"}, "ft": {"FT"}, "not_started": {"1H"}}


def assert_coherent_soccer(snap: dict[str, Any]) -> None:
    """Check that status, clock, score and timeline of a soccer snapshot tell one story."""
    clock, score = snap["clock"], snap["score"]
    assert clock["period"] in PERIODS[snap["status"]], snap
    assert clock["running"] is (snap["status"] == "live"), snap
    running = {"home": 0, "away": 0}
    for event in snap["events"] or []:
        if event["type"] == "goal":
            running[event["team"]] += 1
        elif "disallowed" in event["label"]:
            running[event["team"]] -= 1
        else:
            continue
        assert event["score"] == f"{running['home']}-{running['away']}", snap["events"]
    assert score == running, snap
    if snap["status"] == "not_started":
        assert (clock["minute"], clock["second"], snap["events"]) == (0, 0, None)


def assert_coherent_cricket(snap: dict[str, Any]) -> None:
    """Check that the score, the scorecard and the status of a cricket snapshot agree."""
    score = snap["score"]
    assert 0 <= score["wickets"] <= 10
    current = [e for e in snap["scorecard"] if e["innings"] == snap["innings"]]
    if snap["status"] == "not_started":
        assert (score, current, snap["current_over"]) == (
            {"runs": 0, "wickets": 0, "overs": 0.0},
            [],
            [],
        )
        return
    assert current == [{"innings": snap["innings"], "batting": snap["batting"], **score}]


async def steps(sim: Simulator, match_id: int, count: int) -> list[dict[str, Any]]:
    """Step a match count times and return the snapshots."""
    return [await sim.step(match_id) for _ in range(count)]


async def walk_to_end(sim: Simulator, match_id: int) -> list[dict[str, Any]]:
    """Step a match to the end of its script and return every snapshot on the way."""
    snapshots = []
    with contextlib.suppress(ScriptFinishedError):
        while True:
            snapshots.append(await sim.step(match_id))
    return snapshots


async def test_goals_by_hand_add_to_the_scripted_score(sim: Simulator) -> None:
    # The script's first goal is its 14th entry; three goals by hand come before it.
    await steps(sim, 41282, 13)
    for _ in range(3):
        assert_coherent_soccer(await sim.score_goal(41282, "home"))
    assert sim.snapshot(41282)["score"] == {"home": 3, "away": 0}
    snapshots = await walk_to_end(sim, 41282)
    scores = [(s["score"]["home"], s["score"]["away"]) for s in snapshots]
    assert scores[0] == (4, 0)
    assert (5, 2) in scores
    # The script disallows one away goal (2-2 to 2-1 before); nothing else ever goes down.
    drops = [(a, b) for a, b in itertools.pairwise(scores) if sum(b) < sum(a)]
    assert drops == [((5, 2), (5, 1))]
    assert scores[-1] == (6, 2)
    for snap in snapshots:
        assert_coherent_soccer(snap)
    assert sim.snapshot(41282)["status"] == "ft"


async def test_cancelled_goal_by_hand_stays_cancelled(sim: Simulator) -> None:
    await steps(sim, 41282, 14)
    assert sim.snapshot(41282)["score"] == {"home": 1, "away": 0}
    await sim.cancel_goal(41282, "home")
    snapshots = await walk_to_end(sim, 41282)
    assert snapshots[-1]["score"] == {"home": 2, "away": 2}
    assert min(s["score"]["home"] for s in snapshots) == 0


async def test_the_readme_goal_command_survives_the_script(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)
    goal_url = f"{sim.base_url}/_simulator/matches/41282/goal"
    for _ in range(3):
        # As curl -d sends it: a form content type around a JSON body.
        async with session.post(goal_url, data='{"team": "home"}') as response:
            assert response.status == 200
    seen = []
    while sim.snapshot(41282)["score"]["away"] < 1:
        async with session.post(f"{sim.base_url}/_simulator/matches/41282/step") as response:
            assert response.status == 200
    while (frame := await receive(ws))["data"] != sim.snapshot(41282):  # type: ignore[comparison-overlap]
        seen.append(frame["data"]["score"])  # type: ignore[index]
    seen.append(frame["data"]["score"])  # type: ignore[index]
    homes = [score["home"] for score in seen]
    assert homes == sorted(homes), "a goal went back"
    assert seen[-1] == {"home": 4, "away": 1}


async def test_wickets_by_hand_add_to_the_scripted_wickets(sim: Simulator) -> None:
    # The script's first wicket is its 21st entry.
    await steps(sim, 50001, 19)
    taken = await sim.take_wicket(50001)
    assert taken["score"]["wickets"] == 1
    assert_coherent_cricket(taken)
    first_innings = []
    while (snap := await sim.step(50001))["innings"] == 1:
        assert_coherent_cricket(snap)
        first_innings.append(snap)
    wickets = [s["score"]["wickets"] for s in first_innings]
    assert wickets == sorted(wickets)
    assert wickets[-1] == 5
    # A new innings starts from the script's own score.
    assert snap["score"] == {"runs": 0, "wickets": 0, "overs": 0.0}
    assert snap["scorecard"][0]["wickets"] == 5
    assert_coherent_cricket(snap)


async def test_a_start_holds_live_matches_until_a_client_watches(playing: Factory) -> None:
    async with playing(speed=1000, matches=[41282, 50001]) as sim:
        started = utc_now().replace(microsecond=0)
        for match_id in (41282, 50001):
            assert sim.snapshot(match_id)["status"] == "not_started"
            assert sim.catalog_status(match_id) == "STARTED"
        assert_coherent_soccer(sim.snapshot(41282))
        assert_coherent_cricket(sim.snapshot(50001))
        async with aiohttp.ClientSession() as session:
            async with session.get(
                f"{sim.api_url}/matches/41282/live", headers={"X-API-Key": KEY_FULL}
            ) as response:
                # No snapshot was recorded live yet.
                assert response.status == 404
            ws = await connect(session, sim)
            held = (await subscribe(ws, 41282))["data"]
            kick_off = (await receive(ws))["data"]
            await ws.close()
        assert held["status"] == "not_started"  # type: ignore[index]
        assert kick_off["status"] == "live"  # type: ignore[index]
        assert kick_off["phase"]["label"] == "Kick-off"  # type: ignore[index]
        assert parse_iso(kick_off["updated_at"]) >= started  # type: ignore[index]
        assert_coherent_soccer(kick_off)  # type: ignore[arg-type]
        # Nobody watches the cricket: it is still waiting for its first ball.
        assert sim.snapshot(50001)["status"] == "not_started"


async def test_a_restart_starts_over_with_a_kick_off(playing: Factory) -> None:
    async with playing(speed=50000, matches=[41282]) as sim:
        await sim.score_goal(41282, "away")
        await sim.kick_off(41282)
        await sim.wait_for(lambda: sim.snapshot(41282)["status"] == "ft", timeout=20)
        assert sim.snapshot(41282)["score"] == {"home": 3, "away": 3}
        assert_coherent_soccer(sim.snapshot(41282))
    async with (
        playing(speed=1000, matches=[41282]) as restarted,
        aiohttp.ClientSession() as session,
    ):
        ws = await connect(session, restarted)
        statuses = [(await subscribe(ws, 41282))["data"]]
        statuses.append((await receive(ws))["data"])
        await ws.close()
    assert [s["status"] for s in statuses] == ["not_started", "live"]  # type: ignore[index]
    for snap in statuses:
        assert snap["score"] == {"home": 0, "away": 0}  # type: ignore[index]
        assert_coherent_soccer(snap)  # type: ignore[arg-type]


async def test_kick_off_of_a_held_match_plays_at_once(playing: Factory) -> None:
    async with playing(speed=0.001, matches=[50001]) as sim:
        first_ball = await sim.kick_off(50001)
        assert (first_ball["status"], first_ball["score"]) == (
            "live",
            {"runs": 1, "wickets": 0, "overs": 0.1},
        )
        assert_coherent_cricket(first_ball)
        assert (await sim.step(50001))["score"]["overs"] == 0.2
