"""The LLM tools, called through Home Assistant's Assist API against the simulator's matches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from sportrix_simulator import Simulator

from .conftest import API_KEY, CRICKET_MATCH, SOCCER_MATCH
from .helpers import (
    CRICKET_DEVICE,
    SOCCER_DEVICE,
    simulator_entry,
    team_subentry,
    wait_for,
    wait_for_state,
)

# Before 2026.10 Home Assistant has no LLM tool platforms: nothing would load the module.
pytest.importorskip("homeassistant.components.llm")
probatio = pytest.importorskip("probatio")

try:
    from homeassistant.components import conversation  # noqa: F401

    HAS_CONVERSATION = True
except ImportError:  # the Python 3.14 test environment has no hassil
    HAS_CONVERSATION = False

TEAM = "Tacoma Defiance"
TEAM_MATCH = 41320
NOBODY = "Nobody FC"
TOOLS = {
    "sportrix__get_scores": None,
    "sportrix__find_match": "name",
    "sportrix__next_match": "team",
    "sportrix__last_events": "match",
}
SCORE = f"sensor.{SOCCER_DEVICE}_score"
STATUS = f"sensor.{SOCCER_DEVICE}_status"
MINUTE = f"sensor.{SOCCER_DEVICE}_minute"
# The timeline's holder: the last event's sensor starts disabled.
SCOREBOARD = f"sensor.{SOCCER_DEVICE}_scoreboard"
RUNS = f"sensor.{CRICKET_DEVICE}_runs"
WICKETS = f"sensor.{CRICKET_DEVICE}_wickets"
OVERS = f"sensor.{CRICKET_DEVICE}_overs"
CALENDAR = "calendar.sportrix_fixtures"


@pytest.fixture
async def entry(hass: HomeAssistant, simulator: Simulator) -> AsyncIterator[MockConfigEntry]:
    """Follow both live demo matches, a team with a match in five hours and one with none."""
    simulator.schedule(TEAM_MATCH, dt_util.utcnow() + timedelta(hours=5))
    entry = simulator_entry(
        simulator,
        [SOCCER_MATCH, CRICKET_MATCH],
        [team_subentry(TEAM), team_subentry(NOBODY)],
        API_KEY,
    )
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "llm", {})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    coordinator = entry.runtime_data
    # The poll the entry runs at start, awaited to know the catalog is in.
    await coordinator.following.async_poll()
    await wait_for(
        hass, lambda: all(coordinator.matches[m].snapshot for m in (SOCCER_MATCH, CRICKET_MATCH))
    )
    await wait_for_state(hass, "sensor.tacoma_defiance_match", "pre")
    await wait_for_state(hass, "sensor.nobody_fc_match", "none")
    await wait_for_state(hass, RUNS, "1")
    yield entry
    # Unloaded while the simulator still runs: a reconnect must not race its stop.
    await hass.config_entries.async_unload(entry.entry_id)


def expose(hass: HomeAssistant, *entity_ids: str) -> None:
    """Share the entities with the voice assistant, as its settings page does."""
    for entity_id in entity_ids:
        async_expose_entity(hass, "conversation", entity_id, True)


async def assist(hass: HomeAssistant) -> llm.APIInstance:
    """Return the Assist API as a conversation agent gets it."""
    context = llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant="conversation",
        device_id=None,
    )
    return await llm.async_get_api(hass, llm.LLM_API_ASSIST, context)


async def call(hass: HomeAssistant, tool_name: str, **args: Any) -> tuple[dict[str, Any], bool]:
    """Call one of our tools as an agent does; return its data and whether it is an error."""
    api = await assist(hass)
    tool_input = llm.ToolInput(tool_name, args)
    if HAS_CONVERSATION:
        result = await api.async_call_tool(tool_input)
    else:
        # async_call_tool first writes the conversation trace, which needs hassil; the rest of
        # it is this: the API's tool of that name, called with the API's context.
        tool = next(tool for tool in api.tools if tool.name == tool_name)
        result = await tool.async_call(hass, tool_input, api.llm_context)
    assert isinstance(result, llm.ToolResult)
    return dict(result.data), result.error


def ours(api: llm.APIInstance) -> dict[str, llm.Tool]:
    """Return this integration's tools by name."""
    return {tool.name: tool for tool in api.tools if tool.name.startswith("sportrix__")}


