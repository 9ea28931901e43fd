"""The catalog poller: the matches of followed teams' and competitions' leagues, asked gently."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
import logging

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .api import (
    SportrixAuthError,
    SportrixClient,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
)
from .interests import HORIZON, LOOKBACK, Fixture, Interest
from .log_once import LogOnce

_LOGGER = logging.getLogger(__name__)

# Three requests an hour per league; kick-off times rarely move at shorter notice.
POLL_INTERVAL = timedelta(minutes=20)
# After a failure, ask again sooner, unless the server said how long to wait.
RETRY_INTERVAL = timedelta(minutes=5)


class Discovery:
    """Keep the catalog matches of the followed leagues, polled a few times an hour."""

    def __init__(
        self,
        hass: HomeAssistant,
        client: SportrixClient,
        interests: list[Interest],
        *,
        on_update: Callable[[], None],
        on_auth_failed: Callable[[], None],
        log_once: LogOnce,
    ) -> None:
        """Poll the leagues of interests; call on_update after each poll and window edge."""
        self._hass = hass
        self._client = client
        self.interests = interests
        self._on_update = on_update
        self._on_auth_failed = on_auth_failed
        self._log_once = log_once
        # Per league: its sport, name, and the matches of the last successful poll.
        self._leagues: dict[int, tuple[str, str]] = {
            i.league_id: (i.sport, i.league) for i in interests
        }
        self._fixtures: dict[int, dict[int, Fixture]] = {}
        self.polled_at: datetime | None = None
        self.last_error: str | None = None
        self.forbidden = False
        self._next_poll: CALLBACK_TYPE | None = None
        self._next_edge: CALLBACK_TYPE | None = None
        self._polling: asyncio.Task[None] | None = None
        self._create_task: Callable[..., asyncio.Task[None]] | None = None
        self._again = False

    @property
    def active(self) -> bool:
        """Return whether anything is followed through the catalog."""
        return bool(self.interests)

    def fixtures(self) -> list[Fixture]:
        """Return every known match of the followed leagues."""
        return [f for league in self._fixtures.values() for f in league.values()]

    def listed(self, match_id: int) -> bool:
        """Tell whether the last poll of any league listed a match."""
        return any(match_id in league for league in self._fixtures.values())

    def known(self, league_id: int) -> bool:
        """Tell whether a league was polled successfully at least once."""
        return league_id in self._fixtures

    @callback
    def async_start(self, create_task: Callable[..., asyncio.Task[None]]) -> None:
        """Poll now, then every POLL_INTERVAL; nothing at all without interests."""
        self._create_task = create_task
        if self.active:
            self._polling = create_task(self.async_poll(), "sportrix catalog poll")

    @callback
    def async_set_interests(self, interests: list[Interest]) -> None:
        """Follow other teams and competitions: poll a new league at once, forget a dropped one."""
        self.interests = interests
        leagues = {i.league_id: (i.sport, i.league) for i in interests}
        new = leagues.keys() - self._leagues.keys()
        for league_id in self._leagues.keys() - leagues.keys():
            self._fixtures.pop(league_id, None)
        self._leagues = leagues
        if not self.active:
            self.async_stop()
        elif new and self._create_task is not None:
            if self._next_poll is not None:
                self._next_poll()
            self._poll_due(dt_util.utcnow())

    @callback
    def async_stop(self) -> None:
        """Cancel the timers and any poll under way."""
        for cancel in (self._next_poll, self._next_edge):
            if cancel is not None:
                cancel()
        self._next_poll = self._next_edge = None
        if self._polling is not None:
            self._polling.cancel()
            self._polling = None

    @callback
    def async_schedule_edge(self, when: datetime | None) -> None:
        """Call on_update again when a follow window opens or closes."""
        if self._next_edge is not None:
            self._next_edge()
            self._next_edge = None
        if when is not None:
            self._next_edge = async_track_point_in_utc_time(self._hass, self._edge, when)

    @callback
    def _edge(self, _now: datetime) -> None:
        self._next_edge = None
        self._on_update()

    @callback
    def _schedule_poll(self, delay: timedelta) -> None:
        if self._next_poll is not None:
            self._next_poll()
        self._next_poll = async_call_later(self._hass, delay, self._poll_due)

    @callback
    def _poll_due(self, _now: datetime) -> None:
        self._next_poll = None
        if self._polling is not None and not self._polling.done():
            # A league added during a poll is asked about right after it.
            self._again = True
            return
        if self._create_task is not None:
            self._polling = self._create_task(self.async_poll(), "sportrix catalog poll")

    async def async_poll(self) -> None:
        """Ask the catalog for each followed league's matches; keep the last answer on failure."""
        delay = POLL_INTERVAL
        try:
            for league_id in list(self._leagues):
                await self._poll_league(league_id)
        except SportrixAuthError:
            self._on_auth_failed()
            return
        except SportrixForbiddenError:
            # The key lost the catalog scope: asking again would only earn another 403.
            self.forbidden = True
            if self._log_once("catalog_forbidden"):
                _LOGGER.warning(
                    "The API key cannot read the Sportrix catalog (fixtures scope); "
                    "followed teams and competitions find no new matches"
                )
            self._on_update()
            return
        except SportrixError as err:
            self.last_error = str(err)
            retry = err.retry_after if isinstance(err, SportrixConnectionError) else None
            delay = max(timedelta(seconds=retry or 0), RETRY_INTERVAL)
            # Logged once per outage: what is followed already stays followed.
            if self._log_once("catalog_outage"):
                _LOGGER.warning(
                    "Cannot read the Sportrix catalog (%s); matches already followed go on, "
                    "new ones are found once it answers again",
                    err,
                )
        else:
            if self.last_error is not None:
                _LOGGER.info("The Sportrix catalog answers again")
                self._log_once.forget("catalog_outage")
            self.last_error = None
            self.polled_at = dt_util.utcnow()
        finally:
            self._polling = None
        self._schedule_poll(timedelta(0) if self._again else delay)
        self._again = False
        self._on_update()

    async def _poll_league(self, league_id: int) -> None:
        """Replace one league's matches with the catalog's current list."""
        now = dt_util.utcnow()
        matches = await self._client.matches(
            league_id, start_after=now - LOOKBACK, start_before=now + HORIZON
        )
        # The league may have been dropped while the catalog answered.
        if (known := self._leagues.get(league_id)) is not None:
            sport, league = known
            self._fixtures[league_id] = {
                m.id: Fixture(m, sport, league_id, league) for m in matches
            }
