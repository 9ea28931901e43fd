"""Set up a fresh demo Home Assistant through its own APIs, as a user's clicks would.

Onboarding with the demo user, the Sportrix integration added through the config flow against
the simulator (the key, then the matches picked from the list), a followed team added through
its subentry flow, the dashboard (dashboard.py) built from the entities the integration actually
registered, two automations that write a logbook entry for every goal and every wicket, one made
from the wicket notification blueprint whose notification is a logbook entry, and one made from
the goal notification blueprint whose notification is one of Home Assistant's own (its
notifications drawer), so that a person sees who scored and the score without a phone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from datetime import UTC, datetime
import logging
import os
from pathlib import Path
import time

from .dashboard import (
    DASHBOARD_URL_PATH,
    DOMAIN,
    DashboardKeeper,
    DemoMatch,
    registered_matches,
)
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
# The two live demo matches of the simulator, and their sports.
DEMO_MATCHES: dict[int, str] = {41282: "soccer", 50001: "cricket"}
# The demo team, followed through a subentry: its match 41320 kicks off minutes after the start.
DEMO_TEAM = "Tacoma Defiance"
DEMO_TEAM_LEAGUE = "USA MLS Next Pro League"
DEMO_TEAM_SPORT = "Soccer"
DEMO_TEAM_MATCH = 41320
# What the match card shows that starts disabled: the demo enables the pitch and possession.
CARD_EXTRAS = frozenset({"phase", "possession_home", "possession_away"})
# Without these a demo match's card would miss what the demo is about: wait for them. Nothing
# else that starts disabled is enabled, so the demo's logbook is a default install's.
REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "soccer": frozenset({"score", "minute", "status"}) | CARD_EXTRAS,
    # The cricket score changes with every run: off, as installed; the card reads runs and wickets.
    "cricket": frozenset({"overs", "status"}),
}

GOAL_AUTOMATION_ID = "sportrix_demo_goal_logbook"
WICKET_AUTOMATION_ID = "sportrix_demo_wicket_logbook"
BLUEPRINT_AUTOMATION_ID = "sportrix_demo_wicket_blueprint"
# The blueprint the demo uses, relative to blueprints/automation/ (haconfig copies it there). Of
# the integration's blueprints it is the one whose actions the demo can run: the others need a
# light, a speaker or a phone; its "other notification actions" can write to the logbook.
DEMO_BLUEPRINT = "sportrix/wicket_notification.yaml"
# The goal notification blueprint, its own action a notification in Home Assistant itself.
GOAL_BLUEPRINT_AUTOMATION_ID = "sportrix_demo_goal_notification"
GOAL_BLUEPRINT = "sportrix/goal_notification.yaml"
_EVENT = "trigger.event.data"


def goal_log_message(team_name: str, home: int, away: int) -> str:
    """Return the start of the logbook message the goal automation writes."""
    return f"goal by {team_name}, now {home}-{away}"


def goal_notification_message(home: str, home_goals: int, away_goals: int, away: str) -> str:
    """Return the start of the notification the goal blueprint's automation creates."""
    return f"GOAL! {home} {home_goals}\u2013{away_goals} {away}"


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
    {
        "id": BLUEPRINT_AUTOMATION_ID,
        "alias": "Sportrix demo: wicket notification (blueprint)",
        "description": "Made from the wicket notification blueprint; notifies in the logbook.",
        "use_blueprint": {
            "path": DEMO_BLUEPRINT,
            "input": {
                "wickets": "any",
                "notify_actions": [
                    {
                        "action": "logbook.log",
                        "data": {"name": "{{ title }}", "message": "{{ message }}"},
                    }
                ],
            },
        },
    },
    {
        "id": GOAL_BLUEPRINT_AUTOMATION_ID,
        "alias": "Sportrix demo: goal notification (blueprint)",
        "description": (
            "Made from the goal notification blueprint: every goal of the followed matches in"
            " Home Assistant's notifications."
        ),
        "use_blueprint": {
            "path": GOAL_BLUEPRINT,
            "input": {
                "goals": "any",
                "notify_actions": [
                    {
                        "action": "persistent_notification.create",
                        "data": {"title": "{{ title }}", "message": "{{ message }}"},
                    }
                ],
            },
        },
    },
)


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


