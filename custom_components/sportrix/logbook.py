"""Logbook lines for the integration's bus events: goals, wickets and changes of match status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_ICON,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN, EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_MATCH_STATUS, EVENT_WICKET
from .engine import StatusChange
from .signals import dismissal

NAME: Final = "Sportrix"
DELAYED: Final = " (recovered after an outage)"
# Typeset scores and asides: an en dash between goals, an em dash before a dismissal.
EN_DASH: Final = "\u2013"
EM_DASH: Final = "\u2014"
# Each bus event is shown by one of the match's event entities (its unique id's suffix).
EVENT_ENTITIES: Final[Mapping[str, str]] = {
    EVENT_GOAL: "goal",
    EVENT_GOAL_CANCELLED: "goal",
    EVENT_WICKET: "wicket",
    EVENT_MATCH_STATUS: "match_status",
}
# Each line's icon: the event entity it names starts disabled, so the line brings its own.
ICONS: Final[Mapping[str, str]] = {
    EVENT_GOAL: "mdi:soccer",
    EVENT_GOAL_CANCELLED: "mdi:cancel",
    EVENT_WICKET: "mdi:cricket",
    EVENT_MATCH_STATUS: "mdi:scoreboard-outline",
}
# Each status event type's line; one the engine adds later is written from its name.
STATUS_LABELS: Final[Mapping[str, str]] = {
    StatusChange.KICK_OFF: "Kick-off",
    StatusChange.HALF_TIME: "Half time",
    StatusChange.SECOND_HALF: "Second half",
    StatusChange.FULL_TIME: "Full time",
    StatusChange.INNINGS_BREAK: "Innings break",
    StatusChange.INNINGS_CHANGE: "Innings change",
    StatusChange.STATUS_CHANGE: "Status change",
}
# The feed's statuses a generic status change goes between, as the status sensor names them.
STATUS_NAMES: Final[Mapping[str, str]] = {
    "not_started": "not started",
    "live": "live",
    "ht": "half time",
    "ft": "full time",
    "innings_break": "innings break",
}

type Describe = Callable[[Event], dict[str, str]]


@callback
def async_describe_events(
    hass: HomeAssistant, async_describe_event: Callable[[str, str, Describe], None]
) -> None:
    """Describe each Sportrix bus event for the logbook."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        """Return the logbook line of one event, on the match's event entity if it has one."""
        line = {
            LOGBOOK_ENTRY_NAME: NAME,
            LOGBOOK_ENTRY_MESSAGE: describe_event(event),
            LOGBOOK_ENTRY_ICON: ICONS[str(event.event_type)],
        }
        suffix = EVENT_ENTITIES.get(str(event.event_type))
        match_id = event.data.get("match_id")
        if suffix is not None and match_id is not None:
            unique_id = f"{match_id}_{suffix}"
            entity_id = er.async_get(hass).async_get_entity_id(Platform.EVENT, DOMAIN, unique_id)
            if entity_id is not None:
                line[LOGBOOK_ENTRY_ENTITY_ID] = entity_id
        return line

    for event_type in EVENT_ENTITIES:
        async_describe_event(DOMAIN, event_type, describe)


def describe_event(event: Event) -> str:
    """Return what happened and for whom, in one line: "Arsenal scored: 2-1 (67')"."""
    data: Mapping[str, Any] = event.data
    if event.event_type == EVENT_GOAL:
        message = _goal(data)
    elif event.event_type == EVENT_GOAL_CANCELLED:
        message = _goal_cancelled(data)
    elif event.event_type == EVENT_WICKET:
        message = _wicket(data)
    else:
        message = _status(data)
    return message + (DELAYED if data.get("delayed") else "")


def _goal(data: Mapping[str, Any]) -> str:
    """Return "Arsenal scored: 2-1 (67')", with the scorer when the feed names one."""
    if not (team := data.get("team_name")) or not (goals := _goals(data)):
        return f"Goal: {_score_line(data)}{_minute(data)}"
    scorer = f" {EM_DASH} {data['scorer']}" if data.get("scorer") else ""
    return f"{team} scored: {goals}{_minute(data)}{scorer}"


