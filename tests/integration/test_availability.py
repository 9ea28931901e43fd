"""Availability across outages: a quick reconnect does not flap, a long outage shows."""

from datetime import timedelta

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sportrix import (
    availability as availability_module,
)
from custom_components.sportrix.api import SportrixClient
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import SOCCER_DEVICE, wait_for_state

SOCCER_SCORE = f"sensor.{SOCCER_DEVICE}_score"


CONNECTION = "sensor.sportrix_connection"


@pytest.fixture
def grace(monkeypatch: pytest.MonkeyPatch) -> float:
    """Give outages a grace long enough that only the test's own clock can end it."""
    seconds = 5.0
    monkeypatch.setattr(availability_module, "UNAVAILABLE_GRACE", seconds)
    return seconds


@pytest.fixture
def unavailable_seen(hass: HomeAssistant) -> list[str]:
    """Record every entity that was written as unavailable."""
    seen: list[str] = []

    @callback
    def record(event: Event) -> None:
        new_state = event.data["new_state"]
        if new_state is not None and new_state.state == STATE_UNAVAILABLE:
            seen.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    return seen


async def test_quick_reconnect_does_not_flap(
    hass: HomeAssistant,
    grace: float,
    unavailable_seen: list[str],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A connection lost and back within the grace leaves every entity available."""
    handshakes = simulator.handshake_count
    await simulator.drop_connections()
    await simulator.wait_for(lambda: simulator.handshake_count > handshakes)
    await simulator.wait_for(lambda: simulator.subscriber_count(SOCCER_MATCH) == 1)
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=grace + 1))
    await hass.async_block_till_done()
    assert unavailable_seen == []
    assert init_integration.runtime_data.available


async def test_long_outage_shows_after_the_grace(
    hass: HomeAssistant,
    grace: float,
    unavailable_seen: list[str],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Entities stay as they were during the grace, then show the outage, then recover.

    The entry's connection sensor says the same: the stream, offline, the stream again.
    """
    await wait_for_state(hass, CONNECTION, "push")
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await simulator.wait_for(lambda: simulator.refused_count >= 1)
    await hass.async_block_till_done()
    assert hass.states.get(SOCCER_SCORE).state == "0-0"
    assert hass.states.get(CONNECTION).state == "push"  # type: ignore[union-attr]

    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=grace + 1))
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    assert SOCCER_SCORE in unavailable_seen
    await wait_for_state(hass, CONNECTION, "offline")

    simulator.accept_handshakes()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=grace + 2))
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    await wait_for_state(hass, CONNECTION, "push")


async def test_setup_retries_ask_the_catalog_nothing(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the stream is down at setup, each retry asks the REST catalog nothing."""
    asked: list[int] = []
    look_up = SportrixClient.match

    async def counting_match(self: SportrixClient, match_id: int) -> object:
        asked.append(match_id)
        return await look_up(self, match_id)

    monkeypatch.setattr(SportrixClient, "match", counting_match)
    simulator.refuse_handshakes(503)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert asked == []

    simulator.accept_handshakes()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=5))
    # Entities show the match once the retried setup connected and named it from the catalog.
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    assert sorted(asked) == sorted(mock_config_entry.options["match_ids"])


async def test_server_that_closes_at_once_does_not_flap(
    hass: HomeAssistant,
    grace: float,
    unavailable_seen: list[str],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Handshakes that are closed at once never count as the stream being back."""
    simulator.close_after_handshake()
    await simulator.drop_connections()
    await simulator.wait_for(lambda: simulator.closed_at_once_count >= 2)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=grace + 1))
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)

    closed = simulator.closed_at_once_count
    await simulator.wait_for(lambda: simulator.closed_at_once_count >= closed + 3)
    await hass.async_block_till_done()
    assert hass.states.get(SOCCER_SCORE).state == STATE_UNAVAILABLE
    assert unavailable_seen.count(SOCCER_SCORE) == 1

    simulator.keep_connections()
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
