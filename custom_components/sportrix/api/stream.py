"""The Sportrix stream: one WebSocket carrying many matches, reconnecting on its own."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import json
import logging
from random import random as _uniform
import time
from typing import TYPE_CHECKING, Any

import aiohttp

from ._coerce import as_object, as_str, brief, clip, retry_after
from .const import (
    API_KEY_HEADER,
    DEFAULT_BACKOFF_INITIAL,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_KICK_OFF_GRACE,
    DEFAULT_NOT_LIVE_RETRY_INITIAL,
    DEFAULT_NOT_LIVE_RETRY_MAX,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_SPORT_RETRY,
    DEFAULT_STABLE_AFTER,
    DEFAULT_STREAM_URL,
    DEFAULT_SUBSCRIBE_TIMEOUT,
)
from .exceptions import (
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixProtocolError,
)
from .models import Snapshot, SnapshotParser
from .subscriptions import Subscription, SubscriptionRefusal, Subscriptions

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

_LOGGER = logging.getLogger(__name__)

# A deliberate close waits this long for the server's close frame before dropping the socket.
_CLOSE_TIMEOUT = 5.0
# aiohttp closes the socket on a larger frame; snapshots are a few kilobytes, so this leaves
# room for a server that pads or batches without letting one frame take unbounded memory.
MAX_FRAME_BYTES = 16 << 20
_REFUSAL_MESSAGE_CHARS = 500
# A subscribe is answered by a snapshot; updates follow it.
_ANSWER_OP = "snapshot"
_DATA_OPS = frozenset({_ANSWER_OP, "update"})


class _BadFrame(StrEnum):
    """Kinds of frames that are skipped; each is logged at warning once per stream."""

    BINARY = "binary frame"
    NOT_JSON = "not JSON"
    NOT_OBJECT = "not a JSON object"
    UNKNOWN_OP = "unknown op"
    BAD_SNAPSHOT = "unparsable snapshot"
    UNSOLICITED_ERROR = "error frame with no subscribe waiting"
    HANDLER_FAILED = "frame handling failed"


class _Watchdog:
    """Tell, through a future, when nothing was heard for a timeout: one timer, rarely re-armed.

    A timeout on each receive() arms and cancels a timer per frame, which costs about as much
    as parsing the frame. Here a frame only notes its time; the timer, when it fires, either
    finds the connection silent since the last frame or re-arms for the new deadline.
    """

    __slots__ = ("_handle", "_loop", "_timeout", "heard_at", "silent")

    def __init__(self, loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        """Start counting the silence from now."""
        self._loop = loop
        self._timeout = timeout
        self.heard_at = loop.time()
        self.silent: asyncio.Future[None] = loop.create_future()
        self._handle = loop.call_at(self.heard_at + timeout, self._check)

    def _check(self) -> None:
        """Resolve the future if the deadline has passed, or wait for the new one."""
        deadline = self.heard_at + self._timeout
        if self._loop.time() >= deadline:
            if not self.silent.done():
                self.silent.set_result(None)
        else:
            self._handle = self._loop.call_at(deadline, self._check)

    def cancel(self) -> None:
        """Stop the timer and the future."""
        self._handle.cancel()
        self.silent.cancel()


@dataclass(slots=True)
class _Connection:
    """One open WebSocket and when it opened (loop time)."""

    ws: aiohttp.ClientWebSocketResponse
    opened_at: float


class SportrixStream:
    """Keep one WebSocket to the Sportrix stream and route its frames per match.

    The stream owns every wanted match's subscription: it subscribes them again after each
    reconnect and asks again, on a schedule, for those the server refuses.
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
        stable_after: float = DEFAULT_STABLE_AFTER,
        not_live_retry_initial: float = DEFAULT_NOT_LIVE_RETRY_INITIAL,
        not_live_retry_max: float = DEFAULT_NOT_LIVE_RETRY_MAX,
        sport_retry: float = DEFAULT_SPORT_RETRY,
        kick_off_grace: float = DEFAULT_KICK_OFF_GRACE,
    ) -> None:
        """Store the settings; nothing connects until connect() or run()."""
        self._api_key = api_key
        self._session = session
        self._url = url
        self._on_snapshot = on_snapshot
        self._on_connection_change = on_connection_change
        self._read_timeout = read_timeout
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._connect_timeout = connect_timeout
        self._random = random
        self._stable_after = stable_after

        self._wake = asyncio.Event()
        self._subscriptions = Subscriptions(
            on_refusal=lambda refusal: self._notify(on_refusal, refusal),
            wake=self._wake.set,
            subscribe_timeout=subscribe_timeout,
            not_live_retry_initial=not_live_retry_initial,
            not_live_retry_max=not_live_retry_max,
            sport_retry=sport_retry,
            kick_off_grace=kick_off_grace,
        )
        self._conn: _Connection | None = None
        self._closing = asyncio.Event()
        self._stopped = asyncio.Event()
        self._running = False
        self._attempt = 0
        self._ever_connected = False
        self._outage_logged = False
        # The connection now open followed an earlier one: its first frame ends an outage.
        self._reconnected = False
        # Each kind of skipped frame is logged at warning once per stream, then at debug.
        self._warned: set[_BadFrame] = set()
        # Each wanted match's last snapshot, whose unchanged parts the next one takes over.
        self._parser = SnapshotParser()
        self.reconnect_count = 0
        self.last_frame_at: float | None = None

    @property
    def connected(self) -> bool:
        """Return whether the WebSocket is open."""
        return self._conn is not None and not self._conn.ws.closed

    @property
    def subscribed(self) -> frozenset[int]:
        """Return the matches whose subscription a frame has confirmed on this connection."""
        return self._subscriptions.subscribed

    @property
    def wanted(self) -> frozenset[int]:
        """Return the matches to keep subscribed, refused ones included."""
        return self._subscriptions.wanted

    @property
    def subscriptions(self) -> Mapping[int, Subscription]:
        """Return where each wanted match stands, for diagnostics."""
        return self._subscriptions.views

    def subscribe(self, match_id: int, *, kick_off: datetime | None = None) -> None:
        """Want a match until unsubscribe(); again, only update its kick-off hint.

        A match refused as not live is asked again at kick_off (plus a grace) when that is
        still ahead; naive datetimes are taken as UTC.
        """
        if isinstance(match_id, bool) or not isinstance(match_id, int) or match_id <= 0:
            raise ValueError(f"match_id must be a positive integer, not {match_id!r}")
        self._subscriptions.want(match_id, kick_off)

    def unsubscribe(self, match_id: int) -> None:
        """Stop wanting a match: unsubscribe it on the server and cancel its retry."""
        self._subscriptions.unwant(match_id)
        self._parser.forget(match_id)

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
        loop = asyncio.get_running_loop()
        try:
            while not self._closing.is_set():
                if (conn := self._conn) is None:
                    try:
                        conn = await self._open_unless_closed()
                    except SportrixConnectionError as err:
                        self._log_outage("Cannot connect to the Sportrix stream (%s)", err)
                        await self._back_off(err.retry_after)
                        continue
                    if conn is None:
                        return
                reason = await self._serve(conn)
                await self._drop_connection()
                if loop.time() - conn.opened_at >= self._stable_after:
                    # It stayed up, so the next failure starts a new outage. A server that
                    # accepts and drops at once keeps the delay growing.
                    self._attempt = 0
                if self._closing.is_set():
                    return
                self._log_outage("Lost the connection to the Sportrix stream (%s)", reason)
                self._notify(self._on_connection_change, False)
                await self._back_off(None)
        finally:
            await self._drop_connection()
            self._running = False
            self._stopped.set()

    async def close(self) -> None:
        """Stop run(), close the WebSocket, cancel every retry and leave no task behind."""
        self._closing.set()
        self._subscriptions.close()
        self._parser.clear()
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
        """Perform the handshake and queue every wanted match on the new connection."""
        ws = await _open_websocket(self._session, self._api_key, self._url, self._connect_timeout)
        self._conn = conn = _Connection(ws, asyncio.get_running_loop().time())
        self._subscriptions.on_connected()
        self._reconnected = self._ever_connected
        if self._ever_connected:
            self.reconnect_count += 1
        self._ever_connected = True
        self._notify(self._on_connection_change, True)
        return conn

    async def _drop_connection(self) -> None:
        """Forget the connection and close its socket."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        self._subscriptions.on_disconnected()
        # close() reports a failure in the socket instead of raising it.
        await conn.ws.close()

    async def _serve(self, conn: _Connection) -> str | None:
        """Read and write until the connection is lost (say why) or close() is called (None)."""
        # No timeout (a read_timeout of 0) waits for frames as long as the socket stays open.
        watchdog = (
            _Watchdog(asyncio.get_running_loop(), self._read_timeout)
            if self._read_timeout
            else None
        )
        reader = asyncio.create_task(
            self._read_loop(conn.ws, watchdog), name="sportrix_stream_read"
        )
        writer = asyncio.create_task(self._write_loop(conn.ws), name="sportrix_stream_write")
        stopper = asyncio.create_task(self._closing.wait(), name="sportrix_stream_stop")
        tasks = (reader, writer, stopper)
        waited: set[asyncio.Future[Any]] = set(tasks)
        if watchdog is not None:
            waited.add(watchdog.silent)
        try:
            done, _ = await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if watchdog is not None:
                watchdog.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        if stopper in done:
            return None
        if reader not in done and writer not in done:
            return f"no frame or ping for {self._read_timeout:g} s"
        # The writer never returns: when it is done, it failed.
        failed = writer if writer in done else reader
        if (error := failed.exception()) is None:
            return reader.result()
        if isinstance(error, aiohttp.ClientError | OSError):
            return clip(f"send failed: {error!r}")
        # A bug here must not end the stream for good: log it and reconnect.
        _LOGGER.error("Unexpected error on the Sportrix stream", exc_info=error)
        return clip(f"unexpected error: {error!r}")

    async def _read_loop(
        self, ws: aiohttp.ClientWebSocketResponse, watchdog: _Watchdog | None
    ) -> str:
        """Handle frames until the connection ends; return why it ended.

        Every frame and every ping tells the watchdog the connection is alive: only a server
        that sends neither for read_timeout is taken for lost.
        """
        clock = asyncio.get_running_loop().time
        while True:
            message = await ws.receive()
            if watchdog is not None:
                watchdog.heard_at = clock()
            kind = message.type
            if kind is aiohttp.WSMsgType.TEXT:
                self.last_frame_at = time.time()
                if self._outage_logged:
                    self._log_back()
                try:
                    self._handle_text(message.data)
                except Exception:  # noqa: BLE001
                    # A bug in handling one frame must not cost the connection its other matches.
                    self._bad_frame(_BadFrame.HANDLER_FAILED, message.data, exc_info=True)
            elif kind is aiohttp.WSMsgType.PING:
                # Answered here rather than by aiohttp (autoping), which would hide it.
                await ws.pong(message.data)
            elif kind is aiohttp.WSMsgType.PONG:
                continue
            elif kind is aiohttp.WSMsgType.BINARY:
                self.last_frame_at = time.time()
                self._bad_frame(_BadFrame.BINARY, message.data)
            elif kind is aiohttp.WSMsgType.ERROR:
                return clip(f"error: {ws.exception()!r}")
            else:
                return f"closed by the server (code {ws.close_code})"

    async def _write_loop(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Send what the subscriptions hand out, waking for new work or a deadline."""
        loop = asyncio.get_running_loop()
        subscriptions = self._subscriptions
        while True:
            self._wake.clear()
            subscriptions.expire(loop.time())
            unsubscribes, subscribes = subscriptions.take_sends(loop.time())
            # Unsubscribes first: a match wanted again right after is subscribed afresh.
            for match_id in unsubscribes:
                await _send(ws, "unsubscribe", match_id)
            # All at once: the answers of a whole reconnect take one round trip.
            for match_id in subscribes:
                await _send(ws, "subscribe", match_id)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(subscriptions.next_deadline()):
                    await self._wake.wait()

    def _handle_text(self, text: str) -> None:
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
            if not self._subscriptions.awaiting_answers:
                self._bad_frame(_BadFrame.UNSOLICITED_ERROR, text)
                return
            self._subscriptions.on_error(_error_text(frame.get("error")))
        else:
            try:
                snapshot = self._parser.parse(frame.get("data"))
            except SportrixProtocolError as err:
                self._bad_frame(_BadFrame.BAD_SNAPSHOT, text, str(err))
                return
            if self._subscriptions.on_snapshot(snapshot.match_id, answer=op == _ANSWER_OP):
                self._notify(self._on_snapshot, snapshot)
            else:
                # Only wanted matches are remembered, whatever match ids the server sends.
                self._parser.forget(snapshot.match_id)

    def _bad_frame(
        self, kind: _BadFrame, frame: object, detail: str = "", *, exc_info: bool = False
    ) -> None:
        """Log a skipped frame: at warning the first time per kind, then at debug."""
        level = logging.DEBUG if kind in self._warned else logging.WARNING
        self._warned.add(kind)
        _LOGGER.log(
            level,
            "Skipping a Sportrix frame (%s)%s: %s",
            kind,
            f" {detail}" if detail else "",
            brief(frame),
            exc_info=exc_info,
        )

    def _log_back(self) -> None:
        """Log the end of an outage once the server answers on the new connection.

        Not at the handshake: a server that accepts and closes at once (a connection limit)
        would log a lost/back pair at every try.
        """
        _LOGGER.info(
            "%s the Sportrix stream", "Reconnected to" if self._reconnected else "Connected to"
        )
        self._outage_logged = False

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

    async def _back_off(self, retry_after: float | None) -> None:
        """Wait for the next backoff delay, or less if close() is called."""
        delay = self._next_delay(retry_after)
        _LOGGER.debug("Connecting to the Sportrix stream again in %.3f s", delay)
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
                # The server pings every 30 s; the read loop answers them itself (no
                # autoping), so that a ping shows the connection alive. No client pings (no
                # heartbeat), and no timeout per receive (a watchdog does it for far less).
                autoping=False,
                max_msg_size=MAX_FRAME_BYTES,
                timeout=aiohttp.ClientWSTimeout(ws_close=_CLOSE_TIMEOUT),
            )
    except aiohttp.WSServerHandshakeError as err:
        # Not chained: the error's request_info holds the request headers, key included.
        if err.status == 401:
            raise SportrixAuthError("the stream refused the API key (HTTP 401)") from None
        headers: Mapping[str, str] = err.headers or {}
        wait = retry_after(headers.get("Retry-After"))
        raise SportrixConnectionError(
            f"the stream refused the handshake (HTTP {err.status})", retry_after=wait
        ) from None
    except TimeoutError:
        raise SportrixConnectionError(f"no handshake within {connect_timeout:g} s") from None
    except aiohttp.ClientError as err:
        raise SportrixConnectionError(f"cannot reach the stream: {clip(str(err))}") from None


async def _send(ws: aiohttp.ClientWebSocketResponse, action: str, match_id: int) -> None:
    """Send one control message."""
    _LOGGER.debug("Sending %s for match %s", action, match_id)
    await ws.send_str(json.dumps({"action": action, "match_id": match_id}))


def _error_text(error: object) -> str:
    """Return the reason of an error frame as bounded text, whatever its type."""
    text = as_str(error)
    return (brief(error) if text is None else text)[:_REFUSAL_MESSAGE_CHARS]
