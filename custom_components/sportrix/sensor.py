"""Sensors of a match and of a followed team: score, clock or overs, status, scoreboard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
import logging
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .api import CricketScore, CricketSnapshot, SoccerSnapshot
from .connection_sensor import ConnectionSensor
from .const import CONF_STATISTICS
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .entity import (
    SportrixEntity,
    async_add_match_entities,
    async_add_team_entities,
    clip,
    sports_of_keys,
)
from .followed import FollowedMatch
from .listeners import Changed
from .scoreboard import (
    ATTRIBUTES,
    IN,
    NO_MATCH,
    NOT_FOUND,
    POST,
    PRE,
    Scoreboard,
    fixture_scoreboard,
    match_scoreboard,
    match_state,
)
from .team import (
    IN as TEAM_IN,
    NONE as TEAM_NONE,
    POST as TEAM_POST,
    PRE as TEAM_PRE,
    TEAM_MATCH_STATES,
    TeamEntity,
    TeamView,
    team_match,
    team_view,
)
from .teams import side_of, team_key

_LOGGER = logging.getLogger(__name__)

type StateValue = str | int | float | datetime | None

# The platform is push-driven by the coordinator; nothing here limits parallel updates.
PARALLEL_UPDATES = 0

STATUS_OPTIONS = ["not_started", "live", "ht", "ft", "innings_break"]
PERIOD_OPTIONS = ["1h", "ht", "2h", "ft"]
# How much of a value the feed sent is quoted in the log: a feed's text has no bound.
LOGGED_TEXT = 100
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
    # The statistics: whether they start enabled is the entry's option.
    statistic: bool = False
    # What the match card reads beside the state: the goals' minutes, the side on the ball.
    attributes_fn: Callable[[FollowedMatch], Mapping[str, Any]] | None = None


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


# The timeline's entries the match card draws: goals and red cards, and any entry that moved the
# score, which is how a goal taken back shows. Corners, yellow cards and substitutions are left
# out; the last entries are kept if a feed lists more than this.
TIMELINE_TYPES = frozenset({"goal", "red_card"})
TIMELINE_LENGTH = 40
TIMELINE_TEXT = 100


def _timeline(match: FollowedMatch) -> dict[str, Any]:
    """Return the goals, red cards and score changes of the timeline, with their minutes."""
    soccer = _soccer(match)
    entries: list[dict[str, str]] = []
    score: str | None = "0-0"
    for event in soccer.events if soccer else ():
        if event.type not in TIMELINE_TYPES and event.score in (None, score):
            continue
        entry = {"minute": event.minute, "type": event.type, "team": event.team}
        if event.label:
            entry["label"] = clip(event.label, TIMELINE_TEXT)
        if event.score is not None:
            entry["score"] = score = event.score
        entries.append(entry)
    return {"timeline": entries[-TIMELINE_LENGTH:]}


def _phase_attributes(match: FollowedMatch) -> dict[str, Any]:
    """Return the side the phase is about and the ball's last known position."""
    soccer = _soccer(match)
    side = soccer.phase.team if soccer and soccer.phase else None
    ball = soccer.ball if soccer else None
    attributes: dict[str, Any] = {"side": side if side in ("home", "away") else None}
    if ball is not None and ball.x is not None and ball.y is not None:
        attributes["ball"] = {"x": ball.x, "y": ball.y}
    return attributes


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
        statistic=True,
    )


SCORE = frozenset({"score"})
LAST_EVENT = frozenset({"events", "last_event"})

# What stays out of the logbook, and why: Home Assistant leaves a sensor with a unit or a state
# class out of it (a text sensor can have neither: Home Assistant refuses a state class or a
# unit on a value that is not a number). Counters (goals, runs, wickets, balls) have the state
# class "total" and no unit: "1 goals" would not agree with its number, and a total is charted
# as its steps, never as means. What changes with every ball or every move on the pitch is off
# until wanted, and the scoreboard shows it live.

MATCH_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
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
)

SCOREBOARD = SensorEntityDescription(key="scoreboard", translation_key="scoreboard")


def _counter(
    key: str, value_fn: Callable[[FollowedMatch], StateValue]
) -> SportrixSensorEntityDescription:
    """Describe a count of one match: a total (it may step back), kept out of the logbook."""
    return SportrixSensorEntityDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.TOTAL,
        value_fn=value_fn,
        depends_on=SCORE,
    )


