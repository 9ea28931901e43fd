"""Device triggers of match and team devices: offered, saved, and fired once per event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.device_automation import (
    DeviceAutomationType,
    InvalidDeviceAutomationConfig,
    async_get_device_automations,
)
from homeassistant.const import CONF_PLATFORM, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.trigger import async_validate_trigger_config
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.sportrix import device_trigger
from custom_components.sportrix.const import (
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_SPORT,
    CONF_SPORT_ID,
    CONF_TEAM,
    DOMAIN,
    EVENT_GOAL,
    EVENT_MATCH_STATUS,
    SUBENTRY_TEAM,
)
from custom_components.sportrix.devices import team_identifier
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import (
    CRICKET_DEVICE,
    SOCCER_DEVICE,
    match_device,
    play_second_half_to_full_time,
    wait_for,
    wait_for_state,
)
from .test_teams import (
    NOW,
    TEAM,
    TEAM_MATCH,
    kick_off,
    make_entry,
    no_read_timeout,
    set_up,
    team_subentry,
    unload_before_the_simulator_stops,
)

__all__ = ["no_read_timeout", "unload_before_the_simulator_stops"]

SOCCER_SCORE = f"sensor.{SOCCER_DEVICE}_score"
CRICKET_WICKETS = f"sensor.{CRICKET_DEVICE}_wickets"
SOCCER_MATCH_TRIGGERS = {"goal_home", "goal_away", "goal_cancelled", "kick_off", "half_time"}
SOCCER_MATCH_TRIGGERS |= {"full_time"}
CRICKET_MATCH_TRIGGERS = {"wicket", "kick_off", "full_time"}


@pytest.fixture
def calls(hass: HomeAssistant) -> list[ServiceCall]:
    """Record each run of an automation's action."""
    return async_mock_service(hass, "test", "automation")


def device_id(hass: HomeAssistant, match_id: int) -> str:
    """Return the device id of a followed match."""
    device = match_device(hass, match_id)
    assert device is not None
    return device.id


def team_device_id(hass: HomeAssistant, entry: MockConfigEntry, team: str) -> str:
    """Return the device id of a followed team of the entry."""
    key = next(s.subentry_id for s in entry.subentries.values() if s.title == team)
    registry = dr.async_get(hass)
    # Looked up within the entry: identifiers are unique per entry only on newer releases.
    return next(
        device.id
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if team_identifier(key) in device.identifiers
    )


async def trigger_types(hass: HomeAssistant, device: str) -> set[str]:
    """Return the types of the integration's triggers the editor offers for a device."""
    found = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, [device])
    return {t["type"] for t in found[device] if t["domain"] == DOMAIN}


def trigger(device: str, trigger_type: str) -> dict[str, str]:
    """Return a device trigger as the automation editor saves it."""
    return {"trigger": "device", "domain": DOMAIN, "device_id": device, "type": trigger_type}


async def set_up_automations(
    hass: HomeAssistant,
    triggers: dict[str, dict[str, str]],
    conditions: dict[str, list[dict[str, str]]] | None = None,
) -> None:
    """Set up one automation per trigger; each records its name and the event's data."""
    automations = [
        {
            "alias": name,
            "triggers": [config],
            "conditions": (conditions or {}).get(name, []),
            "actions": [
                {
                    "action": "test.automation",
                    "data": {
                        "name": name,
                        "event_type": "{{ trigger.event.data.event_type }}",
                        "score": "{{ trigger.event.data.score }}",
                        "delayed": "{{ trigger.event.data.delayed }}",
                        "platform": "{{ trigger.platform }}",
                    },
                }
            ],
        }
        for name, config in triggers.items()
    ]
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()


def ran(calls: list[ServiceCall]) -> list[str]:
    """Return the names of the automations that ran, in order."""
    return [call.data["name"] for call in calls]


