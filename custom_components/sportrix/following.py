"""What one entry follows and why: listed matches, and those its teams and competitions bring."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
import logging
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later, async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from . import engine, interests
from .api import NOT_STARTED, Match
from .claims import followed_by_other_entries
from .const import CONF_MATCH_IDS, DOMAIN
from .devices import remove_device, remove_stale_devices, update_device
from .followed import FollowedMatch
from .interests import Interest
from .leagues import LeagueCatalog
from .log_once import LogOnce
from .lookups import RestLookups, Scope
from .repairs import delete_sport_issue
from .signals import fixtures_signal, interest_signal, shape_signal, team_signal
from .subentries import interests_of, subentries_signature

_LOGGER = logging.getLogger(__name__)

# Three requests an hour per league; kick-off times rarely move at shorter notice.
POLL_INTERVAL = timedelta(minutes=20)
# After a failure, ask again sooner, unless the server said how long to wait.
RETRY_INTERVAL = timedelta(minutes=5)


class Feed(Protocol):
    """What brings a followed match's frames: the stream, or the poller."""

    @property
    def wanted(self) -> frozenset[int]:
        """Return the matches it brings."""
        ...

    def subscribe(self, match_id: int, *, kick_off: datetime | None = None) -> None:
        """Bring a match's frames; again, only update its kick-off."""

    def unsubscribe(self, match_id: int) -> None:
        """Stop bringing a match's frames."""


type TaskFactory = Callable[[Coroutine[Any, Any, None], str], asyncio.Task[None]]


