"""Shared simulator state: keys, leagues, matches and change notification."""

import asyncio
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from .catalog import EXTRA_TEAMS, LEAGUES, SPORTS, SYNTHETIC_LEAGUE, League, Sport
from .keys import DEMO_KEYS, ApiKey
from .match import MatchState
from .scripts import MatchDefinition
from .silks import team_slug

type MatchListener = Callable[[MatchState], None]


class AuthError(Exception):
    """Raise when a request's key is missing, unknown or expired (HTTP 401)."""


class Notifier:
    """Wake waiters whenever any state changes."""

    def __init__(self) -> None:
        """Start with nobody waiting."""
        self._changed = asyncio.Event()

    def notify(self) -> None:
        """Wake every current waiter so it re-checks its predicate."""
        # Swapping the event lets waiters wake once per change without anyone clearing it.
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float | None = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Return once predicate holds, re-checking on every change; raise TimeoutError.

        A timeout of None waits for as long as it takes.
        """
        async with asyncio.timeout(timeout):
            while not predicate():
                await self._changed.wait()


class SimState:
    """Hold the catalog, the keys and every match, and apply snapshot changes."""

    def __init__(
        self,
        definitions: Iterable[MatchDefinition],
        started: datetime,
        keys: Mapping[str, ApiKey] = DEMO_KEYS,
    ) -> None:
        """Build the state from match definitions, as of the start time."""
        self.notifier = Notifier()
        self.keys: dict[str, ApiKey] = dict(keys)
        self.sports: tuple[Sport, ...] = SPORTS
        self.leagues: dict[int, League] = {league.id: league for league in LEAGUES}
        self.matches: dict[int, MatchState] = {}
        self._listeners: list[MatchListener] = []
        for definition in definitions:
            if definition.league_id == SYNTHETIC_LEAGUE.id:
                self.leagues.setdefault(SYNTHETIC_LEAGUE.id, SYNTHETIC_LEAGUE)
            league = self.leagues.get(definition.league_id)
            if league is None:
                raise ValueError(f"match {definition.id}: unknown league {definition.league_id}")
            self.matches[definition.id] = MatchState.create(definition, league, started)

    def add_listener(self, listener: MatchListener) -> None:
        """Call listener with every match whose snapshot changes."""
        self._listeners.append(listener)

    def match(self, match_id: int) -> MatchState:
        """Return a match; raise KeyError for an unknown id."""
        try:
            return self.matches[match_id]
        except KeyError:
            raise KeyError(f"unknown match {match_id}") from None

    def sport_of_league(self, league: League) -> Sport:
        """Return the sport a league belongs to."""
        return next(sport for sport in self.sports if sport.id == league.sport_id)

    def teams(self, league: League) -> list[str]:
        """Return the names of a league's teams: those playing its matches and its extra ones."""
        names = set(EXTRA_TEAMS.get(league.id, ()))
        for match in self.matches.values():
            if match.league.id == league.id:
                names.update((match.definition.home, match.definition.away))
        return sorted(names)

    def team_by_slug(self, slug: str) -> str | None:
        """Return the name of the team of any league whose slug this is, if any."""
        return next(
            (
                name
                for league in self.leagues.values()
                for name in self.teams(league)
                if team_slug(name) == slug
            ),
            None,
        )

    def authenticate(self, key: str | None) -> ApiKey:
        """Return the active key for a key string; raise AuthError when missing or invalid."""
        if not key:
            raise AuthError("Missing API key")
        api_key = self.keys.get(key)
        if api_key is None:
            raise AuthError("Invalid API key")
        if not api_key.is_active():
            raise AuthError("API key expired")
        return api_key

    def commit(self, match_id: int, snapshot: dict[str, Any]) -> None:
        """Make a snapshot current for a match, tell the listeners and wake waiters."""
        match = self.match(match_id)
        match.apply(snapshot)
        for listener in self._listeners:
            listener(match)
        self.notifier.notify()
