"""Redirects are refused: aiohttp would carry the X-API-Key header to their target."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
import pytest

from custom_components.sportrix.api import (
    SportrixClient,
    SportrixConnectionError,
    async_validate_stream_key,
    no_redirects,
)

KEY = "sk_redirect_test_key"


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Start an app on a free loopback port and return its runner and base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def servers(socket_enabled: None) -> AsyncIterator[tuple[str, list[str]]]:
    """Run a server that redirects everything to a second one, which records the keys it gets."""
    seen: list[str] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-API-Key", ""))
        return web.json_response({})

    target_app = web.Application()
    target_app.router.add_get("/{tail:.*}", record)
    target, target_url = await _serve(target_app)

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect(f"{target_url}{request.path}")

    source_app = web.Application()
    source_app.router.add_get("/{tail:.*}", redirect)
    source, source_url = await _serve(source_app)
    try:
        yield source_url, seen
    finally:
        await source.cleanup()
        await target.cleanup()


async def test_rest_does_not_follow_a_redirect(servers: tuple[str, list[str]]) -> None:
    """A REST call that is redirected fails, and the key never reaches the other host."""
    url, seen = servers
    async with aiohttp.ClientSession() as session:
        client = SportrixClient(KEY, session, base_url=f"{url}/api")
        with pytest.raises(SportrixConnectionError, match="redirected"):
            await client.match(41282)
    assert seen == []


async def test_stream_handshake_does_not_follow_a_redirect(
    servers: tuple[str, list[str]],
) -> None:
    """The handshake on a session with no_redirects fails before the other host is asked."""
    url, seen = servers
    async with aiohttp.ClientSession(trace_configs=[no_redirects()]) as session:
        with pytest.raises(SportrixConnectionError):
            await async_validate_stream_key(session, KEY, f"{url.replace('http', 'ws')}/v1/stream")
    assert seen == []


async def test_a_plain_session_would_leak_the_key(servers: tuple[str, list[str]]) -> None:
    """Without no_redirects, aiohttp follows the redirect with the key: why the guard exists."""
    url, seen = servers
    async with aiohttp.ClientSession() as session:
        with pytest.raises(SportrixConnectionError):
            await async_validate_stream_key(session, KEY, f"{url.replace('http', 'ws')}/v1/stream")
    assert seen == [KEY]


async def test_a_refused_redirect_releases_its_response(socket_enabled: None) -> None:
    """A redirect whose body never ends is closed at once, not held until collected."""
    finished = asyncio.Event()

    async def endless_redirect(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=307, headers={"Location": "/elsewhere"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(b"moved")
        await finished.wait()
        return response

    app = web.Application()
    app.router.add_get("/{tail:.*}", endless_redirect)
    runner, url = await _serve(app)
    redirected: list[aiohttp.ClientResponse] = []

    async def remember(
        _session: aiohttp.ClientSession,
        _context: object,
        params: aiohttp.TraceRequestRedirectParams,
    ) -> None:
        redirected.append(params.response)

    spy = aiohttp.TraceConfig()
    spy.on_request_redirect.append(remember)  # type: ignore[arg-type,unused-ignore]
    try:
        async with aiohttp.ClientSession(trace_configs=[spy, no_redirects()]) as session:
            with pytest.raises(SportrixConnectionError):
                await async_validate_stream_key(
                    session, KEY, f"{url.replace('http', 'ws')}/v1/stream"
                )
            (response,) = redirected
            assert response.closed
    finally:
        finished.set()
        await runner.cleanup()
