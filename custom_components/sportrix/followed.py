"""One followed match as Home Assistant sees it: the engine's state plus catalog and refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .api import Match, Snapshot, SubscriptionRefusal
from .engine import MatchState

# Snapshot statuses of a match being played, breaks included.
IN_PLAY = frozenset({"live", "ht", "innings_break"})


@dataclass(slots=True)
class FollowedMatch:
    """Everything known about one followed match."""

    match_id: int
    state: MatchState
    catalog: Match | None = None
    refusal: SubscriptionRefusal | None = None
    device_id: str | None = None
    # A REST look-up of the match is under way; refusals meanwhile need no second one.
    looking_up: bool = False
    # Why it is followed: listed by the user, and the keys of the teams and competitions it serves.
    explicit: bool = False
    interests: frozenset[str] = frozenset()
    # The competition's name from the catalog, for a match found through it.
    league: str | None = None
    # When the stream first showed full time.
    finished_at: datetime | None = None

    @property
    def owner(self) -> str | None:
        """Return the subentry of its device: the one team or competition that alone brings it."""
        if self.explicit or len(self.interests) != 1:
            return None
        return next(iter(self.interests))

    @property
    def in_play(self) -> bool:
        """Tell whether the stream shows the match being played."""
        return self.state.status in IN_PLAY

    @property
    def competition(self) -> str | None:
        """Return the competition's name from the snapshot or the catalog."""
        snapshot = self.state.snapshot
        # Every sport's snapshot names it; one of a sport this client does not know may not.
        return getattr(snapshot, "competition", None) or self.league

    @property
    def snapshot(self) -> Snapshot | None:
        """Return the last snapshot taken."""
        return self.state.snapshot

    @property
    def sport(self) -> str | None:
        """Return the sport, once a snapshot has told it."""
        return self.state.sport

    @property
    def home(self) -> str | None:
        """Return the home team's name from the snapshot or the catalog."""
        return self.state.home or (self.catalog.home_team if self.catalog else None)

    @property
    def away(self) -> str | None:
        """Return the away team's name from the snapshot or the catalog."""
        return self.state.away or (self.catalog.away_team if self.catalog else None)

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
        if (status := self.state.status) is not None:
            return status
        if self.state.awaiting_kick_off or (self.catalog and self.catalog.status == "NOT_STARTED"):
            return "not_started"
        return None