def _answer(field: Json, answer: object) -> object:
    """Return an answer as the field takes it: a list of IDs for a select, text otherwise."""
    if not isinstance(answer, list | tuple):
        return answer
    selector = field.get("selector")
    if isinstance(selector, dict) and "select" in selector:
        return [str(item) for item in answer]
    return ", ".join(str(item) for item in answer)


def _fill_form(fields: list[Json], answers: dict[str, object]) -> Json:
    """Answer a form's fields by name, descending into sections (such as "advanced").

    A list answer (the match IDs) goes to a select as a list of strings, to a text field as
    text separated by commas.
    """
    filled: Json = {}
    for field in fields:
        name = str(field.get("name"))
        if isinstance(field.get("schema"), list):
            filled[name] = _fill_form(as_json_list(field["schema"], name), answers)
        elif name in answers:
            filled[name] = _answer(field, answers[name])
        elif field.get("optional") or "default" in field:
            # Left as the form offers it (the entry's name), as a person who does not touch it.
            continue
        else:
            raise HomeAssistantApiError(f"config flow asks for an unknown field {name!r}")
    return filled


def _pick_by_label(fields: list[Json], labels: dict[str, str]) -> Json:
    """Answer a form of single selects with the option whose label is given for each field."""
    filled: Json = {}
    for field in fields:
        name = str(field.get("name"))
        if name not in labels:
            raise HomeAssistantApiError(f"subentry flow asks for an unknown field {name!r}")
        selector = as_json_object(field.get("selector"), name)
        options = as_json_list(as_json_object(selector.get("select"), name).get("options"), name)
        values = [option.get("value") for option in options if option.get("label") == labels[name]]
        if not values:
            offered = ", ".join(str(option.get("label")) for option in options)
            raise HomeAssistantApiError(f"{name}: no option {labels[name]!r} among {offered}")
        filled[name] = values[0]
    return filled


async def _run_flow(
    api: HomeAssistantApi, path: str, start: Json, fill: Callable[[list[Json]], Json], what: str
) -> Json:
    """Run a flow through the REST API to its end, answering each form; return the result."""
    result = as_json_object(await api.post(path, start), what)
    answered: str | None = None
    for _ in range(6):
        if result.get("type") != "form":
            return result
        # A form may open with a note (a "base" error, such as why it shows a text field);
        # errors on the form just answered mean the answer was refused.
        if (errors := result.get("errors")) and result.get("step_id") == answered:
            raise HomeAssistantApiError(f"{what} step {answered}: {errors}")
        answered = str(result.get("step_id"))
        result = as_json_object(
            await api.post(
                f"{path}/{result['flow_id']}",
                fill(as_json_list(result.get("data_schema", []), "data_schema")),
            ),
            f"{what} step",
        )
    raise HomeAssistantApiError(f"{what} did not finish in six steps")


async def add_sportrix(api: HomeAssistantApi, stream_url: str, api_url: str) -> None:
    """Add the integration through the config flow, as the user's form would, unless present."""
    if await _config_entries(api, DOMAIN):
        return
    answers: dict[str, object] = {
        "api_key": DEMO_API_KEY,
        "match_ids": list(DEMO_MATCHES),
        "stream_url": stream_url,
        "api_url": api_url,
    }
    result = await _run_flow(
        api,
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": True},
        lambda fields: _fill_form(fields, answers),
        "config flow",
    )
    if result.get("type") != "create_entry":
        raise HomeAssistantApiError(f"config flow ended with {result}")


