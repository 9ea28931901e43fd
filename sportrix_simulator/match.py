"""The live state of one match: catalog status, snapshot, script position and result."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

from . import cricket, soccer
from .catalog import CatalogStatus, League
from .merge import JsonObject, clone
from .scripts import MatchDefinition, ScriptEntry
from .timefmt import iso_z, utc_now

# Snapshot statuses in which the match is being played (catalog STARTED).
PLAYING_STATUSES = frozenset({"live", "ht", "innings_break"})
# Score fields that count, so that goals and wickets added by hand carry over the script's own.
COUNTED_SCORE_FIELDS = ("home", "away", "runs", "wickets")
MAX_WICKETS = 10


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
    # The counted score fields as the script alone has them, without changes made by hand.
    script_score: JsonObject = field(default_factory=dict)
    # Held before kick-off until a client watches (autoplay of a match live at start).
    awaiting_viewer: bool = False
    # Postponed (or suspended): gone from every catalog answer and not played until reinstated.
    postponed: bool = False

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
            script_score=_counted(snapshot.get("score")),
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

    def play(self, entry: ScriptEntry) -> JsonObject:
        """Return the snapshot after a scripted entry, its score changes added to manual ones.

        The script writes absolute scores. A goal scored by hand would be undone by the next
        scripted score, so each scripted score is moved by what hand-made changes added.
        """
        offsets = self._manual_offsets()
        snap = entry.apply(self.snapshot)
        if snap.get("innings") != self.snapshot.get("innings"):
            # A new innings starts from the script's score; the last one stays as it ended.
            self._keep_finished_innings(snap)
            offsets = {}
        scripted = _counted(entry.patch.get("score"))
        self.script_score |= scripted
        if not any(offsets.values()):
            return snap
        score = snap["score"]
        for key, value in scripted.items():
            score[key] = max(0, value + offsets.get(key, 0))
        if "wickets" in scripted:
            score["wickets"] = min(score["wickets"], MAX_WICKETS)
        if self.sport == "cricket":
            cricket.update_scorecard(snap)
        added = snap["events"][-len(entry.add_events) :] if entry.add_events else []
        for event in added:
            if "score" in event:
                event["score"] = _moved_score_text(event["score"], offsets)
        return snap

    def _keep_finished_innings(self, snap: JsonObject) -> None:
        """Keep the scorecard entries of innings already played as they ended here."""
        played = {e.get("innings"): e for e in self.snapshot.get("scorecard") or []}
        snap["scorecard"] = [
            clone(played.get(e.get("innings"), e)) if e.get("innings") != snap.get("innings") else e
            for e in snap.get("scorecard") or []
        ]

    def _manual_offsets(self) -> dict[str, int]:
        """Return how far each counted score field is from the script's, by changes made by hand."""
        current = _counted(self.snapshot.get("score"))
        return {
            key: current[key] - self.script_score[key]
            for key in current.keys() & self.script_score.keys()
        }

    def hold_before_kick_off(self) -> None:
        """Go back to before kick-off, to kick off when kick_off_entry is played."""
        before = (
            cricket.before_first_ball(self.snapshot)
            if self.sport == "cricket"
            else soccer.before_kick_off(self.snapshot)
        )
        self.snapshot = before | {"updated_at": self.snapshot.get("updated_at")}
        self.script_score = _counted(before.get("score"))
        self.awaiting_viewer = True
        self.went_live = False

    def kick_off_entry(self) -> ScriptEntry:
        """Return the entry that turns the held pre-match state into the script's first state."""
        initial = {
            k: clone(v)
            for k, v in self.definition.initial.items()
            if k != "provider" and v is not None
        }
        return ScriptEntry(at=0.0, patch=initial)

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


def _counted(score: object) -> dict[str, int]:
    """Return the counted integer fields of a score object."""
    if not isinstance(score, Mapping):
        return {}
    return {
        key: value
        for key in COUNTED_SCORE_FIELDS
        if isinstance(value := score.get(key), int) and not isinstance(value, bool)
    }


def _moved_score_text(text: object, offsets: Mapping[str, int]) -> object:
    """Return a soccer event's "h-a" score text moved by the manual offsets."""
    if not isinstance(text, str):
        return text
    home, sep, away = text.partition("-")
    if not (sep and home.isdigit() and away.isdigit()):
        return text
    home_goals = max(0, int(home) + offsets.get("home", 0))
    away_goals = max(0, int(away) + offsets.get("away", 0))
    return f"{home_goals}-{away_goals}"
