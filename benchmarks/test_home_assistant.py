"""The whole integration: setup with 50 matches, goal latency to the bus, writes per frame."""

import asyncio
import time
import tracemalloc

from homeassistant.const import CONF_API_KEY, EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.config_flow import unique_id_for_key
from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_STREAM_URL,
    DOMAIN,
    EVENT_GOAL,
)
from sportrix_simulator import Simulator

from .stats import summary_ms

MATCHES = 50
GOALS = 200


@pytest.fixture
async def sim(socket_enabled: None) -> Simulator:
    """Run a simulator with 50 synthetic live matches."""
    simulator = Simulator(synthetic=MATCHES, matches=[])
    await simulator.start()
    yield simulator  # type: ignore[misc]
    await simulator.stop()


@pytest.mark.parametrize("measure_memory", [False, True], ids=["time", "memory"])
async def test_home_assistant(
    hass: HomeAssistant, sim: Simulator, results: dict[str, object], measure_memory: bool
) -> None:
    """Time setup, goals from the simulator to the bus, and count state writes per frame.

    Memory is measured in a run of its own: tracing allocations slows everything down.
    """
    # The test harness runs the loop in debug mode, which records a traceback per callback.
    hass.loop.set_debug(False)
    match_ids = [900001 + n for n in range(MATCHES)]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=unique_id_for_key("sk_demo_full"),
        data={CONF_API_KEY: "sk_demo_full", CONF_STREAM_URL: sim.ws_url, CONF_API_URL: sim.api_url},
        options={CONF_MATCH_IDS: match_ids},
    )
    entry.add_to_hass(hass)
    if measure_memory:
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
    started = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    coordinator = entry.runtime_data.coordinator
    ready = asyncio.Event()

    @callback
    def check(_event: Event) -> None:
        if all(coordinator.matches[m].snapshot for m in match_ids):
            ready.set()

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, check)
    async with asyncio.timeout(60):
        await ready.wait()
    unsubscribe()
    await hass.async_block_till_done()
    if measure_memory:
        after = tracemalloc.take_snapshot()
        grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        results["HA: memory for 50 matches (KiB, tracemalloc)"] = round(grown / 1024)
        tracemalloc.stop()
        return
    results["HA: setup to 50 matches shown (ms)"] = round((time.perf_counter() - started) * 1000)
    results["HA: entities"] = len(hass.states.async_all())

    goal_seen = asyncio.Event()
    writes: list[str] = []

    @callback
    def goal(_event: Event) -> None:
        goal_seen.set()

    @callback
    def written(event: Event) -> None:
        writes.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_GOAL, goal)
    hass.bus.async_listen(EVENT_STATE_CHANGED, written)
    latencies: list[float] = []
    for n in range(GOALS):
        goal_seen.clear()
        sent = time.perf_counter()
        await sim.score_goal(match_ids[n % MATCHES], "home" if n % 2 else "away")
        async with asyncio.timeout(10):
            await goal_seen.wait()
        latencies.append(time.perf_counter() - sent)
    results["HA: goal latency, server -> sportrix_goal event"] = summary_ms(latencies)
    await hass.async_block_till_done()
    results["HA: state writes per goal frame"] = round(len(writes) / GOALS, 2)
