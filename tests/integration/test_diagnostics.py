"""Diagnostics: stream health and match state, never the key."""

from datetime import timedelta
import json

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from sportrix_simulator import Simulator

from .conftest import API_KEY, SOCCER_MATCH
from .test_teams import TEAM, TEAM_MATCH, make_entry, set_up, team_subentry

# Wall-clock times and the simulator's free port differ on every run.
VOLATILE = props("updated_at", "last_frame_at", "kick_off", "stream_url", "api_url")


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics dump matches its snapshot and holds no trace of the key."""
    result = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert API_KEY not in json.dumps(result)
    assert result["entry"]["data"]["api_key"] == "**REDACTED**"
    assert result["stream"]["connected"] is True
    assert result == snapshot(exclude=VOLATILE)


# Not under a frozen clock: loading the diagnostics component imports modules that reject it.
async def test_diagnostics_say_what_each_team_brings(
    hass: HomeAssistant, simulator: Simulator, hass_client: ClientSessionGenerator
) -> None:
    """Diagnostics list the followed teams, the matches they bring, and never the key."""
    simulator.schedule(TEAM_MATCH, dt_util.utcnow() + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()], match_ids=[SOCCER_MATCH])
    await set_up(hass, entry)

    result = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert API_KEY not in json.dumps(result)
    (team,) = result["followed"]["teams_and_competitions"]
    assert (team["team"], team["league_id"], team["matches"]) == (TEAM, 101, [TEAM_MATCH])
    assert result["followed"]["catalog"]["polled_at"] is not None
    assert result["matches"][str(TEAM_MATCH)]["through"] == [team["key"]]
    assert result["matches"][str(TEAM_MATCH)]["listed"] is False
    assert result["matches"][str(SOCCER_MATCH)]["listed"] is True
