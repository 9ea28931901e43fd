"""Which frames a match takes: their order in time, and the score a frame leaves out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
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


# What a result holds of its own; any other field it leaves out is the match's as last seen.
_RESULT_OWN = frozenset({"match_id", "sport", "raw"})


def fill_in(result: Snapshot, held: Snapshot | None) -> Snapshot:
    """Fill what a recorded result leaves out (its competition, phase, ball) from the frame held.

    A result carries the final whistle's score, clock, stats and timeline; an entity showing
    the competition must not go blank because the result does not repeat it.
    """
    if isinstance(result, UnknownSnapshot) or type(held) is not type(result):
        return result
    missing = {
        field.name: getattr(held, field.name)
        for field in fields(result)
        if field.name not in _RESULT_OWN
        and _says_nothing(getattr(result, field.name))
        and not _says_nothing(getattr(held, field.name))
    }
    return replace(result, **missing) if missing else result


def _says_nothing(value: object) -> bool:
    """Tell a field that is missing or empty from one with a value (0 and False are values)."""
    return value is None or (isinstance(value, tuple | Mapping) and not value)
