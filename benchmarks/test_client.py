"""The protocol client alone: subscribe time, frame latency, throughput and memory."""

import asyncio
from collections.abc import Callable
import time
import tracemalloc

import aiohttp

from custom_components.sportrix.api import Snapshot, SportrixStream
from sportrix_simulator import Simulator

from .stats import summary_ms

MATCHES = 50
LATENCY_FRAMES = 300
BURST_FRAMES = 5000


async def test_client(results: dict[str, object], socket_enabled: None) -> None:
    """Follow 50 live matches on one stream and time frames through it."""
    asyncio.get_running_loop().set_debug(False)
    sim = Simulator(synthetic=MATCHES, matches=[])
    await sim.start()
    match_ids = [900001 + n for n in range(MATCHES)]
    received: dict[int, int] = dict.fromkeys(match_ids, 0)
    arrived = asyncio.Event()
    waiting: list[Callable[[], bool]] = []

    def on_snapshot(snapshot: Snapshot) -> None:
        received[snapshot.match_id] += 1
        if waiting and waiting[0]():
            arrived.set()

    async def until(predicate: Callable[[], bool]) -> None:
        waiting[:] = [predicate]
        arrived.clear()
        if not predicate():
            async with asyncio.timeout(60):
                await arrived.wait()

    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    async with aiohttp.ClientSession() as session:
        stream = SportrixStream(
            "sk_demo_full",
            session,
            url=sim.ws_url,
            on_snapshot=on_snapshot,
            on_refusal=lambda refusal: None,
            on_connection_change=lambda connected: None,
        )
        started = time.perf_counter()
        for match_id in match_ids:
            stream.subscribe(match_id)
        await stream.connect()
        runner = asyncio.create_task(stream.run())
        await until(lambda: all(received.values()))
        subscribed = time.perf_counter() - started
        after = tracemalloc.take_snapshot()
        grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        results["client: memory held, 50 matches (KiB, tracemalloc)"] = round(grown / 1024)
        # Allocation tracing slows everything: time only what follows without it.
        tracemalloc.stop()
        results["client: subscribe 50 matches, traced (ms)"] = round(subscribed * 1000, 1)

        latencies: list[float] = []
        for n in range(LATENCY_FRAMES):
            match_id = match_ids[n % MATCHES]
            count = received[match_id]
            sent = time.perf_counter()
            await sim.update(match_id, {"clock": {"second": n % 60}})
            await until(lambda m=match_id, c=count: received[m] > c)
            latencies.append(time.perf_counter() - sent)
        results["client: frame latency, server -> callback"] = summary_ms(latencies)

        total = sum(received.values())
        started = time.perf_counter()
        for n in range(BURST_FRAMES):
            await sim.update(match_ids[n % MATCHES], {"clock": {"second": n % 60}})
        await until(lambda: sum(received.values()) >= total + BURST_FRAMES)
        elapsed = time.perf_counter() - started
        results["client: burst throughput (frames/s)"] = round(BURST_FRAMES / elapsed)

        await stream.close()
        await runner
    await sim.stop()
