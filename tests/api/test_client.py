"""Tests for the REST client, against the simulator and a scriptable fake server."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
import logging

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
from custom_components.sportrix.api.client import MAX_BODY_BYTES, MAX_ITEMS
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


CLIENT_LOGGER = "custom_components.sportrix.api.client"


def _client_logs(caplog: pytest.LogCaptureFixture, text: str, level: int) -> int:
    return sum(
        1
        for record in caplog.records
        if record.name == CLIENT_LOGGER and record.levelno == level and text in record.message
    )


def _match(match_id: int, start_time: str, **fields: str) -> dict[str, object]:
    return {
        "id": match_id,
        "home_team": "Home",
        "away_team": "Away",
        "start_time": start_time,
        "status": "NOT_STARTED",
    } | fields


def _envelope(items: Sequence[object], *, has_more: bool, **fields: object) -> dict[str, object]:
    return {"items": list(items), "has_more": has_more} | fields


async def test_placeholder_start_times_skip_the_match(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CLIENT_LOGGER)
    items = [
        _match(1, "2026-06-18T02:00:00Z"),
        _match(2, "0001-01-01T00:00:00Z"),
        _match(3, "9999-12-31T23:59:59Z"),
    ]
    fake_api.reply("/matches", body=_envelope(items, has_more=False))
    fake_api.reply("/matches/live", body=items)
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    for _ in range(3):
        matches = await client.matches(102)
        assert [match.id for match in matches] == [1]
        # What the integration does with a kick-off: a window before it, local time anywhere.
        kick_off = matches[0].start_time
        (kick_off - timedelta(minutes=15)).astimezone(timezone(timedelta(hours=-12)))
    assert [match.id for match in await client.live_matches(1)] == [1]

    skipped = "Skipping a malformed item from /matches: match has no valid start_time"
    assert _client_logs(caplog, skipped, logging.WARNING) == 2
    assert _client_logs(caplog, skipped, logging.DEBUG) == 4
    assert _client_logs(caplog, "from /matches/live", logging.WARNING) == 2


async def test_malformed_items_are_warned_about_once_each(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CLIENT_LOGGER)
    sports: list[object] = [{"id": 1, "name": "Soccer"}, {"name": "No id"}]
    fake_api.reply("/sports", body=sports)
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    # A day of polls every 20 minutes.
    for _ in range(72):
        assert await client.sports() == [Sport(1, "Soccer")]
    assert _client_logs(caplog, "Skipping a malformed item", logging.WARNING) == 1
    assert _client_logs(caplog, "Skipping a malformed item", logging.DEBUG) == 71

    # Another bad item is news; the first one still is not.
    sports.append("junk")
    await client.sports()
    assert _client_logs(caplog, "Skipping a malformed item", logging.WARNING) == 2
    # Each client (a config entry) warns for itself.
    await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()
    assert _client_logs(caplog, "Skipping a malformed item", logging.WARNING) == 4


async def test_paging_stops_when_the_server_ignores_offset(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CLIENT_LOGGER)
    page = _envelope([{"id": 1, "name": "A"}, {"id": 2, "name": "B"}], has_more=True)
    fake_api.reply("/leagues", body=page)
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    for poll in range(1, 4):
        assert [league.id for league in await client.leagues(1)] == [1, 2]
        assert len(fake_api.requests) == 2 * poll
    stopped = "Stopped paging /leagues: the same page came back"
    assert _client_logs(caplog, stopped, logging.WARNING) == 1
    assert _client_logs(caplog, stopped, logging.DEBUG) == 2


async def test_paging_stops_on_a_page_with_nothing_new(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    pages = {
        "0": [{"id": 1}, {"id": 2}],
        "2": [{"id": 3}, {"id": 4}],
        "4": [{"id": 2}, {"id": 3}],
    }

    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        return aiohttp.web.json_response(_envelope(pages[request.query["offset"]], has_more=True))

    fake_api.handlers["/leagues"] = handler
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    assert [league.id for league in await client.leagues(1)] == [1, 2, 3, 4]
    assert len(fake_api.requests) == 3
    assert (
        _client_logs(
            caplog, "Stopped paging /leagues: a page brought no new items", logging.WARNING
        )
        == 1
    )


async def test_items_repeated_across_pages_are_kept_once(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    # A match added while paging shifts the next page by one.
    pages = {"0": ([1, 2], True), "2": ([2, 3], False)}

    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        ids, more = pages[request.query["offset"]]
        items = [_match(n, "2026-06-18T02:00:00Z") for n in ids]
        return aiohttp.web.json_response(_envelope(items, has_more=more))

    fake_api.handlers["/matches"] = handler
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    assert [match.id for match in await client.matches(102)] == [1, 2, 3]


async def test_paging_stops_at_the_total(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    async def handler(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        offset = int(request.query["offset"])
        items = [{"id": n, "name": f"L{n}"} for n in range(offset + 1, offset + 3)]
        return aiohttp.web.json_response(_envelope(items, has_more=True, total=5))

    fake_api.handlers["/leagues"] = handler
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    assert [league.id for league in await client.leagues(1)] == [1, 2, 3, 4, 5, 6]
    assert len(fake_api.requests) == 3
    # The server's own count ends it: nothing to warn about.
    assert _client_logs(caplog, "Stopped paging", logging.WARNING) == 0


async def test_paging_stops_at_the_item_cap(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=CLIENT_LOGGER)

    async def endless(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        offset, limit = int(request.query["offset"]), int(request.query["limit"])
        items = [_match(n, "2026-06-18T02:00:00Z") for n in range(offset + 1, offset + limit + 1)]
        return aiohttp.web.json_response(_envelope(items, has_more=True))

    fake_api.handlers["/matches"] = endless
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    for _ in range(2):
        assert len(await client.matches(102)) == MAX_ITEMS == 2000
    # Ten pages of the documented maximum of 200, per poll.
    assert len(fake_api.requests) == 2 * 10
    stopped = "Stopped paging /matches at 2000 items"
    assert _client_logs(caplog, stopped, logging.WARNING) == 1
    assert _client_logs(caplog, stopped, logging.DEBUG) == 1


async def test_teams_are_paged_by_name(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    # Teams have no id: a server ignoring offset sends the same names again.
    teams = [{"name": "Täby FK", "silk_url": ""}, {"name": "Karlbergs BK", "silk_url": ""}]
    fake_api.reply("/teams", body=_envelope(teams, has_more=True))
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url, page_size=2)

    assert [team.name for team in await client.teams(102)] == ["Täby FK", "Karlbergs BK"]
    # The first answer, then the pages from the start until one repeats.
    assert len(fake_api.requests) == 3
    assert (
        _client_logs(caplog, "Stopped paging /teams: the same page came back", logging.WARNING) == 1
    )


async def test_kit_pictures_must_be_https(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    silks = {
        "A": "https://cdn.example/a.png",
        "B": " HTTPS://cdn.example/b.png ",
        "C": "http://cdn.example/c.png",
        "D": "https://",
        "E": "//cdn.example/e.png",
        "F": "javascript:alert(1)",
        "G": "https://[::1/g.png",
        "H": "",
        "I": "http://127.0.0.1:8123/i.png",
        "J": "http://localhost/j.png",
    }
    fake_api.reply("/teams", body=[{"name": n, "silk_url": url} for n, url in silks.items()])

    teams = await SportrixClient(KEY_FULL, session, base_url=fake_api.url).teams(1)

    assert {team.name: team.silk_url for team in teams} == {
        "A": "https://cdn.example/a.png",
        "B": "HTTPS://cdn.example/b.png",
        "C": None,
        "D": None,
        "E": None,
        "F": None,
        "G": None,
        "H": None,
        # Plain http only for this computer, as for the server addresses.
        "I": "http://127.0.0.1:8123/i.png",
        "J": "http://localhost/j.png",
    }


async def test_kit_pictures_of_the_simulator(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    teams = {team.name: team.silk_url for team in await _client(simulator, session).teams(102)}

    assert teams["Täby FK"] == f"{simulator.base_url}/silks/taby-fk.svg"
    assert teams["Karlbergs BK"] is None


async def test_catalog_names_are_normalised(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    fake_api.reply("/sports", body=[{"id": 1, "name": " Soccer\n"}])
    fake_api.reply(
        "/leagues", body=_envelope([{"id": 7, "name": "\tAllsvenskan  "}], has_more=False)
    )
    fake_api.reply("/teams", body=[{"name": " Ta\u0308by FK ", "silk_url": ""}, {"name": "  "}])
    match = _match(1, "2026-06-18T02:00:00Z", home_team="  Ta\u0308by FK", away_team="AIK\u00a0")
    fake_api.reply("/matches", body=_envelope([match], has_more=False))
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    assert await client.sports() == [Sport(1, "Soccer")]
    assert await client.leagues(1) == [League(7, "Allsvenskan")]
    # A name that is all blanks is no name: that team is malformed.
    assert [team.name for team in await client.teams(7)] == ["Täby FK"]
    (parsed,) = await client.matches(7)
    assert (parsed.home_team, parsed.away_team) == ("Täby FK", "AIK")


async def test_names_from_the_simulator_are_normalised(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    # Padded and decomposed as the real catalog sometimes has them; the case is kept.
    simulator.add_match(41320, 41401, home=" Ta\u0308by FK ", away="sollentuna FK\t", league_id=102)
    client = _client(simulator, session)

    added = await client.match(41401)
    assert (added.home_team, added.away_team) == ("Täby FK", "sollentuna FK")
    listed = {match.id: match for match in await client.matches(102)}
    assert (listed[41401].home_team, listed[41401].away_team) == ("Täby FK", "sollentuna FK")


async def test_error_details_are_cut_to_200_characters(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)

    fake_api.reply("/sports", 418, {"detail": "x" * 5000})
    with pytest.raises(SportrixError) as caught:
        await client.sports()
    assert str(caught.value) == "/sports: HTTP 418: " + "x" * 199 + "…"

    fake_api.reply("/sports", 502, "<html>" + "y" * 5000)
    with pytest.raises(SportrixConnectionError) as caught_text:
        await client.sports()
    assert str(caught_text.value) == "/sports: HTTP 502: <html>" + "y" * 193 + "…"

    fake_api.reply("/leagues", 422, {"detail": [{"loc": ["query", "sport"], "msg": "m" * 300}]})
    with pytest.raises(SportrixError) as caught_list:
        await client.leagues(1)
    assert len(str(caught_list.value)) == len("/leagues: HTTP 422: ") + 200


async def test_logged_malformed_items_are_cut_to_200_characters(
    fake_api: FakeApi, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    item = {f"field{n}": "v" * 300 for n in range(8)}
    fake_api.reply("/sports", body=[item])

    await SportrixClient(KEY_FULL, session, base_url=fake_api.url).sports()

    (record,) = [r for r in caplog.records if r.name == CLIENT_LOGGER]
    prefix = "Skipping a malformed item from /sports: sport has no valid id: "
    assert record.getMessage().startswith(prefix + "{'field0': 'vvv")
    assert len(record.getMessage()) == len(prefix) + 200
    assert record.getMessage().endswith("…")


async def test_long_feed_text_is_kept_whole(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    # Cutting text to what an entity state holds is for the entities to do.
    name = "Club " + "n" * 300
    fake_api.reply("/teams", body=[{"name": name, "silk_url": ""}])

    (team,) = await SportrixClient(KEY_FULL, session, base_url=fake_api.url).teams(1)

    assert team.name == name
