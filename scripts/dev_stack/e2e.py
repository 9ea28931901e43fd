"""End-to-end: the demo stack on free ports, driven in headless Chromium as a user would.

Logs in as the demo user, opens the demo dashboard, reads the soccer score, has the simulator score
a goal, and checks that the page shows the new score within seconds, that the logbook shows the
goal (written by the demo's goal automation) and that Home Assistant's notifications drawer tells
who scored and the score (the demo's automation made from the goal notification blueprint, its own
action a persistent notification); then the same for a cricket wicket (the demo's wicket
automation), and checks that the demo's automation made from the wicket notification blueprint ran
for it and is listed in Settings > Automations. It makes an automation on the soccer match's "Home
side scores" device trigger in the automation editor, scores for the home side, and checks from the
automation's state and traces that it ran once for that goal. Then it follows a third match through
the integration's options and checks that the dashboard gets its card. Then it follows the demo
team as a user would: "Add team" on the integration's page, its league and the team picked in the
subentry flow's dialogs; then it brings the team's match forward in the simulator, sees the match's
device appear, kicks it off and scores for the team, and checks the team's event entity ("Scored")
and its scoreboard through the REST API, the dashboard's team card, the logbook, the team's device
page and the calendar. On releases with integration triggers it then types "scores" in the
automation editor's trigger picker, picks the integration's "Team scores" with the demo team, saves
it, scores for the team, and checks that the automation ran once for that goal (2025.4 has no
integration triggers: skipped). Last, it sets the broadcast delay through the REST API, scores
again, and checks that the score sensor shows the goal only once the delay has passed. The
integration's match card, which the dashboard uses for every match and team, is checked throughout
(e2e_card.py): it shows each goal within a second, counts the clock between frames, is added on a
new dashboard through the card picker and its visual editor, shows the team's match and, after full
time, its result, stops its clock at half time, fits a phone's width and takes the dark theme, and
the browser reports no error of it. Every page must be free of dialogs: nothing may cover what the
user came to see.
Home Assistant's log must report no use of a deprecated or blocking API by the integration.
Screenshots and logs go to artifacts/e2e/<release>/.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
import contextlib
from datetime import UTC, datetime
from http import HTTPStatus
import json
import logging
from pathlib import Path
import re
import shutil
import sys
import tempfile
import time
from urllib.parse import urlsplit

import aiohttp
from homeassistant.const import __version__ as HA_VERSION  # noqa: N812
from playwright.async_api import Browser, Locator, Page, async_playwright

from . import e2e_flows
from .checks import CheckError, poll
from .dashboard import (
    DASHBOARD_PATH,
    DASHBOARD_URL_PATH,
    DOMAIN,
    ENTITIES_PATH,
    TEAM_DEVICE_PREFIX,
    TEAM_EVENT_KEY,
    TEAM_SCOREBOARD_KEY,
    TEAM_SENSOR_KEY,
    DashboardKeeper,
    DemoMatch,
    FollowedTeam,
    registered,
    registered_matches,
)
from .e2e_card import CardChecks
from .haconfig import REPO_ROOT, write_configuration
from .hass_api import (
    HomeAssistantApi,
    HomeAssistantApiError,
    Json,
    as_json_list,
    as_json_object,
)
from .provision import (
    BLUEPRINT_AUTOMATION_ID,
    CARD_EXTRAS,
    DEMO_API_KEY,
    DEMO_BLUEPRINT,
    DEMO_MATCHES,
    DEMO_PASSWORD,
    DEMO_TEAM,
    DEMO_TEAM_LEAGUE,
    DEMO_TEAM_SPORT,
    DEMO_USERNAME,
    follow_matches,
    goal_log_message,
    goal_notification_message,
    provision,
    wicket_log_message,
)
from .stack import (
    Stack,
    StackError,
    StackSettings,
    add_release_arguments,
    free_port,
    run_until_signalled,
    tail,
    usage_reports,
)

_LOGGER = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a closed network: without the background-networking ones Chromium keeps trying to
# reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long the page may take to show what the simulator sent ("within a few seconds").
UPDATE_SECONDS = 5.0
# The demo's matches kick off 30 script seconds (3 s at the demo's speed) after a subscribe.
KICK_OFF_SECONDS = 30.0
# How long the logbook may take to show an entry.
LOGBOOK_SECONDS = 20.0
# A match added in the options: the simulator's match that kicks off two hours after its start.
ADDED_MATCH = 41301
# How long a followed match may take to get its device, entities, name and card.
NEW_MATCH_SECONDS = 60.0
# The demo team's match, which autoplay would kick off three minutes after the simulator's start:
# held back out of the follow window (15 minutes before kick-off) until the team is added, then
# brought within it, so that adding the team finds it at once.
TEAM_MATCH = 41320
TEAM_MATCH_HELD_BACK_SECONDS = 3600
# The integration asks the stream for a match refused as not started again at its kick-off time:
# soon, so that the kick-off below is seen within seconds.
TEAM_MATCH_START_IN_SECONDS = 20
# How long the team's entities may take to show what the simulator sent.
TEAM_UPDATE_SECONDS = 10.0
# How long the automation made from a blueprint may take to run after the wicket.
AUTOMATION_SECONDS = 10.0
# The automation the e2e makes in the automation editor, on the soccer match's device trigger.
TRIGGER_AUTOMATION_NAME = "When the home side scores"
# The trigger's name in the editor (strings.json: device_automation.trigger_type.goal_home).
HOME_GOAL_TRIGGER = "Home side scores"
# The automation editor of the current release (2026.11) adds triggers from a search dialog and
# edits them in a side panel; 2025.4's lists groups of triggers and edits them in cards. The
# releases in between are not tested: the new editor is taken from 2026 on.
SEARCH_DIALOG_EDITOR = (2026, 1)
# The integration's own triggers (trigger.py, triggers.yaml), which the trigger picker's search
# finds by their names: Home Assistant offers integrations' triggers from 2025.12; the e2e looks
# for them in the search dialog editor's releases, and skips them on 2025.4, which has none.
INTEGRATION_TRIGGERS = SEARCH_DIALOG_EDITOR
TEAM_TRIGGER_SEARCH = "scores"
# The trigger's name in the picker (strings.json: triggers.team_scored.name), its key, and the
# automation the e2e makes with it.
TEAM_SCORED_TRIGGER = "Team scores"
TEAM_SCORED_KEY = f"{DOMAIN}.team_scored"
TEAM_TRIGGER_AUTOMATION_NAME = "When my team scores"
# The broadcast delay the e2e sets, and when, after the goal, the score must still be the old
# one: well inside the delay, well after an undelayed frame would have been shown.
BROADCAST_DELAY_SECONDS = 8
HELD_BACK_CHECK_SECONDS = 2.5
SOCCER_SCORE = re.compile(r"^(\d+)-(\d+)$")
CRICKET_SCORE = re.compile(r"^(\d+)/(\d+)$")
# A dashboard view's path: /<dashboard>/<view>.
VIEW_URL = re.compile(r"^/(?!auth/)[^/]+/[^/]+$")


class E2ECheckError(CheckError):
    """A check of the end-to-end test failed."""


def step(message: str) -> None:
    """Print a progress line."""
    print(f"e2e: {message}", flush=True)


class Simulator:
    """The simulator's control surface and REST API, for driving and reading the matches."""

    def __init__(self, session: aiohttp.ClientSession, settings: StackSettings) -> None:
        """Address the stack's simulator."""
        self._session = session
        self._settings = settings

    async def control(self, path: str, payload: Json) -> Json:
        """POST to the control surface and return the new snapshot."""
        url = f"{self._settings.simulator_url}/_simulator/{path}"
        async with self._session.post(url, json=payload) as response:
            response.raise_for_status()
            return as_json_object(await response.json(), path)

    async def live(self, match_id: int) -> Json:
        """Return the current snapshot of a match, as a client of the API sees it."""
        url = f"{self._settings.api_url}/matches/{match_id}/live"
        async with self._session.get(url, headers={"X-API-Key": DEMO_API_KEY}) as response:
            response.raise_for_status()
            return as_json_object(await response.json(), "live")

    async def started(self, match_id: int) -> bool:
        """Tell whether a match has kicked off."""
        url = f"{self._settings.api_url}/matches/{match_id}/live"
        async with self._session.get(url, headers={"X-API-Key": DEMO_API_KEY}) as response:
            if response.status == HTTPStatus.NOT_FOUND:  # no snapshot before kick-off
                return False
            response.raise_for_status()
            live = as_json_object(await response.json(), "live")
        return live.get("status") != "not_started"

    async def wait_for_kick_off(self, match: DemoMatch) -> None:
        """Wait until a demo match is under way: it kicks off once a client subscribes."""

        async def started() -> bool | None:
            return True if await self.started(match.match_id) else None

        await poll(f"kick-off of {match.name}", KICK_OFF_SECONDS, started)
        step(f"{match.name}: kicked off")


