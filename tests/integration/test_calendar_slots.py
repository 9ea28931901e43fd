"""A match's calendar slot: one length from its scheduled kick-off, the same before and after."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from sportrix_simulator import Simulator

from .helpers import advance, match_device, wait_for, wait_for_state
from .test_teams import (  # noqa: F401 - the module's autouse fixtures apply here too
    NOW,
    TEAM_MATCH,
    TEAM_SENSOR,
    _calendar_events,
    kick_off,
    make_entry,
    no_read_timeout,
    set_up,
    team_subentry,
    unload_before_the_simulator_stops,
)

pytestmark = pytest.mark.freeze_time(NOW)

KICK_OFF = NOW + timedelta(minutes=30)
# A soccer match's expected length, from its scheduled kick-off.
EXPECTED_END = KICK_OFF + timedelta(hours=2)


async def _slot(hass: HomeAssistant) -> tuple[datetime, datetime]:
    """Return the start and end of the team's match in the fixtures calendar."""
    events: list[dict[str, Any]] = await _calendar_events(
        hass, NOW - timedelta(hours=1), NOW + timedelta(days=1)
    )
    (event,) = [e for e in events if e["summary"] == "Tacoma Defiance vs Ventura County FC"]
    return datetime.fromisoformat(event["start"]), datetime.fromisoformat(event["end"])


async def _in_play(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Follow the team, whose match is listed for KICK_OFF, and kick that match off."""
    simulator.schedule(TEAM_MATCH, KICK_OFF)
    await set_up(hass, make_entry(simulator, [team_subentry()]))
    await advance(hass, freezer, timedelta(minutes=20))
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")


async def test_a_slot_keeps_its_length_from_the_catalog_to_full_time(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Listed, followed, kicked off and finished early: the slot never moves."""
    simulator.schedule(TEAM_MATCH, KICK_OFF)
    await set_up(hass, make_entry(simulator, [team_subentry()]))
    await wait_for_state(hass, TEAM_SENSOR, "pre")
    assert await _slot(hass) == (KICK_OFF, EXPECTED_END)

    # Followed from a quarter of an hour before kick-off, before any frame tells the sport.
    await advance(hass, freezer, timedelta(minutes=15))
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    assert await _slot(hass) == (KICK_OFF, EXPECTED_END)

    await advance(hass, freezer, timedelta(minutes=5))
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    assert await _slot(hass) == (KICK_OFF, EXPECTED_END)

    # Over before its expected end: the slot stays as it was.
    await simulator.finish(TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "post")
    assert await _slot(hass) == (KICK_OFF, EXPECTED_END)


async def test_a_match_that_runs_past_its_slot_stretches_it_to_full_time(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Only a match still playing past its expected end moves the end: to its full time."""
    await _in_play(hass, simulator, freezer)
    await advance(hass, freezer, EXPECTED_END - NOW - timedelta(minutes=30) + timedelta(minutes=20))
    await simulator.finish(TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "post")
    start, end = await _slot(hass)
    assert start == KICK_OFF
    assert EXPECTED_END < end <= EXPECTED_END + timedelta(minutes=21)


async def test_full_time_first_seen_a_day_late_stretches_the_slot_only_so_far(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Full time seen hours after the match (say, after a restart): at most twice its length."""
    await _in_play(hass, simulator, freezer)
    await advance(hass, freezer, timedelta(hours=20))
    await simulator.finish(TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "post")
    assert await _slot(hass) == (KICK_OFF, KICK_OFF + timedelta(hours=4))