SOCCER_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    # "2-1" changes on goals only: the logbook's line of each goal.
    SportrixSensorEntityDescription(
        key="score", translation_key="score", value_fn=_score_text, depends_on=SCORE
    ),
    # Every corner and card changes it: a line in the logbook each. Off until wanted; the card
    # reads the timeline from the scoreboard.
    SportrixSensorEntityDescription(
        key="last_event",
        translation_key="last_event",
        entity_registry_enabled_default=False,
        value_fn=_last_event,
        depends_on=LAST_EVENT,
        attributes_fn=_timeline,
    ),
    _counter("home_goals", partial(_goals, "home")),
    _counter("away_goals", partial(_goals, "away")),
    # The minute only: seconds would write a recorder row every second.
    SportrixSensorEntityDescription(
        key="minute",
        translation_key="minute",
        native_unit_of_measurement="min",
        value_fn=_minute,
        depends_on=frozenset({"clock"}),
    ),
    # Each change of period is a change of status, already a line of ours in the logbook.
    SportrixSensorEntityDescription(
        key="period",
        translation_key="period",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.ENUM,
        options=PERIOD_OPTIONS,
        value_fn=_period,
        depends_on=frozenset({"clock"}),
        known_values=True,
    ),
    # Attack, dangerous attack, safe possession...: a logbook line every few seconds of play.
    SportrixSensorEntityDescription(
        key="phase",
        translation_key="phase",
        entity_registry_enabled_default=False,
        value_fn=_phase,
        depends_on=frozenset({"phase", "ball"}),
        attributes_fn=_phase_attributes,
    ),
    *(_statistic_sensor(stat, side) for stat in STATISTICS for side in ("home", "away")),
)

