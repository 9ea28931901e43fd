"""A valid key without the stream's scope: its matches are polled over REST instead."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_POLL_INTERVAL,
    CONF_STREAM_URL,
    DOMAIN,
    EVENT_GOAL,
)
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator

from .conftest import FINISHED_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import SOCCER_DEVICE, advance, record_bus, wait_for, wait_for_state

LIVE_ONLY = "sk_demo_live_only"
SCORE = f"sensor.{SOCCER_DEVICE}_score"
CONNECTION = "sensor.sportrix_connection"

pytestmark = pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")


def polling_entry(simulator: Simulator, match_ids: list[int], **options: Any) -> MockConfigEntry:
    """Return an entry of the live_scores-only key."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Sportrix",
        unique_id=unique_id_for_key(LIVE_ONLY),
        data={
            CONF_API_KEY: LIVE_ONLY,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
        },
        options={CONF_MATCH_IDS: match_ids, **options},
    )


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set up an entry and check it polls."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.connection.mode == "polling"


async def poll_once_more(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    """Move time on by one interval and let the poll it starts answer."""
    poller = entry.runtime_data.connection.poller
    before = poller.requests
    await advance(hass, freezer, poller.interval)
    await wait_for(hass, lambda: poller.requests > before)
    await hass.async_block_till_done()


async def test_a_key_without_the_stream_polls_and_fires_each_goal_once(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """The live_scores key sets up; a goal reaches the entities within two intervals, once."""
    goals = record_bus(hass, EVENT_GOAL)
    entry = polling_entry(simulator, [SOCCER_MATCH])
    await set_up(hass, entry)
    await poll_once_more(hass, freezer, entry)
    await wait_for_state(hass, SCORE, "0-0")

    await simulator.score_goal(SOCCER_MATCH, "home")
    await poll_once_more(hass, freezer, entry)
    await wait_for_state(hass, SCORE, "1-0")
    await poll_once_more(hass, freezer, entry)
    assert len(goals) == 1
    assert goals[0]["source"] == "poll"
    assert goals[0]["delayed"] is False
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_polls_follow_the_match_s_state(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Every interval in play, slower at half time, none after full time; 404 is no error."""
    entry = polling_entry(simulator, [SOCCER_MATCH, NOT_STARTED_MATCH], **{CONF_POLL_INTERVAL: 5})
    await set_up(hass, entry)
    poller = entry.runtime_data.connection.poller
    assert poller.interval == timedelta(seconds=5)
    await poll_once_more(hass, freezer, entry)
    await wait_for_state(hass, SCORE, "0-0")
    assert entry.runtime_data.lookups.last_error is None

    await simulator.update(SOCCER_MATCH, {"status": "ht", "clock": {"period": "HT"}})
    await advance(hass, freezer, timedelta(seconds=5))
    await wait_for(hass, lambda: entry.runtime_data.matches[SOCCER_MATCH].status == "ht")
    during_break = poller.requests
    await advance(hass, freezer, timedelta(seconds=30))
    # Half time is polled once a minute: the not-started match is asked even less.
    assert poller.requests - during_break <= 1

    await simulator.finish(SOCCER_MATCH)
    await advance(hass, freezer, timedelta(minutes=2))
    await wait_for(hass, lambda: entry.runtime_data.matches[SOCCER_MATCH].status == "ft")
    after_full_time = poller.requests
    await advance(hass, freezer, timedelta(minutes=10))
    # Only the match not started yet is asked, once a minute once its kick-off is near.
    assert poller.requests - after_full_time <= 10
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_a_key_refused_everywhere_still_asks_for_a_new_key(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """An expired key is not taken for a key without the stream: it needs reauthentication."""
    entry = polling_entry(simulator, [FINISHED_MATCH])
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Sportrix",
        unique_id=unique_id_for_key("sk_demo_expired"),
        data={**entry.data, CONF_API_KEY: "sk_demo_expired"},
        options=dict(entry.options),
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert any(
        flow["context"]["source"] == "reauth" for flow in hass.config_entries.flow.async_progress()
    )


async def test_the_poll_interval_is_an_option_of_a_polling_entry(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A polling entry's options offer the interval; a new value applies without a reload."""
    entry = polling_entry(simulator, [SOCCER_MATCH])
    await set_up(hass, entry)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    fields = [str(key) for key in result["data_schema"].schema]
    assert CONF_POLL_INTERVAL in fields
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: "41282", CONF_POLL_INTERVAL: 20.0}
    )
    await hass.async_block_till_done()
    assert entry.options[CONF_POLL_INTERVAL] == 20
    assert entry.runtime_data.connection.poller.interval == timedelta(seconds=20)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_the_connection_sensor_and_a_repair_issue_say_it_polls(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A polling entry says so on its connection sensor and, once, in Repairs."""
    entry = polling_entry(simulator, [SOCCER_MATCH])
    await set_up(hass, entry)
    state = hass.states.get(CONNECTION)
    assert state is not None
    assert state.state == "polling"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"polling_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"entry": "Sportrix", "interval": "10"}
    assert await hass.config_entries.async_remove(entry.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"polling_{entry.entry_id}") is None