def score_of(snapshot: Json) -> Json:
    """Return a snapshot's score object."""
    return as_json_object(snapshot.get("score"), "score")


def soccer_score_text(snapshot: Json) -> str:
    """Return a soccer snapshot's score as the integration writes it ("2-1")."""
    score = score_of(snapshot)
    return f"{score['home']}-{score['away']}"


def cricket_score_text(snapshot: Json) -> str:
    """Return a cricket snapshot's score as the integration writes it ("145/3")."""
    score = score_of(snapshot)
    return f"{score['runs']}/{score['wickets']}"


class DashboardPage:
    """The demo dashboard and the logbook, in one browser page."""

    def __init__(self, page: Page, settings: StackSettings, artifacts: Path) -> None:
        """Wrap a page of a browser logged in nowhere yet."""
        self.page = page
        self.settings = settings
        self.artifacts = artifacts
        self.cards = CardChecks(page, settings.ha_url, self.screenshot, step, artifacts)

    async def log_in(self) -> str:
        """Open Home Assistant, log in with the login form, and return the view it lands on."""
        await self.page.goto(f"{self.settings.ha_url}/")
        await self.page.get_by_role("textbox", name="Username").fill(DEMO_USERNAME)
        await self.page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
        await self.page.get_by_role("button", name="Log in").click()
        # The frontend redirects from the login to the default dashboard's first view.
        await self.page.wait_for_url(lambda url: VIEW_URL.match(urlsplit(url).path) is not None)
        landed = urlsplit(self.page.url).path
        if landed != DASHBOARD_PATH:
            await self.open_dashboard()
        return landed

    async def open_dashboard(self) -> None:
        """Show the demo dashboard."""
        await self.page.goto(f"{self.settings.ha_url}{DASHBOARD_PATH}")

    async def score(self, match: DemoMatch) -> str:
        """Return the score the match's card shows, as its score sensor writes it ("2-1")."""
        await self.cards.card(match.name).locator(".score").wait_for()
        return await self.cards.score(match.name) or ""

    async def check_no_dialog(self, where: str) -> None:
        """Fail if a dialog is open: it would cover the page the user opened."""
        # Role locators reach into the frontend's shadow roots and see only shown dialogs.
        dialogs = self.page.get_by_role("dialog").or_(self.page.get_by_role("alertdialog"))
        if await dialogs.count() == 0:
            return
        # The accessibility tree, unlike innerText, includes the content slotted into a dialog.
        text = " ".join((await dialogs.first.aria_snapshot()).split())
        path = self.artifacts / f"dialog-{where}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        raise E2ECheckError(f"a dialog covers the page ({where}): {text[:400]}")

    async def screenshot(self, name: str) -> Path:
        """Check that no dialog covers the page, and save a full-page screenshot of it."""
        # The frontend's launch screen fades out over the first render of a page it opened:
        # a screenshot taken meanwhile shows "Loading..." over the cards.
        await self.page.locator("#ha-launch-screen").wait_for(state="detached", timeout=30_000)
        await self.check_no_dialog(name)
        path = self.artifacts / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        step(
            f"screenshot {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}"
        )
        return path

    async def logbook_shows(self, text: str) -> None:
        """Open the logbook and wait until it lists an entry containing text."""
        await self.page.goto(f"{self.settings.ha_url}/logbook")
        entry = self.page.get_by_text(text).first
        try:
            await entry.wait_for(timeout=LOGBOOK_SECONDS * 1000)
        except Exception as err:
            raise E2ECheckError(f"the logbook shows no entry {text!r}") from err


async def wait_for_page_score(
    dashboard: DashboardPage,
    match: DemoMatch,
    simulator: Simulator,
    text_of: Callable[[Json], str],
    includes: Callable[[Json], bool],
) -> str:
    """Wait until the page shows the simulator's current score, one that includes our change."""

    async def shown() -> str | None:
        current = await simulator.live(match.match_id)
        expected = text_of(current)
        if includes(current) and await dashboard.score(match) == expected:
            return expected
        return None

    return await poll(f"the new score of {match.name} on the page", UPDATE_SECONDS, shown)


async def check_goal_lines(
    dashboard: DashboardPage, api: HomeAssistantApi, match: DemoMatch, since: datetime, who: str
) -> None:
    """Check that a goal is one line of ours, saying who, and the score's change, nothing else."""
    start = since.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    score = match.entity("score")
    # Our line names the match's goal entity (disabled, as installed), beside its score sensor.
    goal_entity = f"event.{score.removeprefix('sensor.').removesuffix('_score')}_goal"
    # The entities the integration enables by default: the demo enables the card's extras too.
    mine = {entity for key, entity in match.entities.items() if key not in CARD_EXTRAS}

    async def lines() -> list[Json] | None:
        entries = [
            as_json_object(e, "entry")
            for e in as_json_list(await api.get(f"/api/logbook/{start}"), "logbook")
        ]
        ours = [
            e for e in entries if e.get("domain") == DOMAIN and e.get("entity_id") == goal_entity
        ]
        states = [e for e in entries if e.get("entity_id") in mine and e not in ours]
        if not ours or score not in {e.get("entity_id") for e in states}:
            return None
        return ours + states

    found = await poll("the goal's lines in the logbook", LOGBOOK_SECONDS, lines)
    told = [f"{e.get('name')}: {e.get('message') or e.get('state')}" for e in found]
    if len(found) != 2 or f"{who} scored" not in str(found[0].get("message")):
        raise E2ECheckError(f"{match.name}: one goal, logbook lines {told}")
    step(f"{match.name}: the goal's logbook lines, ours and the score: {told}")
    # The match's device page: its activity is the match's logbook.
    await dashboard.page.goto(
        f"{dashboard.settings.ha_url}/config/devices/device/{match.device_id}"
    )
    try:
        await dashboard.page.get_by_text(f"{who} scored").first.wait_for(
            timeout=LOGBOOK_SECONDS * 1000
        )
    except Exception as err:
        await dashboard.screenshot("03-logbook-match-goal")
        raise E2ECheckError(f"{match.name}: its device page shows no line of the goal") from err
    await dashboard.screenshot("03-logbook-match-goal")


async def check_goal(
    dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi, match: DemoMatch
) -> None:
    """Score a goal for the home side and check the dashboard and the logbook."""
    await simulator.wait_for_kick_off(match)
    before = await dashboard.score(match)
    if not SOCCER_SCORE.match(before):
        raise E2ECheckError(f"{match.name}: the page shows {before!r}, not a soccer score")
    step(f"{match.name}: the page shows {before}")
    await dashboard.screenshot("01-dashboard-before")
    started = time.monotonic()
    since = datetime.now(UTC)
    after_goal = await simulator.control(f"matches/{match.match_id}/goal", {"team": "home"})
    goal = score_of(after_goal)
    step(f"{match.name}: the simulator scored for {after_goal['home']}: {goal}")
    await dashboard.cards.goal_shown(match.name, int(str(goal["home"])), started)
    shown = await wait_for_page_score(
        dashboard,
        match,
        simulator,
        soccer_score_text,
        lambda live: int(str(score_of(live)["home"])) >= int(str(goal["home"])),
    )
    step(f"{match.name}: the page shows {shown} after {time.monotonic() - started:.2f} s")
    if shown == before:
        raise E2ECheckError(f"{match.name}: the score stayed {before}")
    await dashboard.screenshot("02-dashboard-after-goal")
    await dashboard.cards.clock_counts(match.name)
    await check_seen_on_tv(dashboard, api, match)
    message = goal_log_message(
        str(after_goal["home"]), int(str(goal["home"])), int(str(goal["away"]))
    )
    await dashboard.logbook_shows(message)
    step(f"the logbook shows {message!r}")
    await dashboard.screenshot("03-logbook-goal")
    await check_goal_lines(dashboard, api, match, since, str(after_goal["home"]))
    await check_goal_notification(dashboard, after_goal)


