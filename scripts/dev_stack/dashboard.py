"""The demo dashboard: one card per followed match, kept in step with the matches followed.

The cards are built from the devices and entities the integration registered, so a match added
in the integration's options gets its card as soon as its entities exist, while the demo runs
(the keeper listens to the registries) and at the next start. A dashboard that someone changed
by hand is left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
import contextlib
from dataclasses import dataclass
import hashlib
import json
import logging
from pathlib import Path

from .hass_api import (
    HomeAssistantApi,
    HomeAssistantApiError,
    HomeAssistantWebSocket,
    Json,
    as_json_list,
    as_json_object,
)

_LOGGER = logging.getLogger(__name__)

DOMAIN = "sportrix"
DASHBOARD_URL_PATH = "sportrix-live"
DASHBOARD_VIEW_PATH = "live"
DASHBOARD_PATH = f"/{DASHBOARD_URL_PATH}/{DASHBOARD_VIEW_PATH}"
# Where the keeper remembers what it saved last, to tell its own dashboard from a hand-edited one.
SAVED_FILE = ".sportrix_dashboard.json"
# Registry changes come in bursts (a new match brings a device and a dozen entities, then a
# rename once its name is known): rebuild once the burst is over.
SETTLE_SECONDS = 1.0
REGISTRY_EVENTS = ("device_registry_updated", "entity_registry_updated")

# Entity keys (the integration's unique ids are "<match id>_<key>") and their row names. A match
# whose sport is not known yet (it has not started) shows what every match has.
MATCH_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "soccer": (
        ("minute", "Minute"),
        ("period", "Period"),
        ("status", "Status"),
        ("last_event", "Last event"),
        ("goal", "Last goal"),
        ("match_status", "Match status"),
    ),
    "cricket": (
        ("overs", "Overs"),
        ("batting", "Batting"),
        ("status", "Status"),
        ("last_event", "Last event"),
        ("wicket", "Last wicket"),
        ("match_status", "Match status"),
    ),
    "match": (
        ("status", "Status"),
        ("kick_off", "Kick-off"),
        ("last_event", "Last event"),
        ("match_status", "Match status"),
    ),
}
ICONS = {"soccer": "mdi:soccer", "cricket": "mdi:cricket", "match": "mdi:scoreboard"}
# The entities that only one sport has tell a match's sport.
SPORT_KEYS = {
    "soccer": frozenset({"goal", "minute", "home_goals", "period"}),
    "cricket": frozenset({"wicket", "overs", "runs", "batting"}),
}


@dataclass(frozen=True, slots=True)
class DemoMatch:
    """A followed match as Home Assistant registered it."""

    match_id: int
    sport: str
    name: str
    entities: dict[str, str]

    def entity(self, key: str) -> str:
        """Return the entity id of one of the match's entities."""
        return self.entities[key]


def sport_of(entity_keys: Iterable[str]) -> str:
    """Return a match's sport from its entities: soccer, cricket, or match while unknown."""
    keys = set(entity_keys)
    for sport, marks in SPORT_KEYS.items():
        if keys & marks:
            return sport
    return "match"


async def registered_matches(ws: HomeAssistantWebSocket) -> list[DemoMatch]:
    """Return every match the integration has a device for, by match id, with its entities."""
    names: dict[int, str] = {}
    for device in as_json_list(await ws.command("config/device_registry/list"), "devices"):
        identifiers = device.get("identifiers")
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if isinstance(identifier, list) and identifier[:1] == [DOMAIN]:
                name = device.get("name_by_user") or device.get("name")
                with contextlib.suppress(ValueError):
                    names[int(identifier[1])] = str(name)
    entities: dict[int, dict[str, str]] = {match_id: {} for match_id in names}
    for entry in as_json_list(await ws.command("config/entity_registry/list"), "entities"):
        match_id, _, key = str(entry.get("unique_id")).partition("_")
        if entry.get("platform") == DOMAIN and match_id.isdigit() and int(match_id) in entities:
            entities[int(match_id)][key] = str(entry["entity_id"])
    return [
        DemoMatch(match_id, sport_of(entities[match_id]), names[match_id], entities[match_id])
        for match_id in sorted(names)
    ]


