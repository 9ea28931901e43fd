"""Goal, wicket and status events, counted exactly against scripted simulator frames."""

import asyncio
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.sportrix import connection as connection_module
from custom_components.sportrix.const import (
    DOMAIN,
    EVENT_GOAL,
    EVENT_GOAL_CANCELLED,
    EVENT_MATCH_STATUS,
    EVENT_WICKET,
)
from custom_components.sportrix.engine import SECONDS
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, FINISHED_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import (
    CRICKET_DEVICE,
    SOCCER_DEVICE,
    enable_match_events,
    enable_sensor,
    every_event,
    match_device,
    play_second_half_to_full_time,
    set_up_refusing_sport,
    wait_for,
    wait_for_retry,
    wait_for_state,
)

SOCCER_SCORE = f"sensor.{SOCCER_DEVICE}_score"
CRICKET_RUNS = f"sensor.{CRICKET_DEVICE}_runs"
CRICKET_WICKETS = f"sensor.{CRICKET_DEVICE}_wickets"

type Fired = list[tuple[str, dict[str, object]]]


@pytest.fixture(autouse=True)
def phase_enabled(hass: HomeAssistant) -> None:
    """Enable the soccer phase sensor and the event entities, off by default, as users may."""
    enable_sensor(hass, SOCCER_MATCH, "phase", SOCCER_DEVICE)
    enable_match_events(hass)


@pytest.fixture
def fired(hass: HomeAssistant) -> Fired:
    """Record every Sportrix bus event, from before the integration is set up."""
    events: Fired = []

    @callback
    def record(event: Event) -> None:
        events.append((event.event_type, dict(event.data)))

    for event_type in (EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_WICKET, EVENT_MATCH_STATUS):
        hass.bus.async_listen(event_type, record)
    return events


@pytest.fixture
def no_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the stream open while frozen time jumps hours ahead with no server ping between."""
    monkeypatch.setattr(connection_module, "DEFAULT_READ_TIMEOUT", 1e6)


def record_writes(hass: HomeAssistant) -> list[str]:
    """Record the entity id of every state written from now on, changed or not."""
    written: list[str] = []

    @callback
    def record(event: Event) -> None:
        written.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    # A rewrite of an unchanged state is reported, not changed: count those too.
    hass.bus.async_listen(EVENT_STATE_REPORTED, record, event_filter=every_event)
    return written


def _device_id(hass: HomeAssistant, match_id: int) -> str:
    """Return the device id of a match."""
    device = match_device(hass, match_id)
    assert device is not None
    return device.id


async def test_first_snapshot_is_a_baseline(
    hass: HomeAssistant, fired: Fired, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """Starting up mid-match fires nothing for what happened before."""
    await simulator.update(SOCCER_MATCH, {"score": {"home": 2, "away": 1}})
    await simulator.take_wicket(CRICKET_MATCH)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await wait_for_state(hass, SOCCER_SCORE, "2-1")
    await wait_for(hass, lambda: hass.states.get(CRICKET_WICKETS) is not None)
    await hass.async_block_till_done()
    assert fired == []


async def test_goal_fires_once_with_details(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A goal is one bus event and one event entity trigger, with the documented payload."""
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 12, "second": 3}})
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")

    assert fired == [
        (
            EVENT_GOAL,
            {
                "device_id": _device_id(hass, SOCCER_MATCH),
                "match_id": SOCCER_MATCH,
                "sport": "soccer",
                "home": "Vancouver Whitecaps II",
                "away": "The Town",
                "event_type": "goal",
                "team": "home",
                "team_name": "Vancouver Whitecaps II",
                "score": {"home": 1, "away": 0},
                "minute": fired[0][1]["minute"],
                "delayed": False,
                "broadcast_delay": 0,
                "source": "stream",
            },
        )
    ]
    assert fired[0][1]["minute"] is not None
    goal = hass.states.get(f"event.{SOCCER_DEVICE}_goal")
    assert goal is not None
    assert goal.attributes["event_type"] == "goal"
    assert goal.attributes["team"] == "home"
    # Who, the score and the minute, as a fan reads them.
    assert goal.attributes["team_name"] == "Vancouver Whitecaps II"
    assert goal.attributes["score"] == "1-0"
    assert goal.attributes["minute"] == fired[0][1]["minute"]
    assert "device_id" not in goal.attributes


