"""What a match engine reports: the kinds of events, their types and one event."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    """What happened; each kind is one bus event and one family of event entity types."""

    GOAL = "goal"
    GOAL_CANCELLED = "goal_cancelled"
    WICKET = "wicket"
    MATCH_STATUS = "match_status"


class StatusChange(StrEnum):
    """The event types of the match status entity."""

    KICK_OFF = "kick_off"
    HALF_TIME = "half_time"
    SECOND_HALF = "second_half"
    FULL_TIME = "full_time"
    INNINGS_BREAK = "innings_break"
    INNINGS_CHANGE = "innings_change"
    STATUS_CHANGE = "status_change"


# The event types each kind fires, declared once for the event entities and the bus.
EVENT_TYPES: Mapping[EventKind, tuple[str, ...]] = {
    EventKind.GOAL: (EventKind.GOAL.value,),
    EventKind.GOAL_CANCELLED: (EventKind.GOAL_CANCELLED.value,),
    EventKind.WICKET: (EventKind.WICKET.value,),
    EventKind.MATCH_STATUS: tuple(change.value for change in StatusChange),
}


def event_types(*kinds: EventKind) -> tuple[str, ...]:
    """Return the event types of several kinds, in the order given, for one entity."""
    return tuple(event_type for kind in kinds for event_type in EVENT_TYPES[kind])


@dataclass(frozen=True, slots=True)
class MatchEvent:
    """One thing that happened in a match, with the details automations receive."""

    kind: EventKind
    event_type: str
    data: Mapping[str, object]
    # Recovered after the fact: the stream was away, or the match was first seen after kick-off.
    delayed: bool = False
