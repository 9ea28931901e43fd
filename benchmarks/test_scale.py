"""The scale sweep: 1, 50, 200 and 1,000 matches on one stream, against the floor.

For each size, in one Home Assistant: the floor (the same frames decoded and the changed
values written as states, no integration), then the integration: setup, writes per frame, CPU
per frame at a fixed 1,000 frames/s, a ramp to the highest rate it keeps up with, goal latency
under a 2,000 frames/s load, the profile of the hot path (200 matches), and reconnects.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
import cProfile
import pstats
import time
from typing import Any

import aiohttp
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
import pytest

from custom_components.sportrix.const import DOMAIN, EVENT_GOAL
from custom_components.sportrix.entity import SportrixEntity

from . import micro
from .floor import FloorClient
from .harness import (
    Window,
    collect,
    entity_ids,
    idle_cpu_rate,
    load_window,
    percentiles_ms,
    quietest_window,
    rss_bytes,
    score_entities,
    set_up_entry,
    wait_until,
)
from .profiling import hot_path
from .simproc import API_KEY, SimControl, SimProcess

SIZES = [1, 50, 200, 1000]
FIXED_RATE = 1000.0
LATENCY_RATE = 2000.0
# The rate the sustained-rate goal names: the floor is measured there too.
BUSY_RATE = 5000.0
RAMP = [1000.0, 2000.0, 3000.0, 5000.0, 7500.0, 10000.0, 15000.0]
PROFILED_SIZE = 200
STALL = 0.02


def seconds_for(size: int, normal: float) -> float:
    """Keep the 1,000-match step short: it pays for setup already."""
    return normal / 2 if size >= 1000 else normal


@pytest.mark.parametrize("size", SIZES)
async def test_scale(
    hass: HomeAssistant,
    sim: SimProcess,
    results: dict[str, Any],
    size: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Measure one size of the sweep."""
    # The test harness runs the loop in debug mode, which records a traceback per callback.
    hass.loop.set_debug(False)
    match_ids = sim.take(size)
    figures: dict[str, Any] = {"matches": size}
    results.setdefault("scale", {})[str(size)] = figures
    async with aiohttp.ClientSession() as session:
        control = SimControl(sim, session)
        idle = await idle_cpu_rate(0.5)
        figures["idle_cpu_share"] = round(idle, 4)

        figures["floor"] = await _floor(hass, sim, control, match_ids, idle)

        collect()
        memory_before = rss_bytes()
        entry, setup_seconds = await set_up_entry(hass, sim, match_ids)
        collect()
        figures["setup_s"] = round(setup_seconds, 3)
        figures["entities"] = len(entity_ids(hass, entry))
        figures["memory_per_match_kib"] = round((rss_bytes() - memory_before) / size / 1024, 1)
        coordinator = entry.runtime_data

        def received() -> int:
            return coordinator.frames_received

        figures["writes"] = await _writes_per_frame(
            hass, control, entry_entities=set(entity_ids(hass, entry)), received=received,
            match_ids=match_ids, monkeypatch=monkeypatch,
        )  # fmt: skip

        window = await quietest_window(
            control, received, match_ids, FIXED_RATE, seconds_for(size, 3.0), idle_rate=idle
        )
        figures["fixed_rate"] = window.as_json(idle)

        ramp = []
        for rate in RAMP:
            step = await quietest_window(
                control, received, match_ids, rate, seconds_for(size, 1.5), idle_rate=idle
            )
            ramp.append(step.as_json(idle))
            if not step.kept_up:
                break
        kept = [step for step in ramp if step["kept_up"]]
        figures["ramp"] = ramp
        figures["max_sustained_rate"] = kept[-1]["rate"] if kept else 0.0
        last = ramp[-1]
        figures["saturated_rate"] = round(last["frames"] / last["wall_s"]) if last["wall_s"] else 0

        figures["goal_latency"] = await _goal_latency(hass, control, received, match_ids, size)

        if size == PROFILED_SIZE:
            # CPU time, not wall time: the loop waiting in epoll is not a cost.
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            window = await load_window(control, received, match_ids, LATENCY_RATE, 2.0)
            profile.disable()
            results["profile"] = hot_path(pstats.Stats(profile), window.frames, size)
            results["steps"] = await _steps(hass, session, sim, entry.entry_id, match_ids[0])

        figures["stream_only"] = await _stream_only(control, coordinator, match_ids, size)
        figures["reconnect"] = await _reconnect(control, coordinator, match_ids)
        assert await hass.config_entries.async_unload(entry.entry_id)


