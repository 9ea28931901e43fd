"""The blueprints against the integration itself: real bus events from the simulator's frames."""

from __future__ import annotations

from pathlib import Path

from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.const import CONF_API_URL, CONF_MATCH_IDS, CONF_STREAM_URL, DOMAIN
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator
from tests.integration.helpers import match_device, wait_for

from .conftest import Recorded, set_up_automations

MATCH = 41282
SCORE = "sensor.vancouver_whitecaps_ii_vs_the_town_score"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
async def match(hass: HomeAssistant, simulator: Simulator, config_dir: Path) -> str:
    """Follow the demo soccer match on the simulator; return its device id once it has a frame."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Sportrix Data",
        unique_id=unique_id_for_key("sk_demo_full"),
        data={
            CONF_API_KEY: "sk_demo_full",
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
        },
        options={CONF_MATCH_IDS: [MATCH]},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await wait_for(hass, lambda: entry.runtime_data.matches[MATCH].snapshot is not None)
    await hass.async_block_till_done()
    device = match_device(hass, MATCH)
    assert device is not None
    return device.id


async def test_goal_lights_and_full_time_follow_the_stream(
    hass: HomeAssistant, simulator: Simulator, match: str
) -> None:
    lights = Recorded(hass, "light", "turn_on")
    speech = Recorded(hass, "tts", "speak")
    await set_up_automations(
        hass,
        {
            "goal_lights.yaml": {
                "match": match,
                "side": "home",
                "lights": ["light.living_room"],
                "restore_after": 0,
            },
            "full_time_announcement.yaml": {
                "match": match,
                "tts_entity": "tts.piper",
                "media_players": ["media_player.kitchen"],
            },
        },
    )

    await simulator.score_goal(MATCH, "away")
    await simulator.score_goal(MATCH, "home")
    await lights.wait(1)
    await hass.async_block_till_done()
    assert len(lights) == 1
    assert speech == []

    home, away = hass.states.get(SCORE).state.split("-")  # type: ignore[union-attr]
    await simulator.finish(MATCH)
    await speech.wait(1)

    assert speech[0].data["message"] == (
        f"Full time: Vancouver Whitecaps II {home}\N{EN DASH}{away} The Town."
    )
    assert len(lights) == 1
