"""Set up a fresh demo Home Assistant through its own APIs, as a user's clicks would.

Onboarding with the demo user, the Sportrix integration added through the config flow against
the simulator, a dashboard built from the entities the integration actually registered, and two
automations that write a logbook entry for every goal and every wicket.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
import logging
import os
from pathlib import Path
import time

from .haconfig import ONLINE_ONBOARDING_INTEGRATIONS
from .hass_api import (
    HomeAssistantApi,
    HomeAssistantApiError,
    HomeAssistantWebSocket,
    Json,
    as_json_list,
    as_json_object,
)

_LOGGER = logging.getLogger(__name__)

DEMO_NAME = "Demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "sportrix"  # noqa: S105 - the README states it; the demo listens on loopback
DEMO_API_KEY = "sk_demo_full"
DOMAIN = "sportrix"
# The two live demo matches of the simulator, and their sports.
DEMO_MATCHES: dict[int, str] = {41282: "soccer", 50001: "cricket"}
DASHBOARD_URL_PATH = "sportrix-live"
DASHBOARD_VIEW_PATH = "live"
DASHBOARD_PATH = f"/{DASHBOARD_URL_PATH}/{DASHBOARD_VIEW_PATH}"

# Entity keys (the integration's unique ids are "<match id>_<key>") and their row names.
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
}
# Without these a match's card would miss what the demo is about: wait for them.
REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "soccer": frozenset({"score", "minute", "status", "last_event", "goal"}),
    "cricket": frozenset({"score", "overs", "status", "last_event", "wicket"}),
}

GOAL_AUTOMATION_ID = "sportrix_demo_goal_logbook"
WICKET_AUTOMATION_ID = "sportrix_demo_wicket_logbook"
_EVENT = "trigger.event.data"


def goal_log_message(team_name: str, home: int, away: int) -> str:
    """Return the start of the logbook message the goal automation writes."""
    return f"goal by {team_name}, now {home}-{away}"


def wicket_log_message(batting: str, runs: int, wickets: int) -> str:
    """Return the start of the logbook message the wicket automation writes."""
    return f"wicket: {batting} {runs}/{wickets}"


AUTOMATIONS: tuple[Json, ...] = (
    {
        "id": GOAL_AUTOMATION_ID,
        "alias": "Sportrix demo: goal in the logbook",
        "description": "Writes a logbook entry with the scorer and the score on every goal.",
        "triggers": [{"trigger": "event", "event_type": "sportrix_goal"}],
        "conditions": [],
        "actions": [
            {
                "action": "logbook.log",
                "data": {
                    "name": f"{{{{ {_EVENT}.home }}}} vs {{{{ {_EVENT}.away }}}}",
                    "message": (
                        f"goal by {{{{ {_EVENT}.team_name }}}}, now "
                        f"{{{{ {_EVENT}.score.home }}}}-{{{{ {_EVENT}.score.away }}}}"
                        f"{{% if {_EVENT}.minute %}} ({{{{ {_EVENT}.minute }}}}'){{% endif %}}"
                    ),
                },
            }
        ],
        "mode": "queued",
    },
    {
        "id": WICKET_AUTOMATION_ID,
        "alias": "Sportrix demo: wicket in the logbook",
        "description": "Writes a logbook entry with the batting side's score on every wicket.",
        "triggers": [{"trigger": "event", "event_type": "sportrix_wicket"}],
        "conditions": [],
        "actions": [
            {
                "action": "logbook.log",
                "data": {
                    "name": f"{{{{ {_EVENT}.home }}}} vs {{{{ {_EVENT}.away }}}}",
                    "message": (
                        f"wicket: {{{{ {_EVENT}.batting }}}} "
                        f"{{{{ {_EVENT}.runs }}}}/{{{{ {_EVENT}.wickets }}}}"
                        f" after {{{{ {_EVENT}.overs }}}} overs"
                    ),
                },
            }
        ],
        "mode": "queued",
    },
)


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


def local_time_zone() -> str:
    """Return this machine's IANA time zone name, or UTC."""
    if (zone := os.environ.get("TZ", "").lstrip(":")) and "/" in zone:
        return zone
    localtime = Path("/etc/localtime")
    if localtime.is_symlink() and "zoneinfo/" in (target := str(localtime.resolve())):
        return target.split("zoneinfo/", 1)[1]
    return "UTC"


