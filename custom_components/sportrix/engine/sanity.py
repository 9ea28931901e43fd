"""Values no real match shows: a frame that carries them fires nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .events import EventKind, MatchEvent
from .snapshots import CricketSnapshot, Snapshot, SoccerSnapshot

MAX_GOALS = 99
MAX_RUNS = 5000
MAX_WICKETS = 10
# More in one frame than a catch-up after a long outage plausibly holds: a feed glitch.
MAX_GOALS_PER_FRAME = 5
MAX_WICKETS_PER_FRAME = 10


def drop_impossible_score(snapshot: Snapshot) -> tuple[Snapshot, str | None]:
    """Return the frame without a score no match can have, and why it was dropped."""
    if isinstance(snapshot, SoccerSnapshot) and snapshot.score is not None:
        score = snapshot.score
        if 0 <= score.home <= MAX_GOALS and 0 <= score.away <= MAX_GOALS:
            return snapshot, None
        for side in ("home", "away"):
            if (reason := _goals_problem(side, getattr(snapshot.score, side))) is not None:
                return replace(snapshot, score=None), reason
    if isinstance(snapshot, CricketSnapshot):
        if snapshot.score is not None and (
            reason := _innings_problem(
                snapshot.batting, snapshot.score.runs, snapshot.score.wickets
            )
        ):
            return replace(snapshot, score=None), reason
        for entry in snapshot.scorecard:
            if reason := _innings_problem(entry.batting, entry.runs, entry.wickets):
                return snapshot, f"scorecard: {reason}"
    return snapshot, None


def storm(events: list[MatchEvent]) -> str | None:
    """Say why a frame's events are too many to be real, or None when they may be."""
    goals = Counter(
        (event.kind, event.data["team"])
        for event in events
        if event.kind in (EventKind.GOAL, EventKind.GOAL_CANCELLED)
    )
    for (kind, team), count in goals.items():
        if count > MAX_GOALS_PER_FRAME:
            return f"{count} {kind} events for {team} in one frame"
    wickets = sum(event.kind is EventKind.WICKET for event in events)
    if wickets > MAX_WICKETS_PER_FRAME:
        return f"{wickets} wickets in one frame"
    return None


def _goals_problem(side: str, goals: int) -> str | None:
    """Say why one side's goals cannot be real."""
    if goals < 0:
        return f"{side} goals are negative ({goals})"
    if goals > MAX_GOALS:
        return f"{side} goals are too many ({goals})"
    return None


def _innings_problem(batting: str | None, runs: int | None, wickets: int | None) -> str | None:
    """Say why an innings' runs or wickets cannot be real."""
    if runs is not None and not 0 <= runs <= MAX_RUNS:
        return f"{batting} runs out of range ({runs})"
    if wickets is not None and not 0 <= wickets <= MAX_WICKETS:
        return f"{batting} wickets out of range ({wickets})"
    return None
