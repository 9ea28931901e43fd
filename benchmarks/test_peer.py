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

This integration's own polling mode (a key with the `live_scores` scope but not the stream,
poller.py and polling.py) is measured at the same intervals as the rest sensor, 5 s and 30 s,
set as the entry's `poll_interval` option as a user would. The poller paces each match
itself, with one timer per match (async_call_later in poller.py): the interval while the
match is played, a minute at half time and in the minutes before kick-off, the wait until
then long before it. The benchmark compresses every one of those delays by SPEED (it wraps
the poller's async_call_later and divides the delay it is given), rather than setting the
interval to interval / SPEED or ticking the polls itself: the poller keeps choosing its own
delays, after its own poll has answered, spread by match id, and a slower pace it chose (a
break, before kick-off) would be compressed in proportion, not turned into the live pace.
utcnow(), which the pace before kick-off is computed from, is not compressed; the synthetic
matches are being played from before the window to after it, so every poll the window holds
is a poll of a live match (the pace the rest sensor is compared with). test_polling_pace
measures the slower pace too: the simulator sends the matches to half time and back, and
the requests in each part and how late the second half is seen are counted. The poller
waits the interval after each poll has answered, so the HTTP time, scaled by SPEED like the
latencies, stretches its period: 1-2 % fewer requests than an unscaled poller would make at
5 s (more on a busy machine), slightly later goals.

The rest sensor's resources, set up together, poll in lockstep (one phase for all 20
matches, as Home Assistant's timers do), while the poller spreads its matches over the
interval by match id. The script puts each match's moments in the same 10 s band, so the
rest sensor's goals and disallowed goals seen at 30 s are one draw for all matches together
(all or none of those in a band a poll falls on), the poller's twenty draws: each run's
figures are reported with what a poll at a random phase sees on average, which is the same
for both.

HTTP requests are counted at the simulator for every row, the same way: the peer runs use a
simulator process of their own (benchmarks/countingsim.py) that counts each request it
answers, polls answered 404 (not started) included; the clients' own counts (the rest
sensor's updates, the poller's requests) are kept next to them in the JSON as a check.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
import logging
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
    EventStateChangedData,
    async_call_later,
    async_track_state_change_event,
)
from homeassistant.setup import async_setup_component
import pytest

from custom_components.sportrix import poller as poller_module
from custom_components.sportrix.const import CONF_POLL_INTERVAL, EVENT_GOAL, EVENT_GOAL_CANCELLED
from custom_components.sportrix.polling import SLOW_INTERVAL
from sportrix_simulator.keys import KEY_LIVE_ONLY

from .countingsim import CountingSimProcess
from .harness import (
    cpu,
    idle_cpu_rate,
    percentiles_ms,
    score_entities,
    set_up_entry,
    wait_until,
)
from .simproc import API_KEY, SimControl

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


# Push, the 5 s rest poll and polling mode at 5 s, whose CPU is compared, take turns three
# times; each figure is the median run's, so that a moment of a busy machine does not decide
# the comparison.
RUNS = [
    *(("push", "rest_5s", "poll_5s")[n % 3] for n in range(9)),
    "rest_30s",
    "poll_30s",
]


@pytest.fixture(autouse=True)
def quiet_httpx() -> None:
    """Log the rest sensor's HTTP client at warnings only: it logs a line per request."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture(scope="module")
def peer_sim() -> Iterator[CountingSimProcess]:
    """Run a simulator of the peer runs' own, which counts the HTTP requests it answers."""
    process = CountingSimProcess(MATCHES * (len(RUNS) + 1))
    try:
        yield process
    finally:
        process.stop()


