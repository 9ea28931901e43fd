"""Sensor states of both sports, as snapshots and as they change."""

from homeassistant.components.sensor import SensorStateClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.sportrix.const import CONF_STATISTICS
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import CRICKET_DEVICE, SOCCER_DEVICE, enable_sensor, wait_for, wait_for_state

FROZEN_AT = "2026-06-18 02:00:00+00:00"


@pytest.fixture
def period_enabled(hass: HomeAssistant) -> None:
    """Enable the soccer period sensor, off by default (each period is a change of status)."""
    enable_sensor(hass, SOCCER_MATCH, "period", SOCCER_DEVICE)


def _entities(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, object]:
    """Describe every entity of the entry by what users see and rely on.

    Not snapshot_platform: its registry entries gain fields between Home Assistant releases,
    and one snapshot file serves both tested releases.
    """
    registry = er.async_get(hass)
    described: dict[str, object] = {}
    for entity in sorted(
        er.async_entries_for_config_entry(registry, entry.entry_id), key=lambda e: e.entity_id
    ):
        state = hass.states.get(entity.entity_id)
        described[entity.entity_id] = {
            "unique_id": entity.unique_id,
            "translation_key": entity.translation_key,
            "disabled_by": entity.disabled_by,
            "entity_category": entity.entity_category,
            "state": state.state if state else None,
            # Newer releases key some attributes by StrEnum members; compare by name.
            "attributes": {str(k): v for k, v in state.attributes.items()} if state else None,
        }
    return described


@pytest.mark.freeze_time(FROZEN_AT)
@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, CRICKET_MATCH, NOT_STARTED_MATCH]])
async def test_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity of a soccer, a cricket and a not-started match, as first shown."""
    await wait_for_state(
        hass, "sensor.salmon_bay_fc_w_vs_west_seattle_rhodies_fc_w_status", "not_started"
    )
    assert _entities(hass, init_integration) == snapshot


@pytest.mark.usefixtures("period_enabled")
async def test_soccer_sensors_follow_the_match(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Score, goals, clock, period and last event follow the frames."""
    await simulator.score_goal(SOCCER_MATCH, "home")
    await simulator.score_goal(SOCCER_MATCH, "home")
    await simulator.score_goal(SOCCER_MATCH, "away")
    await simulator.update(
        SOCCER_MATCH,
        {
            "clock": {"minute": 67, "second": 12, "period": "2H"},
            "phase": {"label": "Dangerous attack"},
            "stats": {"possession": {"home": 56, "away": 44}},
        },
    )
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_minute", "67")
    expected = {
        "score": "2-1",
        "home_goals": "2",
        "away_goals": "1",
        "minute": "67",
        "period": "2h",
        "status": "live",
    }
    for key, value in expected.items():
        assert hass.states.get(f"sensor.{SOCCER_DEVICE}_{key}").state == value, key
    scoreboard = hass.states.get(f"sensor.{SOCCER_DEVICE}_scoreboard")
    assert scoreboard is not None
    assert scoreboard.attributes["last_play"].startswith("Goal", 3)


async def test_cricket_sensors_follow_the_match(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Runs, wickets, overs as written, balls and run rate derived from them."""
    await simulator.update(
        CRICKET_MATCH,
        {
            "score": {"runs": 145, "wickets": 3, "overs": 18.4},
            "last_event": {"type": "four", "label": "FOUR"},
        },
    )
    await wait_for_state(hass, f"sensor.{CRICKET_DEVICE}_runs", "145")
    expected = {
        "runs": "145",
        "wickets": "3",
        "overs": "18.4",
        "balls_bowled": "112",
        "batting": "India",
    }
    for key, value in expected.items():
        assert hass.states.get(f"sensor.{CRICKET_DEVICE}_{key}").state == value, key
    run_rate = float(hass.states.get(f"sensor.{CRICKET_DEVICE}_run_rate").state)
    assert run_rate == pytest.approx(145 * 6 / 112)


# Changes with every ball or every move on the pitch: off until the user wants them, as their
# every change would be a line in the logbook.
BALL_BY_BALL = [
    f"sensor.{SOCCER_DEVICE}_phase",
    f"sensor.{SOCCER_DEVICE}_last_event",
    f"sensor.{CRICKET_DEVICE}_score",
    f"sensor.{CRICKET_DEVICE}_last_event",
]


async def test_ball_by_ball_sensors_start_disabled(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The phase, the last event, and cricket's score text, are registered but disabled."""
    registry = er.async_get(hass)
    for entity_id in BALL_BY_BALL:
        entry = registry.async_get(entity_id)
        assert entry is not None, entity_id
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION, entity_id
    # Soccer's score changes on goals only: it stays.
    assert registry.async_get(f"sensor.{SOCCER_DEVICE}_score").disabled_by is None


# Counters step by whole numbers: the state class "total" and no unit, so that no "1 goals"
# disagrees with its number, no mean is taken ("2.3 goals") and the logbook leaves them out.
COUNTERS = [
    f"sensor.{SOCCER_DEVICE}_home_goals",
    f"sensor.{SOCCER_DEVICE}_away_goals",
    f"sensor.{CRICKET_DEVICE}_runs",
    f"sensor.{CRICKET_DEVICE}_wickets",
    f"sensor.{CRICKET_DEVICE}_balls_bowled",
]
OVERS = f"sensor.{CRICKET_DEVICE}_overs"


@pytest.mark.parametrize("entity_id", COUNTERS)
async def test_counters_are_totals_without_a_unit(
    hass: HomeAssistant, init_integration: MockConfigEntry, entity_id: str
) -> None:
    """Goals, runs, wickets and balls: a total, no unit to disagree with "1"."""
    state = hass.states.get(entity_id)
    assert state is not None
    assert "unit_of_measurement" not in state.attributes
    assert state.attributes["state_class"] == SensorStateClass.TOTAL
    capabilities = er.async_get(hass).async_get(entity_id).capabilities  # type: ignore[union-attr]
    assert capabilities == {"state_class": SensorStateClass.TOTAL}


async def test_overs_keep_their_unit_and_no_state_class(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Overs as the feed writes them (18.4 is 18 overs and 4 balls): no means of them."""
    state = hass.states.get(OVERS)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "overs"
    assert "state_class" not in state.attributes


@pytest.mark.usefixtures("period_enabled")
async def test_unknown_status_shows_unknown(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A status outside the documented ones is unknown, not an error."""
    await simulator.update(SOCCER_MATCH, {"status": "abandoned", "clock": {"period": "ET1"}})
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_status", "unknown")
    assert hass.states.get(f"sensor.{SOCCER_DEVICE}_period").state == "unknown"
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, f"sensor.{SOCCER_DEVICE}_score", "1-0")


@pytest.mark.parametrize("statistics", [False, True])
async def test_statistics_option_enables_new_statistics_sensors(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    statistics: bool,
) -> None:
    """The entry's option decides whether a match's statistics sensors start enabled."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={**mock_config_entry.options, CONF_STATISTICS: statistics},
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    possession = "sensor.vancouver_whitecaps_ii_vs_the_town_home_possession"
    await wait_for(hass, lambda: er.async_get(hass).async_get(possession) is not None)
    registry_entry = er.async_get(hass).async_get(possession)
    assert registry_entry is not None
    assert (registry_entry.disabled_by is None) is statistics
