"""Sensors of a match: score, clock or overs, status and statistics."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
import logging
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import CricketScore, CricketSnapshot, SoccerSnapshot
from .const import CONF_STATISTICS
from .coordinator import Changed, SportrixConfigEntry, SportrixCoordinator
from .entity import SportrixEntity, async_add_match_entities
from .followed import FollowedMatch
from .team import TEAM_MATCH_STATES, TeamEntity, TeamView, team_view

_LOGGER = logging.getLogger(__name__)

type StateValue = str | int | float | datetime | None

# The platform is push-driven by the coordinator; nothing here limits parallel updates.
PARALLEL_UPDATES = 0

STATUS_OPTIONS = ["not_started", "live", "ht", "ft", "innings_break"]
PERIOD_OPTIONS = ["1h", "ht", "2h", "ft"]
_NOTHING_WRITTEN = object()
STATISTICS = (
    "possession",
    "shots_on_target",
    "shots_off_target",
    "corners",
    "yellow_cards",
    "red_cards",
)


@dataclass(frozen=True, kw_only=True)
class SportrixSensorEntityDescription(SensorEntityDescription):
    """A sensor of a match: how to read it, and which snapshot fields it comes from."""

    value_fn: Callable[[FollowedMatch], StateValue]
    depends_on: frozenset[str] = frozenset()
    # Enum sensors: a value outside options is shown as unknown (and logged once).
    known_values: bool = False


def _soccer(match: FollowedMatch) -> SoccerSnapshot | None:
    """Return the match's soccer snapshot, if it is one."""
    snapshot = match.snapshot
    return snapshot if isinstance(snapshot, SoccerSnapshot) else None


def _cricket(match: FollowedMatch) -> CricketSnapshot | None:
    """Return the match's cricket snapshot, if it is one."""
    snapshot = match.snapshot
    return snapshot if isinstance(snapshot, CricketSnapshot) else None


def _cricket_score(match: FollowedMatch) -> CricketScore | None:
    """Return the cricket score, if there is one."""
    snapshot = _cricket(match)
    return snapshot.score if snapshot else None


def _score_text(match: FollowedMatch) -> str | None:
    """Format the score the way each sport writes it: "2-1" or "145/3"."""
    if (soccer := _soccer(match)) and soccer.score:
        return f"{soccer.score.home}-{soccer.score.away}"
    if score := _cricket_score(match):
        return f"{score.runs}/{score.wickets}"
    return None


def _last_event(match: FollowedMatch) -> str | None:
    """Describe the latest incident of either sport."""
    if (soccer := _soccer(match)) and soccer.events:
        event = soccer.events[-1]
        return f"{event.minute}' {event.label or event.type}"
    if (cricket := _cricket(match)) and cricket.last_event:
        return cricket.last_event.label or cricket.last_event.type
    return None


def _goals(side: str, match: FollowedMatch) -> int | None:
    """Return one side's goals."""
    soccer = _soccer(match)
    return getattr(soccer.score, side) if soccer and soccer.score else None


def _minute(match: FollowedMatch) -> int | None:
    """Return the clock's minute."""
    soccer = _soccer(match)
    return soccer.clock.minute if soccer and soccer.clock else None


def _period(match: FollowedMatch) -> str | None:
    """Return the clock's period in the sensor's lower-case options."""
    soccer = _soccer(match)
    period = soccer.clock.period if soccer and soccer.clock else None
    return period.lower() if period else None


def _phase(match: FollowedMatch) -> str | None:
    """Return what is happening on the pitch."""
    soccer = _soccer(match)
    return soccer.phase.label if soccer and soccer.phase else None


def _statistic(stat: str, side: str, match: FollowedMatch) -> StateValue:
    """Return one side's value of a soccer statistic."""
    soccer = _soccer(match)
    pair = soccer.stats.get(stat) if soccer else None
    return getattr(pair, side) if pair else None


def _cricket_value(name: str, match: FollowedMatch) -> StateValue:
    """Return one value of the cricket score: runs, wickets, overs, balls or run_rate."""
    score = _cricket_score(match)
    value: StateValue = getattr(score, name) if score else None
    return value


def _batting(match: FollowedMatch) -> str | None:
    """Return the batting side."""
    cricket = _cricket(match)
    return cricket.batting if cricket else None


def _statistic_sensor(stat: str, side: str) -> SportrixSensorEntityDescription:
    """Describe one side's sensor of a statistic, disabled until wanted."""
    return SportrixSensorEntityDescription(
        key=f"{stat}_{side}",
        translation_key=f"{stat}_{side}",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE if stat == "possession" else None,
        entity_registry_enabled_default=False,
        value_fn=partial(_statistic, stat, side),
        depends_on=frozenset({"stats"}),
    )


SCORE = frozenset({"score"})

MATCH_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(
        key="score", translation_key="score", value_fn=_score_text, depends_on=SCORE
    ),
    SportrixSensorEntityDescription(
        key="status",
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=STATUS_OPTIONS,
        value_fn=lambda match: match.status,
        depends_on=frozenset({"status"}),
        known_values=True,
    ),
    SportrixSensorEntityDescription(
        key="kick_off",
        translation_key="kick_off",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda match: match.kick_off,
    ),
    SportrixSensorEntityDescription(
        key="last_event",
        translation_key="last_event",
        value_fn=_last_event,
        depends_on=frozenset({"events", "last_event"}),
    ),
)

