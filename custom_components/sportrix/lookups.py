"""REST look-ups of the catalog and of live snapshots: bounded, polite, failure-tolerant."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import Enum
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

_LOGGER = logging.getLogger(__name__)

# A setup with 50 matches must not open 50 requests at once against a service that rate-limits.
MAX_CONCURRENT_LOOKUPS = 4


class NotStarted(Enum):
    """The REST API has no snapshot of the match: it has not started."""

    NOT_STARTED = "not_started"


NOT_STARTED = NotStarted.NOT_STARTED


class RestLookups:
    """Ask the REST API about matches, never more than a few at once, and back off when told."""

    def __init__(self, client: SportrixClient, *, on_auth_failed: Callable[[], None]) -> None:
        """Use client; call on_auth_failed when the API rejects the key."""
        self._client = client
        self._on_auth_failed = on_auth_failed
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_LOOKUPS)
        # Once the key is known to lack a scope, asking again only earns another 403.
        self._catalog_forbidden = False
        self._live_forbidden = False
        self._quiet_until = 0.0

    async def catalog(self, match_id: int) -> Match | None:
        """Return the match's catalog entry, or None when it cannot be had now."""
        if self._catalog_forbidden:
            return None
        try:
            return await self._ask(self._client.match, match_id)
        except SportrixForbiddenError:
            self._catalog_forbidden = True
        except SportrixError as err:
            _LOGGER.debug("No catalog entry for match %s: %s", match_id, err)
        return None

    async def live(self, match_id: int) -> Snapshot | NotStarted | None:
        """Return the match's last REST snapshot, NOT_STARTED when it has none, or None."""
        if self._live_forbidden:
            return None
        try:
            return await self._ask(self._client.live, match_id)
        except SportrixNotFoundError:
            # No snapshot was ever recorded: the match has not started.
            return NOT_STARTED
        except SportrixForbiddenError:
            self._live_forbidden = True
        except SportrixError as err:
            _LOGGER.debug("No live snapshot for match %s: %s", match_id, err)
        return None

    async def _ask[T](self, call: Callable[[int], Awaitable[T]], match_id: int) -> T:
        """Make one request in a free slot, unless the server asked us to wait."""
        loop = asyncio.get_running_loop()
        async with self._slots:
            if loop.time() < self._quiet_until:
                raise SportrixConnectionError("waiting as the server asked (Retry-After)")
            try:
                return await call(match_id)
            except SportrixAuthError:
                self._on_auth_failed()
                raise
            except SportrixConnectionError as err:
                if err.retry_after is not None:
                    self._quiet_until = loop.time() + err.retry_after
                    _LOGGER.info(
                        "Sportrix Data asked to wait %g s before the next REST request",
                        err.retry_after,
                    )
                raise
