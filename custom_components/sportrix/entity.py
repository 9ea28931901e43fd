"""The base entity: one device per followed match, woken only by that match's changes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping

from homeassistant.const import MAX_LENGTH_STATE_STATE
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .devices import entry_device_info
from .followed import FollowedMatch
from .interests import Interest
from .listeners import Changed
from .signals import interest_signal, shape_signal

ELLIPSIS = "\u2026"


def clip(text: str, limit: int = MAX_LENGTH_STATE_STATE) -> str:
    """Return text cut to limit characters, the last one an ellipsis where it was cut.

    Home Assistant refuses a state longer than 255 characters, and a feed's text has no bound.
    """
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def sports_of_keys(
    by_sport: Mapping[str, Iterable[EntityDescription]],
) -> dict[str, frozenset[str]]:
    """Return, for each key of a platform's per-sport descriptions, the sports that have it."""
    sports: dict[str, set[str]] = {}
    for sport, descriptions in by_sport.items():
        for description in descriptions:
            sports.setdefault(description.key, set()).add(sport)
    return {key: frozenset(of_key) for key, of_key in sports.items()}


class SportrixEntity(Entity):
    """An entity of one match; one of some sports only is unavailable while it plays another."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    # The snapshot fields this entity shows; a frame that changes none of them does not wake it.
    depends_on: frozenset[str] = frozenset()

    def __init__(
        self,
        coordinator: SportrixCoordinator,
        match_id: int,
        description: EntityDescription,
        sports: frozenset[str] | None = None,
    ) -> None:
        """Bind the entity to its match and description, and to the sports that have it."""
        self.coordinator = coordinator
        self.match_id = match_id
        self.entity_description = description
        # None: an entity of every sport's matches (the status, the scoreboard).
        self.sports = sports
        self._attr_unique_id = f"{match_id}_{description.key}"
        # The coordinator creates and names the device; entities only link to it.
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, str(match_id))})

    @property
    def match(self) -> FollowedMatch | None:
        """Return the match, or None once it is no longer followed."""
        return self.coordinator.matches.get(self.match_id)

    @property
    def available(self) -> bool:
        """Return whether the stream is up and the match is followed and plays its sport."""
        match = self.match
        return (
            self.coordinator.available
            and match is not None
            and (self.sports is None or match.sport in self.sports)
        )

    async def async_added_to_hass(self) -> None:
        """Listen to the fields it shows of this match, and to the match changing sport."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_listen_match(self.match_id, self._match_changed, self.depends_on)
        )
        # A frame of another sport under the match's id names only the new sport's fields: the
        # old sport's entities (and texts the new sport leaves blank) would show stale values.
        # The signal comes a few times in a match's life, not with every frame; measured, one
        # costs 0.2 ms with 50 matches' 1,250 entities connected.
        signal = shape_signal(self.coordinator.entry.entry_id)
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._shape_changed))

    @callback
    def _shape_changed(self, match_id: int) -> None:
        """Show the match again after it changed sport or names: any field may have changed."""
        if match_id == self.match_id:
            self._match_changed(None)

    @callback
    def _match_changed(self, changed: Changed) -> None:
        """Write the state: something it shows may have changed (None: anything may have)."""
        self.async_write_ha_state()


class EntryEntity(Entity):
    """An entity of the whole entry, on its device, written again whenever its signal is sent."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, coordinator: SportrixCoordinator, key: str, signal: str) -> None:
        """Bind the entity to its entry's device, its unique ID to the entry's; listen to signal."""
        self.coordinator = coordinator
        self._attr_unique_id = f"{coordinator.entry.entry_id}_{key}"
        self._attr_device_info = entry_device_info(coordinator.entry)
        self._signal = signal
        self._write: asyncio.Handle | None = None

    async def async_added_to_hass(self) -> None:
        """Write the state again after signals, once for a burst of them."""
        await super().async_added_to_hass()
        self.async_on_remove(async_dispatcher_connect(self.hass, self._signal, self._changed))
        self.async_on_remove(self._cancel_write)

    @callback
    def _changed(self) -> None:
        # A setup of many matches signals once per match: one write at the end serves them all.
        if self._write is None:
            self._write = self.hass.loop.call_soon(self._write_now)

    @callback
    def _write_now(self) -> None:
        self._write = None
        self.async_write_ha_state()

    @callback
    def _cancel_write(self) -> None:
        if self._write is not None:
            self._write.cancel()
            self._write = None


def async_add_match_entities[D: EntityDescription](
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    descriptions_for: Callable[[FollowedMatch], Iterable[D]],
    create: Callable[[int, D], Entity],
) -> None:
    """Add each match's entities now, and those a match gains later (new match, sport known)."""
    coordinator = entry.runtime_data
    added: set[tuple[int, str]] = set()

    @callback
    def add_missing(match_id: int) -> None:
        # A match that is no longer followed loses its entities; followed again, it gets new ones.
        added.difference_update({k for k in added if k[0] not in coordinator.matches})
        if (match := coordinator.matches.get(match_id)) is None:
            return
        new = [d for d in descriptions_for(match) if (match_id, d.key) not in added]
        added.update((match_id, d.key) for d in new)
        if new:
            # In the subentry of the match's device: one team or competition alone brings it.
            async_add_entities([create(match_id, d) for d in new], config_subentry_id=match.owner)

    for match_id in coordinator.matches:
        add_missing(match_id)
    entry.async_on_unload(
        async_dispatcher_connect(coordinator.hass, shape_signal(entry.entry_id), add_missing)
    )


def async_add_team_entities(
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    create: Callable[[Interest], Iterable[Entity]],
) -> None:
    """Add each followed team's entities to its subentry, now and for teams added later."""
    coordinator = entry.runtime_data

    @callback
    def add(key: str) -> None:
        interest = coordinator.following.interests.get(key)
        if interest is not None and interest.team is not None:
            async_add_entities(list(create(interest)), config_subentry_id=key)

    for key in coordinator.following.interests:
        add(key)
    entry.async_on_unload(
        async_dispatcher_connect(coordinator.hass, interest_signal(entry.entry_id), add)
    )