async def test_match_devices_offer_their_sport_s_triggers(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A soccer match offers goals and halves; a cricket match wickets."""
    assert await trigger_types(hass, device_id(hass, SOCCER_MATCH)) == SOCCER_MATCH_TRIGGERS
    assert await trigger_types(hass, device_id(hass, CRICKET_MATCH)) == CRICKET_MATCH_TRIGGERS


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, NOT_STARTED_MATCH]])
async def test_a_match_of_unknown_sport_offers_every_match_trigger(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Before its first frame a match's sport is unknown: an automation can be written anyway."""
    device = dr.async_get(hass).async_get(device_id(hass, NOT_STARTED_MATCH))
    assert device is not None
    assert device.model == "Match"
    expected = SOCCER_MATCH_TRIGGERS | CRICKET_MATCH_TRIGGERS
    assert await trigger_types(hass, device.id) == expected


async def test_saving_validates_the_type_against_the_device(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Saving accepts a trigger the device offers and refuses another sport's or an unknown one."""
    soccer = device_id(hass, SOCCER_MATCH)

    async def validate(trigger_type: str) -> list[dict[str, Any]]:
        # The automation's schema first, as when the editor saves: it names the platform.
        configs = cv.TRIGGER_SCHEMA([trigger(soccer, trigger_type)])
        return await async_validate_trigger_config(hass, configs)

    validated = await validate("goal_home")
    assert validated[0][CONF_PLATFORM] == "device"
    assert validated[0]["type"] == "goal_home"
    with pytest.raises(InvalidDeviceAutomationConfig, match="no wicket trigger"):
        await validate("wicket")
    with pytest.raises(Exception, match="type"):
        await validate("penalty")


async def test_other_devices_offer_no_trigger_and_cannot_attach_one(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Another integration's device, or a team device whose subentry is gone, offers nothing."""
    other_entry = MockConfigEntry(domain="other")
    other_entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    other = registry.async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("other", "41282")}
    )
    orphan = registry.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "team_gone")}
    )
    for device in (other, orphan):
        assert await device_trigger.async_get_triggers(hass, device.id) == []
        config = {
            "platform": "device",
            "domain": DOMAIN,
            "device_id": device.id,
            "type": "kick_off",
        }
        with pytest.raises(InvalidDeviceAutomationConfig):
            await device_trigger.async_validate_trigger_config(hass, config)
        with pytest.raises(InvalidDeviceAutomationConfig):
            await device_trigger.async_attach_trigger(
                hass,
                config,
                lambda *_: None,
                {"trigger_data": {}, "variables": {}},  # type: ignore[typeddict-item]
            )


async def test_match_goal_triggers_fire_once_per_goal_for_their_side(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Home and away goals run their own automation once each, with the event's data."""
    soccer = device_id(hass, SOCCER_MATCH)
    await set_up_automations(
        hass,
        {
            "home": trigger(soccer, "goal_home"),
            "away": trigger(soccer, "goal_away"),
            "cancelled": trigger(soccer, "goal_cancelled"),
            "wicket": trigger(device_id(hass, CRICKET_MATCH), "wicket"),
        },
    )
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "1-1")
    await simulator.update(SOCCER_MATCH, {"score": {"home": 3, "away": 1}})
    await wait_for_state(hass, SOCCER_SCORE, "3-1")
    await simulator.cancel_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "2-1")
    await hass.async_block_till_done()

    # Two goals in one frame run the automation twice, each with the score it made.
    assert ran(calls) == ["home", "away", "home", "home", "cancelled"]
    assert [call.data["score"] for call in calls] == [
        {"home": 1, "away": 0},
        {"home": 1, "away": 1},
        {"home": 2, "away": 1},
        {"home": 3, "away": 1},
        {"home": 2, "away": 1},
    ]
    assert {call.data["platform"] for call in calls} == {"device"}
    assert not any(call.data["delayed"] for call in calls)


async def test_another_match_s_goal_does_not_fire(
    hass: HomeAssistant, calls: list[ServiceCall], init_integration: MockConfigEntry
) -> None:
    """A goal of another device (another match, another entry) is not this match's."""
    soccer = device_id(hass, SOCCER_MATCH)
    await set_up_automations(hass, {"home": trigger(soccer, "goal_home")})
    other = {"device_id": "another-match", "team": "home", "event_type": "goal"}
    hass.bus.async_fire(EVENT_GOAL, other)
    hass.bus.async_fire(EVENT_GOAL, other | {"device_id": soccer})
    await hass.async_block_till_done()
    assert ran(calls) == ["home"]


