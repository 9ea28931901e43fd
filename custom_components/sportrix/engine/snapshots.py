"""The snapshot types the engine reads: its one link to the protocol client."""

from ..api import (  # noqa: TID252 -- the engine is a sibling of the client package
    CricketScore,
    CricketSnapshot,
    InningsScore,
    Snapshot,
    SoccerScore,
    SoccerSnapshot,
    UnknownSnapshot,
)

__all__ = [
    "CricketScore",
    "CricketSnapshot",
    "InningsScore",
    "Snapshot",
    "SoccerScore",
    "SoccerSnapshot",
    "UnknownSnapshot",
]
