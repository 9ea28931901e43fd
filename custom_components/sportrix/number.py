"""The broadcast delay: how far behind the stream scores and events are shown, to match the TV."""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberMode
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_BROADCAST_DELAY
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .delay import MAX_DELAY
from .entity import EntryEntity
from .signals import delay_signal

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's broadcast delay."""
    async_add_entities([BroadcastDelayNumber(entry.runtime_data)])


class BroadcastDelayNumber(EntryEntity, NumberEntity):
    """Seconds by which frames are held back; kept in the entry's options across restarts."""

    _attr_translation_key = "broadcast_delay"
    _attr_entity_category = EntityCategory.CONFIG
    _attr_native_min_value = 0
    _attr_native_max_value = MAX_DELAY
    _attr_native_step = 1
    _attr_native_unit_of_measurement = UnitOfTime.SECONDS
    _attr_mode = NumberMode.BOX

    def __init__(self, coordinator: SportrixCoordinator) -> None:
        """Bind the delay to its entry; it changes from here or from the options."""
        key = "broadcast_delay"
        super().__init__(coordinator, key, delay_signal(coordinator.entry.entry_id))

    @property
    def native_value(self) -> int:
        """Return the delay in force, in whole seconds as it is set."""
        return round(self.coordinator.delay.seconds)

    async def async_set_native_value(self, value: float) -> None:
        """Store the new delay and put it in force at once."""
        store_delay(self.coordinator, int(value))
        # Now, not at the signal's write: the service call returns with the state written.
        self.async_write_ha_state()


def store_delay(coordinator: SportrixCoordinator, seconds: int) -> None:
    """Keep the delay in the entry's options across restarts, and put it in force now."""
    entry = coordinator.entry
    coordinator.hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_BROADCAST_DELAY: seconds}
    )
    # The delay's signal writes the number's state, and wakes the card.
    coordinator.async_set_delay(seconds)