async def test_wicket_and_status_triggers_fire_once(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A wicket runs the cricket match's automation; half and full time the soccer match's."""
    soccer, cricket = device_id(hass, SOCCER_MATCH), device_id(hass, CRICKET_MATCH)
    await set_up_automations(
        hass,
        {
            "wicket": trigger(cricket, "wicket"),
            "half_time": trigger(soccer, "half_time"),
            "full_time": trigger(soccer, "full_time"),
            "cricket_full_time": trigger(cricket, "full_time"),
            "goal": trigger(soccer, "goal_home"),
        },
    )
    wickets = int(hass.states.get(CRICKET_WICKETS).state)  # type: ignore[union-attr]
    await simulator.take_wicket(CRICKET_MATCH)
    await wait_for_state(hass, CRICKET_WICKETS, str(wickets + 1))
    status = f"sensor.{SOCCER_DEVICE}_status"
    await play_second_half_to_full_time(hass, simulator, SOCCER_MATCH, status)
    await hass.async_block_till_done()

    assert ran(calls) == ["wicket", "half_time", "full_time"]
    assert [call.data["event_type"] for call in calls] == ["wicket", "half_time", "full_time"]


async def test_a_reload_runs_no_automation(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """The baseline taken on a reload is not a goal; the next goal runs the automation once."""
    soccer = device_id(hass, SOCCER_MATCH)
    await set_up_automations(hass, {"home": trigger(soccer, "goal_home")})
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await hass.async_block_till_done()
    assert ran(calls) == ["home"]

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await simulator.score_goal(SOCCER_MATCH, "home")
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await wait_for_state(hass, SOCCER_SCORE, "2-0")
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    coordinator = init_integration.runtime_data
    await wait_for(hass, lambda: coordinator.matches[SOCCER_MATCH].snapshot is not None)
    await wait_for_state(hass, SOCCER_SCORE, "2-0")
    await hass.async_block_till_done()
    assert ran(calls) == ["home"]

    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "3-0")
    await hass.async_block_till_done()
    assert ran(calls) == ["home", "home"]


async def test_an_outage_runs_a_recovered_goal_once_marked_delayed(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A goal missed in an outage runs once, marked delayed; entities coming back run nothing."""
    soccer = device_id(hass, SOCCER_MATCH)
    not_delayed = {
        "condition": "template",
        "value_template": "{{ not trigger.event.data.delayed }}",
    }
    await set_up_automations(
        hass,
        {"away": trigger(soccer, "goal_away"), "live_only": trigger(soccer, "goal_away")},
        conditions={"live_only": [not_delayed]},
    )
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    await simulator.score_goal(SOCCER_MATCH, "away")
    simulator.accept_handshakes()
    await wait_for_state(hass, SOCCER_SCORE, "0-1")
    await hass.async_block_till_done()
    assert ran(calls) == ["away"]
    assert calls[0].data["delayed"] is True

    # Back after an outage with nothing new: the entities return, no automation runs.
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    await wait_for_state(hass, SOCCER_SCORE, "0-1")
    await simulator.wait_for(lambda: simulator.subscriber_count(SOCCER_MATCH) == 1)
    await hass.async_block_till_done()
    assert ran(calls) == ["away"]

    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "0-2")
    await hass.async_block_till_done()
    assert sorted(ran(calls)[1:]) == ["away", "live_only"]


# Followed teams


def cricket_team_subentry(team: str) -> dict[str, Any]:
    """Return the stored form of a followed team of the cricket league."""
    return {
        "data": {
            CONF_SPORT_ID: 2,
            CONF_SPORT: "cricket",
            CONF_LEAGUE_ID: 201,
            CONF_LEAGUE: "Test cricket",
            CONF_TEAM: team,
        },
        "subentry_type": SUBENTRY_TEAM,
        "title": team,
        "unique_id": f"team:201:{team.casefold()}",
    }


