"""The goal horn blueprint: the sound for the chosen team's goals, and silence otherwise."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import TACOMA, VENTURA, goal

SOUND = "media-source://media_source/local/goal_horn.mp3"
PLAYERS = ["media_player.kitchen"]


@pytest.fixture
def devices(make_device: Any) -> dict[str, str]:
    """Create a followed team and its match."""
    return {
        "team": make_device("team_01TACOMA", TACOMA, "Soccer team"),
        "match": make_device("41320", f"{TACOMA} vs {VENTURA}", "Soccer match"),
    }


@pytest.fixture
def plays(hass: HomeAssistant) -> list[Any]:
    """Record media_player.play_media calls."""
    return async_mock_service(hass, "media_player", "play_media")


@pytest.fixture
def volumes(hass: HomeAssistant) -> list[Any]:
    """Record media_player.volume_set calls."""
    return async_mock_service(hass, "media_player", "volume_set")


def inputs(**overrides: Any) -> dict[str, Any]:
    """Return the blueprint's inputs, changed by the overrides."""
    return {"media_players": PLAYERS, "sound": SOUND, **overrides}


async def fire(hass: HomeAssistant, data: dict[str, Any]) -> None:
    """Fire a goal on the bus and let the automation run."""
    hass.bus.async_fire("sportrix_goal", data)
    await hass.async_block_till_done()


async def test_goal_plays_the_sound_at_the_volume(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    plays: list[Any],
    volumes: list[Any],
) -> None:
    await use_blueprint("goal_horn.yaml", inputs(team=devices["team"], volume=80))

    await fire(hass, goal(devices["match"], VENTURA, TACOMA, "away", (0, 1)))

    assert [c.data for c in volumes] == [{"entity_id": PLAYERS, "volume_level": 0.8}]
    assert [c.data for c in plays] == [
        {"entity_id": PLAYERS, "media_content_id": SOUND, "media_content_type": "music"}
    ]


async def test_volume_zero_leaves_the_volume_and_announce_is_passed_on(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    plays: list[Any],
    volumes: list[Any],
) -> None:
    await use_blueprint(
        "goal_horn.yaml", inputs(match=devices["match"], side="home", announce=True)
    )

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))

    assert volumes == []
    assert len(plays) == 1
    assert plays[0].data["announce"] is True


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (goal("", TACOMA, VENTURA, "home", (1, 0), delayed=True), "recovered after an outage"),
        (goal("", TACOMA, VENTURA, "away", (0, 1)), "conceded, not scored"),
        (goal("", "Portland Timbers 2", "The Town", "home", (1, 0)), "another team's goal"),
    ],
)
async def test_other_goals_stay_silent(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    plays: list[Any],
    data: dict[str, Any],
    why: str,
) -> None:
    await use_blueprint("goal_horn.yaml", inputs(team=devices["team"]))

    await fire(hass, data | {"device_id": devices["match"]})

    assert plays == [], why
