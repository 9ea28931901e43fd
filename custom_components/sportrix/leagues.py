"""The catalog matches of the followed leagues, as the last successful poll of each listed them."""

from __future__ import annotations

from datetime import datetime

from .interests import HORIZON, LOOKBACK, Fixture, Interest
from .lookups import RestLookups


class LeagueCatalog:
    """Keep each followed league's matches; a failed poll keeps the last answer."""

    def __init__(self, lookups: RestLookups) -> None:
        """Ask through lookups."""
        self._lookups = lookups
        # Per league: its sport, its name, and the matches of its last successful poll.
        self._leagues: dict[int, tuple[str, str]] = {}
        self._fixtures: dict[int, dict[int, Fixture]] = {}
        self.polled_at: datetime | None = None

    def set_interests(self, interests: list[Interest]) -> set[int]:
        """Follow the leagues of interests; forget dropped ones; return the new league ids."""
        leagues = {i.league_id: (i.sport, i.league) for i in interests}
        new = set(leagues) - set(self._leagues)
        for league_id in set(self._leagues) - set(leagues):
            self._fixtures.pop(league_id, None)
        self._leagues = leagues
        return new

    def fixtures(self) -> list[Fixture]:
        """Return every known match of the followed leagues."""
        return [f for league in self._fixtures.values() for f in league.values()]

    def by_id(self) -> dict[int, Fixture]:
        """Return the known matches by id."""
        return {f.match.id: f for league in self._fixtures.values() for f in league.values()}

    def listed(self, match_id: int) -> bool:
        """Tell whether the last poll of any league listed a match."""
        return any(match_id in league for league in self._fixtures.values())

    async def poll(self, now: datetime) -> bool:
        """Ask for each followed league's matches; return whether every league answered."""
        answered = True
        for league_id in list(self._leagues):
            matches = await self._lookups.league(league_id, now - LOOKBACK, now + HORIZON)
            # The league may have been dropped while the catalog answered.
            if (known := self._leagues.get(league_id)) is None:
                continue
            if matches is None:
                answered = False
                continue
            sport, league = known
            self._fixtures[league_id] = {
                m.id: Fixture(m, sport, league_id, league) for m in matches
            }
        if answered and self._leagues:
            self.polled_at = now
        return answered
