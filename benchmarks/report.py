"""Turn the figures into artifacts/benchmark.json, a markdown table and the plots under docs/."""

from __future__ import annotations

import json
import os
from pathlib import Path
import platform
import subprocess
import time
from typing import Any

from .simproc import ROOT

ARTIFACTS = ROOT / "artifacts"
DOCS = ROOT / "docs"
LATENCY_PLOT = DOCS / "benchmark_latency.png"
CPU_PLOT = DOCS / "benchmark_cpu.png"
GOAL_SIZE = "200"
# The rate the sustained-rate goal names; the CPU goal is judged there too.
BUSY_RATE = 5000.0


def machine() -> dict[str, Any]:
    """Return what the figures were measured on."""
    from homeassistant.const import __version__ as ha_version

    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "home_assistant": ha_version,
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _get(figures: dict[str, Any], *path: str) -> Any:
    """Return a nested figure, or None where a step did not run."""
    value: Any = figures
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _pct(summary: dict[str, Any] | None) -> str:
    """Return p50 / p99 / max in ms."""
    if not summary or not summary.get("n"):
        return "-"
    return f"{_num(summary['p50_ms'])} / {_num(summary['p99_ms'])} / {_num(summary['max_ms'])}"


PEER_ROWS = {
    "push": "push (this integration)",
    "rest_5s": "rest, 5 s",
    "poll_5s": "polling mode (this integration), 5 s",
    "rest_30s": "rest, 30 s",
    "poll_30s": "polling mode (this integration), 30 s",
}


def _num(value: float | None) -> str:
    """Return a figure with sensible digits."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _ratio(value: float | None, floor: float | None) -> str:
    """Return value / floor as text, or - when either is missing."""
    return _num(value / floor) if value and floor else "-"


def goals(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each goal of the issue with its target, the measured figure and whether it holds."""
    size = _get(figures, "scale", GOAL_SIZE) or {}
    one = _get(figures, "scale", "1", "fixed_rate", "cpu_per_frame_us")
    thousand = _get(figures, "scale", "1000", "fixed_rate", "cpu_per_frame_us")
    cpu_200 = _get(size, "fixed_rate", "cpu_per_frame_us")
    floor_200 = _get(size, "floor", "cpu_per_frame_us")
    busy = next((s for s in size.get("ramp", []) if s["rate"] == BUSY_RATE), {})
    busy_200 = busy.get("cpu_per_frame_us")
    busy_floor_200 = _get(size, "floor", "at_busy_rate", "cpu_per_frame_us")
    nothing = _get(size, "writes", "writes_that_changed_nothing_per_frame")
    p99 = _get(size, "goal_latency", "to_event", "p99_ms")
    sustained = _get(size, "max_sustained_rate")
    reconnect = _get(size, "reconnect", "50ms", "from_drop_s")
    push_p99 = _get(figures, "peer", "push", "goal_to_state", "p99_ms")
    poll_p50 = _get(figures, "peer", "rest_5s", "goal_to_state", "p50_ms")
    push_cpu = _get(figures, "peer", "push", "cpu_ms_per_match_hour")
    poll_cpu = _get(figures, "peer", "rest_5s", "cpu_ms_per_match_hour")
    rows = [
        (
            "No entity written when its state did not change",
            "0 writes that change nothing per frame",
            nothing,
            f"{_num(nothing)} per frame (200 matches)",
            nothing is not None and nothing < 0.01,
        ),
        (
            # The goal's floor is decoding and writing: at 5,000 frames/s frames share
            # wake-ups, so the floor measured there is that; at 1,000 each frame wakes the
            # loop alone, and the floor pays it too.
            "HA CPU per frame at 200 matches, 5,000 frames/s (1,000 frames/s after the ;)",
            "<= 60 us (3x the floor)",
            busy_200,
            (
                f"{_num(busy_200)} us; floor {_num(busy_floor_200)} us "
                f"({_ratio(busy_200, busy_floor_200)}x); at 1,000 frames/s "
                f"{_num(cpu_200)} us, floor {_num(floor_200)} us ({_ratio(cpu_200, floor_200)}x)"
            ),
            busy_200 is not None and busy_200 <= 60,
        ),
        (
            "Goal latency p99, 200 matches at 2,000 frames/s",
            "<= 2 ms",
            p99,
            f"{_num(p99)} ms",
            p99 is not None and p99 <= 2,
        ),
        (
            "Sustained rate, 200 matches, one core",
            ">= 5,000 frames/s",
            sustained,
            f"{_num(sustained)} frames/s",
            sustained is not None and sustained >= 5000,
        ),
        (
            "CPU per frame at 1,000 matches vs 1 match, 1,000 frames/s",
            "<= 1.2x",
            thousand,
            (
                f"{_num(thousand / one) if one and thousand else '-'}x "
                f"({_num(thousand)} vs {_num(one)} us)"
            ),
            bool(one and thousand and thousand / one <= 1.2),
        ),
        (
            "Every match live again after a reconnect, 200 matches, 50 ms",
            "<= 1 s",
            reconnect,
            f"{_num(reconnect)} s",
            reconnect is not None and reconnect <= 1,
        ),
        (
            "Goal latency vs the 5 s poll (push p99 vs poll median), at lower CPU",
            ">= 1,000x, CPU per match-hour lower",
            push_p99,
            (
                f"{_num(poll_p50 / push_p99) if push_p99 and poll_p50 else '-'}x; CPU "
                f"{_num(push_cpu)} vs {_num(poll_cpu)} ms per match-hour"
            ),
            bool(
                push_p99
                and poll_p50
                and poll_p50 / push_p99 >= 1000
                and push_cpu is not None
                and poll_cpu is not None
                and push_cpu < poll_cpu
            ),
        ),
        *(_polling_goal(figures, interval) for interval in ("5s", "30s")),
    ]
    return [
        {"goal": goal, "target": target, "measured": text, "met": met}
        for goal, target, _value, text, met in rows
    ]


