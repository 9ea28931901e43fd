"""The broadcast delay: what the stream says is released after a set time, in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
import logging

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

_LOGGER = logging.getLogger(__name__)

MAX_DELAY = 300


class BroadcastDelay:
    """Hold work for a delay and run it in arrival order; no delay runs it at once."""

    def __init__(self, hass: HomeAssistant, seconds: float = 0) -> None:
        """Start with a delay and nothing held."""
        self._hass = hass
        self.seconds = seconds
        # Arrival time and the work, oldest first: release times follow arrival order.
        self._held: deque[tuple[datetime, Callable[[], None]]] = deque()
        self._timer: CALLBACK_TYPE | None = None

    @property
    def held(self) -> int:
        """Return how many pieces of work wait."""
        return len(self._held)

    @property
    def idle(self) -> bool:
        """Tell whether work runs at once: no delay, and nothing held before it."""
        return not self.seconds and not self._held

    @callback
    def run(self, work: Callable[[], None]) -> None:
        """Run work now without a delay (and nothing held before it), else hold it."""
        if self.idle:
            work()
            return
        self._held.append((dt_util.utcnow(), work))
        if self._timer is None:
            self._release()

    @callback
    def set(self, seconds: float) -> None:
        """Change the delay; what is held is released by the new delay, still in order."""
        self.seconds = max(0.0, min(float(seconds), MAX_DELAY))
        self._release()

    @callback
    def clear(self) -> None:
        """Drop what is held: an unloaded entry starts from a fresh baseline."""
        self._cancel()
        self._held.clear()

    @callback
    def _release(self, _now: datetime | None = None) -> None:
        """Run what is due, in order, and wait for the next."""
        self._cancel()
        delay = timedelta(seconds=self.seconds)
        while self._held and self._held[0][0] + delay <= dt_util.utcnow():
            _, work = self._held.popleft()
            try:
                work()
            except Exception:
                # One bad frame must not take the frames held behind it along.
                _LOGGER.exception("Error releasing a delayed Sportrix frame")
        if self._held:
            self._timer = async_track_point_in_utc_time(
                self._hass, self._release, self._held[0][0] + delay
            )

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
