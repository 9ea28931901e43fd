"""Fixtures for the Home Assistant side: a config entry pointed at the simulator."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix import (
    availability as availability_module,
    connection as connection_module,
)
from custom_components.sportrix.const import CONF_MATCH_IDS
from sportrix_simulator import Simulator

from .helpers import CRICKET_MATCH, SOCCER_MATCH, enable_match_events, simulator_entry, wait_for

API_KEY = "sk_demo_full"
NOT_STARTED_MATCH = 41301
FINISHED_MATCH = 41250
LIVE_MATCHES = {SOCCER_MATCH, CRICKET_MATCH}


@pytest.fixture(autouse=True)
def fast_reconnect(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect within milliseconds so that outage tests do not wait on real backoff."""
    monkeypatch.setattr(connection_module, "DEFAULT_BACKOFF_INITIAL", 0.01)
    monkeypatch.setattr(connection_module, "DEFAULT_BACKOFF_MAX", 0.05)
    # Outage tests see entities go unavailable at once; the grace has tests of its own.
    monkeypatch.setattr(availability_module, "UNAVAILABLE_GRACE", 0)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
def match_ids() -> list[int]:
    """Return the matches the entry follows."""
    return [SOCCER_MATCH, CRICKET_MATCH]


@pytest.fixture
def mock_config_entry(simulator: Simulator, match_ids: list[int]) -> MockConfigEntry:
    """Return a config entry for the demo key against the simulator."""
    # A fixed entry id, so that ids derived from it (the calendar's) are the same on every run.
    return simulator_entry(simulator, match_ids, key=API_KEY, entry_id="01JSPORTRIXTESTENTRY000000")


@pytest.fixture
def match_events_enabled(hass: HomeAssistant) -> None:
    """Enable the matches' event entities, off by default; request it before the integration."""
    enable_match_events(hass)


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> MockConfigEntry:
    """Set up the integration and wait until every followed live match has its snapshot."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    coordinator = mock_config_entry.runtime_data
    live = [m for m in mock_config_entry.options[CONF_MATCH_IDS] if m in LIVE_MATCHES]
    await wait_for(hass, lambda: all(coordinator.matches[m].snapshot for m in live))
    await hass.async_block_till_done()
    return mock_config_entry
