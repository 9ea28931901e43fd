"""The base entity: one device per followed match, woken only by that match's changes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .followed import FollowedMatch
from .interests import Interest
from .listeners import Changed
from .signals import interest_signal, shape_signal


class SportrixEntity(Entity):
    """An entity of one match."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    # The snapshot fields this entity shows; a frame that changes none of them does not wake it.
    depends_on: frozenset[str] = frozenset()

    def __init__(
        self, coordinator: SportrixCoordinator, match_id: int, description: EntityDescription
    ) -> None:
        """Bind the entity to its match and description."""
        self.coordinator = coordinator
        self.match_id = match_id
        self.entity_description = description
        self._attr_unique_id = f"{match_id}_{description.key}"
        # The coordinator creates and names the device; entities only link to it.
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, str(match_id))})

    @property
    def match(self) -> FollowedMatch | None:
        """Return the match, or None once it is no longer followed."""
        return self.coordinator.matches.get(self.match_id)

    @property
    def available(self) -> bool:
        """Return whether the stream is up and the match is still followed."""
        return self.coordinator.available and self.match is not None

    async def async_added_to_hass(self) -> None:
        """Listen to the fields it shows of this match only."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_listen_match(self.match_id, self._match_changed, self.depends_on)
        )

    @callback
    def _match_changed(self, changed: Changed) -> None:
        """Write the state: something it shows may have changed (None: anything may have)."""
        self.async_write_ha_state()


class EntryEntity(Entity):
    """An entity of the whole entry, written again whenever its signal is sent."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, coordinator: SportrixCoordinator, key: str, signal: str) -> None:
        """Bind the entity to its entry, its unique ID to the entry's, and listen to signal."""
        self.coordinator = coordinator
        self._attr_unique_id = f"{coordinator.entry.entry_id}_{key}"
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
            async_add_entities([create(match_id, d) for d in new])

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
        interest = coordinator.interests.get(key)
        if interest is not None and interest.team is not None:
            async_add_entities(list(create(interest)), config_subentry_id=key)

    for key in coordinator.interests:
        add(key)
    entry.async_on_unload(
        async_dispatcher_connect(coordinator.hass, interest_signal(entry.entry_id), add)
    )
