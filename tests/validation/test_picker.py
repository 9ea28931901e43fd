"""Tests of the match picker: its labels, and how it reads the catalog of a loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import (
    CLOSE_OF_PLAY,
    FINISHED,
    NOT_STARTED,
    STARTED,
    Match,
    SportrixClient,
    SportrixForbiddenError,
)
from custom_components.sportrix.picker import (
    PICKER_CONCURRENCY,
    PickerMatch,
    async_load_picker,
    match_label,
)
from custom_components.sportrix.validation import MatchIdsError, parse_picked_match_ids

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday
LONDON = ZoneInfo("Europe/London")


def _match(match_id: int, start: datetime, status: str = NOT_STARTED, **teams: str) -> Match:
    return Match(
        id=match_id,
        home_team=teams.get("home", "Arsenal"),
        away_team=teams.get("away", "Chelsea"),
        start_time=start,
        status=status,
    )


@pytest.mark.parametrize(
    ("match", "time_zone", "label"),
    [
        (
            _match(1, datetime(2026, 12, 5, 15, 0, tzinfo=UTC)),
            LONDON,
            "Arsenal vs Chelsea · Premier League · Sat 15:00",
        ),
        # Summer time in London; the kick-off is given in UTC.
        (
            _match(1, datetime(2026, 6, 6, 14, 0, tzinfo=UTC)),
            LONDON,
            "Arsenal vs Chelsea · Premier League · Sat 15:00",
        ),
        (
            _match(1, datetime(2026, 12, 5, 2, 30, tzinfo=UTC)),
            ZoneInfo("America/Los_Angeles"),
            "Arsenal vs Chelsea · Premier League · Fri 18:30",
        ),
        (
            _match(1, NOW, STARTED),
            LONDON,
            "Arsenal vs Chelsea · Premier League · In play",
        ),
        (
            _match(1, NOW, CLOSE_OF_PLAY),
            LONDON,
            "Arsenal vs Chelsea · Premier League · Close of play",
        ),
        (
            _match(7, datetime(2026, 12, 7, 9, 5, tzinfo=UTC), home=""),
            LONDON,
            "Match 7 · Premier League · Mon 09:05",
        ),
    ],
)
def test_match_label(match: Match, time_zone: ZoneInfo, label: str) -> None:
    assert match_label(PickerMatch(match, "Premier League"), time_zone) == label


def test_match_label_without_a_league_name() -> None:
    entry = PickerMatch(_match(1, NOW, STARTED), "")
    assert match_label(entry, LONDON) == "Arsenal vs Chelsea · In play"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([""], []),
        (["41282"], [41282]),
        (["41282", " 50001 "], [41282, 50001]),
        (["41282, 50001", "41282"], [41282, 50001]),
    ],
)
def test_parse_picked_match_ids(values: list[str], expected: list[int]) -> None:
    assert parse_picked_match_ids(values) == expected


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (["41282", "Arsenal"], "team_name_typed"),
        (["41282", "4l282"], "invalid_match_ids"),
        (["0"], "invalid_match_ids"),
    ],
)
def test_parse_picked_match_ids_refuses(values: list[str], reason: str) -> None:
    with pytest.raises(MatchIdsError) as caught:
        parse_picked_match_ids(values)
    assert caught.value.reason == reason


def test_two_typed_names_stay_apart() -> None:
    """Each typed value is its own: the error names the first one, not both run together."""
    with pytest.raises(MatchIdsError) as caught:
        parse_picked_match_ids(["Arsenal", "Chelsea"])
    assert caught.value.placeholders == {"value": "Arsenal"}


class FakeCatalog:
    """A loopback catalog of two sports whose match lists answer only once four are asked."""

    def __init__(self, leagues: dict[int, list[int]], matches: dict[int, list[dict[str, object]]]):
        """Serve leagues per sport and matches per league."""
        self.leagues = leagues
        self.matches = matches
        self.paths: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.gate = asyncio.Event()
        self.forbidden = False

    def app(self) -> web.Application:
        """Return the application serving the three catalog paths the picker reads."""
        app = web.Application()
        app.router.add_get("/api/sports", self.sports)
        app.router.add_get("/api/leagues/active", self.active_leagues)
        app.router.add_get("/api/matches/active", self.active_matches)
        return app

    async def sports(self, request: web.Request) -> web.Response:
        """List two sports, or refuse a key without the fixtures scope."""
        self.paths.append(request.path)
        if self.forbidden:
            return web.json_response({"detail": "Missing required scope: fixtures"}, status=403)
        return web.json_response([{"id": 1, "name": "Soccer"}, {"id": 2, "name": "Cricket"}])

    async def active_leagues(self, request: web.Request) -> web.Response:
        """List a sport's leagues."""
        self.paths.append(request.path)
        sport = int(request.query["sport"])
        items = [{"id": league, "name": f"League {league}"} for league in self.leagues[sport]]
        return web.json_response({"items": items, "has_more": False})

    async def active_matches(self, request: web.Request) -> web.Response:
        """List a league's matches once as many requests as the picker may make are waiting."""
        self.paths.append(request.path)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if self.in_flight == PICKER_CONCURRENCY:
            self.gate.set()
        try:
            # Held until as many as the picker may ask at once are waiting.
            async with asyncio.timeout(5):
                await self.gate.wait()
        finally:
            self.in_flight -= 1
        items = self.matches.get(int(request.query["league"]), [])
        return web.json_response({"items": items, "has_more": False})


