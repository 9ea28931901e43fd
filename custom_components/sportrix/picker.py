"""The match picker: live and upcoming matches of the catalog, labelled for a select field."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Final

from .api import CLOSE_OF_PLAY, FINISHED, STARTED, League, Match, SportrixClient

# Matches kicking off later than this are left out: the list would grow past reading.
PICKER_HORIZON: Final = timedelta(days=7)
# Catalog requests in flight at once while the picker loads.
PICKER_CONCURRENCY: Final = 4
LABEL_SEPARATOR: Final = " · "
# Labels are plain text (a select's options are not translated): English, like the catalog.
_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_IN_PLAY: Final = {STARTED: "In play", CLOSE_OF_PLAY: "Close of play"}


@dataclass(frozen=True, slots=True)
class PickerMatch:
    """A match the picker offers: the catalog's match and the league it is played in."""

    match: Match
    league: str
    # "Home vs Away" as the entry following the match knows it, for a catalog that names no teams.
    known_name: str | None = None

    @property
    def fixture(self) -> str:
        """Return "Home vs Away", or "Match <id>" while nobody names the teams."""
        if self.known_name and not (self.match.home_team and self.match.away_team):
            return self.known_name
        return fixture_name(self.match)


def named_match(entry: PickerMatch, known_name: str) -> PickerMatch:
    """Return a listed match that falls back on the name its entry knows."""
    return replace(entry, known_name=known_name)


def fixture_name(match: Match) -> str:
    """Return a catalog match's "Home vs Away", or "Match <id>" without both team names."""
    if match.home_team and match.away_team:
        return f"{match.home_team} vs {match.away_team}"
    return f"Match {match.id}"


def match_label(entry: PickerMatch, time_zone: tzinfo) -> str:
    """Return "Arsenal vs Chelsea · Premier League · Sat 15:00", or "· In play" once started."""
    match = entry.match
    if (in_play := _IN_PLAY.get(match.status)) is not None:
        when = in_play
    else:
        local = match.start_time.astimezone(time_zone)
        when = f"{_WEEKDAYS[local.weekday()]} {local:%H:%M}"
    return LABEL_SEPARATOR.join(part for part in (entry.fixture, entry.league, when) if part)


def followed_label(name: str, competition: str | None, *, finished: bool) -> str:
    """Return "Arsenal vs Chelsea · Premier League · Finished" for a followed match not listed."""
    parts = (name, competition, "Finished" if finished else None)
    return LABEL_SEPARATOR.join(part for part in parts if part)


async def async_load_picker(client: SportrixClient, now: datetime) -> list[PickerMatch]:
    """Return the live and upcoming matches of every sport the key sees, sport by sport.

    Within a sport the matches are ordered by kick-off. Raises the client's errors: a key
    without the fixtures scope gets SportrixForbiddenError from the first request.
    """
    limit = asyncio.Semaphore(PICKER_CONCURRENCY)

    async def limited[T](call: Callable[[], Awaitable[T]]) -> T:
        async with limit:
            return await call()

    async def league_matches(league: League) -> list[PickerMatch]:
        matches = await limited(partial(client.active_matches, league.id))
        return [PickerMatch(match, league.name) for match in matches]

    sports = await client.sports()
    leagues_of_sports = await asyncio.gather(
        *(limited(partial(client.active_leagues, sport.id)) for sport in sports)
    )
    # Every league of every sport at once (within the limit), then grouped back by sport.
    matches_of_leagues = iter(
        await asyncio.gather(
            *(league_matches(league) for leagues in leagues_of_sports for league in leagues)
        )
    )
    picked: list[PickerMatch] = []
    for leagues in leagues_of_sports:
        sport_matches = [entry for _ in leagues for entry in next(matches_of_leagues)]
        picked.extend(_upcoming(sport_matches, now))
    return picked


def _upcoming(entries: list[PickerMatch], now: datetime) -> list[PickerMatch]:
    """Return one sport's unfinished matches up to the horizon, by kick-off, each once."""
    horizon = now + PICKER_HORIZON
    seen: dict[int, PickerMatch] = {}
    for entry in entries:
        match = entry.match
        if match.status != FINISHED and match.start_time <= horizon:
            seen.setdefault(match.id, entry)
    return sorted(seen.values(), key=lambda entry: (entry.match.start_time, entry.match.id))
