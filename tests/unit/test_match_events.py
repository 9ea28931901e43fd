"""Event detection between consecutive snapshots, driven by JSON fixture cases."""

import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.sportrix.api import parse_snapshot
from custom_components.sportrix.match_events import diff_snapshots

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"


def _cases() -> list[Any]:
    """Load every case of every fixture file."""
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(FIXTURES.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("case", _cases())
def test_diff_snapshots(case: dict[str, Any]) -> None:
    """Each case's two snapshots give exactly its expected events, in order."""
    events = diff_snapshots(parse_snapshot(case["previous"]), parse_snapshot(case["current"]))
    found = [
        {"kind": event.kind.value, "event_type": str(event.event_type), "data": event.data}
        for event in events
    ]
    assert found == case["expected"]
