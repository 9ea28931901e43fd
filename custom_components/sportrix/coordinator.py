"""The bridge: Sportrix stream -> match engine -> Home Assistant devices, entities and events."""

from __future__ import annotations

from datetime import datetime
from functools import partial
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from . import engine
from .api import (
    DEFAULT_API_URL,
    Snapshot,
    SportrixClient,
    SubscriptionRefusal,
)
from .availability import Availability
from .connection import Connection
from .const import CONF_API_URL, CONF_BROADCAST_DELAY
from .delay import UNSHOWN, BroadcastDelay
from .final_word import FinalWord
from .followed import FollowedMatch
from .following import Following
from .listeners import Changed, EntryListeners, Listener
from .log_once import LogOnce
from .lookups import RestLookups
from .refusals import Refusals
from .session import async_create_sportrix_session
from .signals import connection_signal, delay_signal, fire_event, team_signal

_LOGGER = logging.getLogger(__name__)

type SportrixConfigEntry = ConfigEntry[SportrixCoordinator]


class SportrixCoordinator:
    """Own one entry's stream; feed each frame to the engine and its outcome to Home Assistant."""

    def __init__(self, hass: HomeAssistant, entry: SportrixConfigEntry) -> None:
        """Create the client, the look-ups and the stream from the entry's settings."""
        self.hass = hass
        self.entry = entry
        # The connection settings this coordinator runs with: a change needs a reload.
        self.settings = dict(entry.data)
        session = async_create_sportrix_session(hass)
        api_key: str = entry.data[CONF_API_KEY]
        self.client = SportrixClient(
            api_key, session, entry.data.get(CONF_API_URL, DEFAULT_API_URL)
        )
        self.log_once = LogOnce()
        self.lookups = RestLookups(
            self.client, on_auth_failed=self.start_reauth, log_once=self.log_once
        )
        self.connection = Connection(
            entry, session, api_key, self.client, lookups=self.lookups, bridge=self
        )
        self.stream = self.connection.stream
        self.delay = BroadcastDelay(hass, entry.options.get(CONF_BROADCAST_DELAY, 0))
        self.following = Following(
            hass, entry, self.stream, self.lookups, self.log_once, on_match_changed=self._notify
        )
        self.availability = Availability(hass, self._availability_changed)
        self.last_frame_at: datetime | None = None
        self.frames_received = 0
        self._listeners = EntryListeners()
        self.refusals = Refusals(
            hass,
            entry,
            self.stream,
            self.lookups,
            self.log_once,
            matches=lambda: self.matches,
            looked_up=self._looked_up,
            changed=self._notify,
        )
        self.final_word = FinalWord(
            hass, entry, self.lookups, followed=lambda m: m in self.matches, take=self._confirmed
        )

    @property
    def matches(self) -> dict[int, FollowedMatch]:
        """Return the followed matches, by id."""
        return self.following.matches

    async def async_start(self) -> None:
        """Connect (or poll), then follow: name the matches from the catalog, and listen."""
        background = partial(self.entry.async_create_background_task, self.hass)
        await self.connection.async_open(self.hass, background)
        self.following.feed = self.connection.feed
        # After the connection, so that setup retries during an outage ask the catalog nothing.
        await self.following.async_start(background)
        self.connection.start(self.hass, background)
        if self.connection.poller is not None:
            # Polls answer one by one over an interval: the entities need not wait for them.
            self.availability.set(True)

    async def async_shutdown(self) -> None:
        """Stop the stream and the catalog polls, and show every entity unavailable."""
        self.following.async_stop()
        self.final_word.stop()
        self.delay.clear()
        await self.connection.async_close()
        self.availability.set(False)

    def start_reauth(self) -> None:
        """Ask the user for a new key: the stream or the REST API answered 401."""
        if self.log_once("reauth"):
            _LOGGER.warning("Sportrix Data rejected the API key; reauthentication is needed")
        self.entry.async_start_reauth(self.hass)

    @callback
    def async_set_delay(self, seconds: float) -> None:
        """Hold frames back by this many seconds from now on; 0 releases what is held."""
        self.delay.set(seconds)
        async_dispatcher_send(self.hass, delay_signal(self.entry.entry_id))

    # From the stream, through the engine, to Home Assistant

    @callback
    def snapshot_received(self, snapshot: Snapshot) -> None:
        """Count a frame, end any refusal of its match now, and take it after the delay."""
        self.frames_received += 1
        self.last_frame_at = dt_util.utcnow()
        self.availability.set(True)
        match = self.matches.get(snapshot.match_id)
        if match is not None and match.refusal is not None:
            # Ended as the frame arrives: a frame held back must not end a later refusal.
            self.refusals.ended(match)
        self.delay.hold(snapshot, self._take)

    @callback
    def polled(self, snapshot: Snapshot) -> None:
        """Take a polled snapshot as the stream's frames are taken, through the delay."""
        self.frames_received += 1
        self.last_frame_at = dt_util.utcnow()
        self.availability.set(True)
        self.delay.hold(snapshot, partial(self._take, source=engine.Source.POLL))

    def _take(self, snapshot: Snapshot, source: engine.Source = engine.Source.STREAM) -> None:
        """Take a frame of a match still followed."""
        if (match := self.matches.get(snapshot.match_id)) is not None:
            self._apply(match, snapshot, source)

    def _apply(self, match: FollowedMatch, snapshot: Snapshot, source: engine.Source) -> None:
        """Run a snapshot through the engine; rename, wake the entities and fire its events."""
        outcome = engine.apply(match.state, snapshot, source, now=dt_util.utcnow())
        if outcome.ignored is not None:
            _LOGGER.debug("Skipping a frame of match %s: %s", match.match_id, outcome.ignored)
            return
        if outcome.first_implausible:
            _LOGGER.warning(
                "Match %s: %s; taking the frame as a new baseline without events",
                match.match_id,
                outcome.implausible,
            )
        seen_before, match.state = match.state.snapshot is not None, outcome.state
        if match.finished_at is None and match.state.status == "ft":
            self.following.async_match_finished(match)
            self.final_word.full_time(match.match_id, seen_playing=seen_before)
        if outcome.identity_changed:
            self.following.async_renamed(match)
        self._notify(match, outcome.changed)
        interests = self.following.interests
        teams = [interests[k] for k in sorted(match.interests) if k in interests]
        for event in outcome.events:
            fire_event(
                self.hass,
                self.entry.entry_id,
                match,
                event,
                teams=teams,
                delay=self.delay.seconds,
                source=source,
            )

    @callback
    def async_listen_match(
        self, match_id: int, listener: Listener, fields: frozenset[str] | None
    ) -> CALLBACK_TYPE:
        """Call listener for frames changing fields of a match; None for any change or refusal."""
        return self._listeners.add(match_id, listener, fields)

    def _notify(self, match: FollowedMatch, changed: Changed = None) -> None:
        """Wake the entities of one match, and of the teams it concerns, that may have changed."""
        self._listeners.notify(match.match_id, changed)
        if not match.interests or (changed is not None and changed <= UNSHOWN):
            return
        for key in match.interests:
            async_dispatcher_send(self.hass, team_signal(self.entry.entry_id, key))

    @callback
    def connection_changed(self, connected: bool) -> None:
        """Remember the gap; show entities unavailable only if the outage outlasts a grace."""
        if connected:
            self.availability.connected(bool(self.matches))
            return
        # In line with the frames held before it, so that they are not taken as recovered.
        self.delay.run(self._mark_gaps)
        self.availability.lost()

    def _mark_gaps(self) -> None:
        """Tell the engine of each match that frames may have been missed."""
        for match in self.matches.values():
            match.state = engine.connection_lost(match.state)

    @property
    def available(self) -> bool:
        """Return whether entities show the stream as up."""
        return self.availability.available

    def connection_failed(self) -> None:
        """Show the outage at once: the stream stopped for good."""
        self.availability.set(False)

    def poll_failed(self) -> None:
        """Show the outage if polls get no answer for longer than the grace."""
        self.availability.lost()

    def mode_changed(self) -> None:
        """Show on the connection sensor that frames come another way."""
        async_dispatcher_send(self.hass, connection_signal(self.entry.entry_id))

    def _availability_changed(self) -> None:
        """Wake every entity, of matches and of teams with or without a match."""
        async_dispatcher_send(self.hass, connection_signal(self.entry.entry_id))
        for match in self.matches.values():
            self._notify(match, None)
        for key in self.following.interests:
            async_dispatcher_send(self.hass, team_signal(self.entry.entry_id, key))

    @callback
    def subscription_refused(self, refusal: SubscriptionRefusal) -> None:
        """Show why the stream refused a followed match; the stream asks again."""
        self.availability.set(True)
        if (match := self.matches.get(refusal.match_id)) is not None:
            self.refusals.refused(match, refusal)

    def _looked_up(self, snapshot: Snapshot) -> None:
        """Take a REST snapshot through the delay: a final score must not give the result away."""
        self.delay.run(partial(self._take, snapshot, engine.Source.REST))

    def _confirmed(self, snapshot: Snapshot) -> None:
        """Take a match's recorded result through the delay, as a REST snapshot is taken."""
        self.delay.run(partial(self._take, snapshot, engine.Source.RESULT))
