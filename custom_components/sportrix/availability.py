"""What entities show of the connection: up, or down once an outage outlasts a short grace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later

from .const import UNAVAILABLE_GRACE


class Availability:
    """Tell entities whether the stream is up; a reconnect within the grace shows nothing."""

    def __init__(self, hass: HomeAssistant, on_change: Callable[[], None]) -> None:
        """Start unavailable; call on_change whenever what entities show changes."""
        self._hass = hass
        self._on_change = on_change
        self.available = False
        self._was_up = False
        self._later: CALLBACK_TYPE | None = None

    def connected(self, following_any: bool) -> None:
        """Show the stream up at the first connection, or at once when nothing is followed."""
        # After an outage, a server that accepts and closes at once must not make entities
        # flap: the first answer on the new connection (a frame, a refusal) shows it is real.
        if not self._was_up or not following_any:
            self._was_up = True
            self.set(True)

    def lost(self) -> None:
        """Show the outage if the stream is not back within the grace."""
        if self.available and self._later is None:
            self._later = async_call_later(self._hass, UNAVAILABLE_GRACE, self._grace_over)

    def set(self, available: bool) -> None:
        """Show available or not, at once, and cancel a pending outage."""
        if self._later is not None:
            self._later()
            self._later = None
        if available != self.available:
            self.available = available
            self._on_change()

    @callback
    def _grace_over(self, _now: datetime) -> None:
        self._later = None
        self.set(False)