async def _floor(
    hass: HomeAssistant, sim: SimProcess, control: SimControl, match_ids: list[int], idle: float
) -> dict[str, Any]:
    """Time Home Assistant taking the same frames and writing the changed values by itself."""
    floor = FloorClient(hass, sim, match_ids)
    await floor.start()
    try:
        await wait_until(lambda: floor.frames >= len(match_ids))
        fixed_seconds = seconds_for(len(match_ids), 3.0)

        async def window_at(rate: float, seconds: float) -> Window:
            return await quietest_window(
                control, lambda: floor.frames, match_ids, rate, seconds, idle_rate=idle
            )

        writes, frames = floor.writes, floor.frames
        window = await window_at(FIXED_RATE, fixed_seconds)
        writes, frames = floor.writes - writes, floor.frames - frames
        busy = await window_at(BUSY_RATE, fixed_seconds / 2)
    finally:
        await floor.stop()
    return window.as_json(idle) | {
        "state_writes_per_frame": round(writes / frames, 3),
        "at_busy_rate": busy.as_json(idle),
    }


async def _writes_per_frame(
    hass: HomeAssistant,
    control: SimControl,
    *,
    entry_entities: set[str],
    received: Any,
    match_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """Count the entity writes asked for and the states that changed, per frame."""
    asked = 0
    changed = 0
    written_keys: dict[str, int] = defaultdict(int)
    original = SportrixEntity.async_write_ha_state

    def counting(self: SportrixEntity) -> None:
        nonlocal asked
        asked += 1
        original(self)

    @callback
    def state_changed(event: Event) -> None:
        nonlocal changed
        entity_id = event.data["entity_id"]
        if entity_id in entry_entities:
            changed += 1
            written_keys[entity_id.rsplit("_", 1)[-1]] += 1

    with monkeypatch.context() as patch:
        patch.setattr(SportrixEntity, "async_write_ha_state", counting)
        unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
        window = await load_window(control, received, match_ids, 2000.0, 2.0)
        unsubscribe()
    return {
        "frames": window.frames,
        "entity_writes_per_frame": round(asked / window.frames, 3),
        "state_changes_per_frame": round(changed / window.frames, 3),
        "writes_that_changed_nothing_per_frame": round((asked - changed) / window.frames, 3),
    }


async def _goal_latency(
    hass: HomeAssistant, control: SimControl, received: Any, match_ids: list[int], size: int
) -> dict[str, Any]:
    """Time goals from their commit in the simulator to the bus event and the score's state."""
    goal_at: dict[int, list[float]] = defaultdict(list)
    state_at: dict[int, list[float]] = defaultdict(list)
    scores = score_entities(hass, match_ids)

    @callback
    def goal(event: Event) -> None:
        goal_at[event.data["match_id"]].append(time.monotonic())

    @callback
    def score_changed(event: Event) -> None:
        state_at[scores[event.data["entity_id"]]].append(time.monotonic())

    unsubscribe_bus = hass.bus.async_listen(EVENT_GOAL, goal)
    unsubscribe_states = async_track_state_change_event(hass, list(scores), score_changed)
    stalls: list[tuple[float, float]] = []
    beating = True

    async def heartbeat() -> None:
        # A callback that holds the loop shows as a gap between these beats.
        last = started = time.perf_counter()
        while beating:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            if now - last > STALL:
                stalls.append((round(last - started, 3), round((now - last) * 1000, 1)))
            last = now

    beat = asyncio.create_task(heartbeat())
    seconds = seconds_for(size, 4.0)
    # Goals pile up in a match's timeline, and every frame carries it: no match gets more
    # than 20, as many as a wild match has.
    goals = min(200, 20 * size)
    window = await load_window(
        control,
        received,
        match_ids,
        LATENCY_RATE,
        seconds,
        goal_every=max(2, int(LATENCY_RATE * seconds) // goals),
    )
    beating = False
    await beat
    await hass.async_block_till_done()
    unsubscribe_bus()
    unsubscribe_states()
    committed: dict[int, list[float]] = defaultdict(list)
    for entry in window.status["committed"]:
        committed[entry["match_id"]].append(entry["at"])
    to_event, to_state, missing = [], [], 0
    for match_id, times in committed.items():
        events, states = goal_at.get(match_id, []), state_at.get(match_id, [])
        missing += max(0, len(times) - len(events))
        to_event += [seen - at for at, seen in zip(times, events, strict=False)]
        to_state += [seen - at for at, seen in zip(times, states, strict=False)]
    return {
        "background_rate": LATENCY_RATE,
        "goals": sum(len(t) for t in committed.values()),
        "missed": missing,
        "to_event": percentiles_ms(to_event),
        "to_state": percentiles_ms(to_state),
        "to_event_samples_ms": [round(s * 1000, 3) for s in to_event],
        "window": window.as_json(),
        # Seconds into the window and milliseconds for which the loop ran nothing else.
        "loop_stalls_over_20ms": stalls,
    }


async def _stream_only(
    control: SimControl, coordinator: Any, match_ids: list[int], size: int
) -> dict[str, Any]:
    """Time the stream client alone: frames received, decoded, parsed and counted, no more."""
    stream = coordinator.stream
    on_snapshot = stream._on_snapshot  # noqa: SLF001
    taken = 0

    def count(_snapshot: Any) -> None:
        nonlocal taken
        taken += 1

    stream._on_snapshot = count  # noqa: SLF001
    try:
        # A frame per match first: until each match's next frame, the coordinator still holds
        # its last snapshot, and the stream its own, so that first round leaves more behind it
        # than it frees, which a running integration never does.
        await load_window(control, lambda: taken, match_ids, FIXED_RATE, size / FIXED_RATE)
        collect()
        idle = await idle_cpu_rate(0.5)
        window = await quietest_window(
            control, lambda: taken, match_ids, FIXED_RATE, seconds_for(size, 3.0), idle_rate=idle
        )
    finally:
        stream._on_snapshot = on_snapshot  # noqa: SLF001
    return window.as_json(idle)


async def _reconnect(control: SimControl, coordinator: Any, match_ids: list[int]) -> dict[str, Any]:
    """Drop the connection and time until every match has a frame again, at 0 and 50 ms."""
    stream = coordinator.stream
    wanted = set(match_ids)
    seen: set[int] = set()
    connected_at: list[float] = []
    on_snapshot, on_connection_change = stream._on_snapshot, stream._on_connection_change  # noqa: SLF001

    def snapshot_taken(snapshot: Any) -> None:
        seen.add(snapshot.match_id)
        on_snapshot(snapshot)

    def connection_changed(connected: bool) -> None:
        if connected:
            connected_at.append(time.perf_counter())
        on_connection_change(connected)

    stream._on_snapshot, stream._on_connection_change = snapshot_taken, connection_changed  # noqa: SLF001
    figures = {}
    try:
        for latency in (0.0, 0.05):
            await control.post("latency", {"seconds": latency})
            seen.clear()
            connected_at.clear()
            dropped = time.perf_counter()
            await control.post("drop")
            live = await wait_until(lambda: wanted <= seen, timeout=60)
            figures[f"{round(latency * 1000)}ms"] = {
                "from_drop_s": round(live - dropped, 4),
                "from_reconnect_s": round(live - connected_at[0], 4) if connected_at else None,
            }
    finally:
        await control.post("latency", {"seconds": 0})
        stream._on_snapshot, stream._on_connection_change = on_snapshot, on_connection_change  # noqa: SLF001
    return figures


async def _steps(
    hass: HomeAssistant,
    session: aiohttp.ClientSession,
    sim: SimProcess,
    entry_id: str,
    match_id: int,
) -> dict[str, Any]:
    """Time each step of a clock frame alone, on the match's real snapshot."""
    async with session.get(
        f"{sim.api_url}/matches/{match_id}/live", headers={"X-API-Key": API_KEY}
    ) as response:
        snapshot = await response.json()
    minute_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{match_id}_minute")
    assert minute_id is not None
    return micro.steps(hass, entry_id, match_id, snapshot, minute_id)