async def test_two_goals_in_one_frame_fire_twice(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A frame that carries two goals gives two events, each with its own score."""
    await simulator.update(SOCCER_MATCH, {"score": {"home": 2, "away": 1}})
    await wait_for_state(hass, SOCCER_SCORE, "2-1")
    assert [(t, d["team"], d["score"]) for t, d in fired] == [
        (EVENT_GOAL, "home", {"home": 1, "away": 0}),
        (EVENT_GOAL, "home", {"home": 2, "away": 0}),
        (EVENT_GOAL, "away", {"home": 2, "away": 1}),
    ]


async def test_disallowed_goal_fires_goal_cancelled(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A score that goes down is a cancelled goal, never a goal."""
    await simulator.score_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "0-1")
    await simulator.cancel_goal(SOCCER_MATCH, "away")
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    assert [(t, d["team"], d["score"]) for t, d in fired] == [
        (EVENT_GOAL, "away", {"home": 0, "away": 1}),
        (EVENT_GOAL_CANCELLED, "away", {"home": 0, "away": 0}),
    ]
    goal = hass.states.get(f"event.{SOCCER_DEVICE}_goal")
    assert goal is not None
    assert goal.attributes["event_type"] == "goal_cancelled"


async def test_half_time_and_full_time(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Status changes fire match status events with from and to."""
    status = f"sensor.{SOCCER_DEVICE}_status"
    await play_second_half_to_full_time(hass, simulator, SOCCER_MATCH, status)
    assert [(t, d["event_type"], d["from"], d["to"]) for t, d in fired] == [
        (EVENT_MATCH_STATUS, "half_time", "live", "ht"),
        (EVENT_MATCH_STATUS, "second_half", "ht", "live"),
        (EVENT_MATCH_STATUS, "full_time", "live", "ft"),
    ]
    entity = hass.states.get(f"event.{SOCCER_DEVICE}_match_status")
    assert entity is not None
    assert entity.attributes["event_type"] == "full_time"


async def test_wicket_fires_once(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A wicket is one event with the batting side's score."""
    wickets = int(hass.states.get(CRICKET_WICKETS).state)
    snapshot = await simulator.take_wicket(CRICKET_MATCH)
    await wait_for_state(hass, CRICKET_WICKETS, str(wickets + 1))
    score = snapshot["score"]
    assert fired == [
        (
            EVENT_WICKET,
            {
                "device_id": _device_id(hass, CRICKET_MATCH),
                "match_id": CRICKET_MATCH,
                "sport": "cricket",
                "home": "India",
                "away": "Australia",
                "event_type": "wicket",
                "batting": snapshot["batting"],
                "runs": score["runs"],
                "wickets": wickets + 1,
                "overs": fired[0][1]["overs"],
                "label": snapshot["last_event"]["label"],
                "dismissal": fired[0][1]["dismissal"],
                "delayed": False,
                "broadcast_delay": 0,
                "source": "stream",
            },
        )
    ]
    assert fired[0][1]["dismissal"] in snapshot["last_event"]["label"]
    entity = hass.states.get(f"event.{CRICKET_DEVICE}_wicket")
    assert entity is not None
    assert entity.attributes["event_type"] == "wicket"
    # The side that lost it, its score and the over, as a fan reads them.
    assert entity.attributes["team_name"] == snapshot["batting"]
    assert entity.attributes["score"] == f"{score['runs']}/{wickets + 1}"
    assert entity.attributes["over"] == fired[0][1]["overs"]
    assert entity.attributes["dismissal"] == fired[0][1]["dismissal"]


async def test_new_innings_is_not_a_wicket(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The batting side changing with wickets back to zero is an innings change only."""
    await simulator.update(
        CRICKET_MATCH,
        {"status": "innings_break", "score": {"runs": 180, "wickets": 7, "overs": 20}},
    )
    await wait_for_state(hass, CRICKET_RUNS, "180")
    fired.clear()
    await simulator.update(
        CRICKET_MATCH,
        {
            "status": "live",
            "innings": 2,
            "batting": "Australia",
            "bowling": "India",
            "target": 181,
            "score": {"runs": 0, "wickets": 0, "overs": 0},
        },
    )
    await wait_for_state(hass, CRICKET_RUNS, "0")
    assert [(t, d["event_type"], d["batting"]) for t, d in fired] == [
        (EVENT_MATCH_STATUS, "innings_change", "Australia"),
    ]


async def test_frame_wakes_only_its_own_match(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A soccer frame writes no state of the cricket match's entities."""
    written = record_writes(hass)
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    await hass.async_block_till_done()
    assert written
    assert not [entity_id for entity_id in written if CRICKET_DEVICE in entity_id]


async def test_frame_writes_only_what_changed(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A frame that moves only the phase writes only the phase sensor."""
    written = record_writes(hass)
    await simulator.update(SOCCER_MATCH, {"phase": {"label": "Free kick"}})
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_phase", "Free kick")
    await hass.async_block_till_done()
    assert written == [f"sensor.{SOCCER_DEVICE}_phase"]


async def test_minute_changes_once_per_minute(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Clock seconds alone write no minute state, so the recorder gets a row a minute."""
    minute = f"sensor.{SOCCER_DEVICE}_minute"
    changes: list[str] = []

    @callback
    def record(event: Event) -> None:
        if event.data["entity_id"] == minute:
            changes.append(event.data["new_state"].state)

    hass.bus.async_listen("state_changed", record)
    for second in (10, 20, 30):
        await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": second}})
    await wait_for_state(hass, minute, "7")
    for second in (40, 50):
        await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": second}})
    await simulator.update(SOCCER_MATCH, {"phase": {"label": "Corner"}})
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_phase", "Corner")
    assert changes == ["7"]
    assert "second" not in str(hass.states.get(minute).attributes)


async def test_clock_tick_writes_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A frame that moves only the clock's seconds writes no entity at all."""
    minute = f"sensor.{SOCCER_DEVICE}_minute"
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 10}})
    await wait_for_state(hass, minute, "7")
    await hass.async_block_till_done()
    written = record_writes(hass)
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 11}})
    await simulator.update(SOCCER_MATCH, {"phase": {"label": "Goal kick"}})
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_phase", "Goal kick")
    await hass.async_block_till_done()
    assert written == [f"sensor.{SOCCER_DEVICE}_phase"]


