"""The full time announcement blueprint: the final score, said once, for the chosen match."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import AUSTRALIA, INDIA, TACOMA, VENTURA

PLAYERS = ["media_player.kitchen", "media_player.lounge"]


@pytest.fixture
def devices(hass: HomeAssistant, make_device: Any, sportrix_entry: Any) -> dict[str, str]:
    """Create a followed team, its match with score sensors, and a cricket match."""
    devices = {
        "team": make_device("team_01TACOMA", TACOMA, "Soccer team"),
        "match": make_device("41320", f"{TACOMA} vs {VENTURA}", "Soccer match"),
        "cricket": make_device("50001", f"{INDIA} vs {AUSTRALIA}", "Cricket match"),
    }
    registry = er.async_get(hass)
    # The user renamed the score sensor's entity id: it is found by its device and its state.
    for key, unique_id, object_id, state in [
        ("match", "41320_kick_off", "tacoma_kick_off", "2026-11-30T15:00:00+00:00"),
        ("match", "41320_home_goals", "tacoma_home_goals", "2"),
        ("match", "41320_score", "final_whistle", "2-1"),
        ("cricket", "50001_score", "india_vs_australia_score", "175/9"),
    ]:
        entry = registry.async_get_or_create(
            "sensor",
            "sportrix",
            unique_id,
            suggested_object_id=object_id,
            config_entry=sportrix_entry,
            device_id=devices[key],
        )
        hass.states.async_set(entry.entity_id, state)
    return devices


@pytest.fixture
def speech(hass: HomeAssistant) -> list[Any]:
    """Record tts.speak calls."""
    return async_mock_service(hass, "tts", "speak")


def full_time(device_id: str, home: str = TACOMA, away: str = VENTURA, **extra: Any) -> dict:
    """Return the data of a full time sportrix_match_status bus event."""
    return {
        "device_id": device_id,
        "match_id": 41320,
        "sport": "soccer",
        "home": home,
        "away": away,
        "event_type": "full_time",
        "from": "live",
        "to": "ft",
        "delayed": False,
        **extra,
    }


def inputs(**overrides: Any) -> dict[str, Any]:
    """Return the blueprint's inputs, changed by the overrides."""
    return {"tts_entity": "tts.piper", "media_players": PLAYERS, **overrides}


async def fire(hass: HomeAssistant, data: dict[str, Any]) -> None:
    """Fire a status event on the bus and let the automation run."""
    hass.bus.async_fire("sportrix_match_status", data)
    await hass.async_block_till_done()


async def test_full_time_says_the_final_score(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], speech: list[Any]
) -> None:
    await use_blueprint("full_time_announcement.yaml", inputs(team=devices["team"]))

    await fire(hass, full_time(devices["match"]))

    assert [c.data for c in speech] == [
        {
            "entity_id": ["tts.piper"],
            "media_player_entity_id": PLAYERS,
            "message": "Full time: Tacoma Defiance 2\N{EN DASH}1 Ventura County FC.",
        }
    ]


async def test_cricket_full_time_names_the_sides(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], speech: list[Any]
) -> None:
    await use_blueprint("full_time_announcement.yaml", inputs(match=devices["cricket"]))

    await fire(
        hass, full_time(devices["cricket"], INDIA, AUSTRALIA, sport="cricket", match_id=50001)
    )

    assert [c.data["message"] for c in speech] == ["Full time: India vs Australia."]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (full_time("", delayed=True), "recovered after an outage"),
        (full_time("", event_type="half_time", to="ht"), "half time"),
        (full_time("", "Portland Timbers 2", "The Town"), "another team's match"),
    ],
)
async def test_other_status_changes_are_not_announced(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    speech: list[Any],
    data: dict[str, Any],
    why: str,
) -> None:
    await use_blueprint("full_time_announcement.yaml", inputs(team=devices["team"]))

    await fire(hass, data | {"device_id": devices["match"]})

    assert speech == [], why


async def test_match_announces_its_own_full_time_only(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str], speech: list[Any]
) -> None:
    await use_blueprint("full_time_announcement.yaml", inputs(match=devices["match"]))

    await fire(hass, full_time(devices["cricket"], INDIA, AUSTRALIA, sport="cricket"))
    assert speech == []
    await fire(hass, full_time(devices["match"]))
    assert len(speech) == 1


async def test_a_match_without_a_score_sensor_is_still_announced(
    hass: HomeAssistant, use_blueprint: Any, make_device: Any, speech: list[Any]
) -> None:
    bare = make_device("41400", "Portland Timbers 2 vs The Town", "Soccer match")
    await use_blueprint("full_time_announcement.yaml", inputs())

    await fire(hass, full_time(bare, "Portland Timbers 2", "The Town"))

    assert [c.data["message"] for c in speech] == ["Full time: Portland Timbers 2 vs The Town."]
