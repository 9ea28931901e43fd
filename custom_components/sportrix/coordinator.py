"""The bridge: Sportrix stream -> match engine -> Home Assistant devices, entities and events."""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from . import engine, interests
from .api import (
    RefusalReason,
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixError,
    SportrixStream,
    SubscriptionRefusal,
)
from .claims import followed_by_other_entries
from .const import (
    CONF_API_URL,
    CONF_BROADCAST_DELAY,
    CONF_MATCH_IDS,
    CONF_STREAM_URL,
    DEFAULT_API_URL,
    DEFAULT_STREAM_URL,
    DOMAIN,
    NOT_LIVE_RETRY_INITIAL,
    NOT_LIVE_RETRY_MAX,
    STREAM_BACKOFF_INITIAL,
    STREAM_BACKOFF_MAX,
    STREAM_READ_TIMEOUT,
    UNAVAILABLE_GRACE,
)
from .delay import BroadcastDelay
from .devices import remove_device, remove_stale_devices, update_device
from .discovery import Discovery
from .followed import FollowedMatch
from .listeners import Changed, Listener, MatchListeners
from .log_once import LogOnce
from .lookups import NotStarted, RestLookups
from .repairs import create_sport_issue, delete_sport_issue
from .session import async_create_sportrix_session
from .signals import (
    BUS_EVENTS,
    delay_signal,
    event_data,
    event_signal,
    fixtures_signal,
    interest_signal,
    shape_signal,
    team_event_signal,
    team_signal,
)
from .subentries import interests_of, subentries_signature
from .teams import team_event_data, team_event_type

_LOGGER = logging.getLogger(__name__)