async def check_goal_notification(dashboard: DashboardPage, after_goal: Json) -> None:
    """Open the notifications drawer: the goal notification blueprint's automation told the goal.

    The demo's automation made from the goal notification blueprint creates one of Home
    Assistant's own notifications with the blueprint's title and message, such as "GOAL!
    Vancouver Whitecaps II 2-0 The Town (23')" (with an en dash): who scored and the score, with
    no template of the user's. The drawer is closed again: no dialog may cover the next pages.
    """
    goal = score_of(after_goal)
    text = goal_notification_message(
        str(after_goal["home"]),
        int(str(goal["home"])),
        int(str(goal["away"])),
        str(after_goal["away"]),
    )
    page = dashboard.page
    # The sidebar's item: a button named with the count of notifications while there are some;
    # 2025.4's item has no role, only its text.
    item = page.get_by_role("button", name=re.compile(r"\bNotifications\b")).or_(
        page.locator("ha-sidebar").get_by_text("Notifications", exact=True)
    )
    await item.first.click()
    notification = page.get_by_text(text).first
    try:
        await notification.wait_for(timeout=AUTOMATION_SECONDS * 1000)
    except Exception as err:
        raise E2ECheckError(f"the notifications do not show {text!r}") from err
    shown = " ".join((await notification.inner_text()).split())
    step(f"the notifications drawer shows {shown!r}")
    await dashboard.cards.dialog_screenshot("38-goal-notification")
    await page.keyboard.press("Escape")
    with contextlib.suppress(Exception):
        await notification.wait_for(state="hidden", timeout=3_000)
    if await notification.is_visible():
        # Where Escape leaves it open, the drawer's own close button.
        await page.locator("notification-drawer").get_by_role("button", name="Close").first.click()
    try:
        await notification.wait_for(state="hidden", timeout=5_000)
    except Exception as err:
        raise E2ECheckError("the notifications drawer does not close") from err


async def check_wicket(
    dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi, match: DemoMatch
) -> None:
    """Take a wicket and check the dashboard, the logbook and the blueprint's automation."""
    await simulator.wait_for_kick_off(match)
    await dashboard.open_dashboard()
    before = await dashboard.score(match)
    if not CRICKET_SCORE.match(before):
        raise E2ECheckError(f"{match.name}: the page shows {before!r}, not a cricket score")
    step(f"{match.name}: the page shows {before}")
    await dashboard.screenshot("04-dashboard-before-wicket")
    started = time.monotonic()
    before_wicket = datetime.now(UTC)
    after_wicket = await simulator.control(f"matches/{match.match_id}/wicket", {})
    wicket = score_of(after_wicket)
    step(f"{match.name}: the simulator took a wicket: {cricket_score_text(after_wicket)}")
    shown = await wait_for_page_score(
        dashboard,
        match,
        simulator,
        cricket_score_text,
        lambda live: int(str(score_of(live)["wickets"])) >= int(str(wicket["wickets"])),
    )
    step(f"{match.name}: the page shows {shown} after {time.monotonic() - started:.2f} s")
    await dashboard.screenshot("05-dashboard-after-wicket")
    message = wicket_log_message(
        str(after_wicket["batting"]), int(str(wicket["runs"])), int(str(wicket["wickets"]))
    )
    await dashboard.logbook_shows(message)
    step(f"the logbook shows {message!r}")
    await dashboard.screenshot("06-logbook-wicket")
    await check_blueprint_automation(dashboard, api, before_wicket)


async def check_blueprint_automation(
    dashboard: DashboardPage, api: HomeAssistantApi, since: datetime
) -> None:
    """Check that the demo's automation made from a blueprint exists and ran for the wicket."""
    config = as_json_object(
        await api.get(f"/api/config/automation/config/{BLUEPRINT_AUTOMATION_ID}"), "automation"
    )
    blueprint = as_json_object(config.get("use_blueprint"), "use_blueprint")
    if blueprint.get("path") != DEMO_BLUEPRINT:
        raise E2ECheckError(f"the automation {BLUEPRINT_AUTOMATION_ID} uses {blueprint}")

    async def triggered() -> Json | None:
        states = as_json_list(await api.get("/api/states"), "states")
        for state in states:
            attributes = as_json_object(state.get("attributes"), "attributes")
            if str(state.get("entity_id")).startswith("automation.") and (
                attributes.get("id") == BLUEPRINT_AUTOMATION_ID
            ):
                last = attributes.get("last_triggered")
                if last and datetime.fromisoformat(str(last)) >= since:
                    return state
                return None
        raise E2ECheckError(f"no automation entity for {BLUEPRINT_AUTOMATION_ID}")

    state = await poll(
        f"the automation {BLUEPRINT_AUTOMATION_ID} running for the wicket",
        AUTOMATION_SECONDS,
        triggered,
    )
    attributes = as_json_object(state.get("attributes"), "attributes")
    step(f"{state['entity_id']} (blueprint {DEMO_BLUEPRINT}) ran at {attributes['last_triggered']}")
    page = dashboard.page
    await page.goto(f"{dashboard.settings.ha_url}/config/automation/dashboard")
    try:
        await page.get_by_text(str(attributes["friendly_name"])).first.wait_for()
    except Exception as err:
        raise E2ECheckError("Settings > Automations does not list the blueprint's one") from err
    await dashboard.screenshot("06b-automations")


def release_at_least(release: tuple[int, int]) -> bool:
    """Tell whether the Home Assistant under test is at least release (year, month)."""
    year, month = (int(part) for part in HA_VERSION.split(".")[:2])
    return (year, month) >= release


async def automation_state(api: HomeAssistantApi, automation_id: str) -> Json | None:
    """Return the state of the automation entity with this configuration id, None if none."""
    for state in as_json_list(await api.get("/api/states"), "states"):
        attributes = as_json_object(state.get("attributes"), "attributes")
        if str(state.get("entity_id")).startswith("automation.") and (
            attributes.get("id") == automation_id
        ):
            return state
    return None


async def create_trigger_automation_in_editor(dashboard: DashboardPage, match: DemoMatch) -> str:
    """Make the home goal automation in the automation editor; return its configuration id."""
    page = dashboard.page
    await page.goto(f"{dashboard.settings.ha_url}/config/automation/edit/new")
    await page.get_by_role("button", name="Add trigger").first.click()
    if release_at_least(SEARCH_DIALOG_EDITOR):
        # The dialog lists targets first; the device trigger is a trigger type, "Device". It
        # opens in a side panel: its device picker, then its trigger select.
        await page.get_by_role("button", name="By type", exact=True).click()
        await page.get_by_role("button", name="Device", exact=True).click()
        await page.get_by_role("button", name=re.compile(r"^Device Triggers when")).click()
        await page.get_by_role("button", name=re.compile(r"^Device Select a device")).click()
        await page.get_by_placeholder("Search").last.fill(match.name)
        trigger = page.get_by_role("button", name=re.compile(r"^Trigger( |$)"))
        chosen = page.get_by_role("button", name=f"Trigger {HOME_GOAL_TRIGGER}")
    else:
        # Home Assistant 2025.4 lists groups of triggers; the device one opens as a card in the
        # editor, with combo boxes for the device and the trigger.
        device_group = page.get_by_text("When something happens to a device").first
        await device_group.click()
        await device_group.wait_for(state="hidden")
        device = page.get_by_role("combobox", name="Device").first
        await device.click()
        await device.fill(match.name)
        trigger = page.get_by_role("combobox", name="Trigger")
        chosen = trigger.filter(has_text=HOME_GOAL_TRIGGER)
    await page.get_by_role("option", name=re.compile(f"^{re.escape(match.name)}")).first.click()
    # The select is disabled until the device's triggers have loaded: the click waits for that.
    await trigger.first.click()
    await page.get_by_role("option", name=HOME_GOAL_TRIGGER, exact=True).first.click()
    try:
        await chosen.first.wait_for()
    except Exception as err:
        raise E2ECheckError(f"the trigger select does not show {HOME_GOAL_TRIGGER!r}") from err
    # The pickers' dialogs close with an animation, after the selection shows.
    for picker in ("Device", "Trigger"):
        await page.get_by_role("dialog", name=picker).wait_for(state="hidden")
    step(f"picked {match.name} and {HOME_GOAL_TRIGGER!r} in the automation editor")
    await dashboard.screenshot("06c-automation-editor-trigger")
    await page.get_by_role("button", name="Save", exact=True).last.click()
    # The save dialog's fields are slotted into it, out of reach of a locator scoped to it; it
    # comes last in the page, after the editor's own Save button.
    name = page.get_by_role("textbox", name=re.compile(r"^Name"))
    await name.fill(TRIGGER_AUTOMATION_NAME)
    await page.get_by_role("button", name="Save", exact=True).last.click()
    # Saved, the editor moves to the automation's own address.
    await page.wait_for_url(re.compile(r"/config/automation/edit/(?!new$)[^/]+$"))
    return urlsplit(page.url).path.rsplit("/", 1)[-1]


