"""The faults of the matrix and the one procedure every fault goes through.

Each run: follow eight live matches (41282 soccer, 50001 cricket, six synthetic soccer matches),
wait until all show the simulator's scores, score a goal and take a wicket, inject the fault,
score goals and take a wicket while it lasts, bring the server back, wait until every match is
live again, score and take more, and compare the bus events with what the simulator did.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import itertools
from typing import Any

from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from custom_components.sportrix.const import DOMAIN
from sportrix_simulator import NOT_LIVE, Simulator

from .harness import (
    API_KEY,
    MATCHES,
    ONE_OF_MANY,
    SOCCER,
    SYNTHETIC,
    Harness,
    simulated_seconds,
)
from .timescale import SCALE, real

# Whole seconds, as HTTP writes it; real seconds, since the integration reads the header as is.
RETRY_AFTER = 2
LATENCY = 0.05
# How long, in simulated seconds, a run waits for the integration to show every match.
SETTLE = 600.0
RECOVERY_TIMEOUT = 700.0
OTHERS = tuple(m for m in MATCHES if m != ONE_OF_MANY)

type Step = Callable[[Harness], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault: how to inject it, how long it lasts, and how the server comes back."""

    name: str
    # Simulated seconds between the injection and the server being back.
    hold: float
    inject: Step
    clear: Step
    # Whether the fault stays on after the server counts as back (a slow server stays slow).
    stays: bool = False
    # Matches the fault is about; goals are scored in them while it lasts.
    hit: tuple[int, ...] = (SOCCER, SYNTHETIC[0])


async def _nothing(h: Harness) -> None:
    """Do nothing: the server is back as soon as the fault is in place."""


async def _kill(h: Harness) -> None:
    h.values["port"] = h.sim.port
    await h.sim.kill()


async def _start_again(h: Harness) -> None:
    await h.sim.start(port=h.values["port"])


async def _restart(h: Harness) -> None:
    port = h.sim.port
    await h.sim.stop()
    # A goal while the process is away: the restarted server knows it, the client did not see it.
    await h.goal(SYNTHETIC[1], "home")
    await h.sim.start(port=port)


async def _half_open(h: Harness) -> None:
    h.sim.half_open()


async def _revoke(h: Harness) -> None:
    h.sim.revoke_key(API_KEY)
    await h.sim.drop_connections()
    h.tasks["reauth"] = h.watch(lambda: bool(_reauth_flows(h.hass)), real(SETTLE))


async def _restore_key_and_reauthenticate(h: Harness) -> None:
    h.sim.add_key(API_KEY)
    flows = _reauth_flows(h.hass)
    if not flows:
        h.notes.append("no reauth flow: left to recover by itself")
        return
    result = await h.hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_API_KEY: API_KEY}
    )
    answer = result.get("reason") or result.get("errors") or result.get("type")
    h.notes.append(f"reauth flow with the restored key: {answer}")


def _reauth_flows(hass: HomeAssistant) -> list[Any]:
    """Return the integration's reauthentication flows in progress."""
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"].get("source") == "reauth"
    ]


async def _refuse_429(h: Harness) -> None:
    h.sim.refuse_handshakes(429, retry_after=RETRY_AFTER)
    await h.sim.drop_connections()


async def _refuse_503(h: Harness) -> None:
    h.sim.refuse_handshakes(503)
    await h.sim.drop_connections()


async def _accept(h: Harness) -> None:
    h.sim.accept_handshakes()


async def _flap(h: Harness) -> None:
    h.sim.close_after_handshake()
    await h.sim.drop_connections()


async def _keep(h: Harness) -> None:
    h.sim.keep_connections()


async def _ignore_one(h: Harness) -> None:
    h.sim.ignore_subscribes([ONE_OF_MANY])
    await _drop_and_watch_the_others(h)


async def _refuse_one(h: Harness) -> None:
    h.sim.refuse_subscribes([ONE_OF_MANY], NOT_LIVE)
    await _drop_and_watch_the_others(h)


async def _drop_and_watch_the_others(h: Harness) -> None:
    """Reconnect the client, so that it subscribes to everything at once, and time the rest."""
    await h.sim.drop_connections()
    h.tasks["others"] = h.watch(lambda: all(h.shows(m) for m in OTHERS), real(RECOVERY_TIMEOUT))