def _polling_goal(figures: dict[str, Any], interval: str) -> tuple[str, str, Any, str, bool]:
    """Return the goal of polling mode against the rest sensor at one interval.

    Seen is summed over every run of each (one run is one draw of the poll phases), requests
    per match-hour averaged over them.
    """
    ours, theirs = _pooled(figures, f"poll_{interval}"), _pooled(figures, f"rest_{interval}")
    expected = _get(figures, "peer", f"poll_{interval}", "expected_seen") or {}
    keys = ("goals_seen", "disallowed_seen", "http_requests_per_match_hour")
    known = bool(ours and theirs)
    if known:
        text = (
            f"over {ours['runs']} and {theirs['runs']} runs: goals seen {ours['goals_seen']} "
            f"vs {theirs['goals_seen']} (a poll at a random phase, per run: "
            f"{expected.get('goals_seen')}), disallowed {ours['disallowed_seen']} vs "
            f"{theirs['disallowed_seen']} (per run: {expected.get('disallowed_seen')}), "
            f"requests per match-hour {_num(ours[keys[2]])} vs {_num(theirs[keys[2]])}"
        )
    return (
        f"Polling mode against the rest sensor, both every {interval[:-1]} s",
        "sees at least as much, at equal or fewer HTTP requests",
        ours.get("goals_seen"),
        text if known else "-",
        known
        and ours["goals_seen"] * theirs["runs"] >= theirs["goals_seen"] * ours["runs"]
        and ours["disallowed_seen"] * theirs["runs"] >= theirs["disallowed_seen"] * ours["runs"]
        and ours[keys[2]] <= theirs[keys[2]],
    )


def _pooled(figures: dict[str, Any], kind: str) -> dict[str, Any]:
    """Return seen summed and requests per match-hour averaged over a kind's runs."""
    runs = _get(figures, "peer_runs", kind) or []
    if not runs:
        return {}
    return {
        "runs": len(runs),
        "goals_seen": sum(run["goals_seen"] for run in runs),
        "disallowed_seen": sum(run["disallowed_seen"] for run in runs),
        "http_requests_per_match_hour": sum(run["http_requests_per_match_hour"] for run in runs)
        / len(runs),
    }