def same_score(event: Json, score: Json) -> bool:
    """Tell whether a goal event carries a score (its home and away goals)."""
    carried = score_of(event)
    return all(str(carried.get(side)) == str(score.get(side)) for side in ("home", "away"))


async def home_goal_runs(api: HomeAssistantApi, automation_id: str, since: datetime) -> list[Json]:
    """Return the goals that started a run of the automation since a time, from its traces."""
    return [
        as_json_object(as_json_object(trigger["event"], "event").get("data"), "event data")
        for trigger in await trigger_runs(api, automation_id, since)
    ]


async def saved_trigger(api: HomeAssistantApi, automation_id: str) -> Json:
    """Return the one trigger of an automation saved in the editor, as Home Assistant keeps it."""
    config = as_json_object(
        await api.get(f"/api/config/automation/config/{automation_id}"), "automation"
    )
    (trigger,) = as_json_list(config.get("triggers", config.get("trigger")), "triggers")
    return trigger


async def shown_saved(
    dashboard: DashboardPage, api: HomeAssistantApi, automation_id: str, trigger: str, shot: str
) -> str:
    """Wait for a saved automation's entity and its trigger in the editor; return the entity."""
    state = await poll(
        f"the automation entity of {automation_id}",
        AUTOMATION_SECONDS,
        lambda: automation_state(api, automation_id),
    )
    await dashboard.page.get_by_text(trigger).first.wait_for()
    await dashboard.screenshot(shot)
    return str(state["entity_id"])


async def check_device_trigger_automation(
    dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi, match: DemoMatch
) -> None:
    """Make an automation on the match's "Home side scores" trigger, score, and check its run."""
    automation_id = await create_trigger_automation_in_editor(dashboard, match)
    step(f"saved {TRIGGER_AUTOMATION_NAME!r} ({automation_id}) in the automation editor")
    trigger = await saved_trigger(api, automation_id)
    if (trigger.get("domain"), trigger.get("type")) != (DOMAIN, "goal_home"):
        raise E2ECheckError(f"the saved automation has the trigger {trigger}")
    entity_id = await shown_saved(
        dashboard, api, automation_id, HOME_GOAL_TRIGGER, "06d-automation-saved"
    )

    before_goal = datetime.now(UTC)
    scored = await simulator.control(f"matches/{match.match_id}/goal", {"team": "home"})
    goal = score_of(scored)
    step(f"{match.name}: the simulator scored for {scored['home']}: {goal}")

    async def triggered() -> Json | None:
        found = await automation_state(api, automation_id)
        attributes = as_json_object((found or {}).get("attributes"), entity_id)
        last = attributes.get("last_triggered")
        return found if last and datetime.fromisoformat(str(last)) >= before_goal else None

    state = await poll(f"{entity_id} running for the goal", AUTOMATION_SECONDS, triggered)
    attributes = as_json_object(state.get("attributes"), entity_id)
    step(f"{entity_id} ran at {attributes['last_triggered']} (REST API)")

    async def ran_for_goal() -> list[Json] | None:
        runs = await home_goal_runs(api, automation_id, before_goal)
        return runs if any(same_score(run, goal) for run in runs) else None

    runs = await poll(f"the trace of {entity_id} for the goal", AUTOMATION_SECONDS, ran_for_goal)
    # The script may score as well: each home goal since ours starts one run, nothing else does.
    ours = [run for run in runs if same_score(run, goal)]
    if len(ours) != 1 or any(run.get("team") != "home" for run in runs):
        raise E2ECheckError(f"{entity_id} ran {len(ours)} times for the goal: {runs}")
    scores = [f"{score_of(run)['home']}-{score_of(run)['away']}" for run in runs]
    step(f"{entity_id} ran once for the goal {goal['home']}-{goal['away']}; runs since: {scores}")


async def create_team_trigger_automation(dashboard: DashboardPage, team: str) -> str:
    """Make "when my team scores" from the trigger picker's search; return its configuration id."""
    page = dashboard.page
    await page.goto(f"{dashboard.settings.ha_url}/config/automation/edit/new")
    await page.get_by_role("button", name="Add trigger").first.click()
    # The search box is slotted into the dialog, out of reach of a locator scoped to it.
    await page.get_by_placeholder("Search").last.fill(TEAM_TRIGGER_SEARCH)
    # Each result is a button named by the trigger's name, then its description.
    found = page.get_by_role("button", name=re.compile(rf"^{TEAM_SCORED_TRIGGER}( |$)"))
    try:
        await found.first.wait_for()
    except Exception as err:
        raise E2ECheckError(
            f"searching the triggers for {TEAM_TRIGGER_SEARCH!r} finds no {TEAM_SCORED_TRIGGER!r}"
        ) from err
    step(f"searching the triggers for {TEAM_TRIGGER_SEARCH!r} offers {TEAM_SCORED_TRIGGER!r}")
    await dashboard.cards.dialog_screenshot("37-trigger-search")
    await found.first.click()
    # The trigger opens in a side panel: its Teams field, a device picker of Sportrix teams.
    await page.get_by_role("button", name="Select a device").first.click()
    await page.get_by_role("option", name=re.compile(rf"^{re.escape(team)}( |$)")).first.click()
    await page.get_by_role("dialog", name="Select option").wait_for(state="hidden")
    try:
        await page.get_by_role("button", name=team, exact=True).first.wait_for()
    except Exception as err:
        raise E2ECheckError(
            f"the Teams field of {TEAM_SCORED_TRIGGER!r} does not show {team}"
        ) from err
    step(f"picked {TEAM_SCORED_TRIGGER!r} and {team} in the automation editor")
    await dashboard.screenshot("37a-trigger-team-picked")
    await page.get_by_role("button", name="Save", exact=True).last.click()
    await page.get_by_role("textbox", name=re.compile(r"^Name")).fill(TEAM_TRIGGER_AUTOMATION_NAME)
    await page.get_by_role("button", name="Save", exact=True).last.click()
    await page.wait_for_url(re.compile(r"/config/automation/edit/(?!new$)[^/]+$"))
    return urlsplit(page.url).path.rsplit("/", 1)[-1]


async def trigger_runs(api: HomeAssistantApi, automation_id: str, since: datetime) -> list[Json]:
    """Return what each run of the automation since a time saw as `trigger`, from its traces."""
    async with api.websocket() as ws:
        traces = as_json_list(
            await ws.command("trace/list", domain="automation", item_id=automation_id), "traces"
        )
        runs = []
        for trace in traces:
            stamp = as_json_object(trace.get("timestamp"), "timestamp")
            if datetime.fromisoformat(str(stamp["start"])) < since:
                continue
            full = as_json_object(
                await ws.command(
                    "trace/get", domain="automation", item_id=automation_id, run_id=trace["run_id"]
                ),
                "trace",
            )
            (first,) = as_json_list(as_json_object(full.get("trace"), "trace")["trigger/0"], "step")
            variables = as_json_object(first.get("changed_variables"), "variables")
            runs.append(as_json_object(variables["trigger"], "trigger"))
    return runs