def _rows(match: DemoMatch) -> list[Json]:
    """Return the entities-card rows of a match, those that exist."""
    return [
        {"entity": match.entity(key), "name": name}
        for key, name in MATCH_ROWS[match.sport]
        if key in match.entities
    ]


def dashboard_config(matches: Iterable[DemoMatch]) -> Json:
    """Return the demo dashboard: per match, a large score over its clock or overs and events."""
    cards: list[Json] = [
        {
            "type": "vertical-stack",
            "cards": [
                {
                    "type": "entity",
                    "entity": match.entity("score"),
                    "name": match.name,
                    "icon": ICONS[match.sport],
                },
                {"type": "entities", "entities": _rows(match)},
            ],
        }
        for match in matches
        # A match gets its card with its score entity; the rest of its rows follow.
        if "score" in match.entities
    ]
    return {
        "title": "Sportrix live scores",
        "views": [
            {"title": "Live", "path": DASHBOARD_VIEW_PATH, "icon": "mdi:scoreboard", "cards": cards}
        ],
    }


def fingerprint(config: Json) -> str:
    """Return a digest of a dashboard configuration."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


async def _stored_config(ws: HomeAssistantWebSocket) -> Json | None:
    """Return the dashboard's saved configuration, or None when it has none yet."""
    try:
        return as_json_object(
            await ws.command("lovelace/config", url_path=DASHBOARD_URL_PATH, force=True),
            "dashboard",
        )
    except HomeAssistantApiError:
        return None


async def _ensure_dashboard(ws: HomeAssistantWebSocket) -> None:
    """Create the demo dashboard in the sidebar unless it exists."""
    dashboards = as_json_list(await ws.command("lovelace/dashboards/list"), "dashboards")
    if not any(d.get("url_path") == DASHBOARD_URL_PATH for d in dashboards):
        await ws.command(
            "lovelace/dashboards/create",
            url_path=DASHBOARD_URL_PATH,
            title="Live scores",
            icon="mdi:scoreboard",
            show_in_sidebar=True,
            require_admin=False,
            mode="storage",
        )


class DashboardKeeper:
    """Save the demo dashboard for the matches registered now, unless edited by hand."""

    def __init__(self, api: HomeAssistantApi, config_dir: Path) -> None:
        """Keep the dashboard of the Home Assistant behind api, configured in config_dir."""
        self._api = api
        self._saved_file = config_dir / SAVED_FILE
        self._warned = False

    def _last_saved(self) -> str | None:
        """Return the fingerprint of what this keeper saved last, in any run."""
        try:
            return str(json.loads(self._saved_file.read_text(encoding="utf-8"))["fingerprint"])
        except (OSError, ValueError, KeyError):
            return None

    async def refresh(self, ws: HomeAssistantWebSocket) -> list[DemoMatch]:
        """Rebuild the dashboard from the registered matches; return them."""
        matches = await registered_matches(ws)
        wanted = dashboard_config(matches)
        await _ensure_dashboard(ws)
        stored = await _stored_config(ws)
        if stored == wanted:
            return matches
        last = self._last_saved()
        if stored is not None and last is not None and fingerprint(stored) != last:
            if not self._warned:
                _LOGGER.warning("the dashboard was changed by hand; new matches get no card there")
                self._warned = True
            return matches
        await ws.command("lovelace/config/save", url_path=DASHBOARD_URL_PATH, config=wanted)
        self._saved_file.write_text(
            json.dumps({"fingerprint": fingerprint(wanted)}) + "\n", encoding="utf-8"
        )
        shown = [match.name for match in matches if "score" in match.entities]
        _LOGGER.info("dashboard: %s", ", ".join(shown) or "no match yet")
        return matches

    async def run(self) -> None:
        """Refresh now, then after every burst of registry changes, until cancelled."""
        async with self._api.websocket() as events, self._api.websocket() as ws:
            for event_type in REGISTRY_EVENTS:
                await events.command("subscribe_events", event_type=event_type)
            await self.refresh(ws)
            while True:
                await events.next_event()
                with contextlib.suppress(TimeoutError):
                    while True:
                        async with asyncio.timeout(SETTLE_SECONDS):
                            await events.next_event()
                await self.refresh(ws)
