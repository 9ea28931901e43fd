"""A followed team's entities show the stream's outages, with or without a followed match."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import wait_for_state
from .test_teams import (
    TEAM_MATCH,
    TEAM_SENSOR,
    make_entry,
    set_up,
    team_subentry,
    unload_before_the_simulator_stops,
)

__all__ = ["unload_before_the_simulator_stops"]


async def test_team_entities_without_a_match_show_an_outage(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A team with no followed match goes unavailable with the stream, and comes back."""
    simulator.schedule(TEAM_MATCH, dt_util.utcnow() + timedelta(hours=5))
    entry = make_entry(simulator, [team_subentry()], match_ids=[SOCCER_MATCH])
    await set_up(hass, entry)
    await wait_for_state(hass, TEAM_SENSOR, "pre")
    assert TEAM_MATCH not in entry.runtime_data.matches

    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, TEAM_SENSOR, STATE_UNAVAILABLE)
    simulator.accept_handshakes()
    await wait_for_state(hass, TEAM_SENSOR, "pre", timeout=15)
