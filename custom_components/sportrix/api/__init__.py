"""Client for the Sportrix Data live scores service: REST catalog and WebSocket stream.

This package has no Home Assistant imports so that it can be used and tested on its own.
"""

from ._coerce import is_loopback
from .catalog import CLOSE_OF_PLAY, FINISHED, NOT_STARTED, STARTED, League, Match, Sport, Team
from .client import SportrixClient
from .const import DEFAULT_API_URL, DEFAULT_STREAM_URL
from .exceptions import (
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
)
from .models import (
    Ball,
    Batsman,
    Bowler,
    CricketEvent,
    CricketScore,
    CricketSnapshot,
    InningsScore,
    MatchResult,
    Phase,
    Snapshot,
    SoccerClock,
    SoccerEvent,
    SoccerScore,
    SoccerSnapshot,
    StatPair,
    UnknownSnapshot,
    parse_result,
    parse_snapshot,
)
from .redirects import RedirectRefusedError, no_redirects
from .stream import SportrixStream, async_validate_stream_key
from .subscriptions import (
    RefusalReason,
    Subscription,
    SubscriptionRefusal,
    SubscriptionState,
)

__all__ = [
    "CLOSE_OF_PLAY",
    "DEFAULT_API_URL",
    "DEFAULT_STREAM_URL",
    "FINISHED",
    "NOT_STARTED",
    "STARTED",
    "Ball",
    "Batsman",
    "Bowler",
    "CricketEvent",
    "CricketScore",
    "CricketSnapshot",
    "InningsScore",
    "League",
    "Match",
    "MatchResult",
    "Phase",
    "RedirectRefusedError",
    "RefusalReason",
    "Snapshot",
    "SoccerClock",
    "SoccerEvent",
    "SoccerScore",
    "SoccerSnapshot",
    "Sport",
    "SportrixAuthError",
    "SportrixClient",
    "SportrixConnectionError",
    "SportrixError",
    "SportrixForbiddenError",
    "SportrixNotFoundError",
    "SportrixProtocolError",
    "SportrixStream",
    "StatPair",
    "Subscription",
    "SubscriptionRefusal",
    "SubscriptionState",
    "Team",
    "UnknownSnapshot",
    "async_validate_stream_key",
    "is_loopback",
    "no_redirects",
    "parse_result",
    "parse_snapshot",
]
