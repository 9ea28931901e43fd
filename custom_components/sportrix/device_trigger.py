"""Device triggers: goals, wickets and match status, offered on match and followed team devices.

Every trigger listens to the integration's bus events, which fire once per goal, wicket or
change of status and never for the baseline taken at start, on a reload or after a restart.
A match device's triggers filter on its device id; a team's, whose match devices come and go,
on the team's name among the sides of the match.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.device_automation.exceptions import InvalidDeviceAutomationConfig
from homeassistant.const import CONF_DEVICE_ID, CONF_DOMAIN, CONF_PLATFORM, CONF_TYPE
from homeassistant.core import CALLBACK_TYPE, Event, HassJob, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_SPORT,
    CONF_TEAM,
    DOMAIN,
    EVENT_GOAL,
    EVENT_GOAL_CANCELLED,
    EVENT_MATCH_STATUS,
    EVENT_WICKET,
    SUBENTRY_TEAM,
)
from .devices import MODELS as MATCH_MODELS, belongs_to
from .engine import StatusChange
from .teams import same_team, side_of

# Home Assistant 2026 validates with probatio, which keeps voluptuous' API; older releases
# only ship voluptuous. Importing probatio first gives each release its own schema type.
try:
    import probatio as vol  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - taken on Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef,unused-ignore]

GOAL_HOME: Final = "goal_home"
GOAL_AWAY: Final = "goal_away"
GOAL_CANCELLED: Final = "goal_cancelled"
WICKET: Final = "wicket"
# The status events offered as triggers: the match status entity's types, named as it does.
KICK_OFF: Final = StatusChange.KICK_OFF.value
HALF_TIME: Final = StatusChange.HALF_TIME.value
FULL_TIME: Final = StatusChange.FULL_TIME.value
SCORED: Final = "scored"
CONCEDED: Final = "conceded"
WICKET_TAKEN: Final = "wicket_taken"
WICKET_LOST: Final = "wicket_lost"

# What each kind of device offers, by sport; a match whose sport is not known yet offers all.
MATCH_TRIGGERS: Final[Mapping[str, tuple[str, ...]]] = {
    "soccer": (GOAL_HOME, GOAL_AWAY, GOAL_CANCELLED, KICK_OFF, HALF_TIME, FULL_TIME),
    "cricket": (WICKET, KICK_OFF, FULL_TIME),
}
ANY_MATCH_TRIGGERS: Final = (
    GOAL_HOME,
    GOAL_AWAY,
    GOAL_CANCELLED,
    WICKET,
    KICK_OFF,
    HALF_TIME,
    FULL_TIME,
)
TEAM_TRIGGERS: Final[Mapping[str, tuple[str, ...]]] = {
    "soccer": (SCORED, CONCEDED, GOAL_CANCELLED, KICK_OFF, HALF_TIME, FULL_TIME),
    "cricket": (WICKET_TAKEN, WICKET_LOST, KICK_OFF, FULL_TIME),
}
ANY_TEAM_TRIGGERS: Final = (KICK_OFF, FULL_TIME)
TRIGGER_TYPES: Final = frozenset(
    {*ANY_MATCH_TRIGGERS, *(t for types in TEAM_TRIGGERS.values() for t in types)}
)

# The bus event each trigger type listens to.
BUS_EVENTS: Final[Mapping[str, str]] = {
    GOAL_HOME: EVENT_GOAL,
    GOAL_AWAY: EVENT_GOAL,
    SCORED: EVENT_GOAL,
    CONCEDED: EVENT_GOAL,
    GOAL_CANCELLED: EVENT_GOAL_CANCELLED,
    WICKET: EVENT_WICKET,
    WICKET_TAKEN: EVENT_WICKET,
    WICKET_LOST: EVENT_WICKET,
    KICK_OFF: EVENT_MATCH_STATUS,
    HALF_TIME: EVENT_MATCH_STATUS,
    FULL_TIME: EVENT_MATCH_STATUS,
}
_STATUS_TRIGGERS: Final = frozenset({KICK_OFF, HALF_TIME, FULL_TIME})

TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {vol.Required(CONF_TYPE): vol.In(sorted(TRIGGER_TYPES))}
)

type EventFilter = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class _MatchDevice:
    """A followed match's device, and its sport once a frame has told it."""

    sport: str | None


@dataclass(frozen=True, slots=True)
class _TeamDevice:
    """A followed team's device: the team's name and sport, from its subentry."""

    team: str
    sport: str
    entry_id: str