async def onboard(api: HomeAssistantApi) -> None:
    """Finish every onboarding step with the demo user, or log in when that is done."""
    steps = {
        str(step.get("step")): step.get("done") is True
        for step in as_json_list(await api.get("/api/onboarding"), "onboarding")
    }
    if not steps.get("user", True):
        answer = as_json_object(
            await api.post(
                "/api/onboarding/users",
                {
                    "client_id": api.client_id,
                    "name": DEMO_NAME,
                    "username": DEMO_USERNAME,
                    "password": DEMO_PASSWORD,
                    "language": "en",
                },
            ),
            "onboarding user",
        )
        await api.token_from_code(str(answer["auth_code"]))
    else:
        await api.login(DEMO_USERNAME, DEMO_PASSWORD)
    if not steps.get("core_config", True):
        # What the onboarding page sends before finishing the step.
        async with api.websocket() as ws:
            await ws.command(
                "config/core/update",
                location_name="Sportrix demo",
                country="GB",
                currency="GBP",
                language="en",
                time_zone=local_time_zone(),
                unit_system="metric",
            )
        await api.post("/api/onboarding/core_config")
        await _remove_online_onboarding_entries(api)
    if not steps.get("analytics", True):
        await api.post("/api/onboarding/analytics")
    if not steps.get("integration", True):
        await api.post(
            "/api/onboarding/integration",
            {"client_id": api.client_id, "redirect_uri": f"{api.base_url}/?auth_callback=1"},
        )


async def _config_entries(api: HomeAssistantApi, domain: str | None = None) -> list[Json]:
    """List the config entries, of one domain if given."""
    query = f"?domain={domain}" if domain else ""
    return as_json_list(await api.get(f"/api/config/config_entries/entry{query}"), "entries")


