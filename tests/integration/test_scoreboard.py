"""Scoreboard sensors: what the Team Tracker card reads, per sport and state, match and team."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.history import get_significant_states
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.const import DOMAIN
from custom_components.sportrix.scoreboard import ATTRIBUTES, PLACEHOLDER_LOGO
from sportrix_simulator import ScriptFinishedError, Simulator

from .conftest import CRICKET_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import CRICKET_DEVICE, SOCCER_DEVICE, advance, every_event, wait_for, wait_for_state
from .test_teams import LEAGUE, TEAM, TEAM_MATCH, make_entry, set_up, team_subentry

NOW = datetime(2026, 6, 18, 2, 0, tzinfo=UTC)
SOCCER_BOARD = f"sensor.{SOCCER_DEVICE}_scoreboard"
CRICKET_BOARD = f"sensor.{CRICKET_DEVICE}_scoreboard"
PRE_BOARD = "sensor.salmon_bay_fc_w_vs_west_seattle_rhodies_fc_w_scoreboard"
TEAM_BOARD = "sensor.tacoma_defiance_scoreboard"
SILK = "https://cdn.example/tacoma.svg"

# The contract: what must be a string when present (the card prints or splits it), and what
# must be a boolean.
STRINGS = ATTRIBUTES - {"team_winner", "opponent_winner"}
BOOLEANS = {"team_winner", "opponent_winner"}

# Kick-off times, dates and the time to kick-off are read against frozen time.
frozen = pytest.mark.freeze_time(NOW)


@pytest.fixture
def match_ids() -> list[int]:
    """Follow a soccer, a cricket and a not-started match."""
    return [SOCCER_MATCH, CRICKET_MATCH, NOT_STARTED_MATCH]


@pytest.fixture
def mock_recorder_before_hass(recorder_db_url: str) -> None:
    """Prepare the database before Home Assistant starts, as the recorder fixture needs."""


@pytest.fixture
async def unload_before_the_simulator_stops(
    hass: HomeAssistant, simulator: Simulator
) -> AsyncIterator[None]:
    """Unload every entry while the simulator still runs: a reconnect must not race its stop."""
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)


def board(hass: HomeAssistant, entity_id: str) -> tuple[str, dict[str, Any]]:
    """Return a scoreboard's state and its card attributes, each checked against the contract."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    attributes = {k: v for k, v in state.attributes.items() if k in ATTRIBUTES}
    assert_contract_types(attributes)
    return state.state, attributes


def assert_contract_types(attributes: dict[str, Any]) -> None:
    """Check every attribute has the card's type: never None, strings and booleans as said."""
    for name, value in attributes.items():
        expected = bool if name in BOOLEANS else str
        assert type(value) is expected, (name, value)
    # Colours or nothing: team_homeaway without both lists of colours blanks the card.
    assert "team_homeaway" not in attributes


async def play(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator, steps: int
) -> None:
    """Play a number of the cricket script's frames, each taken before the next (all: -1)."""
    coordinator = entry.runtime_data
    while steps:
        steps -= 1
        seen = coordinator.frames_received
        try:
            await simulator.step(CRICKET_MATCH)
        except ScriptFinishedError:
            return
        await wait_for(hass, lambda seen=seen: coordinator.frames_received > seen)


def placeholders(**names: str) -> dict[str, str]:
    """Return the names and ids of both sides, with the grey shirt as both logos."""
    return {
        "team_name": names["team"],
        "opponent_name": names["opponent"],
        "team_id": names["team"],
        "opponent_id": names["opponent"],
        "team_logo": PLACEHOLDER_LOGO,
        "opponent_logo": PLACEHOLDER_LOGO,
    }


SOCCER_SIDES = placeholders(team="Vancouver Whitecaps II", opponent="The Town")
CRICKET_SIDES = placeholders(team="India", opponent="Australia")


