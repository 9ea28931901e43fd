"""Fixtures for the protocol client tests: an HTTP session and a scriptable fake REST server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
import socket
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import SportrixStream
from sportrix_simulator import KEY_FULL, Simulator

from .common import Recorder

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class SeenRequest:
    """What the fake server received."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    url: str


@dataclass
class FakeApi:
    """A loopback HTTP server whose answers each test sets per path."""

    url: str = ""
    handlers: dict[str, Handler] = field(default_factory=dict)
    requests: list[SeenRequest] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    seen: asyncio.Event = field(default_factory=asyncio.Event)

    def reply(self, path: str, status: int = 200, body: object = None, **headers: str) -> None:
        """Answer every request for path with status and a JSON (or raw text) body."""

        async def handler(request: web.Request) -> web.StreamResponse:
            if isinstance(body, str):
                return web.Response(status=status, text=body, headers=headers)
            return web.json_response(body, status=status, headers=headers)

        self.handlers[path] = handler

    def hang(self, path: str) -> None:
        """Never answer path until the test ends."""

        async def handler(request: web.Request) -> web.StreamResponse:
            await self.release.wait()
            return web.json_response([])

        self.handlers[path] = handler

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """Record the request and hand it to the path's handler."""
        path = request.path.removeprefix("/api")
        self.requests.append(
            SeenRequest(path, dict(request.query), dict(request.headers), str(request.url))
        )
        self.seen.set()
        if (handler := self.handlers.get(path)) is None:
            return web.json_response({"detail": "Not Found"}, status=404)
        return await handler(request)


@pytest.fixture(autouse=True)
def _allow_loopback_sockets(socket_enabled: None) -> None:
    """Let tests open loopback servers; the plugin still refuses other hosts."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return a client session that the test, not the client, closes."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeApi]:
    """Run a fake REST server on a free loopback port."""
    api = FakeApi()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", api.dispatch)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    api.url = f"http://127.0.0.1:{port}/api"
    try:
        yield api
    finally:
        api.release.set()
        await runner.cleanup()


@pytest.fixture
def closed_port() -> int:
    """Return a loopback port that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class StreamUnderTest:
    """A stream, what it reported and the task running it."""

    stream: SportrixStream
    recorder: Recorder
    task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """Start the stream's loop in a task."""
        self.task = asyncio.create_task(self.stream.run())


type StartStream = Callable[..., Awaitable[StreamUnderTest]]


@pytest.fixture
async def start_stream(
    simulator: Simulator, session: aiohttp.ClientSession
) -> AsyncIterator[StartStream]:
    """Return a factory of streams on the simulator with fast backoff; close them all after."""
    started: list[StreamUnderTest] = []

    async def start(
        *match_ids: int,
        key: str = KEY_FULL,
        connect: bool = True,
        run: bool = True,
        **options: Any,
    ) -> StreamUnderTest:
        recorder = Recorder()
        options = {"backoff_initial": 0.01, "backoff_max": 0.05} | options
        stream = SportrixStream(
            key,
            session,
            simulator.ws_url,
            on_snapshot=recorder.on_snapshot,
            on_refusal=recorder.on_refusal,
            on_connection_change=recorder.on_connection_change,
            **options,
        )
        under_test = StreamUnderTest(stream, recorder)
        started.append(under_test)
        for match_id in match_ids:
            stream.subscribe(match_id)
        if connect:
            await stream.connect()
        if run:
            await under_test.run()
        return under_test

    yield start
    for under_test in started:
        async with asyncio.timeout(5):
            await under_test.stream.close()
            if under_test.task is not None:
                # A test that expects run() to fail awaits it itself.
                await asyncio.gather(under_test.task, return_exceptions=True)
