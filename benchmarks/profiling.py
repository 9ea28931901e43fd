"""The hot path from a cProfile of a load window, in microseconds per frame."""

from __future__ import annotations

import io
from pathlib import Path
import pstats
from typing import Any

from .simproc import ROOT

PROFILE_TEXT = ROOT / "artifacts" / "benchmark_profile.txt"
# The steps of a frame's way through the integration, by function name and file.
STEPS = {
    "stream._read_loop": ("stream.py", "_read_loop"),
    "stream._handle_text": ("stream.py", "_handle_text"),
    "SnapshotParser.parse": ("models.py", "parse"),
    "coordinator.snapshot_received": ("coordinator.py", "snapshot_received"),
    "engine.apply": ("apply.py", "apply"),
    "coordinator._notify": ("coordinator.py", "_notify"),
    "MatchListeners.notify": ("listeners.py", "notify"),
    "sensors' _match_changed": ("sensor.py", "_match_changed"),
    "Entity.async_write_ha_state": ("entity.py", "async_write_ha_state"),
    "StateMachine.async_set_internal": ("core.py", "async_set_internal"),
    "json.loads": ("json/__init__.py", "loads"),
    "async_dispatcher_send": ("dispatcher.py", "async_dispatcher_send_internal"),
}


def _label(key: tuple[str, int, str]) -> str:
    """Return file:function for a pstats key, the path cut to the package."""
    filename, line, name = key
    parts = Path(filename).parts
    for root in ("custom_components", "homeassistant", "aiohttp", "asyncio"):
        if root in parts:
            filename = "/".join(parts[parts.index(root) :])
            break
    return f"{filename}:{line}({name})"


def hot_path(stats: pstats.Stats, frames: int, matches: int) -> dict[str, Any]:
    """Return the top functions by own time and the steps' cumulative time, per frame."""
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    per_frame = 1e6 / max(1, frames)
    top = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:25]
    steps = {}
    for label, (file_part, name) in STEPS.items():
        matches_found = [
            value for key, value in raw.items() if key[2] == name and key[0].endswith(file_part)
        ]
        if matches_found:
            steps[label] = {
                "calls_per_frame": round(sum(v[1] for v in matches_found) / max(1, frames), 3),
                "cumulative_us_per_frame": round(sum(v[3] for v in matches_found) * per_frame, 2),
                "own_us_per_frame": round(sum(v[2] for v in matches_found) * per_frame, 2),
            }
    PROFILE_TEXT.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    stats.stream = text  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(60)
    PROFILE_TEXT.write_text(text.getvalue(), encoding="utf-8")
    return {
        "matches": matches,
        "frames": frames,
        "note": "CPU time; cProfile roughly doubles the cost of Python calls: compare steps",
        "total_us_per_frame": round(sum(v[2] for v in raw.values()) * per_frame, 2),
        "steps": steps,
        "top_own_time": [
            {
                "function": _label(key),
                "calls_per_frame": round(value[1] / max(1, frames), 3),
                "own_us_per_frame": round(value[2] * per_frame, 2),
                "cumulative_us_per_frame": round(value[3] * per_frame, 2),
            }
            for key, value in top
        ],
    }