@pytest.mark.freeze_time(NOW)
async def test_team_devices_offer_their_sport_s_triggers(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A soccer team offers scored and conceded; a cricket team wickets taken and lost."""
    entry = make_entry(simulator, [team_subentry(), cricket_team_subentry("India")])
    await set_up(hass, entry)
    assert await trigger_types(hass, team_device_id(hass, entry, TEAM)) == {
        "scored",
        "conceded",
        "goal_cancelled",
        "kick_off",
        "half_time",
        "full_time",
    }
    assert await trigger_types(hass, team_device_id(hass, entry, "India")) == {
        "wicket_taken",
        "wicket_lost",
        "kick_off",
        "full_time",
    }


@pytest.mark.freeze_time(NOW)
async def test_team_triggers_know_the_team_by_name_and_sport(
    hass: HomeAssistant, calls: list[ServiceCall], simulator: Simulator
) -> None:
    """A namesake in another sport or entry, or a match without the team, runs nothing."""
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    other = MockConfigEntry(domain=DOMAIN, title="Other")
    other.add_to_hass(hass)
    devices = dr.async_get(hass)
    ours = devices.async_get_or_create(config_entry_id=entry.entry_id, identifiers={(DOMAIN, "9")})
    theirs = devices.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={(DOMAIN, "8")}
    )
    await set_up_automations(
        hass, {"kick_off": trigger(team_device_id(hass, entry, TEAM), "kick_off")}
    )
    kick_off_of = {"event_type": "kick_off", "from": "not_started", "to": "live"}
    for device, sport, home in (
        (ours.id, "cricket", TEAM),
        (ours.id, "soccer", "Ventura County FC"),
        (theirs.id, "soccer", TEAM),
        (ours.id, "soccer", " tacoma defiance"),
    ):
        data = kick_off_of | {"device_id": device, "sport": sport, "home": home, "away": "X"}
        hass.bus.async_fire(EVENT_MATCH_STATUS, data)
    await hass.async_block_till_done()
    assert ran(calls) == ["kick_off"]


@pytest.mark.freeze_time(NOW)
async def test_team_triggers_fire_from_the_team_s_side_and_not_after_a_reload(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Scored and conceded follow the team's side in whichever match it plays, once each."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry(), team_subentry("Ventura County FC")])
    await set_up(hass, entry)
    tacoma = team_device_id(hass, entry, TEAM)
    ventura = team_device_id(hass, entry, "Ventura County FC")
    await set_up_automations(
        hass,
        {
            "tacoma_scored": trigger(tacoma, "scored"),
            "tacoma_conceded": trigger(tacoma, "conceded"),
            "tacoma_kick_off": trigger(tacoma, "kick_off"),
            "tacoma_full_time": trigger(tacoma, "full_time"),
            "tacoma_half_time": trigger(tacoma, "half_time"),
            "tacoma_cancelled": trigger(tacoma, "goal_cancelled"),
            "ventura_scored": trigger(ventura, "scored"),
        },
    )

    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    score = "sensor.tacoma_defiance_vs_ventura_county_fc_score"
    await wait_for_state(hass, score, "0-0")
    await simulator.score_goal(TEAM_MATCH, "home")
    await wait_for_state(hass, score, "1-0")
    await simulator.score_goal(TEAM_MATCH, "away")
    await wait_for_state(hass, score, "1-1")
    await hass.async_block_till_done()
    assert ran(calls) == ["tacoma_kick_off", "tacoma_scored", "tacoma_conceded", "ventura_scored"]

    # A goal while the entry is away is the baseline when it is back, not an event.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await simulator.score_goal(TEAM_MATCH, "home")
    assert await hass.config_entries.async_setup(entry.entry_id)
    await wait_for_state(hass, score, "2-1")
    await hass.async_block_till_done()
    assert len(calls) == 4

    status = "sensor.tacoma_defiance_vs_ventura_county_fc_status"
    await simulator.cancel_goal(TEAM_MATCH, "away")
    await wait_for_state(hass, score, "2-0")
    await play_second_half_to_full_time(hass, simulator, TEAM_MATCH, status)
    await hass.async_block_till_done()
    assert ran(calls)[4:] == ["tacoma_cancelled", "tacoma_half_time", "tacoma_full_time"]


@pytest.mark.freeze_time(NOW)
async def test_cricket_team_triggers_tell_wickets_taken_from_lost(
    hass: HomeAssistant, calls: list[ServiceCall], simulator: Simulator
) -> None:
    """A wicket of the team's batting is lost; one of the opponent's batting is taken."""
    entry = make_entry(
        simulator,
        [cricket_team_subentry("India"), cricket_team_subentry("Australia")],
        match_ids=[CRICKET_MATCH],
    )
    await set_up(hass, entry)
    india = team_device_id(hass, entry, "India")
    australia = team_device_id(hass, entry, "Australia")
    await set_up_automations(
        hass,
        {
            "india_lost": trigger(india, "wicket_lost"),
            "india_taken": trigger(india, "wicket_taken"),
            "australia_taken": trigger(australia, "wicket_taken"),
        },
    )
    match = entry.runtime_data.matches[CRICKET_MATCH]
    await wait_for(hass, lambda: match.snapshot is not None)
    await hass.async_block_till_done()
    wickets = int(hass.states.get(CRICKET_WICKETS).state)  # type: ignore[union-attr]
    await simulator.take_wicket(CRICKET_MATCH)
    await wait_for_state(hass, CRICKET_WICKETS, str(wickets + 1))
    await hass.async_block_till_done()
    # India bats first in the simulator's match.
    assert sorted(ran(calls)) == ["australia_taken", "india_lost"]
