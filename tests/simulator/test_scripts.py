"""The scripted matches hold the required moments, and the match operations stay consistent."""

import itertools
from pathlib import Path
import re
from typing import Any

import pytest

from sportrix_simulator import ScriptFinishedError, Simulator
from sportrix_simulator.cricket import overs_to_balls
from sportrix_simulator.scripts import builtin_matches

FIXTURES = Path(__file__).parent.parent / "fixtures" / "simulator"
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


async def walk(sim: Simulator, match_id: int) -> list[dict[str, Any]]:
    """Step a match to the end of its script; return every snapshot from the first."""
    snapshots = [sim.snapshot(match_id)]
    while True:
        try:
            snapshots.append(await sim.step(match_id))
        except ScriptFinishedError:
            return snapshots


def minute_value(minute: str) -> int:
    """Return "45+2" as 47."""
    return sum(int(part) for part in minute.split("+"))


async def test_soccer_script_has_the_required_moments() -> None:
    sim = Simulator()
    snapshots = await walk(sim, 41282)
    scores = [(s["score"]["home"], s["score"]["away"]) for s in snapshots]
    assert scores[0] == (0, 0)
    assert any(b[0] > a[0] for a, b in itertools.pairwise(scores)), "home goal"
    assert any(b[1] > a[1] for a, b in itertools.pairwise(scores)), "away goal"
    assert any(sum(b) < sum(a) for a, b in itertools.pairwise(scores)), "disallowed"
    final = snapshots[-1]
    events = final["events"]
    goals = [e for e in events if e["type"] == "goal"]
    goal_minutes = [minute_value(e["minute"]) for e in goals]
    assert any(0 < b - a <= 3 for a, b in itertools.pairwise(goal_minutes))
    assert {"yellow_card", "red_card", "goal", "event"} <= {e["type"] for e in events}
    assert any("disallowed" in e["label"] for e in events if e["type"] == "event")
    half_time = [s for s in snapshots if s["status"] == "ht"]
    assert half_time
    assert half_time[0]["clock"]["period"] == "HT"
    assert half_time[0]["clock"]["running"] is False
    assert final["status"] == "ft"
    assert final["clock"]["period"] == "FT"
    assert sim.catalog_status(41282) == "FINISHED"
    assert [e["score"] for e in goals][-1] == f"{final['score']['home']}-{final['score']['away']}"
    for snap in snapshots:
        assert ISO_Z.match(snap["updated_at"])
        assert set(snap["stats"]) >= {"possession", "corners", "yellow_cards", "red_cards"}


async def test_soccer_clock_moves_forward_within_each_half() -> None:
    snapshots = await walk(Simulator(), 41282)
    for period in ("1H", "2H"):
        times = [
            s["clock"]["minute"] * 60 + s["clock"]["second"]
            for s in snapshots
            if s["clock"]["period"] == period
        ]
        assert times == sorted(times)
        assert len(times) > 10


def test_scripts_last_about_ten_minutes_at_speed_ten() -> None:
    for match in builtin_matches():
        if match.timeline and match.id != 41301:
            assert 5400 <= match.timeline[-1].at <= 6600, match.id


async def test_cricket_script_has_the_required_moments() -> None:
    snapshots = await walk(Simulator(), 50001)
    kinds = [s["last_event"]["type"] for s in snapshots]
    assert {"four", "six", "wicket", "dot", "single", "wide", "innings_break", "end"} <= set(kinds)
    first_innings = [s for s in snapshots if s["innings"] == 1]
    second_innings = [s for s in snapshots if s["innings"] == 2]
    assert first_innings[-1]["score"]["wickets"] >= 3
    assert second_innings[-1]["score"]["wickets"] >= 3
    assert first_innings[-1]["status"] == "innings_break"
    start = second_innings[0]
    assert start["status"] == "live"
    assert (start["batting"], start["bowling"]) == ("Australia", "India")
    assert start["score"] == {"runs": 0, "wickets": 0, "overs": 0.0}
    assert start["target"] == first_innings[-1]["score"]["runs"] + 1
    assert [e["innings"] for e in start["scorecard"]] == [1, 2]
    assert snapshots[-1]["status"] == "ft"
    assert snapshots[-1]["last_event"]["type"] == "end"
    wicket = next(s for s in snapshots if s["last_event"]["type"] == "wicket")
    assert wicket["last_event"]["label"].startswith("WICKET! ")


async def test_cricket_overs_advance_ball_by_ball() -> None:
    snapshots = await walk(Simulator(), 50001)
    balls = [overs_to_balls(s["score"]["overs"]) for s in snapshots if s["status"] == "live"]
    steps = {b - a for a, b in itertools.pairwise(balls)}
    # One legal ball at a time (0 for wides, no-balls and the innings change back to zero).
    assert steps <= {0, 1, -max(balls)}
    assert max(balls) == 120
    over_ends = [s for s in snapshots if s["score"]["overs"] == 6.0 and s["innings"] == 1]
    assert len(over_ends[0]["current_over"]) >= 6


