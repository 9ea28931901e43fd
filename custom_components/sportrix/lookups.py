"""Every REST request of an entry, asked politely: few at once, Retry-After honoured, 403 final.

The one place that decides when the REST API is asked at all, and that logs its outages once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum, StrEnum
import logging

from .api import (
    Match,
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


class Scope(StrEnum):
    """The key scopes the REST calls need."""

    FIXTURES = "fixtures"
    LIVE_SCORES = "live_scores"


class NotStarted(Enum):
    """The REST API has no snapshot of the match: it has not started."""

    NOT_STARTED = "not_started"


NOT_STARTED = NotStarted.NOT_STARTED


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
