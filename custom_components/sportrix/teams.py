"""What a match means to a followed team: its side, and each event seen from its side."""

from __future__ import annotations

from .engine import EventKind, MatchEvent
from .interests import Interest

SOCCER_TEAM_EVENTS = ("scored", "conceded", "goal_cancelled")
CRICKET_TEAM_EVENTS = ("wicket_taken", "wicket_lost")
STATUS_TEAM_EVENTS = (
    "kick_off",
    "half_time",
    "second_half",
    "full_time",
    "innings_break",
    "innings_change",
    "status_change",
)


def team_event_types(sport: str) -> list[str]:
    """Return the event types a followed team's event entity can show in a sport."""
    own = {"soccer": SOCCER_TEAM_EVENTS, "cricket": CRICKET_TEAM_EVENTS}.get(sport, ())
    return [*own, *STATUS_TEAM_EVENTS]


def same_team(name: object, team: str) -> bool:
    """Tell whether a name from a feed is the followed team, ignoring case and spacing."""
    return isinstance(name, str) and name.strip().casefold() == team.strip().casefold()


def for_team(interest: Interest, event: MatchEvent) -> bool | None:
    """Tell whether a goal or wicket went the team's way; None for other events."""
    if interest.team is None:
        return None
    if event.kind in (EventKind.GOAL, EventKind.GOAL_CANCELLED):
        return same_team(event.data.get("team_name"), interest.team)
    if event.kind is EventKind.WICKET:
        # A wicket falls against the batting side: it is the team's if the team is fielding.
        return not same_team(event.data.get("batting"), interest.team)
    return None


def team_event_type(interest: Interest, event: MatchEvent) -> str:
    """Return the type a team's event entity shows for one event of its match."""
    mine = for_team(interest, event)
    if event.kind is EventKind.GOAL:
        return "scored" if mine else "conceded"
    if event.kind is EventKind.WICKET:
        return "wicket_taken" if mine else "wicket_lost"
    return event.event_type


def team_event_data(interests: list[Interest], event: MatchEvent) -> dict[str, object]:
    """Return what a bus event adds when its match is followed through teams.

    In a match between two followed teams, the event names the one it went for.
    """
    teams = [i for i in interests if i.team is not None]
    if not teams:
        return {}
    chosen = next((i for i in teams if for_team(i, event)), teams[0])
    return {"followed_team": chosen.team, "for_followed_team": for_team(chosen, event)}
