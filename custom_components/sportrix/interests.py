"""Followed teams and competitions, and which of their matches to follow when.

Pure rules, no Home Assistant imports: a match of a followed team or competition is followed
from FOLLOW_BEFORE its kick-off until FOLLOW_AFTER its full time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .api import FINISHED, Match
from .teams import Side, side_of

FOLLOW_BEFORE = timedelta(minutes=15)
FOLLOW_AFTER = timedelta(hours=2)
# How long a match lasts when nobody saw it end: a calendar slot, and a full time guessed.
MATCH_LENGTH = {"soccer": timedelta(hours=2), "cricket": timedelta(hours=4)}
DEFAULT_MATCH_LENGTH = timedelta(hours=3)
# The catalog is asked for matches from this long ago (a long cricket day) to HORIZON ahead.
LOOKBACK = timedelta(hours=12)
HORIZON = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Interest:
    """A followed team (team set) or competition (team None), from a config subentry."""

    key: str
    sport: str
    league_id: int
    league: str
    team: str | None = None
    silk_url: str | None = None

    def concerns(self, match: Match) -> bool:
        """Tell whether a match of this interest's league is one it follows."""
        if self.team is None:
            return True
        return self.side(match) is not None

    def side(self, match: Match) -> Side | None:
        """Return "home" or "away" for the followed team's side in a match, else None."""
        if self.team is None:
            return None
        return side_of(self.team, match.home_team, match.away_team)


@dataclass(frozen=True, slots=True)
class Fixture:
    """A catalog match of a followed league, with the competition it belongs to."""

    match: Match
    sport: str
    league_id: int
    league: str

    @property
    def expected_end(self) -> datetime:
        """Return when the match should be over, by its sport's usual length."""
        return self.match.start_time + MATCH_LENGTH.get(self.sport, DEFAULT_MATCH_LENGTH)


def window(fixture: Fixture, finished_at: datetime | None) -> tuple[datetime, datetime | None]:
    """Return when following a match starts and ends (None: not known to end yet)."""
    start = fixture.match.start_time - FOLLOW_BEFORE
    if finished_at is None and fixture.match.status == FINISHED:
        finished_at = fixture.expected_end
    return start, None if finished_at is None else finished_at + FOLLOW_AFTER


def wanted(
    fixtures: Iterable[Fixture],
    interests: Iterable[Interest],
    now: datetime,
    finished: Mapping[int, datetime],
) -> dict[int, frozenset[str]]:
    """Return the matches to follow now, each with the keys of the interests it serves."""
    by_league: dict[int, list[Interest]] = {}
    for interest in interests:
        by_league.setdefault(interest.league_id, []).append(interest)
    found: dict[int, frozenset[str]] = {}
    for fixture in fixtures:
        start, end = window(fixture, finished.get(fixture.match.id))
        if not (start <= now and (end is None or now < end)):
            continue
        keys = frozenset(
            i.key for i in by_league.get(fixture.league_id, ()) if i.concerns(fixture.match)
        )
        if keys:
            found[fixture.match.id] = found.get(fixture.match.id, frozenset()) | keys
    return found


def next_change(
    fixtures: Iterable[Fixture], now: datetime, finished: Mapping[int, datetime]
) -> datetime | None:
    """Return the next time a window opens or closes, when the followed set may change."""
    times = [
        edge
        for fixture in fixtures
        for edge in window(fixture, finished.get(fixture.match.id))
        if edge is not None and edge > now
    ]
    return min(times, default=None)


def team_fixtures(interest: Interest, fixtures: Iterable[Fixture], now: datetime) -> list[Fixture]:
    """Return an interest's matches from LOOKBACK ago to HORIZON ahead, by kick-off."""
    return sorted(
        (
            f
            for f in fixtures
            if f.league_id == interest.league_id
            and interest.concerns(f.match)
            and now - LOOKBACK <= f.match.start_time <= now + HORIZON
        ),
        key=lambda f: (f.match.start_time, f.match.id),
    )
