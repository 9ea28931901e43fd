"""The broadcast delay: frames released after the set time, in order, never twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.api import Snapshot
from custom_components.sportrix.const import CONF_BROADCAST_DELAY, EVENT_GOAL
from custom_components.sportrix.delay import BroadcastDelay
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import (
    SOCCER_DEVICE,
    advance,
    record_bus,
    wait_for,
    wait_for_retry,
    wait_for_state,
)

DELAY = "number.sportrix_broadcast_delay"
SCORE = f"sensor.{SOCCER_DEVICE}_score"

pytestmark = pytest.mark.freeze_time("2026-06-18 12:00:00+00:00")


@pytest.fixture(autouse=True)
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time moves on with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


@pytest.fixture
def match_ids() -> list[int]:
    """Follow the live soccer match only."""
    return [SOCCER_MATCH]


@pytest.fixture
def goals(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Record every goal on the bus."""
    return record_bus(hass, EVENT_GOAL)


async def set_delay(hass: HomeAssistant, seconds: float) -> None:
    """Set the delay as a user does, through the number entity."""
    await hass.services.async_call(
        "number", "set_value", {"entity_id": DELAY, "value": seconds}, blocking=True
    )


async def wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move frozen time on by some seconds."""
    await advance(hass, freezer, timedelta(seconds=seconds))


@asynccontextmanager
async def next_hold() -> AsyncIterator[None]:
    """Wait, on leaving, until a frame is held (or run) by any entry's delay.

    A held frame changes nothing in Home Assistant, so the wait is on the hold itself.
    """
    held = asyncio.Event()
    hold = BroadcastDelay.hold

    def watched(self: BroadcastDelay, snapshot: Snapshot, take: Callable[[Snapshot], None]) -> None:
        hold(self, snapshot, take)
        held.set()

    with patch.object(BroadcastDelay, "hold", watched):
        yield
        await held.wait()


async def goal(hass: HomeAssistant, simulator: Simulator, team: str, count: int) -> None:
    """Score a goal and wait until the integration holds its frame."""
    async with next_hold():
        await simulator.score_goal(SOCCER_MATCH, team)
    delay = hass.config_entries.async_entries("sportrix")[0].runtime_data.delay
    assert delay.held == count


async def test_goals_are_shown_and_fired_after_the_delay(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """With 30 s of delay, a goal appears and fires 30 s after it arrived, not before."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 30)
    assert hass.states.get(DELAY).state == "30"  # type: ignore[union-attr]
    assert init_integration.options[CONF_BROADCAST_DELAY] == 30

    await goal(hass, simulator, "home", 1)
    await wait(hass, freezer, 29)
    assert goals == []
    assert hass.states.get(SCORE).state == "0-0"  # type: ignore[union-attr]

    await wait(hass, freezer, 1)
    assert [g["score"] for g in goals] == [{"home": 1, "away": 0}]
    assert goals[0]["broadcast_delay"] == 30
    assert goals[0]["delayed"] is False
    assert hass.states.get(SCORE).state == "1-0"  # type: ignore[union-attr]


async def test_changing_the_delay_keeps_order_and_fires_each_goal_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """Shorter, longer, then no delay: every held goal fires once, in the order scored."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 60)
    await goal(hass, simulator, "home", 1)
    await wait(hass, freezer, 20)
    await goal(hass, simulator, "away", 2)
    await wait(hass, freezer, 20)
    await goal(hass, simulator, "home", 3)

    # 40 s after the first goal: a 30 s delay releases it at once, the others in their time.
    await set_delay(hass, 30)
    assert [g["score"] for g in goals] == [{"home": 1, "away": 0}]
    # Longer again: nothing is taken back, the rest waits for the new delay.
    await set_delay(hass, 120)
    await wait(hass, freezer, 60)
    assert len(goals) == 1
    await set_delay(hass, 0)
    assert [g["score"] for g in goals] == [
        {"home": 1, "away": 0},
        {"home": 1, "away": 1},
        {"home": 2, "away": 1},
    ]
    assert init_integration.runtime_data.delay.held == 0
    # With no delay, the next goal is not held at all.
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for(hass, lambda: len(goals) == 4)


async def test_unloading_drops_what_is_held(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """A held goal is not fired after a reload: the new start takes a baseline."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 30)
    await goal(hass, simulator, "home", 1)

    async with next_hold():
        assert await hass.config_entries.async_reload(init_integration.entry_id)
    # The delay is kept across the reload, as across a restart.
    assert init_integration.runtime_data.delay.seconds == 30
    await wait(hass, freezer, 60)
    await wait_for_state(hass, SCORE, "1-0")
    assert goals == []


