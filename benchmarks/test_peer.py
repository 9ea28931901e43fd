"""Push against the polling peer: the same simulator, the same goals, one after the other.

The peer is Home Assistant's own `rest` integration as a user would set it up: one resource
per match, GET /matches/{id}/live with the X-API-Key header, and a sensor whose value is the
score. Time is compressed by SPEED in both: the goal script is played SPEED times faster
than a match, and the poll interval is interval / SPEED of real time. The rest coordinators'
own timer cannot run below a second (it rounds to whole seconds), so the benchmark ticks them:
every interval / SPEED seconds it calls each resource's DataUpdateCoordinator.async_refresh,
which is exactly what the timer does, at the coordinator's own fraction of a second (its
timer's, 50-500 ms, compressed too), so that the polls wake the loop one by one as they do.
Poll latencies are scaled back by SPEED (the HTTP time inside them is scaled too, a bias of a
few milliseconds times SPEED, stated with the figures).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
import random
import time
from typing import Any

import aiohttp
from homeassistant.components.rest.data import RestData
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import (
    RANDOM_MICROSECOND_MAX,
    RANDOM_MICROSECOND_MIN,
    async_track_state_change_event,
)
from homeassistant.setup import async_setup_component
import pytest

from custom_components.sportrix.const import EVENT_GOAL, EVENT_GOAL_CANCELLED

from .harness import (
    cpu,
    idle_cpu_rate,
    percentiles_ms,
    score_entities,
    set_up_entry,
    wait_until,
)
from .simproc import API_KEY, SimControl, SimProcess

MATCHES = 20
SPEED = 15.0
# Each match: seven moments 45 s of play apart (more than the slowest poll), in this order.
PATTERN = ("single", "single", "double", "single", "disallowed", "single", "single")
SPACING = 45.0
FIRST = 15.0
# A frame a second of play, as a stream that sends the clock would.
FRAMES_PER_MATCH_SECOND = 1.0


@dataclass(frozen=True)
class Moment:
    """One scripted event with the pattern it belongs to."""

    at: float
    match_id: int
    kind: str
    team: str
    pattern: str
    first_of_double: bool = False


def script(match_ids: list[int]) -> list[Moment]:
    """Return the goal script of every match, in match seconds, the same every run."""
    moments = []
    for index, match_id in enumerate(match_ids):
        # By the match's place, not its id: every run plays the same script on fresh matches.
        rng = random.Random(f"peer:{index}")  # noqa: S311 - a reproducible script
        for n, pattern in enumerate(PATTERN):
            at = FIRST + SPACING * n + rng.uniform(0, 10)
            team = rng.choice(("home", "away"))
            if pattern == "single":
                moments.append(Moment(at, match_id, "goal", team, pattern))
            elif pattern == "double":
                moments.append(Moment(at, match_id, "goal", team, pattern, first_of_double=True))
                moments.append(Moment(at + 1.0, match_id, "goal", team, pattern))
            else:
                moments.append(Moment(at, match_id, "goal", team, pattern))
                moments.append(Moment(at + 2.0, match_id, "cancel", team, pattern))
    return sorted(moments, key=lambda m: (m.match_id, m.at))


def span() -> float:
    """Return the script's length in match seconds."""
    return FIRST + SPACING * len(PATTERN) + 15.0


# Push and the 5 s poll, whose CPU is compared, take turns three times; each figure is the
# median run's, so that a moment of a busy machine does not decide the comparison.
RUNS = [
    *(("push", "rest_5s")[n % 2] for n in range(6)),
    "rest_30s",
]


