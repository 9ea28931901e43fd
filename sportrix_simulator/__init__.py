"""A local stand-in for the Sportrix Data cloud service, for tests and demos."""

from .catalog import CatalogStatus
from .keys import (
    DEMO_KEYS,
    KEY_EXPIRED,
    KEY_FULL,
    KEY_LIVE_ONLY,
    KEY_SOCCER,
    KEY_STREAM_ONLY,
    ApiKey,
    Scope,
)
from .match import ScriptFinishedError
from .protocol import NOT_LIVE, SPORT_NOT_ENABLED
from .scripts import MatchDefinition, ScriptEntry
from .server import Simulator
from .stream import Handshake
from .synthetic import FIRST_SYNTHETIC_ID

__all__ = [
    "DEMO_KEYS",
    "FIRST_SYNTHETIC_ID",
    "KEY_EXPIRED",
    "KEY_FULL",
    "KEY_LIVE_ONLY",
    "KEY_SOCCER",
    "KEY_STREAM_ONLY",
    "NOT_LIVE",
    "SPORT_NOT_ENABLED",
    "ApiKey",
    "CatalogStatus",
    "Handshake",
    "MatchDefinition",
    "Scope",
    "ScriptEntry",
    "ScriptFinishedError",
    "Simulator",
]
