"""Property tests: no payload makes a parser raise anything but SportrixProtocolError."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, strategies as st
import pytest

from custom_components.sportrix.api import (
    CricketScore,
    CricketSnapshot,
    League,
    Match,
    Snapshot,
    Sport,
    SportrixProtocolError,
    parse_snapshot,
)
from custom_components.sportrix.api._coerce import (
    as_bool,
    as_datetime,
    as_float,
    as_int,
    as_list,
    as_number,
    as_object,
    as_seconds,
    as_str,
    brief,
    retry_after,
)
from custom_components.sportrix.api.models import overs_text

from .strategies import JSON_VALUES, NASTY_VALUES, dumps, mutated_snapshots

pytestmark = pytest.mark.fuzz

ANYTHING = st.one_of(NASTY_VALUES, JSON_VALUES)


def _use(snapshot: Snapshot) -> None:
    """Touch every derived value and the text forms that logs and diagnostics produce."""
    repr(snapshot)
    if isinstance(snapshot, CricketSnapshot):
        if snapshot.score is not None:
            assert snapshot.score.balls >= 0
            rate = snapshot.score.run_rate
            assert rate is None or isinstance(rate, float)
        for innings in snapshot.scorecard:
            repr(innings)


def _parse(data: object, match_id: int | None = None) -> Snapshot | None:
    try:
        snapshot = parse_snapshot(data, match_id=match_id)
    except SportrixProtocolError:
        return None
    _use(snapshot)
    return snapshot


@given(JSON_VALUES)
def test_parse_snapshot_any_json(data: object) -> None:
    _parse(data)
    _parse(data, match_id=7)


@given(mutated_snapshots())
def test_parse_snapshot_mutated(data: object) -> None:
    snapshot = _parse(data)
    # What reached the stream went through JSON text first: the same must hold then.
    again = _parse(json.loads(dumps(data)))
    assert (snapshot is None) == (again is None)


@given(st.dictionaries(st.sampled_from(["id", "name", "start_time", "home_team"]), ANYTHING))
def test_catalog_parsers(data: dict[str, object]) -> None:
    for parse in (Sport.from_json, League.from_json, Match.from_json):
        with contextlib.suppress(SportrixProtocolError):
            repr(parse(data))


@given(ANYTHING)
def test_catalog_parsers_any_json(data: object) -> None:
    for parse in (Sport.from_json, League.from_json, Match.from_json):
        with contextlib.suppress(SportrixProtocolError):
            parse(data)


RUNS = st.one_of(ANYTHING, st.integers(min_value=0), st.integers(min_value=10**309))
OVERS = st.one_of(
    ANYTHING,
    st.floats(min_value=0, max_value=20_000),
    st.integers(min_value=0, max_value=20_000),
    st.from_regex(r"\A\s*\d{1,6}(\.\d{1,2})?\s*\Z"),
)


@given(RUNS, ANYTHING, OVERS)
def test_cricket_score_derived_values(runs: object, wickets: object, overs: object) -> None:
    score = CricketScore(runs, wickets, overs)  # type: ignore[arg-type]

    assert score.balls >= 0
    rate = score.run_rate
    assert rate is None or isinstance(rate, float)


@given(st.one_of(ANYTHING, st.text()))
def test_converters_never_raise(value: object) -> None:
    as_object(value)
    as_list(value)
    as_int(value)
    as_number(value)
    as_float(value)
    as_str(value)
    as_bool(value)
    as_datetime(value)
    as_seconds(value)
    brief(value)
    if (text := overs_text(value)) is not None:
        assert len(text) <= 6
    if isinstance(value, str):
        retry_after(value)
