"""Waiting on Home Assistant without sleeping."""

import asyncio
from collections.abc import Callable, Mapping
from datetime import timedelta
import threading
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_API_KEY, EVENT_STATE_REPORTED, MATCH_ALL
from homeassistant.core import Event, HomeAssistant, State, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_MATCH_IDS,
    CONF_SILK_URL,
    CONF_SPORT,
    CONF_SPORT_ID,
    CONF_STREAM_URL,
    CONF_TEAM,
    DOMAIN,
    SUBENTRY_TEAM,
)
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator

# The live soccer and cricket matches of the simulator's script, and their devices' names.
SOCCER_MATCH = 41282
CRICKET_MATCH = 50001
SOCCER_DEVICE = "vancouver_whitecaps_ii_vs_the_town"
# The demo's soccer competition, whose teams the tests follow.
MLS_NEXT_PRO = "USA MLS Next Pro League"
CRICKET_DEVICE = "india_vs_australia"


@callback
def every_event(_data: Mapping[str, object]) -> bool:
    """Let every event through; Home Assistant requires a filter for state reports."""
    return True


def record_bus(hass: HomeAssistant, event_type: str) -> list[dict[str, Any]]:
    """Record the data of every bus event of a type from now on."""
    seen: list[dict[str, Any]] = []

    @callback
    def record(event: Event) -> None:
        seen.append(dict(event.data))

    hass.bus.async_listen(event_type, record)
    return seen


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Move frozen time on and run what falls due."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def wait_for(
    hass: HomeAssistant, predicate: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Wait until predicate holds, re-checking it on every event on the bus."""
    if predicate():
        return
    done = asyncio.Event()
    held = False

    @callback
    def check(_event: Event) -> None:
        nonlocal held
        if predicate():
            held = True
            done.set()

    # A rewrite of an unchanged state is reported apart from every other event.
    unsubscribers = [
        hass.bus.async_listen(MATCH_ALL, check),
        hass.bus.async_listen(EVENT_STATE_REPORTED, check, event_filter=every_event),
    ]
    # The timeout runs on a thread's clock: a frozen clock stops the loop's, which would
    # turn a state that never comes into a test that never ends.
    timer = threading.Timer(timeout, hass.loop.call_soon_threadsafe, (done.set,))
    timer.start()
    try:
        await done.wait()
    finally:
        timer.cancel()
        timer.join()
        for unsubscribe in unsubscribers:
            unsubscribe()
    # What held once counts, though a later event may have moved on before this woke.
    if not held and not predicate():
        raise TimeoutError(f"{getattr(predicate, '__qualname__', predicate)} did not hold")


async def wait_for_state(
    hass: HomeAssistant, entity_id: str, expected: str, timeout: float = 5.0
) -> State:
    """Wait until an entity has the expected state and return it."""

    def reached() -> bool:
        state = hass.states.get(entity_id)
        return state is not None and state.state == expected

    try:
        await wait_for(hass, reached, timeout)
    except TimeoutError as err:
        found = hass.states.get(entity_id)
        raise TimeoutError(
            f"{entity_id} stayed {found and found.state!r}, never {expected!r}"
        ) from err
    state = hass.states.get(entity_id)
    assert state is not None
    return state


def enable_sensor(
    hass: HomeAssistant, match_id: int, key: str, device: str, platform: str = "sensor"
) -> str:
    """Register an entity that starts disabled as enabled, before setup; return its entity id."""
    entry = er.async_get(hass).async_get_or_create(
        platform, DOMAIN, f"{match_id}_{key}", suggested_object_id=f"{device}_{key}"
    )
    return entry.entity_id


def enable_match_events(hass: HomeAssistant) -> None:
    """Enable the event entities of the soccer and cricket matches, which start disabled."""
    for match_id, device, keys in (
        (SOCCER_MATCH, SOCCER_DEVICE, ("goal", "match_status")),
        (CRICKET_MATCH, CRICKET_DEVICE, ("wicket", "match_status")),
    ):
        for key in keys:
            enable_sensor(hass, match_id, key, device, "event")


def match_device(hass: HomeAssistant, match_id: int) -> dr.DeviceEntry | None:
    """Return a Sportrix entry's device of a match (lookups by identifier differ by version)."""
    registry = dr.async_get(hass)
    for entry in hass.config_entries.async_entries(DOMAIN):
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            if (DOMAIN, str(match_id)) in device.identifiers:
                return device
    return None


async def set_up_refusing_sport(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator, match_id: int
) -> str:
    """Set the entry up with its key limited to soccer; return match_id's raised repair issue."""
    simulator.add_key(
        entry.data[CONF_API_KEY],
        scopes={"fixtures", "live_scores", "live_scores_statistics", "final_scores"},
        sports={"soccer"},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    issue_id = f"sport_not_enabled_{match_id}"
    issues = ir.async_get(hass)
    await wait_for(hass, lambda: issues.async_get_issue(DOMAIN, issue_id) is not None)
    return issue_id


async def wait_for_retry(hass: HomeAssistant, entry: MockConfigEntry, match_id: int) -> None:
    """Wait until a refused match's REST look-up has ended; the stream asks again later."""
    match = entry.runtime_data.matches[match_id]
    await wait_for(hass, lambda: match.refusal is not None and not match.looking_up)


async def play_second_half_to_full_time(
    hass: HomeAssistant, simulator: Simulator, match_id: int, status: str
) -> None:
    """Take a live soccer match to half time, back into play and to full time, step by step."""
    await simulator.update(match_id, {"status": "ht", "clock": {"period": "HT"}})
    await wait_for_state(hass, status, "ht")
    await simulator.update(match_id, {"status": "live", "clock": {"period": "2H"}})
    await wait_for_state(hass, status, "live")
    await simulator.finish(match_id)
    await wait_for_state(hass, status, "ft")


def team_subentry(team: str, silk_url: str | None = None) -> dict[str, Any]:
    """Return the stored form of a followed team of the demo's MLS Next Pro league."""
    return {
        "data": {
            CONF_SPORT_ID: 1,
            CONF_SPORT: "soccer",
            CONF_LEAGUE_ID: 101,
            CONF_LEAGUE: MLS_NEXT_PRO,
            CONF_TEAM: team,
            CONF_SILK_URL: silk_url,
        },
        "subentry_type": SUBENTRY_TEAM,
        "title": team,
        "unique_id": f"team:101:{team.casefold()}",
    }


def simulator_entry(
    simulator: Simulator,
    match_ids: list[int],
    subentries: list[dict[str, Any]] | None = None,
    key: str = "sk_demo_full",
    **fields: Any,
) -> MockConfigEntry:
    """Return an entry of a demo key on the simulator, following these matches (and teams)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=fields.pop("title", "Sportrix"),
        unique_id=unique_id_for_key(key),
        data={
            CONF_API_KEY: key,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
        },
        options={CONF_MATCH_IDS: match_ids},
        subentries_data=subentries or [],
        **fields,
    )


async def follow_match(hass: HomeAssistant, simulator: Simulator, match_id: int) -> str:
    """Follow one match on the simulator; return its device id once it has its first frame."""
    entry = simulator_entry(simulator, [match_id])
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await wait_for(hass, lambda: entry.runtime_data.matches[match_id].snapshot is not None)
    await hass.async_block_till_done()
    device = match_device(hass, match_id)
    assert device is not None
    return device.id
