"""Each match's entity callbacks, indexed by the snapshot fields each one shows."""

from __future__ import annotations

from collections.abc import Callable
import logging

_LOGGER = logging.getLogger(__name__)

# What changed in a match: names of snapshot fields, or None for everything.
type Changed = frozenset[str] | None
type Listener = Callable[[Changed], None]

# Distinct sets of changed fields are few (the clock; the clock and the stats...): each one's
# listeners are worked out once, and the cache starts over past this many.
_CACHED_SETS = 64


class MatchListeners:
    """The callbacks of one match's entities, each called only for frames it cares about.

    A frame a second moves the clock alone: only the entities that show the clock are called,
    not every entity of the match as a dispatcher signal would.
    """

    __slots__ = ("_fields", "_targets")

    def __init__(self) -> None:
        """Start with no listener."""
        # Each listener and the fields it shows (None: every change), in the order added.
        self._fields: dict[Listener, frozenset[str] | None] = {}
        self._targets: dict[frozenset[str], tuple[Listener, ...]] = {}

    def __bool__(self) -> bool:
        """Tell whether any listener is left."""
        return bool(self._fields)

    def add(self, listener: Listener, fields: frozenset[str] | None) -> Callable[[], None]:
        """Call listener for changes touching fields (every change: None); return the remover."""
        self._fields[listener] = fields
        self._targets.clear()

        def remove() -> None:
            if listener in self._fields:
                del self._fields[listener]
                self._targets.clear()

        return remove

    def notify(self, changed: Changed) -> None:
        """Call the listeners a change concerns (None: all), each once, in the order added."""
        if changed is None:
            targets: tuple[Listener, ...] = tuple(self._fields)
        elif (found := self._targets.get(changed)) is not None:
            targets = found
        else:
            targets = tuple(
                listener
                for listener, fields in self._fields.items()
                if fields is None or not fields.isdisjoint(changed)
            )
            if len(self._targets) >= _CACHED_SETS:
                self._targets.clear()
            self._targets[changed] = targets
        for listener in targets:
            try:
                listener(changed)
            except Exception:
                # One entity's bug must not keep the match's other entities stale.
                _LOGGER.exception("Error updating a Sportrix entity")


class EntryListeners:
    """The entity callbacks of every match of an entry, by match id."""

    __slots__ = ("_matches",)

    def __init__(self) -> None:
        """Start with no listener; a match followed again keeps its entities' callbacks."""
        self._matches: dict[int, MatchListeners] = {}

    def add(
        self, match_id: int, listener: Listener, fields: frozenset[str] | None
    ) -> Callable[[], None]:
        """Call listener for changes of a match touching fields; return the remover."""
        listeners = self._matches.setdefault(match_id, MatchListeners())
        remove = listeners.add(listener, fields)

        def stop() -> None:
            remove()
            if not listeners and self._matches.get(match_id) is listeners:
                del self._matches[match_id]

        return stop

    def notify(self, match_id: int, changed: Changed) -> None:
        """Call the listeners of a match that a change concerns (None: all)."""
        if (listeners := self._matches.get(match_id)) is not None:
            listeners.notify(changed)