@frozen
async def test_soccer_match_in_play(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Live: the score, the minute, possession, shots as on target plus off, the last goal."""
    await simulator.score_goal(SOCCER_MATCH, "home", minute=12)
    await simulator.score_goal(SOCCER_MATCH, "home", minute=40)
    await simulator.score_goal(SOCCER_MATCH, "away", minute=61)
    await simulator.update(
        SOCCER_MATCH,
        {
            "clock": {"minute": 67, "second": 12, "period": "2H"},
            "stats": {
                "possession": {"home": 44, "away": 56},
                "shots_on_target": {"home": 6, "away": 2},
                "shots_off_target": {"home": 7, "away": 3},
            },
        },
    )
    await wait_for(hass, lambda: board(hass, SOCCER_BOARD)[1]["clock"] == "67'")
    assert board(hass, SOCCER_BOARD) == (
        "IN",
        SOCCER_SIDES
        | {
            "sport": "soccer",
            "league": "USA MLS Next Pro League",
            "date": "2026-06-18T01:59Z",
            "team_score": "2",
            "opponent_score": "1",
            "clock": "67'",
            "possession": "The Town",
            "team_total_shots": "13",
            "team_shots_on_target": "6",
            "opponent_total_shots": "5",
            "opponent_shots_on_target": "2",
            "last_play": "61' Goal The Town",
        },
    )


@frozen
async def test_soccer_match_half_time_and_full_time(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """HT is still IN with the clock "HT"; full time is POST with FT and the winner."""
    await simulator.score_goal(SOCCER_MATCH, "away", minute=30)
    await simulator.update(
        SOCCER_MATCH, {"status": "ht", "clock": {"minute": 45, "period": "HT", "running": False}}
    )
    await wait_for(hass, lambda: board(hass, SOCCER_BOARD)[1]["clock"] == "HT")
    assert board(hass, SOCCER_BOARD)[0] == "IN"

    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, SOCCER_BOARD, "POST")
    _, attributes = board(hass, SOCCER_BOARD)
    assert {k: attributes[k] for k in ("clock", "team_score", "opponent_score", "date")} == {
        "clock": "FT",
        "team_score": "0",
        "opponent_score": "1",
        "date": "2026-06-18T01:59Z",
    }
    assert (attributes["team_winner"], attributes["opponent_winner"]) == (False, True)
    assert "kickoff_in" not in attributes


@frozen
async def test_soccer_draw_has_no_winner(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A draw at full time: both winners false, neither missing."""
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, SOCCER_BOARD, "POST")
    _, attributes = board(hass, SOCCER_BOARD)
    assert (attributes["team_winner"], attributes["opponent_winner"]) == (False, False)


