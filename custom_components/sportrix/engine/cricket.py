"""Cricket: one event per wicket, and a new innings told apart from a wicket."""

from __future__ import annotations

from dataclasses import replace

from .events import EventKind, MatchEvent, StatusChange
from .snapshots import CricketScore, CricketSnapshot, InningsScore
from .status import LIVE, status_event, status_events

NO_SCORE = CricketScore(0, 0, "0.0")


def cricket_events(previous: CricketSnapshot, current: CricketSnapshot) -> list[MatchEvent]:
    """Return wicket and status events between two cricket snapshots."""
    before = previous.score.wickets if previous.score is not None else None
    if not innings_changed(previous, current):
        events = status_events(previous.status, current.status)
        if before is not None and current.score is not None:
            events += _wickets(current.batting, current.score, before, _wicket_label(current))
        return events
    # Frames missed across the change (an outage) may hide wickets on both sides of it.
    ended = ended_innings(previous, current)
    # The last ball belongs to the new innings.
    events = (
        [] if before is None or ended is None else _wickets(previous.batting, ended, before, None)
    )
    events.append(
        status_event(
            StatusChange.INNINGS_CHANGE,
            previous.status,
            current.status,
            batting=current.batting,
            innings=current.innings,
        )
    )
    if current.score is not None:
        events += _wickets(current.batting, current.score, 0, _wicket_label(current))
    if current.status != LIVE:
        # The innings change says the new innings is under way; a pause or the end is news too.
        events += status_events(previous.status, current.status)
    return events


def innings_changed(previous: CricketSnapshot, current: CricketSnapshot) -> bool:
    """Tell a new innings (the innings number rose, or the batting side changed) from a wicket."""
    if (
        previous.innings is not None
        and current.innings is not None
        and current.innings > previous.innings
    ):
        return True
    return (
        previous.batting is not None
        and current.batting is not None
        and previous.batting != current.batting
    )


def ended_innings(previous: CricketSnapshot, current: CricketSnapshot) -> CricketScore | None:
    """Return the previous innings' final score, from the current snapshot's scorecard.

    The last entry that is the previous innings wins: in a Test a side bats twice.
    """
    score = None
    for entry in current.scorecard:
        if _is_innings_of(entry, previous) and entry.runs is not None and entry.wickets is not None:
            score = CricketScore(entry.runs, entry.wickets, entry.overs or NO_SCORE.overs)
    return score


def before_kick_off(snapshot: CricketSnapshot) -> CricketSnapshot:
    """Return the match as it stood before the first ball: the opening innings, no score."""
    opening = snapshot.scorecard[0] if snapshot.scorecard else None
    return replace(
        snapshot,
        score=NO_SCORE,
        innings=opening.innings if opening is not None else snapshot.innings,
        batting=opening.batting if opening is not None else snapshot.batting,
    )


def _is_innings_of(entry: InningsScore, snapshot: CricketSnapshot) -> bool:
    """Tell whether a scorecard entry is the snapshot's innings, by number or batting side."""
    if entry.innings is not None and snapshot.innings is not None:
        return entry.innings == snapshot.innings and (
            entry.batting is None or snapshot.batting is None or entry.batting == snapshot.batting
        )
    return entry.batting is not None and entry.batting == snapshot.batting


def _wickets(
    batting: str | None, score: CricketScore, before: int, label: str | None
) -> list[MatchEvent]:
    """Return one wicket event per wicket fallen in one innings since before wickets were down."""
    return [
        MatchEvent(
            EventKind.WICKET,
            EventKind.WICKET,
            {
                "batting": batting,
                "runs": score.runs,
                "wickets": wickets,
                "overs": score.overs,
                # The last ball describes the last wicket only.
                "label": label if wickets == score.wickets else None,
            },
        )
        for wickets in range(before + 1, score.wickets + 1)
    ]


def _wicket_label(snapshot: CricketSnapshot) -> str | None:
    """Return the last ball's label, unless its type says it was not a wicket.

    The guide documents only last_event.label for cricket; a type, when sent, can rule it out.
    """
    last = snapshot.last_event
    if last is None or (last.type is not None and last.type.lower() != "wicket"):
        return None
    return last.label