@pytest.mark.usefixtures("entry")
async def test_no_tools_while_nothing_is_exposed(hass: HomeAssistant) -> None:
    # Nothing of ours is shared by default: sensors without a device class are not.
    assert ours(await assist(hass)) == {}

    expose(hass, STATUS)
    assert set(ours(await assist(hass))) == set(TOOLS)


@pytest.mark.usefixtures("entry")
async def test_tools_are_named_tagged_and_take_one_name(hass: HomeAssistant) -> None:
    expose(hass, STATUS)
    api = await assist(hass)
    tools = ours(api)

    assert set(tools) == set(TOOLS)
    for name, argument in TOOLS.items():
        tool = tools[name]
        assert tool.integration == "sportrix"
        assert tool.annotations.read_only
        assert not tool.annotations.open_world
        schema = probatio.to_openapi(
            tool.parameters, custom_serializer=api.custom_serializer, openapi_version="3.1.0"
        )
        expected = {argument: {"type": "string"}} if argument else {}
        assert schema.get("properties", {}) == expected, name
        assert schema.get("required", []) == ([argument] if argument else []), name


@pytest.mark.usefixtures("entry")
async def test_a_live_match_is_answered_with_its_score(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    expose(hass, SCORE, STATUS, MINUTE, RUNS, WICKETS, OVERS)
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SCORE, "0-1")

    data, error = await call(hass, "sportrix__find_match", name="the town")
    assert not error
    assert data["teams"] == []
    (match,) = data["matches"]
    assert match["match"] == "Vancouver Whitecaps II vs The Town"
    assert match["score"] == "0-1"
    assert match["status"] == "live"
    assert match["minute"] == hass.states.get(MINUTE).state

    # A cricket match has no exposed score sensor here: runs and wickets make it.
    data, _ = await call(hass, "sportrix__find_match", name="India")
    (match,) = data["matches"]
    assert match["match"] == "India vs Australia"
    assert (match["score"], match["overs"]) == ("1/0", "0.1")

    data, _ = await call(hass, "sportrix__get_scores")
    assert {m["match"]: m["score"] for m in data["matches"]} == {
        "India vs Australia": "1/0",
        "Vancouver Whitecaps II vs The Town": "0-1",
    }


@pytest.mark.usefixtures("entry")
async def test_what_is_not_exposed_is_not_told(hass: HomeAssistant) -> None:
    expose(hass, STATUS)
    tools = ours(await assist(hass))
    # Offered names are those exposed: no cricket match and no team.
    description = tools["sportrix__find_match"].description or ""
    assert "Vancouver Whitecaps II vs The Town" in description
    assert "India" not in description
    assert NOBODY not in description

    data, _ = await call(hass, "sportrix__find_match", name="Vancouver")
    # The score sensor is not shared, so no score, though the match has one.
    assert data["matches"] == [{"match": "Vancouver Whitecaps II vs The Town", "status": "live"}]

    for tool, args in (
        ("sportrix__find_match", {"name": "India"}),
        ("sportrix__last_events", {"match": "India"}),
    ):
        data, error = await call(hass, tool, **args)
        assert error
        assert "India" not in str(data)
    data, _ = await call(hass, "sportrix__get_scores")
    assert [m["match"] for m in data["matches"]] == ["Vancouver Whitecaps II vs The Town"]

    # Exposure is checked again at the call, not only when the tools were offered.
    api = await assist(hass)
    (find,) = (tool for tool in api.tools if tool.name == "sportrix__find_match")
    async_expose_entity(hass, "conversation", STATUS, False)
    tool_input = llm.ToolInput(find.name, {"name": "Vancouver"})
    result = await find.async_call(hass, tool_input, api.llm_context)
    assert result.error
    assert "Vancouver" not in str(result.data)


@pytest.mark.usefixtures("entry")
async def test_a_team_without_a_match_says_so(hass: HomeAssistant) -> None:
    expose(hass, "sensor.nobody_fc_match")

    data, error = await call(hass, "sportrix__find_match", name="nobody fc")
    assert not error
    assert data == {
        "matches": [],
        "teams": [{"team": NOBODY, "match": "no match in the next seven days"}],
    }
    data, error = await call(hass, "sportrix__next_match", team=NOBODY)
    assert not error
    assert data == {"team": NOBODY, "next_match": None}


