"""The Sportrix stream: one WebSocket carrying many matches, reconnecting on its own."""

from __future__ import annotations

import asyncio
from collections import deque
import contextlib
from dataclasses import dataclass
from enum import StrEnum
import json
import logging
from random import random as _uniform
import time
from typing import TYPE_CHECKING

import aiohttp

from ._coerce import as_object, as_str, brief, retry_after
from .const import (
    API_KEY_HEADER,
    DEFAULT_BACKOFF_INITIAL,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_STREAM_URL,
    DEFAULT_SUBSCRIBE_TIMEOUT,
)
from .exceptions import (
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixProtocolError,
)
from .models import Snapshot, parse_snapshot

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

_LOGGER = logging.getLogger(__name__)

# A deliberate close waits this long for the server's close frame before dropping the socket.
_CLOSE_TIMEOUT = 5.0
# aiohttp closes the socket on a larger frame; snapshots are a few kilobytes, so this leaves
# room for a server that pads or batches without letting one frame take unbounded memory.
MAX_FRAME_BYTES = 16 << 20
_LOGGED_FRAME_CHARS = 200
_REFUSAL_MESSAGE_CHARS = 500
_DATA_OPS = frozenset({"snapshot", "update"})


class RefusalReason(StrEnum):
    """Why the server refused a subscription."""

    NOT_LIVE = "match not live or not found"
    SPORT_NOT_ENABLED = "sport not enabled for this key"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SubscriptionRefusal:
    """A subscribe the server answered with an error frame."""

    match_id: int
    reason: RefusalReason
    message: str


class _BadFrame(StrEnum):
    """Kinds of frames that are skipped; each is logged at warning once per connection."""

    BINARY = "binary frame"
    NOT_JSON = "not JSON"
    NOT_OBJECT = "not a JSON object"
    UNKNOWN_OP = "unknown op"
    BAD_SNAPSHOT = "unparsable snapshot"
    UNSOLICITED_ERROR = "error frame with no subscribe waiting"
    HANDLER_FAILED = "frame handling failed"


