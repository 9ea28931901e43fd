"""A finished cricket match says both innings and who won, in words."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.api.models import CricketSnapshot, parse_snapshot
from custom_components.sportrix.const import EVENT_MATCH_STATUS
from custom_components.sportrix.engine import MatchState
from custom_components.sportrix.followed import FollowedMatch
from custom_components.sportrix.interests import Interest
from custom_components.sportrix.signals import cricket_result, innings_lines
from custom_components.sportrix.team import team_view
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH
from .helpers import record_bus
from .test_logbook_churn import _play_through


def _innings(batting: str, runs: int | None, wickets: int | None, overs: float) -> dict[str, Any]:
    return {"batting": batting, "runs": runs, "wickets": wickets, "overs": overs}


def _finished(
    *innings: dict[str, Any], target: int | None = None, last: dict[str, Any] | None = None
) -> CricketSnapshot:
    """Return a finished India v Australia snapshot with this scorecard."""
    snapshot = parse_snapshot(
        {
            "match_id": CRICKET_MATCH,
            "sport": "cricket",
            "home": "India",
            "away": "Australia",
            "status": "ft",
            "target": target,
            "last_event": last,
            "scorecard": [{"innings": n, **i} for n, i in enumerate(innings, 1)],
        }
    )
    assert isinstance(snapshot, CricketSnapshot)
    return snapshot


@pytest.mark.parametrize(
    ("snapshot", "result"),
    [
        (
            _finished(_innings("India", 180, 7, 20), _innings("Australia", 157, 10, 19.2)),
            "India won by 23 runs",
        ),
        (
            _finished(_innings("India", 180, 7, 20), _innings("Australia", 179, 9, 20)),
            "India won by 1 run",
        ),
        (
            _finished(_innings("India", 150, 9, 20), _innings("Australia", 151, 5, 17.4)),
            "Australia won by 5 wickets",
        ),
        (
            _finished(_innings("India", 150, 9, 20), _innings("Australia", 152, 9, 19.5)),
            "Australia won by 1 wicket",
        ),
        (
            _finished(_innings("India", 150, 9, 20), _innings("Australia", 150, 8, 20)),
            "Match tied",
        ),
        # A revised target (rain) decides, not the first innings' total.
        (
            _finished(_innings("India", 150, 9, 20), _innings("Australia", 110, 4, 15), target=121),
            "India won by 10 runs",
        ),
        (
            _finished(_innings("India", 150, 9, 20), _innings("Australia", 122, 4, 15), target=121),
            "Australia won by 6 wickets",
        ),
        # Where the card cannot tell, the feed's own words after the last ball.
        (
            _finished(
                _innings("India", 150, 9, 20),
                _innings("Australia", 160, None, 19),
                last={"type": "end", "label": "Australia won (DLS)"},
            ),
            "Australia won (DLS)",
        ),
        (
            _finished(_innings("India", 150, 9, 20), last={"type": "end", "label": "No result"}),
            "No result",
        ),
        (_finished(_innings("India", 150, 9, 20)), None),
        (
            _finished(_innings("India", 150, 9, 20), last={"type": "four", "label": "FOUR"}),
            None,
        ),
    ],
)
def test_result_in_words(snapshot: CricketSnapshot, result: str | None) -> None:
    """The margin is runs when the total was defended, wickets left when it was chased."""
    assert cricket_result(snapshot) == result


def test_innings_as_a_fan_writes_them() -> None:
    """Each innings with runs, wickets and overs; one the card leaves blank is left out."""
    snapshot = _finished(
        _innings("India", 157, 4, 20.0),
        _innings("Australia", 154, None, 20.0),
        {"batting": None, "runs": 3},
    )
    assert innings_lines(snapshot) == ["India 157/4 (20.0)", "Australia 154 (20.0)"]


def test_a_followed_teams_finished_match_says_who_won() -> None:
    """The team's match sensor shows both innings and the result once the match is over."""
    snapshot = _finished(_innings("India", 157, 4, 20), _innings("Australia", 154, 4, 20))
    match = FollowedMatch(
        CRICKET_MATCH,
        MatchState(CRICKET_MATCH, snapshot=snapshot),
        interests=frozenset({"india"}),
        finished_at=datetime(2026, 6, 18, tzinfo=UTC),
    )
    interest = Interest("india", "cricket", 201, "T20", team="India")

    coordinator = SimpleNamespace(matches={CRICKET_MATCH: match})
    view = team_view(coordinator, interest)  # type: ignore[arg-type]
    assert view.state == "post"
    assert view.attributes["result"] == "India won by 3 runs"
    assert view.attributes["scorecard"] == ["India 157/4 (20.0)", "Australia 154/4 (20.0)"]


@pytest.mark.parametrize("match_ids", [[CRICKET_MATCH]])
@pytest.mark.usefixtures("match_events_enabled")
async def test_full_time_of_a_whole_match_says_who_won(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The full-time event of the scripted match carries both innings and the margin."""
    statuses = record_bus(hass, EVENT_MATCH_STATUS)
    await _play_through(hass, init_integration, simulator, CRICKET_MATCH)
    await hass.async_block_till_done()
    (full_time,) = [e for e in statuses if e["event_type"] == "full_time"]
    assert full_time["result"] == "India won by 3 runs"
    assert full_time["scorecard"] == ["India 157/4 (20.0)", "Australia 154/4 (20.0)"]
    entity = hass.states.get("event.india_vs_australia_match_status")
    assert entity is not None
    assert entity.attributes["result"] == "India won by 3 runs"
