"""Seen it on TV: the quickest way to set the broadcast delay, without a card."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity
from homeassistant.const import EntityCategory
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .const import DOMAIN, EVENT_GOAL, EVENT_WICKET
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .delay import MAX_DELAY
from .entity import EntryEntity
from .number import store_delay
from .signals import delay_signal

PARALLEL_UPDATES = 0

# How long after a goal or wicket a press still means "my TV shows it now", as on the card.
SEEN_WINDOW = 90.0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's seen-it-on-TV button."""
    async_add_entities([SeenOnTvButton(entry.runtime_data)])


class SeenOnTvButton(EntryEntity, ButtonEntity):
    """Pressed when the TV shows the last goal or wicket: the delay grows by the time since."""

    _attr_translation_key = "seen_on_tv"
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, coordinator: SportrixCoordinator) -> None:
        """Bind the button to its entry's delay."""
        super().__init__(coordinator, "seen_on_tv", delay_signal(coordinator.entry.entry_id))
        # When Home Assistant last showed a goal or wicket of this entry, as a timestamp.
        self._shown_at: float | None = None

    async def async_added_to_hass(self) -> None:
        """Note each goal and wicket as it is shown, that is, after the delay."""
        await super().async_added_to_hass()
        for event_type in (EVENT_GOAL, EVENT_WICKET):
            self.async_on_remove(self.hass.bus.async_listen(event_type, self._shown))

    @callback
    def _shown(self, event: Event) -> None:
        # A goal recovered after an outage was never live on the TV either: it says nothing.
        if event.data.get("match_id") in self.coordinator.matches and not event.data.get("delayed"):
            self._shown_at = event.time_fired_timestamp

    async def async_press(self) -> None:
        """Set the delay to what it is plus the time since the last goal or wicket was shown."""
        now = dt_util.utcnow().timestamp()
        if self._shown_at is None or now - self._shown_at > SEEN_WINDOW:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="nothing_to_see",
                translation_placeholders={"seconds": str(round(SEEN_WINDOW))},
            )
        coordinator = self.coordinator
        seconds = min(MAX_DELAY, round(coordinator.delay.seconds + now - self._shown_at))
        self._shown_at = None
        store_delay(coordinator, seconds)
