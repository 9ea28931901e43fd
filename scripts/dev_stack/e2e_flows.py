"""Browser checks of what a user does outside the dashboard: a second entry, and German.

A key with REST polling only (no live stream) is set up through the integration's real config
flow in the browser, named so that its entry is told apart from the demo's; a goal scored in
the simulator must reach its entities within two poll intervals. Then the demo user switches
Home Assistant to German and finds the config flow, an entity's name and a state in German.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import re
import time

from playwright.async_api import Locator, Page

from .checks import CheckError, poll
from .hass_api import HomeAssistantApi, as_json_list, as_json_object

type Json = dict[str, object]
type Screenshot = Callable[[str], Awaitable[object]]
type Control = Callable[[str, Json], Awaitable[Json]]

DOMAIN = "sportrix"
# The simulator's demo key with the live_scores scope only: no stream, no catalog.
POLLING_KEY = "sk_demo_live_only"
POLLING_ENTRY = "Kitchen"
# A live copy of the demo's soccer match that no other entry follows.
POLLING_MATCH = 49001
POLLING_HOME, POLLING_AWAY = "Lund City", "Malmo Rovers"
# The polling entry's interval in play, and how late a goal may be: two intervals.
POLL_INTERVAL = 10.0
FLOW_SECONDS = 60.0
GERMAN_SECONDS = 60.0
# A match's status as Home Assistant shows it in German.
GERMAN_STATUS = re.compile(r"^(Läuft|Halbzeit|Spielende|Nicht begonnen|Inningspause)$")


class FlowCheckError(CheckError):
    """A check of a flow or of the German interface failed."""


def _submit(page: Page) -> Locator:
    """Return the flow dialog's button that sends the step, as each release words it."""
    return page.get_by_role("button", name=re.compile(r"^(Submit|Next|Senden|Weiter)$"))


async def _entity_id(api: HomeAssistantApi, unique_id: str) -> str | None:
    """Return the entity id the registry gave a Sportrix unique id, if it has one yet."""
    async with api.websocket() as ws:
        entities = as_json_list(await ws.command("config/entity_registry/list"), "entities")
    for entity in entities:
        if entity.get("platform") == DOMAIN and entity.get("unique_id") == unique_id:
            return str(entity["entity_id"])
    return None


async def _state(api: HomeAssistantApi, entity_id: str) -> str | None:
    """Return an entity's state, or None while it has none."""
    try:
        state = as_json_object(await api.get(f"/api/states/{entity_id}"), entity_id)
    except Exception:  # noqa: BLE001 - a 404 until the entity is added
        return None
    return str(state.get("state"))


async def add_polling_match(control: Control, like: int, league: int) -> None:
    """Start a live copy of a demo match, in its league, for the polling entry to follow."""
    await control(
        "matches",
        {
            "like": like,
            "id": POLLING_MATCH,
            "league": league,
            "home": POLLING_HOME,
            "away": POLLING_AWAY,
            "status": "STARTED",
        },
    )


async def open_config_flow(page: Page, ha_url: str, title: str) -> None:
    """Open the integration's config flow as a "my" link does, up to its first step's title."""
    await page.goto(f"{ha_url}/config/integrations/dashboard/add?domain={DOMAIN}")
    # The dialog's text sits in its shadow root: the page's text locators reach it.
    heading = page.get_by_text(title, exact=True)
    # The link asks first whether to set the integration up.
    confirm = page.get_by_role("button", name="OK", exact=True)
    await heading.or_(confirm).first.wait_for()
    if not await heading.count():
        await confirm.click()
    await heading.wait_for()


async def _value(field: Locator) -> str | None:
    """Return what a form field holds, or None while it is empty."""
    return await field.input_value() or None


