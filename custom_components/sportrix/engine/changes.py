"""What a new snapshot changes: the fields entities read, and the match's identity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter

from .snapshots import CricketSnapshot, Snapshot, SoccerSnapshot, UnknownSnapshot

# Unknown fields are kept in raw for diagnostics; no entity reads them.
_UNREAD = frozenset({"raw"})
CLOCK = "clock"
# What a soccer clock that kept its minute, period and added time changed, named apart from
# the clock: no entity shows the seconds (nor whether the clock runs), so that a frame a second
# wakes none.
SECONDS = "seconds"

type _Getter = Callable[[Snapshot], tuple[object, ...]]


def _read_fields(kind: type[Snapshot]) -> tuple[tuple[str, ...], _Getter]:
    """Return a snapshot class's fields entities read, and a getter of all their values."""
    names = tuple(field.name for field in fields(kind) if field.name not in _UNREAD)
    return names, attrgetter(*names)


# Looked up once: dataclasses.fields() builds its answer anew at every call.
_READ_FIELDS = {
    kind: _read_fields(kind) for kind in (SoccerSnapshot, CricketSnapshot, UnknownSnapshot)
}


def changed_fields(previous: Snapshot | None, current: Snapshot) -> frozenset[str]:
    """Name the snapshot fields whose value differs; on a first snapshot, all that are set."""
    if previous is None or type(previous) is not type(current):
        # A first snapshot differs from a blank one of its match wherever it says something.
        previous = type(current)(current.match_id)
    names, values = _READ_FIELDS[type(current)]
    # Parts a frame did not change are the very objects of the last snapshot: `is` settles
    # them without comparing field by field.
    changed = [
        name
        for name, new, old in zip(names, values(current), values(previous), strict=True)
        if new is not old and new != old
    ]
    if CLOCK in changed and _same_minute(previous, current):
        changed[changed.index(CLOCK)] = SECONDS
    return frozenset(changed)


def _same_minute(previous: Snapshot, current: Snapshot) -> bool:
    """Tell two soccer clocks apart only by their seconds or whether they run."""
    old = getattr(previous, "clock", None)
    new = getattr(current, "clock", None)
    return (
        old is not None
        and new is not None
        and (old.minute, old.period, old.added) == (new.minute, new.period, new.added)
    )


def identity_changed(previous: Snapshot | None, current: Snapshot) -> bool:
    """Tell a first snapshot, or one whose sport or team names differ, from the last."""
    return previous is None or (previous.sport, previous.home, previous.away) != (
        current.sport,
        current.home,
        current.away,
    )
