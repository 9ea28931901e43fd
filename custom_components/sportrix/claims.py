"""Which entry follows a match, and what it knows of it: each match belongs to one entry."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import CONF_MATCH_IDS, DOMAIN
from .devices import match_identifier
from .followed import FollowedMatch


@dataclass(frozen=True, slots=True)
class KnownMatch:
    """A followed match as its entry last knew it, for a list or an error to name it."""

    name: str
    competition: str | None = None
    finished: bool = False


def followed_by_other_entries(hass: HomeAssistant, entry_id: str | None) -> dict[int, str]:
    """Return the matches other entries list, or follow now through teams, with their titles."""
    return {match_id: other.title for match_id, other in claimed_by_others(hass, entry_id).items()}


def claimed_by_others(hass: HomeAssistant, entry_id: str | None) -> dict[int, ConfigEntry]:
    """Return the matches other entries list, or follow now through teams, with the entry."""
    taken: dict[int, ConfigEntry] = {}
    for other in hass.config_entries.async_entries(DOMAIN, include_ignore=False):
        if other.entry_id == entry_id:
            continue
        taken.update((m, other) for m in other.options.get(CONF_MATCH_IDS, []))
        # A running entry's coordinator also holds what its teams and competitions bring.
        taken.update((m, other) for m in _running_matches(other))
    return taken


def known_match(hass: HomeAssistant, entry: ConfigEntry, match_id: int) -> KnownMatch | None:
    """Return what an entry knows of a match it follows, or None when it knows no name.

    The running match knows most (the catalog's and the stream's names); the match's device
    keeps the last of them across restarts and after the catalog stops listing the match.
    """
    match = _running_matches(entry).get(match_id)
    if isinstance(match, FollowedMatch) and match.home and match.away:
        return KnownMatch(match.name, match.competition, match.finished_at is not None)
    identifier = match_identifier(match_id)
    # Among the entry's own devices: an identifier alone is not unique across entries.
    registry = dr.async_get(hass)
    device = next(
        (
            device
            for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
            if identifier in device.identifiers
        ),
        None,
    )
    if device is None:
        return None
    # The device is named "Match <id>" until the teams are known; that is no name to show.
    name = device.name if device.name != f"Match {match_id}" else device.name_by_user
    return KnownMatch(name) if name else None


def _running_matches(entry: ConfigEntry) -> dict[int, object]:
    """Return a loaded entry's followed matches by id; none for an entry not running."""
    matches: dict[int, object] = getattr(getattr(entry, "runtime_data", None), "matches", {})
    return matches