CRICKET_SENSORS: tuple[SportrixSensorEntityDescription, ...] = (
    # "145/3" and the last ball change with every ball: off until wanted; runs and wickets
    # have sensors of their own, the scoreboard shows both texts live.
    SportrixSensorEntityDescription(
        key="score",
        translation_key="score",
        entity_registry_enabled_default=False,
        value_fn=_score_text,
        depends_on=SCORE,
    ),
    SportrixSensorEntityDescription(
        key="last_event",
        translation_key="last_event",
        entity_registry_enabled_default=False,
        value_fn=_last_event,
        depends_on=LAST_EVENT,
    ),
    _counter("runs", partial(_cricket_value, "runs")),
    _counter("wickets", partial(_cricket_value, "wickets")),
    # Kept as the feed writes it: 18.4 is 18 overs and 4 balls, not a decimal, so no state
    # class (no means of it); the unit keeps a ball-by-ball value out of the logbook.
    SportrixSensorEntityDescription(
        key="overs",
        translation_key="overs",
        native_unit_of_measurement="overs",
        value_fn=partial(_cricket_value, "overs"),
        depends_on=SCORE,
    ),
    _counter("balls", partial(_cricket_value, "balls")),
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
# A sensor of some sports only is unavailable while its match plays another.
SENSOR_SPORTS = sports_of_keys(SPORT_SENSORS)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each match's sensors, its sport's once the sport is known, and each team's."""
    coordinator = entry.runtime_data

    def create(match_id: int, description: SensorEntityDescription) -> SensorEntity:
        if isinstance(description, SportrixSensorEntityDescription):
            return MatchSensor(
                coordinator, match_id, description, SENSOR_SPORTS.get(description.key)
            )
        return MatchScoreboardSensor(coordinator, match_id, description)

    async_add_match_entities(
        entry,
        async_add_entities,
        lambda match: (
            *MATCH_SENSORS,
            SCOREBOARD,
            *SPORT_SENSORS.get(match.sport or "", ()),
        ),
        create,
    )
    async_add_entities([ConnectionSensor(coordinator)])
    async_add_team_entities(
        entry,
        async_add_entities,
        lambda interest: (
            TeamMatchSensor(coordinator, interest, TEAM_MATCH),
            TeamScoreboardSensor(coordinator, interest, SCOREBOARD),
        ),
    )


TEAM_MATCH = SensorEntityDescription(
    key="match",
    translation_key="team_match",
    device_class=SensorDeviceClass.ENUM,
    options=TEAM_MATCH_STATES,
)


class TeamMatchSensor(TeamEntity, SensorEntity):
    """A followed team's current or next match: upcoming, in play, finished or none."""

    _shown: tuple[bool, TeamView] | None = None

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
            self._shown = (self.available, team_view(self.coordinator, self.interest))
        return self._shown[1]

    @callback
    def _team_changed(self) -> None:
        """Write only when what the sensor shows changed: most frames move neither."""
        shown = (self.available, team_view(self.coordinator, self.interest))
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()


# The snapshot fields a scoreboard shows: a frame moving only others (the phase, the ball, the
# batsmen, the time of the frame) is not even compared.
SCOREBOARD_FIELDS = frozenset(
    {
        "status",
        "competition",
        "home",
        "away",
        "clock",
        "score",
        "stats",
        "events",
        "batting",
        "target",
        "last_event",
        "scorecard",
    }
)


class ScoreboardSensor(SensorEntity):
    """A match as the Team Tracker card draws it; written only when something it shows moved."""

    _unrecorded_attributes = ATTRIBUTES
    # Its PRE/IN/POST states are the card's words, not a person's: the card shows it, the
    # device page lists it among the hidden entities.
    _attr_entity_registry_visible_default = False
    # What was last written, with the availability it was written with.
    _shown: tuple[bool, Scoreboard] | None = None

    def _scoreboard(self) -> Scoreboard:
        """Return the scoreboard as it is now."""
        raise NotImplementedError

    def _current(self) -> Scoreboard:
        if self._shown is None:
            self._shown = (self.available, self._scoreboard())
        return self._shown[1]

    @property
    def native_value(self) -> str:
        """Return PRE, IN, POST or NOT_FOUND."""
        return self._current().state

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the card's attributes."""
        return self._current().attributes

    async def async_added_to_hass(self) -> None:
        """Listen as the entity does; refresh each minute, for the time to kick-off."""
        await super().async_added_to_hass()
        self.async_on_remove(async_track_time_interval(self.hass, self._tick, KICKOFF_IN_REFRESH))

    @callback
    def _tick(self, _now: datetime) -> None:
        """Refresh what changes with time alone: the time to kick-off."""
        self._refresh()

    @callback
    def _refresh(self, *, always: bool = False) -> None:
        """Write when the scoreboard or the availability changed (always: regardless)."""
        shown = (self.available, self._scoreboard())
        if always or shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()


class MatchScoreboardSensor(SportrixEntity, ScoreboardSensor):
    """A match's scoreboard, from the home side, with the timeline the match card lists."""

    _unrecorded_attributes = ATTRIBUTES | {"timeline", "period"}

    # Woken for what the card shows only: the phase, the ball or the batsmen moving is not.
    depends_on = SCOREBOARD_FIELDS

    @override
    def _scoreboard(self) -> Scoreboard:
        if (match := self.match) is None:
            # No longer followed: the entity is unavailable; keep what it showed.
            return self._shown[1] if self._shown is not None else Scoreboard(PRE, {})
        sport = next(
            (
                self.coordinator.following.interests[key].sport
                for key in sorted(match.interests)
                if key in self.coordinator.following.interests
            ),
            None,
        )
        board = match_scoreboard(
            match,
            "home",
            match_state(match),
            logos=_logos(self.coordinator),
            now=dt_util.utcnow(),
            sport=sport,
        )
        # The goals and red cards the match card lists, and the period its clock runs in (the
        # period sensor starts disabled), beside what the Team Tracker card reads.
        card = {**_timeline(match), "period": _period(match)} if _soccer(match) else {}
        return Scoreboard(board.state, {**board.attributes, **card})

    @callback
    def _match_changed(self, changed: Changed) -> None:
        """Compare what a frame leaves it showing; a refusal or the stream moving writes."""
        self._refresh(always=changed is None)


class TeamScoreboardSensor(TeamEntity, ScoreboardSensor):
    """A followed team's scoreboard: its current or next match, from its side."""

    @override
    def _scoreboard(self) -> Scoreboard:
        chosen = team_match(self.coordinator, self.interest)
        state = TEAM_STATES[chosen.state]
        logos = _logos(self.coordinator)
        now = dt_util.utcnow()
        team = self.interest.team
        if (match := chosen.match) is not None:
            # The score is the stream's, home and away as its names say: the side is theirs.
            if (side := side_of(team, match.home, match.away)) is None:
                return self._side_unknown(match.match_id, match.home, match.away)
            return match_scoreboard(
                match, side, state, logos=logos, now=now, sport=self.interest.sport
            )
        if (fixture := chosen.fixture) is not None:
            home, away = fixture.match.home_team, fixture.match.away_team
            if (side := side_of(team, home, away)) is None:
                return self._side_unknown(fixture.match.id, home, away)
            return fixture_scoreboard(fixture, side, logos=logos, now=now)
        return NO_MATCH

    def _side_unknown(self, match_id: int, home: str | None, away: str | None) -> Scoreboard:
        """Show no match rather than guess a side, which would swap the two scores."""
        if self.coordinator.log_once(("side_unknown", self.interest.key, match_id)):
            _LOGGER.warning(
                "Match %s is %s vs %s: neither side is %s as followed; its scoreboard shows no "
                "match",
                match_id,
                clip(str(home), LOGGED_TEXT),
                clip(str(away), LOGGED_TEXT),
                self.interest.team,
            )
        return NO_MATCH

    @callback
    def _team_changed(self) -> None:
        """Write only when the scoreboard moved."""
        self._refresh()


KICKOFF_IN_REFRESH = timedelta(minutes=1)
TEAM_STATES = {TEAM_PRE: PRE, TEAM_IN: IN, TEAM_POST: POST, TEAM_NONE: NOT_FOUND}


def _logos(coordinator: SportrixCoordinator) -> dict[str, str]:
    """Return the kit images known: those of the followed teams, by team_key of their names."""
    return {
        team_key(interest.team): interest.silk_url
        for interest in coordinator.following.interests.values()
        if interest.team and interest.silk_url
    }


class MatchSensor(SportrixEntity, SensorEntity):
    """A sensor of one match."""

    entity_description: SportrixSensorEntityDescription
    # The card's live detail, not history: a timeline or a position is no state to chart.
    _unrecorded_attributes = frozenset({"timeline", "ball"})

    def __init__(
        self,
        coordinator: SportrixCoordinator,
        match_id: int,
        description: SportrixSensorEntityDescription,
        sports: frozenset[str] | None = None,
    ) -> None:
        """Bind the sensor to its match, waking it for the fields it shows."""
        super().__init__(coordinator, match_id, description, sports)
        self.depends_on = description.depends_on
        # The value last written from a frame; a frame that leaves it as it is writes nothing.
        self._written: object = _NOTHING_WRITTEN
        if description.statistic:
            # The entry's option decides, for entities registered from now on.
            self._attr_entity_registry_enabled_default = bool(
                coordinator.entry.options.get(CONF_STATISTICS, False)
            )

    async def async_added_to_hass(self) -> None:
        """Listen, and take the value the platform writes next as the one last written."""
        await super().async_added_to_hass()
        # Else the first frame that wakes it (a new minute, a goal of the other side) would
        # write the value it already shows.
        self._written = self._shown()

    def _shown(self) -> tuple[StateValue, Mapping[str, Any] | None]:
        """Return the value and the attributes the sensor shows."""
        return self.native_value, self.extra_state_attributes

    @callback
    def _match_changed(self, changed: Changed) -> None:
        """Write the state only when what it shows moved: a clock tick moves few."""
        shown = self._shown()
        if changed is not None and shown == self._written:
            return
        self._written = shown
        self.async_write_ha_state()

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return what the match card reads beside the state, for the sensors that have it."""
        attributes_fn = self.entity_description.attributes_fn
        if attributes_fn is None or (match := self.match) is None:
            return None
        return attributes_fn(match)

    @property
    def native_value(self) -> StateValue:
        """Return the value from the match, text cut to what a state holds.

        An enum value it does not know is unknown.
        """
        if (match := self.match) is None:
            return None
        value = self.entity_description.value_fn(match)
        description = self.entity_description
        known = description.options or ()
        if description.known_values and value is not None and value not in known:
            # Once per sensor of a match, whatever the values: a feed sending a new one in
            # every frame must not push other warnings out of what was logged once.
            if self.coordinator.log_once(("unknown", description.key, self.match_id)):
                _LOGGER.info(
                    "Sportrix sent an unknown %s for match %s: %r; showing it as unknown",
                    description.key,
                    self.match_id,
                    clip(str(value), LOGGED_TEXT),
                )
            return None
        return clip(value) if isinstance(value, str) else value