async def check_team_trigger_automation(
    dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi
) -> None:
    """Find "Team scores" by typing "scores" in the trigger picker, save it, score, see it run."""
    if not release_at_least(INTEGRATION_TRIGGERS):
        step(
            f"Home Assistant {HA_VERSION} has no integration triggers: skipped finding"
            f" {TEAM_SCORED_TRIGGER!r} in the trigger picker's search"
        )
        return
    automation_id = await create_team_trigger_automation(dashboard, DEMO_TEAM)
    step(f"saved {TEAM_TRIGGER_AUTOMATION_NAME!r} ({automation_id}) in the automation editor")
    trigger = await saved_trigger(api, automation_id)
    device_id = await team_device_id(api, DEMO_TEAM)
    options = as_json_object(trigger.get("options"), "options")
    if trigger.get("trigger") != TEAM_SCORED_KEY or options.get("device_id") not in (
        device_id,
        [device_id],
    ):
        raise E2ECheckError(f"the saved automation has the trigger {trigger}")
    entity_id = await shown_saved(
        dashboard, api, automation_id, TEAM_SCORED_TRIGGER, "37b-trigger-automation-saved"
    )

    before_goal = datetime.now(UTC)
    scored = await simulator.control(f"matches/{TEAM_MATCH}/goal", {"team": "home"})
    goal = score_of(scored)
    step(f"{scored['home']} vs {scored['away']}: the simulator scored for {scored['home']}: {goal}")

    def ours(run: Json) -> bool:
        return (str(run.get("home_score")), str(run.get("away_score"))) == (
            str(goal["home"]),
            str(goal["away"]),
        )

    async def ran_for_goal() -> list[Json] | None:
        runs = await trigger_runs(api, automation_id, before_goal)
        return runs if any(ours(run) for run in runs) else None

    runs = await poll(f"the trace of {entity_id} for the goal", AUTOMATION_SECONDS, ran_for_goal)
    found = await automation_state(api, automation_id)
    last = as_json_object((found or {}).get("attributes"), entity_id).get("last_triggered")
    if not last or datetime.fromisoformat(str(last)) < before_goal:
        raise E2ECheckError(f"{entity_id} has not triggered since the goal: {last}")
    # The script may score as well: each goal of the team since ours starts one run.
    if len([run for run in runs if ours(run)]) != 1 or any(
        str(run.get("team_name")) != DEMO_TEAM for run in runs
    ):
        raise E2ECheckError(f"{entity_id} ran {len(runs)} times for the goal: {runs}")
    step(
        f"{entity_id} ran once for {DEMO_TEAM}'s goal {goal['home']}-{goal['away']}"
        f" (last triggered {last})"
    )


async def check_added_match(dashboard: DashboardPage, api: HomeAssistantApi) -> None:
    """Follow one more match in the integration's options and find its card on the dashboard."""
    await follow_matches(api, [*DEMO_MATCHES, ADDED_MATCH])
    step(f"followed match {ADDED_MATCH} in the integration's options")

    async def registered() -> DemoMatch | None:
        async with api.websocket() as ws:
            for match in await registered_matches(ws):
                named = not match.name.startswith("Match ")
                if match.match_id == ADDED_MATCH and named and match.headline:
                    return match
        return None

    match = await poll(f"match {ADDED_MATCH} in the registries", NEW_MATCH_SECONDS, registered)

    async def saved() -> bool | None:
        async with api.websocket() as ws:
            config = await ws.command("lovelace/config", url_path=DASHBOARD_URL_PATH, force=True)
        return True if match.name in json.dumps(config) else None

    # Opened before the keeper saved the card, the page would only offer to refresh.
    await poll(f"a card for {match.name} in the saved dashboard", NEW_MATCH_SECONDS, saved)
    await dashboard.open_dashboard()
    card = dashboard.cards.card(match.name)
    try:
        await card.wait_for(timeout=NEW_MATCH_SECONDS * 1000)
    except Exception as err:
        raise E2ECheckError(f"the dashboard shows no card for {match.name}") from err
    step(f"the dashboard shows a card for {match.name}")
    await dashboard.screenshot("07-dashboard-added-match")


class AddTeamDialog:
    """The integration's page and its "Add team" flow, driven through the dialogs."""

    def __init__(self, dashboard: DashboardPage) -> None:
        """Drive the page the dashboard wraps."""
        self.page = dashboard.page
        self.dashboard = dashboard

    async def open_integration(self) -> None:
        """Open the Sportrix integration's page and wait for its entry."""
        await self.page.goto(
            f"{self.dashboard.settings.ha_url}/config/integrations/integration/{DOMAIN}"
        )
        # Both releases offer the entry's options as "Configure": the entry is there.
        await self.page.get_by_role("button", name="Configure").first.wait_for()

    async def start(self) -> None:
        """Click "Add team": a button on the page, or in the entry's menu on older releases."""
        button = self.page.get_by_role("button", name="Add team", exact=True)
        if await button.count():
            await button.click()
            return
        # Home Assistant 2025.4 lists the subentry types in the entry's overflow menu.
        await self.page.get_by_role("button", name="Menu").first.click()
        await self.page.get_by_role("menuitem", name="Add team").click()

    def field(self, label: str) -> Locator:
        """Return a select of the dialog's form by its label (a button, or a combo box)."""
        # A whole word: the page behind the dialog lists the "Sportrix" device too.
        name = re.compile(rf"^{re.escape(label)}(\W|$)")
        return self.page.get_by_role("button", name=name).or_(
            self.page.get_by_role("combobox", name=name)
        )

    async def pick(self, label: str, option: str) -> None:
        """Open a select and click one of its options by its text."""
        await self.field(label).click()
        choice = self.page.get_by_role("option", name=option, exact=True).or_(
            self.page.get_by_role("menuitem", name=option, exact=True)
        )
        await choice.first.click()
        shown = self.field(label)
        try:
            await shown.filter(has_text=option).wait_for(timeout=5_000)
        except Exception as err:
            text = await shown.first.inner_text()
            raise E2ECheckError(f"the {label} field shows {text!r}, not {option!r}") from err

    async def submit(self) -> None:
        """Submit the dialog's step."""
        await self.page.get_by_role("button", name="Submit").click()

    async def add(self, sport: str, league: str, team: str) -> None:
        """Go through the flow: sport, competition, team; then close the result."""
        await self.start()
        first = self.field("Sport").or_(self.field("Competition"))
        await first.first.wait_for()
        # The demo key reads soccer and cricket: the flow asks for the sport first.
        if await self.field("Sport").count():
            await self.pick("Sport", sport)
            await self.submit()
        await self.pick("Competition", league)
        await self.submit()
        await self.pick("Team", team)
        path = self.dashboard.artifacts / "08-add-team-dialog.png"
        await self.page.screenshot(path=str(path))
        step(f"picked {league} and {team} in the Add team dialogs")
        await self.submit()
        # Current releases end the flow on a page naming what was created, closed by "Finish";
        # 2025.4 closes the dialog itself.
        finish = self.page.get_by_role("button", name="Finish")
        with contextlib.suppress(Exception):
            await finish.wait_for(timeout=5_000)
        if await finish.count():
            await finish.click()


async def team_subentries(api: HomeAssistantApi) -> list[str]:
    """Return the titles of the teams the Sportrix entry follows."""
    (entry,) = as_json_list(
        await api.get(f"/api/config/config_entries/entry?domain={DOMAIN}"), "entries"
    )
    async with api.websocket() as ws:
        answer = await ws.command("config_entries/subentries/list", entry_id=entry["entry_id"])
    return [
        str(sub.get("title"))
        for sub in as_json_list(answer, "subentries")
        if sub.get("subentry_type") == "team"
    ]


