"""Every REST request of an entry, asked politely: few at once, Retry-After honoured, 403 final.

The one place that decides when the REST API is asked at all, that logs its outages once, and
that counts what was asked over the last hour against what the schedule plans to ask.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from enum import Enum, StrEnum
import logging

from .api import (
    Match,
    MatchResult,
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
)
from .log_once import LogOnce

_LOGGER = logging.getLogger(__name__)

# A setup with 50 matches must not open 50 requests at once against a service that rate-limits.
MAX_CONCURRENT_LOOKUPS = 4
HOUR = timedelta(hours=1)


class Scope(StrEnum):
    """The key scopes the REST calls need."""

    FIXTURES = "fixtures"
    LIVE_SCORES = "live_scores"
    FINAL_SCORES = "final_scores"


class NotStarted(Enum):
    """The REST API has no snapshot of the match: it has not started."""

    NOT_STARTED = "not_started"


NOT_STARTED = NotStarted.NOT_STARTED


class RequestLog:
    """Count the HTTP requests made: in all, and over the last hour, rolling."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        """Read the time from clock, in seconds; by default the event loop's, as waits are."""
        self._clock = clock or _loop_time
        # One time per request of the last hour: at most a few thousand, even for a key that
        # polls tens of matches every few seconds.
        self._times: deque[float] = deque()
        self.total = 0

    def count(self) -> None:
        """Count one request, made now."""
        self.total += 1
        self._times.append(self._clock())
        self._forget_old()

    @property
    def last_hour(self) -> int:
        """Return how many requests were made in the last hour."""
        self._forget_old()
        return len(self._times)

    def _forget_old(self) -> None:
        """Drop the requests made more than an hour ago."""
        since = self._clock() - HOUR.total_seconds()
        while self._times and self._times[0] <= since:
            self._times.popleft()


def _loop_time() -> float:
    """Return the running event loop's time."""
    return asyncio.get_running_loop().time()


def planned_per_hour(
    *,
    catalog_asks: int,
    catalog_interval: timedelta,
    polled: int,
    poll_interval: timedelta,
    results: int,
) -> int:
    """Return the most requests the schedule makes in an hour as things stand.

    Each catalog ask (a followed competition, a listed match no competition lists yet) once
    an interval; each polled match once a poll interval, as if all were being played; one
    result for each finished match awaiting its result. One-off look-ups (a match newly
    followed, a refused match) come on top.
    """
    return catalog_asks * _per_hour(catalog_interval) + polled * _per_hour(poll_interval) + results


def _per_hour(interval: timedelta) -> int:
    """Return how many times something asked once an interval is asked in an hour."""
    return -(-HOUR // interval) if interval > timedelta(0) else 0


class RestLookups:
    """Ask the REST API about matches and leagues; None whenever it cannot answer now."""

    def __init__(
        self, client: SportrixClient, *, on_auth_failed: Callable[[], None], log_once: LogOnce
    ) -> None:
        """Use client; call on_auth_failed when the API rejects the key."""
        self._client = client
        self._on_auth_failed = on_auth_failed
        self._log_once = log_once
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_LOOKUPS)
        # Every request of the client is counted, those made without a look-up included.
        self.requests = RequestLog()
        client.on_request = self.requests.count
        # Once the key is known to lack a scope, asking again only earns another 403.
        self.forbidden: set[Scope] = set()
        self.last_error: str | None = None
        self._quiet_until = 0.0

    @property
    def wait(self) -> float:
        """Return how many seconds the server asked us to stay quiet from now."""
        return max(0.0, self._quiet_until - asyncio.get_running_loop().time())

    async def catalog(self, match_id: int) -> Match | None:
        """Return the match's catalog entry, or None when it cannot be had now."""
        try:
            return await self._ask(Scope.FIXTURES, self._client.match, match_id)
        except SportrixNotFoundError:
            _LOGGER.debug("The catalog has no match %s", match_id)
            return None

    async def league(self, league_id: int, start: datetime, end: datetime) -> list[Match] | None:
        """Return a league's matches kicking off between start and end, or None."""
        try:
            return await self._ask(
                Scope.FIXTURES,
                lambda league: self._client.matches(league, start_after=start, start_before=end),
                league_id,
            )
        except SportrixNotFoundError:
            return None

    async def live(self, match_id: int) -> Snapshot | NotStarted | None:
        """Return the match's last REST snapshot, NOT_STARTED when it has none, or None."""
        try:
            return await self._ask(Scope.LIVE_SCORES, self._client.live, match_id)
        except SportrixNotFoundError:
            # No snapshot was ever recorded: the match has not started.
            return NOT_STARTED

    async def result(self, match_id: int) -> MatchResult | None:
        """Return the match's recorded result, or None when there is none (yet) or no answer."""
        try:
            return await self._ask(Scope.FINAL_SCORES, self._client.result, match_id)
        except SportrixNotFoundError:
            _LOGGER.debug("No result is recorded for match %s yet", match_id)
            return None

    async def _ask[T](
        self, scope: Scope, call: Callable[[int], Awaitable[T]], item: int
    ) -> T | None:
        """Make one request in a free slot, unless the key lacks scope or the server said wait."""
        if scope in self.forbidden:
            return None
        loop = asyncio.get_running_loop()
        async with self._slots:
            if loop.time() < self._quiet_until:
                return None
            try:
                result = await call(item)
            except SportrixNotFoundError:
                raise
            except SportrixAuthError:
                self._on_auth_failed()
            except SportrixForbiddenError:
                self._forbid(scope)
            except SportrixError as err:
                self._failed(err, loop.time())
            else:
                self._answered()
                return result
        return None

    def _forbid(self, scope: Scope) -> None:
        """Stop asking what the key may not ask, and say so once."""
        self.forbidden.add(scope)
        if self._log_once(("forbidden", scope)):
            _LOGGER.warning(
                "The Sportrix API key lacks the %s scope; requests that need it are no "
                "longer made until the entry is reloaded",
                scope,
            )

    def _failed(self, err: SportrixError, now: float) -> None:
        """Remember an outage, wait as long as the server asked, and log it once."""
        self.last_error = str(err)
        if isinstance(err, SportrixConnectionError) and err.retry_after is not None:
            self._quiet_until = max(self._quiet_until, now + err.retry_after)
        if self._log_once("rest_outage"):
            _LOGGER.warning(
                "Cannot reach the Sportrix REST API (%s); what is followed goes on, and it "
                "is asked again later",
                err,
            )

    def _answered(self) -> None:
        """Log once that an outage is over."""
        if self.last_error is not None:
            self.last_error = None
            self._log_once.forget("rest_outage")
            _LOGGER.info("The Sportrix REST API answers again")
