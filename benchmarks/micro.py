"""Each step of a frame timed on its own, without a profiler's overhead, in microseconds.

Run inside a Home Assistant with the integration set up: the frames are the simulator's real
snapshots, and the entities are the integration's own.
"""

from __future__ import annotations

from collections.abc import Callable
import json
import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.sportrix import engine
from custom_components.sportrix.api import parse_snapshot
from custom_components.sportrix.api.models import SnapshotParser
from custom_components.sportrix.entity import SportrixEntity

ROUNDS = 5


def _best_us(step: Callable[[], object], calls: int) -> float:
    """Return the best of ROUNDS of calls, in microseconds a call (least disturbed by others)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, time.perf_counter() - started)
    return round(best / calls * 1e6, 2)


def _entity(hass: HomeAssistant, entity_id: str) -> SportrixEntity:
    """Return the entity object behind an entity id."""
    component = hass.data["entity_components"]["sensor"]
    entity = component.get_entity(entity_id)
    assert isinstance(entity, SportrixEntity)
    return entity


def steps(
    hass: HomeAssistant, entry_id: str, match_id: int, snapshot: dict[str, Any], minute_id: str
) -> dict[str, Any]:
    """Time each step of a frame that moves the clock by a second, in microseconds."""
    frames = []
    for n in range(600):
        data = dict(snapshot)
        data["clock"] = dict(snapshot["clock"]) | {"minute": n // 60 % 90, "second": n % 60}
        frames.append(json.dumps({"op": "update", "data": data}))
    decoded = [json.loads(text) for text in frames]
    parsed = [parse_snapshot(frame["data"]) for frame in decoded]
    position = 0

    def loads() -> object:
        nonlocal position
        position = (position + 1) % len(frames)
        return json.loads(frames[position])

    def parse() -> object:
        nonlocal position
        position = (position + 1) % len(decoded)
        return parse_snapshot(decoded[position]["data"])

    parser = SnapshotParser()

    def parse_after_last() -> object:
        # The stream's way: each frame from the match's last, whose unchanged parts it keeps.
        nonlocal position
        position = (position + 1) % len(decoded)
        return parser.parse(decoded[position]["data"])

    state = engine.MatchState(match_id)
    now = dt_util.utcnow()
    state = engine.apply(state, parsed[0], engine.Source.STREAM, now=now).state

    def apply() -> object:
        nonlocal position, state
        position = (position + 1) % len(parsed)
        state = engine.apply(state, parsed[position], engine.Source.STREAM, now=now).state
        return state

    minute = _entity(hass, minute_id)
    entry = hass.config_entries.async_get_entry(entry_id)
    assert entry is not None
    coordinator = entry.runtime_data
    match = coordinator.matches[match_id]
    clock_only = frozenset({"clock"})
    unchanged_state = hass.states.get(minute_id)
    assert unchanged_state is not None

    def floor_write() -> None:
        hass.states.async_set(minute_id, unchanged_state.state, unchanged_state.attributes)

    figures = {
        "json_loads_us": _best_us(loads, 2000),
        "parse_snapshot_us": _best_us(parse, 2000),
        "stream_parser_us": _best_us(parse_after_last, 2000),
        "engine_apply_us": _best_us(apply, 2000),
        # 59 frames in 60 move the seconds only, which no entity shows.
        "dispatch_clock_frame_us": _best_us(
            lambda: coordinator._notify(match, frozenset({engine.SECONDS})),  # noqa: SLF001
            2000,
        ),
        "dispatch_new_minute_us": _best_us(
            lambda: coordinator._notify(match, clock_only),  # noqa: SLF001
            2000,
        ),
        "entity_write_unchanged_us": _best_us(minute.async_write_ha_state, 2000),
        "states_async_set_unchanged_us": _best_us(floor_write, 2000),
        "frame_bytes": len(frames[0]),
    }
    figures["sum_of_steps_us"] = round(
        figures["json_loads_us"]
        + figures["stream_parser_us"]
        + figures["engine_apply_us"]
        + figures["dispatch_clock_frame_us"],
        2,
    )
    return figures
