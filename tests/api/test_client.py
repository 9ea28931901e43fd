"""Tests for the REST client, against the simulator and a scriptable fake server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import aiohttp
import pytest

from custom_components.sportrix.api import (
    CricketSnapshot,
    League,
    SoccerSnapshot,
    Sport,
    SportrixAuthError,
    SportrixClient,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
)
from custom_components.sportrix.api.client import MAX_BODY_BYTES
from sportrix_simulator import (
    FIRST_SYNTHETIC_ID,
    KEY_EXPIRED,
    KEY_FULL,
    KEY_SOCCER,
    KEY_STREAM_ONLY,
    Simulator,
)

from .common import load_json
from .conftest import FakeApi


def _client(sim: Simulator, session: aiohttp.ClientSession, key: str = KEY_FULL) -> SportrixClient:
    return SportrixClient(key, session, base_url=sim.api_url)


async def test_sports(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    assert await _client(simulator, session).sports() == [Sport(1, "Soccer"), Sport(2, "Cricket")]
    assert await _client(simulator, session, KEY_SOCCER).sports() == [Sport(1, "Soccer")]
    assert not session.closed


async def test_leagues_across_pages(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    client = SportrixClient(KEY_FULL, session, base_url=simulator.api_url, page_size=1)

    assert await client.leagues(1) == [
        League(101, "USA MLS Next Pro League"),
        League(102, "Swedish Division 2"),
    ]
    assert await client.leagues(2) == [League(201, "ICC Men's T20 Series")]
    assert await _client(simulator, session, KEY_SOCCER).leagues(2) == []


async def test_matches_across_pages(session: aiohttp.ClientSession) -> None:
    sim = Simulator(autoplay=False, synthetic=5)
    await sim.start(host="127.0.0.1", port=0)
    try:
        client = SportrixClient(KEY_FULL, session, base_url=sim.api_url, page_size=2)
        matches = await client.matches(190)
    finally:
        await sim.stop()

    assert [match.id for match in matches] == [FIRST_SYNTHETIC_ID + n for n in range(5)]
    assert all(match.status == "STARTED" for match in matches)


async def test_matches_filters(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(simulator, session)

    assert {match.id for match in await client.matches(102)} == {41250, 41301}
    assert [match.id for match in await client.matches(102, status="FINISHED")] == [41250]
    upcoming = (await client.match(41301)).start_time
    minute = timedelta(minutes=1)
    window = await client.matches(
        102, start_after=upcoming - minute, start_before=upcoming + minute
    )
    assert [match.id for match in window] == [41301]
    assert await client.matches(102, start_after=datetime(2999, 1, 1)) == []


async def test_match(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    match = await _client(simulator, session).match(41282)

    assert (match.id, match.home_team, match.away_team) == (
        41282,
        "Vancouver Whitecaps II",
        "The Town",
    )
    assert match.status == "STARTED"
    assert match.start_time.tzinfo is not None


async def test_live(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(simulator, session)

    soccer = await client.live(41282)
    assert isinstance(soccer, SoccerSnapshot)
    assert soccer.match_id == 41282
    assert soccer.home == "Vancouver Whitecaps II"
    assert soccer.score is not None

    cricket = await client.live(50001)
    assert isinstance(cricket, CricketSnapshot)
    assert cricket.batting == "India"
    assert cricket.score is not None


async def test_health(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    assert await _client(simulator, session, "not a key").health() is True


async def test_expired_key(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(simulator, session, KEY_EXPIRED)

    with pytest.raises(SportrixAuthError):
        await client.sports()
    with pytest.raises(SportrixAuthError):
        await client.live(41282)


async def test_missing_scope(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    client = _client(simulator, session, KEY_STREAM_ONLY)

    with pytest.raises(SportrixForbiddenError) as caught:
        await client.sports()
    assert caught.value.scope == "fixtures"
    # The live endpoint accepts the stream scope.
    assert isinstance(await client.live(41282), SoccerSnapshot)


async def test_not_found(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    with pytest.raises(SportrixNotFoundError):
        await _client(simulator, session).match(999999)
    with pytest.raises(SportrixNotFoundError):
        # Outside the key's sport allowlist is a 404, not a 403.
        await _client(simulator, session, KEY_SOCCER).match(50001)
    with pytest.raises(SportrixNotFoundError):
        # Not live yet: no snapshot recorded.
        await _client(simulator, session).live(41301)


async def test_unprocessable(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    with pytest.raises(SportrixError, match="status") as caught:
        await _client(simulator, session).matches(102, status="POSTPONED")
    assert type(caught.value) is SportrixError


async def test_connection_refused(session: aiohttp.ClientSession, closed_port: int) -> None:
    client = SportrixClient(KEY_FULL, session, base_url=f"http://127.0.0.1:{closed_port}/api")

    with pytest.raises(SportrixConnectionError):
        await client.sports()
    assert await client.health() is False


async def test_key_sent_in_header_only(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/sports", body=[{"id": 1, "name": "Soccer"}])

    await SportrixClient("sk_secret", session, base_url=fake_api.url).sports()

    (request,) = fake_api.requests
    assert request.headers["X-API-Key"] == "sk_secret"
    assert "sk_secret" not in request.url


async def test_health_sends_no_key(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/health", body="OK")

    assert await SportrixClient("sk_secret", session, base_url=fake_api.url).health() is True
    assert "X-API-Key" not in fake_api.requests[0].headers


async def test_health_failure_status(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/health", 503, {"detail": "Service Unavailable"})

    assert await SportrixClient(KEY_FULL, session, base_url=fake_api.url).health() is False


async def test_validation_error_list(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply(
        "/leagues",
        422,
        {
            "detail": [
                {"loc": ["query", "sport"], "msg": "Field required", "type": "missing"},
                {"msg": "Something else"},
                "odd entry",
            ]
        },
    )

    with pytest.raises(SportrixError) as caught:
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).leagues(1)
    assert type(caught.value) is SportrixError
    assert "query.sport: Field required; Something else; odd entry" in str(caught.value)


TOO_MANY = {"detail": "Too Many Requests"}


@pytest.mark.parametrize(
    ("status", "body", "retry_after_header", "retry_after"),
    [
        (429, TOO_MANY, "7", 7.0),
        (429, TOO_MANY, "Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        (503, TOO_MANY, "not a delay", None),
        (500, "Internal Server Error", None, None),
        (502, "<html>Bad gateway</html>", None, None),
        (503, {"detail": "Service Unavailable"}, "30", 30.0),
    ],
)
async def test_backoff_statuses(
    fake_api: FakeApi,
    session: aiohttp.ClientSession,
    status: int,
    body: object,
    *,
    retry_after_header: str | None,
    retry_after: float | None,
) -> None:
    headers = {} if retry_after_header is None else {"Retry-After": retry_after_header}
    fake_api.reply("/sports", status, body, **headers)

    with pytest.raises(SportrixConnectionError) as caught:
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()
    assert caught.value.retry_after == retry_after
    assert f"HTTP {status}" in str(caught.value)


async def test_forbidden_without_scope_detail(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    fake_api.reply("/sports", 403, "Forbidden")

    with pytest.raises(SportrixForbiddenError) as caught:
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()
    assert caught.value.scope is None


async def test_other_client_error(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/sports", 418, {"detail": "I'm a teapot"})

    with pytest.raises(SportrixError, match="teapot") as caught:
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()
    assert not isinstance(caught.value, SportrixConnectionError)


async def test_timeout(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.hang("/sports")
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, request_timeout=0.1)

    with pytest.raises(SportrixConnectionError, match="timed out"):
        await client.sports()


async def test_session_raising_for_status(fake_api: FakeApi) -> None:
    fake_api.reply("/matches/5", 404, {"detail": "Match not found"})

    async with aiohttp.ClientSession(raise_for_status=True) as strict_session:
        with pytest.raises(SportrixNotFoundError):
            await SportrixClient(KEY_FULL, strict_session, base_url=fake_api.url).match(5)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/sports", "not json"),
        ("/sports", {"items": []}),
        ("/leagues", [{"id": 1, "name": "Flat list"}]),
        ("/leagues", {"items": "nope", "has_more": False}),
    ],
)
async def test_unparsable_bodies(
    fake_api: FakeApi, session: aiohttp.ClientSession, path: str, body: object
) -> None:
    fake_api.reply(path, body=body)
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    call = client.sports if path == "/sports" else partial(client.leagues, 1)

    with pytest.raises(SportrixProtocolError):
        await call()


async def test_malformed_items_are_skipped(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.reply(
        "/sports", body=[{"id": 1, "name": "Soccer"}, {"name": "No id"}, "junk", {"id": 2}]
    )

    sports = await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()

    assert sports == [Sport(1, "Soccer"), Sport(2, "")]
    assert caplog.text.count("Skipping a malformed item from /sports") == 2


async def test_pagination_params_and_stop(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    pages = {
        "0": {"items": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}], "has_more": True},
        # The server clamped the page size: advance by what arrived, not by what was asked.
        "2": {"items": [{"id": 3, "name": "C"}], "has_more": True},
        # A server that claims more but sends nothing must not loop forever.
        "3": {"items": [], "has_more": True},
    }

    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        return aiohttp.web.json_response(pages[request.query["offset"]])

    fake_api.handlers["/leagues"] = handler
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    assert [league.id for league in await client.leagues(7)] == [1, 2, 3]
    assert [request.query for request in fake_api.requests] == [
        {"sport": "7", "limit": "2", "offset": "0"},
        {"sport": "7", "limit": "2", "offset": "2"},
        {"sport": "7", "limit": "2", "offset": "3"},
    ]


async def test_matches_query_format(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/matches", body={"items": [], "has_more": False})

    await SportrixClient(KEY_FULL, session, base_url=fake_api.url).matches(
        102,
        status="NOT_STARTED",
        start_after=datetime(2026, 6, 18, 4, 30, tzinfo=UTC).astimezone(),
        start_before=datetime(2026, 6, 19),
    )

    assert fake_api.requests[0].query == {
        "league": "102",
        "status": "NOT_STARTED",
        "start_after": "2026-06-18T04:30:00Z",
        "start_before": "2026-06-19T00:00:00Z",
        "limit": "200",
        "offset": "0",
    }


async def test_live_without_match_id(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/matches/41250/live", body=load_json("soccer_rest_live.json"))

    snapshot = await SportrixClient(KEY_FULL, session, base_url=fake_api.url).live(41250)

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.match_id == 41250


async def test_base_url_trailing_slash(fake_api: FakeApi, session: aiohttp.ClientSession) -> None:
    fake_api.reply("/sports", body=[])

    assert await SportrixClient(KEY_FULL, session, base_url=f"{fake_api.url}/").sports() == []
    assert fake_api.requests[0].path == "/sports"


async def test_oversized_bodies_are_not_read(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    big = [{"id": n, "name": "x" * 1000} for n in range(1, 1200)]
    fake_api.reply("/sports", body=big)

    async def chunked(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        # No Content-Length: the limit must hold while reading, not only from the header.
        response = aiohttp.web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(40):
            await response.write(b" " * 65536)
        await response.write(b"[]")
        return response

    fake_api.handlers["/leagues"] = chunked
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    with pytest.raises(SportrixProtocolError, match="more than 1048576 bytes"):
        await client.sports()
    with pytest.raises(SportrixProtocolError, match="more than 1048576 bytes"):
        await client.leagues(1)
    # Just under the limit is read.
    fake_api.reply("/sports", body=[{"id": 1, "name": "y" * (MAX_BODY_BYTES - 100)}])
    assert [sport.id for sport in await client.sports()] == [1]


async def test_oversized_error_body_keeps_its_status(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    fake_api.reply("/sports", 429, "x" * (MAX_BODY_BYTES + 1), **{"Retry-After": "12"})

    with pytest.raises(SportrixConnectionError) as caught:
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()
    assert caught.value.retry_after == 12.0
    assert str(caught.value) == "/sports: HTTP 429"


async def test_retry_after_on_a_session_raising_for_status(fake_api: FakeApi) -> None:
    fake_api.reply("/sports", 503, {"detail": "busy"}, **{"Retry-After": "30"})

    async with aiohttp.ClientSession(raise_for_status=True) as strict_session:
        with pytest.raises(SportrixConnectionError) as caught:
            await SportrixClient(KEY_FULL, strict_session, base_url=fake_api.url).sports()
    assert caught.value.retry_after == 30.0
