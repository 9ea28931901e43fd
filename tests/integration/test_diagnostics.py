"""Diagnostics: stream health and match state, never the key."""

import json

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from .conftest import API_KEY
from .test_sensor import FROZEN_AT


@pytest.mark.freeze_time(FROZEN_AT)
async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics dump matches its snapshot and holds no trace of the key."""
    result = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert API_KEY not in json.dumps(result)
    result["entry"]["data"]["stream_url"] = "ws://simulator/v1/stream"
    result["entry"]["data"]["api_url"] = "http://simulator/api"
    assert result == snapshot
