"""Triggers the automation editor finds by name: goals, wickets and match status.

Home Assistant 2026 lists the triggers an integration declares (this module and
triggers.yaml) in its trigger picker, where typing "scores" finds "Team scores". Each trigger
listens to the same bus events as the device triggers, and filters them with the device
triggers' own functions: it fires once per goal, wicket or change of status, after the
broadcast delay, and never for the baseline taken at start, on a reload or after a restart.

Releases without integration triggers cannot import this module, and Home Assistant then
treats the integration as having none; the device triggers remain there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, override

from homeassistant.const import ATTR_DEVICE_ID, CONF_OPTIONS
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.trigger import (  # type: ignore[attr-defined,unused-ignore]
    Trigger,
    TriggerActionRunner,
    TriggerConfig,
)
from homeassistant.helpers.typing import ConfigType
import probatio  # type: ignore[import-not-found,unused-ignore]

from .const import EVENT_GOAL, EVENT_GOAL_CANCELLED, EVENT_MATCH_STATUS, EVENT_WICKET
from .device_trigger import (
    CONCEDED,
    FULL_TIME,
    GOAL_AWAY,
    GOAL_CANCELLED,
    GOAL_HOME,
    HALF_TIME,
    KICK_OFF,
    SCORED,
    WICKET,
    WICKET_LOST,
    WICKET_TAKEN,
    EventFilter,
    _match_filter,
    _MatchDevice,
    _sportrix_device,
    _team_filter,
    _TeamDevice,
    _trigger_types,
)
from .event import _who_and_score as who_and_score

CONF_SIDE: Final = "side"
SIDE_ANY: Final = "any"
SIDES: Final[Mapping[str, str | None]] = {SIDE_ANY: None, "home": GOAL_HOME, "away": GOAL_AWAY}
# Trigger variables Home Assistant sets itself, which an event's field must not replace.
_RESERVED: Final = frozenset({"alias", "description", "id", "idx", "platform"})


@dataclass(frozen=True, slots=True, kw_only=True)
class SportrixTriggerDescription:
    """A trigger of the editor: its bus event, and the device trigger it asks each device for.

    `match_type` is the device trigger type for a match device, `team_type` for a team
    device; a trigger without one does not accept that kind of device.
    """

    key: str
    bus_event: str
    match_type: str | None = None
    team_type: str | None = None
    has_side: bool = False


DESCRIPTIONS: Final = (
    SportrixTriggerDescription(key="team_scored", bus_event=EVENT_GOAL, team_type=SCORED),
    SportrixTriggerDescription(key="team_conceded", bus_event=EVENT_GOAL, team_type=CONCEDED),
    # The side option picks the home or away type; a match offering one offers either side.
    SportrixTriggerDescription(
        key="goal", bus_event=EVENT_GOAL, match_type=GOAL_HOME, has_side=True
    ),
    SportrixTriggerDescription(
        key="goal_cancelled",
        bus_event=EVENT_GOAL_CANCELLED,
        match_type=GOAL_CANCELLED,
        team_type=GOAL_CANCELLED,
    ),
    SportrixTriggerDescription(key="wicket", bus_event=EVENT_WICKET, match_type=WICKET),
    SportrixTriggerDescription(key="wicket_taken", bus_event=EVENT_WICKET, team_type=WICKET_TAKEN),
    SportrixTriggerDescription(key="wicket_lost", bus_event=EVENT_WICKET, team_type=WICKET_LOST),
    *(
        SportrixTriggerDescription(
            key=status, bus_event=EVENT_MATCH_STATUS, match_type=status, team_type=status
        )
        for status in (KICK_OFF, HALF_TIME, FULL_TIME)
    ),
)


def _options_schema(description: SportrixTriggerDescription) -> Any:
    """Return the schema of a trigger's options: its devices, and the side of a goal."""
    options: dict[Any, Any] = {
        probatio.Required(ATTR_DEVICE_ID): probatio.All(
            probatio.EnsureList(), probatio.Length(min=1), [cv.string]
        ),
    }
    if description.has_side:
        options[probatio.Optional(CONF_SIDE, default=SIDE_ANY)] = probatio.In(list(SIDES))
    return probatio.Schema({probatio.Required(CONF_OPTIONS): options})


def _device_type(
    description: SportrixTriggerDescription, kind: _MatchDevice | _TeamDevice | None, side: str
) -> str | None:
    """Return the device trigger type a device gives this trigger, None if it gives none."""
    if isinstance(kind, _MatchDevice) and description.match_type is not None:
        trigger_type = SIDES.get(side) or description.match_type
    elif isinstance(kind, _TeamDevice) and description.team_type is not None:
        trigger_type = description.team_type
    else:
        return None
    # The device triggers' own rule: a device offers the types of its sport.
    return trigger_type if trigger_type in _trigger_types(kind) else None


