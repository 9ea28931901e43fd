"""The stream's stand-in for a key without it: each followed match's live snapshot, polled."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .api import (
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixError,
    SportrixForbiddenError,
    Subscription,
    SubscriptionState,
)
from .lookups import NotStarted, RestLookups, Scope
from .polling import BREAKS, first_poll, next_poll

type TaskFactory = Callable[[Coroutine[Any, Any, None], str], object]


async def key_without_stream_is_valid(client: SportrixClient) -> bool:
    """Tell a valid key the stream refused (it lacks the scope) from a key refused everywhere.

    Raise SportrixError when the REST API cannot answer either.
    """
    try:
        await client.sports()
    except SportrixForbiddenError:
        # Known to the service, only without the catalog's scope.
        return True
    except SportrixAuthError:
        return False
    return True


@dataclass(slots=True)
class _Polled:
    """One polled match: its kick-off, its last status, and its next poll."""

    kick_off: datetime | None
    status: str | None = None
    # When the current break (half time, an innings break) was first seen.
    break_since: datetime | None = None
    timer: CALLBACK_TYPE | None = None


class Poller:
    """Poll the wanted matches one by one, each at the pace its state asks for."""

    def __init__(
        self,
        hass: HomeAssistant,
        lookups: RestLookups,
        create_task: TaskFactory,
        *,
        interval: timedelta,
        on_snapshot: Callable[[Snapshot], None],
        on_failure: Callable[[], None],
    ) -> None:
        """Hand each snapshot to on_snapshot; call on_failure when a poll gets no answer."""
        self._hass = hass
        self._lookups = lookups
        self._create_task = create_task
        self.interval = interval
        self._on_snapshot = on_snapshot
        self._on_failure = on_failure
        self._polled: dict[int, _Polled] = {}
        self.requests = 0

    @property
    def wanted(self) -> frozenset[int]:
        """Return the matches being polled."""
        return frozenset(self._polled)

    @property
    def subscriptions(self) -> Mapping[int, Subscription]:
        """Return where each polled match stands, as the stream would, for diagnostics."""
        return {
            match_id: Subscription(match_id, SubscriptionState.SUBSCRIBED, None, None)
            for match_id in self._polled
        }

    def subscribe(self, match_id: int, *, kick_off: datetime | None = None) -> None:
        """Poll a match until unsubscribe(); again, only update its kick-off."""
        if (polled := self._polled.get(match_id)) is not None:
            polled.kick_off = kick_off
            if polled.status is None:
                self._schedule(match_id, polled)
            return
        polled = self._polled[match_id] = _Polled(kick_off)
        self._later(match_id, polled, first_poll(match_id, self.interval))

    def unsubscribe(self, match_id: int) -> None:
        """Stop polling a match."""
        if (polled := self._polled.pop(match_id, None)) is not None and polled.timer:
            polled.timer()

    def close(self) -> None:
        """Stop polling every match."""
        for match_id in list(self._polled):
            self.unsubscribe(match_id)

    def _later(self, match_id: int, polled: _Polled, delay: timedelta) -> None:
        """Poll a match after delay, instead of when it was due."""
        if polled.timer is not None:
            polled.timer()

        @callback
        def due(_now: datetime) -> None:
            polled.timer = None
            self._create_task(self._async_poll(match_id, polled), f"sportrix poll {match_id}")

        polled.timer = async_call_later(self._hass, delay, due)

    def _schedule(self, match_id: int, polled: _Polled) -> None:
        """Poll a match again when its state asks for it; never once full time is known."""
        now = dt_util.utcnow()
        delay = next_poll(polled.status, polled.kick_off, now, self.interval, polled.break_since)
        if delay is not None:
            self._later(match_id, polled, delay)

    async def _async_poll(self, match_id: int, polled: _Polled) -> None:
        """Ask for one match's snapshot and hand it on; 404 means it has not started."""
        self.requests += 1
        try:
            answer = await self._lookups.live(match_id)
        except SportrixError:
            answer = None
        if self._polled.get(match_id) is not polled:
            return
        if isinstance(answer, NotStarted):
            polled.status = None
        elif answer is not None:
            if answer.status != polled.status:
                polled.break_since = dt_util.utcnow() if answer.status in BREAKS else None
            polled.status = answer.status
            self._on_snapshot(answer)
        elif Scope.LIVE_SCORES in self._lookups.forbidden:
            # The key cannot poll at all: the look-ups said so once; asking again is pointless.
            return
        elif self._lookups.last_error is not None:
            self._on_failure()
        self._schedule(match_id, polled)
