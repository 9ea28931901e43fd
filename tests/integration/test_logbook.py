"""Logbook lines of goals, wickets and status changes, read back as the logbook panel does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, mock_component
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sportrix import logbook
from custom_components.sportrix.const import (
    DOMAIN,
    EVENT_GOAL,
    EVENT_GOAL_CANCELLED,
    EVENT_MATCH_STATUS,
    EVENT_WICKET,
)
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import CRICKET_DEVICE, SOCCER_DEVICE, match_device, wait_for_state

ARSENAL_CHELSEA = {"match_id": 1, "sport": "soccer", "home": "Arsenal", "away": "Chelsea"}
INDIA_AUSTRALIA = {"match_id": 2, "sport": "cricket", "home": "India", "away": "Australia"}


@pytest.fixture
async def mock_recorder_before_hass(async_test_recorder: Any) -> None:
    """Have Home Assistant start with the recorder, which the logbook reads."""


@pytest.fixture
def describers(hass: HomeAssistant) -> dict[str, Callable[[Event], dict[str, str]]]:
    """Return the integration's logbook describers by event type, as the logbook takes them."""
    found: dict[str, Callable[[Event], dict[str, str]]] = {}

    def describe(domain: str, event_type: str, describer: Callable[[Event], Any]) -> None:
        assert domain == DOMAIN
        found[event_type] = describer

    logbook.async_describe_events(hass, describe)
    return found


@pytest.mark.parametrize(
    ("event_type", "data", "message"),
    [
        (
            EVENT_GOAL,
            ARSENAL_CHELSEA
            | {"event_type": "goal", "team": "home", "score": {"home": 2, "away": 1}}
            | {"minute": "67", "delayed": False},
            "Goal: Arsenal 2\u20131 Chelsea (67')",
        ),
        (
            EVENT_GOAL,
            ARSENAL_CHELSEA
            | {"event_type": "goal", "score": {"home": 0, "away": 1}, "minute": "45+2"}
            | {"delayed": True},
            "Goal: Arsenal 0\u20131 Chelsea (45+2') (recovered after an outage)",
        ),
        (
            EVENT_GOAL,
            {"match_id": 41282, "event_type": "goal", "score": {"home": 1, "away": 0}},
            "Goal: match 41282 1\u20130",
        ),
        (
            EVENT_GOAL_CANCELLED,
            ARSENAL_CHELSEA
            | {"event_type": "goal_cancelled", "score": {"home": 1, "away": 1}, "minute": "70"},
            "Goal cancelled: Arsenal 1\u20131 Chelsea",
        ),
        (
            EVENT_WICKET,
            INDIA_AUSTRALIA
            | {"event_type": "wicket", "batting": "India", "runs": 145, "wickets": 4}
            | {"overs": "18.5", "label": "WICKET! Kohli c Smith b Starc", "delayed": False},
            "India lost a wicket: 145/4 (18.5) \u2014 Kohli c Smith b Starc",
        ),
        (
            EVENT_WICKET,
            INDIA_AUSTRALIA
            | {"event_type": "wicket", "batting": "Australia", "runs": 12, "wickets": 1}
            | {"overs": "2.3", "label": None, "delayed": True},
            "Australia lost a wicket: 12/1 (2.3) (recovered after an outage)",
        ),
        (
            EVENT_WICKET,
            INDIA_AUSTRALIA
            | {"event_type": "wicket", "batting": "India", "runs": None, "wickets": 4}
            | {"dismissal": "Kohli c Smith b Starc", "label": "WICKET! Kohli c Smith b Starc"},
            "Wicket: India \u2014 Kohli c Smith b Starc",
        ),
        (
            EVENT_GOAL,
            ARSENAL_CHELSEA
            | {"event_type": "goal", "team": "away", "team_name": "Chelsea", "minute": "13"}
            | {"score": {"home": 0, "away": 1}},
            "Chelsea scored: 0\u20131 (13')",
        ),
        (
            EVENT_GOAL,
            ARSENAL_CHELSEA
            | {"event_type": "goal", "team": "home", "team_name": "Arsenal", "minute": "45+2'"}
            | {"score": {"home": 1, "away": 0}, "scorer": "Saka"},
            "Arsenal scored: 1\u20130 (45+2') \u2014 Saka",
        ),
        (
            EVENT_GOAL_CANCELLED,
            ARSENAL_CHELSEA
            | {"event_type": "goal_cancelled", "team": "home", "team_name": "Arsenal"}
            | {"score": {"home": 0, "away": 0}, "minute": None},
            "Goal cancelled for Arsenal: 0\u20130",
        ),
        (
            EVENT_MATCH_STATUS,
            INDIA_AUSTRALIA
            | {"event_type": "full_time", "from": "live", "to": "ft"}
            | {"result": "India won by 3 runs"}
            | {"scorecard": ["India 157/4 (20.0)", "Australia 154/4 (20.0)"]},
            "Full time: India won by 3 runs (India 157/4 (20.0), Australia 154/4 (20.0))",
        ),
        (
            EVENT_MATCH_STATUS,
            INDIA_AUSTRALIA
            | {"event_type": "full_time", "from": "live", "to": "ft"}
            | {"result": "Match tied", "scorecard": []},
            "Full time: Match tied",
        ),
        (
            EVENT_MATCH_STATUS,
            ARSENAL_CHELSEA | {"event_type": "kick_off", "from": "not_started", "to": "live"},
            "Kick-off: Arsenal vs Chelsea",
        ),
        (
            EVENT_MATCH_STATUS,
            ARSENAL_CHELSEA | {"event_type": "half_time", "from": "live", "to": "ht"},
            "Half time: Arsenal vs Chelsea",
        ),
        (
            EVENT_MATCH_STATUS,
            ARSENAL_CHELSEA
            | {"event_type": "full_time", "from": "live", "to": "ft", "delayed": True},
            "Full time: Arsenal vs Chelsea (recovered after an outage)",
        ),
        (
            EVENT_MATCH_STATUS,
            ARSENAL_CHELSEA
            | {"event_type": "full_time", "from": "live", "to": "ft"}
            | {"score": {"home": 2, "away": 1}},
            "Full time: Arsenal 2\u20131 Chelsea",
        ),
        (
            EVENT_MATCH_STATUS,
            INDIA_AUSTRALIA
            | {"event_type": "innings_change", "from": "innings_break", "to": "live"}
            | {"batting": "Australia", "innings": 2},
            "Innings change: India vs Australia \u2014 Australia batting",
        ),
        (
            EVENT_MATCH_STATUS,
            INDIA_AUSTRALIA | {"event_type": "status_change", "from": "ft", "to": "live"},
            "Status change: India vs Australia (full time to live)",
        ),
    ],
)
async def test_each_event_reads_as_one_line(
    hass: HomeAssistant,
    describers: dict[str, Callable[[Event], dict[str, str]]],
    event_type: str,
    data: dict[str, Any],
    message: str,
) -> None:
    """Every bus event gets a line; a match without an event entity gets none named."""
    line = describers[event_type](Event(event_type, data))
    assert line == {"name": "Sportrix", "message": message, "icon": logbook.ICONS[event_type]}


