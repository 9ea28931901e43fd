"""The demo dashboard, kept in step with what the integration follows.

Its first view has the integration's match card for each followed match; its second the match card
of each followed team and the fixtures calendar. A third view shows the same matches and teams
with Home Assistant's own cards, entity by entity: each match's score over its clock or overs and
events, and each team's match sensor with its kit, its latest event, and once its match has
kicked off the score, clock and scores of its scoreboard sensor. A team's card follows its
current, next or last match through that sensor: a finished match's card does not linger there.
The cards are built from the devices and entities the integration registered, so a match added
in the integration's options, or a team added with "Add team", gets its card as soon as its
entities exist, while the demo runs (the keeper listens to the registries) and at the next
start. A dashboard that someone changed by hand is left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
import contextlib
from dataclasses import dataclass
import hashlib
import json
import logging
from pathlib import Path

import aiohttp

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
TEAMS_VIEW_PATH = "teams"
TEAMS_PATH = f"/{DASHBOARD_URL_PATH}/{TEAMS_VIEW_PATH}"
ENTITIES_VIEW_PATH = "entities"
ENTITIES_PATH = f"/{DASHBOARD_URL_PATH}/{ENTITIES_VIEW_PATH}"
# The integration's own card, which the integration serves and every dashboard loads.
MATCH_CARD = "custom:sportrix-match-card"
# Where the keeper remembers what it saved last, to tell its own dashboard from a hand-edited one.
SAVED_FILE = ".sportrix_dashboard.json"
# Registry changes come in bursts (a new match brings a device and a dozen entities, then a
# rename once its name is known): rebuild once the burst is over.
SETTLE_SECONDS = 1.0
REGISTRY_EVENTS = ("device_registry_updated", "entity_registry_updated")
# How long the keeper waits before it reconnects after losing Home Assistant.
RETRY_SECONDS = 5.0
# What losing Home Assistant looks like: a refused command or login, a dropped or closing
# socket (aiohttp's ClientConnectionResetError), or a socket that closed while it was read.
RECONNECTABLE = (HomeAssistantApiError, aiohttp.ClientError, OSError, aiohttp.WSMessageTypeError)

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
# The rows of a team's card: attributes of its match sensor. Each has an icon: the row would
# otherwise show the team's kit, the sensor's picture, on every line.
TEAM_ROWS: tuple[Json, ...] = (
    {"attribute": "opponent", "name": "Opponent", "icon": "mdi:account-group"},
    {"attribute": "competition", "name": "Competition", "icon": "mdi:trophy-outline"},
    {
        "attribute": "kick_off",
        "name": "Kick-off",
        "icon": "mdi:clock-start",
        "format": "datetime",
    },
)
# Rows shown once the team's match has kicked off: before it there is no score to show, and an
# attribute row of an attribute the sensor does not have would read "—".
SCORE_ROWS: tuple[Json, ...] = (
    {"attribute": "score", "name": "Score", "icon": "mdi:scoreboard-outline"},
)
# The states of a team's match sensor with a score: in play and finished.
SCORED_STATES = ["in", "post"]
# The rows of a team's scoreboard sensor as the Team Tracker card reads it: each side's score.
# Its state (PRE, IN, POST, NOT_FOUND) and its clock ("FT") are the card's words, not a
# person's: no row.
SCOREBOARD_ROWS: tuple[Json, ...] = (
    {"attribute": "team_score", "name": "Team score", "icon": "mdi:numeric"},
    {"attribute": "opponent_score", "name": "Opponent score", "icon": "mdi:numeric"},
)
# What a match's card shows large: its score; before kick-off, where the integration registers
# the score only once the sport is known, its status.
HEADLINE_KEYS = ("score", "status")
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
    # The entities that are enabled, by key; the keys of those disabled (they have no state).
    entities: dict[str, str]
    disabled: frozenset[str] = frozenset()
    device_id: str = ""

    def entity(self, key: str) -> str:
        """Return the entity id of one of the match's entities."""
        return self.entities[key]

    @property
    def headline(self) -> str | None:
        """Return the key of what its card shows large: the score, else the status, if any."""
        return next((key for key in HEADLINE_KEYS if key in self.entities), None)


@dataclass(frozen=True, slots=True)
class FollowedTeam:
    """A followed team as Home Assistant registered it: its match sensor and its event entity."""

    name: str
    entities: dict[str, str]
    device_id: str = ""

    def entity(self, key: str) -> str:
        """Return the entity id of one of the team's entities."""
        return self.entities[key]

    def plays_in(self, match: DemoMatch) -> bool:
        """Tell whether a match device ("Home vs Away") is one of this team's matches."""
        sides = match.name.casefold().split(" vs ")
        return len(sides) == 2 and self.name.casefold() in sides


# A team's entity keys (its unique ids are "<subentry id>_<key>").
TEAM_SENSOR_KEY = "match"
TEAM_EVENT_KEY = "events"
TEAM_SCOREBOARD_KEY = "scoreboard"
TEAM_DEVICE_PREFIX = "team_"
CALENDAR_KEY = "fixtures"