async def test_first_new_minute_writes_only_the_minute(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The first frame after setup that moves the minute rewrites nothing else of the clock."""
    minute = f"sensor.{SOCCER_DEVICE}_minute"
    shown = hass.states.get(minute)
    assert shown is not None
    written = record_writes(hass)
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": int(shown.state) + 1}})
    await wait_for_state(hass, minute, str(int(shown.state) + 1))
    await hass.async_block_till_done()
    assert sorted(written) == [minute, f"sensor.{SOCCER_DEVICE}_scoreboard"]


async def test_a_frame_wakes_only_what_shows_its_fields(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A clock frame reaches the clock's listeners only; a lost connection reaches them all."""
    coordinator = init_integration.runtime_data
    calls: list[tuple[str, frozenset[str] | None]] = []
    called = asyncio.Event()

    def listen(name: str, fields: frozenset[str] | None) -> None:
        def listener(changed: frozenset[str] | None) -> None:
            calls.append((name, changed))
            called.set()

        init_integration.async_on_unload(
            coordinator.async_listen_match(SOCCER_MATCH, listener, fields)
        )

    def shown() -> list[tuple[str, frozenset[str] | None]]:
        return [(name, None if c is None else c - {"updated_at"}) for name, c in calls]

    async def until_called(count: int) -> None:
        # A clock frame writes no state, so there is no bus event to wait on.
        async with asyncio.timeout(5):
            while len(calls) < count:
                called.clear()
                await called.wait()

    listen("score", frozenset({"score"}))
    listen("clock", frozenset({"clock"}))
    listen("any", None)
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 11}})
    await until_called(2)
    await hass.async_block_till_done()
    # The frame's time moves too when it crosses a second, which no entity shows either.
    assert shown() == [("clock", frozenset({"clock"})), ("any", frozenset({"clock"}))]

    # The seconds alone are shown by no entity: only what listens to any change hears it.
    calls.clear()
    await simulator.update(SOCCER_MATCH, {"clock": {"minute": 7, "second": 12}})
    await until_called(1)
    await hass.async_block_till_done()
    assert shown() == [("any", frozenset({SECONDS}))]

    calls.clear()
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    assert [name for name, _ in calls] == ["score", "any"]
    assert all("score" in changed for _, changed in calls if changed is not None)

    calls.clear()
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await until_called(3)
    assert sorted(calls) == [("any", None), ("clock", None), ("score", None)]
    simulator.accept_handshakes()
    await wait_for_state(hass, SOCCER_SCORE, "1-0")


