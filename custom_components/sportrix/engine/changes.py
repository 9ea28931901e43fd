"""What a new snapshot changes: the fields entities read, and the match's identity."""

from __future__ import annotations

from dataclasses import MISSING, Field, fields

from .snapshots import Snapshot

# Unknown fields are kept in raw for diagnostics; no entity reads them.
_UNREAD = frozenset({"raw"})
_NO_DEFAULT = object()
_DEFAULTS: dict[type, tuple[tuple[str, object], ...]] = {}


def changed_fields(previous: Snapshot | None, current: Snapshot) -> frozenset[str]:
    """Name the snapshot fields whose value differs; on a first snapshot, all that are set."""
    if previous is None or type(previous) is not type(current):
        return frozenset(
            name for name, default in _defaults(current) if getattr(current, name) != default
        )
    return frozenset(
        name for name, _ in _defaults(current) if getattr(current, name) != getattr(previous, name)
    )


def identity_changed(previous: Snapshot | None, current: Snapshot) -> bool:
    """Tell a first snapshot, or one whose sport or team names differ, from the last."""
    return previous is None or (previous.sport, previous.home, previous.away) != (
        current.sport,
        current.home,
        current.away,
    )


def _defaults(snapshot: Snapshot) -> tuple[tuple[str, object], ...]:
    """Return each read field of the snapshot's type with its default value."""
    if (found := _DEFAULTS.get(type(snapshot))) is None:
        found = _DEFAULTS[type(snapshot)] = tuple(
            (field.name, _default(field)) for field in fields(snapshot) if field.name not in _UNREAD
        )
    return found


def _default(field: Field[object]) -> object:
    """Return a field's default; a field without one differs from every value."""
    if field.default is not MISSING:
        return field.default
    if field.default_factory is not MISSING:
        return field.default_factory()
    return _NO_DEFAULT
