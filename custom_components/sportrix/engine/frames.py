"""Which frames a match takes: their order in time, and the score a frame leaves out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .cricket import innings_changed
from .snapshots import CricketSnapshot, Snapshot, SoccerSnapshot

# A stamp this far ahead of the local clock is a broken clock, not news: trusting it would
# make every later frame look older and freeze the match.
FUTURE_TOLERANCE = timedelta(minutes=5)


def trusted_stamp(snapshot: Snapshot, now: datetime) -> datetime | None:
    """Return the frame's updated_at, or None when it has none or it lies in the future."""
    stamp = getattr(snapshot, "updated_at", None)
    if not isinstance(stamp, datetime) or stamp - now > FUTURE_TOLERANCE:
        return None
    return stamp


def keep_score(snapshot: Snapshot, previous: Snapshot | None) -> Snapshot:
    """Carry the last known score over a frame that lacks one, so no goal goes unseen.

    Never into a new innings: the old innings' score there would read as the new one's.
    """
    if isinstance(snapshot, SoccerSnapshot) and isinstance(previous, SoccerSnapshot):
        if snapshot.score is None:
            return replace(snapshot, score=previous.score)
    elif (
        isinstance(snapshot, CricketSnapshot)
        and isinstance(previous, CricketSnapshot)
        and snapshot.score is None
        and not innings_changed(previous, snapshot)
    ):
        return replace(snapshot, score=previous.score)
    return snapshot
