"""What a new snapshot changes: the fields entities read, and the match's identity."""

from __future__ import annotations

from dataclasses import fields

from .snapshots import Snapshot

# Unknown fields are kept in raw for diagnostics; no entity reads them.
_UNREAD = frozenset({"raw"})


def changed_fields(previous: Snapshot | None, current: Snapshot) -> frozenset[str]:
    """Name the snapshot fields whose value differs; on a first snapshot, all that are set."""
    if previous is None or type(previous) is not type(current):
        # A first snapshot differs from a blank one of its match wherever it says something.
        previous = type(current)(current.match_id)
    return frozenset(
        field.name
        for field in fields(current)
        if field.name not in _UNREAD
        and getattr(current, field.name) != getattr(previous, field.name)
    )


def identity_changed(previous: Snapshot | None, current: Snapshot) -> bool:
    """Tell a first snapshot, or one whose sport or team names differ, from the last."""
    return previous is None or (previous.sport, previous.home, previous.away) != (
        current.sport,
        current.home,
        current.away,
    )