async def _answer(h: Harness) -> None:
    h.sim.answer_subscribes()


async def _slow(h: Harness) -> None:
    h.sim.set_latency(LATENCY)
    await h.sim.drop_connections()


async def _fast(h: Harness) -> None:
    h.sim.set_latency(0)


FAULTS: tuple[Fault, ...] = (
    Fault("server killed mid-match", 30.0, _kill, _start_again),
    Fault("server restarted", 0.0, _restart, _nothing),
    Fault("silent (half-open) socket", 0.0, _half_open, _nothing),
    Fault("401 at reconnect", 60.0, _revoke, _restore_key_and_reauthenticate),
    Fault(f"429 with Retry-After: {RETRY_AFTER}", 60.0, _refuse_429, _accept),
    Fault("503", 60.0, _refuse_503, _accept),
    Fault("stream down, REST up, 5 min", 300.0, _refuse_503, _accept),
    Fault("accept-then-close flapping, 10 min", 600.0, _flap, _keep),
    Fault(
        "subscribe never answered (1 of 8)", 60.0, _ignore_one, _answer, hit=(SOCCER, ONE_OF_MANY)
    ),
    Fault("error frame for 1 match of 8", 60.0, _refuse_one, _answer, hit=(SOCCER, ONE_OF_MANY)),
    Fault(f"slow server (+{LATENCY * 1000:.0f} ms)", 0.0, _slow, _fast, stays=True),
)


async def run_fault(hass: HomeAssistant, fault: Fault) -> dict[str, Any]:
    """Take the integration through one fault and return its row of the matrix."""
    sim = Simulator(autoplay=False, synthetic=len(SYNTHETIC), ping_interval=real(30.0))
    await sim.start()
    sim.add_key(API_KEY)
    h = Harness(hass, sim)
    row: dict[str, Any] = {"fault": fault.name}
    try:
        # Errors go into row itself, so that the counts below reach the table too.
        if not await h.start():
            row["error"] = "setup failed"
            return row
        if await h.until(h.all_live, real(SETTLE)) is None:
            row["error"] = "never live before the fault"
            return row
        await h.goal(SOCCER, "home")
        await h.wicket()
        await h.until(h.all_live, real(SETTLE))
        await _go_through(h, fault, row)
    finally:
        for task in h.tasks.values():
            task.cancel()
        row["key_in_logs"] = h.logs.count(API_KEY)
        row["log_lines"] = len(h.logs.lines)
        await h.stop()
        await sim.stop()
    return row


async def _go_through(h: Harness, fault: Fault, row: dict[str, Any]) -> None:
    """Inject, hold, clear, wait for recovery, score again and fill the row."""
    h.open_window()
    injected = h.now()
    await fault.inject(h)
    for match_id in fault.hit:
        await h.goal(match_id, "away")
    await h.wicket()
    hold = real(fault.hold)
    if hold:
        await asyncio.sleep(hold / 2)
        # Another goal half-way through a long fault.
        await h.goal(fault.hit[0], "home")
        await asyncio.sleep(hold / 2)
    # A fault with no hold leaves the server up: recovery counts from the injection.
    back = h.now() if fault.hold else injected
    await fault.clear(h)
    recovered = await h.until(h.all_live, real(RECOVERY_TIMEOUT))
    end = recovered if recovered is not None else h.now()
    window = h.window
    assert window is not None
    writes = window.writes
    handshakes = h.handshakes_since(injected, end)
    for match_id in fault.hit:
        await h.goal(match_id, "home")
    await h.wicket()
    # Without a recovery, give the last goals a moment only: they are counted as lost anyway.
    settled = await h.until(h.all_live, real(SETTLE if recovered is not None else 60.0))
    if fault.stays:
        await fault.clear(h)
    await h.hass.async_block_till_done()
    goals_lost, goals_duplicated, wrong_scores = h.goal_tally()
    wickets_lost, wickets_duplicated = h.wicket_tally()
    row |= {
        "recovery_s": simulated_seconds(None if recovered is None else recovered - back),
        "recovery_real_ms": None if recovered is None else round((recovered - back) * 1000),
        "handshakes": len(handshakes),
        "handshake_answers": _answers(handshakes),
        "goals_lost": goals_lost,
        "goals_duplicated": goals_duplicated,
        "wickets_lost": wickets_lost,
        "wickets_duplicated": wickets_duplicated,
        "state_writes": writes,
        "unavailable_transitions": sum(window.unavailable.values()),
        "unavailable_entities": len(window.unavailable),
        "integration_log_lines_info_or_above": h.notices_since(injected),
        "goal_events_with_a_score_that_never_was": wrong_scores,
        "goals_scored": h.goals_scored,
        "notes": [*h.notes, *_notes(h, fault, injected, back, settled)],
    }


