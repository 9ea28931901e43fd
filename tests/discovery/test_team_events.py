"""Events of a followed team's match, seen from the team's side."""

from __future__ import annotations

import pytest

from custom_components.sportrix.engine import EventKind, MatchEvent
from custom_components.sportrix.interests import Interest
from custom_components.sportrix.teams import (
    for_team,
    team_event_data,
    team_event_type,
    team_event_types,
)

INDIA = Interest("india", "cricket", 201, "ICC Men's T20 Series", "India")
TOWN = Interest("town", "soccer", 101, "USA MLS Next Pro League", "The Town")
LEAGUE = Interest("league", "soccer", 101, "USA MLS Next Pro League")


def goal(team_name: str, kind: EventKind = EventKind.GOAL) -> MatchEvent:
    """Return a goal (or a cancelled one) of a side."""
    return MatchEvent(kind, kind.value, {"team": "away", "team_name": team_name})


def wicket(batting: str) -> MatchEvent:
    """Return a wicket fallen in an innings batted by a side."""
    return MatchEvent(EventKind.WICKET, "wicket", {"batting": batting, "wickets": 3})


@pytest.mark.parametrize(
    ("interest", "event", "expected_type", "expected_for"),
    [
        (TOWN, goal("The Town"), "scored", True),
        (TOWN, goal(" the town "), "scored", True),
        (TOWN, goal("Vancouver Whitecaps II"), "conceded", False),
        (TOWN, goal("The Town", EventKind.GOAL_CANCELLED), "goal_cancelled", True),
        (TOWN, goal("Other", EventKind.GOAL_CANCELLED), "goal_cancelled", False),
        (INDIA, wicket("Australia"), "wicket_taken", True),
        (INDIA, wicket("India"), "wicket_lost", False),
        (INDIA, MatchEvent(EventKind.MATCH_STATUS, "innings_break", {}), "innings_break", None),
    ],
)
def test_each_event_from_the_team_side(
    interest: Interest, event: MatchEvent, expected_type: str, expected_for: bool | None
) -> None:
    """Goals and wickets go for or against the team; status changes are the match's."""
    assert team_event_type(interest, event) == expected_type
    assert for_team(interest.team, event) is expected_for
    assert expected_type in team_event_types(interest.sport)


def test_a_derby_names_the_followed_team_the_goal_went_for() -> None:
    """With both sides followed, the bus event names the scoring one."""
    whitecaps = Interest("caps", "soccer", 101, "L", "Vancouver Whitecaps II")
    assert team_event_data([TOWN, whitecaps], goal("Vancouver Whitecaps II")) == {
        "followed_team": "Vancouver Whitecaps II",
        "for_followed_team": True,
    }
    assert team_event_data([TOWN], goal("Vancouver Whitecaps II")) == {
        "followed_team": "The Town",
        "for_followed_team": False,
    }


def test_a_competition_adds_nothing_to_bus_events() -> None:
    """A match followed through a competition only has no team to speak for."""
    assert team_event_data([LEAGUE], goal("The Town")) == {}
    assert for_team(LEAGUE.team, goal("The Town")) is None


def test_each_sport_offers_its_own_event_types() -> None:
    """Soccer teams score and concede, cricket teams take and lose wickets."""
    assert team_event_types("soccer")[:3] == ["scored", "conceded", "goal_cancelled"]
    assert team_event_types("cricket")[:2] == ["wicket_taken", "wicket_lost"]
    assert "scored" not in team_event_types("cricket")
    assert team_event_types("curling")[0] == "kick_off"
