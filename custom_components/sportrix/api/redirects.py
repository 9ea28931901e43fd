"""Refuse HTTP redirects: aiohttp would carry the X-API-Key header to wherever they point."""

from types import SimpleNamespace

import aiohttp


class RedirectRefusedError(aiohttp.ClientError):
    """A server answered with a redirect, which the client does not follow."""


async def _refuse_redirect(
    _session: aiohttp.ClientSession,
    _context: SimpleNamespace,
    params: aiohttp.TraceRequestRedirectParams,
) -> None:
    """Stop before the redirect is followed; the target is not named, only the status."""
    # aiohttp releases a redirect's response only when it follows it: release it here.
    params.response.close()
    raise RedirectRefusedError(f"the server redirected the request (HTTP {params.response.status})")


def no_redirects() -> aiohttp.TraceConfig:
    """Return a trace config for the session the client uses, which refuses every redirect.

    The stream's handshake has no allow_redirects switch, so the session must refuse them.
    """
    config = aiohttp.TraceConfig()
    # aiohttp 3.11 types its trace signals wrongly; 3.12 and later accept this callback.
    config.on_request_redirect.append(_refuse_redirect)  # type: ignore[arg-type,unused-ignore]
    return config