async def _add_subentry(
    api: HomeAssistantApi, entry_id: str, kind: str, labels: dict[str, str]
) -> bool:
    """Run a subentry flow, picking options by label; return False if already followed."""
    result = await _run_flow(
        api,
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, kind]},
        lambda fields: _pick_by_label(fields, labels),
        f"{kind} flow",
    )
    if result.get("type") == "create_entry":
        return True
    if result.get("type") == "abort" and result.get("reason") == "already_configured":
        return False
    raise HomeAssistantApiError(f"{kind} flow ended with {result}")


async def add_team(
    api: HomeAssistantApi, entry_id: str, *, league: str, team: str, sport: str = "Soccer"
) -> bool:
    """Follow a team through the entry's "Add team" flow; return False if already followed."""
    labels = {"sport_id": sport, "league_id": league, "team": team}
    return await _add_subentry(api, entry_id, "team", labels)


async def add_competition(
    api: HomeAssistantApi, entry_id: str, *, league: str, sport: str = "Soccer"
) -> bool:
    """Follow a competition through the "Add competition" flow; False if already followed."""
    return await _add_subentry(
        api, entry_id, "competition", {"sport_id": sport, "league_id": league}
    )


async def follow_demo_team(api: HomeAssistantApi) -> bool:
    """Follow the demo team unless the entry already follows it; return whether it was added."""
    (entry,) = await _config_entries(api, DOMAIN)
    entry_id = str(entry["entry_id"])
    async with api.websocket() as ws:
        subentries = as_json_list(
            await ws.command("config_entries/subentries/list", entry_id=entry_id), "subentries"
        )
    if any(
        sub.get("subentry_type") == "team" and sub.get("title") == DEMO_TEAM for sub in subentries
    ):
        return False
    return await add_team(
        api, entry_id, league=DEMO_TEAM_LEAGUE, team=DEMO_TEAM, sport=DEMO_TEAM_SPORT
    )


def _complete(match: DemoMatch, *, enabled: bool = True) -> bool:
    """Tell whether the integration has registered what a demo match's card shows.

    With enabled False, entities that are registered but disabled count too.
    """
    # The device is renamed after the fixture with the first snapshot.
    required = REQUIRED_KEYS.get(match.sport)
    registered = match.entities.keys() if enabled else match.entities.keys() | match.disabled
    return required is not None and required <= registered and not match.name.startswith("Match ")


async def wait_for_matches(
    api: HomeAssistantApi, seconds: float = 90.0, *, enabled: bool = True
) -> list[DemoMatch]:
    """Wait until both demo matches have their device name and sport entities (enabled ones)."""
    matches: dict[int, DemoMatch] = {}
    try:
        async with asyncio.timeout(seconds), api.websocket() as ws:
            while True:
                matches = {match.match_id: match for match in await registered_matches(ws)}
                demo = [matches.get(match_id) for match_id in DEMO_MATCHES]
                if all(match is not None and _complete(match, enabled=enabled) for match in demo):
                    return [match for match in demo if match is not None]
                await asyncio.sleep(0.5)
    except TimeoutError:
        raise HomeAssistantApiError(
            f"the demo matches' entities did not appear in {seconds:.0f} s: {matches}"
        ) from None


async def wait_for_states(
    api: HomeAssistantApi, entity_ids: list[str], seconds: float = 90.0
) -> None:
    """Wait until every entity is added and available."""
    missing = list(entity_ids)
    try:
        async with asyncio.timeout(seconds):
            while missing:
                # An enabled entity not added yet has no state, or the registry's placeholder:
                # unavailable and "restored".
                with contextlib.suppress(HomeAssistantApiError):
                    state = as_json_object(await api.get(f"/api/states/{missing[0]}"), "state")
                    attributes = as_json_object(state.get("attributes", {}), "attributes")
                    if state.get("state") != "unavailable" and not attributes.get("restored"):
                        missing.pop(0)
                        continue
                await asyncio.sleep(0.5)
    except TimeoutError:
        raise HomeAssistantApiError(f"no state in {seconds:.0f} s for {missing}") from None