@frozen
async def test_match_not_started_is_pre_with_its_kick_off(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Before any frame: PRE, never unknown, with the date and the time to kick-off."""
    assert board(hass, PRE_BOARD) == (
        "PRE",
        placeholders(team="Salmon Bay FC (W)", opponent="West Seattle Rhodies FC (W)")
        | {
            "date": "2026-06-18T04:00Z",
            "kickoff_in": "in 2 hours",
            "team_score": "",
            "opponent_score": "",
            "clock": "",
        },
    )
    # The time to kick-off moves with the clock alone, with no frame to wake the sensor.
    await advance(hass, freezer, timedelta(hours=1, minutes=1))
    assert board(hass, PRE_BOARD)[1]["kickoff_in"] == "in 59 minutes"


@frozen
async def test_cricket_first_innings(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Live: the batting side's runs, wickets and overs; the side yet to bat is ""."""
    assert board(hass, CRICKET_BOARD) == (
        "IN",
        CRICKET_SIDES
        | {
            "sport": "cricket",
            "league": "ICC Men's T20 Series",
            "date": "2026-06-18T01:58Z",
            "team_score": "1/0 (0.1 ov)",
            "opponent_score": "",
            "clock": "Live",
            "possession": "India",
            "last_play": "1 run",
        },
    )


@frozen
async def test_cricket_innings_break_second_innings_and_result(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The break keeps IN; the chase shows the first innings from the scorecard and the target."""
    await play(hass, init_integration, simulator, 128)
    assert board(hass, CRICKET_BOARD) == (
        "IN",
        CRICKET_SIDES
        | {
            "sport": "cricket",
            "league": "ICC Men's T20 Series",
            "date": "2026-06-18T01:58Z",
            "team_score": "157/4 (20.0 ov)",
            "opponent_score": "",
            "clock": "Innings break",
            "possession": "India",
            "last_play": "Innings break: Australia need 158 to win",
        },
    )
    await play(hass, init_integration, simulator, 1)
    _, attributes = board(hass, CRICKET_BOARD)
    assert attributes["clock"] == "Live"
    assert attributes["team_score"] == "157/4 (20.0 ov)"
    assert attributes["opponent_score"] == "0/0 (0.0 ov, target 158)"
    assert attributes["possession"] == "Australia"

    await play(hass, init_integration, simulator, -1)
    assert board(hass, CRICKET_BOARD) == (
        "POST",
        CRICKET_SIDES
        | {
            "sport": "cricket",
            "league": "ICC Men's T20 Series",
            "date": "2026-06-18T01:58Z",
            "team_score": "157/4 (20.0 ov)",
            "opponent_score": "154/4 (20.0 ov, target 158)",
            "clock": "Final",
            "possession": "",
            "last_play": "India won by 3 runs",
            "team_winner": True,
            "opponent_winner": False,
        },
    )


@frozen
async def _three_boards(hass: HomeAssistant, simulator: Simulator) -> list[dict[str, Any]]:
    """Return the raw attributes of a finished soccer match, a live cricket one and a PRE one."""
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, SOCCER_BOARD, "POST")
    boards = [hass.states.get(e) for e in (SOCCER_BOARD, CRICKET_BOARD, PRE_BOARD)]
    return [dict(b.attributes) for b in boards if b is not None]


@frozen
@pytest.mark.parametrize("name", sorted(STRINGS))
async def test_contract_strings_are_strings(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator, name: str
) -> None:
    """Every attribute the card prints or splits is a string wherever it is shown."""
    values = [b[name] for b in await _three_boards(hass, simulator) if name in b]
    assert values, name
    assert all(type(v) is str for v in values), values


@frozen
@pytest.mark.parametrize("name", sorted(BOOLEANS))
async def test_contract_winners_are_booleans(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator, name: str
) -> None:
    """The winners are booleans, and only at full time."""
    boards = await _three_boards(hass, simulator)
    assert type(boards[0][name]) is bool
    assert all(name not in b for b in boards[1:])


@frozen
async def test_scoreboard_writes_only_what_it_shows(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Seconds and the phase write nothing; a new minute writes the clock once."""
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 10}})
    await wait_for(hass, lambda: board(hass, SOCCER_BOARD)[1]["clock"] == "7'")
    written: list[str] = []

    @callback
    def record(event: Event) -> None:
        if event.data["entity_id"] == SOCCER_BOARD:
            written.append(event.data["new_state"].attributes.get("clock", "reported"))

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    hass.bus.async_listen(EVENT_STATE_REPORTED, record, event_filter=every_event)
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 40}})
    await simulator.update(SOCCER_MATCH, {"phase": {"label": "Goal kick"}})
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 8, "second": 0}})
    await wait_for(hass, lambda: written == ["8'"])
    await hass.async_block_till_done()
    assert written == ["8'"]