def markdown(figures: dict[str, Any]) -> str:
    """Return the tables."""
    info = figures.get("machine", {})
    lines = [
        "# Sportrix benchmark",
        "",
        (
            f"Measured {info.get('date')} on {info.get('nproc')} CPUs ({info.get('cpu')}), "
            f"Python {info.get('python')}, Home Assistant {info.get('home_assistant')}, "
            f"commit {info.get('commit')}; load average at the start "
            f"{_num(figures.get('load_average_at_start', [None])[0])}, at the end "
            f"{_num(info.get('load_average', [None])[0])}. The simulator runs in its own "
            "process; CPU is the Home Assistant test process's CPU time (every thread), the idle "
            "loop's own taken off. Other processes' CPU use during each window is recorded "
            "(other_processes_cpus in the JSON, in CPUs, and the last column below): wall-clock "
            "figures (latency, sustained rate) suffer when it is high, CPU time much less."
        ),
        "",
        "## Scale: one stream, every match streaming",
        "",
        (
            "CPU per frame at a fixed 1,000 frames/s spread over all matches; a frame is a second "
            "of play (every 80th also changes stats and phase). Each CPU figure, the floor's too, "
            "is the better of two windows of the same load (one that kept up, at lower CPU), so "
            "that another process taking the core for a moment weighs less. Goal latency is "
            "from the simulator's commit to the `sportrix_goal` event / the score sensor's "
            "state, under a 2,000 frames/s load. Reconnect: from the server dropping the socket "
            "until every match had a frame again (first retry after 10 ms)."
        ),
        "",
        (
            "| matches | setup (s) | entities | memory per match (KiB) | HA CPU per frame (us) "
            "| of which the stream client (us) | floor (us) | x floor | kept up (frames/s) "
            "| saturated (frames/s) "
            "| goal -> event p50/p99/max (ms) | goal -> state p50/p99/max (ms) "
            "| entity writes / state changes per frame | reconnect 0 / 50 ms (s) "
            "| other processes (CPUs) |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|",
    ]
    for size, row in figures.get("scale", {}).items():
        cpu = _get(row, "fixed_rate", "cpu_per_frame_us")
        floor = _get(row, "floor", "cpu_per_frame_us")
        writes = row.get("writes", {})
        lines.append(
            f"| {size} | {_num(row.get('setup_s'))} | {row.get('entities', '-')} "
            f"| {_num(row.get('memory_per_match_kib')) if int(size) > 1 else '-'} "
            f"| {_num(cpu)} | {_num(_get(row, 'stream_only', 'cpu_per_frame_us'))} "
            f"| {_num(floor)} | {_num(cpu / floor) if cpu and floor else '-'} "
            f"| {_num(row.get('max_sustained_rate'))} | {_num(row.get('saturated_rate'))} "
            f"| {_pct(_get(row, 'goal_latency', 'to_event'))} "
            f"| {_pct(_get(row, 'goal_latency', 'to_state'))} "
            f"| {_num(writes.get('entity_writes_per_frame'))} / "
            f"{_num(writes.get('state_changes_per_frame'))} "
            f"| {_num(_get(row, 'reconnect', '0ms', 'from_drop_s'))} / "
            f"{_num(_get(row, 'reconnect', '50ms', 'from_drop_s'))} "
            f"| {_num(_get(row, 'goal_latency', 'window', 'other_processes_cpus'))} |"
        )
    lines += _busy(figures)
    lines += _ramp(figures)
    lines += _recorder(figures)
    lines += _peer(figures)
    lines += _polling_pace(figures)
    lines += _steps(figures)
    lines += _delay(figures)
    lines += _profile(figures)
    lines += ["", "## Goals", "", "| goal | target | measured | met |", "|---|---|---|---|"]
    for goal in figures.get("goals", []):
        lines.append(
            f"| {goal['goal']} | {goal['target']} | {goal['measured']} "
            f"| {'yes' if goal['met'] else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def _busy(figures: dict[str, Any]) -> list[str]:
    """Return CPU per frame against the floor at 5,000 frames/s, where frames come in batches."""
    lines = [
        "",
        "### At 5,000 frames/s (the loop reads several frames a wake-up)",
        "",
        "| matches | HA CPU per frame (us) | floor (us) | x floor |",
        "|---:|---:|---:|---:|",
    ]
    for size, row in figures.get("scale", {}).items():
        ours = next((s for s in row.get("ramp", []) if s["rate"] == 5000.0), None)
        floor = _get(row, "floor", "at_busy_rate")
        if ours and floor:
            lines.append(
                f"| {size} | {_num(ours['cpu_per_frame_us'])} | {_num(floor['cpu_per_frame_us'])} "
                f"| {_num(ours['cpu_per_frame_us'] / floor['cpu_per_frame_us'])} |"
            )
    return lines


def _ramp(figures: dict[str, Any]) -> list[str]:
    """Return the CPU per frame at each rate of the ramp."""
    lines = [
        "",
        "### CPU per frame against the rate (the ramp; a frame read alone costs more)",
        "",
        "| matches | " + "frames/s: HA CPU per frame (us), CPU share" + " |",
        "|---:|---|",
    ]
    for size, row in figures.get("scale", {}).items():
        steps = [
            f"{_num(s['rate'])}: {_num(s['cpu_per_frame_us'])}, {s['ha_cpu_share']:.0%}"
            + ("" if s["kept_up"] else " (fell behind)")
            for s in row.get("ramp", [])
        ]
        lines.append(f"| {size} | {'; '.join(steps)} |")
    return lines


def _recorder(figures: dict[str, Any]) -> list[str]:
    """Return the recorder table."""
    rec = figures.get("recorder")
    if not rec:
        return []
    lines = [
        "",
        (
            f"## State writes and recorder rows per match-hour ({_num(rec['match_hours'])} "
            "match-hours, SQLite)"
        ),
        "",
        (
            "A frame per second of play. Entity writes asked: "
            f"{_num(rec['entity_writes_per_match_hour'])}; "
            f"states changed: {_num(rec['state_changes_per_match_hour'])}; recorder rows: "
            f"{_num(rec['recorder_rows_per_match_hour'])} per match-hour."
        ),
        "",
        "| sensor | entity writes | state changes | recorder rows |",
        "|---|---:|---:|---:|",
    ]
    keys = sorted(set(rec["entity_writes_by_sensor"]) | set(rec["recorder_rows_by_sensor"]))
    lines.extend(
        f"| {key} | {_num(rec['entity_writes_by_sensor'].get(key, 0))} "
        f"| {_num(rec['state_changes_by_sensor'].get(key, 0))} "
        f"| {_num(rec['recorder_rows_by_sensor'].get(key, 0))} |"
        for key in keys
    )
    return lines


def _peer(figures: dict[str, Any]) -> list[str]:
    """Return the push against poll table."""
    peer = figures.get("peer")
    if not peer:
        return []
    speed = next(iter(peer.values())).get("speed")
    lines = [
        "",
        "## Push against polling: Home Assistant's `rest` sensor and this integration's polling",
        "",
        (
            f"{next(iter(peer.values())).get('matches')} matches, the same script of goals "
            "(singles, two goals a second apart, a goal disallowed 2 s later) played "
            f"{_num(speed)}x faster than real time; the rest sensor's poll ticks every "
            f"interval/{_num(speed)} s, every delay the polling mode's poller chooses is divided "
            f"by {_num(speed)}, and poll latencies are scaled back by that factor (the HTTP time "
            "in them too). Each rest resource refreshes at its own fraction of a second, as Home "
            "Assistant spreads coordinator timers; the poller spreads its matches' first polls "
            "over an interval by match id and waits the interval after each answer. Polling "
            "mode is an entry whose key has `live_scores` but not the stream, its "
            "`poll_interval` the rest sensor's interval. HTTP requests are counted at the "
            "simulator, every request in the window (all of them polls of a match being "
            "played). The push run gets a frame per second of play per match. Push, the 5 s "
            "rest poll and 5 s polling mode take turns three times on fresh matches: the row "
            "is the run of median CPU, with every run's CPU in brackets. Seen: a score sensor "
            "showed the score the goal (or its cancel) made; in brackets what a poll at a "
            "random phase shows on average (one run is one draw of the phases). Events: "
            "`sportrix_goal` / `sportrix_goal_cancelled` fired (a poll that shows two goals at "
            "once fires both)."
        ),
        "",
        (
            "| | goal -> state p50 / p99 / max (ms) | CPU per match-hour (ms), median (runs) "
            "| HTTP requests per match-hour | goals seen | disallowed goals seen "
            "| goal / cancelled events |"
        ),
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for key, name in PEER_ROWS.items():
        if (row := peer.get(key)) is None:
            continue
        runs = ", ".join(_num(cpu) for cpu in row.get("cpu_ms_per_match_hour_runs", []))
        expected = row.get("expected_seen") or {}
        events = (
            f"{row['goal_events']} / {row['cancelled_events']}"
            if "goal_events" in row
            else (f"{row['goals_seen']} / {row['disallowed_seen']}" if key == "push" else "-")
        )
        lines.append(
            f"| {name} | {_pct(row.get('goal_to_state'))} "
            f"| {_num(row['cpu_ms_per_match_hour'])} ({runs}) "
            f"| {_num(row['http_requests_per_match_hour'])} "
            f"| {row['goals_seen']} of {row['goals']}{_expected(expected, 'goals_seen')} "
            f"| {row['disallowed_seen']} of {row['disallowed']}"
            f"{_expected(expected, 'disallowed_seen')} | {events} |"
        )
    return lines


def _polling_pace(figures: dict[str, Any]) -> list[str]:
    """Return polling mode's requests in play and at half time, and its second-half lag."""
    pace = figures.get("polling_pace")
    if not pace:
        return []
    lag = pace.get("second_half_seen_after") or {}
    lines = [
        "",
        (
            f"### Polling mode's pace: {pace['matches']} matches at {pace['interval_s']} s, "
            "in play, at half time, in play again"
        ),
        "",
        (
            f"Every delay the poller chooses divided by {_num(pace['speed'])}, as above; the "
            "simulator sets each match's status. Requests counted at the simulator. Each match "
            "comes back from half time at its own moment of the slow poll's minute; "
            "the second half is seen when the match's state shows it live again."
        ),
        "",
        "| segment | match minutes | HTTP requests | per match-hour |",
        "|---|---:|---:|---:|",
    ]
    lines.extend(
        f"| {segment['status']} | {_num(segment['match_seconds'] / 60)} "
        f"| {_num(segment['requests'])} | {_num(segment['per_match_hour'])} |"
        for segment in pace["segments"]
    )
    lines += [
        "",
        (
            f"Per match: {_num(pace['requests_per_match'])} requests, against "
            f"{_num(pace['rest_requests_per_match'])} for the rest sensor at the same interval "
            "(it polls whatever the status). Second half seen after p50 / p99 / max "
            f"{_pct_s(lag)} s ({pace.get('second_half_seen_by')} of {pace['matches']} matches)."
        ),
    ]
    return lines


def _pct_s(summary: dict[str, Any]) -> str:
    """Return p50 / p99 / max in seconds."""
    if not summary.get("n"):
        return "-"
    return " / ".join(_num(summary[key] / 1000) for key in ("p50_ms", "p99_ms", "max_ms"))


def _expected(expected: dict[str, Any], key: str) -> str:
    """Return " (n)", what a poll at a random phase shows on average, or nothing."""
    return f" ({_num(expected[key])})" if key in expected else ""


def _steps(figures: dict[str, Any]) -> list[str]:
    """Return each step of a clock frame timed alone."""
    steps = figures.get("steps")
    if not steps:
        return []
    rows = [
        ("json.loads of the frame (any client pays it)", "json_loads_us"),
        (
            (
                "api/models.py SnapshotParser.parse, from the match's last frame: the stream's "
                "way (integration)"
            ),
            "stream_parser_us",
        ),
        (
            "api/models.py parse_snapshot, from nothing: the REST client's way (not in the sum)",
            "parse_snapshot_us",
        ),
        ("engine/apply.py apply (integration)", "engine_apply_us"),
        (
            (
                "coordinator._notify of a frame that moves the seconds: no entity shows them, "
                "none is called (integration)"
            ),
            "dispatch_clock_frame_us",
        ),
        (
            (
                "coordinator._notify of a new minute, once a minute (not in the sum): the "
                "minute, period and scoreboard sensors compare what they show (integration)"
            ),
            "dispatch_new_minute_us",
        ),
        (
            "one Entity.async_write_ha_state that changes nothing (Home Assistant)",
            "entity_write_unchanged_us",
        ),
        (
            "one hass.states.async_set that changes nothing (Home Assistant's floor)",
            "states_async_set_unchanged_us",
        ),
    ]
    lines = [
        "",
        (
            f"## A clock frame step by step (no profiler; best of 5 x 2,000 calls; "
            f"{steps['frame_bytes']} bytes a frame)"
        ),
        "",
        "| step | us |",
        "|---|---:|",
    ]
    # A JSON of an older run has no stream_parser_us: its stream parsed from nothing.
    lines.extend(f"| {label} | {_num(steps[key])} |" for label, key in rows if key in steps)
    lines.append(f"| sum of the frame's steps | {_num(steps['sum_of_steps_us'])} |")
    return lines


def _delay(figures: dict[str, Any]) -> list[str]:
    """Return what the broadcast delay holds at its longest, against holding every frame."""
    delay = figures.get("delay_memory")
    if not delay:
        return []
    hold, every = delay["hold"], delay["every_frame"]
    return [
        "",
        (
            f"## Broadcast delay: memory held, {delay['matches']} matches at a frame a second, "
            f"{delay['seconds']} s delay (tracemalloc)"
        ),
        "",
        "| held | frames | items held | MB held | CPU per frame held (us) |",
        "|---|---:|---:|---:|---:|",
        (
            f"| hold(): a frame that moves only the seconds replaces its match's held one "
            f"| {_num(hold['frames'])} | {_num(hold['items'])} | {_num(hold['mb'])} "
            f"| {_num(delay['hold_us_per_frame'])} (of which the engine's changed_fields "
            f"{_num(delay['changed_fields_us'])}) |"
        ),
        (
            f"| every frame as its own work (before hold()) | {_num(every['frames'])} "
            f"| {_num(every['items'])} | {_num(every['mb'])} | {_num(delay['run_us_per_frame'])} |"
        ),
    ]


def _profile(figures: dict[str, Any]) -> list[str]:
    """Return the hot path's steps and top functions."""
    profile = figures.get("profile")
    if not profile:
        return []
    lines = [
        "",
        (
            f"## Profile: {profile['matches']} matches at 2,000 frames/s (cProfile, which about "
            "doubles Python call costs; full listing in artifacts/benchmark_profile.txt)"
        ),
        "",
        "| step | calls per frame | cumulative (us per frame) | own (us per frame) |",
        "|---|---:|---:|---:|",
    ]
    for step, row in profile["steps"].items():
        lines.append(
            f"| {step} | {_num(row['calls_per_frame'])} | {_num(row['cumulative_us_per_frame'])} "
            f"| {_num(row['own_us_per_frame'])} |"
        )
    lines += [
        "",
        (
            "| top function by own time | calls per frame | own (us per frame) "
            "| cumulative (us per frame) |"
        ),
        "|---|---:|---:|---:|",
    ]
    for row in profile["top_own_time"][:15]:
        lines.append(
            f"| `{row['function']}` | {_num(row['calls_per_frame'])} "
            f"| {_num(row['own_us_per_frame'])} | {_num(row['cumulative_us_per_frame'])} |"
        )
    return lines


def plots(figures: dict[str, Any]) -> list[Path]:
    """Draw the latency distributions and CPU per frame against matches; return the files."""
    try:
        import matplotlib as mpl

        mpl.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plots (pip install -r requirements_benchmark.txt)")
        return []
    # Only a full run replaces the committed plots; a partial one (-k) draws into artifacts/.
    complete = len(figures.get("scale", {})) == 4 and len(figures.get("peer", {})) == len(PEER_ROWS)
    folder = DOCS if complete else ARTIFACTS
    folder.mkdir(exist_ok=True)
    written = [
        _latency_plot(plt, figures, folder / LATENCY_PLOT.name),
        _cpu_plot(plt, figures, folder / CPU_PLOT.name),
    ]
    return [path for path in written if path is not None]


def _latency_plot(plt: Any, figures: dict[str, Any], path: Path) -> Path | None:
    """Draw the goal latency distributions of push and poll."""
    peer = figures.get("peer", {})
    series = [
        ("push (this integration)", _get(peer, "push", "goal_to_state_samples_ms")),
        ("rest sensor, 5 s poll", _get(peer, "rest_5s", "goal_to_state_samples_ms")),
        ("polling mode, 5 s", _get(peer, "poll_5s", "goal_to_state_samples_ms")),
        ("rest sensor, 30 s poll", _get(peer, "rest_30s", "goal_to_state_samples_ms")),
        ("polling mode, 30 s", _get(peer, "poll_30s", "goal_to_state_samples_ms")),
    ]
    if any(samples for _, samples in series):
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for label, samples in series:
            if samples:
                ordered = sorted(samples)
                share = [(n + 1) / len(ordered) for n in range(len(ordered))]
                ax.step(ordered, share, where="post", label=f"{label} (n={len(ordered)})")
        ax.set_xscale("log")
        ax.set_xlabel("goal in the simulator -> score sensor state (ms, log scale)")
        ax.set_ylabel("share of goals seen")
        ax.set_title("Goal latency: push against polling, same goals, same machine")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        return path
    return None


def _cpu_plot(plt: Any, figures: dict[str, Any], path: Path) -> Path | None:
    """Draw CPU per frame against the number of matches."""
    scale = figures.get("scale", {})
    sizes = [int(s) for s in scale if _get(scale, s, "fixed_rate", "cpu_per_frame_us")]
    if sizes:
        fig, ax = plt.subplots(figsize=(10, 4.5))
        ours = [scale[str(s)]["fixed_rate"]["cpu_per_frame_us"] for s in sizes]
        floor = [_get(scale, str(s), "floor", "cpu_per_frame_us") or 0 for s in sizes]
        ax.plot(sizes, ours, "o-", label="integration, 1,000 frames/s")
        stream = [_get(scale, str(s), "stream_only", "cpu_per_frame_us") or 0 for s in sizes]
        if any(stream):
            ax.plot(sizes, stream, "d-.", label="of which the stream client alone")
        ax.plot(sizes, floor, "s--", label="floor: decode + write changed states, 1,000 frames/s")
        busy = [
            next(
                (
                    x["cpu_per_frame_us"]
                    for x in scale[str(s)].get("ramp", [])
                    if x["rate"] == 5000.0
                ),
                0,
            )
            for s in sizes
        ]
        busy_floor = [
            _get(scale, str(s), "floor", "at_busy_rate", "cpu_per_frame_us") or 0 for s in sizes
        ]
        if any(busy):
            ax.plot(sizes, busy, "^-", label="integration, 5,000 frames/s")
        if any(busy_floor):
            ax.plot(sizes, busy_floor, "v--", label="floor, 5,000 frames/s")
        ax.axhline(60, color="grey", linewidth=0.8, linestyle="-.", label="goal: 60 us")
        ax.set_xscale("log")
        ax.set_xlabel("matches on one stream (log scale)")
        ax.set_ylabel("Home Assistant CPU per frame (us)")
        ax.set_ylim(bottom=0)
        ax.set_title("CPU per frame against the number of matches")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        return path
    return None


def write_report(figures: dict[str, Any]) -> None:
    """Add the machine and the goals; write the JSON, the table and the plots; print the table."""
    figures.setdefault("machine", machine())
    figures["goals"] = goals(figures)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark.json").write_text(json.dumps(figures, indent=2) + "\n")
    table = markdown(figures)
    (ARTIFACTS / "benchmark.md").write_text(table)
    written = plots(figures)
    print("\n" + table)
    print("Written: artifacts/benchmark.json, artifacts/benchmark.md", end="")
    for path in written:
        print(f", {path.relative_to(ROOT)}", end="")
    print()


if __name__ == "__main__":
    # Draw the tables and plots again from the last run's JSON, without measuring anything.
    write_report(json.loads((ARTIFACTS / "benchmark.json").read_text()))