def sport_of(entity_keys: Iterable[str]) -> str:
    """Return a match's sport from its entities: soccer, cricket, or match while unknown."""
    keys = set(entity_keys)
    for sport, marks in SPORT_KEYS.items():
        if keys & marks:
            return sport
    return "match"


@dataclass(frozen=True, slots=True)
class Registered:
    """What the integration registered: matches, followed teams and fixtures calendars."""

    matches: list[DemoMatch]
    teams: list[FollowedTeam]
    calendars: list[str]


def _sportrix_devices(devices: list[Json]) -> dict[str, tuple[str, str]]:
    """Return the integration's device identifiers with each device's shown name and id."""
    names: dict[str, tuple[str, str]] = {}
    for device in devices:
        identifiers = device.get("identifiers")
        name = str(device.get("name_by_user") or device.get("name"))
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if isinstance(identifier, list) and identifier[:1] == [DOMAIN]:
                names[str(identifier[1])] = (name, str(device.get("id", "")))
    return names


def registered_from(devices: list[Json], entities: list[Json]) -> Registered:
    """Sort the registries' Sportrix devices and entities into matches, teams and calendars."""
    names = _sportrix_devices(devices)
    match_names = {int(ident): named for ident, named in names.items() if ident.isdigit()}
    team_names = {
        ident.removeprefix(TEAM_DEVICE_PREFIX): named
        for ident, named in names.items()
        if ident.startswith(TEAM_DEVICE_PREFIX)
    }
    match_entities: dict[int, dict[str, str]] = {match_id: {} for match_id in match_names}
    match_disabled: dict[int, set[str]] = {match_id: set() for match_id in match_names}
    team_entities: dict[str, dict[str, str]] = {key: {} for key in team_names}
    calendars: list[str] = []
    for entry in entities:
        if entry.get("platform") != DOMAIN:
            continue
        unique_id, entity_id = str(entry.get("unique_id")), str(entry["entity_id"])
        owner, _, key = unique_id.partition("_")
        if owner.isdigit() and int(owner) in match_entities:
            if entry.get("disabled_by"):
                match_disabled[int(owner)].add(key)
            else:
                match_entities[int(owner)][key] = entity_id
        elif entry.get("disabled_by"):
            # A card of a disabled entity would only say "Entity not found".
            continue
        elif owner in team_entities:
            team_entities[owner][key] = entity_id
        elif key == CALENDAR_KEY and entity_id.startswith("calendar."):
            calendars.append(entity_id)
    return Registered(
        matches=[
            DemoMatch(
                match_id,
                sport_of(match_entities[match_id].keys() | match_disabled[match_id]),
                name,
                match_entities[match_id],
                frozenset(match_disabled[match_id]),
                device_id,
            )
            for match_id, (name, device_id) in sorted(match_names.items())
        ],
        teams=sorted(
            (
                FollowedTeam(name, team_entities[key], device_id)
                for key, (name, device_id) in team_names.items()
            ),
            key=lambda team: team.name.casefold(),
        ),
        calendars=sorted(calendars),
    )


async def registered(ws: HomeAssistantWebSocket) -> Registered:
    """Read the device and entity registries: what the integration registered now."""
    devices = as_json_list(await ws.command("config/device_registry/list"), "devices")
    entities = as_json_list(await ws.command("config/entity_registry/list"), "entities")
    return registered_from(devices, entities)


async def registered_matches(ws: HomeAssistantWebSocket) -> list[DemoMatch]:
    """Return every match the integration has a device for, by match id, with its entities."""
    return (await registered(ws)).matches


def _rows(match: DemoMatch) -> list[Json]:
    """Return the entities-card rows of a match, those that exist."""
    return [
        {"entity": match.entity(key), "name": name}
        for key, name in MATCH_ROWS[match.sport]
        if key in match.entities and key != match.headline
    ]


def _score_card(match: DemoMatch) -> Json:
    """Return the large score (or status) of a match, under its name."""
    return {
        "type": "entity",
        "entity": match.entity(match.headline or "score"),
        "name": match.name,
        "icon": ICONS[match.sport],
    }


def _match_card(match: DemoMatch) -> Json:
    """Return a match's card: its score over its clock or overs and events."""
    return {
        "type": "vertical-stack",
        "cards": [_score_card(match), {"type": "entities", "entities": _rows(match)}],
    }


def _team_card(team: FollowedTeam) -> Json:
    """Return a team's card: its kit and match state, the match's details, its latest event."""
    cards: list[Json] = []
    rows: list[Json] = []
    scored: list[Json] = []
    if sensor := team.entities.get(TEAM_SENSOR_KEY):
        cards.append(
            {"type": "tile", "entity": sensor, "name": team.name, "show_entity_picture": True}
        )
        rows += [{"type": "attribute", "entity": sensor, **row} for row in TEAM_ROWS]
        scored += [{"type": "attribute", "entity": sensor, **row} for row in SCORE_ROWS]
    if event := team.entities.get(TEAM_EVENT_KEY):
        # The row of an event entity shows when it happened over what it was ("Scored").
        rows.append({"entity": event, "name": "Last event", "icon": "mdi:bullhorn-outline"})
    if scoreboard := team.entities.get(TEAM_SCOREBOARD_KEY):
        # Hidden from the device page by default, yet enabled: what it carries for the card.
        scored += [{"type": "attribute", "entity": scoreboard, **row} for row in SCOREBOARD_ROWS]
    if sensor:
        rows += [_once_kicked_off(sensor, row) for row in scored]
    else:
        rows += scored
    if rows:
        cards.append({"type": "entities", "entities": rows})
    return {"type": "vertical-stack", "cards": cards}


