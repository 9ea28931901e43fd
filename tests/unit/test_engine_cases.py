"""The match engine's rules, one JSON case each, under tests/fixtures/events/.

A case names what the match saw before: `awaiting_kick_off` (the catalog said not started),
then `previous`, one stream snapshot or a list of steps (a snapshot, `{"rest": snapshot}` or
`{"connection_lost": true}`), then `gap` (the connection dropped). Then the frame under test,
`current`, from `source` at local time `now`, and what it must give: `expected` events
(`delayed` is false unless given), and when present `changed`, `identity_changed`, `ignored`
and `implausible` (the reason), `held` (fields of the snapshot kept) and `state`
(the match's flags after it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.sportrix.api import Snapshot, parse_snapshot
from custom_components.sportrix.api.models import SnapshotParser
from custom_components.sportrix.engine import (
    MatchEvent,
    MatchState,
    Outcome,
    Source,
    apply,
    connection_lost,
    expect_kick_off,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"
NOW = "2026-06-18T02:10:00+00:00"


def _cases() -> list[Any]:
    """Load every case of every fixture file."""
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(FIXTURES.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))
    ]


def run_case(case: dict[str, Any], *, stream_parser: bool = False) -> tuple[MatchState, Outcome]:
    """Feed a case's frames to a new match and return the state before its last and the outcome.

    With stream_parser, stream frames go through one SnapshotParser, each decoded from its own
    text, as on the stream: a snapshot then shares the parts that did not change with the last.
    """
    parse_stream: Callable[[object], Snapshot] = parse_snapshot
    if stream_parser:
        parser = SnapshotParser()

        def parse_stream(data: object) -> Snapshot:
            return parser.parse(json.loads(json.dumps(data)))

    now = datetime.fromisoformat(case.get("now", NOW))
    state = MatchState(case.get("match_id", parse_snapshot(case["current"]).match_id))
    if case.get("awaiting_kick_off"):
        state = expect_kick_off(state)
    previous = case.get("previous")
    for step in previous if isinstance(previous, list) else [previous] if previous else []:
        if step.get("connection_lost"):
            state = connection_lost(state)
        elif "rest" in step:
            state = apply(state, parse_snapshot(step["rest"]), Source.REST, now=now).state
        else:
            state = apply(state, parse_stream(step), Source.STREAM, now=now).state
    if case.get("gap"):
        state = connection_lost(state)
    source = Source(case.get("source", "stream"))
    current = (parse_stream if source is Source.STREAM else parse_snapshot)(case["current"])
    return state, apply(state, current, source, now=now)


def as_json(event: MatchEvent) -> dict[str, object]:
    """Write an event the way the fixtures do."""
    return {
        "kind": event.kind.value,
        "event_type": str(event.event_type),
        "data": dict(event.data),
        "delayed": event.delayed,
    }


def _plain(value: object) -> object:
    """Turn a snapshot field into what JSON would hold."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@pytest.mark.parametrize("stream_parser", [False, True], ids=["parse_snapshot", "SnapshotParser"])
@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any], stream_parser: bool) -> None:
    """Each case's frame gives exactly its expected events, in order, and nothing else."""
    before, outcome = run_case(case, stream_parser=stream_parser)
    expected = [{"delayed": False, **event} for event in case["expected"]]
    assert [as_json(event) for event in outcome.events] == expected
    if "changed" in case:
        assert outcome.changed == frozenset(case["changed"])
    if "identity_changed" in case:
        assert outcome.identity_changed is case["identity_changed"]
    if "ignored" in case:
        assert outcome.ignored == case["ignored"]
        assert outcome.state is before
        assert outcome.changed == frozenset()
    else:
        assert outcome.ignored is None
    if "implausible" in case:
        assert outcome.implausible == case["implausible"]
        assert outcome.events == ()
    else:
        assert outcome.implausible is None
    held = outcome.state.snapshot
    for name, value in case.get("held", {}).items():
        assert held is not None
        assert _plain(getattr(held, name)) == value, name
    for name, value in case.get("state", {}).items():
        assert getattr(outcome.state, name) == value, name