async def refuse_and_reconnect(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Have the stream refuse the match as not live from the next connection on."""
    simulator.refuse_subscribes([SOCCER_MATCH])
    handshakes = simulator.handshake_count
    await simulator.drop_connections()
    # Frozen time: the reconnect's backoff ends as time is moved on.
    while simulator.handshake_count == handshakes:
        await wait(hass, freezer, 0.1)


async def test_a_rest_look_up_waits_for_the_delay(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """A final score looked up after a refusal is shown no sooner than the stream's would be."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 60)
    await refuse_and_reconnect(hass, simulator, freezer)
    # Finished while refused: only the REST API can tell the result.
    await simulator.update(SOCCER_MATCH, {"score": {"home": 2, "away": 0}})
    await simulator.finish(SOCCER_MATCH)
    await wait_for_retry(hass, init_integration, SOCCER_MATCH)

    await wait(hass, freezer, 59)
    assert hass.states.get(SCORE).state == "0-0"  # type: ignore[union-attr]
    assert goals == []
    await wait(hass, freezer, 2)
    await wait_for_state(hass, SCORE, "2-0")
    # Unloaded while the simulator runs: a retry must not race its stop.
    assert await hass.config_entries.async_unload(init_integration.entry_id)


async def test_a_held_frame_does_not_end_a_later_refusal(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """The refusal that came after a held goal is still shown when the goal is released."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 60)
    await goal(hass, simulator, "home", 1)
    await refuse_and_reconnect(hass, simulator, freezer)
    await wait_for_retry(hass, init_integration, SOCCER_MATCH)

    await wait(hass, freezer, 61)
    await wait_for(hass, lambda: len(goals) == 1)
    assert init_integration.runtime_data.matches[SOCCER_MATCH].refusal is not None
    assert await hass.config_entries.async_unload(init_integration.entry_id)


SEEN_ON_TV = "button.sportrix_seen_it_on_tv"


async def press_seen_on_tv(hass: HomeAssistant) -> None:
    """Press the entry's Seen it on TV button as a user does."""
    await hass.services.async_call("button", "press", {"entity_id": SEEN_ON_TV}, blocking=True)


async def test_seen_it_on_tv_grows_the_delay_by_the_time_since_the_goal_was_shown(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """Shown with 10 s of delay, seen on TV 25 s later: the delay becomes 35 s, and is kept."""
    await wait_for_state(hass, SCORE, "0-0")
    await set_delay(hass, 10)
    await goal(hass, simulator, "home", 1)
    await wait(hass, freezer, 10)
    assert len(goals) == 1
    await wait(hass, freezer, 25)
    await press_seen_on_tv(hass)
    await wait_for_state(hass, DELAY, "35")
    assert init_integration.options[CONF_BROADCAST_DELAY] == 35
    assert init_integration.runtime_data.delay.seconds == 35
    # One press a goal: pressing again has nothing to measure from.
    with pytest.raises(ServiceValidationError) as refused:
        await press_seen_on_tv(hass)
    assert refused.value.translation_key == "nothing_to_see"


async def test_seen_it_on_tv_without_a_recent_goal_changes_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    goals: list[dict[str, Any]],
) -> None:
    """Before any goal, and 91 s after one, a press is refused and the delay stays."""
    await wait_for_state(hass, SCORE, "0-0")
    with pytest.raises(ServiceValidationError):
        await press_seen_on_tv(hass)
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for(hass, lambda: len(goals) == 1)
    await wait(hass, freezer, 91)
    with pytest.raises(ServiceValidationError):
        await press_seen_on_tv(hass)
    assert hass.states.get(DELAY).state == "0"  # type: ignore[union-attr]