class _Connection:
    """The state of one WebSocket connection; a reconnect starts from a fresh one."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, wanted: Iterable[int]) -> None:
        """Queue every wanted match for subscription."""
        self.ws = ws
        self.to_subscribe: deque[int] = deque(wanted)
        self.to_unsubscribe: deque[int] = deque()
        # Subscribes sent and not answered yet, oldest first: the server answers in order,
        # so an error frame (which carries no match_id) belongs to the oldest one.
        self.outstanding: deque[int] = deque()
        self.awaiting: int | None = None
        self.awaiting_deadline = 0.0
        self.opened_at = 0.0
        self.wake = asyncio.Event()


class SportrixStream:
    """Keep one WebSocket to the Sportrix stream and route its frames per match.

    The set of wanted matches survives disconnections and is subscribed again on every
    reconnect. Subscribes are sent one at a time so that an error frame can be tied to the
    match it refuses.
    """

    def __init__(
        self,
        api_key: str,
        session: aiohttp.ClientSession,
        url: str = DEFAULT_STREAM_URL,
        *,
        on_snapshot: Callable[[Snapshot], None],
        on_refusal: Callable[[SubscriptionRefusal], None],
        on_connection_change: Callable[[bool], None],
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        subscribe_timeout: float = DEFAULT_SUBSCRIBE_TIMEOUT,
        backoff_initial: float = DEFAULT_BACKOFF_INITIAL,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        random: Callable[[], float] = _uniform,
    ) -> None:
        """Store the settings; nothing connects until connect() or run()."""
        self._api_key = api_key
        self._session = session
        self._url = url
        self._on_snapshot = on_snapshot
        self._on_refusal = on_refusal
        self._on_connection_change = on_connection_change
        self._read_timeout = read_timeout
        self._subscribe_timeout = subscribe_timeout
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._connect_timeout = connect_timeout
        self._random = random

        # A dict keeps the subscription order stable across reconnects.
        self._wanted: dict[int, None] = {}
        self._subscribed: set[int] = set()
        self._conn: _Connection | None = None
        self._closing = asyncio.Event()
        self._stopped = asyncio.Event()
        self._running = False
        self._attempt = 0
        self._ever_connected = False
        self._outage_logged = False
        # Each kind of skipped frame is logged at warning once per stream, then at debug.
        self._warned: set[_BadFrame] = set()
        self.reconnect_count = 0
        self.last_frame_at: float | None = None

    @property
    def connected(self) -> bool:
        """Return whether the WebSocket is open."""
        return self._conn is not None and not self._conn.ws.closed

    @property
    def subscribed(self) -> frozenset[int]:
        """Return the matches whose subscription a snapshot has confirmed on this connection."""
        return frozenset(self._subscribed)

    @property
    def wanted(self) -> frozenset[int]:
        """Return the matches to keep subscribed."""
        return frozenset(self._wanted)

    def subscribe(self, match_id: int) -> None:
        """Want a match: subscribe now if connected, and again after every reconnect."""
        if isinstance(match_id, bool) or not isinstance(match_id, int) or match_id <= 0:
            raise ValueError(f"match_id must be a positive integer, not {match_id!r}")
        conn = self._conn
        self._wanted[match_id] = None
        if (
            conn is None
            or match_id in self._subscribed
            or match_id in conn.to_subscribe
            # A subscribe for it is on the way already: its answer decides.
            or match_id in conn.outstanding
        ):
            return
        conn.to_subscribe.append(match_id)
        conn.wake.set()

    def unsubscribe(self, match_id: int) -> None:
        """Stop wanting a match: unsubscribe now if connected, and not again after a reconnect."""
        self._wanted.pop(match_id, None)
        was_subscribed = match_id in self._subscribed
        self._subscribed.discard(match_id)
        if (conn := self._conn) is None:
            return
        with contextlib.suppress(ValueError):
            conn.to_subscribe.remove(match_id)
        if match_id in conn.outstanding:
            # Sent now, the unsubscribe could overtake its subscribe's answer (and a server
            # that answers it with an error would pin that on the next subscribe): the
            # snapshot answering the subscribe is followed by the unsubscribe instead.
            return
        if was_subscribed:
            conn.to_unsubscribe.append(match_id)
            conn.wake.set()

    async def connect(self) -> None:
        """Open the WebSocket (one attempt) and queue the wanted matches for subscription.

        Raise SportrixAuthError when the key is refused (401) and SportrixConnectionError for
        any other failure. The subscribes are sent by run().
        """
        if self._closing.is_set():
            raise SportrixError("the stream is closed")
        if self._conn is None and await self._open_unless_closed() is None:
            raise SportrixError("the stream was closed while connecting")

    async def run(self) -> None:
        """Read frames and reconnect with backoff until close(); raise on a refused key."""
        if self._running:
            raise RuntimeError("SportrixStream.run() is already running")
        self._running = True
        self._stopped.clear()
        try:
            while not self._closing.is_set():
                if (conn := self._conn) is None:
                    try:
                        conn = await self._open_unless_closed()
                    except SportrixConnectionError as err:
                        self._log_outage("Cannot connect to the Sportrix stream (%s)", err)
                        await self._sleep(self._next_delay(err.retry_after))
                        continue
                    if conn is None:
                        break
                reason = await self._serve(conn)
                await self._drop_connection()
                if asyncio.get_running_loop().time() - conn.opened_at >= self._read_timeout:
                    # It stayed up, so this is a new outage; a server that accepts and drops at
                    # once (with nothing wanted, no subscribe resets the backoff) is not.
                    self._attempt = 0
                if self._closing.is_set():
                    break
                self._log_outage("Lost the connection to the Sportrix stream (%s)", reason)
                self._notify(self._on_connection_change, False)
                await self._sleep(self._next_delay(None))
        finally:
            await self._drop_connection()
            self._running = False
            self._stopped.set()

    async def close(self) -> None:
        """Stop run(), close the WebSocket and leave no task behind."""
        self._closing.set()
        if self._running:
            await self._stopped.wait()
        await self._drop_connection()

    async def _open_unless_closed(self) -> _Connection | None:
        """Open the WebSocket, giving up (None) as soon as close() is called."""
        opening = asyncio.create_task(self._open(), name="sportrix_stream_open")
        stopper = asyncio.create_task(self._closing.wait(), name="sportrix_stream_stop")
        try:
            await asyncio.wait((opening, stopper), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            if not opening.done():
                opening.cancel()
            await asyncio.gather(opening, stopper, return_exceptions=True)
        return None if opening.cancelled() else opening.result()

    async def _open(self) -> _Connection:
        """Perform the handshake and start a fresh connection state."""
        ws = await _open_websocket(self._session, self._api_key, self._url, self._connect_timeout)
        self._conn = conn = _Connection(ws, self._wanted)
        self._subscribed.clear()
        if self._outage_logged:
            _LOGGER.info(
                "%s the Sportrix stream",
                "Reconnected to" if self._ever_connected else "Connected to",
            )
            self._outage_logged = False
        if self._ever_connected:
            self.reconnect_count += 1
        self._ever_connected = True
        conn.opened_at = asyncio.get_running_loop().time()
        self._notify(self._on_connection_change, True)
        return conn

    async def _drop_connection(self) -> None:
        """Forget the connection and close its socket."""
        conn, self._conn = self._conn, None
        self._subscribed.clear()
        if conn is not None and not conn.ws.closed:
            with contextlib.suppress(aiohttp.ClientError, OSError):
                await conn.ws.close()

    async def _serve(self, conn: _Connection) -> str:
        """Read and write on one connection until it is lost or close() is called; say why."""
        reader = asyncio.create_task(self._read_loop(conn), name="sportrix_stream_read")
        writer = asyncio.create_task(self._write_loop(conn), name="sportrix_stream_write")
        stopper = asyncio.create_task(self._closing.wait(), name="sportrix_stream_stop")
        tasks = (reader, writer, stopper)
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        if stopper in done:
            return "closed"
        task = reader if reader in done else writer
        if (error := task.exception()) is None:
            return reader.result() if task is reader else "writer stopped"
        if isinstance(error, aiohttp.ClientError | OSError):
            return f"send failed: {error!r}"
        # A bug here must not end the stream for good: log it and reconnect.
        _LOGGER.error("Unexpected error on the Sportrix stream", exc_info=error)
        return f"unexpected error: {error!r}"

    async def _read_loop(self, conn: _Connection) -> str:
        """Handle frames until the connection ends; return why it ended."""
        ws = conn.ws
        while True:
            try:
                # autoping answers the server's pings inside receive(), and each one restarts
                # this timeout, so only a server that sends neither frames nor pings trips it.
                message = await ws.receive(timeout=self._read_timeout)
            except TimeoutError:
                return f"no frame or ping for {self._read_timeout:g} s"
            if message.type is aiohttp.WSMsgType.TEXT:
                self.last_frame_at = time.time()
                try:
                    self._handle_text(conn, message.data)
                except Exception:  # noqa: BLE001
                    # A bug in handling one frame must not cost the connection its other matches.
                    self._bad_frame(_BadFrame.HANDLER_FAILED, message.data, exc_info=True)
            elif message.type is aiohttp.WSMsgType.BINARY:
                self.last_frame_at = time.time()
                self._bad_frame(_BadFrame.BINARY, message.data)
            elif message.type is aiohttp.WSMsgType.ERROR:
                return f"error: {ws.exception()!r}"
            else:
                return f"closed by the server (code {ws.close_code})"

    async def _write_loop(self, conn: _Connection) -> None:
        """Send control messages, keeping at most one subscribe waiting for its answer."""
        loop = asyncio.get_running_loop()
        while True:
            conn.wake.clear()
            while conn.to_unsubscribe:
                await _send(conn.ws, "unsubscribe", conn.to_unsubscribe.popleft())
            while conn.awaiting is None and conn.to_subscribe:
                match_id = conn.to_subscribe.popleft()
                if match_id not in self._wanted or match_id in self._subscribed:
                    continue
                conn.outstanding.append(match_id)
                conn.awaiting = match_id
                conn.awaiting_deadline = loop.time() + self._subscribe_timeout
                await _send(conn.ws, "subscribe", match_id)
            if conn.awaiting is None:
                await conn.wake.wait()
                continue
            try:
                async with asyncio.timeout_at(conn.awaiting_deadline):
                    await conn.wake.wait()
            except TimeoutError:
                _LOGGER.warning(
                    "No answer to the subscription of match %s within %g s; moving on",
                    conn.awaiting,
                    self._subscribe_timeout,
                )
                conn.awaiting = None

    def _handle_text(self, conn: _Connection, text: str) -> None:
        """Decode one text frame and act on its op."""
        try:
            decoded: object = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            self._bad_frame(_BadFrame.NOT_JSON, text)
            return
        if (frame := as_object(decoded)) is None:
            self._bad_frame(_BadFrame.NOT_OBJECT, text)
            return
        # Compared as a string only: a list or object as op is not hashable.
        op = frame.get("op")
        if not isinstance(op, str) or (op != "error" and op not in _DATA_OPS):
            self._bad_frame(_BadFrame.UNKNOWN_OP, text)
        elif op == "error":
            self._handle_error(conn, frame.get("error"), text)
        else:
            try:
                snapshot = parse_snapshot(frame.get("data"))
            except SportrixProtocolError as err:
                self._bad_frame(_BadFrame.BAD_SNAPSHOT, text, str(err))
                return
            self._handle_snapshot(conn, snapshot)

    def _handle_snapshot(self, conn: _Connection, snapshot: Snapshot) -> None:
        """Confirm a pending subscribe if this answers one, and pass the snapshot on."""
        match_id = snapshot.match_id
        answered = match_id in conn.outstanding
        if answered:
            # Answers arrive in request order: older subscribes still outstanding got none.
            while conn.outstanding.popleft() != match_id:
                pass
            if conn.awaiting is not None and conn.awaiting not in conn.outstanding:
                conn.awaiting = None
                conn.wake.set()
            if match_id in self._wanted:
                self._attempt = 0
        if match_id not in self._wanted:
            if answered and match_id not in conn.outstanding:
                # Withdrawn while its subscribe was on the way: withdraw it on the server too.
                conn.to_unsubscribe.append(match_id)
                conn.wake.set()
            _LOGGER.debug("Ignoring a frame for match %s, which is not subscribed", match_id)
            return
        self._subscribed.add(match_id)
        self._notify(self._on_snapshot, snapshot)

    def _handle_error(self, conn: _Connection, error: object, text: object) -> None:
        """Tie an error frame to the oldest unanswered subscribe and report the refusal."""
        if not conn.outstanding:
            self._bad_frame(_BadFrame.UNSOLICITED_ERROR, text)
            return
        match_id = conn.outstanding.popleft()
        if conn.awaiting == match_id:
            conn.awaiting = None
            conn.wake.set()
        if match_id not in self._wanted:
            _LOGGER.debug("Match %s was refused after it was unsubscribed", match_id)
            return
        message = _error_text(error)
        del self._wanted[match_id]
        _LOGGER.debug("The Sportrix stream refused match %s: %s", match_id, message)
        self._notify(
            self._on_refusal, SubscriptionRefusal(match_id, _refusal_reason(message), message)
        )

    def _bad_frame(
        self, kind: _BadFrame, frame: object, detail: str = "", *, exc_info: bool = False
    ) -> None:
        """Log a skipped frame: at warning the first time per kind, then at debug."""
        level = logging.DEBUG if kind in self._warned else logging.WARNING
        self._warned.add(kind)
        if isinstance(frame, str | bytes):
            # Cut before repr(): a frame can be megabytes long.
            frame = frame[:_LOGGED_FRAME_CHARS]
        _LOGGER.log(
            level,
            "Skipping a Sportrix frame (%s)%s: %.*r",
            kind,
            f" {detail}" if detail else "",
            _LOGGED_FRAME_CHARS,
            frame,
            exc_info=exc_info,
        )

    def _log_outage(self, message: str, reason: object) -> None:
        """Log the first failure of an outage at info and the retries at debug."""
        level = logging.DEBUG if self._outage_logged else logging.INFO
        self._outage_logged = True
        _LOGGER.log(level, message, reason)

    def _next_delay(self, retry_after: float | None) -> float:
        """Return the next backoff delay: full jitter under a capped exponential ceiling."""
        ceiling = min(self._backoff_max, self._backoff_initial * 2.0 ** min(self._attempt, 32))
        self._attempt += 1
        delay = self._random() * ceiling
        if retry_after is not None:
            delay = max(delay, min(retry_after, self._backoff_max))
        return delay

    async def _sleep(self, delay: float) -> None:
        """Wait for delay seconds, or less if close() is called."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self._closing.wait()

    @staticmethod
    def _notify[T](callback: Callable[[T], None], value: T) -> None:
        """Call an owner's callback; its failure must not end the stream."""
        try:
            callback(value)
        except Exception:
            _LOGGER.exception("Error in a Sportrix stream callback")