class Following:
    """Own the followed matches: why each is followed, its device, its subscription."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        feed: Feed,
        lookups: RestLookups,
        log_once: LogOnce,
        *,
        on_match_changed: Callable[[FollowedMatch], None],
    ) -> None:
        """Read what the entry follows; nothing is asked or subscribed before async_start.

        on_match_changed is called when the catalog moves what a followed match shows.
        """
        self.hass = hass
        self.entry = entry
        # Where the followed matches' frames come from: the stream, or polls for a key without it.
        self.feed = feed
        self._lookups = lookups
        self._log_once = log_once
        self._on_match_changed = on_match_changed
        self.matches: dict[int, FollowedMatch] = {}
        self.listed: list[int] = list(entry.options.get(CONF_MATCH_IDS, []))
        self.interests: dict[str, Interest] = {i.key: i for i in interests_of(entry)}
        self.subentries = subentries_signature(entry)
        self.catalog = LeagueCatalog(lookups)
        self.catalog.set_interests(list(self.interests.values()))
        # The matches teams and competitions bring now, with the keys of those that bring them.
        self.brought: dict[int, frozenset[str]] = {}
        # When the stream first showed each match's full time: kept past the match's removal,
        # so that a catalog not yet saying FINISHED does not bring it back.
        self.finished: dict[int, datetime] = {}
        self._devices_checked = False
        self._create_task: TaskFactory | None = None
        self._polling: asyncio.Task[None] | None = None
        self._poll_again = False
        self._next_poll: CALLBACK_TYPE | None = None
        self._next_edge: CALLBACK_TYPE | None = None

    async def async_start(self, create_task: TaskFactory) -> None:
        """Follow the listed matches, name them from the catalog, and start polling it."""
        self._create_task = create_task
        for match_id in self.listed:
            self._add(match_id, explicit=True)
        if not self.interests:
            self._check_devices()
        await asyncio.gather(*(self._async_follow(m) for m in list(self.matches.values())))
        self._poll_due(None, refresh=False)

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
        self._create_task = None

    @callback
    def async_set_listed(self, match_ids: list[int]) -> None:
        """Follow exactly these matches, besides those of teams and competitions."""
        self.listed = list(match_ids)
        self._reconcile()

    @callback
    def async_set_interests(self, entry: ConfigEntry) -> None:
        """Follow the entry's teams and competitions as they are now; poll a new league at once."""
        current = {i.key: i for i in interests_of(entry)}
        added = [key for key in current if key not in self.interests]
        self.interests = current
        self.subentries = subentries_signature(entry)
        new_leagues = self.catalog.set_interests(list(current.values()))
        self.async_update()
        for key in added:
            async_dispatcher_send(self.hass, interest_signal(self.entry.entry_id), key)
        if new_leagues:
            self._poll_due(None, refresh=False)

    @callback
    def async_match_finished(self, match: FollowedMatch) -> None:
        """Remember the stream's full time: a brought match's window ends from here."""
        match.finished_at = self.finished.setdefault(match.match_id, dt_util.utcnow())
        if match.interests:
            self.async_update()

    @callback
    def async_update(self) -> None:
        """Follow the matches of teams and competitions whose window is open now."""
        now = dt_util.utcnow()
        self.finished = {m: at for m, at in self.finished.items() if now - at < interests.LOOKBACK}
        fixtures = self.catalog.fixtures()
        found = interests.wanted(fixtures, self.interests.values(), now, self.finished)
        for match_id, match in self.matches.items():
            # Gone from the catalog (postponed) but still playing: the stream decides when it
            # ends, for the teams and competitions that are still followed.
            keys = match.interests & self.interests.keys()
            if keys and match.in_play and not self.catalog.listed(match_id):
                found[match_id] = found.get(match_id, frozenset()) | keys
        taken = followed_by_other_entries(self.hass, self.entry.entry_id)
        for match_id in found.keys() & taken.keys():
            if self._log_once(("taken", match_id)):
                _LOGGER.info(
                    "Match %s is followed by another Sportrix entry (%s); skipping it",
                    match_id,
                    taken[match_id],
                )
        self.brought = {m: keys for m, keys in found.items() if m not in taken}
        self._reconcile()
        if self.catalog.polled_at is not None or Scope.FIXTURES in self._lookups.forbidden:
            self._check_devices()
        self._schedule_edge(interests.next_change(fixtures, now, self.finished))

    def _reconcile(self) -> None:
        """Follow the listed and brought matches, each once, with their reasons; drop the rest."""
        wanted: dict[int, frozenset[str]] = dict.fromkeys(self.listed, frozenset())
        for match_id, keys in self.brought.items():
            wanted[match_id] = wanted.get(match_id, frozenset()) | keys
        for match_id in [m for m in self.matches if m not in wanted]:
            self._remove(match_id)
        fixtures = self.catalog.by_id()
        for match_id, keys in wanted.items():
            explicit = match_id in self.listed
            if (match := self.matches.get(match_id)) is None:
                match = self._add(match_id, explicit=explicit, interests=keys)
                self._task(self._async_follow(match), f"{DOMAIN} follow match {match_id}")
            elif (match.explicit, match.interests) != (explicit, keys):
                match.explicit, match.interests = explicit, keys
                update_device(self.hass, self.entry.entry_id, match)
            if (fixture := fixtures.get(match_id)) is not None:
                match.league = fixture.league
                self._refresh(match, fixture.match)
        for key in self.interests:
            async_dispatcher_send(self.hass, team_signal(self.entry.entry_id, key))
        async_dispatcher_send(self.hass, fixtures_signal(self.entry.entry_id))

    def _refresh(self, match: FollowedMatch, found: Match) -> None:
        """Take the catalog's current word on a match: kick-off, names and status can move."""
        before = match.catalog
        if found == before:
            return
        match.catalog = found
        if found.status == NOT_STARTED and match.state.status is None:
            match.state = engine.expect_kick_off(match.state)
        moved = before is None or before.start_time != found.start_time
        if moved and match.match_id in self.feed.wanted:
            # The stream asks again for a refused match at its kick-off: the new one.
            self.feed.subscribe(match.match_id, kick_off=found.start_time)
        if before is not None:
            self.async_renamed(match)
            self._on_match_changed(match)

    async def _async_follow(self, match: FollowedMatch) -> None:
        """Name a match from the catalog, add its entities and subscribe it."""
        if match.catalog is None and (found := await self._lookups.catalog(match.match_id)):
            if self.matches.get(match.match_id) is not match:
                return
            self._refresh(match, found)
        if self.matches.get(match.match_id) is not match:
            return
        self.async_renamed(match)
        self.feed.subscribe(match.match_id, kick_off=match.kick_off)

    @callback
    def async_renamed(self, match: FollowedMatch) -> None:
        """Rename a match's device and tell the entities and the calendar who plays."""
        update_device(self.hass, self.entry.entry_id, match)
        async_dispatcher_send(self.hass, shape_signal(self.entry.entry_id), match.match_id)
        async_dispatcher_send(self.hass, fixtures_signal(self.entry.entry_id))

    def _add(
        self, match_id: int, *, explicit: bool, interests: frozenset[str] = frozenset()
    ) -> FollowedMatch:
        """Start following a match: its state and its device, placed by why it is followed."""
        match = FollowedMatch(
            match_id, engine.MatchState(match_id), explicit=explicit, interests=interests
        )
        self.matches[match_id] = match
        update_device(self.hass, self.entry.entry_id, match)
        return match

    def _remove(self, match_id: int) -> None:
        """Stop following a match: unsubscribe it and remove its device."""
        match = self.matches.pop(match_id)
        self.feed.unsubscribe(match_id)
        delete_sport_issue(self.hass, match_id)
        remove_device(self.hass, match)
        async_dispatcher_send(self.hass, shape_signal(self.entry.entry_id), match_id)

    def _check_devices(self) -> None:
        """Remove the devices of matches no longer followed, once what is followed is known."""
        if not self._devices_checked:
            self._devices_checked = True
            remove_stale_devices(self.hass, self.entry, list(self.matches))

    # The catalog's timers: its polls, and the edges of the follow windows

    @callback
    def _poll_due(self, _now: datetime | None, *, refresh: bool = True) -> None:
        """Poll the catalog now, or right after the poll under way."""
        if self._next_poll is not None:
            # Called before its time (a new league): the timer is set again after this poll.
            self._next_poll()
            self._next_poll = None
        if self._polling is not None and not self._polling.done():
            self._poll_again = True
            return
        self._polling = self._task(self.async_poll(refresh), f"{DOMAIN} catalog poll")

    async def async_poll(self, refresh: bool = True) -> None:
        """Ask for the followed leagues and, when due, the listed matches; then follow."""
        try:
            answered = await self.catalog.poll(dt_util.utcnow())
            if refresh:
                answered = await self._async_refresh_unlisted() and answered
        finally:
            self._polling = None
        delay = POLL_INTERVAL
        if not answered:
            delay = max(RETRY_INTERVAL, timedelta(seconds=self._lookups.wait))
        if self._poll_again:
            delay, self._poll_again = timedelta(0), False
        if self._next_poll is not None:
            self._next_poll()
            self._next_poll = None
        if self._create_task is not None and self._worth_polling():
            self._next_poll = async_call_later(self.hass, delay, self._poll_due)
        self.async_update()

    def _worth_polling(self) -> bool:
        """Tell whether a poll could change anything: a league to ask, or a kick-off to come."""
        if Scope.FIXTURES in self._lookups.forbidden:
            return False
        return bool(self.interests) or bool(self._waiting())

    def _waiting(self) -> list[FollowedMatch]:
        """Return the followed matches no league poll lists that have not started yet."""
        listed = self.catalog.by_id()
        return [
            m
            for m in self.matches.values()
            if m.match_id not in listed and m.status in (None, "not_started")
        ]

    async def _async_refresh_unlisted(self) -> bool:
        """Ask the catalog again about followed matches no league lists, until they start."""
        waiting = self._waiting()
        found = await asyncio.gather(*(self._lookups.catalog(m.match_id) for m in waiting))
        for match, catalog in zip(waiting, found, strict=True):
            if catalog is not None and self.matches.get(match.match_id) is match:
                self._refresh(match, catalog)
        return self._lookups.last_error is None

    def _schedule_edge(self, when: datetime | None) -> None:
        """Follow again when a window opens or closes."""
        if self._next_edge is not None:
            self._next_edge()
            self._next_edge = None
        if when is not None and self._create_task is not None:
            self._next_edge = async_track_point_in_utc_time(self.hass, self._edge, when)

    @callback
    def _edge(self, _now: datetime) -> None:
        self._next_edge = None
        self.async_update()

    def _task(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None] | None:
        """Run work on the entry's background tasks; none once stopped."""
        if self._create_task is None:
            coro.close()
            return None
        return self._create_task(coro, name)
