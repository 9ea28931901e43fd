"""Where an entry's frames come from: the one stream, or polls for a valid key without it."""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
from typing import Protocol

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers.event import async_call_later

from .api import (
    DEFAULT_STREAM_URL,
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixError,
    SportrixStream,
    SubscriptionRefusal,
)
from .api.const import DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_READ_TIMEOUT
from .const import CONF_POLL_INTERVAL, CONF_STREAM_URL, DOMAIN
from .following import Feed, TaskFactory
from .lookups import RestLookups
from .poller import Poller, key_without_stream_is_valid
from .polling import DEFAULT_LIVE_INTERVAL
from .repairs import create_polling_issue, delete_polling_issue

_LOGGER = logging.getLogger(__name__)

# The stream down this long (past the entities' grace, and a few quick reconnects): its
# matches are polled over REST until it is back.
FAILOVER_AFTER = 30.0


class Bridge(Protocol):
    """What the connection hands its frames and news to: the coordinator."""

    def snapshot_received(self, snapshot: Snapshot) -> None:
        """Take a stream frame."""

    def polled(self, snapshot: Snapshot) -> None:
        """Take a polled snapshot."""

    def subscription_refused(self, refusal: SubscriptionRefusal) -> None:
        """Show a refusal of a match."""

    def connection_changed(self, connected: bool) -> None:
        """Note the stream going down or coming back."""

    def connection_failed(self) -> None:
        """Note that the stream stopped for good: a rejected key or a failure."""

    def poll_failed(self) -> None:
        """Note that a poll got no answer."""

    def mode_changed(self) -> None:
        """Note that frames now come another way (polls began or ended for the stream)."""

    def start_reauth(self) -> None:
        """Ask the user for a new key."""


class Connection:
    """Open the stream, or poll instead for a key the stream refuses but the REST API takes."""

    def __init__(
        self,
        entry: ConfigEntry,
        session: ClientSession,
        api_key: str,
        client: SportrixClient,
        *,
        lookups: RestLookups,
        bridge: Bridge,
    ) -> None:
        """Create the stream from the entry's settings; nothing is opened yet."""
        self._entry = entry
        self._client = client
        self._lookups = lookups
        self._bridge = bridge
        self.stream = SportrixStream(
            api_key,
            session,
            entry.data.get(CONF_STREAM_URL, DEFAULT_STREAM_URL),
            on_snapshot=bridge.snapshot_received,
            on_refusal=bridge.subscription_refused,
            on_connection_change=self._connection_changed,
            backoff_initial=DEFAULT_BACKOFF_INITIAL,
            backoff_max=DEFAULT_BACKOFF_MAX,
            read_timeout=DEFAULT_READ_TIMEOUT,
        )
        # Set when the key has no stream: its matches are polled instead.
        self.poller: Poller | None = None
        # Set while the stream is down past FAILOVER_AFTER: its matches are polled meanwhile.
        self.failover: Poller | None = None
        self._failover_later: CALLBACK_TYPE | None = None
        self._hass: HomeAssistant | None = None
        self._background: TaskFactory | None = None

    @property
    def feed(self) -> Feed:
        """Return what brings the followed matches' frames."""
        return self.poller if self.poller is not None else self.stream

    @property
    def mode(self) -> str:
        """Return push (the stream), polling (a key without it) or failover (polls meanwhile)."""
        if self.poller is not None:
            return "polling"
        return "push" if self.failover is None else "failover"

    async def async_open(self, hass: HomeAssistant, background: TaskFactory) -> None:
        """Open the stream, or set up polling; map the client's errors to the entry's."""
        try:
            await self._async_open(hass, background)
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

    async def _async_open(self, hass: HomeAssistant, background: TaskFactory) -> None:
        """Open the stream; a valid key without its scope polls the REST API instead."""
        try:
            await self.stream.connect()
        except SportrixAuthError:
            if not await key_without_stream_is_valid(self._client):
                raise
            self._poll(hass, background)
        else:
            delete_polling_issue(hass, self._entry.entry_id)

    def _poll(self, hass: HomeAssistant, background: TaskFactory) -> None:
        """Poll the followed matches instead of streaming them, and tell the user once."""
        self.poller = self._create_poller(hass, background)
        seconds = round(self.poller.interval.total_seconds())
        _LOGGER.info(
            "The Sportrix API key has no live stream scope; followed matches are polled "
            "every %s s while played",
            seconds,
        )
        create_polling_issue(hass, self._entry.entry_id, self._entry.title, seconds)

    def _create_poller(self, hass: HomeAssistant, background: TaskFactory) -> Poller:
        """Create a poller at the entry's interval, handing its snapshots to the bridge."""
        chosen = self._entry.options.get(CONF_POLL_INTERVAL)
        return Poller(
            hass,
            self._lookups,
            background,
            interval=timedelta(seconds=chosen) if chosen else DEFAULT_LIVE_INTERVAL,
            on_snapshot=self._bridge.polled,
            on_failure=self._bridge.poll_failed,
        )

    def start(self, hass: HomeAssistant, background: TaskFactory) -> None:
        """Run the stream in the background, unless the matches are polled."""
        self._hass, self._background = hass, background
        if self.poller is None:
            background(self._async_run_stream(), f"{DOMAIN} stream {self._entry.entry_id}")

    async def _async_run_stream(self) -> None:
        """Run the stream until it is closed; a rejected key starts reauthentication."""
        try:
            await self.stream.run()
        except SportrixAuthError:
            self._bridge.connection_failed()
            self._bridge.start_reauth()
        except Exception:
            # A stream that died must not leave entities looking live.
            _LOGGER.exception("The Sportrix stream stopped unexpectedly; reload the entry")
            self._bridge.connection_failed()

    @callback
    def _connection_changed(self, connected: bool) -> None:
        """Tell the bridge; poll the stream's matches while it stays down past FAILOVER_AFTER."""
        self._bridge.connection_changed(connected)
        if connected:
            self._end_failover()
        elif self._failover_later is None and self.failover is None and self._hass is not None:
            self._failover_later = async_call_later(
                self._hass, FAILOVER_AFTER, self._start_failover
            )

    @callback
    def _start_failover(self, _now: datetime) -> None:
        """Poll the matches the stream would bring, until it is back."""
        self._failover_later = None
        if self._hass is None or self._background is None or self.stream.connected:
            return
        _LOGGER.info("The Sportrix stream is still down; polling its matches until it is back")
        self.failover = self._create_poller(self._hass, self._background)
        for match_id in self.stream.wanted:
            self.failover.subscribe(match_id)
        self._bridge.mode_changed()

    def _end_failover(self) -> None:
        """Stop polling for the stream: it is back (or the entry stops)."""
        if self._failover_later is not None:
            self._failover_later()
            self._failover_later = None
        if self.failover is not None:
            self.failover.close()
            self.failover = None
            _LOGGER.info("The Sportrix stream is back; its matches are no longer polled")
            self._bridge.mode_changed()

    async def async_close(self) -> None:
        """Stop polling and close the stream."""
        self._hass = None
        self._end_failover()
        if self.poller is not None:
            self.poller.close()
        await self.stream.close()