def _any_goal_of(device_id: str) -> EventFilter:
    """Select every goal of one match, of either side."""

    @callback
    def selects(data: Mapping[str, Any]) -> bool:
        return bool(data.get(ATTR_DEVICE_ID) == device_id)

    return selects


def trigger_variables(event: Event) -> dict[str, Any]:
    """Return what a run sees as `trigger.*`: the event's fields, who and the score as text.

    Who and the score read as the event entities show them ("2-1", "145/4", the side that
    lost a wicket); the score is text or None, never the bus event's numbers, which stay
    available as `home_score` and `away_score`.
    """
    data = event.data
    variables = {key: value for key, value in data.items() if key not in _RESERVED}
    score = data.get("score")
    if isinstance(score, Mapping):
        variables["home_score"] = score.get("home")
        variables["away_score"] = score.get("away")
    readable = who_and_score(dict(data))
    variables |= readable
    variables["score"] = readable.get("score")
    variables["event"] = event
    return variables


class SportrixTrigger(Trigger):  # type: ignore[misc,unused-ignore]
    """Fire on each bus event of the trigger's kind that its devices' filters let through."""

    description: SportrixTriggerDescription
    _schema: Any

    @classmethod
    @override
    async def async_validate_config(cls, hass: HomeAssistant, config: ConfigType) -> ConfigType:
        """Check the options, and that each device gives this trigger."""
        validated: ConfigType = cls._schema(config)
        options = validated[CONF_OPTIONS]
        side = options.get(CONF_SIDE, SIDE_ANY)
        for device_id in options[ATTR_DEVICE_ID]:
            kind = _sportrix_device(hass, device_id)
            if _device_type(cls.description, kind, side) is None:
                raise probatio.Invalid(
                    f"Device {device_id} has no Sportrix {cls.description.key} trigger"
                )
        return validated

    def __init__(self, hass: HomeAssistant, config: TriggerConfig) -> None:
        """Keep the trigger's devices and side."""
        super().__init__(hass, config)
        # Validated: the options are there, with at least one device.
        options = config.options or {}
        self._device_ids: list[str] = options.get(ATTR_DEVICE_ID, [])
        self._side: str = options.get(CONF_SIDE, SIDE_ANY)

    @override
    async def async_attach_runner(
        self, run_action: TriggerActionRunner, did_not_trigger: Any = None
    ) -> CALLBACK_TYPE:
        """Listen to the trigger's bus event with one filter per device."""
        filters = [f for device_id in self._device_ids if (f := self._filter(device_id))]
        description = self.description

        @callback
        def selects(data: Mapping[str, Any]) -> bool:
            return any(select(data) for select in filters)

        @callback
        def fired(event: Event) -> None:
            """Run the action with the event's fields as trigger variables."""
            run_action(trigger_variables(event), f"Sportrix {description.key}", event.context)

        unsubscribe: CALLBACK_TYPE = self._hass.bus.async_listen(
            description.bus_event, fired, event_filter=selects
        )
        return unsubscribe

    def _filter(self, device_id: str) -> EventFilter | None:
        """Return what a device selects of the bus event; None for a device gone since saving."""
        kind = _sportrix_device(self._hass, device_id)
        trigger_type = _device_type(self.description, kind, self._side)
        if trigger_type is None:
            return None
        if isinstance(kind, _TeamDevice):
            return _team_filter(self._hass, trigger_type, kind)
        if self.description.has_side and SIDES.get(self._side) is None:
            return _any_goal_of(device_id)
        return _match_filter(trigger_type, device_id)


def _trigger_class(description: SportrixTriggerDescription) -> type[SportrixTrigger]:
    """Return the trigger class Home Assistant instantiates for one description."""

    class DescribedTrigger(SportrixTrigger):
        """The trigger of one description."""

    DescribedTrigger.description = description
    DescribedTrigger._schema = _options_schema(description)  # noqa: SLF001
    DescribedTrigger.__name__ = f"{description.key.title().replace('_', '')}Trigger"
    return DescribedTrigger


TRIGGERS: Final[dict[str, type[SportrixTrigger]]] = {
    description.key: _trigger_class(description) for description in DESCRIPTIONS
}


async def async_get_triggers(hass: HomeAssistant) -> dict[str, type[SportrixTrigger]]:
    """Return the integration's triggers."""
    return TRIGGERS
