"""Home Assistant reports no use of a deprecated API by the integration."""

import logging

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, frame
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import SOCCER_DEVICE, wait_for, wait_for_state


@pytest.fixture(autouse=True)
def every_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Report each use again: Home Assistant reports one once per process."""
    monkeypatch.setattr(frame, "_REPORTED_INTEGRATIONS", set())


async def test_a_match_device_is_found_without_deprecated_fields(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Setting up, and renaming a match's device, read the registry as the release asks."""
    caplog.set_level(logging.WARNING, logger=frame.__name__)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_status", "live")
    await simulator.update(SOCCER_MATCH, {"home": "Vancouver Whitecaps 2"})
    registry = dr.async_get(hass)
    renamed = "Vancouver Whitecaps 2 vs The Town"
    await wait_for(
        hass,
        lambda: any(
            device.name == renamed
            for device in dr.async_entries_for_config_entry(registry, mock_config_entry.entry_id)
        ),
    )
    await hass.async_block_till_done()
    assert [r.getMessage() for r in caplog.records if r.name == frame.__name__] == []
