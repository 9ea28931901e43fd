"""Teams of a league and their kit images, served without a key like a CDN."""

from typing import Any
from urllib.parse import urlsplit
import xml.etree.ElementTree as ET

import aiohttp

from sportrix_simulator import KEY_FULL, KEY_LIVE_ONLY, KEY_SOCCER, Simulator
from sportrix_simulator.silks import SILK_ORIGIN, team_colours, team_slug

from .test_rest import get


async def test_teams_of_a_league_are_its_players_and_its_extras(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    status, body = await get(session, sim, "/teams", league=102)
    assert status == 200
    names = [team["name"] for team in body["items"]]
    assert names == sorted(names)
    # Those playing its matches, and the extra ones the catalog declares.
    assert {"FC Arlanda", "IFK Stocksund", "Salmon Bay FC (W)"} <= set(names)
    assert {"Täby FK", "Sollentuna FK", "Karlbergs BK"} <= set(names)
    assert "Vancouver Whitecaps II" not in names
    assert (body["total"], body["count"], body["has_more"]) == (len(names), len(names), False)


async def test_silk_urls_are_the_simulator_s_own_on_loopback_and_serve_an_svg_without_a_key(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    _, body = await get(session, sim, "/teams", league=102)
    silks = {team["name"]: team["silk_url"] for team in body["items"]}
    # Reached on this computer: its own address, which a local browser can load.
    assert silks["Täby FK"] == f"{sim.base_url}/silks/taby-fk.svg"
    # Documented: may be empty until resolved.
    assert silks["Karlbergs BK"] == ""
    # The simulator serves the same path itself.
    async with session.get(sim.base_url + urlsplit(silks["Täby FK"]).path) as response:
        assert response.status == 200
        assert response.content_type == "image/svg+xml"
        # The simulator's own document, on loopback.
        svg = ET.fromstring(await response.text())  # noqa: S314
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    fills = {element.get("fill") for element in svg.iter()}
    assert set(team_colours("Täby FK")) <= fills


async def test_silk_urls_stay_https_whatever_plain_address_the_client_used(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    # As when the API is reached through another name, a proxy or a forwarded port.
    async with session.get(
        f"{sim.api_url}/teams",
        params={"league": 101},
        headers={"X-API-Key": KEY_FULL, "Host": "sportrix.test:8443"},
    ) as response:
        body = await response.json()
    urls = {team["silk_url"] for team in body["items"]}
    assert f"{SILK_ORIGIN}/silks/the-town.svg" in urls
    assert all(url.startswith(f"{SILK_ORIGIN}/silks/") for url in urls)


async def test_silk_origin_can_be_chosen(socket_enabled: None) -> None:
    # For a TLS front (a dev stack's proxy) that serves the simulator's /silks/ path.
    sim = Simulator(matches=[41320], silk_origin="https://demo.example:8443/")
    await sim.start()
    try:
        async with aiohttp.ClientSession() as session:
            _, body = await get(session, sim, "/teams", league=101)
    finally:
        await sim.stop()
    urls = {team["name"]: team["silk_url"] for team in body["items"]}
    assert urls["Tacoma Defiance"] == "https://demo.example:8443/silks/tacoma-defiance.svg"


async def test_unknown_silk_is_not_found(sim: Simulator, session: aiohttp.ClientSession) -> None:
    for slug in ("no-such-team", "karlbergs-bk"):
        async with session.get(f"{sim.base_url}/silks/{slug}.svg") as response:
            assert response.status == 404


def test_team_colours_and_slugs_are_deterministic() -> None:
    assert team_colours("India") == team_colours("India")
    assert team_colours("India") != team_colours("Australia")
    assert team_slug("Salmon Bay FC (W)") == "salmon-bay-fc-w"
    assert team_slug("St. Louis City 2") == "st-louis-city-2"


async def test_teams_needs_a_league(sim: Simulator, session: aiohttp.ClientSession) -> None:
    status, body = await get(session, sim, "/teams")
    assert status == 422
    assert "league" in body["detail"]
    assert (await get(session, sim, "/teams", league="x"))[0] == 422


async def test_teams_outside_the_allowlist_or_unknown_are_empty(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    for key, league in ((KEY_SOCCER, 201), (KEY_FULL, 999)):
        status, body = await get(session, sim, "/teams", key, league=league)
        assert (status, body["items"], body["total"]) == (200, [], 0)
    _, cricket = await get(session, sim, "/teams", league=201)
    assert {"India", "Australia", "England"} <= {team["name"] for team in cricket["items"]}


async def test_teams_scope_and_pages(sim: Simulator, session: aiohttp.ClientSession) -> None:
    assert (await get(session, sim, "/teams", KEY_LIVE_ONLY, league=101))[0] == 403
    assert (await get(session, sim, "/teams", None, league=101))[0] == 401
    _, whole = await get(session, sim, "/teams", league=101)
    pages: list[Any] = []
    offset = 0
    while True:
        _, page = await get(session, sim, "/teams", league=101, limit=2, offset=offset)
        pages.extend(page["items"])
        if not page["has_more"]:
            break
        offset += 2
    assert pages == whole["items"]
