"""The WebSocket stream: handshakes, subscriptions, frames, pings and fault injection."""

import asyncio
from collections.abc import Iterable
import contextlib
from dataclasses import dataclass
from http import HTTPStatus
import logging
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from .catalog import LIVE_STATUSES
from .keys import ApiKey, Scope
from .match import MatchState
from .protocol import (
    NOT_LIVE,
    SPORT_NOT_ENABLED,
    ControlMessageError,
    decode,
    error_frame,
    parse_control,
    snapshot_frame,
    update_frame,
)
from .state import AuthError, SimState

_LOGGER = logging.getLogger(__name__)

type Payload = str | bytes

# How long stop() lets a client answer the close frame before the socket is cut.
CLOSE_TIMEOUT = 1.0
# What a server that allows few connections per key closes the surplus ones with.
CONNECTION_LIMIT_CODE = WSCloseCode.POLICY_VIOLATION
CONNECTION_LIMIT_REASON = "too many connections for this key"
# The status a handshake log entry records for an upgrade that succeeded.
SWITCHING_PROTOCOLS = HTTPStatus.SWITCHING_PROTOCOLS.value


@dataclass(frozen=True, slots=True)
class Handshake:
    """Record one handshake: when (event loop time), how it was answered, and if cut at once."""

    at: float
    status: int
    closed_at_once: bool = False


class Connection:
    """One accepted WebSocket: its key, subscriptions and outgoing queue."""

    def __init__(
        self, hub: "StreamHub", ws: web.WebSocketResponse, key: str, api_key: ApiKey
    ) -> None:
        """Wrap an accepted socket."""
        self._hub = hub
        self.ws = ws
        # Kept to pick up scope or allowlist changes from the next request on, as documented.
        self._key = key
        self._api_key = api_key
        self.subscriptions: set[int] = set()
        # Each frame waits in the queue until its due time, which is how latency is added.
        self._outgoing: asyncio.Queue[tuple[float, Payload]] = asyncio.Queue()
        self._transport: asyncio.Transport | None = None
        # A half-open connection: the peer is gone as far as this socket is concerned.
        self.dead = False

    @property
    def api_key(self) -> ApiKey:
        """Return the key as currently configured (revoked keys keep their last settings)."""
        return self._hub.state.keys.get(self._key, self._api_key)

    def bind(self, transport: asyncio.Transport | None) -> None:
        """Remember the socket's transport so that it can be cut without a close frame."""
        self._transport = transport

    @property
    def silent(self) -> bool:
        """Return whether this connection sends nothing (a silent server or a half-open socket)."""
        return self._hub.silent or self.dead

    def send(self, payload: Payload) -> None:
        """Queue a frame, due after the current latency, unless the connection is silent."""
        if not self.silent:
            due = asyncio.get_running_loop().time() + self._hub.latency
            self._outgoing.put_nowait((due, payload))

    @property
    def queued(self) -> int:
        """Return how many frames wait to be written."""
        return self._outgoing.qsize()

    def abort(self) -> None:
        """Cut the TCP connection at once: no close frame, like a crashed server."""
        if self._transport is not None:
            self._transport.abort()

    async def write_loop(self) -> None:
        """Send queued frames in order and a protocol ping every ping interval."""
        loop = asyncio.get_running_loop()
        interval = self._hub.ping_interval
        next_ping = None if interval is None else loop.time() + interval
        try:
            while True:
                if interval is not None and next_ping is not None and loop.time() >= next_ping:
                    next_ping = loop.time() + interval
                    if not self.silent:
                        await self.ws.ping()
                    continue
                try:
                    async with asyncio.timeout_at(next_ping):
                        due, payload = await self._outgoing.get()
                except TimeoutError:
                    continue
                if (delay := due - loop.time()) > 0:
                    await asyncio.sleep(delay)
                if self.silent:
                    continue
                if self.ws.closed:
                    return
                if isinstance(payload, bytes):
                    await self.ws.send_bytes(payload)
                else:
                    await self.ws.send_str(payload)
        except ConnectionError:
            # The peer went away; the read side notices and ends the handler.
            return


