"""The followed teams and competitions of an entry, read from its config subentries."""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry

from .const import (
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_SILK_URL,
    CONF_SPORT,
    CONF_TEAM,
    SUBENTRY_COMPETITION,
    SUBENTRY_TEAM,
)
from .interests import Interest

_LOGGER = logging.getLogger(__name__)


def interests_of(entry: ConfigEntry) -> list[Interest]:
    """Return the entry's followed teams and competitions; a malformed one is skipped."""
    found: list[Interest] = []
    for subentry in entry.subentries.values():
        if subentry.subentry_type not in (SUBENTRY_TEAM, SUBENTRY_COMPETITION):
            continue
        data = subentry.data
        try:
            team = str(data[CONF_TEAM]) if subentry.subentry_type == SUBENTRY_TEAM else None
            silk = data.get(CONF_SILK_URL)
            found.append(
                Interest(
                    key=subentry.subentry_id,
                    sport=str(data[CONF_SPORT]),
                    league_id=int(data[CONF_LEAGUE_ID]),
                    league=str(data.get(CONF_LEAGUE) or ""),
                    team=team,
                    silk_url=silk if isinstance(silk, str) and silk else None,
                )
            )
        except (KeyError, TypeError, ValueError):
            _LOGGER.warning(
                "Skipping the malformed followed %s %r", subentry.subentry_type, subentry.title
            )
    return found


def subentries_signature(entry: ConfigEntry) -> frozenset[tuple[str, str]]:
    """Return what identifies the entry's subentries and their settings, to notice a change."""
    return frozenset(
        (subentry.subentry_id, repr(sorted(subentry.data.items())))
        for subentry in entry.subentries.values()
    )