async def test_every_bus_event_is_described(
    describers: dict[str, Callable[[Event], dict[str, str]]],
) -> None:
    """The logbook shows each of the integration's events, not only some."""
    assert set(describers) == {EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_WICKET, EVENT_MATCH_STATUS}


async def test_logbook_shows_goals_wickets_and_full_time_on_the_match(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """The match device's logbook lists its events, each with its icon, though its entity is off."""
    start = dt_util.utcnow() - timedelta(minutes=1)
    # The logbook registers its panel with the frontend, whose files are not installed here.
    mock_component(hass, "frontend")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()

    await simulator.score_goal(SOCCER_MATCH, "away", minute=12)
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_score", "0-1")
    await simulator.finish(SOCCER_MATCH)
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_status", "ft")
    wickets = f"sensor.{CRICKET_DEVICE}_wickets"
    before = int(hass.states.get(wickets).state)  # type: ignore[union-attr]
    snapshot = await simulator.take_wicket(CRICKET_MATCH, label="WICKET! Kohli c Smith b Starc")
    await wait_for_state(hass, wickets, str(before + 1))
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)

    client = await hass_ws_client(hass)

    async def lines(match_id: int) -> list[tuple[str, str | None, str | None]]:
        device = match_device(hass, match_id)
        assert device is not None
        await client.send_json_auto_id(
            {
                "type": "logbook/get_events",
                "start_time": start.isoformat(),
                "device_ids": [device.id],
            }
        )
        response = await client.receive_json()
        assert response["success"], response
        return [
            (entry["message"], entry.get("entity_id"), entry.get("icon"))
            for entry in response["result"]
            if entry.get("domain") == DOMAIN and entry.get("name") == "Sportrix"
        ]

    assert await lines(SOCCER_MATCH) == [
        (
            "The Town scored: 0\u20131 (12')",
            f"event.{SOCCER_DEVICE}_goal",
            "mdi:soccer",
        ),
        (
            "Full time: Vancouver Whitecaps II 0\u20131 The Town",
            f"event.{SOCCER_DEVICE}_match_status",
            "mdi:scoreboard-outline",
        ),
    ]
    score = snapshot["score"]
    innings = f"{score['runs']}/{score['wickets']} ({score['overs']})"
    assert await lines(CRICKET_MATCH) == [
        (
            f"India lost a wicket: {innings} \u2014 Kohli c Smith b Starc",
            f"event.{CRICKET_DEVICE}_wicket",
            "mdi:cricket",
        )
    ]
