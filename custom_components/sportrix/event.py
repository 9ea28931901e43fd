"""Event entities: goals, wickets and changes of match status."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SportrixConfigEntry
from .engine import EVENT_TYPES, EventKind, MatchEvent
from .entity import (
    SportrixEntity,
    async_add_match_entities,
    async_add_team_entities,
    clip,
    sports_of_keys,
)
from .followed import FollowedMatch
from .interests import Interest
from .signals import event_signal, team_event_signal
from .team import TeamEntity
from .teams import team_event_types

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class SportrixEventEntityDescription(EventEntityDescription):
    """An event entity and the event kinds it shows."""

    kinds: frozenset[EventKind]


GOAL = SportrixEventEntityDescription(
    key="goal",
    translation_key="goal",
    entity_registry_enabled_default=False,
    event_types=[*EVENT_TYPES[EventKind.GOAL], *EVENT_TYPES[EventKind.GOAL_CANCELLED]],
    kinds=frozenset({EventKind.GOAL, EventKind.GOAL_CANCELLED}),
)
WICKET = SportrixEventEntityDescription(
    key="wicket",
    translation_key="wicket",
    entity_registry_enabled_default=False,
    event_types=list(EVENT_TYPES[EventKind.WICKET]),
    kinds=frozenset({EventKind.WICKET}),
)
MATCH_STATUS = SportrixEventEntityDescription(
    key="match_status",
    translation_key="match_status",
    entity_registry_enabled_default=False,
    event_types=list(EVENT_TYPES[EventKind.MATCH_STATUS]),
    kinds=frozenset({EventKind.MATCH_STATUS}),
)
# A match's event entities start disabled: each goal, wicket and change of status is already a
# line of ours in the logbook, which would list the entity's change as a second one; automations
# have the integration's triggers, device triggers and bus events.
SPORT_EVENTS = {"soccer": (GOAL,), "cricket": (WICKET,)}
# Goals of a match that now plays cricket are no longer shown: the entity is unavailable.
EVENT_SPORTS = sports_of_keys(SPORT_EVENTS)
# The bus event carries these too; on the entity they would only repeat the device.
_NOT_ATTRIBUTES = {"device_id", "event_type"}


def _attributes(data: dict[str, object]) -> dict[str, object]:
    """Return an event's data as the entity's attributes, each text as short as a state.

    The bus event keeps the feed's whole text; the recorder drops attributes past 16 kB.
    """
    attributes = {
        key: clip(value) if isinstance(value, str) else value
        for key, value in data.items()
        if key not in _NOT_ATTRIBUTES
    }
    return attributes | _who_and_score(data)


def _who_and_score(data: dict[str, object]) -> dict[str, object]:
    """Return who an event was for and the score as a fan reads them: "2-1", "145/4".

    A goal names its team and minute already; a wicket names the side that lost it and the
    over it fell in. The bus event keeps the score as numbers, for templates.
    """
    readable: dict[str, object] = {}
    score = data.get("score")
    if isinstance(score, dict) and score.get("home") is not None and score.get("away") is not None:
        readable["score"] = f"{score['home']}-{score['away']}"
    if data.get("event_type") == EventKind.WICKET:
        readable["team_name"] = data.get("batting")
        if data.get("runs") is not None and data.get("wickets") is not None:
            readable["score"] = f"{data['runs']}/{data['wickets']}"
        readable["over"] = data.get("overs")
    return readable


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each match's status events, and its sport's events once the sport is known."""
    coordinator = entry.runtime_data

    def descriptions(match: FollowedMatch) -> tuple[SportrixEventEntityDescription, ...]:
        return (MATCH_STATUS, *SPORT_EVENTS.get(match.sport or "", ()))

    async_add_match_entities(
        entry,
        async_add_entities,
        descriptions,
        lambda match_id, description: MatchEventEntity(
            coordinator, match_id, description, EVENT_SPORTS.get(description.key)
        ),
    )

    def team_events(interest: Interest) -> list[TeamEventEntity]:
        description = EventEntityDescription(
            key="events", translation_key="team", event_types=team_event_types(interest.sport)
        )
        return [TeamEventEntity(coordinator, interest, description)]

    async_add_team_entities(entry, async_add_entities, team_events)


class MatchEventEntity(SportrixEntity, EventEntity):
    """Shows the latest event of its kinds in one match."""

    entity_description: SportrixEventEntityDescription

    async def async_added_to_hass(self) -> None:
        """Listen to this match's events."""
        await super().async_added_to_hass()
        signal = event_signal(self.coordinator.entry.entry_id, self.match_id)
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._event_detected))

    @callback
    def _event_detected(self, event: MatchEvent, data: dict[str, object]) -> None:
        """Record an event of this entity's kinds."""
        if event.kind not in self.entity_description.kinds:
            return
        self._trigger_event(event.event_type, _attributes(data))
        self.async_write_ha_state()


class TeamEventEntity(TeamEntity, EventEntity):
    """Shows the latest event of a followed team's matches, seen from the team's side."""

    async def async_added_to_hass(self) -> None:
        """Listen to the team's events."""
        await super().async_added_to_hass()
        signal = team_event_signal(self.coordinator.entry.entry_id, self.interest.key)
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._event_detected))

    @callback
    def _team_changed(self) -> None:
        """Leave the state be: only an event changes it."""

    @callback
    def _event_detected(self, event_type: str, data: dict[str, object]) -> None:
        """Record one event of the team's match."""
        self._trigger_event(event_type, _attributes(data))
        self.async_write_ha_state()
