"""State writes and recorder rows per match-hour, with Home Assistant's recorder on SQLite.

Ten matches play an hour each (a frame per second of play, a goal every 1,200 frames), at
3,000 frames/s; the recorder writes to an SQLite file. Rows are counted from the database.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import aiohttp
from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.db_schema import States, StatesMeta
from homeassistant.components.recorder.util import session_scope
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from sqlalchemy import func

from custom_components.sportrix.entity import SportrixEntity

from .harness import entity_ids, load_window, set_up_entry
from .simproc import SimControl, SimProcess

MATCHES = 10
RATE = 3000.0
SECONDS_OF_PLAY = 3600


@pytest.fixture
def mock_recorder_before_hass(recorder_db_url: str) -> None:
    """Prepare the database before Home Assistant starts, as the recorder fixture needs."""


def _rows(hass: HomeAssistant, wanted: set[str]) -> dict[str, int]:
    """Return the recorder's state rows per entity (run in the recorder's executor)."""
    with session_scope(hass=hass, read_only=True) as session:
        query = (
            session.query(StatesMeta.entity_id, func.count(States.state_id))
            .join(States, States.metadata_id == StatesMeta.metadata_id)
            .group_by(StatesMeta.entity_id)
        )
        return {entity_id: count for entity_id, count in query if entity_id in wanted}


@pytest.mark.parametrize("persistent_database", [True])
async def test_recorder(
    *,
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sim: SimProcess,
    results: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    persistent_database: bool,
) -> None:
    """Count writes and rows over ten match-hours."""
    hass.loop.set_debug(False)
    match_ids = sim.take(MATCHES)
    entry, _ = await set_up_entry(hass, sim, match_ids)
    coordinator = entry.runtime_data
    ours = set(entity_ids(hass, entry))
    registry = er.async_get(hass)
    key_of = {
        entity_id: str(registry.async_get(entity_id).unique_id).split("_", 1)[1]  # type: ignore[union-attr]
        for entity_id in ours
    }
    await async_wait_recording_done(hass)
    rows_before = await get_instance(hass).async_add_executor_job(_rows, hass, ours)

    asked: dict[str, int] = defaultdict(int)
    changed: dict[str, int] = defaultdict(int)
    original = SportrixEntity.async_write_ha_state

    def counting(self: SportrixEntity) -> None:
        asked[key_of.get(self.entity_id, "?")] += 1
        original(self)

    @callback
    def state_changed(event: Event) -> None:
        if (entity_id := event.data["entity_id"]) in ours:
            changed[key_of[entity_id]] += 1

    monkeypatch.setattr(SportrixEntity, "async_write_ha_state", counting)
    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    frames = MATCHES * SECONDS_OF_PLAY
    async with aiohttp.ClientSession() as session:
        window = await load_window(
            SimControl(sim, session),
            lambda: coordinator.frames_received,
            match_ids,
            RATE,
            frames / RATE,
            goal_every=1200,
        )
    unsubscribe()
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    rows_after = await get_instance(hass).async_add_executor_job(_rows, hass, ours)
    rows: dict[str, int] = defaultdict(int)
    for entity_id in ours:
        rows[key_of[entity_id]] += rows_after.get(entity_id, 0) - rows_before.get(entity_id, 0)
    match_hours = window.frames / SECONDS_OF_PLAY

    def per_hour(counts: dict[str, int]) -> dict[str, float]:
        return {k: round(v / match_hours, 1) for k, v in sorted(counts.items()) if v}

    results["recorder"] = {
        "matches": MATCHES,
        "match_hours": round(match_hours, 2),
        "frames_per_match_hour": SECONDS_OF_PLAY,
        "entity_writes_per_match_hour": round(sum(asked.values()) / match_hours, 1),
        "state_changes_per_match_hour": round(sum(changed.values()) / match_hours, 1),
        "recorder_rows_per_match_hour": round(sum(rows.values()) / match_hours, 1),
        "entity_writes_by_sensor": per_hour(asked),
        "state_changes_by_sensor": per_hour(changed),
        "recorder_rows_by_sensor": per_hour(rows),
        "window": window.as_json(),
    }
