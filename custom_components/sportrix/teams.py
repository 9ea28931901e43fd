"""The one vocabulary of teams: who a name is, which side is ours, and what an event means to us.

Sensors, the scoreboard, device triggers, the logbook and following all ask these functions, so
that a name from the catalog and the same name from the stream are always the same team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal
import unicodedata

from .engine import EventKind, MatchEvent, StatusChange

if TYPE_CHECKING:
    from .interests import Interest

type Side = Literal["home", "away"]

SOCCER_TEAM_EVENTS = ("scored", "conceded", "goal_cancelled")
CRICKET_TEAM_EVENTS = ("wicket_taken", "wicket_lost")
# The status event types, in the engine's order: one list for entities, triggers and the logbook.
STATUS_EVENTS: tuple[str, ...] = tuple(change.value for change in StatusChange)


def team_key(name: object) -> str:
    """Return the form two names of one team share: Unicode NFC, no outer spaces, any case."""
    if not isinstance(name, str):
        return ""
    return unicodedata.normalize("NFC", name).strip().casefold()


def same_team(name: object, team: object) -> bool:
    """Tell whether a name from a feed is the followed team; an empty name is nobody."""
    key = team_key(name)
    return bool(key) and key == team_key(team)


def side_of(team: object, home: object, away: object) -> Side | None:
    """Return the side a team plays on in a match, or None when it is neither."""
    if same_team(home, team):
        return "home"
    if same_team(away, team):
        return "away"
    return None


def team_event_types(sport: str) -> list[str]:
    """Return the event types a followed team's event entity can show in a sport."""
    own = {"soccer": SOCCER_TEAM_EVENTS, "cricket": CRICKET_TEAM_EVENTS}.get(sport, ())
    return [*own, *STATUS_EVENTS]


def for_team(team: str | None, event: MatchEvent) -> bool | None:
    """Tell whether a goal or wicket went the team's way; None for other events or no team."""
    if team is None:
        return None
    if event.kind in (EventKind.GOAL, EventKind.GOAL_CANCELLED):
        return same_team(event.data.get("team_name"), team)
    if event.kind is EventKind.WICKET:
        # A wicket falls against the batting side: it is the team's if the team is fielding.
        return not same_team(event.data.get("batting"), team)
    return None


def team_event_type(interest: Interest, event: MatchEvent) -> str:
    """Return the type a team's event entity shows for one event of its match."""
    mine = for_team(interest.team, event)
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
    chosen = next((i for i in teams if for_team(i.team, event)), teams[0])
    return {"followed_team": chosen.team, "for_followed_team": for_team(chosen.team, event)}
