"""What a match's device shows in the Activity log, counted as the logbook panel reads it.

Unlike the per-entity churn count, this one includes the lines of the bus events, the way the
logbook shows a device: every state row of the match's entities and every described event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
import os
from pathlib import Path
from typing import Any

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

from custom_components.sportrix import logbook
from custom_components.sportrix.const import (
    DOMAIN,
    EVENT_GOAL,
    EVENT_GOAL_CANCELLED,
    EVENT_MATCH_STATUS,
    EVENT_WICKET,
)
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import match_device, record_bus
from .test_logbook_churn import _match_hours, _play_through

# Where a measurement run writes its table (SPORTRIX_LOGBOOK_REPORT=path).
REPORT = os.environ.get("SPORTRIX_LOGBOOK_REPORT")
# The line that stands for the match's bus events, apart from the state rows of its entities.
BUS = "bus event"
# What a fan's log tells: each of these is one readable line.
TOLD = (EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_WICKET, EVENT_MATCH_STATUS)
# Numbers that step with play (counters, the clock, the overs): never a line of their own.
SILENT = {"home_goals", "away_goals", "runs", "wickets", "balls", "overs", "minute", "run_rate"}
# Entities that would repeat our line of a goal, wicket or change of status: they start disabled.
REPEATS = {"goal", "wicket", "match_status", "period", "last_event"}


@pytest.fixture
def mock_recorder_before_hass(recorder_db_url: str) -> None:
    """Prepare the database before Home Assistant starts, as the recorder fixture needs."""


def _describers(hass: HomeAssistant) -> LogbookConfig:
    """Return the logbook's configuration with the integration's describers, as it loads them."""
    found: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {}

    def describe(domain: str, event_type: str, describer: Callable[[Any], Any]) -> None:
        found[event_type] = (domain, describer)

    logbook.async_describe_events(hass, describe)
    return LogbookConfig(found)  # type: ignore[arg-type]


def _device_logbook(
    hass: HomeAssistant, device_id: str, entity_ids: list[str]
) -> list[dict[str, Any]]:
    """Return what the logbook shows for one device and its entities over the last day."""
    event_types = (*BUILT_IN_EVENTS, *hass.data[LOGBOOK_DOMAIN].external_events)
    processor = EventProcessor(hass, tuple(event_types), entity_ids, [device_id])
    now = dt_util.utcnow()
    return processor.get_events(now - timedelta(days=1), now + timedelta(minutes=1))


def _append(path: Path, lines: list[str]) -> None:
    """Add lines to the measurement's table."""
    with path.open("a", encoding="utf-8") as report:
        report.writelines(lines)


async def _play_and_read(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator, match_id: int
) -> list[dict[str, Any]]:
    """Play a whole match, then return its device's logbook."""
    hass.data[LOGBOOK_DOMAIN] = _describers(hass)
    await _play_through(hass, entry, simulator, match_id)
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    device = match_device(hass, match_id)
    assert device is not None
    registry = er.async_get(hass)
    entity_ids = [e.entity_id for e in er.async_entries_for_device(registry, device.id)]
    return await get_instance(hass).async_add_executor_job(
        _device_logbook, hass, device.id, entity_ids
    )


def _source(registry: er.EntityRegistry, entry: dict[str, Any]) -> str:
    """Return what made a line: a bus event, or the key of the entity whose state changed."""
    if entry.get("domain") == DOMAIN:
        return BUS
    entity = registry.async_get(str(entry["entity_id"]))
    assert entity is not None
    return entity.unique_id.split("_", 1)[1]


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH], [CRICKET_MATCH]])
async def test_device_logbook_of_a_whole_match(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    match_ids: list[int],
) -> None:
    """Each goal, wicket and change of status has one line of ours saying who and the score."""
    (match_id,) = match_ids
    told = {event_type: record_bus(hass, event_type) for event_type in TOLD}
    entries = await _play_and_read(hass, init_integration, simulator, match_id)
    registry = er.async_get(hass)
    per_source = Counter(_source(registry, e) for e in entries)
    hours = _match_hours(match_id)
    if REPORT:
        lines = [f"{match_id}\t{k}\t{n}\t{n / hours:.1f}\n" for k, n in sorted(per_source.items())]
        lines.append(f"{match_id}\tTOTAL\t{per_source.total()}\t{per_source.total() / hours:.1f}\n")
        await hass.async_add_executor_job(_append, Path(REPORT), lines)
    ours = [str(e["message"]) for e in entries if e.get("domain") == DOMAIN]
    # One line per goal, cancelled goal, wicket and change of status, and no other of ours:
    # a corner or a card fires no bus event, so it has no line of ours.
    fired = [data for seen in told.values() for data in seen if data.get("match_id") == match_id]
    assert fired
    assert len(ours) == len(fired)
    assert per_source[BUS] == len(ours)
    # Each line says what happened, for whom or between whom, in words.
    assert all(message and "None" not in message for message in ours)
    # Counters and the clock (a state class, no unit) are never lines of their own.
    assert not SILENT & set(per_source), per_source
    # Nothing repeats our line: a goal adds only the score's change, a wicket nothing.
    assert not REPEATS & set(per_source), per_source
    goals = [d for d in told[EVENT_GOAL] + told[EVENT_GOAL_CANCELLED] if d["match_id"] == match_id]
    assert per_source["score"] == len(goals)
