"""Sensors of a match: score, clock or overs, status and statistics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
import logging

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import CricketSnapshot, SoccerSnapshot
from .coordinator import SportrixConfigEntry
from .entity import SportrixEntity, async_add_match_entities
from .match_state import MatchState

_LOGGER = logging.getLogger(__name__)

type StateValue = str | int | float | datetime | None

# The platform is push-driven by the coordinator; nothing here limits parallel updates.
PARALLEL_UPDATES = 0

STATUS_OPTIONS = ["not_started", "live", "ht", "ft", "innings_break"]
PERIOD_OPTIONS = ["1h", "ht", "2h", "ft"]
_unknown_values_logged: set[tuple[str, str]] = set()


def _known(kind: str, value: str | None, options: list[str]) -> str | None:
    """Return value if it is one of options; log an unknown one once and return None."""
    if value is None:
        return None
    if value in options:
        return value
    if (kind, value) not in _unknown_values_logged:
        _unknown_values_logged.add((kind, value))
        _LOGGER.info("Sportrix sent an unknown %s %r; showing it as unknown", kind, value)
    return None


@dataclass(frozen=True, kw_only=True)
class SportrixSensorEntityDescription(SensorEntityDescription):
    """A sensor of a match, read from its state."""

    value_fn: Callable[[MatchState], StateValue]


def _soccer(read: Callable[[SoccerSnapshot], StateValue]) -> Callable[[MatchState], StateValue]:
    """Read a value from the match's soccer snapshot, if it has one."""

    def value(match: MatchState) -> StateValue:
        snapshot = match.snapshot
        return read(snapshot) if isinstance(snapshot, SoccerSnapshot) else None

    return value


def _cricket(read: Callable[[CricketSnapshot], StateValue]) -> Callable[[MatchState], StateValue]:
    """Read a value from the match's cricket snapshot, if it has one."""

    def value(match: MatchState) -> StateValue:
        snapshot = match.snapshot
        return read(snapshot) if isinstance(snapshot, CricketSnapshot) else None

    return value


def _score_text(match: MatchState) -> str | None:
    """Format the score the way each sport writes it: "2-1" or "145/3"."""
    snapshot = match.snapshot
    if isinstance(snapshot, SoccerSnapshot) and snapshot.score is not None:
        return f"{snapshot.score.home}-{snapshot.score.away}"
    if isinstance(snapshot, CricketSnapshot) and snapshot.score is not None:
        return f"{snapshot.score.runs}/{snapshot.score.wickets}"
    return None


def _last_event(match: MatchState) -> str | None:
    """Describe the latest incident of either sport."""
    snapshot = match.snapshot
    if isinstance(snapshot, SoccerSnapshot) and snapshot.events:
        event = snapshot.events[-1]
        return f"{event.minute}' {event.label or event.type}"
    if isinstance(snapshot, CricketSnapshot) and snapshot.last_event is not None:
        return snapshot.last_event.label or snapshot.last_event.type
    return None


def _period(snapshot: SoccerSnapshot) -> str | None:
    """Return the clock's period in the sensor's lower-case options."""
    period = snapshot.clock.period if snapshot.clock else None
    return _known("period", period.lower() if period else None, PERIOD_OPTIONS)


MATCH_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(key="score", translation_key="score", value_fn=_score_text),
    SportrixSensorEntityDescription(
        key="status",
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=STATUS_OPTIONS,
        value_fn=lambda match: _known("status", match.status, STATUS_OPTIONS),
    ),
    SportrixSensorEntityDescription(
        key="kick_off",
        translation_key="kick_off",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda match: match.kick_off,
    ),
    SportrixSensorEntityDescription(
        key="last_event", translation_key="last_event", value_fn=_last_event
    ),
)


def _stat_sensors() -> tuple[SportrixSensorEntityDescription, ...]:
    """Describe a home and an away sensor for each common soccer statistic."""
    stats = ("possession", "shots_on_target", "shots_off_target", "corners", "yellow_cards")
    return tuple(d for stat in (*stats, "red_cards") for d in _stat_pair(stat))


def _stat_pair(stat: str) -> list[SportrixSensorEntityDescription]:
    """Describe the home and away sensors of one statistic, disabled until wanted."""

    def reader(side: str) -> Callable[[SoccerSnapshot], StateValue]:
        def read(snapshot: SoccerSnapshot) -> StateValue:
            pair = snapshot.stats.get(stat)
            if pair is None:
                return None
            return pair.home if side == "home" else pair.away

        return read

    return [
        SportrixSensorEntityDescription(
            key=f"{stat}_{side}",
            translation_key=f"{stat}_{side}",
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=PERCENTAGE if stat == "possession" else None,
            entity_registry_enabled_default=False,
            value_fn=_soccer(reader(side)),
        )
        for side in ("home", "away")
    ]


SOCCER_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(
        key="home_goals",
        translation_key="home_goals",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_soccer(lambda s: s.score.home if s.score else None),
    ),
    SportrixSensorEntityDescription(
        key="away_goals",
        translation_key="away_goals",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_soccer(lambda s: s.score.away if s.score else None),
    ),
    # The minute only: seconds would write a recorder row every second.
    SportrixSensorEntityDescription(
        key="minute",
        translation_key="minute",
        native_unit_of_measurement="min",
        value_fn=_soccer(lambda s: s.clock.minute if s.clock else None),
    ),
    SportrixSensorEntityDescription(
        key="period",
        translation_key="period",
        device_class=SensorDeviceClass.ENUM,
        options=PERIOD_OPTIONS,
        value_fn=_soccer(_period),
    ),
    SportrixSensorEntityDescription(
        key="phase",
        translation_key="phase",
        value_fn=_soccer(lambda s: s.phase.label if s.phase else None),
    ),
    *_stat_sensors(),
)

CRICKET_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(
        key="runs",
        translation_key="runs",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_cricket(lambda s: s.score.runs if s.score else None),
    ),
    SportrixSensorEntityDescription(
        key="wickets",
        translation_key="wickets",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_cricket(lambda s: s.score.wickets if s.score else None),
    ),
    # Kept as the feed writes it: 18.4 is 18 overs and 4 balls, not a decimal.
    SportrixSensorEntityDescription(
        key="overs",
        translation_key="overs",
        value_fn=_cricket(lambda s: s.score.overs if s.score else None),
    ),
    SportrixSensorEntityDescription(
        key="balls",
        translation_key="balls",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_cricket(lambda s: s.score.balls if s.score else None),
    ),
    SportrixSensorEntityDescription(
        key="run_rate",
        translation_key="run_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=_cricket(lambda s: s.score.run_rate if s.score else None),
    ),
    SportrixSensorEntityDescription(
        key="batting", translation_key="batting", value_fn=_cricket(lambda s: s.batting)
    ),
)


SPORT_SENSORS = {"soccer": SOCCER_SENSORS, "cricket": CRICKET_SENSORS}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each match's sensors, and its sport's sensors once the sport is known."""
    coordinator = entry.runtime_data.coordinator
    async_add_match_entities(
        entry,
        async_add_entities,
        lambda match: (*MATCH_SENSORS, *SPORT_SENSORS.get(match.sport or "", ())),
        lambda match_id, description: MatchSensor(coordinator, match_id, description),
    )


class MatchSensor(SportrixEntity, SensorEntity):
    """A sensor of one match."""

    entity_description: SportrixSensorEntityDescription

    @property
    def native_value(self) -> StateValue:
        """Return the value from the match state."""
        match = self.match
        return self.entity_description.value_fn(match) if match else None
