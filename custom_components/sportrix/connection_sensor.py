"""The entry's connection as a diagnostic sensor: the stream, polls, or nothing."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.const import EntityCategory

from .coordinator import SportrixCoordinator
from .entity import EntryEntity
from .signals import connection_signal

PUSH, POLLING, FAILOVER, OFFLINE = "push", "polling", "failover", "offline"
CONNECTION_STATES = [PUSH, POLLING, FAILOVER, OFFLINE]


class ConnectionSensor(EntryEntity, SensorEntity):
    """How the entry's scores arrive now: pushed by the stream, polled, or not at all."""

    _attr_translation_key = "connection"
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = CONNECTION_STATES

    def __init__(self, coordinator: SportrixCoordinator) -> None:
        """Bind the sensor to its entry's connection."""
        super().__init__(coordinator, "connection", connection_signal(coordinator.entry.entry_id))

    @property
    def native_value(self) -> str:
        """Return push, polling or failover while frames can arrive, offline otherwise."""
        if not self.coordinator.available:
            return OFFLINE
        return self.coordinator.connection.mode

    @property
    def extra_state_attributes(self) -> dict[str, int]:
        """Return the REST polls made since the entry started (0 with the stream)."""
        connection = self.coordinator.connection
        polls = sum(p.requests for p in (connection.poller, connection.failover) if p)
        return {"polls": polls}
