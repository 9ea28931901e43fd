"""The stream down while the REST API answers: its matches are polled until it is back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.const import EVENT_GOAL
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import SOCCER_DEVICE, advance, record_bus, wait_for_state

SCORE = f"sensor.{SOCCER_DEVICE}_score"
CONNECTION = "sensor.sportrix_connection"

pytestmark = pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")


@pytest.fixture
def match_ids() -> list[int]:
    """Follow the live soccer match only."""
    return [SOCCER_MATCH]


@pytest.fixture(autouse=True)
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time moves on with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


async def advance_until(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, predicate: Callable[[], bool]
) -> None:
    """Move frozen time a second at a time (at most five minutes) until predicate holds."""
    for _ in range(300):
        if predicate():
            return
        await advance(hass, freezer, timedelta(seconds=1))
    assert predicate()


def state(hass: HomeAssistant, entity_id: str) -> str | None:
    """Return an entity's state, or None."""
    found = hass.states.get(entity_id)
    return found.state if found else None


async def test_goals_keep_coming_by_polls_while_the_stream_is_down(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Down past the failover delay: polled; back: streamed; each goal fired once."""
    goals = record_bus(hass, EVENT_GOAL)
    await wait_for_state(hass, SCORE, "0-0")
    await wait_for_state(hass, CONNECTION, "push")
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()

    await advance_until(hass, freezer, lambda: state(hass, CONNECTION) == "failover")
    await simulator.score_goal(SOCCER_MATCH, "home")
    await advance_until(hass, freezer, lambda: len(goals) == 1)
    assert goals[0]["source"] == "poll"
    assert state(hass, SCORE) == "1-0"

    simulator.accept_handshakes()
    await advance_until(hass, freezer, lambda: state(hass, CONNECTION) == "push")
    assert init_integration.runtime_data.connection.failover is None
    await simulator.score_goal(SOCCER_MATCH, "away")
    await advance_until(hass, freezer, lambda: len(goals) == 2)
    await advance(hass, freezer, timedelta(seconds=30))
    assert [(g["score"], g["source"]) for g in goals] == [
        ({"home": 1, "away": 0}, "poll"),
        ({"home": 1, "away": 1}, "stream"),
    ]
    assert await hass.config_entries.async_unload(init_integration.entry_id)