async def team_device_id(api: HomeAssistantApi, name: str) -> str:
    """Return the device id of a followed team."""
    async with api.websocket() as ws:
        devices = as_json_list(await ws.command("config/device_registry/list"), "devices")
    for device in devices:
        identifiers = device.get("identifiers")
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if (
                isinstance(identifier, list)
                and identifier[0] == DOMAIN
                and str(identifier[1]).startswith(TEAM_DEVICE_PREFIX)
                and device.get("name") == name
            ):
                return str(device["id"])
    raise E2ECheckError(f"no device for the team {name}")


def _identifiers(device: Json) -> list[object]:
    """Return a registry device's identifiers, as the websocket API lists them."""
    identifiers = device.get("identifiers")
    return identifiers if isinstance(identifiers, list) else []


def device_subentries(device: Json) -> set[str | None]:
    """Return the subentries a device belongs to: one since 2026.8, a set per entry before."""
    if "config_subentry_id" in device:
        return {None if device["config_subentry_id"] is None else str(device["config_subentry_id"])}
    by_entry = device.get("config_entries_subentries")
    return {
        None if sub is None else str(sub)
        for subs in (by_entry.values() if isinstance(by_entry, dict) else [])
        for sub in (subs if isinstance(subs, list) else [])
    }


async def check_match_under_team(
    dashboard: DashboardPage, flow: AddTeamDialog, api: HomeAssistantApi
) -> None:
    """Check that the match the team alone brings belongs to the team's subentry, and show it."""
    (entry,) = as_json_list(
        await api.get(f"/api/config/config_entries/entry?domain={DOMAIN}"), "entries"
    )
    async with api.websocket() as ws:
        subentries = as_json_list(
            await ws.command("config_entries/subentries/list", entry_id=entry["entry_id"]),
            "subentries",
        )
        devices = as_json_list(await ws.command("config/device_registry/list"), "devices")
    team_key = next(str(s["subentry_id"]) for s in subentries if s.get("title") == DEMO_TEAM)
    wanted = [DOMAIN, str(TEAM_MATCH)]
    device = next((d for d in devices if wanted in _identifiers(d)), None)
    if device is None or device_subentries(device) != {team_key}:
        raise E2ECheckError(f"the device of match {TEAM_MATCH} is not {DEMO_TEAM}'s: {device}")
    step(f"the device of match {TEAM_MATCH} belongs to {DEMO_TEAM}'s subentry")
    await flow.open_integration()
    await dashboard.page.get_by_text(DEMO_TEAM, exact=True).first.wait_for()
    await dashboard.screenshot("09b-integration-team-match-device")


async def state_of(api: HomeAssistantApi, entity_id: str) -> Json:
    """Return an entity's state object through the REST API."""
    return as_json_object(await api.get(f"/api/states/{entity_id}"), entity_id)


async def check_team(dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi) -> None:
    """Add the demo team in the UI, play its match in the simulator, and follow it on the pages."""
    if DEMO_TEAM in await team_subentries(api):
        raise E2ECheckError(f"{DEMO_TEAM} is followed before the user added it")
    # Into the follow window: the team's match is found as soon as the team is added.
    await simulator.control(
        f"matches/{TEAM_MATCH}/schedule", {"start_in": TEAM_MATCH_START_IN_SECONDS}
    )
    flow = AddTeamDialog(dashboard)
    await flow.open_integration()
    started = time.monotonic()
    await flow.add(DEMO_TEAM_SPORT, DEMO_TEAM_LEAGUE, DEMO_TEAM)

    async def followed() -> bool | None:
        return True if DEMO_TEAM in await team_subentries(api) else None

    await poll(f"the team subentry {DEMO_TEAM}", UPDATE_SECONDS, followed)
    step(f"the entry follows {DEMO_TEAM}")
    await flow.open_integration()
    await dashboard.page.get_by_text(DEMO_TEAM, exact=True).first.wait_for()
    await dashboard.screenshot("09-integration-team")

    async def team_and_match() -> tuple[FollowedTeam, DemoMatch] | None:
        async with api.websocket() as ws:
            found = await registered(ws)
        team = next((t for t in found.teams if t.name == DEMO_TEAM), None)
        match = next((m for m in found.matches if m.match_id == TEAM_MATCH), None)
        if team is None or {TEAM_SENSOR_KEY, TEAM_EVENT_KEY} - team.entities.keys():
            return None
        if match is None or match.name.startswith("Match ") or not match.headline:
            return None
        return team, match

    team, match = await poll(
        f"the device of {DEMO_TEAM} and of its match {TEAM_MATCH}",
        NEW_MATCH_SECONDS,
        team_and_match,
    )
    step(f"{match.name}: its device appeared {time.monotonic() - started:.1f} s after the add")
    await check_match_under_team(dashboard, flow, api)
    sensor, event = team.entity(TEAM_SENSOR_KEY), team.entity(TEAM_EVENT_KEY)
    picture = (await state_of(api, sensor))["attributes"]
    if "/silks/" not in str(as_json_object(picture, sensor).get("entity_picture")):
        raise E2ECheckError(f"{sensor} has no kit picture: {picture}")

    if not await simulator.started(TEAM_MATCH):  # autoplay kicks it off at its start time
        await simulator.control(f"matches/{TEAM_MATCH}/kick_off", {})

    async def in_play() -> bool | None:
        return True if (await state_of(api, sensor)).get("state") == "in" else None

    # Refused before kick-off, the match is asked for again at its start time.
    await poll(f"{sensor} in play", TEAM_MATCH_START_IN_SECONDS + TEAM_UPDATE_SECONDS, in_play)
    step(f"{match.name}: kicked off; {sensor} is in play")
    before_goal = datetime.now(UTC)
    scored = await simulator.control(f"matches/{TEAM_MATCH}/goal", {"team": "home"})
    goals = int(str(score_of(scored)["home"]))
    step(f"{match.name}: the simulator scored for {scored['home']}: {score_of(scored)}")

    async def recorded() -> Json | None:
        # The script scores too: ours is the one recorded after it was sent, with our count.
        state = await state_of(api, event)
        attributes = as_json_object(state.get("attributes"), event)
        if attributes.get("event_type") != "scored":
            return None
        if datetime.fromisoformat(str(state["state"])) < before_goal:
            return None
        team_state = as_json_object((await state_of(api, sensor)).get("attributes"), sensor)
        return state if int(str(team_state.get("team_score", -1))) >= goals else None

    state = await poll(f"{event} recording scored", TEAM_UPDATE_SECONDS, recorded)
    step(f"{event} recorded scored at {state['state']} (REST API)")
    await check_scoreboard(api, team, goals)
    await check_team_pages(dashboard, api, team, match, soccer_score_text(scored))


async def check_scoreboard(api: HomeAssistantApi, team: FollowedTeam, goals: int) -> None:
    """Check that the team's scoreboard sensor shows its match in play with its goals."""
    if TEAM_SCOREBOARD_KEY not in team.entities:
        raise E2ECheckError(f"{team.name} has no scoreboard sensor")
    scoreboard = team.entity(TEAM_SCOREBOARD_KEY)

    async def shown() -> Json | None:
        state = await state_of(api, scoreboard)
        board = as_json_object(state.get("attributes"), scoreboard)
        in_play = state.get("state") == "IN"
        return state if in_play and int(str(board.get("team_score", -1))) >= goals else None

    state = await poll(f"{scoreboard} in play with {goals} goals", TEAM_UPDATE_SECONDS, shown)
    board = as_json_object(state.get("attributes"), scoreboard)
    step(
        f"{scoreboard}: {state['state']}, {board.get('team_score')}-"
        f"{board.get('opponent_score')} at {board.get('clock')} (REST API)"
    )


