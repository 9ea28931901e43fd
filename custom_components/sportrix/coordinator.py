"""The bridge between the Sportrix stream and Home Assistant: match state, events, retries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .api import (
    RefusalReason,
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixStream,
    SubscriptionRefusal,
)
from .const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_STREAM_URL,
    DEFAULT_API_URL,
    DEFAULT_STREAM_URL,
    DOMAIN,
    EVENT_GOAL,
    EVENT_GOAL_CANCELLED,
    EVENT_MATCH_STATUS,
    EVENT_WICKET,
    MANUFACTURER,
    NOT_LIVE_RETRY_INITIAL,
    NOT_LIVE_RETRY_MAX,
    STREAM_BACKOFF_INITIAL,
    STREAM_BACKOFF_MAX,
    STREAM_READ_TIMEOUT,
)
from .match_events import EventKind, MatchEvent, before_kick_off, diff_snapshots
from .match_state import MatchState, is_older, keep_score
from .session import async_create_sportrix_session

_LOGGER = logging.getLogger(__name__)

type SportrixConfigEntry = ConfigEntry[SportrixRuntimeData]
type EventListener = Callable[[MatchEvent, dict[str, object]], None]

BUS_EVENTS: dict[EventKind, str] = {
    EventKind.GOAL: EVENT_GOAL,
    EventKind.GOAL_CANCELLED: EVENT_GOAL_CANCELLED,
    EventKind.WICKET: EVENT_WICKET,
    EventKind.MATCH_STATUS: EVENT_MATCH_STATUS,
}
MODELS = {"soccer": "Soccer match", "cricket": "Cricket match"}
# Kick-off times are rounded by the feed; asking a little later avoids one wasted refusal.
KICK_OFF_GRACE = 5.0


@dataclass(slots=True)
class SportrixRuntimeData:
    """What a loaded config entry holds."""

    coordinator: SportrixCoordinator


class SportrixCoordinator:
    """Own the stream of one config entry and hand each match's frames to its entities."""

    def __init__(self, hass: HomeAssistant, entry: SportrixConfigEntry) -> None:
        """Create the client and the stream from the entry's settings."""
        self.hass = hass
        self.entry = entry
        # The connection settings this coordinator runs with: a change needs a reload.
        self.settings = dict(entry.data)
        session = async_create_sportrix_session(hass)
        api_key: str = entry.data[CONF_API_KEY]
        self.client = SportrixClient(
            api_key, session, base_url=entry.data.get(CONF_API_URL, DEFAULT_API_URL)
        )
        self.stream = SportrixStream(
            api_key,
            session,
            url=entry.data.get(CONF_STREAM_URL, DEFAULT_STREAM_URL),
            on_snapshot=self._snapshot_received,
            on_refusal=self._subscription_refused,
            on_connection_change=self._connection_changed,
            backoff_initial=STREAM_BACKOFF_INITIAL,
            backoff_max=STREAM_BACKOFF_MAX,
            read_timeout=STREAM_READ_TIMEOUT,
        )
        self.matches: dict[int, MatchState] = {}
        self.connected = False
        self.last_frame_at: datetime | None = None
        self.frames_received = 0
        self._catalog_forbidden = False
        self._live_forbidden = False
        self._match_listeners: dict[int, list[CALLBACK_TYPE]] = {}
        self._event_listeners: dict[int, list[EventListener]] = {}
        self._shape_listeners: list[Callable[[int], None]] = []
        self._logged_refusals: set[tuple[int, RefusalReason]] = set()

    async def async_start(self) -> None:
        """Connect once, subscribe the followed matches and start the stream's loop."""
        followed: list[int] = self.entry.options.get(CONF_MATCH_IDS, [])
        for match_id in followed:
            self._add_match(match_id)
            self.stream.subscribe(match_id)
        self._remove_stale_devices(followed)
        # Names and kick-off times from the catalog give devices and entity ids their fixture
        # names before the first frame, and tell a match not started yet from an outage.
        await asyncio.gather(*(self._async_load_catalog(m) for m in list(self.matches.values())))
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
        self.entry.async_create_background_task(
            self.hass, self._async_run_stream(), f"{DOMAIN} stream {self.entry.entry_id}"
        )

    async def _async_run_stream(self) -> None:
        """Run the stream until it is closed; a rejected key starts reauthentication."""
        try:
            await self.stream.run()
        except SportrixAuthError:
            self._connection_changed(False)
            self._start_reauth()
        except Exception:
            # A stream that died must not leave entities looking live.
            _LOGGER.exception("The Sportrix stream stopped unexpectedly; reload the entry")
            self._connection_changed(False)

    async def async_shutdown(self) -> None:
        """Stop the stream and every pending retry."""
        for state in self.matches.values():
            self._cancel_retry(state)
        await self.stream.close()
        self._connection_changed(False)

    def _remove_stale_devices(self, followed: list[int]) -> None:
        """Drop the devices of matches unfollowed while the entry was not loaded."""
        registry = dr.async_get(self.hass)
        wanted = {(DOMAIN, str(match_id)) for match_id in followed}
        for device in dr.async_entries_for_config_entry(registry, self.entry.entry_id):
            if not device.identifiers & wanted:
                self._detach_device(device.id)

    def _detach_device(self, device_id: str) -> None:
        """Take a match's device away from this entry; the registry deletes it if orphaned."""
        dr.async_get(self.hass).async_update_device(
            device_id, remove_config_entry_id=self.entry.entry_id
        )

    def _start_reauth(self) -> None:
        """Ask the user for a new key: the stream or the REST API answered 401."""
        _LOGGER.warning("Sportrix Data rejected the API key; reauthentication is needed")
        self.entry.async_start_reauth(self.hass)

    # Followed matches

    @callback
    def async_set_followed(self, match_ids: list[int]) -> None:
        """Follow exactly these matches on the running connection."""
        wanted = set(match_ids)
        for match_id in [m for m in self.matches if m not in wanted]:
            self._remove_match(match_id)
        for match_id in match_ids:
            if match_id not in self.matches:
                state = self._add_match(match_id)
                self.entry.async_create_background_task(
                    self.hass, self._async_follow(state), f"{DOMAIN} follow match {match_id}"
                )

    async def _async_follow(self, state: MatchState) -> None:
        """Name a newly followed match from the catalog, then add its entities and subscribe."""
        await self._async_load_catalog(state)
        if self.matches.get(state.match_id) is not state:
            return
        self._notify_shape(state.match_id)
        self.stream.subscribe(state.match_id)

    def _add_match(self, match_id: int) -> MatchState:
        """Start following a match: its state and its device."""
        state = MatchState(match_id)
        self.matches[match_id] = state
        self._update_device(state)
        return state

    def _remove_match(self, match_id: int) -> None:
        """Stop following a match and remove its device."""
        state = self.matches.pop(match_id)
        self._cancel_retry(state)
        self.stream.unsubscribe(match_id)
        ir.async_delete_issue(self.hass, DOMAIN, issue_id(match_id))
        if state.device_id is not None and dr.async_get(self.hass).async_get(state.device_id):
            self._detach_device(state.device_id)
        self._match_listeners.pop(match_id, None)
        self._event_listeners.pop(match_id, None)
        self._notify_shape(match_id)

    def _update_device(self, state: MatchState) -> None:
        """Create or rename the match's device."""
        device = dr.async_get(self.hass).async_get_or_create(
            config_entry_id=self.entry.entry_id,
            identifiers={(DOMAIN, str(state.match_id))},
            name=state.name,
            manufacturer=MANUFACTURER,
            model=MODELS.get(state.sport or "", "Match"),
            entry_type=dr.DeviceEntryType.SERVICE,
        )
        state.device_id = device.id

    # Listeners

    @callback
    def async_add_match_listener(self, match_id: int, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call listener when this match's state or the connection changes."""
        return _add_listener(self._match_listeners.setdefault(match_id, []), listener)

    @callback
    def async_add_event_listener(self, match_id: int, listener: EventListener) -> CALLBACK_TYPE:
        """Call listener with every event detected in this match."""
        return _add_listener(self._event_listeners.setdefault(match_id, []), listener)

    @callback
    def async_add_shape_listener(self, listener: Callable[[int], None]) -> CALLBACK_TYPE:
        """Call listener when a match is added or removed, or its sport becomes known."""
        return _add_listener(self._shape_listeners, listener)

    def _notify_shape(self, match_id: int) -> None:
        """Let the platforms add or drop a match's entities."""
        for listener in list(self._shape_listeners):
            listener(match_id)

    def _notify_match(self, match_id: int) -> None:
        """Wake the entities of one match only."""
        for listener in list(self._match_listeners.get(match_id, ())):
            listener()

    # Stream callbacks

    @callback
    def _connection_changed(self, connected: bool) -> None:
        """Mark every entity available or not, and remember what to catch up on."""
        if connected == self.connected:
            return
        self.connected = connected
        if not connected:
            for state in self.matches.values():
                state.resync_pending = state.snapshot is not None
        for match_id in list(self.matches):
            self._notify_match(match_id)

    @callback
    def _snapshot_received(self, snapshot: Snapshot) -> None:
        """Record a frame of a followed match, fire what changed, wake its entities."""
        self.frames_received += 1
        self.last_frame_at = dt_util.utcnow()
        if (state := self.matches.get(snapshot.match_id)) is None:
            return
        self._apply_snapshot(state, snapshot, from_stream=True)
        # A frame on the stream means the subscription holds: no refusal, no retry.
        if state.refusal is not None:
            state.refusal = None
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(state.match_id))
        state.retry_delay = NOT_LIVE_RETRY_INITIAL
        self._cancel_retry(state)
        self._notify_match(state.match_id)

    def _apply_snapshot(self, state: MatchState, snapshot: Snapshot, *, from_stream: bool) -> None:
        """Diff a snapshot against the last one seen and make it the match's state."""
        previous = state.snapshot
        if is_older(snapshot, previous):
            _LOGGER.debug("Skipping an out-of-date frame of match %s", state.match_id)
            return
        snapshot = keep_score(snapshot, previous)
        delayed = state.resync_pending
        kicked_off = False
        if previous is not None:
            events = diff_snapshots(previous, snapshot)
            if not from_stream:
                # The REST API may serve an older persisted state: it never takes a goal back.
                events = [e for e in events if e.kind is not EventKind.GOAL_CANCELLED]
        elif state.awaiting_kick_off and snapshot.status != "not_started":
            # Seen not started, now playing: what happened since kick-off is news.
            events = diff_snapshots(before_kick_off(snapshot), snapshot)
            kicked_off = True
        else:
            events = []
        state.snapshot = snapshot
        if from_stream:
            state.resync_pending = False
        state.awaiting_kick_off = snapshot.status == "not_started"
        if previous is None or (previous.sport, previous.home, previous.away) != (
            snapshot.sport,
            snapshot.home,
            snapshot.away,
        ):
            self._update_device(state)
            self._notify_shape(state.match_id)
        for event in events:
            # Goals and wickets before the first frame after kick-off arrive late.
            late = kicked_off and event.kind is not EventKind.MATCH_STATUS
            self._fire(state, event, delayed=delayed or late)

    def _fire(self, state: MatchState, event: MatchEvent, *, delayed: bool) -> None:
        """Fire one event on the bus and on the match's event entities."""
        data: dict[str, object] = {
            "device_id": state.device_id,
            "match_id": state.match_id,
            "sport": state.sport,
            "home": state.home,
            "away": state.away,
            "event_type": event.event_type,
            **event.data,
            "delayed": delayed,
        }
        self.hass.bus.async_fire(BUS_EVENTS[event.kind], data)
        for listener in list(self._event_listeners.get(state.match_id, ())):
            listener(event, data)

    @callback
    def _subscription_refused(self, refusal: SubscriptionRefusal) -> None:
        """Keep a refused match followed, tell the user why, and ask again later."""
        if (state := self.matches.get(refusal.match_id)) is None:
            return
        state.refusal = refusal
        if (refusal.match_id, refusal.reason) not in self._logged_refusals:
            self._logged_refusals.add((refusal.match_id, refusal.reason))
            _LOGGER.info(
                "Sportrix Data refused match %s (%s); retrying later",
                refusal.match_id,
                refusal.message,
            )
        if refusal.reason is RefusalReason.SPORT_NOT_ENABLED:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id(state.match_id),
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="sport_not_enabled",
                translation_placeholders={"match": state.name, "match_id": str(state.match_id)},
            )
            # Support can enable the sport without a new key: look again, rarely.
            state.retry_delay = NOT_LIVE_RETRY_MAX
        else:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(state.match_id))
        self._notify_match(state.match_id)
        self.entry.async_create_background_task(
            self.hass,
            self._async_look_up(state),
            f"{DOMAIN} look up match {state.match_id}",
        )

    async def _async_load_catalog(self, state: MatchState) -> None:
        """Look the match up in the catalog, where the key may read it."""
        if state.catalog is not None or self._catalog_forbidden:
            return
        try:
            state.catalog = await self.client.match(state.match_id)
        except SportrixAuthError:
            self._start_reauth()
        except SportrixForbiddenError:
            self._catalog_forbidden = True
        except SportrixError as err:
            _LOGGER.debug("No catalog entry for match %s: %s", state.match_id, err)
        else:
            if self.matches.get(state.match_id) is state:
                self._update_device(state)

    async def _async_look_up(self, state: MatchState) -> None:
        """Ask the REST API what the stream would not say, then schedule the next subscribe."""
        await self._async_load_catalog(state)
        if (
            state.refusal is not None
            and state.refusal.reason is RefusalReason.NOT_LIVE
            and not self._live_forbidden
        ):
            await self._async_load_live(state)
        if self.matches.get(state.match_id) is state:
            if state.snapshot is None and state.catalog and state.catalog.status == "NOT_STARTED":
                state.awaiting_kick_off = True
            self._schedule_retry(state)
            self._notify_match(state.match_id)

    async def _async_load_live(self, state: MatchState) -> None:
        """Take the REST snapshot of a match the stream refused: final, or never started."""
        try:
            snapshot = await self.client.live(state.match_id)
        except SportrixAuthError:
            self._start_reauth()
        except SportrixNotFoundError:
            # No snapshot was ever recorded: the match has not started.
            state.awaiting_kick_off = state.snapshot is None
        except SportrixForbiddenError:
            self._live_forbidden = True
        except SportrixError as err:
            _LOGGER.debug("No live snapshot for match %s: %s", state.match_id, err)
        else:
            if self.matches.get(state.match_id) is not state:
                return
            # A match that ended while the stream was away is refused; its last snapshot is
            # not. Anything else the stream already told is fresher than the persisted state.
            if state.snapshot is None or snapshot.status == "ft":
                self._apply_snapshot(state, snapshot, from_stream=False)
            if snapshot.status == "ft":
                # A finished match will not go live again; ask seldom.
                state.retry_delay = NOT_LIVE_RETRY_MAX

    def _schedule_retry(self, state: MatchState) -> None:
        """Subscribe again at kick-off when it is ahead, otherwise after a growing delay."""
        self._cancel_retry(state)
        until_kick_off = 0.0
        if state.kick_off is not None:
            until_kick_off = (state.kick_off - dt_util.utcnow()).total_seconds()
        if until_kick_off > 0:
            delay = until_kick_off + KICK_OFF_GRACE
        else:
            delay = state.retry_delay
            state.retry_delay = min(state.retry_delay * 2, NOT_LIVE_RETRY_MAX)

        @callback
        def retry(_now: datetime) -> None:
            state.cancel_retry = None
            if self.matches.get(state.match_id) is state:
                self.stream.subscribe(state.match_id)

        state.cancel_retry = async_call_later(self.hass, delay, retry)

    @staticmethod
    def _cancel_retry(state: MatchState) -> None:
        """Cancel a pending subscribe retry."""
        if state.cancel_retry is not None:
            state.cancel_retry()
            state.cancel_retry = None


def _add_listener[T](listeners: list[T], listener: T) -> CALLBACK_TYPE:
    """Append a listener and return the callback that removes it again."""
    listeners.append(listener)

    @callback
    def remove() -> None:
        # The list may already be gone with its match, or the listener removed once.
        if listener in listeners:
            listeners.remove(listener)

    return remove


def issue_id(match_id: int) -> str:
    """Return the repair issue id for a match whose sport is not enabled."""
    return f"sport_not_enabled_{match_id}"
