"""Triggers of the automation editor's picker: offered, validated, and fired once per event."""

from __future__ import annotations

from datetime import timedelta
import importlib
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    trigger as trigger_helper,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.sportrix.const import DOMAIN, EVENT_GOAL
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import play_second_half_to_full_time, wait_for, wait_for_state
from .test_device_trigger import (
    CRICKET_WICKETS,
    SOCCER_SCORE,
    cricket_team_subentry,
    device_id,
    ran,
    team_device_id,
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

HAS_INTEGRATION_TRIGGERS = hasattr(trigger_helper, "Trigger")
needs_triggers = pytest.mark.skipif(
    not HAS_INTEGRATION_TRIGGERS,
    reason="this Home Assistant release has no integration triggers (trigger.py); "
    "its device triggers are tested in test_device_trigger.py",
)

TRIGGER_KEYS = {
    "team_scored",
    "team_conceded",
    "goal",
    "goal_cancelled",
    "wicket",
    "wicket_taken",
    "wicket_lost",
    "kick_off",
    "half_time",
    "full_time",
}
# What a notification says, read from the trigger variables without computing anything.
NOTIFICATION = {
    "who": "{{ trigger.team_name }}",
    "score": "{{ trigger.score }}",
    "minute": "{{ trigger.minute }}",
    "home": "{{ trigger.home }}",
    "away": "{{ trigger.away }}",
    "side": "{{ trigger.team }}",
    "event_type": "{{ trigger.event_type }}",
    "platform": "{{ trigger.platform }}",
    "delayed": "{{ trigger.delayed }}",
}


@pytest.fixture
def calls(hass: HomeAssistant) -> list[ServiceCall]:
    """Record each run of an automation's action."""
    return async_mock_service(hass, "test", "automation")


def sportrix(key: str, *devices: str, **options: Any) -> dict[str, Any]:
    """Return one of the integration's triggers as the automation editor saves it."""
    return {"trigger": f"{DOMAIN}.{key}", "options": {"device_id": list(devices), **options}}


async def set_up_automations(hass: HomeAssistant, triggers: dict[str, dict[str, Any]]) -> None:
    """Set up one automation per trigger; each records its name and a notification's fields."""
    automations = [
        {
            "alias": name,
            "triggers": [config],
            "actions": [{"action": "test.automation", "data": {"name": name, **NOTIFICATION}}],
        }
        for name, config in triggers.items()
    ]
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()


async def validate(hass: HomeAssistant, config: dict[str, Any]) -> list[dict[str, Any]]:
    """Validate a trigger as saving an automation does."""
    configs = cv.TRIGGER_SCHEMA([config])
    return await trigger_helper.async_validate_trigger_config(hass, configs)


async def test_older_releases_refuse_the_triggers_and_keep_the_device_triggers(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Without integration triggers the module cannot load: Home Assistant says there are none."""
    soccer = device_id(hass, SOCCER_MATCH)
    if HAS_INTEGRATION_TRIGGERS:
        assert await validate(hass, sportrix("kick_off", soccer))
        return
    with pytest.raises(Exception, match="does not provide trigger support"):
        await validate(hass, sportrix("kick_off", soccer))
    device_trigger = {"trigger": "device", "domain": DOMAIN, "device_id": soccer}
    assert await validate(hass, device_trigger | {"type": "kick_off"})


@needs_triggers
async def test_the_editor_lists_the_triggers_with_their_fields(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Each trigger is declared with a device selector limited to the integration."""
    module = importlib.import_module("custom_components.sportrix.trigger")
    assert set(await module.async_get_triggers(hass)) == TRIGGER_KEYS
    await validate(hass, sportrix("kick_off", device_id(hass, SOCCER_MATCH)))

    descriptions = await trigger_helper.async_get_all_descriptions(hass)
    ours = {key: value for key, value in descriptions.items() if key.startswith(f"{DOMAIN}.")}
    assert set(ours) == {f"{DOMAIN}.{key}" for key in TRIGGER_KEYS}
    for key, description in ours.items():
        assert description is not None, key
        selector = description["fields"]["device_id"]["selector"]["device"]
        assert selector["multiple"] is True
        assert {f["integration"] for f in selector["filter"]} == {DOMAIN}, key
    goal_side = ours[f"{DOMAIN}.goal"]["fields"]["side"]  # type: ignore[index]
    assert goal_side["selector"]["select"]["options"] == ["any", "home", "away"]


@needs_triggers
async def test_saving_refuses_a_device_that_does_not_give_the_trigger(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A match is not a team, a cricket match has no goals, another integration's device none."""
    soccer, cricket = device_id(hass, SOCCER_MATCH), device_id(hass, CRICKET_MATCH)
    other_entry = MockConfigEntry(domain="other")
    other_entry.add_to_hass(hass)
    other = dr.async_get(hass).async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("other", "1")}
    )
    validated = await validate(hass, sportrix("goal", soccer, side="home"))
    assert validated[0]["options"] == {"device_id": [soccer], "side": "home"}
    assert (await validate(hass, sportrix("goal", soccer)))[0]["options"]["side"] == "any"
    for config in (
        sportrix("team_scored", soccer),
        sportrix("goal", cricket),
        sportrix("wicket", soccer),
        sportrix("kick_off", soccer, other.id),
        sportrix("goal", soccer, side="middle"),
        sportrix("kick_off"),
        {"trigger": f"{DOMAIN}.penalty", "options": {"device_id": [soccer]}},
    ):
        with pytest.raises(Exception, match=r"Sportrix|device_id|side|penalty|length"):
            await validate(hass, config)


@needs_triggers
async def test_goal_in_a_match_fires_once_per_goal_of_its_side(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Home, away and either side: each goal runs the automations of its side once."""
    soccer = device_id(hass, SOCCER_MATCH)
    await set_up_automations(
        hass,
        {
            "home": sportrix("goal", soccer, side="home"),
            "away": sportrix("goal", soccer, side="away"),
            "any": sportrix("goal", soccer),
            "cancelled": sportrix("goal_cancelled", soccer),
        },
    )
    # Another match's goal is not this match's.
    hass.bus.async_fire(EVENT_GOAL, {"device_id": "another-match", "team": "home"})
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "1-1")
    await simulator.cancel_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await hass.async_block_till_done()

    assert sorted(ran(calls)) == ["any", "any", "away", "cancelled", "home"]
    home = next(call.data for call in calls if call.data["name"] == "home")
    assert home["score"] == "1-0"
    assert home["side"] == "home"
    assert home["who"] == home["home"]
    assert home["platform"] == f"{DOMAIN}.goal"
    assert home["delayed"] is False
    cancelled = next(call.data for call in calls if call.data["name"] == "cancelled")
    assert cancelled["score"] == "1-0"


@needs_triggers
@pytest.mark.freeze_time(NOW)
async def test_team_scores_runs_once_per_goal_of_the_team_with_who_and_the_score(
    hass: HomeAssistant,
    calls: list[ServiceCall],
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Team scores follows the team in its match: not the other side, not another match."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()], match_ids=[SOCCER_MATCH])
    await set_up(hass, entry)
    tacoma = team_device_id(hass, entry, TEAM)
    await set_up_automations(
        hass,
        {
            "scored": sportrix("team_scored", tacoma),
            "conceded": sportrix("team_conceded", tacoma),
            "kick_off": sportrix("kick_off", tacoma),
            "half_time": sportrix("half_time", tacoma),
            "full_time": sportrix("full_time", tacoma),
        },
    )

    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    score = "sensor.tacoma_defiance_vs_ventura_county_fc_score"
    await wait_for_state(hass, score, "0-0")
    await simulator.score_goal(TEAM_MATCH, "home")
    await wait_for_state(hass, score, "1-0")
    await simulator.score_goal(TEAM_MATCH, "away")
    await wait_for_state(hass, score, "1-1")
    await simulator.score_goal(TEAM_MATCH, "home")
    await wait_for_state(hass, score, "2-1")
    # A goal in a match the team does not play runs nothing.
    await wait_for(hass, lambda: entry.runtime_data.matches[SOCCER_MATCH].snapshot is not None)
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await hass.async_block_till_done()

    assert ran(calls) == ["kick_off", "scored", "conceded", "scored"]
    scored = [call.data for call in calls if call.data["name"] == "scored"]
    assert [(goal["who"], goal["score"]) for goal in scored] == [(TEAM, "1-0"), (TEAM, "2-1")]
    assert all(goal["minute"] for goal in scored)
    assert scored[0]["home"] == TEAM
    assert scored[0]["away"] == "Ventura County FC"
    conceded = next(call.data for call in calls if call.data["name"] == "conceded")
    assert (conceded["who"], conceded["score"]) == ("Ventura County FC", "1-1")

    status = "sensor.tacoma_defiance_vs_ventura_county_fc_status"
    await play_second_half_to_full_time(hass, simulator, TEAM_MATCH, status)
    await hass.async_block_till_done()
    assert ran(calls)[4:] == ["half_time", "full_time"]
    assert calls[-1].data["score"] == "2-1"


@needs_triggers
@pytest.mark.freeze_time(NOW)
async def test_wickets_are_taken_lost_or_of_the_match(
    hass: HomeAssistant, calls: list[ServiceCall], simulator: Simulator
) -> None:
    """A wicket of India's batting is lost for India, taken for Australia, and the match's."""
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
            "india_lost": sportrix("wicket_lost", india),
            "india_taken": sportrix("wicket_taken", india),
            "australia_taken": sportrix("wicket_taken", australia),
            "match": sportrix("wicket", device_id(hass, CRICKET_MATCH)),
        },
    )
    match = entry.runtime_data.matches[CRICKET_MATCH]
    await wait_for(hass, lambda: match.snapshot is not None)
    await hass.async_block_till_done()
    wickets = int(hass.states.get(CRICKET_WICKETS).state)  # type: ignore[union-attr]
    await simulator.take_wicket(CRICKET_MATCH)
    await wait_for_state(hass, CRICKET_WICKETS, str(wickets + 1))
    await hass.async_block_till_done()

    assert sorted(ran(calls)) == ["australia_taken", "india_lost", "match"]
    # The side that lost the wicket, and runs and wickets as a cricket notification reads them.
    assert {call.data["who"] for call in calls} == {"India"}
    assert {call.data["score"].split("/")[1] for call in calls} == {str(wickets + 1)}


@needs_triggers
async def test_a_device_gone_since_saving_is_left_out(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A device removed between saving and loading selects nothing; the others still fire."""
    from homeassistant.helpers.trigger import TriggerConfig

    from custom_components.sportrix.const import EVENT_MATCH_STATUS
    from custom_components.sportrix.trigger import TRIGGERS

    soccer = device_id(hass, SOCCER_MATCH)
    config = TriggerConfig(key=f"{DOMAIN}.kick_off", options={"device_id": ["gone", soccer]})
    runs: list[tuple[dict[str, Any], str]] = []

    def run_action(variables: dict[str, Any], description: str, context: Any = None) -> Any:
        runs.append((variables, description))

    unsubscribe = await TRIGGERS["kick_off"](hass, config).async_attach_runner(run_action)
    kick_off_of = {"event_type": "kick_off", "sport": "cricket", "home": "A", "away": "B"}
    for device in ("gone", soccer):
        hass.bus.async_fire(EVENT_MATCH_STATUS, kick_off_of | {"device_id": device})
    await hass.async_block_till_done()
    unsubscribe()

    assert [(variables["device_id"], description) for variables, description in runs] == [
        (soccer, "Sportrix kick_off")
    ]
    # A cricket kick-off carries no score yet.
    assert runs[0][0]["score"] is None