async def check_team_pages(
    dashboard: DashboardPage,
    api: HomeAssistantApi,
    team: FollowedTeam,
    match: DemoMatch,
    score: str,
) -> None:
    """Check the team on the dashboard, in the logbook, on its device page and in the calendar."""
    page = dashboard.page
    sensor = team.entity(TEAM_SENSOR_KEY)

    async def saved() -> bool | None:
        # The match's score entity comes with its sport, at kick-off: its card follows.
        async with api.websocket() as ws:
            matches = {m.match_id: m for m in (await registered(ws)).matches}
            config = json.dumps(
                await ws.command("lovelace/config", url_path=DASHBOARD_URL_PATH, force=True)
            )
        current = matches.get(match.match_id)
        if current is None or "score" not in current.entities:
            return None
        return True if sensor in config and current.entity("score") in config else None

    await poll(f"a card for {team.name} in the saved dashboard", NEW_MATCH_SECONDS, saved)
    await dashboard.cards.team_card(team.name, int(score.partition("-")[0]))
    await page.goto(f"{dashboard.settings.ha_url}{ENTITIES_PATH}")
    card = page.locator("hui-vertical-stack-card").filter(has_text=team.name)
    for shown in ("In play", "Scored", "Ventura County FC", match.name, score):
        try:
            await card.get_by_text(shown).first.wait_for(timeout=TEAM_UPDATE_SECONDS * 1000)
        except Exception as err:
            raise E2ECheckError(f"the team card of {team.name} does not show {shown!r}") from err
    picture = card.locator("hui-tile-card img")
    if not await picture.count() or "/silks/" not in str(await picture.first.get_attribute("src")):
        raise E2ECheckError(f"the team card of {team.name} shows no kit")
    step(f"the dashboard's team card shows {team.name} in play, Scored, and {match.name}")
    await dashboard.screenshot("10-dashboard-team")

    event = team.entity(TEAM_EVENT_KEY)
    await page.goto(f"{dashboard.settings.ha_url}/logbook?entity_id={event}")
    # Home Assistant 2025.4's logbook says that an event entity "detected an event", not which.
    entry = page.get_by_text("Scored").or_(page.get_by_text("detected an event"))
    try:
        await entry.first.wait_for(timeout=LOGBOOK_SECONDS * 1000)
    except Exception as err:
        raise E2ECheckError(f"the logbook shows no entry of {event}") from err
    step(f"the logbook shows {event}: {' '.join((await entry.first.inner_text()).split())}")
    await dashboard.screenshot("11-logbook-team-event")

    device_id = await team_device_id(api, team.name)
    await page.goto(f"{dashboard.settings.ha_url}/config/devices/device/{device_id}")
    await page.get_by_text(team.name).first.wait_for()
    await page.get_by_text("Match event").first.wait_for()
    await dashboard.screenshot("12-team-device")

    await page.goto(f"{dashboard.settings.ha_url}/calendar")
    # The month grid hides a busy day's matches behind "+2 more": the list shows each. Its
    # button is the view toggles' last; 2025.4's calendar page leaves the toggles unnamed.
    list_view = re.compile(r"^list", re.IGNORECASE)
    toggle = (
        page.get_by_role("button", name=list_view)
        .or_(page.get_by_role("radio", name=list_view))
        .or_(page.locator("ha-full-calendar ha-button-toggle-group ha-icon-button").last)
    )
    try:
        await toggle.first.click(timeout=10_000)
    except Exception as err:
        raise E2ECheckError("the calendar offers no list view") from err
    try:
        await page.get_by_text(match.name).first.wait_for(timeout=TEAM_UPDATE_SECONDS * 1000)
    except Exception as err:
        raise E2ECheckError(f"the calendar does not show {match.name}") from err
    step(f"the calendar shows {match.name}")
    await dashboard.screenshot("13-calendar")


async def broadcast_delay_entity(api: HomeAssistantApi) -> str:
    """Return the entity id of the integration's broadcast delay."""
    async with api.websocket() as ws:
        entities = as_json_list(await ws.command("config/entity_registry/list"), "entities")
    for entry in entities:
        if entry.get("platform") == DOMAIN and str(entry.get("unique_id")).endswith(
            "_broadcast_delay"
        ):
            return str(entry["entity_id"])
    raise E2ECheckError("the integration has no broadcast delay entity")


async def set_broadcast_delay(api: HomeAssistantApi, entity_id: str, seconds: int) -> None:
    """Set the broadcast delay with the number.set_value action and wait for its state."""
    await api.post("/api/services/number/set_value", {"entity_id": entity_id, "value": seconds})

    async def applied() -> bool | None:
        state = (await state_of(api, entity_id)).get("state")
        return True if state is not None and float(str(state)) == seconds else None

    await poll(f"{entity_id} at {seconds} s", UPDATE_SECONDS, applied)
    step(f"{entity_id} set to {seconds} s")


def home_goals(state: Json) -> int | None:
    """Return the home goals of a soccer score sensor's state ("2-1"), None when it has none."""
    found = SOCCER_SCORE.match(str(state.get("state")))
    return int(found[1]) if found else None


async def check_broadcast_delay(
    simulator: Simulator, api: HomeAssistantApi, match: DemoMatch
) -> None:
    """Set a broadcast delay, score, and check the score sensor shows it only after the delay."""
    delay_entity = await broadcast_delay_entity(api)
    score = match.entity("score")
    await set_broadcast_delay(api, delay_entity, BROADCAST_DELAY_SECONDS)
    try:
        started = time.monotonic()
        scored = await simulator.control(f"matches/{match.match_id}/goal", {"team": "home"})
        goals = int(str(score_of(scored)["home"]))
        step(f"{match.name}: the simulator scored for {scored['home']}: {score_of(scored)}")
        await asyncio.sleep(HELD_BACK_CHECK_SECONDS)
        held = await state_of(api, score)
        if (shown := home_goals(held)) is None or shown >= goals:
            raise E2ECheckError(
                f"{score} shows {held.get('state')!r} {HELD_BACK_CHECK_SECONDS} s after the goal,"
                f" within the broadcast delay of {BROADCAST_DELAY_SECONDS} s"
            )
        step(f"{score} still shows {held['state']} after {time.monotonic() - started:.1f} s")

        async def shown_late() -> Json | None:
            state = await state_of(api, score)
            return state if (home_goals(state) or 0) >= goals else None

        state = await poll(
            f"the goal on {score} after the broadcast delay",
            BROADCAST_DELAY_SECONDS + UPDATE_SECONDS,
            shown_late,
        )
        elapsed = time.monotonic() - started
        if elapsed < BROADCAST_DELAY_SECONDS - 1:
            raise E2ECheckError(f"{score} showed the goal after {elapsed:.1f} s, before the delay")
        step(f"{score} shows {state['state']} after {elapsed:.1f} s, the delay passed")
    finally:
        await set_broadcast_delay(api, delay_entity, 0)


async def check_seen_on_tv(
    dashboard: DashboardPage, api: HomeAssistantApi, match: DemoMatch
) -> None:
    """Press the card's "Seen it on TV" some seconds after a goal: the delay becomes that."""
    entity_id = await broadcast_delay_entity(api)
    try:
        seconds = await dashboard.cards.seen_on_tv(match.name)

        async def set_to() -> float | None:
            state = float(str((await state_of(api, entity_id)).get("state")))
            return state if state > 0 else None

        delay = await poll(f"{entity_id} set from the card", UPDATE_SECONDS, set_to)
        if abs(delay - seconds) > 1.5:
            raise E2ECheckError(
                f"the card set the delay to {delay} s, {seconds:.1f} s after the goal"
            )
        step(f"{entity_id} is {delay:g} s, set from the card {seconds:.1f} s after the goal")
    finally:
        await set_broadcast_delay(api, entity_id, 0)


async def check_full_and_half_time(
    dashboard: DashboardPage, simulator: Simulator, match: DemoMatch
) -> None:
    """End the team's match and check its card's result; stop a match's clock at half time."""
    await simulator.control(f"matches/{TEAM_MATCH}/finish", {})
    step(f"the simulator ended match {TEAM_MATCH}")
    await dashboard.cards.full_time(DEMO_TEAM)
    half_time = {"status": "ht", "clock": {"period": "HT", "running": False}}
    await simulator.control(f"matches/{match.match_id}/update", half_time)
    step(f"{match.name}: the simulator went to half time")
    await dashboard.cards.half_time(match.name)


async def check_outage(dashboard: DashboardPage, simulator: Simulator, match: DemoMatch) -> None:
    """Take the stream and the REST API down: the card greys its last score; then bring them up."""
    score = await dashboard.score(match)
    refused = {"status": 503}
    await simulator.control("rest/refuse", refused)
    await simulator.control("refuse", refused)
    await simulator.control("drop", {})
    step("the simulator refuses the stream and the REST API")
    try:
        await dashboard.cards.connection_lost(match.name, score)
    finally:
        await simulator.control("accept", {})
        await simulator.control("rest/accept", {})
    await dashboard.cards.connection_back(match.name)