async def _remove_online_onboarding_entries(api: HomeAssistantApi) -> None:
    """Delete the entries onboarding adds that need the internet (text-to-speech, radio)."""
    # Onboarding starts their flows in the background; give them a moment to land.
    expected = {"google_translate", "radio_browser"}
    deadline = time.monotonic() + 10
    while True:
        entries = [
            entry
            for entry in await _config_entries(api)
            if entry.get("domain") in ONLINE_ONBOARDING_INTEGRATIONS
        ]
        if expected <= {str(entry.get("domain")) for entry in entries}:
            break
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    for entry in entries:
        await api.request("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
        _LOGGER.info("removed onboarding's %s entry (it needs the internet)", entry.get("domain"))


def _fill_form(fields: list[Json], answers: dict[str, object]) -> Json:
    """Answer a form's fields by name, descending into sections (such as "advanced")."""
    filled: Json = {}
    for field in fields:
        name = str(field.get("name"))
        if isinstance(field.get("schema"), list):
            filled[name] = _fill_form(as_json_list(field["schema"], name), answers)
        elif name in answers:
            filled[name] = answers[name]
        else:
            raise HomeAssistantApiError(f"config flow asks for an unknown field {name!r}")
    return filled


async def add_sportrix(api: HomeAssistantApi, stream_url: str, api_url: str) -> None:
    """Add the integration through the config flow, as the user's form would, unless present."""
    if await _config_entries(api, DOMAIN):
        return
    answers: dict[str, object] = {
        "api_key": DEMO_API_KEY,
        "match_ids": ", ".join(str(match_id) for match_id in DEMO_MATCHES),
        "stream_url": stream_url,
        "api_url": api_url,
    }
    result = as_json_object(
        await api.post(
            "/api/config/config_entries/flow",
            {"handler": DOMAIN, "show_advanced_options": True},
        ),
        "config flow",
    )
    for _ in range(5):
        if result.get("type") == "create_entry":
            return
        if result.get("type") != "form":
            raise HomeAssistantApiError(f"config flow ended with {result}")
        if errors := result.get("errors"):
            raise HomeAssistantApiError(f"config flow step {result.get('step_id')}: {errors}")
        result = as_json_object(
            await api.post(
                f"/api/config/config_entries/flow/{result['flow_id']}",
                _fill_form(as_json_list(result.get("data_schema", []), "data_schema"), answers),
            ),
            "config flow step",
        )
    raise HomeAssistantApiError("config flow did not finish in five steps")


async def _registered_matches(ws: HomeAssistantWebSocket) -> dict[int, DemoMatch]:
    """Return the demo matches whose device and entities are registered so far."""
    devices = as_json_list(await ws.command("config/device_registry/list"), "devices")
    names: dict[int, str] = {}
    for device in devices:
        identifiers = device.get("identifiers")
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if isinstance(identifier, list) and identifier[:1] == [DOMAIN]:
                name = device.get("name_by_user") or device.get("name")
                names[int(identifier[1])] = str(name)
    entities: dict[int, dict[str, str]] = {match_id: {} for match_id in DEMO_MATCHES}
    for entry in as_json_list(await ws.command("config/entity_registry/list"), "entities"):
        match_id, _, key = str(entry.get("unique_id")).partition("_")
        if entry.get("platform") == DOMAIN and match_id.isdigit() and int(match_id) in entities:
            entities[int(match_id)][key] = str(entry["entity_id"])
    return {
        match_id: DemoMatch(match_id, sport, names.get(match_id, ""), entities[match_id])
        for match_id, sport in DEMO_MATCHES.items()
    }


def _complete(match: DemoMatch) -> bool:
    """Tell whether the integration has registered what a match's card shows."""
    # The device is renamed after the fixture with the first snapshot.
    return REQUIRED_KEYS[match.sport] <= match.entities.keys() and not match.name.startswith(
        "Match "
    )


async def wait_for_matches(api: HomeAssistantApi, seconds: float = 90.0) -> list[DemoMatch]:
    """Wait until both demo matches have their device name and sport entities."""
    matches: dict[int, DemoMatch] = {}
    try:
        async with asyncio.timeout(seconds), api.websocket() as ws:
            while True:
                matches = await _registered_matches(ws)
                if all(_complete(match) for match in matches.values()):
                    return list(matches.values())
                await asyncio.sleep(0.5)
    except TimeoutError:
        raise HomeAssistantApiError(
            f"the demo matches' entities did not appear in {seconds:.0f} s: {matches}"
        ) from None


def _rows(match: DemoMatch) -> list[Json]:
    """Return the entities-card rows of a match, those that exist."""
    return [
        {"entity": match.entity(key), "name": name}
        for key, name in MATCH_ROWS[match.sport]
        if key in match.entities
    ]


def dashboard_config(matches: Iterable[DemoMatch]) -> Json:
    """Return the demo dashboard: per match, a large score over its clock or overs and events."""
    icons = {"soccer": "mdi:soccer", "cricket": "mdi:cricket"}
    cards: list[Json] = [
        {
            "type": "vertical-stack",
            "cards": [
                {
                    "type": "entity",
                    "entity": match.entity("score"),
                    "name": match.name,
                    "icon": icons[match.sport],
                },
                {"type": "entities", "entities": _rows(match)},
            ],
        }
        for match in matches
    ]
    return {
        "title": "Sportrix live scores",
        "views": [
            {"title": "Live", "path": DASHBOARD_VIEW_PATH, "icon": "mdi:scoreboard", "cards": cards}
        ],
    }


async def install_dashboard(api: HomeAssistantApi, matches: list[DemoMatch]) -> None:
    """Create the demo dashboard (or refresh it) and save its cards."""
    async with api.websocket() as ws:
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
        await ws.command(
            "lovelace/config/save", url_path=DASHBOARD_URL_PATH, config=dashboard_config(matches)
        )


async def install_automations(api: HomeAssistantApi) -> None:
    """Save the demo automations through the automation editor's API (which reloads them)."""
    for automation in AUTOMATIONS:
        await api.post(f"/api/config/automation/config/{automation['id']}", automation)


async def provision(api: HomeAssistantApi, stream_url: str, api_url: str) -> list[DemoMatch]:
    """Onboard, add the integration, and install the dashboard and automations."""
    await onboard(api)
    await add_sportrix(api, stream_url, api_url)
    await install_automations(api)
    matches = await wait_for_matches(api)
    await install_dashboard(api, matches)
    return matches
