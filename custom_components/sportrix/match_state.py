"""What the integration knows about one followed match, and how snapshots replace each other."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from homeassistant.core import CALLBACK_TYPE

from .api import CricketSnapshot, Match, Snapshot, SoccerSnapshot, SubscriptionRefusal
from .const import NOT_LIVE_RETRY_INITIAL


@dataclass(slots=True)
class MatchState:
    """Everything known about one followed match."""

    match_id: int
    snapshot: Snapshot | None = None
    catalog: Match | None = None
    refusal: SubscriptionRefusal | None = None
    # The catalog or the REST API says the match has not started: its first frame from the
    # stream after that is a kick-off, and what it already shows happened since.
    awaiting_kick_off: bool = False
    # The stream dropped after a snapshot: the next one is diffed as a delayed catch-up.
    resync_pending: bool = False
    device_id: str | None = None
    retry_delay: float = NOT_LIVE_RETRY_INITIAL
    cancel_retry: CALLBACK_TYPE | None = field(default=None, repr=False)

    @property
    def sport(self) -> str | None:
        """Return the sport, once a snapshot has told it."""
        return self.snapshot.sport if self.snapshot else None

    @property
    def home(self) -> str | None:
        """Return the home team's name from the snapshot or the catalog."""
        if self.snapshot and self.snapshot.home:
            return self.snapshot.home
        return self.catalog.home_team if self.catalog else None

    @property
    def away(self) -> str | None:
        """Return the away team's name from the snapshot or the catalog."""
        if self.snapshot and self.snapshot.away:
            return self.snapshot.away
        return self.catalog.away_team if self.catalog else None

    @property
    def name(self) -> str:
        """Return the fixture's name, "Home vs Away", or a placeholder until it is known."""
        if self.home and self.away:
            return f"{self.home} vs {self.away}"
        return f"Match {self.match_id}"

    @property
    def kick_off(self) -> datetime | None:
        """Return the scheduled start from the catalog."""
        return self.catalog.start_time if self.catalog else None

    @property
    def status(self) -> str | None:
        """Return the snapshot status, or not_started while the server says so."""
        if self.snapshot is not None:
            return self.snapshot.status
        if self.awaiting_kick_off or (self.catalog and self.catalog.status == "NOT_STARTED"):
            return "not_started"
        return None


def is_older(snapshot: Snapshot, previous: Snapshot | None) -> bool:
    """Tell a frame that is older than the one already held, when both carry a time."""
    if not isinstance(snapshot, SoccerSnapshot | CricketSnapshot) or not isinstance(
        previous, SoccerSnapshot | CricketSnapshot
    ):
        return False
    if snapshot.updated_at is None or previous.updated_at is None:
        return False
    return snapshot.updated_at < previous.updated_at


def keep_score(snapshot: Snapshot, previous: Snapshot | None) -> Snapshot:
    """Carry the last known score over a frame that lacks one, so no goal goes unseen."""
    if (
        isinstance(snapshot, SoccerSnapshot)
        and isinstance(previous, SoccerSnapshot)
        and snapshot.score is None
        and previous.score is not None
    ):
        return replace(snapshot, score=previous.score)
    if (
        isinstance(snapshot, CricketSnapshot)
        and isinstance(previous, CricketSnapshot)
        and snapshot.score is None
        and previous.score is not None
    ):
        return replace(snapshot, score=previous.score)
    return snapshot