def _sportrix_device(hass: HomeAssistant, device_id: str) -> _MatchDevice | _TeamDevice | None:
    """Return what a device of this integration is, or None for any other device."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return None
    for domain, identifier in device.identifiers:
        if domain != DOMAIN:
            continue
        if identifier.isdigit():
            sports = {model: sport for sport, model in MATCH_MODELS.items()}
            # Newer releases also hold child devices, which have no model: not ours.
            model = device.model if isinstance(device, dr.DeviceEntry) else None
            return _MatchDevice(sports.get(model or ""))
        if identifier.startswith("team_"):
            return _team_device(hass, identifier.removeprefix("team_"))
    return None


def _team_device(hass: HomeAssistant, key: str) -> _TeamDevice | None:
    """Read a team device's name and sport from its subentry; None if it is gone."""
    # Subentry ids are unique across entries; looking the subentry up by its id spares the
    # device's config entries, which Home Assistant releases expose differently.
    for entry in hass.config_entries.async_entries(DOMAIN):
        subentry = entry.subentries.get(key)
        if subentry is None or subentry.subentry_type != SUBENTRY_TEAM:
            continue
        team, sport = subentry.data.get(CONF_TEAM), subentry.data.get(CONF_SPORT)
        if isinstance(team, str) and team and isinstance(sport, str):
            return _TeamDevice(team, sport, entry.entry_id)
    return None


def _trigger_types(kind: _MatchDevice | _TeamDevice | None) -> tuple[str, ...]:
    """Return the trigger types a device offers."""
    if isinstance(kind, _MatchDevice):
        return MATCH_TRIGGERS.get(kind.sport or "", ANY_MATCH_TRIGGERS)
    if isinstance(kind, _TeamDevice):
        return TEAM_TRIGGERS.get(kind.sport, ANY_TEAM_TRIGGERS)
    return ()


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, str]]:
    """List the triggers of a match or followed team device."""
    return [
        {
            CONF_PLATFORM: "device",
            CONF_DOMAIN: DOMAIN,
            CONF_DEVICE_ID: device_id,
            CONF_TYPE: trigger_type,
        }
        for trigger_type in _trigger_types(_sportrix_device(hass, device_id))
    ]


async def async_validate_trigger_config(hass: HomeAssistant, config: ConfigType) -> ConfigType:
    """Check the trigger's type, and that its device offers it."""
    validated: ConfigType = TRIGGER_SCHEMA(config)
    kind = _sportrix_device(hass, validated[CONF_DEVICE_ID])
    if validated[CONF_TYPE] not in _trigger_types(kind):
        raise InvalidDeviceAutomationConfig(
            f"Device {validated[CONF_DEVICE_ID]} has no {validated[CONF_TYPE]} trigger"
        )
    return validated


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Run the action on each bus event the trigger's device and type select."""
    trigger_type: str = config[CONF_TYPE]
    device_id: str = config[CONF_DEVICE_ID]
    kind = _sportrix_device(hass, device_id)
    if isinstance(kind, _MatchDevice):
        selects = _match_filter(trigger_type, device_id)
    elif isinstance(kind, _TeamDevice):
        selects = _team_filter(hass, trigger_type, kind)
    else:
        raise InvalidDeviceAutomationConfig(f"Device {device_id} is not a Sportrix match or team")
    trigger_data = trigger_info["trigger_data"]
    job = HassJob(action, f"sportrix device trigger {trigger_info}")
    description = f"Sportrix {trigger_type.replace('_', ' ')}"

    @callback
    def fired(event: Event) -> None:
        """Run the action for an event the filter let through."""
        payload = {
            "trigger": {
                **trigger_data,
                CONF_PLATFORM: "device",
                "event": event,
                "description": description,
            }
        }
        hass.loop.call_soon(hass.async_run_hass_job, job, payload, event.context)

    unsubscribe: CALLBACK_TYPE = hass.bus.async_listen(
        BUS_EVENTS[trigger_type], fired, event_filter=selects
    )
    return unsubscribe


def _match_filter(trigger_type: str, device_id: str) -> EventFilter:
    """Select the events of one match that a trigger type wants."""
    side = {GOAL_HOME: "home", GOAL_AWAY: "away"}.get(trigger_type)

    @callback
    def selects(data: Mapping[str, Any]) -> bool:
        if data.get("device_id") != device_id:
            return False
        if side is not None:
            return bool(data.get("team") == side)
        if trigger_type in _STATUS_TRIGGERS:
            return bool(data.get("event_type") == trigger_type)
        return True

    return selects


def _team_filter(hass: HomeAssistant, trigger_type: str, team: _TeamDevice) -> EventFilter:
    """Select the events of the team's matches in its entry that a trigger type wants."""
    name = team.team
    devices = dr.async_get(hass)

    @callback
    def selects(data: Mapping[str, Any]) -> bool:
        sport = data.get("sport")
        if sport is not None and sport != team.sport:
            return False
        # Another entry's match between the same names is not this team's to announce.
        match_device = devices.async_get(str(data.get("device_id")))
        if not isinstance(match_device, dr.DeviceEntry) or not belongs_to(
            match_device, team.entry_id
        ):
            return False
        if side_of(name, data.get("home"), data.get("away")) is None:
            return False
        if trigger_type == SCORED:
            return same_team(data.get("team_name"), name)
        if trigger_type == CONCEDED:
            return not same_team(data.get("team_name"), name)
        # A wicket falls against the batting side: the fielding side took it.
        if trigger_type == WICKET_TAKEN:
            return not same_team(data.get("batting"), name)
        if trigger_type == WICKET_LOST:
            return same_team(data.get("batting"), name)
        if trigger_type in _STATUS_TRIGGERS:
            return bool(data.get("event_type") == trigger_type)
        return True

    return selects
