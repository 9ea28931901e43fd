"""Diagnostics: the stream's health, what is followed and why, and each match, without the key."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .followed import FollowedMatch
from .following import POLL_INTERVAL
from .lookups import Scope, planned_per_hour

TO_REDACT = {CONF_API_KEY}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SportrixConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings, the stream state and every followed match."""
    coordinator = entry.runtime_data
    stream = coordinator.stream
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
        },
        "stream": {
            # push, or polling for a key without the stream; then the polls made so far.
            "mode": coordinator.connection.mode,
            "polls": poller.requests if (poller := coordinator.connection.poller) else 0,
            "connected": stream.connected,
            "available": coordinator.available,
            "reconnect_count": stream.reconnect_count,
            "frames_received": coordinator.frames_received,
            "last_frame_at": (
                coordinator.last_frame_at.isoformat() if coordinator.last_frame_at else None
            ),
        },
        "requests": _requests(coordinator),
        "followed": _followed(coordinator),
        "matches": {
            str(match_id): _match(coordinator, match)
            for match_id, match in coordinator.matches.items()
        },
    }


def _requests(coordinator: SportrixCoordinator) -> dict[str, Any]:
    """Count the REST requests of the last hour against what the schedule plans an hour."""
    connection = coordinator.connection
    poller = connection.poller or connection.failover
    following = coordinator.following
    lookups = coordinator.lookups
    catalog_asks = 0
    if Scope.FIXTURES not in lookups.forbidden:
        leagues = {interest.league_id for interest in following.interests.values()}
        # Listed matches no competition lists are asked about with each catalog poll until
        # they start.
        waiting = [
            m
            for m in following.matches.values()
            if m.status in (None, "not_started") and not following.catalog.listed(m.match_id)
        ]
        catalog_asks = len(leagues) + len(waiting)
    return {
        "last_hour": lookups.requests.last_hour,
        "total": lookups.requests.total,
        # The most the schedule asks in an hour as things stand, one-off look-ups aside.
        "planned_per_hour": planned_per_hour(
            catalog_asks=catalog_asks,
            catalog_interval=POLL_INTERVAL,
            polled=len(poller.wanted) if poller else 0,
            poll_interval=poller.interval if poller else POLL_INTERVAL,
            results=coordinator.final_word.pending,
        ),
        "results": {
            "allowed": coordinator.final_word.allowed,
            "settled": len(coordinator.final_word.settled),
        },
    }


def _followed(coordinator: SportrixCoordinator) -> dict[str, Any]:
    """Describe the followed teams and competitions and the catalog polls."""
    following = coordinator.following
    polled_at = following.catalog.polled_at
    return {
        "teams_and_competitions": [
            {
                "key": interest.key,
                "sport": interest.sport,
                "league_id": interest.league_id,
                "league": interest.league,
                "team": interest.team,
                "matches": sorted(
                    m.match_id for m in following.matches.values() if interest.key in m.interests
                ),
            }
            for interest in following.interests.values()
        ],
        "catalog": {
            "polled_at": polled_at.isoformat() if polled_at else None,
            "last_error": coordinator.lookups.last_error,
            "forbidden": sorted(coordinator.lookups.forbidden),
            "known_matches": len(following.catalog.fixtures()),
        },
    }


def _match(coordinator: SportrixCoordinator, match: FollowedMatch) -> dict[str, Any]:
    """Describe one followed match: why, where its subscription stands, its last snapshot."""
    subscriptions = coordinator.stream.subscriptions
    refusal = match.refusal
    return {
        "name": match.name,
        "listed": match.explicit,
        "through": sorted(match.interests),
        "sport": match.sport,
        "status": match.status,
        "kick_off": match.kick_off.isoformat() if match.kick_off else None,
        "subscription": (
            subscriptions[match.match_id].state if match.match_id in subscriptions else None
        ),
        "refusal": (
            {"reason": refusal.reason, "message": refusal.message, "retry_in": refusal.retry_in}
            if refusal
            else None
        ),
        "gap": match.state.gap,
        "awaiting_kick_off": match.state.awaiting_kick_off,
        "snapshot": dict(match.snapshot.raw) if match.snapshot else None,
    }
