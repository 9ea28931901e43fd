"""The final word: a finished match's result, asked once, fires what the match missed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_API_KEY, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.const import EVENT_GOAL
from custom_components.sportrix.lookups import Scope
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, FINISHED_MATCH, SOCCER_MATCH
from .helpers import SOCCER_DEVICE, advance, record_bus, wait_for, wait_for_state

SCORE = f"sensor.{SOCCER_DEVICE}_score"
STATUS = f"sensor.{SOCCER_DEVICE}_status"
WITHOUT_FINAL_SCORES = {"fixtures", "live_scores", "live_scores_statistics"}


@pytest.fixture
def match_ids() -> list[int]:
    """Follow the live soccer match only."""
    return [SOCCER_MATCH]


@pytest.fixture(autouse=True)
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time moves on with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


def settled(entry: MockConfigEntry, match_id: int) -> bool:
    """Tell whether the entry has taken (or given up) the match's result."""
    return match_id in entry.runtime_data.final_word.settled


async def yield_until(hass: HomeAssistant, predicate: Callable[[], bool]) -> None:
    """Yield to the loop until predicate holds, then wait for what it set off.

    An answer that changes nothing raises no event to wait on, as wait_for() does.
    """
    async with asyncio.timeout(5):
        while not predicate():
            await asyncio.sleep(0)
    await hass.async_block_till_done()


async def answered(hass: HomeAssistant, entry: MockConfigEntry, match_id: int) -> None:
    """Wait until the match's result is settled, and for what taking it set off."""
    await yield_until(hass, lambda: settled(entry, match_id))


async def finish_in_an_outage(hass: HomeAssistant, simulator: Simulator) -> None:
    """Drop the stream, score a home goal and end the match before the stream is back."""
    await wait_for_state(hass, SCORE, "0-0")
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, SCORE, STATE_UNAVAILABLE)
    await simulator.score_goal(SOCCER_MATCH, "home", minute="90+3")
    await simulator.finish(SOCCER_MATCH)


async def test_a_goal_missed_in_an_outage_fires_once_delayed(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Finished while the stream was down: the goal fires once, late; the result agrees."""
    goals = record_bus(hass, EVENT_GOAL)
    await finish_in_an_outage(hass, simulator)
    simulator.accept_handshakes()

    await answered(hass, init_integration, SOCCER_MATCH)
    assert hass.states.get(SCORE).state == "1-0"
    assert hass.states.get(STATUS).state == "ft"
    assert [(g["team"], g["score"], g["minute"], g["delayed"]) for g in goals] == [
        ("home", {"home": 1, "away": 0}, "90+3", True)
    ]


async def test_the_result_fires_the_final_goal_the_match_never_saw(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The live snapshot served after the outage lacks the last goal: the result has it."""
    goals = record_bus(hass, EVENT_GOAL)
    await finish_in_an_outage(hass, simulator)
    # The REST API's documented fallback to an older persisted snapshot: full time, without
    # the goal of stoppage time. The result was recorded at the whistle, with it.
    await simulator.update(SOCCER_MATCH, {"score": {"home": 0, "away": 0}})
    simulator.accept_handshakes()

    await answered(hass, init_integration, SOCCER_MATCH)
    await wait_for_state(hass, SCORE, "1-0")
    assert [(g["score"], g["delayed"], g["source"]) for g in goals] == [
        ({"home": 1, "away": 0}, True, "result")
    ]
    assert hass.states.get(STATUS).state == "ft"


async def test_no_duplicate_when_the_stream_saw_every_goal(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The stream had the goal and the whistle: the result asked once changes nothing."""
    goals = record_bus(hass, EVENT_GOAL)
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SCORE, "0-1")
    requests = init_integration.runtime_data.lookups.requests
    before = requests.total
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, STATUS, "ft")
    await answered(hass, init_integration, SOCCER_MATCH)

    assert requests.total == before + 1
    assert [(g["score"], g["delayed"], g["source"]) for g in goals] == [
        ({"home": 0, "away": 1}, False, "stream")
    ]
    assert hass.states.get(SCORE).state == "0-1"


@pytest.mark.parametrize("match_ids", [[FINISHED_MATCH]])
async def test_a_match_first_seen_finished_is_a_baseline(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Already over at setup (a restart): nothing missed is asked for or fired again."""
    goals = record_bus(hass, EVENT_GOAL)
    matches = init_integration.runtime_data.matches
    await wait_for(hass, lambda: matches[FINISHED_MATCH].state.status == "ft")
    await hass.async_block_till_done()
    final_word = init_integration.runtime_data.final_word
    assert FINISHED_MATCH not in final_word.settled
    assert final_word._asks == {}
    assert goals == []


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, CRICKET_MATCH]])
async def test_a_key_without_final_scores_asks_once_and_says_so_once(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The first result earns a 403, said once; the next finished match is not asked."""
    simulator.add_key(mock_config_entry.data[CONF_API_KEY], scopes=WITHOUT_FINAL_SCORES)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    coordinator = mock_config_entry.runtime_data
    await wait_for_state(hass, SCORE, "0-0")
    goals = record_bus(hass, EVENT_GOAL)

    await simulator.finish(SOCCER_MATCH)
    await yield_until(hass, lambda: Scope.FINAL_SCORES in coordinator.lookups.forbidden)
    before = coordinator.lookups.requests.total
    await simulator.finish(CRICKET_MATCH)
    await wait_for(hass, lambda: coordinator.matches[CRICKET_MATCH].status == "ft")
    await hass.async_block_till_done()

    assert coordinator.lookups.requests.total == before
    assert coordinator.final_word.pending == 0
    assert hass.states.get(SCORE).state == "0-0"
    assert goals == []
    said = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and "final_scores" in r.getMessage()
    ]
    assert len(said) == 1


@pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")
async def test_no_answer_is_asked_again_a_minute_later(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A result the REST API could not give at full time is asked again, then never more."""
    lookups = init_integration.runtime_data.lookups
    requests = lookups.requests
    simulator.refuse_rest(503, count=1)
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, STATUS, "ft")
    # Set as the refusal is taken, right before the next ask is planned.
    await yield_until(hass, lambda: lookups.last_error is not None)
    asked = requests.total
    assert not settled(init_integration, SOCCER_MATCH)

    await advance(hass, freezer, timedelta(minutes=1))
    await answered(hass, init_integration, SOCCER_MATCH)
    assert requests.total == asked + 1
    await advance(hass, freezer, timedelta(hours=1))
    assert requests.total == asked + 1


@pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")
async def test_nothing_is_asked_after_unload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A retry due after the entry unloads is never made."""
    lookups = init_integration.runtime_data.lookups
    requests = lookups.requests
    simulator.refuse_rest(503)
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, STATUS, "ft")
    # Set as the refusal is taken, right before the next ask is planned.
    await yield_until(hass, lambda: lookups.last_error is not None)
    asked = requests.total
    assert init_integration.runtime_data.final_word.pending == 1

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    simulator.accept_rest()
    await advance(hass, freezer, timedelta(hours=1))
    assert requests.total == asked
