"""Matches added at run time that replay another match's script between other teams."""

from collections.abc import Mapping
import dataclasses
from datetime import datetime, timedelta
import re
from typing import Any

from .catalog import CatalogStatus
from .match import MatchState
from .merge import JsonObject, deep_merge
from .playback import kick_off_patch
from .scripts import IDENTITY_FIELDS, MatchDefinition, ScriptEntry
from .timefmt import utc_now

# Catalog statuses a copy can be added in.
COPY_STATUSES = (CatalogStatus.NOT_STARTED, CatalogStatus.STARTED, CatalogStatus.FINISHED)
# Start times when none is given: a match to come, one in play, one played this afternoon.
DEFAULT_START_OFFSETS = {
    CatalogStatus.NOT_STARTED: timedelta(hours=1),
    CatalogStatus.STARTED: timedelta(0),
    CatalogStatus.FINISHED: timedelta(hours=-2),
}


class MatchExistsError(Exception):
    """Raise when a match is added under an id already served (HTTP 409)."""


def default_start(status: CatalogStatus) -> datetime:
    """Return the start time of a copy added without one."""
    return utc_now() + DEFAULT_START_OFFSETS[status]


def copy_definition(
    model: MatchState,
    match_id: int,
    *,
    home: str,
    away: str,
    league_id: int,
    status: CatalogStatus,
) -> MatchDefinition:
    """Return a match playing model's script between home and away, as it stands before play.

    Team names in the script (goal labels, the batting side) become the new ones. A script
    that starts in play (a match live at the simulator's start) gets its first state as a
    kick-off entry at script time zero, so that the copy starts from before kick-off.
    """
    base = model.definition
    if not base.timeline and status != CatalogStatus.FINISHED:
        raise ValueError(f"match {base.id} has no script to play")
    if home == away or not home or not away:
        raise ValueError("home and away must be two different team names")
    rename = _renamer({base.home: home, base.away: away})
    definition = dataclasses.replace(
        base,
        id=match_id,
        home=home,
        away=away,
        league_id=league_id,
        catalog_status=CatalogStatus.NOT_STARTED if base.timeline else status,
        start_offset=0.0,
        initial=rename(base.initial),
        timeline=tuple(
            ScriptEntry(entry.at, rename(entry.patch), rename(entry.add_events))
            for entry in base.timeline
        ),
        result=rename(base.result) if not base.timeline else None,
        lineups={rename(team): names for team, names in base.lineups.items()},
    )
    if not base.timeline or definition.initial.get("status") == "not_started":
        return definition
    held = MatchState.create(definition, model.league, utc_now())
    kick_off = held.kick_off_entry()
    held.hold_before_kick_off()
    before = {k: v for k, v in held.snapshot.items() if k not in IDENTITY_FIELDS}
    return dataclasses.replace(
        definition, initial=before, timeline=(kick_off, *definition.timeline)
    )


def bring_to(match: MatchState, status: CatalogStatus) -> None:
    """Play a copy, before anyone watches it, to its kick-off or to its end."""
    if status == CatalogStatus.STARTED and match.snapshot.get("status") == "not_started":
        entry = match.next_entry()
        if entry is not None and entry.at <= 0 and "status" in entry.patch:
            match.apply(match.play(match.take_next_entry()))
        else:
            match.apply(deep_merge(match.snapshot, kick_off_patch(match)))
    elif status == CatalogStatus.FINISHED:
        while match.next_entry() is not None:
            match.apply(match.play(match.take_next_entry()))
        if match.snapshot.get("status") != "ft":
            match.apply(deep_merge(match.snapshot, final_whistle_patch(match)))


def final_whistle_patch(match: MatchState) -> JsonObject:
    """Return the change that ends a match now: status ft, clock stopped at full time."""
    patch: JsonObject = {"status": "ft"}
    if isinstance(match.snapshot.get("clock"), dict):
        patch["clock"] = {"period": "FT", "running": False}
    if match.sport == "cricket":
        patch["last_event"] = {"type": "end", "label": "Match ended"}
    return patch


def _renamer(names: Mapping[str, str]) -> Any:
    """Return a function replacing team names in every string of a JSON value."""
    pattern = re.compile("|".join(re.escape(old) for old in sorted(names, key=len, reverse=True)))

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda found: names[found.group(0)], value)
        if isinstance(value, Mapping):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(rename(item) for item in value)
        return value

    return rename
