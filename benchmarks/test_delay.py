"""The broadcast delay's held memory: 50 matches at a frame a second, held 300 s.

Run alone with `scripts/benchmark -k delay` (a few seconds, no simulator). The frames are the
load's (frame_cost.frames_of), parsed as the stream parses them, and handed to a
BroadcastDelay under the freezer: 300 s of frames pass without waiting, and none is due before
the last. tracemalloc counts what the delay holds once the parser is gone; the same frames held
each as its own work, as every frame was before hold(), are the comparison.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from functools import partial
import gc
import json
import time
import tracemalloc
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.sportrix.api import Snapshot
from custom_components.sportrix.api.models import SnapshotParser
from custom_components.sportrix.delay import BroadcastDelay
from custom_components.sportrix.engine.changes import changed_fields

from .frame_cost import frames_of

MATCHES = 50
SECONDS = 300
ROUNDS = 5


def _take(_snapshot: Snapshot) -> None:
    """Take nothing: no frame is due while the memory is measured."""


def _texts() -> list[str]:
    """Return the JSON of a frame a second for each match over SECONDS, in arrival order."""
    texts = []
    start = dt_util.utcnow()
    for index, text in enumerate(frames_of(MATCHES, MATCHES * SECONDS)):
        data = json.loads(text)["data"]
        # The generator stamps a frame a second for all matches together, and wraps at the
        # hour: here a match's frames are a second apart, as its clock says.
        data["updated_at"] = (start + timedelta(seconds=index // MATCHES)).isoformat()
        texts.append(json.dumps(data))
    return texts


def _held(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    texts: list[str],
    hold: Callable[[BroadcastDelay, Snapshot], None],
) -> dict[str, Any]:
    """Hold every frame through hold and return the bytes and items held at the end."""
    delay = BroadcastDelay(hass, SECONDS)
    parser = SnapshotParser()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for index, text in enumerate(texts):
        if index and not index % MATCHES:
            freezer.tick(timedelta(seconds=1))
        # Decoded here: what a held snapshot keeps of its payload counts.
        hold(delay, parser.parse(json.loads(text)))
    # The stream's parser keeps each match's last frame whatever the delay does.
    del parser
    gc.collect()
    held_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    items = delay.held
    delay.clear()
    return {"frames": len(texts), "items": items, "mb": round(held_bytes / 1e6, 1)}


def _best_us(run: Callable[[], int]) -> float:
    """Return the best CPU microseconds an item of ROUNDS runs, each returning its items."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        count = run()
        best = min(best, (time.process_time() - started) / count)
    return round(best * 1e6, 2)


def _holding(
    hass: HomeAssistant, snapshots: list[Snapshot], hold: Callable[[BroadcastDelay, Snapshot], None]
) -> Callable[[], int]:
    """Return a run that holds every snapshot in a new delay."""

    def run() -> int:
        delay = BroadcastDelay(hass, SECONDS)
        for snapshot in snapshots:
            hold(delay, snapshot)
        delay.clear()
        return len(snapshots)

    return run


def _coalesced(delay: BroadcastDelay, snapshot: Snapshot) -> None:
    """Hold a frame as the coordinator does."""
    delay.hold(snapshot, _take)


def _every_frame(delay: BroadcastDelay, snapshot: Snapshot) -> None:
    """Hold a frame as its own work, as every frame was held before hold()."""
    delay.run(partial(_take, snapshot))


async def test_delay_held_memory(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, results: dict[str, Any]
) -> None:
    """Measure what the delay holds, coalescing frames and holding every frame."""
    hass.loop.set_debug(False)
    # From the next step on: a debug loop times each step, by the clock the freezer moves.
    await asyncio.sleep(0)
    texts = _texts()
    figures: dict[str, Any] = {"matches": MATCHES, "seconds": SECONDS}
    results["delay_memory"] = figures
    figures["hold"] = _held(hass, freezer, texts, _coalesced)
    figures["every_frame"] = _held(hass, freezer, texts, _every_frame)

    parser = SnapshotParser()
    snapshots = [parser.parse(json.loads(text)) for text in texts]
    figures["hold_us_per_frame"] = _best_us(_holding(hass, snapshots, _coalesced))
    figures["run_us_per_frame"] = _best_us(_holding(hass, snapshots, _every_frame))
    # Of hold(): comparing a frame with its match's held one, by the engine's own function.
    pairs = list(zip(snapshots, snapshots[MATCHES:], strict=False))

    def compare() -> int:
        for previous, current in pairs:
            changed_fields(previous, current)
        return len(pairs)

    figures["changed_fields_us"] = _best_us(compare)
    print(
        f"\nDelay held memory, {MATCHES} matches x {SECONDS} s: hold() "
        f"{figures['hold']['mb']} MB in {figures['hold']['items']} items; every frame held "
        f"{figures['every_frame']['mb']} MB in {figures['every_frame']['items']} items"
    )
    assert figures["hold"]["items"] < figures["every_frame"]["items"]