async def set_up_polling_entry(
    page: Page,
    ha_url: str,
    servers: tuple[str, str],
    screenshot: Screenshot,
    step: Callable[[str], None],
) -> None:
    """Add an entry with a polling-only key through the config flow dialog, as a user does."""
    await open_config_flow(page, ha_url, "Connect to Sportrix Data")
    # The fields are text boxes named by their labels; a password field has no such role.
    name = page.get_by_role("textbox", name=re.compile(r"^Name"))
    # The form fills in its suggested name once drawn; typed before that, a field is cleared.
    await poll("the form's suggested name", FLOW_SECONDS, lambda: _value(name))
    # The servers are in a collapsed section: the demo's simulator is not the public service.
    await page.get_by_text("Server addresses", exact=True).click()
    stream_url, api_url = servers
    fields = {
        name: POLLING_ENTRY,
        page.locator("input[type=password]"): POLLING_KEY,
        page.get_by_role("textbox", name=re.compile(r"^Stream URL")): stream_url,
        page.get_by_role("textbox", name=re.compile(r"^REST API URL")): api_url,
    }

    async def filled() -> bool | None:
        for field, value in fields.items():
            if await field.input_value() != value:
                await field.fill(value)
        # Read back after every field is typed: a late redraw clears what was typed before it.
        return all([await f.input_value() == v for f, v in fields.items()]) or None

    await poll("the polling entry's form, filled in", FLOW_SECONDS, filled, 0.5)
    await screenshot("30-flow-polling-key")
    await _submit(page).click()
    await page.get_by_text("Scores by polling", exact=True).wait_for()
    await screenshot("31-flow-polling-explained")
    step("the config flow told a key without the stream from a bad key, and explains polling")
    await _submit(page).click()
    await page.get_by_text("Matches to follow", exact=True).wait_for()
    await page.get_by_role("textbox", name=re.compile(r"^Matches")).fill(str(POLLING_MATCH))
    await _submit(page).click()
    # The last page: created, offering an area for the new device.
    done = page.get_by_role("button", name=re.compile(r"^(Finish|Skip|Close)$"))
    await done.first.wait_for()
    await screenshot("32-flow-created")
    await done.first.click()
    step(f"added the entry {POLLING_ENTRY} with a polling-only key in the browser")


async def check_polling_goal(
    api: HomeAssistantApi, control: Control, step: Callable[[str], None]
) -> float:
    """Score in the polled match; return the seconds until its score sensor showed it."""
    connection = await poll(
        f"the connection sensor of {POLLING_ENTRY}",
        FLOW_SECONDS,
        lambda: _polling_connection(api),
    )
    score = await poll(
        f"the score sensor of match {POLLING_MATCH}",
        FLOW_SECONDS,
        lambda: _entity_id(api, f"{POLLING_MATCH}_score"),
    )

    async def shown(expected: str) -> str | None:
        return expected if await _state(api, score) == expected else None

    before = await poll(f"{score} at 0-0", FLOW_SECONDS, lambda: shown("0-0"))
    started = time.monotonic()
    await control(f"matches/{POLLING_MATCH}/goal", {"team": "home"})
    await poll(f"{score} at 1-0", 2 * POLL_INTERVAL + 5, lambda: shown("1-0"))
    took = time.monotonic() - started
    if took > 2 * POLL_INTERVAL:
        raise FlowCheckError(f"the polled goal took {took:.1f} s, over two intervals")
    step(f"{connection} says polling; {score} went {before} → 1-0 in {took:.1f} s by polls")
    return took


async def _polling_connection(api: HomeAssistantApi) -> str | None:
    """Return the polling entry's connection sensor once it says polling."""
    async with api.websocket() as ws:
        entries = as_json_list(await ws.command("config_entries/get", domain=DOMAIN), "entries")
    entry_id = next((e["entry_id"] for e in entries if e.get("title") == POLLING_ENTRY), None)
    if entry_id is None:
        return None
    entity_id = await _entity_id(api, f"{entry_id}_connection")
    if entity_id is None or await _state(api, entity_id) != "polling":
        return None
    return entity_id


