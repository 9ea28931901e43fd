"""Tests for the team and competition subentry flows, against the simulator on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant.config_entries import SOURCE_USER, ConfigSubentryData
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sportrix import subentry_flow as subentry_flow_module
from custom_components.sportrix.api import (
    SportrixClient,
    SportrixNotFoundError,
    SportrixProtocolError,
    Team,
)
from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_MATCH_IDS,
    CONF_SILK_URL,
    CONF_SPORT,
    CONF_SPORT_ID,
    CONF_STREAM_URL,
    CONF_TEAM,
    DOMAIN,
    SUBENTRY_COMPETITION,
    SUBENTRY_TEAM,
)
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator
from sportrix_simulator.keys import ALL_SCOPES

from .conftest import API_KEY

STRINGS = json.loads(
    (Path(__file__).parents[2] / "custom_components/sportrix/strings.json").read_text()
)
SOCCER = "1"
MLS_NEXT_PRO = "101"
MLS_NEXT_PRO_NAME = "USA MLS Next Pro League"
TEAM = "Tacoma Defiance"
CLOSED_API_URL = "http://127.0.0.1:1/api"


def _entry(
    hass: HomeAssistant,
    simulator: Simulator,
    api_key: str = API_KEY,
    *,
    api_url: str | None = None,
    subentries: list[ConfigSubentryData] | None = None,
    title: str = "Sportrix Data",
) -> MockConfigEntry:
    """Add an entry (not set up) for api_key against the simulator."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=unique_id_for_key(api_key),
        data={
            CONF_API_KEY: api_key,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: api_url or simulator.api_url,
        },
        options={CONF_MATCH_IDS: []},
        subentries_data=subentries or (),
    )
    entry.add_to_hass(hass)
    return entry


async def _start(hass: HomeAssistant, entry: MockConfigEntry, kind: str) -> Any:
    """Open a subentry flow of kind on entry."""
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, kind), context={"source": SOURCE_USER}
    )


async def _answer(hass: HomeAssistant, result: Any, field: str, value: str) -> Any:
    """Answer one step of a subentry flow."""
    return await hass.config_entries.subentries.async_configure(result["flow_id"], {field: value})


def _choices(result: Any, field: str) -> dict[str, str]:
    """Return the options of a step's single select, value to label."""
    (marker,) = result["data_schema"].schema
    assert str(marker) == field
    select = result["data_schema"].schema[marker].serialize()["selector"]["select"]
    assert select["mode"] == "dropdown"
    assert select["multiple"] is False
    return {option["value"]: option["label"] for option in select["options"]}


def _team_subentry(league_id: int, team: str) -> ConfigSubentryData:
    return ConfigSubentryData(
        data={CONF_LEAGUE_ID: league_id, CONF_TEAM: team},
        subentry_type=SUBENTRY_TEAM,
        title=team,
        unique_id=f"team:{league_id}:{team.casefold()}",
    )


@pytest.mark.parametrize("kind", [SUBENTRY_TEAM, SUBENTRY_COMPETITION])
def test_subentry_flows_are_translated(kind: str) -> None:
    """Name the flow and its entries, and translate each step's fields and each abort."""
    strings = STRINGS["config_subentries"][kind]
    assert strings["initiate_flow"]["user"] == f"Add {kind}"
    assert strings["entry_type"]
    steps = {"sport": CONF_SPORT_ID, "competition": CONF_LEAGUE_ID}
    if kind == SUBENTRY_TEAM:
        steps["team"] = CONF_TEAM
    assert set(strings["step"]) == set(steps)
    for step, field in steps.items():
        assert strings["step"][step]["title"]
        assert strings["step"][step]["description"]
        assert set(strings["step"][step]["data"]) == {field}
        assert set(strings["step"][step]["data_description"]) == {field}
    aborts = {
        "already_configured",
        "followed_elsewhere",
        "no_fixtures",
        "no_sports",
        "no_competitions",
        "invalid_auth",
        "cannot_connect",
        "unknown",
    }
    if kind == SUBENTRY_TEAM:
        aborts.add("no_teams")
    assert set(strings["abort"]) == aborts
    assert "{entry}" in strings["abort"]["followed_elsewhere"]


