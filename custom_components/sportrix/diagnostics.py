"""Diagnostics: the stream's health, what is followed and why, and each match, without the key."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .coordinator import SportrixConfigEntry

TO_REDACT = {CONF_API_KEY}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SportrixConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings, the stream state and every followed match."""
    coordinator = entry.runtime_data
    stream = coordinator.stream
    subscriptions = stream.subscriptions
    discovery = coordinator.discovery
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
        },
        "stream": {
            "connected": stream.connected,
            "available": coordinator.available,
            "reconnect_count": stream.reconnect_count,
            "frames_received": coordinator.frames_received,
            "last_frame_at": (
                coordinator.last_frame_at.isoformat() if coordinator.last_frame_at else None
            ),
        },
        "followed": {
            "teams_and_competitions": [
                {
                    "key": interest.key,
                    "sport": interest.sport,
                    "league_id": interest.league_id,
                    "league": interest.league,
                    "team": interest.team,
                    "matches": sorted(
                        m.match_id
                        for m in coordinator.matches.values()
                        if interest.key in m.interests
                    ),
                }
                for interest in coordinator.interests.values()
            ],
            "catalog": {
                "polled_at": (discovery.polled_at.isoformat() if discovery.polled_at else None),
                "last_error": discovery.last_error,
                "forbidden": discovery.forbidden,
                "known_matches": len(discovery.fixtures()),
            },
        },
        "matches": {
            str(match_id): {
                "name": match.name,
                "listed": match.explicit,
                "through": sorted(match.interests),
                "sport": match.sport,
                "status": match.status,
                "kick_off": match.kick_off.isoformat() if match.kick_off else None,
                "subscription": (
                    subscriptions[match_id].state if match_id in subscriptions else None
                ),
                "refusal": (
                    {
                        "reason": match.refusal.reason,
                        "message": match.refusal.message,
                        "retry_in": match.refusal.retry_in,
                    }
                    if match.refusal
                    else None
                ),
                "gap": match.state.gap,
                "awaiting_kick_off": match.state.awaiting_kick_off,
                "snapshot": dict(match.snapshot.raw) if match.snapshot else None,
            }
            for match_id, match in coordinator.matches.items()
        },
    }
