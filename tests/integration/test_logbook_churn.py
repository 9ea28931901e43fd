"""Logbook entries of whole matches, counted with Home Assistant's recorder and logbook.

A match plays its whole script through the simulator, one frame at a time; the logbook's own
processor then reads what it would show. Ball-by-ball and phase changes must stay out of it,
so that goals and wickets are what a user sees.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
import os
from pathlib import Path

from homeassistant.components.logbook.const import BUILT_IN_EVENTS, DOMAIN as LOGBOOK_DOMAIN
from homeassistant.components.logbook.models import LogbookConfig
from homeassistant.components.logbook.processor import EventProcessor
from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from sportrix_simulator import ScriptFinishedError, Simulator
from sportrix_simulator.scripts import select_matches

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import wait_for

# Where a measurement run writes its table (SPORTRIX_CHURN_REPORT=path).
REPORT = os.environ.get("SPORTRIX_CHURN_REPORT")

# What a whole match may leave in the logbook, per entity key (the rest: nothing at all); a
# goal taken back counts too. Soccer: the score of each goal, the status at kick-off, half and
# full time. Cricket: the status at the innings break and the end, the batting side. Goals,
# wickets and changes of status are told by the integration's own lines (test_logbook_lines).
ALLOWED = {
    SOCCER_MATCH: {"score": 8, "status": 4, "scoreboard": 3},
    CRICKET_MATCH: {"status": 4, "batting": 2, "scoreboard": 3},
}
# What a goal or wicket changes that would repeat its line: present, and quiet.
QUIET = {SOCCER_MATCH: "home_goals", CRICKET_MATCH: "wickets"}


@pytest.fixture
def mock_recorder_before_hass(recorder_db_url: str) -> None:
    """Prepare the database before Home Assistant starts, as the recorder fixture needs."""


def _match_hours(match_id: int) -> float:
    """Return how long the match's script plays, in hours."""
    (definition,) = select_matches([match_id])
    return definition.timeline[-1].at / 3600


async def _play_through(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator, match_id: int
) -> None:
    """Play every scripted frame of a match, each taken by the integration before the next."""
    coordinator = entry.runtime_data
    while True:
        seen = coordinator.frames_received
        try:
            await simulator.step(match_id)
        except ScriptFinishedError:
            return
        await wait_for(hass, lambda seen=seen: coordinator.frames_received > seen)


def _logbook(hass: HomeAssistant, entity_ids: list[str]) -> list[dict[str, object]]:
    """Return the logbook's entries of these entities over the last day."""
    processor = EventProcessor(hass, tuple(BUILT_IN_EVENTS), entity_ids)
    now = dt_util.utcnow()
    return processor.get_events(now - timedelta(days=1), now + timedelta(minutes=1))


def _append(path: Path, lines: list[str]) -> None:
    """Add lines to the measurement's table."""
    with path.open("a", encoding="utf-8") as report:
        report.writelines(lines)


def _key(entity: er.RegistryEntry) -> str:
    """Return the description key of an entity: its unique id after the match or team."""
    return entity.unique_id.split("_", 1)[1]


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH], [CRICKET_MATCH]])
async def test_logbook_of_a_whole_match(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    match_ids: list[int],
) -> None:
    """Only goals, wickets and the few changes of status, period and batting are logged."""
    (match_id,) = match_ids
    # The logbook's processor without its frontend panel: the counting is the same.
    hass.data[LOGBOOK_DOMAIN] = LogbookConfig({})
    await _play_through(hass, init_integration, simulator, match_id)
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    registry = er.async_get(hass)
    entities = {
        e.entity_id: e
        for e in er.async_entries_for_config_entry(registry, init_integration.entry_id)
    }
    entries = await get_instance(hass).async_add_executor_job(_logbook, hass, list(entities))
    per_key = Counter(_key(entities[str(e["entity_id"])]) for e in entries)
    hours = _match_hours(match_id)
    if REPORT:
        lines = [f"{match_id}\t{key}\t{n}\t{n / hours:.1f}\n" for key, n in sorted(per_key.items())]
        lines.append(f"{match_id}\tTOTAL\t{per_key.total()}\t{per_key.total() / hours:.1f}\n")
        await hass.async_add_executor_job(_append, Path(REPORT), lines)
    allowed = ALLOWED[match_id]
    too_many = {k: n for k, n in per_key.items() if n > allowed.get(k, 0)}
    assert not too_many, per_key
    # The counter that steps with each goal or wicket is there, and never a line.
    assert QUIET[match_id] in {_key(e) for e in entities.values()}
    assert per_key[QUIET[match_id]] == 0
    # The score is the soccer match's one line per goal beside ours.
    if match_id == SOCCER_MATCH:
        assert per_key["score"] > 0
