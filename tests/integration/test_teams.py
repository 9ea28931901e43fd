"""Followed teams and competitions: discovery windows, team entities, dedup and housekeeping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState, ConfigSubentry
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sportrix import connection as connection_module, following
from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_MATCH_IDS,
    CONF_SPORT,
    CONF_SPORT_ID,
    CONF_STREAM_URL,
    DOMAIN,
    EVENT_GOAL,
    SUBENTRY_COMPETITION,
)
from custom_components.sportrix.lookups import Scope
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator

from .conftest import API_KEY, SOCCER_MATCH
from .helpers import (
    MLS_NEXT_PRO,
    advance,
    match_device,
    record_bus,
    team_subentry as followed_team,
    wait_for,
    wait_for_retry,
    wait_for_state,
)

NOW = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
TEAM_MATCH = 41320
TEAM = "Tacoma Defiance"
LEAGUE = MLS_NEXT_PRO
TEAM_SENSOR = "sensor.tacoma_defiance_match"
TEAM_EVENTS = "event.tacoma_defiance_match_event"
CALENDAR = "calendar.sportrix_fixtures"

pytestmark = pytest.mark.freeze_time(NOW)


def team_subentry(team: str = TEAM, silk_url: str | None = None) -> dict[str, Any]:
    """Return the stored form of a followed team of the MLS Next Pro league (Tacoma's)."""
    return followed_team(team, silk_url)


def competition_subentry(league_id: int = 101, league: str = LEAGUE) -> dict[str, Any]:
    """Return the stored form of a followed competition."""
    return {
        "data": {
            CONF_SPORT_ID: 1,
            CONF_SPORT: "soccer",
            CONF_LEAGUE_ID: league_id,
            CONF_LEAGUE: league,
        },
        "subentry_type": SUBENTRY_COMPETITION,
        "title": league,
        "unique_id": f"competition:{league_id}",
    }


def make_entry(
    simulator: Simulator,
    subentries: list[dict[str, Any]],
    match_ids: list[int] | None = None,
    key: str = API_KEY,
    title: str = "Sportrix",
) -> MockConfigEntry:
    """Return an entry of the simulator following teams, competitions and matches."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=unique_id_for_key(key),
        data={
            CONF_API_KEY: key,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
        },
        options={CONF_MATCH_IDS: match_ids or []},
        subentries_data=subentries,
    )


@pytest.fixture(autouse=True)
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time jumps hours ahead with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


@pytest.fixture(autouse=True)
async def unload_before_the_simulator_stops(
    hass: HomeAssistant, simulator: Simulator
) -> AsyncIterator[None]:
    """Unload every entry while the simulator still runs: a reconnect must not race its stop."""
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)


@pytest.fixture
def bus_goals(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Record the data of every goal event on the bus."""
    return record_bus(hass, EVENT_GOAL)


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry, and have its catalog answered before going on."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    # The same poll the entry runs at start and on its timer, awaited here to know it is done.
    await entry.runtime_data.following.async_poll()
    await hass.async_block_till_done()


async def kick_off(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator, match_id: int
) -> None:
    """Kick a match off and let the stream ask for it again, as it does after kick-off."""
    # The stream's next ask is timed from its refusal of the match: moving the frozen clock
    # on before that refusal has arrived would leave the ask for a time that never comes.
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    await wait_for(hass, lambda: match_id in entry.runtime_data.matches)
    await wait_for_retry(hass, entry, match_id)
    refusal = entry.runtime_data.matches[match_id].refusal
    await simulator.kick_off(match_id)
    # Past the ask the refusal set (timed to the scheduled kick-off), and ten minutes at least.
    wait = max(600.0, refusal.retry_in + 1 if refusal is not None else 0.0)
    await advance(hass, freezer, timedelta(seconds=wait))


async def test_team_match_is_followed_in_its_window_and_its_goals_fire_for_the_team(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    bus_goals: list[dict[str, Any]],
) -> None:
    """The team's device shows its next match, then the match in play, and its goals."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=30))
    entry = make_entry(simulator, [team_subentry(silk_url="https://cdn.example/tacoma.png")])
    await set_up(hass, entry)

    # Known from the catalog, but not followed before its window opens.
    sensor = await wait_for_state(hass, TEAM_SENSOR, "pre")
    assert sensor.attributes["opponent"] == "Ventura County FC"
    assert sensor.attributes["home_away"] == "home"
    assert sensor.attributes["competition"] == LEAGUE
    assert sensor.attributes["entity_picture"] == "https://cdn.example/tacoma.png"
    assert TEAM_MATCH not in entry.runtime_data.matches
    assert match_device(hass, TEAM_MATCH) is None

    await advance(hass, freezer, timedelta(minutes=15))
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    assert entry.runtime_data.matches[TEAM_MATCH].interests

    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    await simulator.score_goal(TEAM_MATCH, "home")
    await wait_for(hass, lambda: len(bus_goals) == 1)
    await simulator.score_goal(TEAM_MATCH, "away")
    await wait_for(hass, lambda: len(bus_goals) == 2)

    assert [(g["followed_team"], g["for_followed_team"]) for g in bus_goals] == [
        (TEAM, True),
        (TEAM, False),
    ]
    events = hass.states.get(TEAM_EVENTS)
    assert events is not None
    assert events.attributes["event_type"] == "conceded"
    # Who scored against the team, and the score as the team's match sensor writes it.
    assert events.attributes["score"] == "1-1"
    assert events.attributes["team_name"] == "Ventura County FC"
    await wait_for(hass, lambda: _attribute(hass, TEAM_SENSOR, "score") == "1-1")
    assert _attribute(hass, TEAM_SENSOR, "team_score") == 1
    assert _attribute(hass, TEAM_SENSOR, "opponent_score") == 1


def _attribute(hass: HomeAssistant, entity_id: str, name: str) -> Any:
    """Return one attribute of an entity's state, or None."""
    state = hass.states.get(entity_id)
    return state.attributes.get(name) if state else None


async def test_finished_team_match_is_dropped_two_hours_after_full_time(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """After full time the team shows the result; two hours later the match device goes."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    await simulator.finish(TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "post")
    assert _team_device(hass, entry) is not None

    await advance(hass, freezer, timedelta(hours=1, minutes=59))
    assert match_device(hass, TEAM_MATCH) is not None
    await advance(hass, freezer, timedelta(minutes=2))
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is None)

    assert TEAM_MATCH not in entry.runtime_data.matches
    await wait_for_state(hass, TEAM_SENSOR, "none")
    # The team's device and entities stay for its next match.
    assert _team_device(hass, entry) is not None
    assert er.async_get(hass).async_get(TEAM_EVENTS) is not None


def _team_device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry | None:
    """Return the device of the entry's only team (lookups by identifier differ by version)."""
    (subentry_id,) = entry.subentries
    wanted = (DOMAIN, f"team_{subentry_id}")
    registry = dr.async_get(hass)
    devices = dr.async_entries_for_config_entry(registry, entry.entry_id)
    return next((d for d in devices if wanted in d.identifiers), None)


async def test_postponed_match_stops_being_followed(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """A match that vanishes from the catalog before kick-off is no longer followed."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=10))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)

    simulator.postpone(TEAM_MATCH)
    await advance(hass, freezer, following.POLL_INTERVAL)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is None)
    await wait_for_state(hass, TEAM_SENSOR, "none")


async def test_a_competition_follows_each_of_its_matches_in_their_windows(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Every match of a followed competition gets its device while its window is open."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=10))
    later = 41390
    simulator.add_match(
        SOCCER_MATCH,
        later,
        home="The Town",
        away=TEAM,
        league_id=101,
        start_time=NOW + timedelta(days=2),
    )
    entry = make_entry(simulator, [competition_subentry()])
    await set_up(hass, entry)

    await wait_for(hass, lambda: set(entry.runtime_data.matches) == {SOCCER_MATCH, TEAM_MATCH})
    calendar = hass.states.get(CALENDAR)
    assert calendar is not None
    events = await _calendar_events(hass, NOW, NOW + timedelta(days=7))
    assert [(e["summary"], e["description"]) for e in events] == [
        ("Vancouver Whitecaps II vs The Town", LEAGUE),
        ("Tacoma Defiance vs Ventura County FC", LEAGUE),
        ("The Town vs Tacoma Defiance", LEAGUE),
    ]
    # A competition has no team device: only its matches have devices.
    assert not [
        d
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if any(i[1].startswith("team_") for i in d.identifiers)
    ]

    await advance(hass, freezer, timedelta(days=2) - timedelta(minutes=14))
    await wait_for(hass, lambda: later in entry.runtime_data.matches)


async def _calendar_events(
    hass: HomeAssistant, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Return the fixtures calendar's events in a time range, through its service."""
    answer = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    assert answer is not None
    events: list[dict[str, Any]] = answer[CALENDAR]["events"]  # type: ignore[index,assignment]
    return events


async def test_a_match_listed_and_reached_through_a_team_is_followed_and_fired_once(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    bus_goals: list[dict[str, Any]],
) -> None:
    """One subscription and one event per goal, however many reasons follow the match."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(
        simulator,
        [team_subentry(), team_subentry("Ventura County FC"), competition_subentry()],
        match_ids=[TEAM_MATCH],
    )
    await set_up(hass, entry)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    await simulator.score_goal(TEAM_MATCH, "away")
    await wait_for(hass, lambda: len(bus_goals) == 1)
    await hass.async_block_till_done()

    subscribes = [
        m
        for m in simulator.control_messages
        if m.get("op") == "subscribe" and m.get("match_id") == TEAM_MATCH
    ]
    refused_first = 1
    assert len(subscribes) <= refused_first + 1
    assert len(bus_goals) == 1
    # A derby of two followed teams names the team the goal went for.
    assert bus_goals[0]["followed_team"] == "Ventura County FC"
    assert bus_goals[0]["for_followed_team"] is True
    home = hass.states.get(TEAM_EVENTS)
    away = hass.states.get("event.ventura_county_fc_match_event")
    assert home is not None
    assert away is not None
    assert home.attributes["event_type"] == "conceded"
    assert away.attributes["event_type"] == "scored"


async def test_a_match_another_entry_follows_is_skipped(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A match belongs to one entry: another entry's team does not take it over."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    simulator.add_key("sk_other", scopes={"fixtures", "live_scores_statistics"}, sports={"soccer"})
    first = make_entry(simulator, [], match_ids=[TEAM_MATCH])
    await set_up_plain(hass, first)
    second = make_entry(simulator, [team_subentry()], key="sk_other")
    await set_up(hass, second)

    assert TEAM_MATCH in first.runtime_data.matches
    assert TEAM_MATCH not in second.runtime_data.matches
    registry = dr.async_get(hass)
    owners = [
        e.entry_id
        for e in (first, second)
        for d in dr.async_entries_for_config_entry(registry, e.entry_id)
        if (DOMAIN, str(TEAM_MATCH)) in d.identifiers
    ]
    assert owners == [first.entry_id]
    assert "does not generate unique IDs" not in caplog.text
    assert "followed by another Sportrix entry" in caplog.text


async def set_up_plain(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry without teams or competitions."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_without_teams_or_competitions_the_catalog_is_never_polled(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """An entry of listed matches only asks the catalog nothing over time."""
    entry = make_entry(simulator, [], match_ids=[SOCCER_MATCH])
    await set_up_plain(hass, entry)
    await advance(hass, freezer, timedelta(hours=3))
    assert not entry.runtime_data.following.interests
    assert entry.runtime_data.following.catalog.fixtures() == []


async def test_restart_during_a_team_match_takes_a_baseline(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    bus_goals: list[dict[str, Any]],
) -> None:
    """A reload in play picks the match up again without firing what happened before."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    device_before = match_device(hass, TEAM_MATCH)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await simulator.score_goal(TEAM_MATCH, "home")
    assert await hass.config_entries.async_setup(entry.entry_id)
    await wait_for(hass, lambda: _attribute(hass, TEAM_SENSOR, "score") == "1-0")

    assert bus_goals == []
    device_after = match_device(hass, TEAM_MATCH)
    assert device_before is not None
    assert device_after is not None
    assert device_after.id == device_before.id


def add_subentry(hass: HomeAssistant, entry: MockConfigEntry, stored: dict[str, Any]) -> str:
    """Add a stored team or competition to an entry, as its subentry flow does; return its id."""
    subentry = ConfigSubentry(
        data=MappingProxyType(stored["data"]),
        subentry_type=stored["subentry_type"],
        title=stored["title"],
        unique_id=stored["unique_id"],
    )
    hass.config_entries.async_add_subentry(entry, subentry)
    return subentry.subentry_id


async def test_a_team_added_and_deleted_on_the_running_stream(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A team comes with its entities and matches, and goes with them, without a reconnect."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [], match_ids=[SOCCER_MATCH])
    await set_up_plain(hass, entry)
    handshakes = simulator.handshake_count
    assert hass.states.get(TEAM_SENSOR) is None

    subentry_id = add_subentry(hass, entry, team_subentry())
    await wait_for(hass, lambda: hass.states.get(TEAM_EVENTS) is not None)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    await wait_for_state(hass, TEAM_SENSOR, "pre")
    assert SOCCER_MATCH in entry.runtime_data.matches
    assert entry.state is ConfigEntryState.LOADED

    assert hass.config_entries.async_remove_subentry(entry, subentry_id)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is None)
    await hass.async_block_till_done()
    assert hass.states.get(TEAM_SENSOR) is None
    assert er.async_get(hass).async_get(TEAM_EVENTS) is None
    assert TEAM_MATCH not in entry.runtime_data.matches
    assert not entry.runtime_data.following.interests
    # The stream carried on: the listed match never left, and nothing reconnected.
    assert SOCCER_MATCH in entry.runtime_data.matches
    assert simulator.handshake_count == handshakes


async def test_a_catalog_outage_keeps_followed_matches_and_is_logged_once(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 429 or an outage delays discovery of new matches; nothing followed is dropped."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")
    coordinator = entry.runtime_data

    simulator.refuse_rest(429, retry_after=1800)
    soon = 41391
    simulator.add_match(
        SOCCER_MATCH,
        soon,
        home=TEAM,
        away="The Town",
        league_id=101,
        start_time=NOW + timedelta(hours=1),
    )
    for _ in range(3):
        await coordinator.following.async_poll()
    # Retry-After is honoured: the polls within its 30 minutes ask nothing more.
    assert simulator.rest_refused_count == 1
    await advance(hass, freezer, timedelta(minutes=50))

    assert TEAM_MATCH in coordinator.matches
    assert soon not in coordinator.matches
    assert caplog.text.count("Cannot reach the Sportrix REST API") == 1
    await simulator.score_goal(TEAM_MATCH, "home")
    await wait_for(hass, lambda: _attribute(hass, TEAM_SENSOR, "score") == "1-0")

    simulator.accept_rest()
    await coordinator.following.async_poll()
    await hass.async_block_till_done()
    assert soon in coordinator.matches
    assert "The Sportrix REST API answers again" in caplog.text


async def test_a_key_without_the_catalog_scope_keeps_what_it_follows(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Listed matches go on, and the missing scope is said once, when the catalog is refused."""
    simulator.add_key("sk_no_catalog", scopes={"live_scores_statistics"}, sports={"soccer"})
    entry = make_entry(simulator, [team_subentry()], match_ids=[SOCCER_MATCH], key="sk_no_catalog")
    await set_up(hass, entry)
    await entry.runtime_data.following.async_poll()

    assert Scope.FIXTURES in entry.runtime_data.lookups.forbidden
    assert SOCCER_MATCH in entry.runtime_data.matches
    assert caplog.text.count("lacks the fixtures scope") == 1
    await wait_for_state(hass, TEAM_SENSOR, "none")


async def test_devices_a_team_brings_are_not_deleted_alone(
    hass: HomeAssistant, simulator: Simulator, hass_ws_client: WebSocketGenerator
) -> None:
    """A team's device and its match's device go with the team, not one by one."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()], match_ids=[SOCCER_MATCH])
    await set_up(hass, entry)
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)

    async def delete(device: dr.DeviceEntry | None) -> bool:
        assert device is not None
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        return bool((await client.receive_json())["success"])

    assert not await delete(_team_device(hass, entry))
    assert not await delete(match_device(hass, TEAM_MATCH))
    assert TEAM_MATCH in entry.runtime_data.matches
    # A listed match is still unfollowed by deleting its device.
    assert await delete(match_device(hass, SOCCER_MATCH))
    await hass.async_block_till_done()
    assert entry.options[CONF_MATCH_IDS] == []


async def test_a_match_a_team_brings_is_refused_to_another_entry(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The options of another entry refuse a match that a team of this one follows now."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()], title="Tacoma")
    await set_up(hass, entry)
    simulator.add_key("sk_other", scopes={"fixtures", "live_scores_statistics"}, sports={"soccer"})
    other = make_entry(simulator, [], match_ids=[SOCCER_MATCH], key="sk_other")
    await set_up_plain(hass, other)

    result = await hass.config_entries.options.async_init(other.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: [str(SOCCER_MATCH), str(TEAM_MATCH)]}
    )

    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    assert result["description_placeholders"]["entry"] == "Tacoma"
