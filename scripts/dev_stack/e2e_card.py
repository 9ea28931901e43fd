"""The browser test's checks of the integration's match card, on the demo dashboard's pages.

The card is added through the dashboard's card picker and its visual editor, as a user would; it
must show the live score, change within a second of a goal, count the clock's seconds between
frames and stop them at half time, show a followed team's result after full time, fit a phone's
width, and draw in the dark theme, with no error in the browser's console.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
import json
from pathlib import Path
import re
import time

from playwright.async_api import ConsoleMessage, Error, Locator, Page

from .checks import CheckError, poll
from .dashboard import DASHBOARD_PATH, MATCH_CARD, TEAMS_PATH
from .hass_api import HomeAssistantApi, as_json_list, as_json_object

CARD_ELEMENT = MATCH_CARD.removeprefix("custom:")
# The dashboard the picker check adds its card to, apart from the demo's own.
PICKER_DASHBOARD = "card-picker"
PICKER_VIEW = "picker"
# How soon the card must show a goal (the "within a second"), and how long it may take
# to show anything else the simulator sent.
GOAL_SECONDS = 1.0
SHOW_SECONDS = 10.0
# Entities go unavailable five seconds after the stream and the REST API are lost, and come
# back with the first answer after the reconnect's backoff.
OUTAGE_SECONDS = 90.0
# Dialogs open with a fade and a zoom; a screenshot waits for them to end.
DIALOG_OPENING = 0.6
# How long after a goal the check presses "Seen it on TV", as a viewer whose TV runs behind.
SEEN_AFTER = 3.0
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# "67:05", "45+2:13": the minute part and the seconds.
CLOCK = re.compile(r"^(\d+(?:\+\d+)?):(\d\d)$")
RESULTS = ("Won", "Lost", "Drew")
# What marks the card's own messages: its modules' URL, its element's name. (The frontend's
# fetch of the integration's logo from the brands site, offline here, is not the card's.)
OURS = ("/sportrix/frontend/", CARD_ELEMENT)


class CardCheckError(CheckError):
    """A check of the match card failed."""


def score_text(text: str) -> str:
    """Return a card's score as the integration's sensors write it: "2-1" or "145/3"."""
    return "".join(text.split()).replace("\u2013", "-")


@dataclass
class CardChecks:
    """The match card's checks, in one logged-in browser page."""

    page: Page
    ha_url: str
    # A full page's screenshot, which fails if a dialog covers the page.
    screenshot: Callable[[str], Awaitable[Path]]
    step: Callable[[str], None]
    artifacts: Path
    errors: list[str] = field(default_factory=list)
    # The browser's console and the card's requests, written to browser.log for a failure.
    log: list[str] = field(default_factory=list)
    # When the card last showed a goal, on this computer's monotonic clock.
    goal_at: float | None = None

    def listen(self) -> None:
        """Record the browser's errors that come from the card's modules or name it."""
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("framenavigated", lambda frame: self._note(f"page {frame.url}"))
        self.page.on("requestfinished", lambda request: self._request(request.url, "loaded"))
        self.page.on("requestfailed", lambda request: self._request(request.url, "failed"))

    def _note(self, line: str) -> None:
        self.log.append(f"{time.strftime('%H:%M:%S')} {line}")

    def _request(self, url: str, outcome: str) -> None:
        if any(mark in url for mark in OURS):
            self._note(f"{outcome} {url}")

    def _console(self, message: ConsoleMessage) -> None:
        where = str(message.location.get("url", ""))
        if message.type in ("error", "warning"):
            self._note(f"console {message.type}: {message.text} ({where})")
        if message.type == "error" and any(mark in f"{where} {message.text}" for mark in OURS):
            self.errors.append(f"{message.text} ({where})")

    def _page_error(self, error: Error) -> None:
        self._note(f"uncaught: {error.message} {error.stack}")
        # An error thrown by the card's code carries its module's URL in its stack.
        if any(mark in f"{error.message} {error.stack}" for mark in OURS):
            self.errors.append(error.message)

    async def write_log(self) -> None:
        """Write what the browser reported, and whether it knows the card, to browser.log."""
        with contextlib.suppress(Error):
            known = await self.page.evaluate(f"() => !!customElements.get('{CARD_ELEMENT}')")
            errors = await self.page.locator("hui-error-card").count()
            self._note(f"at the end: the card's element defined {known}, error cards {errors}")
        (self.artifacts / "browser.log").write_text("\n".join(self.log) + "\n", encoding="utf-8")

    def check_console(self) -> None:
        """Fail if the card made the browser report an error."""
        if self.errors:
            raise CardCheckError(f"the browser reported errors of the card: {self.errors}")
        self.step("the browser's console has no error of the card")

    async def dialog_screenshot(self, name: str) -> None:
        """Save a screenshot of a dialog the check opened on purpose, once it has opened."""
        await asyncio.sleep(DIALOG_OPENING)
        await self.page.screenshot(path=str(self.artifacts / f"{name}.png"))
        self.step(f"screenshot of the dialog {name}")

    def card(self, name: str) -> Locator:
        """Return the match card of a match's device, or of a followed team, by its name."""
        return self.page.locator(f"{CARD_ELEMENT} ha-card[aria-label={json.dumps(name)}]").first

    async def score(self, name: str) -> str | None:
        """Return the score a card shows, None while it shows none."""
        shown = self.card(name).locator(".score")
        if not await shown.count():
            return None
        return score_text(await shown.first.inner_text())

    async def goal_shown(self, name: str, home_goals: int, started: float) -> float:
        """Wait until the card shows the home side's new goal; return the seconds it took."""

        async def shown() -> float | None:
            found = re.match(r"^(\d+)-", await self.score(name) or "")
            return time.monotonic() - started if found and int(found[1]) >= home_goals else None

        took = await poll(f"the goal on the card of {name}", SHOW_SECONDS, shown, 0.02)
        self.goal_at = time.monotonic()
        if took > GOAL_SECONDS:
            raise CardCheckError(f"the card of {name} showed the goal after {took:.2f} s")
        if not await self.card(name).evaluate("card => card.classList.contains('flash')"):
            raise CardCheckError(f"the card of {name} did not flash for the goal")
        self.step(f"the card of {name} showed the goal after {took:.2f} s, flashing")
        return took

    async def seen_on_tv(self, name: str) -> float:
        """Press "Seen it on TV" seconds after the goal; return the seconds since it showed."""
        button = self.card(name).locator("button.seen")
        await button.wait_for()
        await asyncio.sleep(SEEN_AFTER)
        await button.click()
        pressed = time.monotonic()
        note = self.card(name).get_by_text(re.compile(r"^Broadcast delay set to \d+ s$"))
        await note.wait_for()
        self.step(f"pressed Seen it on TV on the card of {name}: {await note.inner_text()}")
        if self.goal_at is None:
            raise CardCheckError("Seen it on TV was pressed before a goal was seen")
        return pressed - self.goal_at

    async def clock_counts(self, name: str) -> None:
        """Check that the clock's seconds move between frames: the minute's sensor has none."""
        clock = self.card(name).locator(".clock")
        seen: dict[str, set[str]] = {}

        async def counted() -> tuple[str, set[str]] | None:
            found = CLOCK.match((await clock.inner_text()).strip())
            if found:
                seen.setdefault(found[1], set()).add(found[2])
            minute = next((m for m, seconds in seen.items() if len(seconds) >= 2), None)
            return (minute, seen[minute]) if minute is not None else None

        minute, seconds = await poll(f"the clock of {name} counting", SHOW_SECONDS, counted, 0.2)
        self.step(f"the card's clock counts in minute {minute}: {sorted(seconds)}")

    async def add_through_picker(self, api: HomeAssistantApi, name: str) -> None:
        """Add the card of a match on a new dashboard: the card picker, then the visual editor."""
        async with api.websocket() as ws:
            dashboards = as_json_list(await ws.command("lovelace/dashboards/list"), "dashboards")
            if not any(d.get("url_path") == PICKER_DASHBOARD for d in dashboards):
                await ws.command(
                    "lovelace/dashboards/create",
                    url_path=PICKER_DASHBOARD,
                    title="Card picker",
                    mode="storage",
                    show_in_sidebar=False,
                    require_admin=False,
                )
            empty = {"views": [{"title": "Picker", "path": PICKER_VIEW, "cards": []}]}
            await ws.command("lovelace/config/save", url_path=PICKER_DASHBOARD, config=empty)
        page = self.page
        await page.goto(f"{self.ha_url}/{PICKER_DASHBOARD}/{PICKER_VIEW}")
        edit = page.get_by_role("button", name="Edit dashboard")
        await edit.or_(page.get_by_role("button", name="Add card")).first.wait_for()
        if await edit.count():
            await edit.first.click()
        await page.get_by_role("button", name="Add card").first.click()
        await page.get_by_role("tab", name="By card").click()
        search = page.get_by_placeholder("Search cards").or_(page.get_by_label("Search cards"))
        await search.filter(visible=True).first.fill("Sportrix")
        # The picker shows each card's preview under its name; an overlay takes the click.
        offered = page.locator("hui-card-picker .card").filter(has_text="Sportrix match")
        await offered.filter(visible=True).first.wait_for()
        await offered.locator(CARD_ELEMENT).first.wait_for()
        await self.dialog_screenshot("14-card-picker")
        await offered.filter(visible=True).first.click()
        select = page.locator(f"{CARD_ELEMENT}-editor select")
        await select.select_option(label=name)
        # The editor's preview: the only card of this dashboard so far.
        await self.card(name).locator(".score").wait_for()
        await self.dialog_screenshot("15-card-editor")
        self.step(f"picked the Sportrix match card and {name} in its visual editor")
        await page.get_by_role("button", name="Save", exact=True).last.click()
        await page.get_by_role("button", name="Done", exact=True).click()
        async with api.websocket() as ws:
            config = as_json_object(
                await ws.command("lovelace/config", url_path=PICKER_DASHBOARD, force=True), "config"
            )
        (view,) = as_json_list(config.get("views"), "views")
        (card,) = as_json_list(view.get("cards"), "cards")
        if card.get("type") != MATCH_CARD or not card.get("device"):
            raise CardCheckError(f"the card picker saved {card}")
        shown = await poll(
            f"the score on the added card of {name}", SHOW_SECONDS, lambda: self.score(name)
        )
        self.step(f"the card added through the picker shows {name} at {shown} ({card})")
        await self.screenshot("16-card-added")

    async def team_card(self, team: str, goals: int) -> None:
        """Check the followed team's card on the teams view: its match in play, its goals."""
        await self.page.goto(f"{self.ha_url}{TEAMS_PATH}")

        async def shown() -> str | None:
            found = re.match(r"^(\d+)-\d+$", await self.score(team) or "")
            return found[0] if found and int(found[1]) >= goals else None

        score = await poll(f"{goals} goals on the card of {team}", SHOW_SECONDS, shown)
        followed = self.card(team).locator(".team.followed .name")
        if (await followed.inner_text()).strip() != team:
            raise CardCheckError(f"the card of {team} does not mark the team's side")
        self.step(f"the card of {team} shows its match at {score}, the team's side marked")
        await self.screenshot("17-card-team")

    async def full_time(self, team: str) -> None:
        """Check the followed team's card after full time: the result from its side."""
        await self.page.goto(f"{self.ha_url}{TEAMS_PATH}")
        result = self.card(team).locator(".result")
        await poll(f"the result on the card of {team}", SHOW_SECONDS, result.count)
        text = (await result.inner_text()).strip().capitalize()
        if text not in RESULTS:
            raise CardCheckError(f"the card of {team} shows the result {text!r}")
        self.step(f"after full time the card of {team} says {text}")
        await self.screenshot("18-card-team-full-time")

    async def half_time(self, name: str) -> None:
        """Check that the card of a match at half time says so and shows no running clock."""
        await self.page.goto(f"{self.ha_url}{DASHBOARD_PATH}")
        card = self.card(name)

        async def stopped() -> bool | None:
            period = card.locator(".period")
            at_break = await period.count() and (await period.first.inner_text()) == "Half time"
            return True if at_break and not await card.locator(".clock").count() else None

        await poll(f"half time on the card of {name}", SHOW_SECONDS, stopped)
        self.step(f"the card of {name} shows half time, its clock stopped")
        await self.screenshot("19-card-half-time")

    async def connection_lost(self, name: str, score: str) -> None:
        """Check that the card says the connection is lost and keeps the last score, greyed.

        Then again after a reload of the page, which finds the score in the browser's storage.
        """
        card = self.card(name)

        async def lost() -> bool | None:
            greyed = await card.evaluate("card => card.classList.contains('outage')")
            return True if greyed and await card.locator(".banner").count() else None

        for when in ("", " after a reload"):
            await poll(f"the outage on the card of {name}{when}", OUTAGE_SECONDS, lost, 0.5)
            if (shown := await self.score(name)) != score:
                raise CardCheckError(f"the card of {name} shows {shown!r}{when}, not {score}")
            banner = (await card.locator(".banner").inner_text()).strip()
            self.step(f"the card of {name} says {banner!r} and keeps {score}, greyed{when}")
            if not when:
                await self.screenshot("23-card-outage")
                await self.page.reload()

    async def connection_back(self, name: str) -> None:
        """Check that the card is itself again once the stream is back."""
        card = self.card(name)

        async def back() -> bool | None:
            greyed = await card.evaluate("card => card.classList.contains('outage')")
            return None if greyed or await card.locator(".banner").count() else True

        await poll(f"the card of {name} back from the outage", OUTAGE_SECONDS, back, 0.5)
        self.step(f"the card of {name} is back from the outage")

    async def fits_a_phone(self) -> None:
        """Check that at 390 px nothing on the match and team views scrolls sideways."""
        await self.page.set_viewport_size(PHONE)
        try:
            for path, shot in ((DASHBOARD_PATH, "20-phone-live"), (TEAMS_PATH, "21-phone-teams")):
                await self.page.goto(f"{self.ha_url}{path}")
                await self.page.locator(f"{CARD_ELEMENT} ha-card").first.wait_for()
                cards = self.page.locator(CARD_ELEMENT)
                over = await cards.evaluate_all(
                    """cards => cards.map((c) => c.shadowRoot.querySelector('ha-card'))
                      .filter((c) => c && c.scrollWidth > c.clientWidth + 1)
                      .map((c) => c.getAttribute('aria-label'))"""
                )
                sideways = await self.page.evaluate(
                    "() => document.documentElement.scrollWidth - innerWidth"
                )
                wide = {"page": sideways, "cards": over, "count": await cards.count()}
                if wide["page"] > 0 or wide["cards"]:
                    raise CardCheckError(f"at 390 px {path} overflows: {wide}")
                self.step(f"at 390 px {path} fits: {wide['count']} cards, nothing scrolls sideways")
                await self.screenshot(shot)
        finally:
            await self.page.set_viewport_size(DESKTOP)

    async def dark_theme(self) -> None:
        """Check the match view in the dark theme: the card takes the theme's dark background."""
        await self.page.emulate_media(color_scheme="dark")
        try:
            await self.page.goto(f"{self.ha_url}{DASHBOARD_PATH}")
            card = self.page.locator(f"{CARD_ELEMENT} ha-card").first
            await card.wait_for()

            async def dark() -> str | None:
                colour = await card.evaluate("card => getComputedStyle(card).backgroundColor")
                channels = [int(c) for c in re.findall(r"\d+", colour)[:3]]
                return colour if channels and max(channels) < 100 else None

            colour = await poll("the card's dark background", SHOW_SECONDS, dark)
            self.step(f"in the dark theme the card's background is {colour}")
            await self.screenshot("22-dark-live")
        finally:
            await self.page.emulate_media(color_scheme="light")
