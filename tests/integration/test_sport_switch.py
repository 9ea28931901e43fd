"""A match whose frames change sport: the old sport's entities show nothing stale."""

from __future__ import annotations

from typing import Any

from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.const import DOMAIN
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import SOCCER_DEVICE, enable_match_events, enable_sensor, wait_for

SOCCER_ONLY = ("minute", "period", "home_goals", "away_goals")
CRICKET_ONLY = ("runs", "wickets", "overs", "batting")
OF_EVERY_SPORT = ("status", "scoreboard")


@pytest.fixture
def match_ids() -> list[int]:
    """Follow the soccer match alone: the cricket match's frames are only borrowed."""
    return [SOCCER_MATCH]


@pytest.fixture(autouse=True)
def last_event_enabled(hass: HomeAssistant) -> None:
    """Enable the last event and period sensors and the event entities, off by default."""
    enable_sensor(hass, SOCCER_MATCH, "last_event", SOCCER_DEVICE)
    enable_sensor(hass, SOCCER_MATCH, "period", SOCCER_DEVICE)
    # The soccer match's wicket entity, registered once it plays cricket.
    enable_sensor(hass, SOCCER_MATCH, "wicket", SOCCER_DEVICE, "event")
    enable_match_events(hass)


def entity_id(hass: HomeAssistant, key: str, platform: str = Platform.SENSOR) -> str | None:
    """Return the entity id of one of the followed match's entities, by its key."""
    return er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{SOCCER_MATCH}_{key}")


def state_of(hass: HomeAssistant, key: str, platform: str = Platform.SENSOR) -> str | None:
    """Return the state of one of the match's entities, None while it has none."""
    if (found := entity_id(hass, key, platform)) is None:
        return None
    state = hass.states.get(found)
    return state.state if state is not None else None


def cricket_frame(simulator: Simulator, home: str, away: str) -> dict[str, Any]:
    """Return a cricket snapshot sent under the soccer match's id, between two teams.

    It carries the soccer match's time: an older frame would be skipped as stale.
    """
    snapshot = simulator.snapshot(CRICKET_MATCH)
    updated_at = simulator.snapshot(SOCCER_MATCH)["updated_at"]
    snapshot |= {"match_id": SOCCER_MATCH, "home": home, "away": away, "updated_at": updated_at}
    snapshot |= {"batting": home, "bowling": away}
    snapshot["scorecard"] = [dict(snapshot["scorecard"][0], batting=home)]
    return {"op": "update", "data": snapshot}


# The same names leave the device's name as it was: nothing but the frame wakes the entities.
@pytest.mark.parametrize(
    ("home", "away"), [("Vancouver Whitecaps II", "The Town"), ("Mumbai", "Chennai")]
)
async def test_entities_of_a_sport_the_match_no_longer_plays_are_unavailable(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    home: str,
    away: str,
) -> None:
    """Soccer to cricket and back: each sport's entities show only while the match plays it."""
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 34}})
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for(hass, lambda: state_of(hass, "home_goals") == "1")
    await wait_for(hass, lambda: state_of(hass, "minute") == "34")
    assert state_of(hass, "goal", Platform.EVENT) not in (None, STATE_UNAVAILABLE)

    await simulator.push_frame(cricket_frame(simulator, home, away), SOCCER_MATCH)
    await wait_for(hass, lambda: state_of(hass, "runs") == "1")
    await hass.async_block_till_done()
    for key in SOCCER_ONLY:
        assert state_of(hass, key) == STATE_UNAVAILABLE, key
    assert state_of(hass, "goal", Platform.EVENT) == STATE_UNAVAILABLE
    for key in CRICKET_ONLY + OF_EVERY_SPORT:
        assert state_of(hass, key) not in (None, STATE_UNAVAILABLE), key
    assert state_of(hass, "wicket", Platform.EVENT) not in (None, STATE_UNAVAILABLE)
    # Both sports have a score and a last event: shown for the sport now played.
    assert state_of(hass, "score") == "1/0"
    assert state_of(hass, "last_event") == "1 run"

    # The simulator still holds the soccer match: its next frame takes the match back.
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 35}})
    await wait_for(hass, lambda: state_of(hass, "minute") == "35")
    await hass.async_block_till_done()
    assert state_of(hass, "home_goals") == "1"
    assert state_of(hass, "score") == "1-0"
    assert state_of(hass, "goal", Platform.EVENT) not in (None, STATE_UNAVAILABLE)
    for key in CRICKET_ONLY:
        assert state_of(hass, key) == STATE_UNAVAILABLE, key
    assert state_of(hass, "wicket", Platform.EVENT) == STATE_UNAVAILABLE
