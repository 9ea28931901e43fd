"""Text from the feed has no bound: states stay within 255 characters and the log stays short."""

from __future__ import annotations

from collections.abc import Awaitable
import logging

from homeassistant.const import MAX_LENGTH_STATE_STATE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.const import EVENT_WICKET
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, SOCCER_MATCH
from .helpers import CRICKET_DEVICE, SOCCER_DEVICE, enable_sensor, record_bus, wait_for

LAST_EVENT = f"sensor.{SOCCER_DEVICE}_last_event"


@pytest.fixture
def last_event_enabled(hass: HomeAssistant) -> None:
    """Enable the soccer last event sensor, off by default."""
    enable_sensor(hass, SOCCER_MATCH, "last_event", SOCCER_DEVICE)


BATTING = f"sensor.{CRICKET_DEVICE}_batting"
STATUS = f"sensor.{SOCCER_DEVICE}_status"
WICKET_EVENTS = f"event.{CRICKET_DEVICE}_wicket"
SENSOR_LOGGER = "custom_components.sportrix.sensor"


async def send(hass: HomeAssistant, entry: MockConfigEntry, frame: Awaitable[object]) -> None:
    """Have the simulator send a frame, and wait until the integration has taken it."""
    coordinator = entry.runtime_data
    seen = coordinator.frames_received
    await frame
    await wait_for(hass, lambda: coordinator.frames_received > seen)
    await hass.async_block_till_done()


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the error lines logged, tracebacks included."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.usefixtures("last_event_enabled")
async def test_a_long_last_event_is_cut_to_what_a_state_holds(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 1,000-character label is shown as its first 254 characters and an ellipsis."""
    label = "Foul " + "x" * 995
    event = {"minute": "12", "type": "foul", "team": "home", "label": label}
    await send(hass, init_integration, simulator.update(SOCCER_MATCH, {"events": [event]}))
    state = hass.states.get(LAST_EVENT)
    assert state is not None
    assert len(state.state) == MAX_LENGTH_STATE_STATE
    assert state.state == f"12' {label}"[: MAX_LENGTH_STATE_STATE - 1] + "\u2026"
    assert errors(caplog) == []


async def test_a_long_batting_side_is_cut_and_a_short_one_shown_whole(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Any text state is cut in the same place; text within the limit is left as it is."""
    await send(hass, init_integration, simulator.update(CRICKET_MATCH, {"batting": "B" * 1000}))
    assert hass.states.get(BATTING).state == "B" * 254 + "\u2026"
    await send(hass, init_integration, simulator.update(CRICKET_MATCH, {"batting": "B" * 255}))
    assert hass.states.get(BATTING).state == "B" * 255
    assert errors(caplog) == []


@pytest.mark.usefixtures("match_events_enabled")
async def test_a_long_wicket_label_is_cut_on_the_event_entity_and_kept_on_the_bus(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The entity's attributes stay small enough to be recorded; automations get the text."""
    wickets = record_bus(hass, EVENT_WICKET)
    label = "WICKET! " + "y" * 20_000
    await simulator.take_wicket(CRICKET_MATCH, label=label)
    await wait_for(hass, lambda: len(wickets) == 1)
    assert wickets[0]["label"] == label
    state = hass.states.get(WICKET_EVENTS)
    assert state is not None
    assert len(state.attributes["label"]) == MAX_LENGTH_STATE_STATE
    assert state.attributes["label"].endswith("\u2026")
    assert errors(caplog) == []


async def test_unknown_statuses_are_logged_once_per_match_and_briefly(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Twenty frames, each with another 20 kB status: one short line, and the status unknown."""
    caplog.set_level(logging.INFO)
    for number in range(20):
        status = f"{number:02d}" + "s" * 20_000
        await send(hass, init_integration, simulator.update(SOCCER_MATCH, {"status": status}))
        assert hass.states.get(STATUS).state == "unknown"
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == SENSOR_LOGGER and "unknown status" in r.getMessage()
    ]
    assert len(lines) == 1
    assert str(SOCCER_MATCH) in lines[0]
    assert len(lines[0]) < 250
    assert "\u2026" in lines[0]
    assert max(len(r.getMessage()) for r in caplog.records if r.name == SENSOR_LOGGER) < 250
