"""The blueprints against the integration itself: real bus events from the simulator's frames."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest

from sportrix_simulator import Simulator
from tests.integration.helpers import follow_match

from .conftest import Recorded, set_up_automations

MATCH = 41282
SCORE = "sensor.vancouver_whitecaps_ii_vs_the_town_score"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
async def match(hass: HomeAssistant, simulator: Simulator, config_dir: Path) -> str:
    """Follow the demo soccer match on the simulator; return its device id once it has a frame."""
    return await follow_match(hass, simulator, MATCH)


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