async def test_not_started_match_plays_after_kick_off() -> None:
    sim = Simulator()
    assert sim.snapshot(41301)["status"] == "not_started"
    assert sim.catalog_status(41301) == "NOT_STARTED"
    kicked = await sim.kick_off(41301)
    assert kicked["status"] == "live"
    assert kicked["clock"]["running"] is True
    assert sim.catalog_status(41301) == "STARTED"
    snapshots = await walk(sim, 41301)
    assert snapshots[-1]["status"] == "ft"
    assert snapshots[-1]["score"] == {"home": 2, "away": 1}


async def test_step_at_the_end_and_unknown_matches() -> None:
    sim = Simulator()
    with pytest.raises(LookupError):
        await sim.step(41250)
    with pytest.raises(KeyError):
        await sim.step(1)
    with pytest.raises(KeyError):
        sim.snapshot(1)


async def test_update_deep_merges_and_stamps() -> None:
    sim = Simulator()
    before = sim.snapshot(41282)
    after = await sim.update(
        41282,
        {"clock": {"minute": 12}, "events": [{"minute": "1", "type": "event", "team": ""}]},
    )
    assert after["clock"] == before["clock"] | {"minute": 12}
    assert after["events"] == [{"minute": "1", "type": "event", "team": ""}]
    assert after["match_id"] == 41282
    assert ISO_Z.match(after["updated_at"])
    assert sim.snapshot(41282) == after
    # The copy handed out is the caller's own.
    after["score"]["home"] = 9
    assert sim.snapshot(41282)["score"]["home"] == 0


async def test_goal_and_cancelled_goal_are_consistent() -> None:
    sim = Simulator()
    await sim.update(41282, {"clock": {"minute": 22, "second": 10}})
    goal = await sim.score_goal(41282, "away")
    assert goal["score"] == {"home": 0, "away": 1}
    assert goal["events"][-1] == {
        "minute": "23",
        "type": "goal",
        "team": "away",
        "label": "Goal The Town",
        "score": "0-1",
    }
    assert goal["ball"]["event"] == "goal"
    assert goal["phase"]["label"] == "Goal"
    assert (await sim.score_goal(41282, "home", minute="45+2"))["events"][-1]["minute"] == "45+2"
    cancelled = await sim.cancel_goal(41282, "away")
    assert cancelled["score"] == {"home": 1, "away": 0}
    assert cancelled["events"][-1]["type"] == "event"
    assert cancelled["events"][-1]["score"] == "1-0"
    with pytest.raises(ValueError, match="no goal"):
        await sim.cancel_goal(41282, "away")
    with pytest.raises(ValueError, match="team"):
        await sim.score_goal(41282, "visitors")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a soccer"):
        await sim.score_goal(50001, "home")


async def test_take_wicket() -> None:
    sim = Simulator()
    before = sim.snapshot(50001)
    after = await sim.take_wicket(50001)
    assert after["score"]["wickets"] == before["score"]["wickets"] + 1
    assert overs_to_balls(after["score"]["overs"]) == overs_to_balls(before["score"]["overs"]) + 1
    assert after["last_event"]["type"] == "wicket"
    assert after["last_event"]["label"] == "WICKET! Y Jaiswal b Starc"
    assert after["current_over"][-1] == "W"
    assert "V Kohli" in [b["name"] for b in after["batsmen"]]
    labelled = await sim.take_wicket(50001, label="WICKET! Kohli c Head b Cummins")
    assert labelled["last_event"]["label"] == "WICKET! Kohli c Head b Cummins"
    with pytest.raises(ValueError, match="not a cricket"):
        await sim.take_wicket(41282)


async def test_finish_cricket() -> None:
    sim = Simulator()
    final = await sim.finish(50001)
    assert final["status"] == "ft"
    assert final["last_event"]["type"] == "end"
    assert sim.catalog_status(50001) == "FINISHED"
    with pytest.raises(LookupError):
        await sim.step(50001)


async def test_synthetic_matches_are_seeded() -> None:
    first = Simulator(matches=[], synthetic=3, seed=7)
    again = Simulator(matches=[], synthetic=3, seed=7)
    other = Simulator(matches=[], synthetic=3, seed=8)
    assert first.match_ids == [900001, 900002, 900003]
    walked = [await walk(first, 900002), await walk(again, 900002), await walk(other, 900002)]
    scores = [[s["score"] for s in snapshots] for snapshots in walked]
    assert scores[0] == scores[1]
    assert scores[0] != scores[2]
    assert walked[0][-1]["status"] == "ft"
    assert any(s["status"] == "ht" for s in walked[0])


async def test_matches_selects_demo_ids_and_files() -> None:
    sim = Simulator(matches=[41282, FIXTURES / "custom_match.json"])
    assert sim.match_ids == [41282, 777001]
    custom = sim.snapshot(777001)
    assert (custom["home"], custom["away"], custom["competition"]) == (
        "Test Home",
        "Test Away",
        "Swedish Division 2",
    )
    assert (await sim.step(777001))["score"] == {"home": 1, "away": 0}
    assert (await sim.step(777001))["status"] == "ft"
    with pytest.raises(ValueError, match="no demo match"):
        Simulator(matches=[1])