async def test_outage_catch_up_fires_once_and_delayed(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A goal scored while the stream was down fires once, marked delayed, never again."""
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    await simulator.score_goal(SOCCER_MATCH, "away")
    simulator.accept_handshakes()
    await wait_for_state(hass, SOCCER_SCORE, "0-1")
    assert [(t, d["team"], d["delayed"]) for t, d in fired] == [(EVENT_GOAL, "away", True)]

    # A second outage with nothing new recovers silently.
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    await wait_for_state(hass, SOCCER_SCORE, "0-1")
    await simulator.wait_for(lambda: simulator.subscriber_count(SOCCER_MATCH) == 1)
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-1")
    assert [(t, d["team"], d["delayed"]) for t, d in fired] == [
        (EVENT_GOAL, "away", True),
        (EVENT_GOAL, "home", False),
    ]


async def test_reload_fires_nothing(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Reloading the entry takes the current score as a baseline again."""
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    assert len(fired) == 1
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    coordinator = init_integration.runtime_data
    await wait_for(hass, lambda: coordinator.matches[SOCCER_MATCH].snapshot is not None)
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    assert len(fired) == 1


async def test_bad_frames_are_skipped(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Garbage, binary and unknown frames change nothing; the next good frame goes through."""
    await simulator.push_raw("not json {")
    await simulator.push_raw(b"\x00\x01binary")
    await simulator.push_frame({"op": "mystery", "data": {}})
    await simulator.push_frame({"op": "update", "data": {"sport": "soccer"}})
    await simulator.push_frame({"op": "update", "data": {"match_id": 777, "sport": "soccer"}})
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    assert [t for t, _ in fired] == [EVENT_GOAL]
    assert init_integration.runtime_data.available


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, CRICKET_MATCH]])
async def test_sport_not_enabled_raises_a_repair_issue(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A match refused for its sport gets a repair issue; the other match plays on."""
    issue_id = await set_up_refusing_sport(hass, mock_config_entry, simulator, CRICKET_MATCH)
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "sport_not_enabled"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["match_id"] == str(CRICKET_MATCH)


@pytest.mark.freeze_time("2026-06-18 00:00:00+00:00")
@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, NOT_STARTED_MATCH]])
async def test_not_started_match_subscribes_at_kick_off(
    hass: HomeAssistant,
    fired: Fired,
    no_read_timeout: None,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A match not live yet shows as not started and is asked for again at kick-off."""
    device = "salmon_bay_fc_w_vs_west_seattle_rhodies_fc_w"
    status = f"sensor.{device}_status"
    await wait_for_state(hass, status, "not_started")
    await wait_for_retry(hass, init_integration, NOT_STARTED_MATCH)
    kick_off = hass.states.get(f"sensor.{device}_kick_off")
    assert kick_off is not None
    assert kick_off.state not in ("unknown", "unavailable")
    refused = len([m for m in simulator.control_messages if m.get("match_id") == NOT_STARTED_MATCH])

    # Nothing is asked again before kick-off.
    freezer.tick(timedelta(minutes=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    sent = [m for m in simulator.control_messages if m.get("match_id") == NOT_STARTED_MATCH]
    assert len(sent) == refused

    await simulator.kick_off(NOT_STARTED_MATCH)
    freezer.tick(timedelta(hours=2, minutes=1))
    async_fire_time_changed(hass)
    await wait_for_state(hass, status, "live")
    assert [(t, d["event_type"], d["match_id"]) for t, d in fired] == [
        (EVENT_MATCH_STATUS, "kick_off", NOT_STARTED_MATCH)
    ]


@pytest.mark.freeze_time("2026-06-18 00:00:00+00:00")
@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, NOT_STARTED_MATCH]])
async def test_goal_before_the_first_frame_fires_delayed(
    hass: HomeAssistant,
    fired: Fired,
    no_read_timeout: None,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A goal scored before the late first frame fires once, after kick-off, marked delayed."""
    await wait_for_retry(hass, init_integration, NOT_STARTED_MATCH)
    await simulator.kick_off(NOT_STARTED_MATCH)
    await simulator.score_goal(NOT_STARTED_MATCH, "away")
    freezer.tick(timedelta(hours=2, minutes=1))
    async_fire_time_changed(hass)
    score = "sensor.salmon_bay_fc_w_vs_west_seattle_rhodies_fc_w_score"
    await wait_for_state(hass, score, "0-1")
    assert [(t, d["event_type"], d["delayed"]) for t, d in fired] == [
        (EVENT_MATCH_STATUS, "kick_off", False),
        (EVENT_GOAL, "goal", True),
    ]


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, FINISHED_MATCH]])
async def test_finished_match_fires_nothing(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry
) -> None:
    """A finished match shows its final score at setup and after a reload, and fires nothing."""
    score = "sensor.fc_arlanda_vs_ifk_stocksund_score"
    for _ in range(2):
        await wait_for_state(hass, score, "1-0")
        await wait_for_retry(hass, init_integration, FINISHED_MATCH)
        assert hass.states.get("sensor.fc_arlanda_vs_ifk_stocksund_status").state == "ft"
        assert fired == []
        assert await hass.config_entries.async_reload(init_integration.entry_id)


