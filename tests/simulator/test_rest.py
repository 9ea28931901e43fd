"""The REST API: catalog, pagination, live snapshots, results, scopes and allowlists."""

from typing import Any

import aiohttp
import pytest

from sportrix_simulator import (
    KEY_EXPIRED,
    KEY_FULL,
    KEY_LIVE_ONLY,
    KEY_SOCCER,
    KEY_STREAM_ONLY,
    Simulator,
)


async def get(
    session: aiohttp.ClientSession,
    sim: Simulator,
    path: str,
    key: str | None = KEY_FULL,
    **params: Any,
) -> tuple[int, Any]:
    """GET an API path and return the status and the JSON body."""
    headers = {"X-API-Key": key} if key else {}
    async with session.get(sim.api_url + path, headers=headers, params=params) as response:
        return response.status, await response.json()


async def test_health_needs_no_key(sim: Simulator, session: aiohttp.ClientSession) -> None:
    assert await get(session, sim, "/health", key=None) == (200, {"status": "ok"})


async def test_sports(sim: Simulator, session: aiohttp.ClientSession) -> None:
    assert await get(session, sim, "/sports") == (
        200,
        [{"id": 1, "name": "Soccer"}, {"id": 2, "name": "Cricket"}],
    )
    # Only the sports the key can access.
    assert await get(session, sim, "/sports", KEY_SOCCER) == (200, [{"id": 1, "name": "Soccer"}])


async def test_leagues_envelope(sim: Simulator, session: aiohttp.ClientSession) -> None:
    status, body = await get(session, sim, "/leagues", sport=1)
    assert status == 200
    assert body == {
        "items": [
            {"id": 101, "name": "USA MLS Next Pro League"},
            {"id": 102, "name": "Swedish Division 2"},
        ],
        "total": 2,
        "limit": 100,
        "offset": 0,
        "count": 2,
        "page": 1,
        "total_pages": 1,
        "has_more": False,
    }
    _, cricket = await get(session, sim, "/leagues", sport=2)
    assert cricket["items"] == [{"id": 201, "name": "ICC Men's T20 Series"}]


