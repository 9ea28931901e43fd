"""What the coordinator sends: dispatcher signals, and bus events with their data."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .api import SoccerSnapshot
from .const import DOMAIN, EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_MATCH_STATUS, EVENT_WICKET
from .engine import EventKind, MatchEvent, Source
from .followed import FollowedMatch
from .interests import Interest
from .teams import team_event_data, team_event_type

BUS_EVENTS: dict[EventKind, str] = {
    EventKind.GOAL: EVENT_GOAL,
    EventKind.GOAL_CANCELLED: EVENT_GOAL_CANCELLED,
    EventKind.WICKET: EVENT_WICKET,
    EventKind.MATCH_STATUS: EVENT_MATCH_STATUS,
}


def event_signal(entry_id: str, match_id: int) -> str:
    """Return the signal that carries one match's events to its event entities."""
    return f"{DOMAIN}_{entry_id}_{match_id}_event"


def shape_signal(entry_id: str) -> str:
    """Return the signal for a match added, removed, or whose sport became known."""
    return f"{DOMAIN}_{entry_id}_shape"


def delay_signal(entry_id: str) -> str:
    """Return the signal for a new broadcast delay."""
    return f"{DOMAIN}_{entry_id}_delay"


def connection_signal(entry_id: str) -> str:
    """Return the signal for a change of how the entry's frames arrive."""
    return f"{DOMAIN}_{entry_id}_connection"


def fixtures_signal(entry_id: str) -> str:
    """Return the signal for a change of the followed matches or of the catalog's."""
    return f"{DOMAIN}_{entry_id}_fixtures"


def interest_signal(entry_id: str) -> str:
    """Return the signal for a team or competition newly followed, with its key."""
    return f"{DOMAIN}_{entry_id}_interest"


def team_signal(entry_id: str, key: str) -> str:
    """Return the signal that wakes a followed team's entities: its matches changed."""
    return f"{DOMAIN}_{entry_id}_team_{key}"


def team_event_signal(entry_id: str, key: str) -> str:
    """Return the signal that carries the events of a followed team's matches."""
    return f"{DOMAIN}_{entry_id}_team_{key}_event"


def event_data(match: FollowedMatch, event: MatchEvent) -> dict[str, object]:
    """Return what automations receive with an event of a match."""
    # A change of status says the soccer score it happened at: "Full time: 2-1" needs no sensor.
    snapshot = match.snapshot
    if (
        event.kind is EventKind.MATCH_STATUS
        and isinstance(snapshot, SoccerSnapshot)
        and snapshot.score is not None
        and "score" not in event.data
    ):
        score = {"home": snapshot.score.home, "away": snapshot.score.away}
        return _event_data(match, event) | {"score": score}
    return _event_data(match, event)


def _event_data(match: FollowedMatch, event: MatchEvent) -> dict[str, object]:
    """Return the fields every event of a match carries, and its own."""
    return {
        "device_id": match.device_id,
        "match_id": match.match_id,
        "sport": match.sport,
        "home": match.home,
        "away": match.away,
        "event_type": event.event_type,
        **event.data,
        "delayed": event.delayed,
    }


def fire_event(
    hass: HomeAssistant,
    entry_id: str,
    match: FollowedMatch,
    event: MatchEvent,
    *,
    teams: list[Interest],
    delay: float,
    source: Source,
) -> None:
    """Fire one event on the bus, on the match's event entities and on its teams' entities."""
    data = event_data(match, event) | team_event_data(teams, event)
    data["broadcast_delay"] = round(delay)
    # How it arrived: the stream, a poll, or a look-up after the stream refused the match.
    data["source"] = source.value
    hass.bus.async_fire(BUS_EVENTS[event.kind], data)
    async_dispatcher_send(hass, event_signal(entry_id, match.match_id), event, data)
    for interest in teams:
        if interest.team is not None:
            own = data | team_event_data([interest], event)
            kind = team_event_type(interest, event)
            async_dispatcher_send(hass, team_event_signal(entry_id, interest.key), kind, own)