SOCCER_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(
        key="home_goals",
        translation_key="home_goals",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=partial(_goals, "home"),
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="away_goals",
        translation_key="away_goals",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=partial(_goals, "away"),
        depends_on=SCORE,
    ),
    # The minute only: seconds would write a recorder row every second.
    SportrixSensorEntityDescription(
        key="minute",
        translation_key="minute",
        native_unit_of_measurement="min",
        value_fn=_minute,
        depends_on=frozenset({"clock"}),
    ),
    SportrixSensorEntityDescription(
        key="period",
        translation_key="period",
        device_class=SensorDeviceClass.ENUM,
        options=PERIOD_OPTIONS,
        value_fn=_period,
        depends_on=frozenset({"clock"}),
        known_values=True,
    ),
    SportrixSensorEntityDescription(
        key="phase", translation_key="phase", value_fn=_phase, depends_on=frozenset({"phase"})
    ),
    *(_statistic_sensor(stat, side) for stat in STATISTICS for side in ("home", "away")),
)

CRICKET_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    SportrixSensorEntityDescription(
        key="runs",
        translation_key="runs",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=partial(_cricket_value, "runs"),
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="wickets",
        translation_key="wickets",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=partial(_cricket_value, "wickets"),
        depends_on=SCORE,
    ),
    # Kept as the feed writes it: 18.4 is 18 overs and 4 balls, not a decimal.
    SportrixSensorEntityDescription(
        key="overs",
        translation_key="overs",
        value_fn=partial(_cricket_value, "overs"),
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="balls",
        translation_key="balls",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=partial(_cricket_value, "balls"),
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="run_rate",
        translation_key="run_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=partial(_cricket_value, "run_rate"),
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="batting",
        translation_key="batting",
        value_fn=_batting,
        depends_on=frozenset({"batting"}),
    ),
)

SPORT_SENSORS = {"soccer": SOCCER_SENSORS, "cricket": CRICKET_SENSORS}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each match's sensors, its sport's once the sport is known, and each team's."""
    coordinator = entry.runtime_data
    async_add_match_entities(
        entry,
        async_add_entities,
        lambda match: (*MATCH_SENSORS, *SPORT_SENSORS.get(match.sport or "", ())),
        lambda match_id, description: MatchSensor(coordinator, match_id, description),
    )
    for interest in coordinator.interests.values():
        if interest.team is not None:
            async_add_entities(
                [TeamMatchSensor(coordinator, interest, TEAM_MATCH)],
                config_subentry_id=interest.key,
            )


TEAM_MATCH = SensorEntityDescription(
    key="match",
    translation_key="team_match",
    device_class=SensorDeviceClass.ENUM,
    options=TEAM_MATCH_STATES,
)


class TeamMatchSensor(TeamEntity, SensorEntity):
    """A followed team's current or next match: upcoming, in play, finished or none."""

    _shown: TeamView | None = None

    @property
    def native_value(self) -> str:
        """Return the match's stage for the team."""
        return self._view().state

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the opponent, kick-off, score and clock."""
        return self._view().attributes

    def _view(self) -> TeamView:
        if self._shown is None:
            self._shown = team_view(self.coordinator, self.interest)
        return self._shown

    @callback
    def _team_changed(self) -> None:
        """Write only when what the sensor shows changed: most frames move neither."""
        view = team_view(self.coordinator, self.interest)
        if view != self._shown:
            self._shown = view
            self.async_write_ha_state()


class MatchSensor(SportrixEntity, SensorEntity):
    """A sensor of one match."""

    entity_description: SportrixSensorEntityDescription

    def __init__(
        self,
        coordinator: SportrixCoordinator,
        match_id: int,
        description: SportrixSensorEntityDescription,
    ) -> None:
        """Bind the sensor to its match, waking it for the fields it shows."""
        super().__init__(coordinator, match_id, description)
        self.depends_on = description.depends_on
        # The value last written from a frame; a frame that leaves it as it is writes nothing.
        self._written: object = _NOTHING_WRITTEN
        if not description.entity_registry_enabled_default:
            # The statistics: the entry's option decides, for entities registered from now on.
            self._attr_entity_registry_enabled_default = bool(
                coordinator.entry.options.get(CONF_STATISTICS, False)
            )

    @callback
    def _match_changed(self, changed: Changed) -> None:
        """Write the state only when the value it shows moved: a clock tick moves few."""
        if changed is not None and changed.isdisjoint(self.depends_on):
            return
        value = self.native_value
        if changed is not None and value == self._written:
            return
        self._written = value
        self.async_write_ha_state()

    @property
    def native_value(self) -> StateValue:
        """Return the value from the match; an enum value it does not know is unknown."""
        if (match := self.match) is None:
            return None
        value = self.entity_description.value_fn(match)
        description = self.entity_description
        if not description.known_values or value is None or value in (description.options or ()):
            return value
        if self.coordinator.log_once((description.key, value)):
            _LOGGER.info(
                "Sportrix sent an unknown %s %r; showing it as unknown", description.key, value
            )
        return None