def _json(match_id: int, start: datetime, status: str = NOT_STARTED) -> dict[str, object]:
    return {
        "id": match_id,
        "home_team": f"Home {match_id}",
        "away_team": f"Away {match_id}",
        "start_time": start.isoformat(),
        "status": status,
    }


@pytest.fixture
async def catalog(socket_enabled: None) -> AsyncIterator[tuple[FakeCatalog, SportrixClient]]:
    """Serve a catalog of six soccer leagues and one cricket league on loopback."""
    fake = FakeCatalog(
        leagues={1: [11, 12, 13, 14, 15, 16], 2: [21]},
        matches={
            11: [
                _json(1101, NOW + timedelta(days=2)),
                _json(1102, NOW - timedelta(minutes=30), STARTED),
                _json(1103, NOW - timedelta(hours=3), FINISHED),
            ],
            12: [
                _json(1201, NOW + timedelta(hours=1)),
                _json(1202, NOW + timedelta(days=7)),
                _json(1203, NOW + timedelta(days=7, seconds=1)),
            ],
            # The same match listed under two leagues is offered once.
            13: [_json(1201, NOW + timedelta(hours=1))],
            21: [_json(2101, NOW - timedelta(hours=2), STARTED)],
        },
    )
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession() as session:
        yield fake, SportrixClient("sk_test", session, base_url=f"http://127.0.0.1:{port}/api")
    await runner.cleanup()


async def test_load_picker_orders_and_filters(
    catalog: tuple[FakeCatalog, SportrixClient],
) -> None:
    """Sport by sport, by kick-off; unfinished matches up to a week ahead, each once."""
    _, client = catalog
    picked = await async_load_picker(client, NOW)
    assert [(entry.match.id, entry.league) for entry in picked] == [
        (1102, "League 11"),
        (1201, "League 12"),
        (1101, "League 11"),
        (1202, "League 12"),
        (2101, "League 21"),
    ]
    assert picked[0].fixture == "Home 1102 vs Away 1102"


async def test_load_picker_asks_few_and_four_at_once(
    catalog: tuple[FakeCatalog, SportrixClient],
) -> None:
    """One request for the sports, one per sport, one per league; never more than four at once."""
    fake, client = catalog
    await async_load_picker(client, NOW)
    assert fake.paths.count("/api/sports") == 1
    assert fake.paths.count("/api/leagues/active") == 2
    assert fake.paths.count("/api/matches/active") == 7
    assert fake.most_in_flight == PICKER_CONCURRENCY


async def test_load_picker_without_the_fixtures_scope(
    catalog: tuple[FakeCatalog, SportrixClient],
) -> None:
    """A key without the catalog gets the first request's 403, and nothing more is asked."""
    fake, client = catalog
    fake.forbidden = True
    with pytest.raises(SportrixForbiddenError):
        await async_load_picker(client, NOW)
    assert fake.paths == ["/api/sports"]