@pytest.mark.parametrize(("run", "kind"), list(enumerate(RUNS)))
async def test_peer(
    *,
    hass: HomeAssistant,
    sim: SimProcess,
    results: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    run: int,
    kind: str,
) -> None:
    """One run of push or of a poll on fresh matches, the same script of goals in each."""
    hass.loop.set_debug(False)
    match_ids = sim.take(MATCHES)
    if kind == "push":
        figures = await _push(hass, sim, match_ids)
    else:
        figures = await _poll(hass, sim, match_ids, int(kind[5:-1]), monkeypatch)
    figures["run"] = run
    runs = results.setdefault("peer_runs", {}).setdefault(kind, [])
    runs.append(figures)
    ordered = sorted(runs, key=lambda figures: figures["cpu_ms_per_match_hour"])
    median = ordered[(len(ordered) - 1) // 2]
    results.setdefault("peer", {})[kind] = median | {
        "cpu_ms_per_match_hour_runs": [r["cpu_ms_per_match_hour"] for r in runs],
    }


def _load_body(match_ids: list[int], moments: list[Moment], rate: float) -> dict[str, Any]:
    """Return the simulator load that plays the script, compressed by SPEED."""
    seconds = span() / SPEED
    return {
        "match_ids": match_ids,
        "rate": rate,
        "frames": int(rate * seconds),
        "seconds": seconds + 5,
        "events": [
            {"at": m.at / SPEED, "match_id": m.match_id, "kind": m.kind, "team": m.team}
            for m in moments
        ],
    }


def _pair(
    moments: list[Moment], committed: list[dict[str, Any]]
) -> list[tuple[Moment, dict[str, Any]]]:
    """Pair each scripted moment with what the simulator committed for it, match by match."""
    by_match: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in committed:
        by_match[entry["match_id"]].append(entry)
    pairs = []
    for match_id in {m.match_id for m in moments}:
        own = [m for m in moments if m.match_id == match_id]
        pairs += list(zip(own, by_match[match_id], strict=False))
    return pairs


async def _push(hass: HomeAssistant, sim: SimProcess, peer_matches: list[int]) -> dict[str, Any]:
    """Run the integration with a frame per second of play per match and the goal script."""
    moments = script(peer_matches)
    entry, _ = await set_up_entry(hass, sim, peer_matches)
    coordinator = entry.runtime_data
    goals: dict[int, list[float]] = defaultdict(list)
    cancels: dict[int, list[float]] = defaultdict(list)
    states: dict[int, list[float]] = defaultdict(list)
    scores = score_entities(hass, peer_matches)

    @callback
    def goal(event: Event) -> None:
        goals[event.data["match_id"]].append(time.monotonic())

    @callback
    def cancelled(event: Event) -> None:
        cancels[event.data["match_id"]].append(time.monotonic())

    @callback
    def score_changed(event: Event) -> None:
        states[scores[event.data["entity_id"]]].append(time.monotonic())

    hass.bus.async_listen(EVENT_GOAL, goal)
    hass.bus.async_listen(EVENT_GOAL_CANCELLED, cancelled)
    async_track_state_change_event(hass, list(scores), score_changed)
    idle = await idle_cpu_rate(0.5)
    rate = MATCHES * SPEED * FRAMES_PER_MATCH_SECOND
    async with aiohttp.ClientSession() as session:
        control = SimControl(sim, session)
        body = _load_body(peer_matches, moments, rate)
        before = coordinator.frames_received
        start_cpu, start = cpu(), time.perf_counter()
        await control.post("load", body)
        expected = before + body["frames"] + len(moments)
        # Asleep until the script's end: polling all along would charge the benchmark's
        # own wake-ups to the integration.
        await asyncio.sleep(max(0.0, start + span() / SPEED - time.perf_counter()))
        await wait_until(lambda: coordinator.frames_received >= expected, timeout=span())
        await hass.async_block_till_done()
        used, wall = cpu() - start_cpu, time.perf_counter() - start
        status = await control.load_status()
    assert await hass.config_entries.async_unload(entry.entry_id)
    match_hours = MATCHES * wall * SPEED / 3600
    to_event, to_state = [], []
    seen = {"goal": 0, "cancel": 0}
    taken = {"goal": defaultdict(int), "cancel": defaultdict(int), "state": defaultdict(int)}
    for moment, entry in _pair(moments, status["committed"]):
        kind = moment.kind
        times = goals if kind == "goal" else cancels
        index = taken[kind][moment.match_id]
        taken[kind][moment.match_id] += 1
        if index < len(times[moment.match_id]):
            seen[kind] += 1
            latency = times[moment.match_id][index] - entry["at"]
            if kind == "goal":
                to_event.append(latency)
        state_index = taken["state"][moment.match_id]
        taken["state"][moment.match_id] += 1
        if state_index < len(states[moment.match_id]):
            to_state.append(states[moment.match_id][state_index] - entry["at"])
    return {
        "matches": MATCHES,
        "speed": SPEED,
        "frames_per_match_hour": round(body["frames"] / match_hours),
        "cpu_ms_per_match_hour": round((used - idle * wall) / match_hours * 1000, 2),
        "http_requests_per_match_hour": 0,
        "goals": sum(1 for m in moments if m.kind == "goal"),
        "goals_seen": seen["goal"],
        "disallowed": sum(1 for m in moments if m.kind == "cancel"),
        "disallowed_seen": seen["cancel"],
        "goal_to_event": percentiles_ms(to_event),
        "goal_to_state": percentiles_ms(to_state),
        "goal_to_state_samples_ms": [round(s * 1000, 3) for s in to_state],
    }


async def _poll(
    hass: HomeAssistant,
    sim: SimProcess,
    peer_matches: list[int],
    interval: int,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """Run the rest integration polling every interval seconds of match time."""
    moments = script(peer_matches)
    polls = 0
    original = RestData.async_update

    async def counting(self: RestData, log_errors: bool = True) -> None:
        nonlocal polls
        polls += 1
        await original(self, log_errors)

    monkeypatch.setattr(RestData, "async_update", counting)
    idle = await idle_cpu_rate(0.5)
    config = {
        "rest": [
            {
                "resource": f"{sim.api_url}/matches/{match_id}/live",
                "headers": {"X-API-Key": API_KEY},
                # The benchmark ticks the coordinators itself (see the module's docstring).
                "scan_interval": timedelta(days=1),
                "timeout": 10,
                "sensor": [
                    {
                        "name": f"Peer score {match_id}",
                        "unique_id": f"peer_{match_id}",
                        "value_template": "{{ value_json.score.home }}-{{ value_json.score.away }}",
                    }
                ],
            }
            for match_id in peer_matches
        ]
    }
    assert await async_setup_component(hass, "rest", config)
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    sensors = {registry.async_get_entity_id("sensor", "rest", f"peer_{m}"): m for m in peer_matches}
    assert None not in sensors, "a rest sensor was not created"
    # Each rest sensor holds its resource's coordinator
    component = hass.data["entity_components"]["sensor"]
    # (public as .coordinator up to 2025, private as ._coordinator since).
    entities = [component.get_entity(entity_id) for entity_id in sensors]
    coordinators = [getattr(e, "coordinator", None) or e._coordinator for e in entities]  # noqa: SLF001
    changes: dict[int, list[tuple[float, str]]] = defaultdict(list)

    @callback
    def changed(event: Event) -> None:
        new = event.data["new_state"]
        changes[sensors[event.data["entity_id"]]].append((time.monotonic(), new.state))

    async_track_state_change_event(hass, [e for e in sensors if e], changed)
    tick = interval / SPEED
    seconds = span() / SPEED
    polls = 0
    async with aiohttp.ClientSession() as session:
        control = SimControl(sim, session)
        start_cpu, start = cpu(), time.perf_counter()
        await control.post("load", _load_body(peer_matches, moments, 0.0))
        # The first tick falls anywhere in the interval, as a poll's phase does.
        first = start + random.Random(interval).uniform(0, tick)  # noqa: S311
        await asyncio.gather(
            *(
                _tick(c, first + _offset(c) / SPEED, tick, start + seconds + tick)
                for c in coordinators
            )
        )
        await hass.async_block_till_done()
        used, wall = cpu() - start_cpu, time.perf_counter() - start
        status = await control.load_status()
    for coordinator in coordinators:
        await coordinator.async_shutdown()
    match_hours = MATCHES * wall * SPEED / 3600
    latencies, seen, missed = _what_polls_showed(moments, status["committed"], changes)
    goals = sum(1 for m in moments if m.kind == "goal")
    goals_seen = sum(n for label, n in seen.items() if ":goal" in label)
    return {
        "matches": MATCHES,
        "speed": SPEED,
        "interval_s": interval,
        "cpu_ms_per_match_hour": round((used - idle * wall) / match_hours * 1000, 2),
        "http_requests_per_match_hour": round(polls / match_hours),
        "goals": goals,
        "goals_seen": goals_seen,
        "disallowed": sum(1 for m in moments if m.kind == "cancel"),
        "disallowed_seen": sum(n for label, n in seen.items() if label.endswith(":cancel")),
        "seen_by_pattern": dict(seen),
        "missed_by_pattern": dict(missed),
        "goal_to_state": percentiles_ms(latencies),
        "goal_to_state_samples_ms": [round(s * 1000, 1) for s in latencies],
        "analytic": {"p50_ms": interval * 500, "p99_ms": interval * 990, "max_ms": interval * 1000},
    }


def _offset(coordinator: Any) -> float:
    """Return the fraction of a second past the whole second at which a coordinator refreshes.

    Home Assistant gives each DataUpdateCoordinator its own (50-500 ms), so that the polls of
    many resources wake the loop one by one rather than all at once.
    """
    offset = getattr(coordinator, "_microsecond", None)
    if isinstance(offset, float):
        return offset
    return random.uniform(RANDOM_MICROSECOND_MIN, RANDOM_MICROSECOND_MAX) / 1e6  # noqa: S311


async def _tick(coordinator: Any, first: float, tick: float, until: float) -> None:
    """Refresh a coordinator every tick from first (perf_counter time) until until."""
    at = first
    while at < until:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        await coordinator.async_refresh()
        at += tick


def _what_polls_showed(
    moments: list[Moment],
    committed: list[dict[str, Any]],
    changes: dict[int, list[tuple[float, str]]],
) -> tuple[list[float], dict[str, int], dict[str, int]]:
    """Return the latency of each goal a poll showed, and what was seen and missed by pattern."""
    latencies = []
    missed: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    pairs = _pair(moments, committed)
    for n, (moment, entry) in enumerate(pairs):
        # A score shows this moment only until the match's next moment changes it (a poll in
        # flight then may still land a little later).
        following = [e["at"] for m, e in pairs[n + 1 :] if m.match_id == moment.match_id]
        until = following[0] if following else float("inf")
        shown = [
            t
            for t, value in changes[moment.match_id]
            if entry["at"] <= t < until + 0.1 and value == entry["score"]
        ]
        label = f"{moment.pattern}:{moment.kind}" + (":first" if moment.first_of_double else "")
        if shown:
            seen[label] += 1
            if moment.kind == "goal":
                latencies.append((shown[0] - entry["at"]) * SPEED)
        else:
            missed[label] += 1
    return latencies, seen, missed