@pytest.mark.parametrize(("run", "kind"), list(enumerate(RUNS)))
async def test_peer(
    *,
    hass: HomeAssistant,
    peer_sim: CountingSimProcess,
    results: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    run: int,
    kind: str,
) -> None:
    """One run of push or of a poll on fresh matches, the same script of goals in each."""
    hass.loop.set_debug(False)
    sim = peer_sim
    match_ids = sim.take(MATCHES)
    mode, _, interval = kind.partition("_")
    if mode == "push":
        figures = await _push(hass, sim, match_ids)
    elif mode == "rest":
        figures = await _poll(hass, sim, match_ids, int(interval[:-1]), monkeypatch)
    else:
        figures = await _polling(hass, sim, match_ids, int(interval[:-1]), monkeypatch)
    figures["run"] = run
    runs = results.setdefault("peer_runs", {}).setdefault(kind, [])
    runs.append(figures)
    ordered = sorted(runs, key=lambda figures: figures["cpu_ms_per_match_hour"])
    median = ordered[(len(ordered) - 1) // 2]
    results.setdefault("peer", {})[kind] = median | {
        "cpu_ms_per_match_hour_runs": [r["cpu_ms_per_match_hour"] for r in runs],
    }


# Polling mode's pace over play, a half-time break and play again (match seconds each).
PACE_INTERVAL = 5
PACE = (("live", 300.0), ("ht", 600.0), ("live", 300.0))


async def test_polling_pace(
    *,
    hass: HomeAssistant,
    peer_sim: CountingSimProcess,
    results: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Count polling mode's requests in play and at half time, and how late play is seen again.

    The rest sensor polls at its interval whatever the match does; the poller slows to a minute
    in a break, so it also notices the second half up to a minute late.
    """
    hass.loop.set_debug(False)
    sim = peer_sim
    match_ids = sim.take(MATCHES)
    _compress_poller(monkeypatch)
    entry, _ = await set_up_entry(
        hass, sim, match_ids, api_key=KEY_LIVE_ONLY, options={CONF_POLL_INTERVAL: PACE_INTERVAL}
    )
    matches = entry.runtime_data.matches
    segments: list[dict[str, Any]] = []
    resumed: list[float] = []
    async with aiohttp.ClientSession() as session:
        control = SimControl(sim, session)
        for status, seconds in PACE:
            before = await sim.requests(session)
            start = time.perf_counter()
            if segments and status == "live":
                # Each match back in play at its own moment of the slow poll's minute, so that
                # the lag is not decided by the break's length.
                rng = random.Random("pace")  # noqa: S311 - reproducible
                slow = SLOW_INTERVAL.total_seconds()
                at = {m: start + rng.uniform(0, slow) / SPEED for m in match_ids}
                _, resumed = await asyncio.gather(
                    _resume(control, at),
                    _seen_live(matches, at, start + seconds / SPEED),
                )
            else:
                await asyncio.gather(
                    *(control.post(f"matches/{m}/update", {"status": status}) for m in match_ids)
                )
            await asyncio.sleep(max(0.0, start + seconds / SPEED - time.perf_counter()))
            wall = time.perf_counter() - start
            requests = (await sim.requests(session) - before).total()
            segments.append(
                {
                    "status": status,
                    "match_seconds": seconds,
                    "requests": requests,
                    "per_match_hour": round(requests / (MATCHES * wall * SPEED / 3600)),
                }
            )
    assert await hass.config_entries.async_unload(entry.entry_id)
    total = sum(s["requests"] for s in segments)
    played = sum(seconds for _, seconds in PACE)
    results["polling_pace"] = {
        "matches": MATCHES,
        "interval_s": PACE_INTERVAL,
        "speed": SPEED,
        "segments": segments,
        "requests_per_match": round(total / MATCHES, 1),
        # The rest sensor at the same interval polls whatever the status.
        "rest_requests_per_match": round(played / PACE_INTERVAL, 1),
        "second_half_seen_after": percentiles_ms(resumed),
        "second_half_seen_by": len(resumed),
    }


async def _resume(control: SimControl, at: dict[int, float]) -> None:
    """Put each match back in play at its time (perf_counter)."""

    async def one(match_id: int) -> None:
        await asyncio.sleep(max(0.0, at[match_id] - time.perf_counter()))
        await control.post(f"matches/{match_id}/update", {"status": "live"})

    await asyncio.gather(*(one(match_id) for match_id in at))


async def _seen_live(matches: Any, at: dict[int, float], deadline: float) -> list[float]:
    """Return the seconds (scaled back by SPEED) until each match showed live again."""
    seen: dict[int, float] = {}
    while len(seen) < len(at) and time.perf_counter() < deadline:
        now = time.perf_counter()
        for match_id, since in at.items():
            snapshot = matches[match_id].snapshot
            if match_id not in seen and now >= since and snapshot.status == "live":
                seen[match_id] = (now - since) * SPEED
        # Polled: the benchmark measures no CPU here.
        await asyncio.sleep(0.005)
    return list(seen.values())


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


async def _push(
    hass: HomeAssistant, sim: CountingSimProcess, peer_matches: list[int]
) -> dict[str, Any]:
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
        requests_before = await sim.requests(session)
        start_cpu, start = cpu(), time.perf_counter()
        await control.post("load", body)
        expected = before + body["frames"] + len(moments)
        # Asleep until the script's end: polling all along would charge the benchmark's
        # own wake-ups to the integration.
        await asyncio.sleep(max(0.0, start + span() / SPEED - time.perf_counter()))
        await wait_until(lambda: coordinator.frames_received >= expected, timeout=span())
        await hass.async_block_till_done()
        used, wall = cpu() - start_cpu, time.perf_counter() - start
        requests = await sim.requests(session) - requests_before
        status = await control.load_status()
    assert await hass.config_entries.async_unload(entry.entry_id)
    match_hours = MATCHES * wall * SPEED / 3600
    to_event, to_state, seen = _what_push_showed(
        moments, status["committed"], {"goal": goals, "cancel": cancels}, states
    )
    return {
        "matches": MATCHES,
        "speed": SPEED,
        "frames_per_match_hour": round(body["frames"] / match_hours),
        "cpu_ms_per_match_hour": round((used - idle * wall) / match_hours * 1000, 2),
        "http_requests_per_match_hour": round(requests.total() / match_hours),
        "http_requests_by_route": dict(requests),
        "goals": sum(1 for m in moments if m.kind == "goal"),
        "goals_seen": seen["goal"],
        "disallowed": sum(1 for m in moments if m.kind == "cancel"),
        "disallowed_seen": seen["cancel"],
        "goal_to_event": percentiles_ms(to_event),
        "goal_to_state": percentiles_ms(to_state),
        "goal_to_state_samples_ms": [round(s * 1000, 3) for s in to_state],
    }


def _what_push_showed(
    moments: list[Moment],
    committed: list[dict[str, Any]],
    events: dict[str, dict[int, list[float]]],
    states: dict[int, list[float]],
) -> tuple[list[float], list[float], dict[str, int]]:
    """Return the goal -> event and -> state latencies, and the goals and cancels seen."""
    to_event, to_state = [], []
    seen = {"goal": 0, "cancel": 0}
    taken = {"goal": defaultdict(int), "cancel": defaultdict(int), "state": defaultdict(int)}
    for moment, entry in _pair(moments, committed):
        kind = moment.kind
        times = events[kind]
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
    return to_event, to_state, seen


async def _poll(
    hass: HomeAssistant,
    sim: CountingSimProcess,
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
        requests_before = await sim.requests(session)
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
        requests = await sim.requests(session) - requests_before
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
        "http_requests_per_match_hour": round(requests.total() / match_hours),
        "http_requests_by_route": dict(requests),
        # The rest sensor's own count of its updates, a check of the simulator's.
        "client_requests": polls,
        "goals": goals,
        "goals_seen": goals_seen,
        "disallowed": sum(1 for m in moments if m.kind == "cancel"),
        "disallowed_seen": sum(n for label, n in seen.items() if label.endswith(":cancel")),
        "seen_by_pattern": dict(seen),
        "missed_by_pattern": dict(missed),
        "goal_to_state": percentiles_ms(latencies),
        "goal_to_state_samples_ms": [round(s * 1000, 1) for s in latencies],
        "analytic": {"p50_ms": interval * 500, "p99_ms": interval * 990, "max_ms": interval * 1000},
        "expected_seen": _expected_seen(moments, interval),
    }


async def _polling(
    hass: HomeAssistant,
    sim: CountingSimProcess,
    peer_matches: list[int],
    interval: int,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """Run this integration in polling mode, its poll_interval interval seconds of match time."""
    moments = script(peer_matches)
    _compress_poller(monkeypatch)
    # Before setup: once set up, the poller's own polls would be taken for the idle loop's.
    idle = await idle_cpu_rate(0.5)
    async with aiohttp.ClientSession() as session:
        at_setup = await sim.requests(session)
    entry, _ = await set_up_entry(
        hass, sim, peer_matches, api_key=KEY_LIVE_ONLY, options={CONF_POLL_INTERVAL: interval}
    )
    coordinator = entry.runtime_data
    poller = coordinator.connection.poller
    assert poller is not None, "a key without the stream did not set up in polling mode"
    answered = _time_polls(poller, monkeypatch)
    changes, fired = _watch(hass, score_entities(hass, peer_matches))
    tick = interval / SPEED
    seconds = span() / SPEED
    async with aiohttp.ClientSession() as session:
        control = SimControl(sim, session)
        requests_before = await sim.requests(session)
        setup_requests = requests_before - at_setup
        polls_before = poller.requests
        start_cpu, start = cpu(), time.perf_counter()
        await control.post("load", _load_body(peer_matches, moments, 0.0))
        # As long as the rest sensor's window: the script and one interval more.
        await asyncio.sleep(max(0.0, start + seconds + tick - time.perf_counter()))
        await hass.async_block_till_done()
        used, wall = cpu() - start_cpu, time.perf_counter() - start
        polls = poller.requests - polls_before
        requests = await sim.requests(session) - requests_before
        status = await control.load_status()
    assert await hass.config_entries.async_unload(entry.entry_id)
    match_hours = MATCHES * wall * SPEED / 3600
    latencies, seen, missed = _what_polls_showed(moments, status["committed"], changes)
    goals = sum(1 for m in moments if m.kind == "goal")
    return {
        "matches": MATCHES,
        "speed": SPEED,
        "interval_s": interval,
        "cpu_ms_per_match_hour": round((used - idle * wall) / match_hours * 1000, 2),
        "http_requests_per_match_hour": round(requests.total() / match_hours),
        "http_requests_by_route": dict(requests),
        # The poller's own count of its requests, a check of the simulator's.
        "client_requests": polls,
        # Before the window, from setup on: the stream's refusal, the scope check, first polls.
        "setup_requests": dict(setup_requests),
        "polled_in_window_by_pattern": _polled_in_window(moments, status["committed"], answered),
        "goals": goals,
        "goals_seen": sum(n for label, n in seen.items() if ":goal" in label),
        "disallowed": sum(1 for m in moments if m.kind == "cancel"),
        "disallowed_seen": sum(n for label, n in seen.items() if label.endswith(":cancel")),
        # What automations see: sportrix_goal fires once per goal a poll's score jump shows.
        "goal_events": fired["goal"],
        "cancelled_events": fired["cancel"],
        "seen_by_pattern": dict(seen),
        "missed_by_pattern": dict(missed),
        "goal_to_state": percentiles_ms(latencies),
        "goal_to_state_samples_ms": [round(s * 1000, 1) for s in latencies],
        "analytic": {"p50_ms": interval * 500, "p99_ms": interval * 990, "max_ms": interval * 1000},
        "expected_seen": _expected_seen(moments, interval),
    }


def _compress_poller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Divide every delay the poller chooses by SPEED (see the module's docstring)."""
    call_later = async_call_later

    def compressed(hass: HomeAssistant, delay: float | timedelta, action: Any) -> Any:
        seconds = delay.total_seconds() if isinstance(delay, timedelta) else delay
        return call_later(hass, seconds / SPEED, action)

    monkeypatch.setattr(poller_module, "async_call_later", compressed)


def _time_polls(poller: Any, monkeypatch: pytest.MonkeyPatch) -> dict[int, list[float]]:
    """Record when each poll of each match is answered (the look-up itself is unchanged).

    A check: it tells a goal no poll fell on from one a poll showed and the integration did not.
    """
    answered: dict[int, list[float]] = defaultdict(list)
    lookups = poller._lookups  # noqa: SLF001 - the benchmark watches the poller's requests
    live = lookups.live

    async def timed(match_id: int) -> Any:
        answer = await live(match_id)
        answered[match_id].append(time.monotonic())
        return answer

    monkeypatch.setattr(lookups, "live", timed)
    return answered


def _watch(
    hass: HomeAssistant, scores: dict[str, int]
) -> tuple[dict[int, list[tuple[float, str]]], Counter[str]]:
    """Record each score sensor's states, and count the goal and cancel events of its match."""
    changes: dict[int, list[tuple[float, str]]] = defaultdict(list)
    fired: Counter[str] = Counter()
    matches = set(scores.values())

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if (new := event.data["new_state"]) is not None:
            changes[scores[event.data["entity_id"]]].append((time.monotonic(), new.state))

    @callback
    def goal(event: Event) -> None:
        if event.data["match_id"] in matches:
            fired["goal"] += 1

    @callback
    def cancelled(event: Event) -> None:
        if event.data["match_id"] in matches:
            fired["cancel"] += 1

    async_track_state_change_event(hass, list(scores), changed)
    hass.bus.async_listen(EVENT_GOAL, goal)
    hass.bus.async_listen(EVENT_GOAL_CANCELLED, cancelled)
    return changes, fired


def _expected_seen(moments: list[Moment], interval: float) -> dict[str, float]:
    """Return the goals and disallowed goals a poll at a random phase shows, on average.

    A moment is shown when a poll falls between it and the match's next moment: a single
    always (they are further apart than the slowest poll), the first of two goals a second
    apart with 1 s / interval, a disallowed goal and its cancel with 2 s / interval. One run
    is one draw of the phases, so its count is compared with this, not only with another's.
    """
    goals = cancels = 0.0
    for n, moment in enumerate(moments):
        following = moments[n + 1] if n + 1 < len(moments) else None
        if following is None or following.match_id != moment.match_id:
            window = interval
        else:
            window = following.at - moment.at
        chance = min(1.0, window / interval)
        if moment.kind == "goal":
            goals += chance
        else:
            # Its cancel is shown only if its goal was: the same poll cannot show both.
            cancels += min(1.0, (moment.at - moments[n - 1].at) / interval)
    return {"goals_seen": round(goals, 1), "disallowed_seen": round(cancels, 1)}


def _polled_in_window(
    moments: list[Moment], committed: list[dict[str, Any]], answered: dict[int, list[float]]
) -> dict[str, int]:
    """Return, by pattern, the moments some poll of their match was answered during."""
    caught: dict[str, int] = defaultdict(int)
    pairs = _pair(moments, committed)
    for n, (moment, entry) in enumerate(pairs):
        following = [e["at"] for m, e in pairs[n + 1 :] if m.match_id == moment.match_id]
        until = following[0] if following else float("inf")
        if any(entry["at"] <= t < until for t in answered[moment.match_id]):
            label = f"{moment.pattern}:{moment.kind}" + (":first" if moment.first_of_double else "")
            caught[label] += 1
    return dict(caught)


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
