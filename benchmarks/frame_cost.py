"""CPU per stream frame of the client and the engine, without Home Assistant.

    .venv/bin/python -m benchmarks.frame_cost [--matches 200] [--frames 20000] [--stream]

The frames are those the simulator's load sends: a second of play per frame, round robin over
the matches, every 80th second of a match also moving its stats and phase. Each step runs over
the whole sequence (so the matches' objects compete for the caches, as in a real run), the
garbage collector on, best of a few rounds; CPU time, in microseconds a frame. --stream also
runs the simulator in its own process and times SportrixStream reading a real WebSocket with
the engine behind it, at 1,000 and 5,000 frames/s.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
import copy
import cProfile
from datetime import UTC, datetime
import gc
import io
import json
from pathlib import Path
import pstats
import time
from typing import Any

import aiohttp

from custom_components.sportrix import engine
from custom_components.sportrix.api import Snapshot, models, parse_snapshot
from custom_components.sportrix.api.stream import SportrixStream

from .simproc import API_KEY, SimControl, sim_process

ROUNDS = 5
# Earlier versions have no SnapshotParser: time them too, for comparison.
Parser: Any = getattr(models, "SnapshotParser", None)
NOW = datetime(2100, 1, 1, tzinfo=UTC)
FIRST_MATCH = 900001
# As the simulator's load: every 80th second of a match moves its stats and phase.
INCIDENT_EVERY = 80
STATS = (
    "shots_on_target", "shots_off_target", "attacks", "dangerous_attacks", "possession",
    "corners", "yellow_cards", "red_cards",
)  # fmt: skip


def first_snapshot(match_id: int) -> dict[str, Any]:
    """Return a synthetic match's snapshot as the simulator serves it, a few incidents in."""
    return {
        "v": 1,
        "match_id": match_id,
        "provider": {"stat_id": f"SIM{match_id}M1_1"},
        "sport": "soccer",
        "competition": "Sportrix Synthetic League",
        "home": f"Home {match_id}",
        "away": f"Away {match_id}",
        "status": "live",
        "clock": {"minute": 20, "second": 0, "period": "1H", "running": True, "added": 0},
        "score": {"home": 1, "away": 1},
        "phase": {"vc": "11020", "code": "1020", "team": "home", "label": "Kick-off"},
        "stats": {name: {"home": 3, "away": 2} for name in STATS},
        "events": [
            {"minute": "12", "type": "goal", "team": "home", "label": "Goal", "score": "1-0"},
            {"minute": "15", "type": "yellow_card", "team": "away", "label": "Yellow card"},
            {"minute": "19", "type": "goal", "team": "away", "label": "Goal", "score": "1-1"},
        ],
        "ball": {"x": 0.5, "y": 0.5, "event": "goal", "minute": "19"},
        "updated_at": "2026-06-18T02:00:00Z",
    }