type SportrixConfigEntry = ConfigEntry[SportrixCoordinator]
# Changes no entity shows: the clock's seconds, and the time the frame was sent.
UNSHOWN: frozenset[str] = frozenset({engine.SECONDS, "updated_at"})


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
        client = SportrixClient(api_key, session, entry.data.get(CONF_API_URL, DEFAULT_API_URL))
        self.lookups = RestLookups(client, on_auth_failed=self._start_reauth)
        self.stream = SportrixStream(
            api_key,
            session,
            entry.data.get(CONF_STREAM_URL, DEFAULT_STREAM_URL),
            on_snapshot=self._snapshot_received,
            on_refusal=self._subscription_refused,
            on_connection_change=self._connection_changed,
            backoff_initial=STREAM_BACKOFF_INITIAL,
            backoff_max=STREAM_BACKOFF_MAX,
            read_timeout=STREAM_READ_TIMEOUT,
            not_live_retry_initial=NOT_LIVE_RETRY_INITIAL,
            not_live_retry_max=NOT_LIVE_RETRY_MAX,
        )
        self.matches: dict[int, FollowedMatch] = {}
        self.log_once = LogOnce()
        self.delay = BroadcastDelay(hass, entry.options.get(CONF_BROADCAST_DELAY, 0))
        # The matches the user listed, and those followed teams and competitions bring.
        self.explicit: list[int] = list(entry.options.get(CONF_MATCH_IDS, []))
        self.auto: dict[int, frozenset[str]] = {}
        # When the stream first showed each match's full time.
        self.finished: dict[int, datetime] = {}
        self.interests = {i.key: i for i in interests_of(entry)}
        self.subentries = subentries_signature(entry)
        self.discovery = Discovery(
            hass,
            client,
            list(self.interests.values()),
            on_update=self._discovered,
            on_auth_failed=self._start_reauth,
            log_once=self.log_once,
        )
        # Devices of matches found through the catalog are judged after its first answer.
        self._devices_checked = False
        # What the entities show: it lags a lost connection by a short grace.
        self.available = False
        self.last_frame_at: datetime | None = None
        self.frames_received = 0
        self._unavailable_later: CALLBACK_TYPE | None = None
        self._was_up = False
        # Each match's entity callbacks, by match id: a match followed again keeps them.
        self._listeners: dict[int, MatchListeners] = {}

    async def async_start(self) -> None:
        """Connect, name the followed matches from the catalog, then subscribe and listen."""
        for match_id in self.explicit:
            self._add_match(match_id).explicit = True
        if not self.interests:
            self._check_devices()
        try:
            await self.stream.connect()
        except SportrixAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except SportrixError as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
        # After the connection, so that setup retries during an outage ask the catalog nothing.
        await asyncio.gather(*(self._async_follow(m) for m in list(self.matches.values())))
        self.entry.async_create_background_task(
            self.hass, self._async_run_stream(), f"{DOMAIN} stream {self.entry.entry_id}"
        )
        self.discovery.async_start(
            lambda coro, name: self.entry.async_create_background_task(self.hass, coro, name)
        )

    async def _async_run_stream(self) -> None:
        """Run the stream until it is closed; a rejected key starts reauthentication."""
        try:
            await self.stream.run()
        except SportrixAuthError:
            self._set_available(False)
            self._start_reauth()
        except Exception:
            # A stream that died must not leave entities looking live.
            _LOGGER.exception("The Sportrix stream stopped unexpectedly; reload the entry")
            self._set_available(False)

    async def async_shutdown(self) -> None:
        """Stop the stream and the catalog polls, and show every entity unavailable."""
        self.discovery.async_stop()
        self.delay.clear()
        await self.stream.close()
        self._set_available(False)

    def _start_reauth(self) -> None:
        """Ask the user for a new key: the stream or the REST API answered 401."""
        if self.log_once("reauth"):
            _LOGGER.warning("Sportrix Data rejected the API key; reauthentication is needed")
        self.entry.async_start_reauth(self.hass)

    # Followed matches and their devices

    @callback
    def async_set_delay(self, seconds: float) -> None:
        """Hold frames back by this many seconds from now on; 0 releases what is held."""
        self.delay.set(seconds)
        async_dispatcher_send(self.hass, delay_signal(self.entry.entry_id))

    @callback
    def async_set_interests(self, entry: SportrixConfigEntry) -> None:
        """Follow the entry's teams and competitions as they are now, on the running stream.

        The entities of a new one are added by the platforms; a removed one's devices and
        entities go with its subentry.
        """
        current = {i.key: i for i in interests_of(entry)}
        added = [key for key in current if key not in self.interests]
        self.interests = current
        self.subentries = subentries_signature(entry)
        self.discovery.async_set_interests(list(current.values()))
        self._discovered()
        for key in added:
            async_dispatcher_send(self.hass, interest_signal(self.entry.entry_id), key)

    @callback
    def async_set_followed(self, match_ids: list[int]) -> None:
        """Follow exactly these matches, besides those of teams and competitions."""
        self.explicit = list(match_ids)
        self._reconcile()

    def _reconcile(self) -> None:
        """Follow the listed matches and those the catalog found, each once; drop the rest."""
        wanted: dict[int, frozenset[str]] = dict.fromkeys(self.explicit, frozenset())
        for match_id, keys in self.auto.items():
            wanted[match_id] = wanted.get(match_id, frozenset()) | keys
        for match_id in [m for m in self.matches if m not in wanted]:
            self._remove_match(match_id)
        fixtures = {f.match.id: f for f in self.discovery.fixtures()}
        for match_id, keys in wanted.items():
            match = self.matches.get(match_id)
            new = match is None
            if match is None:
                match = self._add_match(match_id)
            match.explicit = match_id in self.explicit
            match.interests = keys
            if (fixture := fixtures.get(match_id)) is not None:
                match.league = fixture.league
                match.catalog = match.catalog or fixture.match
            if new:
                self.entry.async_create_background_task(
                    self.hass, self._async_follow(match), f"{DOMAIN} follow match {match_id}"
                )
        for key in self.interests:
            async_dispatcher_send(self.hass, team_signal(self.entry.entry_id, key))
        async_dispatcher_send(self.hass, fixtures_signal(self.entry.entry_id))

    @callback
    def _discovered(self) -> None:
        """Follow the matches of teams and competitions whose window is open now."""
        now = dt_util.utcnow()
        # Kept past the match's removal: a catalog not yet saying FINISHED must not bring it back.
        self.finished = {
            match_id: at for match_id, at in self.finished.items() if now - at < interests.LOOKBACK
        }
        finished = self.finished
        fixtures = self.discovery.fixtures()
        found = interests.wanted(fixtures, self.interests.values(), now, finished)
        for match_id, match in self.matches.items():
            # Gone from the catalog (postponed) but still playing on the stream: the stream
            # decides when it ends.
            vanished = match_id not in found and not self.discovery.listed(match_id)
            if match.interests and match.in_play and vanished:
                found[match_id] = match.interests
        taken = followed_by_other_entries(self.hass, self.entry.entry_id)
        for match_id in found.keys() & taken:
            if self.log_once(("taken", match_id)):
                _LOGGER.info(
                    "Match %s is followed by another Sportrix entry; skipping it", match_id
                )
        self.auto = {m: keys for m, keys in found.items() if m not in taken}
        self._reconcile()
        if self.discovery.polled_at is not None or self.discovery.forbidden:
            self._check_devices()
        self.discovery.async_schedule_edge(interests.next_change(fixtures, now, finished))

    def _check_devices(self) -> None:
        """Remove the devices of matches no longer followed, once what is followed is known."""
        if not self._devices_checked:
            self._devices_checked = True
            remove_stale_devices(self.hass, self.entry, list(self.matches))

    async def _async_follow(self, match: FollowedMatch) -> None:
        """Name a match from the catalog, add its entities and subscribe it."""
        if match.catalog is None:
            match.catalog = await self.lookups.catalog(match.match_id)
        if self.matches.get(match.match_id) is not match:
            return
        if match.catalog is not None and match.catalog.status == "NOT_STARTED":
            match.state = engine.expect_kick_off(match.state)
        update_device(self.hass, self.entry.entry_id, match)
        async_dispatcher_send(self.hass, shape_signal(self.entry.entry_id), match.match_id)
        async_dispatcher_send(self.hass, fixtures_signal(self.entry.entry_id))
        self.stream.subscribe(match.match_id, kick_off=match.kick_off)

    def _add_match(self, match_id: int) -> FollowedMatch:
        """Start following a match: its state and its device."""
        match = FollowedMatch(match_id, engine.MatchState(match_id))
        self.matches[match_id] = match
        update_device(self.hass, self.entry.entry_id, match)
        return match

    def _remove_match(self, match_id: int) -> None:
        """Stop following a match and remove its device."""
        match = self.matches.pop(match_id)
        self.stream.unsubscribe(match_id)
        delete_sport_issue(self.hass, match_id)
        remove_device(self.hass, self.entry.entry_id, match)
        async_dispatcher_send(self.hass, shape_signal(self.entry.entry_id), match_id)

    # From the stream, through the engine, to Home Assistant

    @callback
    def _snapshot_received(self, snapshot: Snapshot) -> None:
        """Count a frame and take it now, or after the broadcast delay."""
        self.frames_received += 1
        self.last_frame_at = dt_util.utcnow()
        self._set_available(True)
        if self.delay.idle:
            # Without a delay a frame costs nothing more: no closure, no queue.
            self._take(snapshot)
        else:
            self.delay.run(partial(self._take, snapshot))

    def _take(self, snapshot: Snapshot) -> None:
        """Take a frame of a followed match; a frame also ends any refusal of it."""
        if (match := self.matches.get(snapshot.match_id)) is None:
            return
        if match.refusal is not None:
            match.refusal = None
            delete_sport_issue(self.hass, match.match_id)
            self._notify(match, None)
        self._apply(match, snapshot, engine.Source.STREAM)

    def _apply(self, match: FollowedMatch, snapshot: Snapshot, source: engine.Source) -> None:
        """Run a snapshot through the engine; rename, wake the entities and fire its events."""
        outcome = engine.apply(match.state, snapshot, source, now=dt_util.utcnow())
        if outcome.ignored is not None:
            _LOGGER.debug("Skipping a frame of match %s: %s", match.match_id, outcome.ignored)
            return
        if outcome.implausible is not None and self.log_once(("implausible", match.match_id)):
            _LOGGER.warning(
                "Match %s: %s; taking the frame as a new baseline without events",
                match.match_id,
                outcome.implausible,
            )
        match.state = outcome.state
        if match.finished_at is None and match.state.status == "ft":
            match.finished_at = self.finished.setdefault(match.match_id, dt_util.utcnow())
            if match.interests:
                # Its window now ends FOLLOW_AFTER from here.
                self._discovered()
        if outcome.identity_changed:
            update_device(self.hass, self.entry.entry_id, match)
            async_dispatcher_send(self.hass, shape_signal(self.entry.entry_id), match.match_id)
            async_dispatcher_send(self.hass, fixtures_signal(self.entry.entry_id))
        self._notify(match, outcome.changed)
        for event in outcome.events:
            self._fire(match, event)

    def _fire(self, match: FollowedMatch, event: engine.MatchEvent) -> None:
        """Fire one event on the bus and on the match's event entities."""
        teams = [self.interests[k] for k in sorted(match.interests) if k in self.interests]
        data = event_data(match, event) | team_event_data(teams, event)
        data["broadcast_delay"] = round(self.delay.seconds)
        self.hass.bus.async_fire(BUS_EVENTS[event.kind], data)
        signal = event_signal(self.entry.entry_id, match.match_id)
        async_dispatcher_send(self.hass, signal, event, data)
        for interest in teams:
            if interest.team is not None:
                own = data | team_event_data([interest], event)
                async_dispatcher_send(
                    self.hass,
                    team_event_signal(self.entry.entry_id, interest.key),
                    team_event_type(interest, event),
                    own,
                )

    @callback
    def async_listen_match(
        self, match_id: int, listener: Listener, fields: frozenset[str] | None
    ) -> CALLBACK_TYPE:
        """Call listener when a frame changes any of fields of a match (None: any change).

        Every listener of a match is called with None when the availability or a refusal
        changes. Return the function that stops it.
        """
        listeners = self._listeners.setdefault(match_id, MatchListeners())
        remove = listeners.add(listener, fields)

        @callback
        def stop() -> None:
            remove()
            if not listeners and self._listeners.get(match_id) is listeners:
                del self._listeners[match_id]

        return stop

    def _notify(self, match: FollowedMatch, changed: Changed) -> None:
        """Wake the entities of one match, and of the teams it concerns, that may have changed."""
        if (listeners := self._listeners.get(match.match_id)) is not None:
            listeners.notify(changed)
        if not match.interests or (changed is not None and changed <= UNSHOWN):
            return
        for key in match.interests:
            async_dispatcher_send(self.hass, team_signal(self.entry.entry_id, key))

    @callback
    def _connection_changed(self, connected: bool) -> None:
        """Remember the gap; show entities unavailable only if the outage outlasts a grace."""
        if connected:
            # After an outage, a server that accepts and closes at once must not make entities
            # flap: the first answer on the new connection shows it is real.
            if not self._was_up or not self.matches:
                self._was_up = True
                self._set_available(True)
            return
        # In line with the frames held before it, so that they are not taken as recovered.
        self.delay.run(self._mark_gaps)
        if self.available and self._unavailable_later is None:
            self._unavailable_later = async_call_later(
                self.hass, UNAVAILABLE_GRACE, self._grace_over
            )

    def _mark_gaps(self) -> None:
        """Tell the engine of each match that frames may have been missed."""
        for match in self.matches.values():
            match.state = engine.connection_lost(match.state)

    @callback
    def _grace_over(self, _now: datetime) -> None:
        """Show the outage: the stream did not come back within the grace."""
        self._unavailable_later = None
        self._set_available(False)

    def _set_available(self, available: bool) -> None:
        """Set what every entity shows and wake them all when it changes."""
        if self._unavailable_later is not None:
            self._unavailable_later()
            self._unavailable_later = None
        if available == self.available:
            return
        self.available = available
        for match in self.matches.values():
            self._notify(match, None)

    @callback
    def _subscription_refused(self, refusal: SubscriptionRefusal) -> None:
        """Tell the user why a match is refused and look it up; the stream asks again."""
        self._set_available(True)
        if (match := self.matches.get(refusal.match_id)) is None:
            return
        match.refusal = refusal
        if self.log_once((refusal.match_id, refusal.reason)):
            _LOGGER.info(
                "Sportrix Data refused match %s (%s); asking again in %g s",
                refusal.match_id,
                refusal.message,
                refusal.retry_in,
            )
        if refusal.reason is RefusalReason.SPORT_NOT_ENABLED:
            create_sport_issue(self.hass, match)
        else:
            delete_sport_issue(self.hass, match.match_id)
            if not match.looking_up:
                match.looking_up = True
                self.entry.async_create_background_task(
                    self.hass, self._async_look_up(match), f"{DOMAIN} look up {match.match_id}"
                )
        self._notify(match, None)

    async def _async_look_up(self, match: FollowedMatch) -> None:
        """Ask the REST API what the stream would not say: not started yet, or finished."""
        try:
            if match.catalog is None:
                match.catalog = await self.lookups.catalog(match.match_id)
            live = await self.lookups.live(match.match_id)
        finally:
            match.looking_up = False
        if self.matches.get(match.match_id) is not match:
            return
        if isinstance(live, NotStarted) or (
            match.catalog and match.catalog.status == "NOT_STARTED"
        ):
            match.state = engine.expect_kick_off(match.state)
        if live is not None and not isinstance(live, NotStarted):
            self._apply(match, live, engine.Source.REST)
        self.stream.subscribe(match.match_id, kick_off=match.kick_off)
        self._notify(match, None)
