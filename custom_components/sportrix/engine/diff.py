"""The events between two snapshots of a match, per sport."""

from __future__ import annotations

from dataclasses import replace

from . import cricket, soccer
from .events import MatchEvent
from .snapshots import CricketSnapshot, Snapshot, SoccerSnapshot
from .status import kick_off_events, status_events


def diff(previous: Snapshot, current: Snapshot) -> list[MatchEvent]:
    """Return the events that lead from one snapshot of a match to the next."""
    if isinstance(previous, SoccerSnapshot) and isinstance(current, SoccerSnapshot):
        if previous.status == current.status and (
            previous.score is current.score or previous.score == current.score
        ):
            # Most frames: only the clock moved.
            return []
        return [
            *status_events(previous.status, current.status),
            *soccer.goal_events(previous, current),
        ]
    if isinstance(previous, CricketSnapshot) and isinstance(current, CricketSnapshot):
        return cricket.cricket_events(previous, current)
    if previous.sport == current.sport:
        return status_events(previous.status, current.status)
    # Another sport under the same match id: nothing to compare, a new baseline.
    return []


def kick_off(snapshot: Snapshot) -> tuple[list[MatchEvent], list[MatchEvent]]:
    """Return a match's kick-off, and what its first frame shows happened since (delayed)."""
    if isinstance(snapshot, CricketSnapshot):
        start: Snapshot = cricket.before_kick_off(snapshot)
    else:
        start = nil_score(snapshot)
    # The status events say where the match has got to; the diff, what was scored since.
    return kick_off_events(snapshot.status), diff(start, snapshot)


def nil_score(snapshot: Snapshot) -> Snapshot:
    """Return the snapshot with nothing scored: where play that began unseen starts from."""
    if isinstance(snapshot, SoccerSnapshot):
        return replace(snapshot, score=soccer.NO_SCORE)
    if isinstance(snapshot, CricketSnapshot):
        return replace(snapshot, score=cricket.NO_SCORE)
    return snapshot
