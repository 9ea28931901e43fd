"""The match state's helpers, the declared event types, and the engine's independence."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from custom_components.sportrix import engine
from custom_components.sportrix.api import SoccerScore, SoccerSnapshot, parse_snapshot
from custom_components.sportrix.engine import (
    EVENT_TYPES,
    EventKind,
    MatchState,
    Source,
    StatusChange,
    apply,
    connection_lost,
    event_types,
    expect_kick_off,
)

NOW = datetime(2026, 6, 18, 2, 10, tzinfo=UTC)
LIVE = SoccerSnapshot(1, home="Arsenal", away="Chelsea", status="live", score=SoccerScore(1, 0))


def test_connection_lost_marks_a_gap_only_after_a_snapshot() -> None:
    """Nothing to catch up from before the first frame; after it, the next frame catches up."""
    empty = MatchState(1)
    assert connection_lost(empty) is empty
    held = MatchState(1, snapshot=LIVE)
    lost = connection_lost(held)
    assert lost.gap is True
    assert lost.snapshot is LIVE
    assert connection_lost(lost) is lost


def test_expect_kick_off_only_before_the_first_snapshot() -> None:
    """A match already seen has its own status; one not seen yet reads not started."""
    empty = MatchState(1)
    waiting = expect_kick_off(empty)
    assert waiting.awaiting_kick_off is True
    assert waiting.status == "not_started"
    assert expect_kick_off(waiting) is waiting
    held = MatchState(1, snapshot=LIVE)
    assert expect_kick_off(held) is held


def test_state_reads_the_snapshot() -> None:
    """Sport, teams and status come from the snapshot; empty names read as unknown."""
    empty = MatchState(1)
    assert (empty.sport, empty.home, empty.away, empty.status) == (None, None, None, None)
    held = MatchState(1, snapshot=LIVE)
    expected = ("soccer", "Arsenal", "Chelsea", "live")
    assert (held.sport, held.home, held.away, held.status) == expected
    nameless = MatchState(1, snapshot=SoccerSnapshot(1, home="", away=""))
    assert (nameless.home, nameless.away, nameless.status) == (None, None, None)


def test_first_implausible_frame_is_flagged_once() -> None:
    """Every implausible frame says why; only the match's first asks to be logged."""
    state = apply(MatchState(1), LIVE, Source.STREAM, now=NOW).state
    assert state.implausible_seen is False
    broken = SoccerSnapshot(1, status="live", score=SoccerScore(-1, 0))
    first = apply(state, broken, Source.STREAM, now=NOW)
    second = apply(first.state, broken, Source.STREAM, now=NOW)
    assert first.implausible is not None
    assert first.first_implausible is True
    assert second.implausible is not None
    assert second.first_implausible is False
    assert second.state.implausible_seen is True
    assert apply(second.state, LIVE, Source.STREAM, now=NOW).first_implausible is False


def test_event_types_are_declared_per_kind() -> None:
    """Each kind fires its own event types; the status entity has every status change."""
    assert EVENT_TYPES[EventKind.GOAL] == ("goal",)
    assert EVENT_TYPES[EventKind.GOAL_CANCELLED] == ("goal_cancelled",)
    assert EVENT_TYPES[EventKind.WICKET] == ("wicket",)
    assert EVENT_TYPES[EventKind.MATCH_STATUS] == tuple(change.value for change in StatusChange)
    assert set(EVENT_TYPES) == set(EventKind)
    assert event_types(EventKind.GOAL, EventKind.GOAL_CANCELLED) == ("goal", "goal_cancelled")


def test_the_engine_imports_nothing_of_home_assistant() -> None:
    """The rules run and are tested without Home Assistant."""
    package = Path(engine.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.startswith("homeassistant") for name in names), path.name


def test_a_recorded_result_is_not_taken_back_by_a_rest_snapshot_of_the_same_time() -> None:
    """Full time 1-1 by REST, the result 2-1: a later REST 1-1 of the same time is not taken."""
    stamp = {"updated_at": "2026-06-18T02:05:00Z"}
    rest = {"match_id": 1, "sport": "soccer", "home": "Arsenal", "away": "Chelsea"} | stamp
    full_time = rest | {"status": "ft", "score": {"home": 1, "away": 1}}
    state = apply(MatchState(1), parse_snapshot(full_time), Source.REST, now=NOW).state
    result = full_time | {"score": {"home": 2, "away": 1}}
    outcome = apply(state, parse_snapshot(result), Source.RESULT, now=NOW)
    assert [(e.kind, e.delayed) for e in outcome.events] == [(EventKind.GOAL, True)]
    again = apply(outcome.state, parse_snapshot(full_time), Source.REST, now=NOW)
    assert again.ignored == "a frame after the recorded result"
    assert again.state.snapshot is not None
    assert again.state.snapshot.score == SoccerScore(2, 1)


def test_a_result_goal_without_a_score_in_its_timeline_keeps_its_minute() -> None:
    """The result's timeline names goals with no score: the side's n-th goal is its n-th."""
    match = {"match_id": 1, "sport": "soccer", "home": "Arsenal", "away": "Chelsea"}
    first = {"minute": "12", "type": "goal", "team": "home", "label": "Goal Arsenal"}
    late = {"minute": "90+3", "type": "goal", "team": "home", "label": "Goal Arsenal"}
    full_time = match | {"status": "ft", "score": {"home": 1, "away": 0}, "events": [first]}
    state = apply(MatchState(1), parse_snapshot(full_time), Source.REST, now=NOW).state
    result = full_time | {"score": {"home": 2, "away": 0}, "events": [first, late]}
    outcome = apply(state, parse_snapshot(result), Source.RESULT, now=NOW)
    assert [event.data["minute"] for event in outcome.events] == ["90+3"]
