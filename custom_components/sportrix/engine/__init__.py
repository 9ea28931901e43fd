"""The rules of a match: which frames count, and which goals, wickets and status changes happen.

This package has no Home Assistant imports: it turns snapshots into events and nothing else.
"""

from .apply import apply
from .changes import SECONDS
from .events import EVENT_TYPES, EventKind, MatchEvent, StatusChange, event_types
from .state import MatchState, Outcome, Source, connection_lost, expect_kick_off

__all__ = [
    "EVENT_TYPES",
    "SECONDS",
    "EventKind",
    "MatchEvent",
    "MatchState",
    "Outcome",
    "Source",
    "StatusChange",
    "apply",
    "connection_lost",
    "event_types",
    "expect_kick_off",
]
