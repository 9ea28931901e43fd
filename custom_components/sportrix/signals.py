"""What the coordinator sends: dispatcher signals, and bus events with their data."""

from __future__ import annotations

import re

from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .api import CricketSnapshot, SoccerSnapshot
from .const import DOMAIN, EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_MATCH_STATUS, EVENT_WICKET
from .engine import EventKind, MatchEvent, Source, StatusChange
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


# The feed's wicket labels shout what the event already says: "WICKET! Kohli c Smith b Starc".
_WICKET_PREFIX = re.compile(r"^\s*wicket\s*[!:.\-\u2013\u2014]*\s*", re.IGNORECASE)
# A side bats until ten of its eleven are out: a chase won is won by the wickets left.
WICKETS_PER_INNINGS = 10


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
    if event.kind is EventKind.WICKET:
        label = str(event.data.get("label") or "")
        return _event_data(match, event) | {"dismissal": dismissal(label)}
    # A finished cricket match says both innings and who won, not only the side that chased.
    if event.event_type == StatusChange.FULL_TIME and isinstance(snapshot, CricketSnapshot):
        finished = {"scorecard": innings_lines(snapshot), "result": cricket_result(snapshot)}
        return _event_data(match, event) | finished
    return _event_data(match, event)


def dismissal(label: str) -> str | None:
    """Return how the batter was out, from the last ball's label: "Kohli c Smith b Starc"."""
    return _WICKET_PREFIX.sub("", label).strip() or None


def innings_lines(snapshot: CricketSnapshot) -> list[str]:
    """Return each innings of the scorecard as a fan writes it: "India 157/4 (20.0)"."""
    lines = []
    for innings in snapshot.scorecard:
        if innings.batting is None or innings.runs is None:
            continue
        line = f"{innings.batting} {innings.runs}"
        line += f"/{innings.wickets}" if innings.wickets is not None else ""
        lines.append(line + (f" ({innings.overs})" if innings.overs is not None else ""))
    return lines


def cricket_result(snapshot: CricketSnapshot) -> str | None:
    """Return who won a finished one-innings-a-side match, in words, where the card shows it.

    "India won by 23 runs" when the side that batted first defended its total, "Australia won
    by 5 wickets" when the chase succeeded; the feed's own words after the last ball otherwise.
    """
    cards = [
        (i.batting, i.runs or 0, i.wickets)
        for i in snapshot.scorecard
        if i.batting and i.runs is not None
    ]
    if len(cards) == 2 and cards[0][0] != cards[1][0]:
        (first, first_runs, _), (second, runs, wickets) = cards
        target = snapshot.target or first_runs + 1
        if runs < target - 1:
            margin = target - 1 - runs
            return f"{first} won by {margin} run{'' if margin == 1 else 's'}"
        if runs == target - 1:
            return "Match tied"
        if wickets is not None:
            left = WICKETS_PER_INNINGS - wickets
            return f"{second} won by {left} wicket{'' if left == 1 else 's'}"
    last = snapshot.last_event
    if last is not None and last.type == "end" and last.label:
        return last.label
    return None


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
