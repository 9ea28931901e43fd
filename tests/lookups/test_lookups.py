"""The REST look-ups against a loopback server: concurrency, Retry-After, scopes, a 401."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import SoccerSnapshot, SportrixClient
from custom_components.sportrix.log_once import LogOnce
from custom_components.sportrix.lookups import MAX_CONCURRENT_LOOKUPS, NOT_STARTED, RestLookups

MATCH = {
    "id": 41282,
    "home_team": "Home",
    "away_team": "Away",
    "start_time": "2026-06-18T02:00:00Z",
    "status": "STARTED",
}


@dataclass
class Api:
    """A loopback REST server whose answer each test sets, counting requests in flight."""

    url: str = ""
    status: int = 200
    body: object = field(default_factory=lambda: MATCH)
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    release: asyncio.Event | None = None

    async def handle(self, request: web.Request) -> web.Response:
        """Answer with the configured status, holding the request while release is unset."""
        self.requests.append(request.path)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.release is not None:
                await self.release.wait()
            return web.json_response(self.body, status=self.status, headers=self.headers)
        finally:
            self.in_flight -= 1


@pytest.fixture
async def api(socket_enabled: None) -> AsyncIterator[Api]:
    """Serve an Api on a free loopback port."""
    server = Api()
    app = web.Application()
    app.router.add_get("/api/{tail:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.url = f"http://127.0.0.1:{port}/api"
    yield server
    await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP session closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def lookups_for(api: Api, session: aiohttp.ClientSession, auth_failures: list[int]) -> RestLookups:
    """Return look-ups on the test server that count the key's rejections."""
    client = SportrixClient("sk_test_lookups", session, api.url)
    return RestLookups(client, on_auth_failed=lambda: auth_failures.append(1), log_once=LogOnce())


async def test_catalog_lookups_run_a_few_at_a_time(
    api: Api, session: aiohttp.ClientSession
) -> None:
    """Twenty look-ups at once never hold more than the bound of requests open."""
    api.release = asyncio.Event()
    lookups = lookups_for(api, session, [])
    tasks = [asyncio.create_task(lookups.catalog(41282)) for _ in range(20)]
    async with asyncio.timeout(5):
        while api.in_flight < MAX_CONCURRENT_LOOKUPS:
            await asyncio.sleep(0)
    api.release.set()
    results = await asyncio.gather(*tasks)
    assert api.most_in_flight == MAX_CONCURRENT_LOOKUPS
    assert len(api.requests) == 20
    assert {r.home_team if r else None for r in results} == {"Home"}


async def test_retry_after_keeps_look_ups_quiet(
    api: Api, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a 429 with Retry-After, nothing is asked until that time has passed."""
    api.status, api.body, api.headers = 429, {"detail": "slow down"}, {"Retry-After": "120"}
    lookups = lookups_for(api, session, [])
    assert await lookups.catalog(41282) is None
    assert await lookups.live(41282) is None
    assert await lookups.catalog(50001) is None
    assert len(api.requests) == 1

    loop = asyncio.get_running_loop()
    later = loop.time() + 121
    monkeypatch.setattr(loop, "time", lambda: later)
    api.status, api.body, api.headers = 200, MATCH, {}
    assert (await lookups.catalog(41282)) is not None
    assert len(api.requests) == 2


async def test_missing_scope_stops_asking(api: Api, session: aiohttp.ClientSession) -> None:
    """A 403 on the catalog or on live snapshots stops asking that endpoint, not the other."""
    api.status, api.body = 403, {"detail": "Missing required scope: fixtures"}
    lookups = lookups_for(api, session, [])
    assert await lookups.catalog(41282) is None
    assert await lookups.catalog(50001) is None
    assert api.requests == ["/api/matches/41282"]
    assert await lookups.live(41282) is None
    assert await lookups.live(41282) is None
    assert api.requests == ["/api/matches/41282", "/api/matches/41282/live"]


async def test_live_look_up_tells_not_started(api: Api, session: aiohttp.ClientSession) -> None:
    """A 404 on the live snapshot means the match has not started; a body is a snapshot."""
    lookups = lookups_for(api, session, [])
    api.status, api.body = 404, {"detail": "Not found"}
    assert await lookups.live(41301) is NOT_STARTED
    api.status = 200
    api.body = {"v": 1, "sport": "soccer", "status": "ft", "score": {"home": 1, "away": 0}}
    snapshot = await lookups.live(41250)
    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.match_id == 41250


async def test_rejected_key_is_reported(api: Api, session: aiohttp.ClientSession) -> None:
    """A 401 calls the owner back and yields nothing."""
    failures: list[int] = []
    lookups = lookups_for(api, session, failures)
    api.status, api.body = 401, {"detail": "Invalid API key"}
    assert await lookups.catalog(41282) is None
    assert await lookups.live(41282) is None
    assert failures == [1, 1]


async def test_unreachable_server_yields_nothing(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    """A server that cannot be reached is logged at debug and yields None."""
    client = SportrixClient("sk_test_lookups", session, "http://127.0.0.1:1/api")
    lookups = RestLookups(client, on_auth_failed=lambda: None, log_once=LogOnce())
    assert await lookups.catalog(41282) is None
    assert await lookups.live(41282) is None
