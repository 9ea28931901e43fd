"""Which entry follows a match: each match belongs to one entry, its devices and entities too."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from .const import CONF_MATCH_IDS, DOMAIN


def followed_by_other_entries(hass: HomeAssistant, entry_id: str | None) -> dict[int, str]:
    """Return the matches other entries list, or follow now through teams, with their titles."""
    taken: dict[int, str] = {}
    for other in hass.config_entries.async_entries(DOMAIN, include_ignore=False):
        if other.entry_id == entry_id:
            continue
        taken.update((m, other.title) for m in other.options.get(CONF_MATCH_IDS, []))
        # A running entry's coordinator also holds what its teams and competitions bring.
        followed = getattr(getattr(other, "runtime_data", None), "matches", {})
        taken.update((m, other.title) for m in followed)
    return taken
