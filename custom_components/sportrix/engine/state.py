"""One match as the engine holds it, what applying a frame gives back, and how frames arrive."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .events import MatchEvent
from .snapshots import Snapshot
from .status import NOT_STARTED


class Source(StrEnum):
    """Where a snapshot came from."""

    STREAM = "stream"
    # The REST API asked once, after a refusal: it may serve an older persisted state.
    REST = "rest"
    # The REST API polled in turn, for a key without the stream: in order, like the stream.
    POLL = "poll"
    # The result recorded at the final whistle: the final word on the score, asked after full
    # time; whatever it adds was missed and comes late.
    RESULT = "result"


@dataclass(frozen=True, slots=True)
class MatchState:
    """Everything the rules of a match need to know about it between two frames."""

    match_id: int
    snapshot: Snapshot | None = None
    # The catalog or the REST API said the match has not started: the next frame that has
    # started is a kick-off, and what it already shows happened since.
    awaiting_kick_off: bool = False
    # The connection dropped after a snapshot: the next stream frame is a delayed catch-up.
    gap: bool = False
    # The newest trusted updated_at taken; an older frame is stale. It outlives frames that
    # carry no time, so one such frame does not let stale ones back in.
    updated_at: datetime | None = None
    # The held snapshot has no score, but its play began after the match was first seen (a
    # kick-off, a new innings): the first score that arrives counts from nothing scored.
    counts_from_zero: bool = False
    # A frame with impossible values was seen; the caller says so once per match.
    implausible_seen: bool = False
    # The recorded result was taken: it is final, no later frame (a REST snapshot persisted
    # before it, with the same time) may take its score back.
    confirmed: bool = False

    @property
    def sport(self) -> str | None:
        """Return the sport, once a snapshot has told it."""
        return self.snapshot.sport if self.snapshot else None

    @property
    def home(self) -> str | None:
        """Return the home team's name, once a snapshot has told it."""
        return (self.snapshot.home or None) if self.snapshot else None

    @property
    def away(self) -> str | None:
        """Return the away team's name, once a snapshot has told it."""
        return (self.snapshot.away or None) if self.snapshot else None

    @property
    def status(self) -> str | None:
        """Return the snapshot status, or not_started while the server says so."""
        if self.snapshot is not None:
            return self.snapshot.status
        return NOT_STARTED if self.awaiting_kick_off else None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one frame did to a match."""

    state: MatchState
    events: tuple[MatchEvent, ...] = ()
    # Snapshot fields whose value differs from the previous snapshot's (every field set, on a
    # first snapshot); empty when the frame was not taken.
    changed: frozenset[str] = frozenset()
    # Sport or team names differ, or the first snapshot: rename the device, add entities.
    identity_changed: bool = False
    # Why the frame was not taken.
    ignored: str | None = None
    # Why the frame became the baseline without events.
    implausible: str | None = None
    # This is the match's first implausible frame: the one worth a log line.
    first_implausible: bool = False


def connection_lost(state: MatchState) -> MatchState:
    """Mark the next stream frame a catch-up, when there is a snapshot to catch up from."""
    if state.snapshot is None or state.gap:
        return state
    return replace(state, gap=True)


def expect_kick_off(state: MatchState) -> MatchState:
    """Mark the next started frame a kick-off, when the match has not been seen yet."""
    if state.snapshot is not None or state.awaiting_kick_off:
        return state
    return replace(state, awaiting_kick_off=True)
