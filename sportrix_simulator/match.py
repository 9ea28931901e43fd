"""The live state of one match: catalog status, snapshot, script position and result."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Self

from .catalog import CatalogStatus, League
from .merge import JsonObject, clone
from .scripts import MatchDefinition, ScriptEntry
from .timefmt import iso_z, utc_now

# Snapshot statuses in which the match is being played (catalog STARTED).
PLAYING_STATUSES = frozenset({"live", "ht", "innings_break"})


class ScriptFinishedError(LookupError):
    """Raise when a match has no scripted state left."""


@dataclass(slots=True)
class MatchState:
    """Hold what the simulator serves for one match, and change it consistently."""

    definition: MatchDefinition
    league: League
    start_time: datetime
    catalog_status: CatalogStatus
    snapshot: JsonObject
    # Index of the next timeline entry, and the script time reached so far.
    position: int = 0
    script_time: float = 0.0
    # Whether a snapshot was ever recorded live: /live answers 404 until then.
    went_live: bool = False
    half_time: JsonObject | None = None
    full_time: JsonObject | None = None

    @classmethod
    def create(cls, definition: MatchDefinition, league: League, started: datetime) -> Self:
        """Build the state of a match as the simulator starts."""
        snapshot: JsonObject = {"v": 1, "match_id": definition.id}
        if "provider" in definition.initial:
            snapshot["provider"] = clone(definition.initial["provider"])
        snapshot |= {
            "sport": definition.sport,
            "competition": league.name,
            "home": definition.home,
            "away": definition.away,
        }
        snapshot |= {k: clone(v) for k, v in definition.initial.items() if k != "provider"}
        snapshot["updated_at"] = iso_z(started)
        result = definition.result or {}
        return cls(
            definition=definition,
            league=league,
            start_time=started + timedelta(seconds=definition.start_offset),
            catalog_status=definition.catalog_status,
            snapshot=snapshot,
            went_live=snapshot.get("status") != "not_started",
            half_time=clone(result.get("half_time")),
            full_time=clone(result.get("full_time")),
        )

    @property
    def id(self) -> int:
        """Return the match id."""
        return self.definition.id

    @property
    def sport(self) -> str:
        """Return the sport slug."""
        return self.definition.sport

    def catalog_json(self) -> JsonObject:
        """Return the REST match object."""
        return {
            "id": self.id,
            "home_team": self.definition.home,
            "away_team": self.definition.away,
            "start_time": iso_z(self.start_time),
            "status": str(self.catalog_status),
        }

    def next_entry(self) -> ScriptEntry | None:
        """Return the next scripted entry, if any is left."""
        timeline = self.definition.timeline
        return timeline[self.position] if self.position < len(timeline) else None

    def take_next_entry(self) -> ScriptEntry:
        """Consume the next scripted entry; raise ScriptFinishedError when none is left."""
        entry = self.next_entry()
        if entry is None:
            raise ScriptFinishedError(f"match {self.id} has no scripted state left")
        self.position += 1
        self.script_time = max(self.script_time, entry.at)
        return entry

    def end_script(self) -> None:
        """Skip whatever is left of the script."""
        self.position = len(self.definition.timeline)

    def result_json(self) -> JsonObject:
        """Return the REST result object."""
        return {"half_time": self.half_time, "full_time": self.full_time}

    def apply(self, snapshot: dict[str, Any]) -> None:
        """Make snapshot current: stamp it, record results and move the catalog status.

        The snapshot is kept as given, so callers hand over a fresh object (nothing mutates
        a current snapshot in place, which lets successive snapshots share unchanged parts).
        """
        snapshot["match_id"] = self.id
        snapshot["updated_at"] = iso_z(utc_now())
        before = self.snapshot.get("status")
        status = snapshot.get("status")
        if status in PLAYING_STATUSES:
            self.went_live = True
            self.catalog_status = CatalogStatus.STARTED
        if status == "ht" and before != "ht" and self.half_time is None:
            # Frozen at the whistle and, as documented, without the events timeline.
            self.half_time = {k: v for k, v in clone(snapshot).items() if k != "events"}
        if status == "ft":
            self.went_live = True
            self.catalog_status = CatalogStatus.FINISHED
            if self.full_time is None:
                self.full_time = clone(snapshot)
        self.snapshot = snapshot
