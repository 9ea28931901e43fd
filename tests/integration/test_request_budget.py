"""The request budget in diagnostics: requests of the last hour, and what the schedule plans."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.const import CONF_POLL_INTERVAL
from custom_components.sportrix.diagnostics import async_get_config_entry_diagnostics
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import advance, wait_for, wait_for_state
from .test_final_word import yield_until
from .test_polling import polling_entry, set_up

STATUS = "sensor.vancouver_whitecaps_ii_vs_the_town_status"

pytestmark = pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")


@pytest.fixture(autouse=True)
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time moves on with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


async def requests(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    """Return the requests part of the entry's diagnostics."""
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    figures: dict[str, Any] = diagnostics["requests"]
    return figures


async def test_requests_of_the_last_hour_roll_off(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Setup's look-ups and the result count; an hour later they have left the last hour."""
    lookups = init_integration.runtime_data.lookups
    final_word = init_integration.runtime_data.final_word
    # Each followed match's catalog entry, asked as it is followed.
    assert await requests(hass, init_integration) == {
        "last_hour": 2,
        "total": 2,
        "planned_per_hour": 0,
        "results": {"allowed": True, "settled": 0},
    }

    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, STATUS, "ft")
    await yield_until(hass, lambda: SOCCER_MATCH in final_word.settled)
    figures = await requests(hass, init_integration)
    assert (figures["last_hour"], figures["total"]) == (3, 3)
    assert figures["results"] == {"allowed": True, "settled": 1}

    await advance(hass, freezer, timedelta(minutes=59))
    assert lookups.requests.last_hour == 3
    await advance(hass, freezer, timedelta(minutes=2))
    figures = await requests(hass, init_integration)
    assert (figures["last_hour"], figures["total"]) == (0, 3)


async def test_a_polling_key_plans_a_poll_an_interval_for_each_match(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Two matches polled every 20 s plan 360 requests an hour; each poll is counted."""
    entry = polling_entry(simulator, [SOCCER_MATCH, 41250], **{CONF_POLL_INTERVAL: 20})
    await set_up(hass, entry)
    poller = entry.runtime_data.connection.poller
    assert poller is not None
    before = (await requests(hass, entry))["total"]
    await advance(hass, freezer, timedelta(seconds=20))
    await wait_for(hass, lambda: poller.requests >= 2)
    await hass.async_block_till_done()

    figures = await requests(hass, entry)
    # The key has no catalog scope: the catalog is not asked, and not planned.
    assert figures["planned_per_hour"] == 2 * 180
    assert figures["total"] >= before + poller.requests
    assert figures["last_hour"] == figures["total"]