async def test_scoreboard_is_unavailable_while_the_stream_is_down(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Down is unavailable, which the card draws; back, it is IN again."""
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_BOARD, STATE_UNAVAILABLE)
    simulator.accept_handshakes()
    await wait_for_state(hass, SOCCER_BOARD, "IN")


@frozen
async def test_attributes_stay_out_of_the_recorder(
    recorder_mock: Recorder, hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Only the state is history: the recorder keeps none of the card's attributes."""
    await async_wait_recording_done(hass)
    history = await recorder_mock.async_add_executor_job(
        lambda: get_significant_states(
            hass,
            NOW - timedelta(hours=1),
            entity_ids=[SOCCER_BOARD, CRICKET_BOARD],
            significant_changes_only=False,
        )
    )
    for entity_id in (SOCCER_BOARD, CRICKET_BOARD):
        assert history[entity_id][-1].state == "IN"
        for recorded in history[entity_id]:
            assert not ATTRIBUTES & set(recorded.attributes), recorded.attributes
        # The live state has them all the same.
        assert board(hass, entity_id)[1]["team_name"]


@pytest.fixture
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time jumps ahead with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


@pytest.mark.usefixtures("no_read_timeout", "unload_before_the_simulator_stops")
@frozen
async def test_team_scoreboard_from_the_catalog_then_the_match(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """A team's next match from the catalog, its kit image as team_logo; then the match itself."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=30))
    entry = make_entry(simulator, [team_subentry(silk_url=SILK)])
    await set_up(hass, entry)
    await wait_for_state(hass, TEAM_BOARD, "PRE")
    assert board(hass, TEAM_BOARD) == (
        "PRE",
        {
            "sport": "soccer",
            "league": LEAGUE,
            "team_name": TEAM,
            "opponent_name": "Ventura County FC",
            "team_id": TEAM,
            "opponent_id": "Ventura County FC",
            "team_logo": SILK,
            "opponent_logo": PLACEHOLDER_LOGO,
            "date": "2026-06-18T02:30Z",
            "kickoff_in": "in 30 minutes",
            "team_score": "",
            "opponent_score": "",
            "clock": "",
            "possession": "",
            "team_total_shots": "0",
            "team_shots_on_target": "0",
            "opponent_total_shots": "0",
            "opponent_shots_on_target": "0",
        },
    )
    await advance(hass, freezer, timedelta(minutes=15))
    await simulator.kick_off(TEAM_MATCH)
    await advance(hass, freezer, timedelta(minutes=10))
    await wait_for_state(hass, TEAM_BOARD, "IN")
    await simulator.score_goal(TEAM_MATCH, "away", minute=3)
    await wait_for(hass, lambda: board(hass, TEAM_BOARD)[1]["opponent_score"] == "1")
    _, attributes = board(hass, TEAM_BOARD)
    assert (attributes["team_score"], attributes["clock"]) == ("0", "0'")
    assert attributes["last_play"] == "3' Goal Ventura County FC"
    assert "kickoff_in" not in attributes


@pytest.mark.usefixtures("no_read_timeout", "unload_before_the_simulator_stops")
@frozen
async def test_team_scoreboard_of_an_away_match(hass: HomeAssistant, simulator: Simulator) -> None:
    """Away from home the followed team is still team_*: its score, its logo, its side."""
    away_match = 41391
    simulator.postpone(TEAM_MATCH)
    simulator.add_match(
        SOCCER_MATCH,
        away_match,
        home="The Town",
        away=TEAM,
        league_id=101,
        start_time=NOW + timedelta(days=2, hours=3),
    )
    entry = make_entry(simulator, [team_subentry(silk_url=SILK)])
    await set_up(hass, entry)
    state, attributes = board(hass, TEAM_BOARD)
    assert state == "PRE"
    assert (attributes["team_name"], attributes["opponent_name"]) == (TEAM, "The Town")
    assert (attributes["team_logo"], attributes["opponent_logo"]) == (SILK, PLACEHOLDER_LOGO)
    assert attributes["kickoff_in"] == "in 2 days"


@pytest.mark.usefixtures("no_read_timeout", "unload_before_the_simulator_stops")
@frozen
async def test_team_without_a_match_is_not_found(hass: HomeAssistant, simulator: Simulator) -> None:
    """No match in the coming week: NOT_FOUND, which the card draws as "no game"."""
    entry = make_entry(simulator, [team_subentry(team="Nobody FC")])
    await set_up(hass, entry)
    assert board(hass, "sensor.nobody_fc_scoreboard") == ("NOT_FOUND", {})
