"""Soccer: one event per goal scored or taken back between two snapshots."""

from __future__ import annotations

from dataclasses import dataclass
import re

from .events import EventKind, MatchEvent
from .snapshots import SoccerScore, SoccerSnapshot

_SCORE_TEXT = re.compile(r"\s*(\d+)\s*-\s*(\d+)\s*")
_MINUTE_TEXT = re.compile(r"\s*(\d+)\s*(?:\+\s*(\d+)\s*)?")
SIDES = ("home", "away")
NO_SCORE = SoccerScore(0, 0)


@dataclass(frozen=True, slots=True)
class _Goal:
    """A goal of one side, or one taken back, before it is placed among the other side's."""

    team: str
    kind: EventKind
    minute: str | None
    # Where the timeline lists it: two goals of one minute keep the timeline's order.
    position: int | None = None


def goal_events(previous: SoccerSnapshot, current: SoccerSnapshot) -> list[MatchEvent]:
    """Return one event per goal scored or cancelled, in the order they happened when known."""
    if previous.score is None or current.score is None or previous.score == current.score:
        return []
    # Always text, as the timeline writes it ("45+2"), so templates compare one type.
    clock = (
        str(current.clock.minute) if current.clock and current.clock.minute is not None else None
    )
    score = {"home": previous.score.home, "away": previous.score.away}
    home = _side_goals(current, "home", score["home"], current.score.home)
    away = _side_goals(current, "away", score["away"], current.score.away)
    events: list[MatchEvent] = []
    for goal in _in_order(home, away):
        score[goal.team] += 1 if goal.kind is EventKind.GOAL else -1
        data = {
            "team": goal.team,
            "team_name": getattr(current, goal.team),
            "score": dict(score),
            "minute": goal.minute or clock,
        }
        events.append(MatchEvent(goal.kind, goal.kind, data))
    return events


def _side_goals(current: SoccerSnapshot, team: str, before: int, after: int) -> list[_Goal]:
    """Return one side's goals between two counts, each timed by the timeline when listed.

    A count that went down gives one cancelled goal per step instead: a cancelled goal is not
    in the timeline under the score it leaves behind.
    """
    scored = [
        _Goal(team, EventKind.GOAL, *_timeline_entry(current, team, goals))
        for goals in range(before + 1, after + 1)
    ]
    return scored + [_Goal(team, EventKind.GOAL_CANCELLED, None) for _ in range(after, before)]


def _timeline_entry(
    snapshot: SoccerSnapshot, team: str, goals: int
) -> tuple[str | None, int | None]:
    """Find the minute and timeline position of the side's goal that made its count goals.

    The latest listing wins: a goal disallowed and scored again leaves both in the timeline.
    """
    index = SIDES.index(team) + 1
    for position in range(len(snapshot.events) - 1, -1, -1):
        event = snapshot.events[position]
        if event.type != "goal" or event.team != team or event.score is None:
            continue
        if (found := _SCORE_TEXT.fullmatch(event.score)) and int(found[index]) == goals:
            return event.minute or None, position
    # A timeline whose goals carry no score (the recorded result's): the side's goals in order.
    unscored = [
        position
        for position, event in enumerate(snapshot.events)
        if event.type == "goal" and event.team == team and event.score is None
    ]
    if len(unscored) == goals:
        position = unscored[goals - 1]
        return snapshot.events[position].minute or None, position
    return None, None


def _in_order(home: list[_Goal], away: list[_Goal]) -> list[_Goal]:
    """Merge both sides' goals in the timeline's order; home first where it does not say."""
    merged: list[_Goal] = []
    home_goals, away_goals = list(home), list(away)
    while home_goals and away_goals:
        if _away_first(home_goals[0], away_goals[0]):
            merged.append(away_goals.pop(0))
        else:
            merged.append(home_goals.pop(0))
    return [*merged, *home_goals, *away_goals]


def _away_first(home: _Goal, away: _Goal) -> bool:
    """Tell whether the timeline has the away goal before the home goal."""
    home_at, away_at = _minute_key(home), _minute_key(away)
    if home_at is None or away_at is None:
        return False
    if home_at == away_at and home.position is not None and away.position is not None:
        # Two goals in one minute: the timeline lists them in the order they came.
        return away.position < home.position
    return away_at < home_at


def _minute_key(goal: _Goal) -> tuple[int, int] | None:
    """Return a timeline minute as numbers that sort: "45+2" is (45, 2)."""
    if goal.minute is None or (found := _MINUTE_TEXT.fullmatch(goal.minute)) is None:
        return None
    return int(found[1]), int(found[2] or 0)