async def test_team_flow(hass: HomeAssistant, simulator: Simulator) -> None:
    """Pick the sport, the competition and the team; store what the team's entities need."""
    entry = _entry(hass, simulator)
    result = await _start(hass, entry, SUBENTRY_TEAM)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "sport"
    assert _choices(result, CONF_SPORT_ID) == {"1": "Soccer", "2": "Cricket"}

    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    assert result["step_id"] == "competition"
    assert result["description_placeholders"] == {CONF_SPORT: "Soccer"}
    assert _choices(result, CONF_LEAGUE_ID) == {
        "101": MLS_NEXT_PRO_NAME,
        "102": "Swedish Division 2",
    }

    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    assert result["step_id"] == "team"
    assert result["description_placeholders"] == {CONF_LEAGUE: MLS_NEXT_PRO_NAME}
    teams = _choices(result, CONF_TEAM)
    assert teams[TEAM] == TEAM
    assert "Vancouver Whitecaps II" in teams

    result = await _answer(hass, result, CONF_TEAM, TEAM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == TEAM
    (subentry,) = entry.subentries.values()
    assert subentry.subentry_type == SUBENTRY_TEAM
    assert subentry.title == TEAM
    assert subentry.unique_id == "team:101:tacoma defiance"
    assert dict(subentry.data) == {
        CONF_SPORT_ID: 1,
        CONF_SPORT: "soccer",
        CONF_LEAGUE_ID: 101,
        CONF_LEAGUE: MLS_NEXT_PRO_NAME,
        CONF_TEAM: TEAM,
        # On plain http the simulator names the documented https kit image host.
        CONF_SILK_URL: f"{simulator.base_url}/silks/tacoma-defiance.svg",
    }


async def test_team_without_a_kit_image(hass: HomeAssistant, simulator: Simulator) -> None:
    """Store no kit image for a team the catalog has none for."""
    entry = _entry(hass, simulator, "sk_demo_soccer")
    result = await _start(hass, entry, SUBENTRY_TEAM)
    with patch.object(SportrixClient, "teams", return_value=[Team(TEAM, None)]):
        result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    result = await _answer(hass, result, CONF_TEAM, TEAM)
    (subentry,) = entry.subentries.values()
    assert subentry.data[CONF_SILK_URL] is None


async def test_one_sport_skips_the_sport_step(hass: HomeAssistant, simulator: Simulator) -> None:
    """A key that sees one sport goes straight to its competitions."""
    entry = _entry(hass, simulator, "sk_demo_soccer")
    result = await _start(hass, entry, SUBENTRY_COMPETITION)
    assert result["step_id"] == "competition"
    assert result["description_placeholders"] == {CONF_SPORT: "Soccer"}


async def test_competition_flow(hass: HomeAssistant, simulator: Simulator) -> None:
    """Follow a competition: no team step, titled after the league."""
    entry = _entry(hass, simulator)
    result = await _start(hass, entry, SUBENTRY_COMPETITION)
    result = await _answer(hass, result, CONF_SPORT_ID, "2")
    assert _choices(result, CONF_LEAGUE_ID) == {"201": "ICC Men's T20 Series"}
    result = await _answer(hass, result, CONF_LEAGUE_ID, "201")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "ICC Men's T20 Series"
    (subentry,) = entry.subentries.values()
    assert subentry.subentry_type == SUBENTRY_COMPETITION
    assert subentry.unique_id == "competition:201"
    assert dict(subentry.data) == {
        CONF_SPORT_ID: 2,
        CONF_SPORT: "cricket",
        CONF_LEAGUE_ID: 201,
        CONF_LEAGUE: "ICC Men's T20 Series",
    }


async def test_team_followed_twice_by_the_entry(hass: HomeAssistant, simulator: Simulator) -> None:
    """Abort for a team the entry already follows, whatever the case of its name."""
    entry = _entry(hass, simulator, subentries=[_team_subentry(101, "TACOMA DEFIANCE")])
    result = await _start(hass, entry, SUBENTRY_TEAM)
    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    result = await _answer(hass, result, CONF_TEAM, TEAM)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(entry.subentries) == 1


async def test_competition_followed_twice_by_the_entry(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    entry = _entry(hass, simulator, "sk_demo_soccer")
    for expected in (FlowResultType.CREATE_ENTRY, FlowResultType.ABORT):
        result = await _start(hass, entry, SUBENTRY_COMPETITION)
        result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
        assert result["type"] is expected
    assert result["reason"] == "already_configured"
    assert len(entry.subentries) == 1


async def test_team_followed_by_another_entry(hass: HomeAssistant, simulator: Simulator) -> None:
    """Refuse a team another entry follows, naming that entry; another team is fine."""
    _entry(
        hass,
        simulator,
        "sk_demo_soccer",
        title="Sportrix: Tacoma",
        subentries=[_team_subentry(101, TEAM)],
    )
    entry = _entry(hass, simulator)
    result = await _start(hass, entry, SUBENTRY_TEAM)
    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    result = await _answer(hass, result, CONF_TEAM, TEAM)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "followed_elsewhere"
    assert result["description_placeholders"] == {"entry": "Sportrix: Tacoma"}
    assert not entry.subentries

    result = await _start(hass, entry, SUBENTRY_TEAM)
    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    result = await _answer(hass, result, CONF_TEAM, "The Town")
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_competition_followed_by_another_entry(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    _entry(
        hass,
        simulator,
        "sk_demo_full",
        title="Sportrix: everything",
        subentries=[
            ConfigSubentryData(
                data={CONF_LEAGUE_ID: 101},
                subentry_type=SUBENTRY_COMPETITION,
                title=MLS_NEXT_PRO_NAME,
                unique_id="competition:101",
            )
        ],
    )
    entry = _entry(hass, simulator, "sk_demo_soccer")
    result = await _start(hass, entry, SUBENTRY_COMPETITION)
    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "followed_elsewhere"
    assert result["description_placeholders"] == {"entry": "Sportrix: everything"}


@pytest.mark.parametrize("kind", [SUBENTRY_TEAM, SUBENTRY_COMPETITION])
@pytest.mark.parametrize(
    ("api_key", "api_url", "reason"),
    [
        ("sk_demo_stream_only", None, "no_fixtures"),
        ("sk_demo_expired", None, "invalid_auth"),
        (API_KEY, CLOSED_API_URL, "cannot_connect"),
    ],
)
async def test_catalog_refused_or_unreachable(
    hass: HomeAssistant,
    simulator: Simulator,
    *,
    kind: str,
    api_key: str,
    api_url: str | None,
    reason: str,
) -> None:
    """Abort at once with a reason the user can read, and start no other flow."""
    entry = _entry(hass, simulator, api_key, api_url=api_url)
    result = await _start(hass, entry, kind)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert not entry.subentries
    assert not hass.config_entries.flow.async_progress()
    assert simulator.handshake_count == 0


async def test_catalog_error_at_a_later_step(hass: HomeAssistant, simulator: Simulator) -> None:
    """A catalog that stops answering between steps aborts the flow."""
    entry = _entry(hass, simulator)
    result = await _start(hass, entry, SUBENTRY_TEAM)
    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    with patch.object(
        SportrixClient, "teams", side_effect=SportrixProtocolError("not a list of teams")
    ):
        result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_unexpected_error(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    entry = _entry(hass, simulator)
    with patch.object(SportrixClient, "sports", side_effect=RuntimeError("boom")):
        result = await _start(hass, entry, SUBENTRY_TEAM)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unknown"
    assert "RuntimeError: boom" in caplog.text
    assert API_KEY not in caplog.text


async def test_no_sports(hass: HomeAssistant, simulator: Simulator) -> None:
    """A key whose sports the catalog does not have finds nothing to follow."""
    simulator.add_key("sk_tennis", scopes=ALL_SCOPES, sports={"tennis"})
    entry = _entry(hass, simulator, "sk_tennis")
    result = await _start(hass, entry, SUBENTRY_TEAM)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_sports"


@pytest.mark.parametrize(
    ("kind", "method", "answers", "reason"),
    [
        (SUBENTRY_COMPETITION, "leagues", {}, "no_competitions"),
        (SUBENTRY_TEAM, "teams", {CONF_LEAGUE_ID: MLS_NEXT_PRO}, "no_teams"),
    ],
)
async def test_empty_lists(
    hass: HomeAssistant,
    simulator: Simulator,
    *,
    kind: str,
    method: str,
    answers: dict[str, str],
    reason: str,
) -> None:
    """Abort with a reason when a step would offer nothing."""
    entry = _entry(hass, simulator, "sk_demo_soccer")
    with patch.object(SportrixClient, method, return_value=[]):
        result = await _start(hass, entry, kind)
        for field, value in answers.items():
            result = await _answer(hass, result, field, value)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


async def test_teams_of_a_league_the_catalog_does_not_know(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A 404 for a league's teams reads as no teams, as outside a key's sports."""
    entry = _entry(hass, simulator, "sk_demo_soccer")
    result = await _start(hass, entry, SUBENTRY_TEAM)
    with patch.object(SportrixClient, "teams", side_effect=SportrixNotFoundError("HTTP 404")):
        result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_teams"


async def test_each_catalog_session_is_let_go(
    hass: HomeAssistant, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step's HTTP session is released once its catalog request is done."""
    sessions: list[aiohttp.ClientSession] = []
    create = subentry_flow_module.async_create_sportrix_session

    def recording(hass: HomeAssistant, **kwargs: bool) -> aiohttp.ClientSession:
        sessions.append(create(hass, **kwargs))
        return sessions[-1]

    monkeypatch.setattr(subentry_flow_module, "async_create_sportrix_session", recording)
    entry = _entry(hass, simulator)
    result = await _start(hass, entry, SUBENTRY_TEAM)
    result = await _answer(hass, result, CONF_SPORT_ID, SOCCER)
    result = await _answer(hass, result, CONF_LEAGUE_ID, MLS_NEXT_PRO)
    result = await _answer(hass, result, CONF_TEAM, TEAM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(sessions) == 3  # sports, leagues, teams
    assert all(session.closed for session in sessions)


async def test_team_flow_through_the_rest_api(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, simulator: Simulator
) -> None:
    """Run the team flow as the frontend does, through Home Assistant's REST API."""
    assert await async_setup_component(hass, "config", {})
    entry = _entry(hass, simulator, "sk_demo_soccer")
    client = await hass_client()
    url = "/api/config/config_entries/subentries/flow"
    response = await client.post(url, json={"handler": [entry.entry_id, SUBENTRY_TEAM]})
    assert response.status == 200
    form = await response.json()
    assert form["step_id"] == "competition"
    (field,) = form["data_schema"]
    labels = {option["label"]: option["value"] for option in field["selector"]["select"]["options"]}
    response = await client.post(
        f"{url}/{form['flow_id']}", json={CONF_LEAGUE_ID: labels[MLS_NEXT_PRO_NAME]}
    )
    form = await response.json()
    assert form["step_id"] == "team"
    response = await client.post(f"{url}/{form['flow_id']}", json={CONF_TEAM: TEAM})
    result = await response.json()
    assert result["type"] == "create_entry"
    assert [sub.title for sub in entry.subentries.values()] == [TEAM]
