"""Diagnostics: stream health and match state, never the key."""

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from .conftest import API_KEY

# Wall-clock times and the simulator's free port differ on every run.
VOLATILE = props("updated_at", "last_frame_at", "kick_off", "stream_url", "api_url")


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics dump matches its snapshot and holds no trace of the key."""
    result = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert API_KEY not in json.dumps(result)
    assert result["entry"]["data"]["api_key"] == "**REDACTED**"
    assert result["stream"]["connected"] is True
    assert result == snapshot(exclude=VOLATILE)
