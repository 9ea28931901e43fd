"""Which frames a match takes: their order in time, and the score a frame leaves out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .cricket import innings_changed
from .snapshots import CricketSnapshot, Snapshot, SoccerSnapshot, UnknownSnapshot

# A stamp this far ahead of the local clock is a broken clock, not news: trusting it would
# make every later frame look older and freeze the match.
FUTURE_TOLERANCE = timedelta(minutes=5)


def trusted_stamp(snapshot: Snapshot, now: datetime) -> datetime | None:
    """Return the frame's updated_at, or None when it has none or it lies in the future."""
    if isinstance(snapshot, UnknownSnapshot) or snapshot.updated_at is None:
        return None
    return None if snapshot.updated_at - now > FUTURE_TOLERANCE else snapshot.updated_at


def keep_score(snapshot: Snapshot, previous: Snapshot | None) -> Snapshot:
    """Carry the last known score over a frame that lacks one, so no goal goes unseen.

    Never into a new innings: the old innings' score there would read as the new one's.
    """
    if (
        isinstance(snapshot, SoccerSnapshot)
        and isinstance(previous, SoccerSnapshot)
        and snapshot.score is None
    ):
        return replace(snapshot, score=previous.score)
    if (
        isinstance(snapshot, CricketSnapshot)
        and isinstance(previous, CricketSnapshot)
        and snapshot.score is None
        and not innings_changed(previous, snapshot)
    ):
        return replace(snapshot, score=previous.score)
    return snapshot
