"""The follow windows of teams' and competitions' matches, from JSON cases."""

from __future__ import annotations

from datetime import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.sportrix.api import Match
from custom_components.sportrix.interests import (
    Fixture,
    Interest,
    next_change,
    team_fixtures,
    wanted,
)

CASES = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "interests" / "windows.json").read_text()
)
INTERESTS = [Interest(**item) for item in CASES["interests"]]
SPORT = {i.league_id: i.sport for i in INTERESTS}
LEAGUE = {i.league_id: i.league for i in INTERESTS}
FIXTURES = [
    Fixture(
        Match.from_json(item["match"]),
        SPORT.get(item["league_id"], "soccer"),
        item["league_id"],
        LEAGUE.get(item["league_id"], ""),
    )
    for item in CASES["fixtures"]
]


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["name"])
def test_windows(case: dict[str, Any]) -> None:
    """Each case's matches, and only those, are followed, for the interests named."""
    now = _time(case["now"])
    finished = {int(k): _time(v) for k, v in case["finished"].items()}

    found = wanted(FIXTURES, INTERESTS, now, finished)

    assert {str(k): sorted(v) for k, v in found.items()} == case["wanted"]
    assert next_change(FIXTURES, now, finished) == _time(case["next_change"])


def test_a_match_of_two_followed_interests_is_followed_once_for_both() -> None:
    """A derby of two followed teams is one match serving both."""
    both = [
        Interest("a", "soccer", 101, "L", "Tacoma Defiance"),
        Interest("b", "soccer", 101, "L", "Ventura County FC"),
        Interest("c", "soccer", 101, "L"),
    ]
    found = wanted(FIXTURES[:1], both, _time("2026-06-18T12:00:00Z"), {})
    assert found == {1: frozenset({"a", "b", "c"})}


def test_team_fixtures_are_the_teams_own_in_kick_off_order() -> None:
    """A team's fixtures list its league's matches it plays, earliest first."""
    tacoma = INTERESTS[0]
    listed = team_fixtures(tacoma, FIXTURES, _time("2026-06-18T11:45:00Z"))
    assert [f.match.id for f in listed] == [4, 5, 2, 1]
    assert [tacoma.side(f.match) for f in listed] == ["home", "home", "away", "home"]


def test_nothing_is_followed_without_interests_and_no_change_is_due() -> None:
    """Without teams or competitions nothing is wanted, whatever the catalog lists."""
    now = _time("2026-06-18T11:45:00Z")
    assert wanted(FIXTURES, [], now, {}) == {}
    assert next_change([], now, {}) is None
