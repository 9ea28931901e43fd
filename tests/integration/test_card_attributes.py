"""What the match card reads beside the states: the goals' minutes, the side and the ball."""

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.sensor import TIMELINE_LENGTH, TIMELINE_TEXT, MatchSensor
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import SOCCER_DEVICE, enable_sensor, wait_for

# The card reads the timeline from the scoreboard (the last event sensor starts disabled).
SCOREBOARD = f"sensor.{SOCCER_DEVICE}_scoreboard"
LAST_EVENT = f"sensor.{SOCCER_DEVICE}_last_event"
PHASE = f"sensor.{SOCCER_DEVICE}_phase"


def timeline(hass: HomeAssistant) -> list[dict[str, str]]:
    """Return the timeline the card reads, the scoreboard's."""
    state = hass.states.get(SCOREBOARD)
    assert state is not None
    return list(state.attributes["timeline"])


async def test_timeline_has_the_goals_red_cards_and_a_goal_taken_back(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Goals with their minutes and scores, a red card, and the entry that took a goal back."""
    assert timeline(hass) == []
    await simulator.score_goal(SOCCER_MATCH, "home", minute="12")
    snapshot = simulator.snapshot(SOCCER_MATCH)
    corner = {"minute": "20", "type": "corner", "team": "away", "label": "Corner"}
    red = {"minute": "31", "type": "red_card", "team": "away", "label": "Red card"}
    await simulator.update(SOCCER_MATCH, {"events": [*snapshot["events"], corner, red]})
    await simulator.score_goal(SOCCER_MATCH, "away", minute="45+2")
    await simulator.cancel_goal(SOCCER_MATCH, "away")
    await wait_for(hass, lambda: len(timeline(hass)) == 4)
    assert timeline(hass) == [
        {
            "minute": "12",
            "type": "goal",
            "team": "home",
            "label": "Goal Vancouver Whitecaps II",
            "score": "1-0",
        },
        red,
        {
            "minute": "45+2",
            "type": "goal",
            "team": "away",
            "label": "Goal The Town",
            "score": "1-1",
        },
        {
            "minute": simulator.snapshot(SOCCER_MATCH)["events"][-1]["minute"],
            "type": "event",
            "team": "away",
            "label": "Goal disallowed The Town (VAR)",
            "score": "1-0",
        },
    ]


@pytest.fixture
def last_event_enabled(hass: HomeAssistant) -> None:
    """Enable the soccer last event sensor, off by default."""
    enable_sensor(hass, SOCCER_MATCH, "last_event", SOCCER_DEVICE)


@pytest.mark.usefixtures("last_event_enabled")
async def test_a_second_goal_in_the_same_minute_is_written(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The last event reads the same twice; the timeline still gains the second goal."""
    await simulator.score_goal(SOCCER_MATCH, "home", minute="70")
    await wait_for(hass, lambda: len(timeline(hass)) == 1)
    shown = hass.states.get(LAST_EVENT)
    await simulator.score_goal(SOCCER_MATCH, "home", minute="70")
    await wait_for(hass, lambda: len(timeline(hass)) == 2)
    assert hass.states.get(LAST_EVENT).state == shown.state
    assert [entry["score"] for entry in timeline(hass)] == ["1-0", "2-0"]


async def test_a_long_timeline_keeps_its_last_entries_and_short_labels(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A feed's timeline has no bound: the attribute keeps the latest entries, labels cut."""
    events = [
        {"minute": str(minute), "type": "red_card", "team": "home", "label": "x" * 500}
        for minute in range(TIMELINE_LENGTH + 5)
    ]
    await simulator.update(SOCCER_MATCH, {"events": events})
    await wait_for(hass, lambda: len(timeline(hass)) == TIMELINE_LENGTH)
    assert timeline(hass)[0]["minute"] == "5"
    assert all(len(entry["label"]) == TIMELINE_TEXT for entry in timeline(hass))


@pytest.fixture
def phase_enabled(hass: HomeAssistant) -> None:
    """Enable the soccer phase sensor, off by default."""
    enable_sensor(hass, SOCCER_MATCH, "phase", SOCCER_DEVICE)


@pytest.mark.usefixtures("phase_enabled")
async def test_phase_tells_the_side_and_the_ball(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The side on the ball, and the ball's last position, which may move without the phase."""
    await simulator.update(
        SOCCER_MATCH,
        {
            "phase": {"label": "Dangerous attack", "team": "away"},
            "ball": {"x": 0.84, "y": 0.4},
        },
    )
    await wait_for(hass, lambda: hass.states.get(PHASE).state == "Dangerous attack")
    assert hass.states.get(PHASE).attributes["side"] == "away"
    assert hass.states.get(PHASE).attributes["ball"] == {"x": 0.84, "y": 0.4}
    await simulator.update(SOCCER_MATCH, {"ball": {"x": 0.9, "y": 0.55}})
    await wait_for(hass, lambda: hass.states.get(PHASE).attributes["ball"]["x"] == 0.9)
    await simulator.update(SOCCER_MATCH, {"phase": {"team": ""}, "ball": {"y": None}})
    await wait_for(hass, lambda: hass.states.get(PHASE).attributes["side"] is None)
    assert "ball" not in hass.states.get(PHASE).attributes


def test_the_card_details_are_not_recorded() -> None:
    """A timeline or a position is live detail, no history to keep."""
    assert {"timeline", "ball"} <= MatchSensor._unrecorded_attributes


async def test_scoreboard_carries_the_period_the_card_clock_runs_in(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The period sensor starts disabled: the card reads the period from the scoreboard."""
    assert hass.states.get(f"sensor.{SOCCER_DEVICE}_period") is None
    await simulator.update(SOCCER_MATCH, {"status": "ht", "clock": {"period": "HT"}})
    await wait_for(hass, lambda: hass.states.get(SCOREBOARD).attributes.get("period") == "ht")
    await simulator.update(SOCCER_MATCH, {"status": "live", "clock": {"period": "2H"}})
    await wait_for(hass, lambda: hass.states.get(SCOREBOARD).attributes.get("period") == "2h")