@pytest.mark.usefixtures("entry")
async def test_a_team_s_next_match_has_its_kick_off(hass: HomeAssistant) -> None:
    expose(hass, "sensor.tacoma_defiance_match")
    state = hass.states.get("sensor.tacoma_defiance_match")

    data, _ = await call(hass, "sportrix__next_match", team="tacoma")

    assert data["team"] == TEAM
    assert data["match"] == "upcoming"
    assert data["opponent"] == "Ventura County FC"
    assert data["kick_off"] == state.attributes["kick_off"]


@pytest.mark.usefixtures("entry")
async def test_a_next_match_known_only_from_the_calendar(hass: HomeAssistant) -> None:
    # The team's sensor is not shared, the fixtures calendar is.
    await wait_for(hass, lambda: hass.states.get(CALENDAR) is not None)
    expose(hass, CALENDAR)

    data, _ = await call(hass, "sportrix__next_match", team="Ventura")

    assert data["match"] == f"{TEAM} vs Ventura County FC"
    kick_off = dt_util.parse_datetime(data["kick_off"])
    assert kick_off is not None
    assert abs(kick_off - (dt_util.utcnow() + timedelta(hours=5))) < timedelta(minutes=1)


@pytest.mark.usefixtures("match_events_enabled", "entry")
async def test_the_last_goals_of_a_match(hass: HomeAssistant, simulator: Simulator) -> None:
    expose(hass, SCOREBOARD, f"event.{SOCCER_DEVICE}_goal")
    await simulator.score_goal(SOCCER_MATCH, "home")
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SCORE, "1-1")
    await wait_for(hass, lambda: len(hass.states.get(SCOREBOARD).attributes["timeline"]) == 2)

    data, error = await call(hass, "sportrix__last_events", match="Whitecaps")

    assert not error
    (match,) = data["matches"]
    assert [(g["team"], g["score"]) for g in match["goals"]] == [("home", "1-0"), ("away", "1-1")]
    assert match["last_goal"]["team_name"] == "The Town"
    assert match["last_goal"]["score"] == "1-1"


@pytest.mark.usefixtures("entry")
async def test_the_last_goals_come_from_the_scoreboard_alone(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The goal entity starts disabled: the scoreboard alone still tells the goals."""
    assert hass.states.get(f"event.{SOCCER_DEVICE}_goal") is None
    expose(hass, SCOREBOARD)
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SCORE, "0-1")
    await wait_for(hass, lambda: len(hass.states.get(SCOREBOARD).attributes["timeline"]) == 1)

    data, error = await call(hass, "sportrix__last_events", match="Whitecaps")

    assert not error
    (match,) = data["matches"]
    assert [(g["team"], g["score"]) for g in match["goals"]] == [("away", "0-1")]
    assert "last_goal" not in match


@pytest.mark.usefixtures("entry")
async def test_the_period_and_the_last_ball_come_from_the_scoreboard(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The period sensor and the wicket entity start disabled: the scoreboards tell."""
    cricket_board = f"sensor.{CRICKET_DEVICE}_scoreboard"
    expose(hass, SCORE, SCOREBOARD, cricket_board)
    await simulator.update(SOCCER_MATCH, {"status": "ht", "clock": {"period": "HT"}})
    await wait_for(hass, lambda: hass.states.get(SCOREBOARD).attributes.get("period") == "ht")
    await simulator.take_wicket(CRICKET_MATCH, label="WICKET! Kohli c Smith b Starc")
    await wait_for(
        hass,
        lambda: hass.states.get(cricket_board).attributes.get("last_play", "").startswith("WICKET"),
    )

    data, error = await call(hass, "sportrix__find_match", name="the town")
    assert not error
    (match,) = data["matches"]
    assert match["period"] == "ht"
    data, error = await call(hass, "sportrix__last_events", match="India")
    assert not error
    (match,) = data["matches"]
    assert match["last_ball"] == "WICKET! Kohli c Smith b Starc"
    assert "last_wicket" not in match
