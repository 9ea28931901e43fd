"""The stream's parser: each match's snapshot from the parts of its last one that stayed.

Whatever it reuses, every snapshot must equal what parse_snapshot() makes of the same payload,
field by field and type by type.
"""

from __future__ import annotations

import copy
from dataclasses import fields
import json

from hypothesis import given, strategies as st
import pytest

from custom_components.sportrix.api import (
    CricketSnapshot,
    Snapshot,
    SoccerSnapshot,
    SportrixProtocolError,
    parse_snapshot,
)
from custom_components.sportrix.api.models import SnapshotParser

from .common import load_json
from .strategies import (
    JSON_VALUES,
    NASTY_VALUES,
    VALID_SNAPSHOTS,
    dumps,
    mutate,
    mutated_snapshots,
)

SOCCER = "soccer_live.json"
CRICKET = "cricket_live.json"


def _decoded(name: str) -> dict[str, object]:
    """Return a fixture payload as the stream decodes it: fresh objects from JSON text."""
    document = json.loads(json.dumps(load_json(name)))
    assert isinstance(document, dict)
    return document


def _exactly(snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """Return each field's name, type and repr: 1, 1.0 and True compare equal, not this."""
    return [
        (field.name, type(value).__name__, repr(value))
        for field in fields(snapshot)
        for value in [getattr(snapshot, field.name)]
    ]


def _assert_same(parsed: Snapshot, payload: object) -> None:
    """Assert a snapshot is exactly what parse_snapshot() gives for its payload."""
    fresh = parse_snapshot(payload)
    assert parsed == fresh
    assert _exactly(parsed) == _exactly(fresh)
    assert parsed.raw is payload


def test_unchanged_parts_are_the_last_snapshots() -> None:
    parser = SnapshotParser()
    first = parser.parse(_decoded(SOCCER))
    payload = _decoded(SOCCER)
    payload["clock"] = {"minute": 75, "second": 57, "period": "2H", "running": True, "added": 0}

    second = parser.parse(payload)

    assert isinstance(first, SoccerSnapshot)
    assert isinstance(second, SoccerSnapshot)
    assert second.stats is first.stats
    assert second.events is first.events
    assert second.phase is first.phase
    assert second.ball is first.ball
    assert second.clock is not first.clock
    assert second.clock is not None
    assert second.clock.second == 57
    _assert_same(second, payload)


@pytest.mark.parametrize(
    ("part", "before", "after"),
    [
        ("clock", {"minute": 75, "running": True}, {"minute": 75, "running": 1}),
        ("clock", {"minute": 75, "running": 1}, {"minute": 75, "running": True}),
        ("stats", {"corners": {"home": 5, "away": 3}}, {"corners": {"home": 5.0, "away": 3}}),
        ("stats", {"corners": {"home": 1, "away": 0}}, {"corners": {"home": True, "away": 0}}),
        ("ball", {"x": 0.0, "y": 0.5}, {"x": -0.0, "y": 0.5}),
        ("score", {"home": 1, "away": 0}, {"home": 1, "away": False}),
    ],
)
def test_a_part_equal_in_python_but_not_in_type_is_parsed_again(
    part: str, before: object, after: object
) -> None:
    parser = SnapshotParser()
    payload = _decoded(SOCCER)
    payload[part] = before
    parser.parse(payload)
    payload = copy.deepcopy(payload)
    payload[part] = after

    _assert_same(parser.parse(payload), payload)


def test_matches_are_remembered_apart() -> None:
    parser = SnapshotParser()
    soccer, cricket = _decoded(SOCCER), _decoded(CRICKET)
    parser.parse(soccer)
    parser.parse(cricket)
    other = copy.deepcopy(soccer)
    other["match_id"] = 7
    other["stats"] = {}

    assert parser.parse(other).match_id == 7
    again = copy.deepcopy(soccer)
    _assert_same(parser.parse(again), again)
    assert len(parser) == 3
    parser.forget(7)
    parser.forget(8)
    assert len(parser) == 2
    parser.clear()
    assert len(parser) == 0


def test_a_match_that_changes_sport_is_parsed_afresh() -> None:
    parser = SnapshotParser()
    soccer = _decoded(SOCCER)
    parser.parse(soccer)
    cricket = _decoded(CRICKET)
    cricket["match_id"] = soccer["match_id"]

    snapshot = parser.parse(cricket)

    assert isinstance(snapshot, CricketSnapshot)
    _assert_same(snapshot, cricket)


def test_a_bad_payload_raises_and_leaves_the_last_snapshot() -> None:
    parser = SnapshotParser()
    payload = _decoded(SOCCER)
    parser.parse(payload)

    with pytest.raises(SportrixProtocolError):
        parser.parse({"sport": "soccer"})
    with pytest.raises(SportrixProtocolError):
        parser.parse([payload])

    again = copy.deepcopy(payload)
    _assert_same(parser.parse(again), again)


def test_a_part_nested_too_deep_for_marshal_is_parsed_again() -> None:
    parser = SnapshotParser()
    payload = _decoded(SOCCER)
    deep: object = []
    for _ in range(3000):
        deep = [deep]
    payload["stats"] = {"corners": deep}
    parser.parse(payload)
    again = dict(payload)
    again["stats"] = {"corners": deep}

    _assert_same(parser.parse(again), again)


@st.composite
def _frame_sequences(draw: st.DrawFn) -> list[object]:
    """Return frames of one or two matches, each a few changes away from the one before."""
    first = draw(st.one_of(mutated_snapshots(), st.sampled_from(VALID_SNAPSHOTS)))
    frames = [copy.deepcopy(first)]
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        frame = copy.deepcopy(frames[-1])
        # Values that compare equal across types (1, 1.0, True) are the hard case.
        flips = st.sampled_from([0, 1, 0.0, 1.0, -0.0, True, False, "1", None])
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            frame = mutate(draw, frame, st.one_of(flips, NASTY_VALUES, JSON_VALUES))
        frames.append(frame)
    return frames


@given(_frame_sequences())
def test_the_parser_gives_what_parse_snapshot_gives(frames: list[object]) -> None:
    parser = SnapshotParser()
    for frame in frames:
        # What the stream parses comes out of JSON text: fresh objects every frame.
        payload = json.loads(dumps(frame))
        try:
            expected = parse_snapshot(payload)
        except SportrixProtocolError:
            with pytest.raises(SportrixProtocolError):
                parser.parse(payload)
            continue
        parsed = parser.parse(payload)
        assert parsed == expected
        assert _exactly(parsed) == _exactly(expected)
