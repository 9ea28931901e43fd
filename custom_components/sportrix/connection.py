"""Where an entry's frames come from: the one stream, or polls for a valid key without it."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Protocol

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady

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
            on_connection_change=bridge.connection_changed,
            backoff_initial=DEFAULT_BACKOFF_INITIAL,
            backoff_max=DEFAULT_BACKOFF_MAX,
            read_timeout=DEFAULT_READ_TIMEOUT,
        )
        # Set when the key has no stream: its matches are polled instead.
        self.poller: Poller | None = None

    @property
    def feed(self) -> Feed:
        """Return what brings the followed matches' frames."""
        return self.poller if self.poller is not None else self.stream

    @property
    def mode(self) -> str:
        """Return "push" for the stream, "polling" for a key without it."""
        return "push" if self.poller is None else "polling"

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
        chosen = self._entry.options.get(CONF_POLL_INTERVAL)
        self.poller = Poller(
            hass,
            self._lookups,
            background,
            interval=timedelta(seconds=chosen) if chosen else DEFAULT_LIVE_INTERVAL,
            on_snapshot=self._bridge.polled,
            on_failure=self._bridge.poll_failed,
        )
        seconds = round(self.poller.interval.total_seconds())
        _LOGGER.info(
            "The Sportrix API key has no live stream scope; followed matches are polled "
            "every %s s while played",
            seconds,
        )
        create_polling_issue(hass, self._entry.entry_id, self._entry.title, seconds)

    def start(self, background: TaskFactory) -> None:
        """Run the stream in the background, unless the matches are polled."""
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

    async def async_close(self) -> None:
        """Stop polling and close the stream."""
        if self.poller is not None:
            self.poller.close()
        await self.stream.close()