async def check_finished_match_named(
    page: Page,
    ha_url: str,
    *,
    api: HomeAssistantApi,
    control: Control,
    match: tuple[int, str],
    dialog_screenshot: Screenshot,
    step: Callable[[str], None],
) -> None:
    """End a followed match; the options still name it, as finished, not by its number."""
    match_id, name = match
    await control(f"matches/{match_id}/finish", {})
    status = await poll(
        f"the status sensor of match {match_id}",
        FLOW_SECONDS,
        lambda: _entity_id(api, f"{match_id}_status"),
    )

    async def finished() -> str | None:
        return "ft" if await _state(api, status) == "ft" else None

    await poll(f"{status} at ft", FLOW_SECONDS, finished)
    await page.goto(f"{ha_url}/config/integrations/integration/{DOMAIN}")
    await page.get_by_role("button", name="Configure").first.click()
    await page.get_by_text("Followed matches", exact=True).wait_for()
    # The catalog lists it no more: the label comes from what the entry learned of it.
    label = page.get_by_text(re.compile(rf"{re.escape(name)} · .*Finished"))
    await label.first.wait_for()
    shown = (await label.first.inner_text()).strip()
    await dialog_screenshot("39-options-finished-match")
    step(f"after full time the options name match {match_id} {shown!r}")


async def check_two_entries(
    page: Page, ha_url: str, screenshot: Screenshot, step: Callable[[str], None]
) -> None:
    """Find both entries named on the integration's page."""
    await page.goto(f"{ha_url}/config/integrations/integration/{DOMAIN}")
    for name in ("Sportrix", POLLING_ENTRY):
        await page.get_by_text(name, exact=True).first.wait_for()
    await screenshot("33-two-entries")
    step(f"the integration's page lists the entries Sportrix and {POLLING_ENTRY}")


async def switch_to_german(api: HomeAssistantApi, step: Callable[[str], None]) -> None:
    """Set the demo user's language and Home Assistant's to German, as a German user has them."""
    async with api.websocket() as ws:
        await ws.command(
            "frontend/set_user_data",
            key="language",
            value={"language": "de", "number_format": "language", "time_format": "language"},
        )
        await ws.command("config/core/update", language="de")
        entries = as_json_list(await ws.command("config_entries/get", domain=DOMAIN), "entries")
    # Entity names are written in Home Assistant's language when the entities are added.
    for entry in entries:
        await api.post(f"/api/config/config_entries/entry/{entry['entry_id']}/reload")
    step("switched the demo user and Home Assistant to German")


async def check_german(  # noqa: PLR0917 - the page's parts, passed as e2e has them
    page: Page,
    ha_url: str,
    entities_path: str,
    dialog_screenshot: Screenshot,
    screenshot: Screenshot,
    step: Callable[[str], None],
) -> None:
    """Find the config flow, an entity's name and a state in German in the browser."""
    await open_config_flow(page, ha_url, "Mit Sportrix Data verbinden")
    await page.get_by_text("API-Schlüssel").first.wait_for()
    await dialog_screenshot("34-german-config-flow")
    # Left by opening another page, as the flow is no longer wanted: nothing was created.
    await page.goto(f"{ha_url}{entities_path}")
    # The rows' names are the demo's own; their states are Home Assistant's, in German.
    status = page.get_by_text(GERMAN_STATUS).first
    await status.wait_for(timeout=GERMAN_SECONDS * 1000)
    shown = (await status.inner_text()).strip()
    await screenshot("35-german-entities")
    # The entity's own name is in its more-info dialog.
    await page.get_by_text("Minute", exact=True).first.click()
    await page.get_by_text(re.compile("Spielminute")).first.wait_for()
    await dialog_screenshot("36-german-more-info")
    await page.keyboard.press("Escape")
    step(f"in German: the config flow's first step, the status {shown}, the name Spielminute")
