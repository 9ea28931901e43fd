"""A followed team before its match: no score anywhere until the match kicks off."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from sportrix_simulator import Simulator

from .helpers import advance, match_device, wait_for, wait_for_state
from .test_teams import (  # noqa: F401 - the module's autouse fixtures apply here too
    NOW,
    TEAM_MATCH,
    TEAM_SENSOR,
    kick_off,
    make_entry,
    no_read_timeout,
    set_up,
    team_subentry,
    unload_before_the_simulator_stops,
)

pytestmark = pytest.mark.freeze_time(NOW)

TEAM_BOARD = "sensor.tacoma_defiance_scoreboard"
SCORES = ("score", "team_score", "opponent_score")


def _scores(hass: HomeAssistant) -> tuple[dict[str, object], dict[str, object]]:
    """Return the scores the team's match sensor and its scoreboard sensor show."""
    sensor, board = hass.states.get(TEAM_SENSOR), hass.states.get(TEAM_BOARD)
    assert sensor is not None
    assert board is not None
    return (
        {k: sensor.attributes[k] for k in SCORES if k in sensor.attributes},
        {k: board.attributes[k] for k in SCORES if k in board.attributes},
    )


async def test_no_score_before_kick_off_then_the_same_score_on_both(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Neither sensor pretends a 0 before kick-off, listed or followed; then both agree."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=30))
    await set_up(hass, make_entry(simulator, [team_subentry()]))
    await wait_for_state(hass, TEAM_SENSOR, "pre")
    assert _scores(hass) == ({}, {"team_score": "", "opponent_score": ""})

    # Followed a quarter of an hour before kick-off: still no score.
    await advance(hass, freezer, timedelta(minutes=15))
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    await hass.async_block_till_done()
    assert hass.states.get(TEAM_SENSOR).state == "pre"
    assert _scores(hass) == ({}, {"team_score": "", "opponent_score": ""})

    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    await wait_for(hass, lambda: "score" in _scores(hass)[0])
    assert _scores(hass) == (
        {"score": "0-0", "team_score": 0, "opponent_score": 0},
        {"team_score": "0", "opponent_score": "0"},
    )