async def test_frame_without_score_loses_no_goal(
    hass: HomeAssistant, fired: Fired, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A frame missing its score keeps the last one, so the next goal is still seen."""
    await simulator.update(SOCCER_MATCH, {"score": None, "phase": {"label": "Throw-in"}})
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_phase", "Throw-in")
    assert hass.states.get(SOCCER_SCORE).state == "0-0"
    await simulator.update(SOCCER_MATCH, {"score": {"home": 1, "away": 0}})
    await wait_for_state(hass, SOCCER_SCORE, "1-0")
    assert [(t, d["team"]) for t, d in fired] == [(EVENT_GOAL, "home")]


async def test_implausible_frame_fires_nothing_and_warns_once(
    hass: HomeAssistant,
    fired: Fired,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A score that jumps by dozens becomes the new baseline, with one warning per match."""
    await simulator.update(SOCCER_MATCH, {"score": {"home": 40, "away": 0}})
    await wait_for_state(hass, SOCCER_SCORE, "40-0")
    await simulator.update(SOCCER_MATCH, {"score": {"home": 80, "away": 0}})
    await wait_for_state(hass, SOCCER_SCORE, "80-0")
    warnings = [
        r for r in caplog.records if r.levelname == "WARNING" and str(SOCCER_MATCH) in r.message
    ]
    assert len(warnings) == 1
    assert fired == []