def _goal_cancelled(data: Mapping[str, Any]) -> str:
    """Return "Goal cancelled for Arsenal: 1-1"."""
    if not (team := data.get("team_name")) or not (goals := _goals(data)):
        return f"Goal cancelled: {_score_line(data)}"
    return f"Goal cancelled for {team}: {goals}"


def _wicket(data: Mapping[str, Any]) -> str:
    """Return "India lost a wicket: 145/4 (18.5) - Kohli c Smith b Starc" (em dash)."""
    batting = data.get("batting")
    runs, wickets, overs = data.get("runs"), data.get("wickets"), data.get("overs")
    if not batting or runs is None or wickets is None:
        return f"Wicket: {_innings(data)}{_dismissal(data)}"
    over = f" ({overs})" if overs is not None else ""
    return f"{batting} lost a wicket: {runs}/{wickets}{over}{_dismissal(data)}"


def _status(data: Mapping[str, Any]) -> str:
    """Describe a change of status, with the score when the event carries it."""
    event_type = str(data.get("event_type") or StatusChange.STATUS_CHANGE)
    label = STATUS_LABELS.get(event_type, event_type.replace("_", " ").capitalize())
    if event_type == StatusChange.FULL_TIME and data.get("result"):
        # A finished cricket match: who won, then both innings.
        innings = ", ".join(str(line) for line in data.get("scorecard") or ())
        return f"{label}: {data['result']}" + (f" ({innings})" if innings else "")
    message = f"{label}: {_score_line(data)}"
    if event_type == StatusChange.INNINGS_CHANGE and data.get("batting"):
        message += f" {EM_DASH} {data['batting']} batting"
    elif event_type == StatusChange.STATUS_CHANGE and data.get("from") and data.get("to"):
        before, after = (STATUS_NAMES.get(str(data[k]), str(data[k])) for k in ("from", "to"))
        message += f" ({before} to {after})"
    return message


def _goals(data: Mapping[str, Any]) -> str:
    """Return the score as "2-1" (en dash), home first, or nothing without one."""
    score = data.get("score")
    if (
        isinstance(score, Mapping)
        and score.get("home") is not None
        and score.get("away") is not None
    ):
        return f"{score['home']}{EN_DASH}{score['away']}"
    return ""


def _score_line(data: Mapping[str, Any]) -> str:
    """Return "Arsenal 2-1 Chelsea" (en dash), or "Arsenal vs Chelsea" without a score."""
    home, away = data.get("home"), data.get("away")
    goals = _goals(data)
    if not home or not away:
        # A match whose names the feed has not told yet is known by its id.
        return f"match {data.get('match_id', '?')}" + (f" {goals}" if goals else "")
    return f"{home} {goals} {away}" if goals else f"{home} vs {away}"


def _minute(data: Mapping[str, Any]) -> str:
    """Return " (67')" for the minute of a goal, or nothing when the feed gave none."""
    minute = str(data.get("minute") or "").strip()
    if not minute:
        return ""
    return f" ({minute})" if minute.endswith("'") else f" ({minute}')"


def _innings(data: Mapping[str, Any]) -> str:
    """Return the batting side's score at the fall of a wicket: "India 145/4 (18.5)"."""
    batting = data.get("batting") or _score_line(data)
    runs, wickets, overs = data.get("runs"), data.get("wickets"), data.get("overs")
    score = f" {runs}/{wickets}" if runs is not None and wickets is not None else ""
    return f"{batting}{score}" + (f" ({overs})" if overs is not None else "")


def _dismissal(data: Mapping[str, Any]) -> str:
    """Return " - Kohli c Smith b Starc" (em dash) from the feed's label, or nothing."""
    label = data.get("dismissal") or dismissal(str(data.get("label") or ""))
    return f" {EM_DASH} {label}" if label else ""
