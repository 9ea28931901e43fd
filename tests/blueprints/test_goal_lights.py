"""The goal lights blueprint: which goals flash the lights, and which never do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .conftest import TACOMA, VENTURA, Recorded, goal

LIGHTS = ["light.living_room", "light.hall"]


@pytest.fixture
def devices(make_device: Any) -> dict[str, str]:
    """Create a followed team and two followed matches, one of them the team's."""
    return {
        "team": make_device("team_01TACOMA", TACOMA, "Soccer team"),
        "match": make_device("41320", f"{TACOMA} vs {VENTURA}", "Soccer match"),
        "other": make_device("41282", "Vancouver Whitecaps II vs The Town", "Soccer match"),
    }


@pytest.fixture
def light_calls(hass: HomeAssistant) -> list[Any]:
    """Record light.turn_on calls."""
    return async_mock_service(hass, "light", "turn_on")


def inputs(**overrides: Any) -> dict[str, Any]:
    """Return the blueprint's inputs: red lights, no restore, changed by the overrides."""
    return {"lights": LIGHTS, "color": [255, 0, 0], "restore_after": 0, **overrides}


async def fire(hass: HomeAssistant, data: dict[str, Any]) -> None:
    """Fire a goal on the bus and let the automation run."""
    hass.bus.async_fire("sportrix_goal", data)
    await hass.async_block_till_done()


async def test_team_goal_flashes_the_lights_in_the_colour(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"]))

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))

    assert len(light_calls) == 1
    data = light_calls[0].data
    assert data["entity_id"] == LIGHTS
    assert list(data["rgb_color"]) == [255, 0, 0]
    assert data["brightness_pct"] == 100
    assert data["flash"] == "long"


async def test_team_is_matched_whichever_side_and_however_the_feed_spells_it(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], flash="none"))

    await fire(hass, goal(devices["match"], VENTURA, " tacoma DEFIANCE", "away", (0, 1)))

    assert len(light_calls) == 1
    assert "flash" not in light_calls[0].data


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (goal("", TACOMA, VENTURA, "home", (1, 0), delayed=True), "recovered after an outage"),
        (goal("", TACOMA, VENTURA, "away", (0, 1)), "conceded, not scored"),
        (goal("", "Vancouver Whitecaps II", "The Town", "home", (1, 0)), "another match"),
    ],
)
async def test_goals_not_for_the_team_leave_the_lights_alone(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    light_calls: list[Any],
    data: dict[str, Any],
    why: str,
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"]))

    await fire(hass, data | {"device_id": devices["match"]})

    assert light_calls == [], why


async def test_delayed_goals_flash_when_wanted(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], skip_delayed=False))

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0), delayed=True))

    assert len(light_calls) == 1


async def test_against_flashes_for_goals_conceded_only(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], side="against"))

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    assert light_calls == []
    await fire(hass, goal(devices["other"], "Vancouver Whitecaps II", "The Town", "away", (0, 1)))
    assert light_calls == []
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "away", (1, 1)))
    assert len(light_calls) == 1


async def test_any_goal_of_the_team_flashes(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], side="any"))

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "away", (1, 1)))
    await fire(hass, goal(devices["other"], "Vancouver Whitecaps II", "The Town", "home", (1, 0)))

    assert len(light_calls) == 2


async def test_match_and_side_pick_the_goals_of_one_match(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(match=devices["match"], side="away"))

    await fire(hass, goal(devices["other"], "Vancouver Whitecaps II", "The Town", "away", (0, 1)))
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    assert light_calls == []
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "away", (1, 1)))
    assert len(light_calls) == 1


async def test_for_without_a_team_never_flashes(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(match=devices["match"]))

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))

    assert light_calls == []


async def test_a_deleted_team_device_never_flashes(
    hass: HomeAssistant, use_blueprint: Any, light_calls: list[Any]
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team="0123456789abcdef0123456789abcdef"))

    await fire(hass, goal("0123", TACOMA, VENTURA, "home", (1, 0)))

    assert light_calls == []


async def test_lights_are_put_back_after_the_goal(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str]
) -> None:
    snapshots = async_mock_service(hass, "scene", "create")
    restores = Recorded(hass, "scene", "turn_on")
    lights = Recorded(hass, "light", "turn_on")
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], restore_after=15))

    # Not waiting for the run to end: it waits 15 seconds before putting the lights back.
    hass.bus.async_fire("sportrix_goal", goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    await lights.wait(1)

    assert len(snapshots) == 1
    assert snapshots[0].data["snapshot_entities"] == LIGHTS
    scene_id = snapshots[0].data["scene_id"]
    assert scene_id == "sportrix_goal_lights_goal_lights"
    assert restores == []
    # A second goal while the lights show the first must not snapshot the goal colour.
    hass.bus.async_fire("sportrix_goal", goal(devices["match"], TACOMA, VENTURA, "home", (2, 0)))

    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=16))
    await restores.wait(1)
    await hass.async_block_till_done()

    assert restores[0].data["entity_id"] == [f"scene.{scene_id}"]
    assert len(snapshots) == 1
    assert len(lights) == 1


@pytest.mark.parametrize(("side", "flashes"), [("for", False), ("against", True)])
async def test_a_goal_between_two_followed_teams_counts_by_the_scorer(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    light_calls: list[Any],
    side: str,
    flashes: bool,
) -> None:
    await use_blueprint("goal_lights.yaml", inputs(team=devices["team"], side=side))

    # Ventura is followed too: the event names it, the team the goal went for.
    await fire(
        hass,
        goal(
            devices["match"],
            TACOMA,
            VENTURA,
            "away",
            (0, 1),
            followed_team=VENTURA,
            for_followed_team=True,
        ),
    )

    assert len(light_calls) == int(flashes)