async def dashboard_is_the_default(api: HomeAssistantApi) -> bool:
    """Tell whether Home Assistant keeps a default dashboard for all, and it is the demo's."""
    async with api.websocket() as ws:
        try:
            answer = await ws.command("frontend/get_system_data", key="core")
        except HomeAssistantApiError:
            return False
    core = as_json_object(answer, "system data").get("value")
    return isinstance(core, dict) and core.get("default_panel") == DASHBOARD_URL_PATH


async def check_landing(api: HomeAssistantApi, landed: str) -> None:
    """Fail if the login did not lead to the demo dashboard where it is everyone's default."""
    if await dashboard_is_the_default(api) and landed != DASHBOARD_PATH:
        raise E2ECheckError(f"the demo dashboard is the default, yet the login led to {landed}")


# The demo soccer match's league in the simulator's catalog (its matches/41282_*.json).
DEMO_SOCCER_LEAGUE = 101


async def check_second_entry(
    dashboard: DashboardPage, simulator: Simulator, api: HomeAssistantApi, like: DemoMatch
) -> None:
    """Set a polling-only key up in the browser as a second entry; see its goal within two polls."""
    settings = dashboard.settings
    await e2e_flows.add_polling_match(simulator.control, like.match_id, DEMO_SOCCER_LEAGUE)
    await e2e_flows.set_up_polling_entry(
        dashboard.page,
        settings.ha_url,
        (settings.stream_url, settings.api_url),
        dashboard.cards.dialog_screenshot,
        step,
    )
    await e2e_flows.check_polling_goal(api, simulator.control, step)
    await e2e_flows.check_two_entries(dashboard.page, settings.ha_url, dashboard.screenshot, step)


async def check_in_german(dashboard: DashboardPage, api: HomeAssistantApi) -> None:
    """Switch the demo user to German once; the flow, a name and a state speak it."""
    await e2e_flows.switch_to_german(api, step)
    await e2e_flows.check_german(
        dashboard.page,
        dashboard.settings.ha_url,
        ENTITIES_PATH,
        dashboard.cards.dialog_screenshot,
        dashboard.screenshot,
        step,
    )


async def drive_browser(
    browser: Browser,
    settings: StackSettings,
    matches: list[DemoMatch],
    artifacts: Path,
    api: HomeAssistantApi,
) -> None:
    """Run the user-visible checks in one browser page."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(30_000)
    dashboard = DashboardPage(page, settings, artifacts)
    dashboard.cards.listen()
    by_sport = {match.sport: match for match in matches}
    try:
        landed = await dashboard.log_in()
        step(f"logged in as the demo user at / and landed on {landed}")
        await check_landing(api, landed)
        async with aiohttp.ClientSession(raise_for_status=False) as session:
            simulator = Simulator(session, settings)
            await check_goal(dashboard, simulator, api, by_sport["soccer"])
            await check_wicket(dashboard, simulator, api, by_sport["cricket"])
            await check_device_trigger_automation(dashboard, simulator, api, by_sport["soccer"])
            await check_added_match(dashboard, api)
            await dashboard.cards.add_through_picker(api, by_sport["soccer"].name)
            await check_team(dashboard, simulator, api)
            await check_team_trigger_automation(dashboard, simulator, api)
            await dashboard.cards.fits_a_phone()
            await dashboard.cards.dark_theme()
            await check_broadcast_delay(simulator, api, by_sport["soccer"])
            await check_full_and_half_time(dashboard, simulator, by_sport["soccer"])
            await check_outage(dashboard, simulator, by_sport["soccer"])
            await e2e_flows.check_finished_match_named(
                dashboard.page,
                settings.ha_url,
                api=api,
                control=simulator.control,
                match=(by_sport["soccer"].match_id, by_sport["soccer"].name),
                dialog_screenshot=dashboard.cards.dialog_screenshot,
                step=step,
            )
            await check_second_entry(dashboard, simulator, api, by_sport["soccer"])
            await check_in_german(dashboard, api)
        dashboard.cards.check_console()
    except Exception:
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(artifacts / "failure.png"), full_page=True)
        raise
    finally:
        await dashboard.cards.write_log()
        await context.close()


async def run_e2e(stack: Stack, chromium: Path, artifacts: Path) -> int:
    """Start the stack, set it up as develop does, and drive the browser."""
    settings = stack.settings
    started = time.monotonic()
    write_configuration(settings.config_dir, host="127.0.0.1", port=settings.ha_port)
    async with stack, aiohttp.ClientSession() as session:
        step(f"Home Assistant {HA_VERSION} up in {time.monotonic() - started:.1f} s")
        api = HomeAssistantApi(session, settings.ha_url)
        # Autoplay would kick the demo team's match off during the other checks.
        await Simulator(session, settings).control(
            f"matches/{TEAM_MATCH}/schedule", {"start_in": TEAM_MATCH_HELD_BACK_SECONDS}
        )
        keeper = DashboardKeeper(api, settings.config_dir)
        matches = await provision(api, settings.stream_url, settings.api_url, keeper)
        step(f"provisioned in {time.monotonic() - started:.1f} s: {[m.name for m in matches]}")
        # As scripts/develop does while it runs: new matches get their cards.
        keeping = asyncio.create_task(keeper.run())
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(chromium), args=CHROMIUM_ARGS
                )
                try:
                    await drive_browser(browser, settings, matches, artifacts, api)
                finally:
                    await browser.close()
        finally:
            keeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeping
    step(f"passed on Home Assistant {HA_VERSION} in {time.monotonic() - started:.1f} s")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="scripts/e2e", description=__doc__.splitlines()[0])
    add_release_arguments(parser, "test on")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, help="the browser to drive")
    parser.add_argument(
        "--artifacts",
        type=Path,
        help="where screenshots and logs go (default: artifacts/e2e/<release>/)",
    )
    parser.add_argument("--speed", type=float, default=10.0, help="match playback speed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary configuration directory"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the end-to-end test; exit non-zero on any failure, with the logs' tails."""
    logging.basicConfig(level=logging.INFO, format="e2e: %(message)s")
    args = parse_args(argv)
    if not args.chromium.exists():
        print(f"e2e: {args.chromium} not found; install it: apt-get install chromium")
        return 2
    artifacts: Path = (args.artifacts or REPO_ROOT / "artifacts" / "e2e" / args.release).resolve()
    artifacts.mkdir(parents=True, exist_ok=True)
    for old in artifacts.glob("*.png"):
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="sportrix-e2e-"))
    settings = StackSettings(
        config_dir=work / "config",
        log_dir=work,
        ha_port=free_port(),
        simulator_port=free_port(),
        speed=args.speed,
    )
    stack = Stack(settings)
    status = 1
    try:
        status = run_until_signalled(lambda: run_e2e(stack, args.chromium, artifacts), stack.kill)
    except (CheckError, StackError, HomeAssistantApiError) as err:
        print(f"e2e: FAILED: {err}", file=sys.stderr)
    except Exception as err:
        _LOGGER.exception("e2e: FAILED with an unexpected error")
        print(f"e2e: FAILED: {err!r}", file=sys.stderr)
    finally:
        for log in (settings.ha_log, settings.log_dir / "simulator.log"):
            if log.exists():
                shutil.copy(log, artifacts / log.name)
        if settings.ha_log.exists() and (
            reports := usage_reports(settings.ha_log.read_text(encoding="utf-8", errors="replace"))
        ):
            print(
                "e2e: FAILED: Home Assistant reports the integration's use of deprecated or"
                " blocking APIs:\n" + "\n".join(reports),
                file=sys.stderr,
            )
            status = 1
        if status != 0:
            print(f"e2e: Home Assistant's log ends with:\n{tail(settings.ha_log, 80)}")
            simulator_log = tail(settings.log_dir / "simulator.log", 20)
            print(f"e2e: the simulator's log ends with:\n{simulator_log}")
            print(f"e2e: screenshots and logs in {artifacts}")
        if args.keep:
            print(f"e2e: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