def _answers(handshakes: list[Any]) -> dict[str, int]:
    """Count handshake answers by status (101 closed at once counted apart)."""
    counts: dict[str, int] = {}
    for handshake in handshakes:
        key = "101+close" if handshake.closed_at_once else str(handshake.status)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _notes(
    h: Harness, fault: Fault, injected: float, back: float, settled: float | None
) -> list[str]:
    """Return what this fault's own checks and the common ones noticed."""
    notes: list[str] = []
    if settled is None:
        notes.append("scores after the fault never all shown")
    if notices := h.notices_since(injected):
        notes.append(f"{notices} lines logged at info or above")
    if wrong := h.goal_tally()[2]:
        shown = ", ".join(f"{team} {home}-{away}" for _, team, home, away in wrong)
        notes.append(f"{len(wrong)} goal events carried a score the match never had ({shown})")
    if h.cancel_events:
        notes.append(f"{len(h.cancel_events)} sportrix_goal_cancelled events (none expected)")
    if delayed := sum(bool(e.get("delayed")) for e in h.goal_events + h.wicket_events):
        notes.append(f"{delayed} events marked delayed")
    if (others := h.tasks.get("others")) is not None and others.done():
        when = others.result()
        notes.append(
            "the other 7 matches never came back during the fault"
            if when is None
            else f"the other 7 matches live {simulated_seconds(when - injected)} s after injection"
        )
    if (reauth := h.tasks.get("reauth")) is not None and reauth.done():
        when = reauth.result()
        refused = [x for x in h.handshakes_since(injected, back) if x.status == 401]
        notes.append(
            ("no reauth flow" if when is None else "reauth flow started")
            + f", {len(refused)} handshakes refused with 401 during the fault"
        )
    if fault.name.startswith("429"):
        notes.append(_retry_after_note(h, injected))
    if fault.name.startswith("stream down"):
        notes.append(_failover_note(h, injected, back))
    if fault.name.startswith("accept-then-close"):
        closed = [x.at for x in h.handshakes_since(injected, back) if x.closed_at_once]
        if len(closed) > 1:
            gaps = [round((b - a) * SCALE, 1) for a, b in itertools.pairwise(closed)]
            notes.append(f"gaps between tries (sim s): {gaps}")
    return notes


def _failover_note(h: Harness, injected: float, back: float) -> str:
    """Tell how late the goals scored while the stream was down arrived, by polls."""
    polled = [e for e in h.goal_events if e.get("source") == "poll"]
    lateness: list[float] = []
    for (match_id, team, home, away), at in zip(h.goals_scored, h.scored_at, strict=True):
        if not injected <= at <= back:
            continue
        event = next(
            (
                e
                for e in h.goal_events
                if (e.get("match_id"), e.get("team")) == (match_id, team)
                and e.get("score") == {"home": home, "away": away}
            ),
            None,
        )
        if event is not None:
            lateness.append(simulated_seconds(event["received_at"] - at) or 0.0)
    latest = f", the latest {max(lateness):.0f} sim s after it was scored" if lateness else ""
    return f"{len(polled)} goals came by REST polls while the stream was down{latest}"


def _retry_after_note(h: Harness, injected: float) -> str:
    """Tell whether the client waited Retry-After after each 429."""
    log = h.handshakes_since(injected)
    gaps = [
        later.at - refused.at for refused, later in itertools.pairwise(log) if refused.status == 429
    ]
    if not gaps:
        return "no retry after a 429 to measure"
    shortest = min(gaps)
    verdict = "honoured" if shortest >= RETRY_AFTER - 0.05 else "NOT honoured"
    return f"Retry-After {verdict}: shortest wait after a 429 {shortest:.2f} s real"