async def test_leagues_outside_allowlist_are_empty(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    status, body = await get(session, sim, "/leagues", KEY_SOCCER, sport=2)
    assert status == 200
    assert body["items"] == []
    assert body["total"] == 0
    assert body["has_more"] is False
    assert (await get(session, sim, "/leagues", sport=99))[1]["items"] == []


async def test_pagination(sim: Simulator, session: aiohttp.ClientSession) -> None:
    _, first = await get(session, sim, "/leagues", sport=1, limit=1)
    assert first["items"] == [{"id": 101, "name": "USA MLS Next Pro League"}]
    assert (first["total"], first["limit"], first["offset"], first["count"]) == (2, 1, 0, 1)
    assert (first["page"], first["total_pages"], first["has_more"]) == (1, 2, True)
    _, second = await get(session, sim, "/leagues", sport=1, limit=1, offset=1)
    assert second["items"] == [{"id": 102, "name": "Swedish Division 2"}]
    assert (second["page"], second["has_more"], second["count"]) == (2, False, 1)
    _, beyond = await get(session, sim, "/leagues", sport=1, offset=5)
    assert (beyond["items"], beyond["count"], beyond["has_more"]) == ([], 0, False)
    _, clamped = await get(session, sim, "/leagues", sport=1, limit=5000)
    assert clamped["limit"] == 200


async def test_synthetic_matches_paginate(socket_enabled: None) -> None:
    sim = Simulator(synthetic=250)
    await sim.start()
    try:
        async with aiohttp.ClientSession() as session:
            _, page = await get(session, sim, "/matches", league=190, limit=500)
            assert (page["total"], page["limit"], page["count"]) == (250, 200, 200)
            assert (page["total_pages"], page["has_more"]) == (2, True)
            _, rest = await get(session, sim, "/matches", league=190, limit=200, offset=200)
            assert (rest["count"], rest["page"], rest["has_more"]) == (50, 2, False)
            ids = [m["id"] for m in page["items"] + rest["items"]]
            assert sorted(ids) == list(range(900001, 900251))
    finally:
        await sim.stop()


async def test_active_leagues(sim: Simulator, session: aiohttp.ClientSession) -> None:
    _, body = await get(session, sim, "/leagues/active", sport=1)
    assert [league["id"] for league in body["items"]] == [101, 102]
    await sim.finish(41282)
    # 41320 is still to come in league 101.
    _, body = await get(session, sim, "/leagues/active", sport=1)
    assert [league["id"] for league in body["items"]] == [101, 102]
    await sim.finish(41320)
    _, body = await get(session, sim, "/leagues/active", sport=1)
    assert [league["id"] for league in body["items"]] == [102]


async def test_matches_and_filters(sim: Simulator, session: aiohttp.ClientSession) -> None:
    _, body = await get(session, sim, "/matches", league=102)
    items = body["items"]
    assert [m["id"] for m in items] == [41250, 41301]
    not_started = items[1]
    assert not_started == {
        "id": 41301,
        "home_team": "Salmon Bay FC (W)",
        "away_team": "West Seattle Rhodies FC (W)",
        "start_time": not_started["start_time"],
        "status": "NOT_STARTED",
    }
    assert not_started["start_time"].endswith("Z")
    _, finished = await get(session, sim, "/matches", league=102, status="FINISHED")
    assert [m["id"] for m in finished["items"]] == [41250]
    start = not_started["start_time"]
    _, after = await get(session, sim, "/matches", league=102, start_after=start)
    assert [m["id"] for m in after["items"]] == [41301]
    _, before = await get(session, sim, "/matches", league=102, start_before=start)
    assert [m["id"] for m in before["items"]] == [41250, 41301]
    _, strictly_before = await get(
        session, sim, "/matches", league=102, start_before="2000-01-01T00:00:00Z"
    )
    assert strictly_before["items"] == []


async def test_active_and_live_matches(sim: Simulator, session: aiohttp.ClientSession) -> None:
    _, active = await get(session, sim, "/matches/active", league=102)
    assert [m["id"] for m in active["items"]] == [41301]
    status, live = await get(session, sim, "/matches/live", sport=1)
    assert status == 200
    assert [m["id"] for m in live] == [41282]
    assert live[0]["status"] == "STARTED"
    await sim.kick_off(41301)
    _, live = await get(session, sim, "/matches/live", sport=1)
    assert sorted(m["id"] for m in live) == [41282, 41301]
    assert (await get(session, sim, "/matches/live", KEY_SOCCER, sport=2)) == (200, [])


async def test_match(sim: Simulator, session: aiohttp.ClientSession) -> None:
    status, body = await get(session, sim, "/matches/50001")
    assert status == 200
    assert (body["home_team"], body["away_team"], body["status"]) == (
        "India",
        "Australia",
        "STARTED",
    )


@pytest.mark.parametrize("path", ["/matches/50001", "/matches/50001/live", "/matches/50001/result"])
async def test_outside_allowlist_is_404(
    sim: Simulator, session: aiohttp.ClientSession, path: str
) -> None:
    assert await get(session, sim, path, KEY_SOCCER) == (404, {"detail": "Match not found"})


@pytest.mark.parametrize("path", ["/matches/99999", "/matches/99999/live"])
async def test_unknown_match_is_404(
    sim: Simulator, session: aiohttp.ClientSession, path: str
) -> None:
    status, body = await get(session, sim, path)
    assert status == 404
    assert body == {"detail": "Match not found"}


async def test_live(sim: Simulator, session: aiohttp.ClientSession) -> None:
    status, body = await get(session, sim, "/matches/41282/live")
    assert status == 200
    assert body == sim.snapshot(41282)
    # Either live scope will do.
    assert (await get(session, sim, "/matches/41282/live", KEY_LIVE_ONLY))[0] == 200
    assert (await get(session, sim, "/matches/41282/live", KEY_STREAM_ONLY))[0] == 200


async def test_live_is_404_before_the_match_goes_live(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    status, body = await get(session, sim, "/matches/41301/live")
    assert status == 404
    assert "detail" in body
    await sim.kick_off(41301)
    status, body = await get(session, sim, "/matches/41301/live")
    assert status == 200
    assert body["status"] == "live"


async def test_live_after_the_end_keeps_the_final_state(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    final = await sim.finish(41282)
    assert await get(session, sim, "/matches/41282/live") == (200, final)
    status, body = await get(session, sim, "/matches/41250/live")
    assert status == 200
    assert (body["status"], body["score"]) == ("ft", {"home": 1, "away": 0})


async def test_result(sim: Simulator, session: aiohttp.ClientSession) -> None:
    status, body = await get(session, sim, "/matches/41250/result")
    assert status == 200
    assert body["half_time"]["clock"]["period"] == "HT"
    assert "events" not in body["half_time"]
    assert body["full_time"]["score"] == {"home": 1, "away": 0}
    assert body["full_time"]["events"][0]["label"] == "Goal FC Arlanda"
    assert await get(session, sim, "/matches/41282/result") == (
        404,
        {"detail": "No result for this match yet"},
    )


async def test_result_is_recorded_at_half_and_full_time(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    while sim.snapshot(41282)["status"] != "ht":
        await sim.step(41282)
    status, body = await get(session, sim, "/matches/41282/result")
    assert status == 200
    assert body["full_time"] is None
    half_time = body["half_time"]
    assert (half_time["status"], half_time["score"]) == ("ht", {"home": 1, "away": 1})
    final = await sim.finish(41282)
    _, body = await get(session, sim, "/matches/41282/result")
    assert body["full_time"] == final
    assert body["half_time"]["clock"]["period"] == "HT"


@pytest.mark.parametrize(
    ("path", "key", "scope"),
    [
        ("/sports", KEY_STREAM_ONLY, "fixtures"),
        ("/leagues?sport=1", KEY_STREAM_ONLY, "fixtures"),
        ("/matches?league=101", KEY_LIVE_ONLY, "fixtures"),
        ("/matches/live?sport=1", KEY_LIVE_ONLY, "fixtures"),
        ("/matches/41282", KEY_STREAM_ONLY, "fixtures"),
        ("/matches/41282/result", KEY_STREAM_ONLY, "final_scores"),
    ],
)
async def test_missing_scope_is_403(
    sim: Simulator, session: aiohttp.ClientSession, path: str, key: str, scope: str
) -> None:
    assert await get(session, sim, path, key) == (
        403,
        {"detail": f"Missing required scope: {scope}"},
    )


async def test_live_without_live_scope_is_403(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    sim.add_key("sk_fixtures_only", scopes=["fixtures"])
    assert await get(session, sim, "/matches/41282/live", "sk_fixtures_only") == (
        403,
        {"detail": "Missing required scope: live_scores"},
    )


@pytest.mark.parametrize(
    ("key", "detail"),
    [(None, "Missing API key"), ("sk_nope", "Invalid API key"), (KEY_EXPIRED, "API key expired")],
)
@pytest.mark.parametrize("path", ["/sports", "/matches/41282/live", "/matches/41282/result"])
async def test_bad_keys_are_401(
    sim: Simulator, session: aiohttp.ClientSession, path: str, key: str | None, detail: str
) -> None:
    assert await get(session, sim, path, key) == (401, {"detail": detail})


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/leagues", "Missing required query parameter: sport"),
        ("/leagues/active", "Missing required query parameter: sport"),
        ("/matches", "Missing required query parameter: league"),
        ("/matches/active", "Missing required query parameter: league"),
        ("/matches/live", "Missing required query parameter: sport"),
        ("/leagues?sport=soccer", "Invalid query parameter sport: expected an integer"),
        ("/matches?league=101&status=LIVE", None),
        ("/matches?league=101&start_after=yesterday", None),
        ("/leagues?sport=1&limit=0", "Invalid query parameter limit: must be >= 1"),
        ("/leagues?sport=1&offset=-1", "Invalid query parameter offset: must be >= 0"),
        ("/matches/abc", "Invalid path parameter match_id: expected an integer"),
    ],
)
async def test_bad_parameters_are_422(
    sim: Simulator, session: aiohttp.ClientSession, path: str, detail: str | None
) -> None:
    status, body = await get(session, sim, path)
    assert status == 422
    assert isinstance(body["detail"], str)
    if detail is not None:
        assert body["detail"] == detail


async def test_unknown_path_is_json_404(sim: Simulator, session: aiohttp.ClientSession) -> None:
    assert await get(session, sim, "/players") == (404, {"detail": "Not Found"})
