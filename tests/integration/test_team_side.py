"""A followed team's side of its match: found through one vocabulary of names, never guessed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
import logging
from typing import Any
import unicodedata

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.sportrix.const import DOMAIN
from sportrix_simulator import CatalogStatus, Simulator

from .conftest import SOCCER_MATCH
from .helpers import wait_for, wait_for_state
from .test_teams import make_entry, set_up, team_subentry

# Composed, as the catalog and the followed team write it.
TEAM = "Tacoma D\u00e9fiance"
OPPONENT = "The Town"
AWAY_MATCH = 41391
BOARD = "sensor.tacoma_defiance_scoreboard"
SILK = "https://cdn.example/tacoma.svg"


@pytest.fixture(autouse=True)
async def unload_before_the_simulator_stops(
    hass: HomeAssistant, simulator: Simulator
) -> AsyncIterator[None]:
    """Unload every entry while the simulator still runs: a reconnect must not race its stop."""
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)


async def follow_away_match(hass: HomeAssistant, simulator: Simulator) -> None:
    """Follow the team, away at The Town in a match under way, until its scoreboard is in play."""
    simulator.add_match(
        SOCCER_MATCH,
        AWAY_MATCH,
        home=OPPONENT,
        away=TEAM,
        league_id=101,
        start_time=dt_util.utcnow() - timedelta(minutes=5),
        status=CatalogStatus.STARTED,
    )
    await set_up(hass, make_entry(simulator, [team_subentry(team=TEAM, silk_url=SILK)]))
    await wait_for_state(hass, BOARD, "IN")


async def send(hass: HomeAssistant, frame: Awaitable[object]) -> None:
    """Have the simulator send a frame, and wait until the integration has taken it."""
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data
    seen = coordinator.frames_received
    await frame
    await wait_for(hass, lambda: coordinator.frames_received > seen)
    await hass.async_block_till_done()


def board(hass: HomeAssistant) -> tuple[str, dict[str, Any]]:
    """Return the team's scoreboard state and attributes."""
    state = hass.states.get(BOARD)
    assert state is not None
    return state.state, dict(state.attributes)


@pytest.mark.parametrize(
    "streamed",
    [
        pytest.param(f"  {TEAM} ", id="stray spaces"),
        pytest.param(unicodedata.normalize("NFD", TEAM), id="decomposed"),
        pytest.param(TEAM.upper(), id="case"),
        pytest.param(f" {unicodedata.normalize('NFD', TEAM.lower())}", id="all three"),
    ],
)
async def test_the_stream_writing_the_team_otherwise_is_still_the_team(
    hass: HomeAssistant, simulator: Simulator, streamed: str
) -> None:
    """The stream's name of the away team in another form: the team's side is still away."""
    await follow_away_match(hass, simulator)
    # One frame: a name the same as before (once normalised) would be no change to wait for.
    await send(hass, simulator.update(AWAY_MATCH, {"away": streamed, "score": {"home": 1}}))
    state, attributes = board(hass)
    assert state == "IN"
    assert (attributes["team_score"], attributes["opponent_score"]) == ("0", "1")
    assert attributes["opponent_name"] == OPPONENT
    assert attributes["team_logo"] == SILK


async def test_a_team_the_stream_names_otherwise_gets_no_swapped_score(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A name that is not the team's: no side is guessed, and no score is shown the wrong way."""
    await follow_away_match(hass, simulator)
    await send(hass, simulator.update(AWAY_MATCH, {"away": f"{TEAM} FC", "score": {"home": 1}}))
    for _ in range(2):
        await send(hass, simulator.score_goal(AWAY_MATCH, "home"))
    state, attributes = board(hass)
    assert state == "NOT_FOUND"
    assert "team_score" not in attributes
    assert "opponent_score" not in attributes
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and str(AWAY_MATCH) in r.getMessage()
    ]
    assert len(warnings) == 1
    assert f"{TEAM} FC" in warnings[0]
