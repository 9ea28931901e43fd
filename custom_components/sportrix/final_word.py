"""The final word: a finished match's score confirmed by the result recorded at the final whistle.

Where the key may read results, each followed match that reaches full time has its result asked
for once. A goal the result shows that the match never saw (scored in an outage that outlasted
the final whistle) is fired late, and the score corrected; a result that agrees changes nothing.
A key without the scope earns one 403, said once by the look-ups, and is never asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later

from .api import Snapshot
from .const import DOMAIN
from .lookups import RestLookups, Scope

_LOGGER = logging.getLogger(__name__)

# When to ask again after no result (none recorded yet, or no answer): the service records it
# at the whistle, so the first retries are soon; after the last one the match is let be.
ASK_AGAIN = (
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=30),
)


class FinalWord:
    """Ask each finished match's recorded result once, and hand its full time on to be taken."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        lookups: RestLookups,
        *,
        followed: Callable[[int], bool],
        take: Callable[[Snapshot], None],
    ) -> None:
        """Hand each result's full-time snapshot to take, for matches still followed."""
        self._hass = hass
        self._entry = entry
        self._lookups = lookups
        self._followed = followed
        self._take = take
        # Matches whose result was taken, or asked for as often as it is worth: never again.
        self.settled: set[int] = set()
        # Matches whose next ask is due later, or under way, with the asks made so far.
        self._asks: dict[int, int] = {}
        self._timers: dict[int, CALLBACK_TYPE] = {}
        self._stopped = False

    @property
    def pending(self) -> int:
        """Return how many matches still have their result to ask for."""
        return len(self._asks)

    @property
    def allowed(self) -> bool:
        """Tell whether the key may ask for results, as far as is known."""
        return Scope.FINAL_SCORES not in self._lookups.forbidden

    @callback
    def full_time(self, match_id: int, *, seen_playing: bool) -> None:
        """Ask for a match's result: it has reached full time. Again, or once settled: nothing."""
        if self._stopped or not self.allowed or match_id in self.settled or match_id in self._asks:
            return
        if not seen_playing:
            # First seen finished (after a restart): a baseline, like all else missed meanwhile.
            return
        self._asks[match_id] = 0
        self._start(match_id)

    @callback
    def stop(self) -> None:
        """Ask nothing more, and take no answer still on its way: the entry unloads."""
        self._stopped = True
        for cancel in self._timers.values():
            cancel()
        self._timers.clear()
        self._asks.clear()

    def _start(self, match_id: int) -> None:
        """Ask for a match's result in the entry's background."""
        self._entry.async_create_background_task(
            self._hass, self._async_ask(match_id), f"{DOMAIN} result {match_id}"
        )

    async def _async_ask(self, match_id: int) -> None:
        """Ask once; take the full time recorded, or ask again later while it is worth it."""
        if not self._followed(match_id):
            self._asks.pop(match_id, None)
            return
        result = await self._lookups.result(match_id)
        if self._stopped or match_id not in self._asks:
            return
        if result is not None and result.full_time is not None:
            del self._asks[match_id]
            self.settled.add(match_id)
            self._take(result.full_time)
            return
        self._again(match_id)

    def _again(self, match_id: int) -> None:
        """Ask again after the next wait, or let the match be once every wait is spent."""
        asks = self._asks[match_id] = self._asks[match_id] + 1
        if not self.allowed or asks > len(ASK_AGAIN):
            # Without the scope the look-ups said so once; with it, the service never recorded
            # a full time: the match keeps what it was shown.
            del self._asks[match_id]
            self.settled.add(match_id)
            if self.allowed:
                _LOGGER.debug("No result of match %s was recorded; no longer asking", match_id)
            return
        wait = max(ASK_AGAIN[asks - 1], timedelta(seconds=self._lookups.wait))

        @callback
        def due(_now: datetime) -> None:
            self._timers.pop(match_id, None)
            self._start(match_id)

        self._timers[match_id] = async_call_later(self._hass, wait, due)