async def async_validate_stream_key(
    session: aiohttp.ClientSession,
    api_key: str,
    url: str = DEFAULT_STREAM_URL,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> None:
    """Open and close a stream handshake; raise as SportrixStream.connect() does."""
    ws = await _open_websocket(session, api_key, url, connect_timeout)
    with contextlib.suppress(aiohttp.ClientError, OSError):
        await ws.close()


async def _open_websocket(
    session: aiohttp.ClientSession, api_key: str, url: str, connect_timeout: float
) -> aiohttp.ClientWebSocketResponse:
    """Perform the handshake with the key in the header, never in the URL."""
    try:
        async with asyncio.timeout(connect_timeout):
            return await session.ws_connect(
                url,
                headers={API_KEY_HEADER: api_key},
                autoping=True,
                heartbeat=None,
                max_msg_size=MAX_FRAME_BYTES,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=_CLOSE_TIMEOUT),
            )
    except aiohttp.WSServerHandshakeError as err:
        # Not chained: the error's request_info holds the request headers, key included.
        if err.status == 401:
            raise SportrixAuthError("the stream refused the API key (HTTP 401)") from None
        wait = retry_after(err.headers.get("Retry-After")) if err.headers else None
        raise SportrixConnectionError(
            f"the stream refused the handshake (HTTP {err.status})", retry_after=wait
        ) from None
    except TimeoutError:
        raise SportrixConnectionError(f"no handshake within {connect_timeout:g} s") from None
    except aiohttp.ClientError as err:
        raise SportrixConnectionError(f"cannot reach the stream: {err}") from None


async def _send(ws: aiohttp.ClientWebSocketResponse, action: str, match_id: int) -> None:
    """Send one control message."""
    _LOGGER.debug("Sending %s for match %s", action, match_id)
    await ws.send_str(json.dumps({"action": action, "match_id": match_id}))


def _error_text(error: object) -> str:
    """Return the reason of an error frame as bounded text, whatever its type."""
    text = as_str(error)
    return (brief(error) if text is None else text)[:_REFUSAL_MESSAGE_CHARS]


def _refusal_reason(message: str) -> RefusalReason:
    """Classify the reason string of an error frame."""
    text = message.lower()
    if "sport" in text or "enabled" in text or "allowlist" in text:
        return RefusalReason.SPORT_NOT_ENABLED
    if "not live" in text or "not found" in text:
        return RefusalReason.NOT_LIVE
    return RefusalReason.OTHER