async def enable_card_entities(api: HomeAssistantApi, matches: list[DemoMatch]) -> bool:
    """Enable the entities a demo card shows that the integration disables by default.

    Return whether any was: Home Assistant then reloads the entry (after 30 s) to add them.
    """
    wanted = [(match.match_id, key) for match in matches for key in REQUIRED_KEYS[match.sport]]
    disabled = {(m.match_id, key) for m in matches for key in m.disabled}
    to_enable = [f"{match_id}_{key}" for match_id, key in wanted if (match_id, key) in disabled]
    if not to_enable:
        return False
    async with api.websocket() as ws:
        for entry in as_json_list(await ws.command("config/entity_registry/list"), "entities"):
            if entry.get("platform") == DOMAIN and entry.get("unique_id") in to_enable:
                await ws.command(
                    "config/entity_registry/update",
                    entity_id=entry["entity_id"],
                    disabled_by=None,
                )
    _LOGGER.info("enabled the demo cards' entities %s; waiting for them", ", ".join(to_enable))
    return True


async def set_frontend_defaults(ws: HomeAssistantWebSocket) -> None:
    """Make the demo dashboard what every user lands on, where Home Assistant keeps that choice."""
    try:
        answer = as_json_object(
            await ws.command("frontend/get_system_data", key="core"), "system data"
        )
    except HomeAssistantApiError:
        # Before system-wide frontend settings, the default dashboard is a setting per browser.
        return
    core = answer.get("value")
    settings = dict(core) if isinstance(core, dict) else {}
    settings["default_panel"] = DASHBOARD_URL_PATH
    # From the fifth day after onboarding the frontend asks the owner, in a toast that stays
    # until dismissed, about the onboarding; the demo's was scripted, so it is answered here.
    surveys = settings.get("surveys")
    settings["surveys"] = {
        **(surveys if isinstance(surveys, dict) else {}),
        "onboarding": {"date": datetime.now(UTC).isoformat(), "action": "dismissed"},
    }
    await ws.command("frontend/set_system_data", key="core", value=settings)


async def install_automations(api: HomeAssistantApi) -> None:
    """Save the demo automations through the automation editor's API (which reloads them)."""
    for automation in AUTOMATIONS:
        await api.post(f"/api/config/automation/config/{automation['id']}", automation)


async def provision(
    api: HomeAssistantApi, stream_url: str, api_url: str, keeper: DashboardKeeper
) -> list[DemoMatch]:
    """Onboard, add the integration, and install the dashboard and automations."""
    await onboard(api)
    await add_sportrix(api, stream_url, api_url)
    await install_automations(api)
    matches = await wait_for_matches(api, enabled=False)
    if await enable_card_entities(api, matches):
        matches = await wait_for_matches(api)
        # Home Assistant adds them when it reloads the entry, RELOAD_AFTER_UPDATE_DELAY later.
        await wait_for_states(
            api, [m.entity(key) for m in matches for key in REQUIRED_KEYS[m.sport]]
        )
    async with api.websocket() as ws:
        await keeper.refresh(ws)
        await set_frontend_defaults(ws)
    return matches


async def follow_matches(api: HomeAssistantApi, match_ids: list[int]) -> None:
    """Set the followed matches through the integration's options, as the Configure form does."""
    (entry,) = await _config_entries(api, DOMAIN)
    answers: dict[str, object] = {"match_ids": list(match_ids)}
    result = await _run_flow(
        api,
        "/api/config/config_entries/options/flow",
        {"handler": entry["entry_id"]},
        lambda fields: _fill_form(fields, answers),
        "options flow",
    )
    if result.get("type") != "create_entry":
        raise HomeAssistantApiError(f"options flow ended with {result}")
