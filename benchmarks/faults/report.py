"""The matrix as a table: printed, and written to artifacts/faults.json and faults.md."""

import json
from pathlib import Path
from typing import Any

from .timescale import SCALE

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"
HEADER = (
    "| Fault | Recovery (sim s) | Handshakes | Goals lost / dup | Wickets lost / dup "
    "| State writes | Key in logs | Unavailable (changes / entities) | Notes |"
)


def legend(scaled: list[str]) -> str:
    """Explain the units and what each column counts."""
    return (
        f"Simulated time: the integration's durations are divided by {SCALE:g} and so is the "
        f"simulator's ping interval; one real second stands for {SCALE:g} simulated seconds. "
        "Latency (50 ms) and Retry-After (whole seconds) are real. "
        "Recovery: from the server being back to every followed match subscribed again and "
        "showing the simulator's score, with no entity unavailable. Handshakes: answered by the "
        "server from the injection to recovery (connections refused while the server is down are "
        "not seen). State writes: state_changed events of the entry's entities over the same span. "
        "Unavailable: changes to unavailable from the injection to the end of the run. "
        f"Durations patched: {', '.join(scaled) or 'none found'}."
    )


def _cell(value: Any) -> str:
    """Render one value of a row."""
    return "-" if value is None else str(value)


def table(rows: list[dict[str, Any]]) -> str:
    """Return the markdown table of the rows."""
    lines = [HEADER, "|" + "---|" * 9]
    for row in rows:
        if "error" in row and "handshakes" not in row:
            keys = _cell(row.get("key_in_logs"))
            lines.append(f"| {row['fault']} | error: {row['error']} |||||| {keys} |||")
            continue
        recovery = (
            "not recovered"
            if row.get("recovery_s") is None
            else f"{row['recovery_s']} ({row['recovery_real_ms']} ms real)"
        )
        answers = ", ".join(f"{k}: {v}" for k, v in row.get("handshake_answers", {}).items())
        cells = [
            row["fault"],
            recovery,
            f"{row['handshakes']} ({answers})" if answers else str(row["handshakes"]),
            f"{row['goals_lost']} / {row['goals_duplicated']}",
            f"{row['wickets_lost']} / {row['wickets_duplicated']}",
            _cell(row["state_writes"]),
            _cell(row["key_in_logs"]),
            f"{row['unavailable_transitions']} / {row['unavailable_entities']}",
            "; ".join(row.get("notes", [])) or "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(report: dict[str, Any]) -> None:
    """Print the table and write the JSON and markdown artifacts."""
    rows: list[dict[str, Any]] = report["rows"]
    if not rows:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = {"time_scale": SCALE, "durations_patched": report["scaled"], "faults": rows}
    (ARTIFACTS / "faults.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    text = f"{table(rows)}\n\n{legend(report['scaled'])}\n"
    (ARTIFACTS / "faults.md").write_text(text, encoding="utf-8")
    print("\n== fault matrix (also in artifacts/faults.json and artifacts/faults.md)")
    print(text)
