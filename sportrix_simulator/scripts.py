"""Scripted matches: the JSON data files and the timeline entries they hold."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
import itertools
import json
from pathlib import Path
from typing import Any

from .catalog import CatalogStatus
from .merge import JsonObject, clone, deep_merge

# Snapshot fields the catalog supplies, so the data files do not repeat them.
IDENTITY_FIELDS = ("v", "match_id", "sport", "competition", "home", "away", "updated_at")


@dataclass(frozen=True, slots=True)
class ScriptEntry:
    """Hold one scripted state change at a script-time offset."""

    # Seconds of script time since kick-off (match time for soccer, compressed for cricket).
    at: float
    # Deep-merged into the snapshot: objects merge, lists and scalars replace.
    patch: JsonObject = field(default_factory=dict)
    # Appended to the soccer events timeline, which merging alone cannot append to.
    add_events: tuple[JsonObject, ...] = ()

    def apply(self, snapshot: Mapping[str, Any]) -> JsonObject:
        """Return the snapshot with this entry applied."""
        snap = deep_merge(snapshot, self.patch)
        if self.add_events:
            snap["events"] = [*(snap.get("events") or []), *clone(self.add_events)]
        return snap

    def as_json(self) -> JsonObject:
        """Return the entry as it is written in a match file."""
        entry: JsonObject = {"at": self.at, "set": self.patch}
        if self.add_events:
            entry["add_events"] = list(self.add_events)
        return entry


@dataclass(frozen=True, slots=True)
class MatchDefinition:
    """Describe a match: catalog facts, its first snapshot and its script."""

    id: int
    sport: str
    league_id: int
    home: str
    away: str
    catalog_status: CatalogStatus
    # Kick-off relative to the simulator's start, in seconds.
    start_offset: float
    initial: JsonObject
    timeline: tuple[ScriptEntry, ...] = ()
    result: JsonObject | None = None
    # Batting orders by team name, for cricket wickets taken through the control API.
    lineups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def diff_entry(before: Mapping[str, Any], after: Mapping[str, Any], at: float) -> ScriptEntry:
    """Return the entry that turns one snapshot into the next, holding only what changed."""
    patch = _diff(
        {k: v for k, v in before.items() if k not in ("events", *IDENTITY_FIELDS)},
        {k: v for k, v in after.items() if k not in ("events", *IDENTITY_FIELDS)},
    )
    old_events = before.get("events") or []
    new_events = after.get("events") or []
    return ScriptEntry(at=at, patch=patch, add_events=tuple(new_events[len(old_events) :]))


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> JsonObject:
    """Return the deep-merge patch from before to after; raise if a key was removed."""
    if removed := set(before) - set(after):
        # A merge patch cannot delete keys, so such a change has no entry.
        raise ValueError(f"keys removed: {sorted(removed)}")
    patch: JsonObject = {}
    for key, value in after.items():
        old = before.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            if sub := _diff(old, value):
                patch[key] = sub
        elif key not in before or old != value:
            patch[key] = clone(value)
    return patch


def parse_match(data: Mapping[str, Any]) -> MatchDefinition:
    """Build a match definition from a parsed match file, checking its timeline."""
    timeline = tuple(
        ScriptEntry(
            at=float(item["at"]),
            patch=dict(item.get("set") or {}),
            add_events=tuple(item.get("add_events") or ()),
        )
        for item in data.get("timeline") or ()
    )
    if any(b.at < a.at for a, b in itertools.pairwise(timeline)):
        raise ValueError(f"match {data['id']}: timeline offsets must not decrease")
    return MatchDefinition(
        id=int(data["id"]),
        sport=str(data["sport"]),
        league_id=int(data["league"]),
        home=str(data["home"]),
        away=str(data["away"]),
        catalog_status=CatalogStatus(data["catalog_status"]),
        start_offset=float(data.get("start_offset", 0)),
        initial=dict(data["initial"]),
        timeline=timeline,
        result=data.get("result"),
        lineups={team: tuple(names) for team, names in (data.get("lineups") or {}).items()},
    )


def load_match_file(path: Path | Traversable) -> MatchDefinition:
    """Read one match file."""
    return parse_match(json.loads(path.read_text(encoding="utf-8")))


def builtin_matches() -> tuple[MatchDefinition, ...]:
    """Read the demo matches shipped in the package's matches/ directory."""
    folder = resources.files(__package__ or "sportrix_simulator") / "matches"
    files = sorted(
        (item for item in folder.iterdir() if item.name.endswith(".json")),
        key=lambda item: item.name,
    )
    return tuple(load_match_file(item) for item in files)


def select_matches(
    wanted: Iterable[int | str | Path] | None,
) -> tuple[MatchDefinition, ...]:
    """Return the demo matches, or those chosen: ids pick demo matches, paths add files."""
    demo = builtin_matches()
    if wanted is None:
        return demo
    by_id = {match.id: match for match in demo}
    chosen: list[MatchDefinition] = []
    for item in wanted:
        if isinstance(item, int):
            if item not in by_id:
                raise ValueError(f"no demo match with id {item}")
            chosen.append(by_id[item])
        else:
            chosen.append(load_match_file(Path(item)))
    return tuple(chosen)