class StreamHub:
    """Serve GET /v1/stream and hold every connection and subscription."""

    def __init__(self, state: SimState, ping_interval: float | None) -> None:
        """Serve the matches of a state, pinging every ping_interval seconds (None: never)."""
        self.state = state
        self.ping_interval = ping_interval
        self.connections: set[Connection] = set()
        self.subscribers: dict[int, set[Connection]] = {}
        self.control_messages: list[dict[str, Any]] = []
        self.handshake_count = 0
        self.refused_count = 0
        self.closed_at_once_count = 0
        self.handshake_log: list[Handshake] = []
        self.pong_count = 0
        self.silent = False
        # Seconds added before every frame the server sends.
        self.latency = 0.0
        self._refuse_status: int | None = None
        self._refuse_left: int | None = None
        self._retry_after: int | None = None
        # Close connections right after the handshake: None off, 0 until told, n for n more.
        self._close_left: int | None = None
        self._closing = False
        # Subscribes answered with an error frame (match id -> reason) or not at all.
        self.refused_subscribes: dict[int, str] = {}
        self.ignored_subscribes: set[int] = set()
        state.add_listener(self.match_updated)

    # Fault injection ---------------------------------------------------------------------

    def refuse_handshakes(
        self, status: int, count: int | None = None, retry_after: int | None = None
    ) -> None:
        """Answer the next count handshakes (None: all until accepted) with an HTTP status.

        retry_after, in whole seconds as HTTP writes it, adds a Retry-After header.
        """
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        _check_count(count)
        if retry_after is not None and retry_after < 0:
            raise ValueError("retry_after must not be negative")
        self._refuse_status, self._refuse_left = status, count
        self._retry_after = retry_after

    def accept_handshakes(self) -> None:
        """Stop refusing handshakes."""
        self._refuse_status = self._refuse_left = self._retry_after = None

    @property
    def refusing(self) -> int | None:
        """Return the status handshakes are refused with, if any."""
        return self._refuse_status

    def close_after_handshake(self, count: int | None = None) -> None:
        """Close the next count connections (None: all until kept) as soon as they open."""
        _check_count(count)
        self._closing, self._close_left = True, count

    def keep_connections(self) -> None:
        """Stop closing connections right after their handshake."""
        self._closing, self._close_left = False, None

    @property
    def closing(self) -> bool:
        """Return whether new connections are closed right after their handshake."""
        return self._closing

    def set_latency(self, seconds: float) -> None:
        """Delay every frame sent from now on by seconds (0: no delay)."""
        if not 0 <= seconds <= 60:
            raise ValueError("latency must be between 0 and 60 seconds")
        self.latency = float(seconds)

    def refuse_subscribes(self, match_ids: Iterable[int], error: str) -> None:
        """Answer subscribes to these matches with an error frame, whatever their state."""
        if not isinstance(error, str) or not error:
            raise ValueError("error must be a non-empty string")
        for match_id in _match_ids(match_ids):
            self.ignored_subscribes.discard(match_id)
            self.refused_subscribes[match_id] = error

    def ignore_subscribes(self, match_ids: Iterable[int]) -> None:
        """Answer subscribes to these matches with nothing at all: no snapshot, no error."""
        for match_id in _match_ids(match_ids):
            self.refused_subscribes.pop(match_id, None)
            self.ignored_subscribes.add(match_id)

    def answer_subscribes(self, match_ids: Iterable[int] | None = None) -> None:
        """Answer subscribes to these matches (None: every match) normally again."""
        if match_ids is None:
            self.refused_subscribes.clear()
            self.ignored_subscribes.clear()
            return
        for match_id in _match_ids(match_ids):
            self.refused_subscribes.pop(match_id, None)
            self.ignored_subscribes.discard(match_id)

    def half_open(self) -> int:
        """Make every open connection silent for good, as if its peer vanished; return how many.

        The sockets stay open and new connections are served normally, which is what a client
        behind a dead NAT mapping or a crashed load balancer sees.
        """
        for connection in self.connections:
            connection.dead = True
        self.state.notifier.notify()
        return len(self.connections)

    def go_silent(self, silent: bool) -> None:
        """Stop (or resume) every frame and ping while leaving sockets open."""
        self.silent = silent
        self.state.notifier.notify()

    def push(self, payload: Payload, match_id: int | None = None) -> None:
        """Queue a frame for every connection, or only for the subscribers of a match."""
        targets = self.connections if match_id is None else self.subscribers.get(match_id, set())
        for connection in list(targets):
            connection.send(payload)

    async def drop(self) -> None:
        """Cut every connection without a close frame and wait until their handlers end."""
        dropped = set(self.connections)
        for connection in dropped:
            connection.abort()
        await self.state.notifier.wait_for(lambda: not dropped & self.connections)

    async def close_all(self) -> None:
        """Close every connection with a close frame, cutting those that do not answer."""
        connections = set(self.connections)

        async def close(connection: Connection) -> None:
            with contextlib.suppress(TimeoutError, ConnectionError):
                async with asyncio.timeout(CLOSE_TIMEOUT):
                    await connection.ws.close(code=WSCloseCode.GOING_AWAY, message=b"shutdown")
            connection.abort()

        await asyncio.gather(*(close(connection) for connection in connections))
        await self.state.notifier.wait_for(lambda: not connections & self.connections)

    # Broadcasting ------------------------------------------------------------------------

    def match_updated(self, match: MatchState) -> None:
        """Send the new full snapshot of a match to its subscribers."""
        subscribers = self.subscribers.get(match.id)
        if subscribers:
            frame = update_frame(match.snapshot)
            for connection in list(subscribers):
                connection.send(frame)

    def queued(self) -> int:
        """Return how many frames wait in the connections' queues to be written."""
        return sum(connection.queued for connection in self.connections)

    def subscriber_count(self, match_id: int) -> int:
        """Return how many connections follow a match and can still hear of it (not half-open)."""
        return sum(not c.dead for c in self.subscribers.get(match_id, ()))

    # Serving -----------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Authenticate, upgrade and serve one client until it goes away."""
        if (refused := self._take_refusal()) is not None:
            self.refused_count += 1
            headers = {}
            if self._retry_after is not None:
                headers["Retry-After"] = str(self._retry_after)
            self._log_handshake(refused)
            return _reject(refused, "handshake refused by the simulator", headers)
        key = request.headers.get("X-API-Key") or request.query.get("key") or ""
        try:
            api_key = self._stream_key(key)
        except AuthError as err:
            # Log the reason, never the key itself.
            _LOGGER.info("Stream handshake from %s rejected: %s", request.remote, err)
            self._log_handshake(HTTPStatus.UNAUTHORIZED)
            return _reject(HTTPStatus.UNAUTHORIZED, str(err))
        # Pongs are answered by hand (autoping off) so that go_silent can withhold them too.
        ws = web.WebSocketResponse(autoping=False)
        if not ws.can_prepare(request).ok:
            return _reject(HTTPStatus.BAD_REQUEST, "WebSocket upgrade expected")
        await ws.prepare(request)
        self.handshake_count += 1
        if self._take_close():
            self.closed_at_once_count += 1
            self._log_handshake(SWITCHING_PROTOCOLS, closed_at_once=True)
            with contextlib.suppress(TimeoutError, ConnectionError):
                async with asyncio.timeout(CLOSE_TIMEOUT):
                    await ws.close(
                        code=CONNECTION_LIMIT_CODE, message=CONNECTION_LIMIT_REASON.encode()
                    )
            return ws
        connection = Connection(self, ws, key, api_key)
        connection.bind(request.transport)
        self.connections.add(connection)
        self._log_handshake(SWITCHING_PROTOCOLS)
        writer = asyncio.create_task(connection.write_loop(), name="sportrix-simulator-writer")
        try:
            await self._read_loop(connection)
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            self._forget(connection)
        return ws

    async def _read_loop(self, connection: Connection) -> None:
        """Act on every frame a client sends until the socket closes."""
        async for message in connection.ws:
            if message.type is WSMsgType.TEXT:
                self._on_text(connection, message.data)
            elif message.type is WSMsgType.BINARY:
                connection.send(error_frame("invalid control message: binary frame"))
            elif message.type is WSMsgType.PING and not connection.silent:
                with contextlib.suppress(ConnectionError):
                    await connection.ws.pong(message.data)
            elif message.type is WSMsgType.PONG:
                self.pong_count += 1
                self.state.notifier.notify()
            elif message.type is WSMsgType.ERROR:
                return

    def _on_text(self, connection: Connection, text: str) -> None:
        """Apply one control message."""
        try:
            value = decode(text)
            if isinstance(value, dict):
                self.control_messages.append(value)
            message = parse_control(value)
        except ControlMessageError as err:
            connection.send(error_frame(str(err)))
            self.state.notifier.notify()
            return
        if message.action == "subscribe":
            self._subscribe(connection, message.match_id)
        else:
            connection.subscriptions.discard(message.match_id)
            self.subscribers.get(message.match_id, set()).discard(connection)
        self.state.notifier.notify()

    def _subscribe(self, connection: Connection, match_id: int) -> None:
        """Answer a subscribe with a snapshot or an error frame (or not at all, if told)."""
        match = self.state.matches.get(match_id)
        if match_id in self.ignored_subscribes:
            return
        if (reason := self.refused_subscribes.get(match_id)) is not None:
            connection.send(error_frame(reason))
        elif match is None or match.postponed:
            connection.send(error_frame(NOT_LIVE))
        elif not connection.api_key.allows_sport(match.sport):
            connection.send(error_frame(SPORT_NOT_ENABLED))
        elif match.catalog_status not in LIVE_STATUSES:
            connection.send(error_frame(NOT_LIVE))
        else:
            connection.subscriptions.add(match_id)
            self.subscribers.setdefault(match_id, set()).add(connection)
            connection.send(snapshot_frame(match.snapshot))

    def _stream_key(self, key: str) -> ApiKey:
        """Return the key if it may open the stream; raise AuthError (401) otherwise."""
        api_key = self.state.authenticate(key)
        if not api_key.has_scope(Scope.LIVE_SCORES_STATISTICS):
            raise AuthError(f"Missing required scope: {Scope.LIVE_SCORES_STATISTICS}")
        return api_key

    def _take_refusal(self) -> int | None:
        """Return the status to refuse this handshake with, counting it down."""
        status = self._refuse_status
        if status is not None and self._refuse_left is not None:
            self._refuse_left -= 1
            if self._refuse_left <= 0:
                # The last refusal still carries its Retry-After.
                self._refuse_status = self._refuse_left = None
        return status

    def _take_close(self) -> bool:
        """Return whether to close this connection at once, counting it down."""
        if not self._closing:
            return False
        if self._close_left is not None:
            self._close_left -= 1
            if self._close_left <= 0:
                self.keep_connections()
        return True

    def _log_handshake(self, status: int, *, closed_at_once: bool = False) -> None:
        """Record a handshake's answer and wake waiters."""
        at = asyncio.get_running_loop().time()
        self.handshake_log.append(Handshake(at, int(status), closed_at_once))
        self.state.notifier.notify()

    def _forget(self, connection: Connection) -> None:
        """Drop a closed connection and its subscriptions."""
        self.connections.discard(connection)
        for match_id in connection.subscriptions:
            self.subscribers.get(match_id, set()).discard(connection)
        self.state.notifier.notify()


def _reject(status: int, detail: str, headers: dict[str, str] | None = None) -> web.Response:
    """Answer a handshake with an HTTP error instead of upgrading."""
    return web.json_response({"detail": detail}, status=status, headers=headers)


def _check_count(count: int | None) -> None:
    """Raise ValueError unless count is None or positive."""
    if count is not None and count < 1:
        raise ValueError("count must be at least 1")


def _match_ids(match_ids: Iterable[int]) -> list[int]:
    """Return match ids as a list, raising ValueError for anything but positive integers."""
    ids = list(match_ids)
    if not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise ValueError("match_ids must be positive integers")
    return ids