def _once_kicked_off(sensor: str, row: Json) -> Json:
    """Return a row shown only while the team's match sensor says in play or finished."""
    return {
        "type": "conditional",
        "conditions": [{"condition": "state", "entity": sensor, "state": SCORED_STATES}],
        "row": row,
    }


def _card(device_id: str) -> Json:
    """Return the integration's match card of a match's or a team's device."""
    return {"type": MATCH_CARD, "device": device_id}


def dashboard_config(
    matches: Iterable[DemoMatch],
    teams: Iterable[FollowedTeam] = (),
    calendars: Iterable[str] = (),
) -> Json:
    """Return the demo dashboard: the matches, the teams and fixtures, and their entities."""
    matches = list(matches)
    teams = list(teams)
    # A match gets its cards with its score or status entity; the rest of its rows follow.
    shown = [match for match in matches if match.headline]
    views: list[Json] = [
        {
            "title": "Live",
            "path": DASHBOARD_VIEW_PATH,
            "icon": "mdi:scoreboard",
            "cards": [_card(match.device_id) for match in shown],
        }
    ]
    followed: list[Json] = [_card(team.device_id) for team in teams]
    if calendars := list(calendars):
        followed.append(
            {
                "type": "calendar",
                "title": "Fixtures",
                "entities": calendars,
                "initial_view": "listWeek",
            }
        )
    if followed:
        views.append(
            {
                "title": "Teams and fixtures",
                "path": TEAMS_VIEW_PATH,
                "icon": "mdi:tshirt-crew",
                "cards": followed,
            }
        )
    views.append(
        {
            "title": "Entities",
            "path": ENTITIES_VIEW_PATH,
            "icon": "mdi:format-list-bulleted",
            "cards": [_match_card(match) for match in shown] + [_team_card(team) for team in teams],
        }
    )
    return {"title": "Sportrix live scores", "views": views}


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

    def __init__(
        self,
        api: HomeAssistantApi,
        config_dir: Path,
        login: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Keep the dashboard of the Home Assistant behind api, configured in config_dir.

        login, when given, logs api in again before each round.
        """
        self._api = api
        self._login = login
        # Whether the last round failed: the loss is logged once, and so is the recovery.
        self._failing = False
        self._saved_file = config_dir / SAVED_FILE
        self._warned = False

    def _last_saved(self) -> str | None:
        """Return the fingerprint of what this keeper saved last, in any run."""
        try:
            return str(json.loads(self._saved_file.read_text(encoding="utf-8"))["fingerprint"])
        except (OSError, ValueError, KeyError):
            return None

    async def refresh(self, ws: HomeAssistantWebSocket) -> list[DemoMatch]:
        """Rebuild the dashboard from the registered matches and teams; return the matches."""
        found = await registered(ws)
        matches = found.matches
        wanted = dashboard_config(matches, found.teams, found.calendars)
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
        shown = [match.name for match in matches if match.headline]
        shown += [f"team {team.name}" for team in found.teams]
        _LOGGER.info("dashboard: %s", ", ".join(shown) or "no match yet")
        return matches

    async def run(self) -> None:
        """Refresh now, then after every burst of registry changes, until cancelled.

        Each round opens its own connections, so a socket Home Assistant has closed is never
        written to again ("Cannot write to closing transport"); a round that fails is logged
        once until one succeeds, and the next round starts RETRY_SECONDS later.
        """
        while True:
            try:
                await self._round()
            except RECONNECTABLE as err:
                if not self._failing:
                    _LOGGER.warning(
                        "dashboard: lost Home Assistant (%s); reconnecting every %g s",
                        err or type(err).__name__,
                        RETRY_SECONDS,
                    )
                    self._failing = True
                await asyncio.sleep(RETRY_SECONDS)

    async def _round(self) -> None:
        """Subscribe, refresh, then wait for the next burst of registry changes to end."""
        if self._login is not None:
            # A round may start long after the last: a fresh token, never an expired one.
            await self._login()
        async with self._api.websocket() as events:
            for event_type in REGISTRY_EVENTS:
                await events.command("subscribe_events", event_type=event_type)
            async with self._api.websocket() as ws:
                await self.refresh(ws)
            if self._failing:
                _LOGGER.info("dashboard: connected to Home Assistant again")
                self._failing = False
            await events.next_event()
            with contextlib.suppress(TimeoutError):
                while True:
                    async with asyncio.timeout(SETTLE_SECONDS):
                        await events.next_event()
