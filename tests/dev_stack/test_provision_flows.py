"""The demo's provisioning answers the integration's flows through Home Assistant's REST API."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import AsyncMock, patch

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sportrix.const import CONF_MATCH_IDS, DOMAIN
from scripts.dev_stack.hass_api import HomeAssistantApi, HomeAssistantApiError
from scripts.dev_stack.provision import (
    DEMO_MATCHES,
    DEMO_TEAM,
    DEMO_TEAM_LEAGUE,
    _fill_form,
    add_competition,
    add_sportrix,
    add_team,
    follow_matches,
)
from sportrix_simulator import Simulator


@pytest.fixture(autouse=True)
def mock_setup_entry(enable_custom_integrations: None) -> Iterator[AsyncMock]:
    """Load the integration's flows from custom_components, but open no stream."""
    with patch("custom_components.sportrix.async_setup_entry", return_value=True) as mock:
        yield mock


@pytest.fixture
async def api(hass: HomeAssistant, hass_client: ClientSessionGenerator) -> HomeAssistantApi:
    """Return the provisioning client on Home Assistant's test client, logged in as an admin."""
    assert await async_setup_component(hass, "config", {})
    # The test client takes paths and sends its own token: no base URL, no token of ours.
    return HomeAssistantApi(await hass_client(), "")  # type: ignore[arg-type]


def test_fill_form_answers_ids_as_the_field_takes_them() -> None:
    """A list of IDs goes to a select as strings, to a text field as text."""
    answers: dict[str, object] = {"match_ids": [41282, 50001]}
    select = {"name": "match_ids", "selector": {"select": {"options": []}}}
    text = {"name": "match_ids", "selector": {"text": {}}}
    assert _fill_form([select], answers) == {"match_ids": ["41282", "50001"]}
    assert _fill_form([text], answers) == {"match_ids": "41282, 50001"}


async def test_add_sportrix_picks_the_demo_matches(
    hass: HomeAssistant, api: HomeAssistantApi, simulator: Simulator
) -> None:
    """Answer the key, then pick the demo matches from the list."""
    await add_sportrix(api, simulator.ws_url, simulator.api_url)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    assert entry.options == {CONF_MATCH_IDS: list(DEMO_MATCHES)}
    # A second run leaves the entry alone.
    await add_sportrix(api, simulator.ws_url, simulator.api_url)
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_follow_team_competition_and_matches(
    hass: HomeAssistant, api: HomeAssistantApi, simulator: Simulator
) -> None:
    """Follow the demo team and a competition by label, once each; then change the matches."""
    await add_sportrix(api, simulator.ws_url, simulator.api_url)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    assert await add_team(api, entry.entry_id, league=DEMO_TEAM_LEAGUE, team=DEMO_TEAM)
    assert not await add_team(api, entry.entry_id, league=DEMO_TEAM_LEAGUE, team=DEMO_TEAM)
    assert await add_competition(
        api, entry.entry_id, league="ICC Men's T20 Series", sport="Cricket"
    )
    assert sorted(sub.title for sub in entry.subentries.values()) == [
        "ICC Men's T20 Series",
        DEMO_TEAM,
    ]
    with pytest.raises(HomeAssistantApiError, match="no option 'Nobody FC'"):
        await add_team(api, entry.entry_id, league=DEMO_TEAM_LEAGUE, team="Nobody FC")

    await follow_matches(api, [41282, 41250])
    assert entry.options[CONF_MATCH_IDS] == [41282, 41250]