def frames_of(matches: int, frames: int) -> list[str]:
    """Return the load's frame texts for matches synthetic matches, round robin."""
    snapshots = {FIRST_MATCH + n: first_snapshot(FIRST_MATCH + n) for n in range(matches)}
    texts = []
    for index in range(frames):
        match_id = FIRST_MATCH + index % matches
        snapshot = snapshots[match_id]
        clock = snapshot.get("clock") or {}
        played = int(clock.get("minute", 0)) * 60 + int(clock.get("second", 0)) + 1
        after = dict(snapshot)
        after["clock"] = clock | {"minute": (played // 60) % 90, "second": played % 60}
        if played % INCIDENT_EVERY == 0:
            stats = copy.deepcopy(after.get("stats") or {})
            attacks = stats.setdefault("attacks", {"home": 0, "away": 0})
            attacks["home"] = int(attacks.get("home", 0)) + 1
            after["stats"] = stats
            after["phase"] = {"vc": "11001", "code": "1001", "team": "home", "label": "Attack"}
        after["match_id"] = match_id
        after["updated_at"] = f"2026-06-18T02:{index // 60 % 60:02d}:{index % 60:02d}Z"
        snapshots[match_id] = after
        texts.append(json.dumps({"op": "update", "data": after}))
    return texts


def best_us(run: Callable[[], int]) -> tuple[float, int]:
    """Return the best CPU microseconds per item of ROUNDS runs, and gen-0+ collections."""
    best = float("inf")
    collections = 0
    for _ in range(ROUNDS):
        before = sum(stat["collections"] for stat in gc.get_stats())
        started = time.process_time()
        count = run()
        best = min(best, (time.process_time() - started) / count * 1e6)
        collections = sum(stat["collections"] for stat in gc.get_stats()) - before
    return round(best, 2), collections


def parser() -> Callable[[object], Snapshot]:
    """Return the stream's way of parsing a frame's data: with a memory of each match."""
    return parse_snapshot if Parser is None else Parser().parse


def steps(texts: list[str]) -> dict[str, Any]:
    """Time json.loads, parse_snapshot, engine.apply and all three, per frame."""
    decoded = [json.loads(text)["data"] for text in texts]
    parsed = [parse_snapshot(data) for data in decoded]

    def loads() -> int:
        for text in texts:
            json.loads(text)
        return len(texts)

    def parse() -> int:
        for data in decoded:
            parse_snapshot(data)
        return len(texts)

    def parse_following() -> int:
        parse = parser()
        for data in decoded:
            parse(data)
        return len(texts)

    def apply() -> int:
        states: dict[int, engine.MatchState] = {}
        for snapshot in parsed:
            match_id = snapshot.match_id
            state = states.get(match_id) or engine.MatchState(match_id)
            outcome = engine.apply(state, snapshot, engine.Source.STREAM, now=NOW)
            states[match_id] = outcome.state
        return len(texts)

    def whole() -> int:
        states: dict[int, engine.MatchState] = {}
        parse = parser()
        for text in texts:
            snapshot = parse(json.loads(text)["data"])
            state = states.get(snapshot.match_id) or engine.MatchState(snapshot.match_id)
            states[snapshot.match_id] = engine.apply(
                state, snapshot, engine.Source.STREAM, now=NOW
            ).state
        return len(texts)

    figures: dict[str, Any] = {}
    for name, run in (
        ("json_loads", loads),
        ("parse_snapshot", parse),
        ("parse_snapshot_following", parse_following),
        ("engine_apply", apply),
        ("loads_parse_apply", whole),
    ):
        us, collections = best_us(run)
        figures[name] = {"us_per_frame": us, "gc_collections": collections}
    figures["frame_bytes"] = round(sum(map(len, texts)) / len(texts))
    return figures


class _Counter:
    """Count the frames a client took, and wait until it took a number of them."""

    def __init__(self) -> None:
        """Start at none."""
        self.taken = 0
        self._target = 0
        self._reached = asyncio.Event()

    def take(self) -> None:
        """Count one frame."""
        self.taken += 1
        if self.taken >= self._target:
            self._reached.set()

    async def wait_for(self, count: int) -> None:
        """Wait until count frames were taken in all."""
        self._target = count
        self._reached.clear()
        if self.taken < count:
            async with asyncio.timeout(120):
                await self._reached.wait()


async def stream_cost(
    matches: int, rates: list[float], seconds: float, profile: str | None = None
) -> dict[str, Any]:
    """Time reading a real WebSocket, CPU per frame at each rate (best of three), three ways.

    floor: aiohttp and json.loads alone; stream: SportrixStream, frames only counted; engine:
    SportrixStream with engine.apply on each snapshot, as the coordinator does.
    """
    figures: dict[str, Any] = {}
    with sim_process(matches) as sim:
        async with aiohttp.ClientSession() as session:
            control = SimControl(sim, session)
            match_ids = sim.take(matches)
            counter = _Counter()

            async def window(rate: float) -> float:
                frames = int(rate * seconds)
                started = time.process_time()
                body = {"match_ids": match_ids, "rate": rate, "frames": frames}
                await control.post("load", body | {"seconds": seconds * 4 + 10})
                await counter.wait_for(counter.taken + frames)
                return (time.process_time() - started) / frames * 1e6

            reader = await _floor_reader(session, sim.ws_url, match_ids, counter)
            await counter.wait_for(matches)
            for rate in rates:
                figures[f"floor_{rate:g}_frames_per_s"] = round(
                    min([await window(rate) for _ in range(3)]), 2
                )
            reader.cancel()

            engine_on = _EngineBehind(match_ids, counter)
            stream = SportrixStream(
                API_KEY,
                session,
                sim.ws_url,
                on_snapshot=engine_on.take,
                on_refusal=lambda _refusal: None,
                on_connection_change=lambda _up: None,
            )
            for match_id in match_ids:
                stream.subscribe(match_id)
            counter.taken = 0
            await stream.connect()
            task = asyncio.create_task(stream.run())
            await counter.wait_for(matches)
            for engine_on.applying in (False, True):
                name = "stream_engine" if engine_on.applying else "stream"
                for rate in rates:
                    figures[f"{name}_{rate:g}_frames_per_s"] = round(
                        min([await window(rate) for _ in range(3)]), 2
                    )
            figures["engine_apply_inside_stream_us"] = engine_on.us_per_call
            if profile is not None:
                profiler = cProfile.Profile()
                profiler.enable()
                await window(1000.0)
                profiler.disable()
                text = io.StringIO()
                text.write(f"{int(1000.0 * seconds)} frames\n")
                pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(45)
                await asyncio.to_thread(Path(profile).write_text, text.getvalue(), "utf-8")
            await stream.close()
            await task
    return figures


class _EngineBehind:
    """Count the stream's snapshots and, when applying, run each through the engine."""

    def __init__(self, match_ids: list[int], counter: _Counter) -> None:
        """Start each match from nothing."""
        self.states = {match_id: engine.MatchState(match_id) for match_id in match_ids}
        self.counter = counter
        self.applying = False
        self.seconds = 0.0
        self.calls = 0

    def take(self, snapshot: Snapshot) -> None:
        """Take one snapshot."""
        if self.applying:
            started = time.perf_counter()
            outcome = engine.apply(
                self.states[snapshot.match_id], snapshot, engine.Source.STREAM, now=NOW
            )
            self.states[snapshot.match_id] = outcome.state
            self.seconds += time.perf_counter() - started
            self.calls += 1
        self.counter.take()

    @property
    def us_per_call(self) -> float:
        """Return the wall microseconds a call of engine.apply took, inside the stream."""
        return round(self.seconds / max(1, self.calls) * 1e6, 2)


async def _floor_reader(
    session: aiohttp.ClientSession, url: str, match_ids: list[int], counter: _Counter
) -> asyncio.Task[None]:
    """Subscribe every match on a bare WebSocket and count the frames json.loads decodes."""
    ws = await session.ws_connect(url, headers={"X-API-Key": API_KEY})
    for match_id in match_ids:
        await ws.send_str(json.dumps({"action": "subscribe", "match_id": match_id}))

    async def read() -> None:
        try:
            async for message in ws:
                if isinstance(json.loads(message.data).get("data"), dict):
                    counter.take()
        finally:
            await ws.close()

    return asyncio.create_task(read())


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--matches", type=int, default=200)
    parser.add_argument("--frames", type=int, default=20000)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--profile", help="write a cProfile of the stream at 1,000 frames/s")
    args = parser.parse_args()
    texts = frames_of(args.matches, args.frames)
    figures: dict[str, Any] = {"matches": args.matches, "steps": steps(texts)}
    if args.stream:
        figures["stream_and_engine_us"] = asyncio.run(
            stream_cost(args.matches, [1000.0, 5000.0], args.seconds, args.profile)
        )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
