"""The simulator in its own process, counting every HTTP request it answers.

`python -m benchmarks.countingsim` runs `python -m sportrix_simulator` with one middleware
more: it counts each request by route (GET /api/matches/{match_id}/live, the stream's
handshake at GET /v1/stream, ...), the control surface under /_simulator/ left out, and
GET /_simulator/requests answers the counts. The peer benchmark counts the HTTP requests of
push, of Home Assistant's `rest` sensor and of polling mode here, at the server, the same way
for all three: whatever a client sends is counted, a poll answered 404 (not started) too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from .simproc import SimProcess

CONTROL = "/_simulator/"
COUNTS_PATH = "/_simulator/requests"

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def install() -> None:
    """Add the counting middleware and its control route to every simulator app made."""
    from sportrix_simulator.server import Simulator

    original = Simulator.make_app
    counts: Counter[str] = Counter()

    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(CONTROL):
            resource = request.match_info.route.resource
            route = resource.canonical if resource is not None else request.path
            counts[f"{request.method} {route}"] += 1
        return await handler(request)

    async def answer(_request: web.Request) -> web.Response:
        return web.json_response(dict(counts))

    def make_app(self: Simulator) -> web.Application:
        app = original(self)
        # Outermost, so that a request another middleware answers (a fault) is counted too.
        app.middlewares.insert(0, count)
        app.router.add_get(COUNTS_PATH, answer)
        return app

    Simulator.make_app = make_app  # type: ignore[method-assign]


class CountingSimProcess(SimProcess):
    """SimProcess running python -m benchmarks.countingsim instead of the bare simulator."""

    module = "benchmarks.countingsim"

    async def requests(self, session: aiohttp.ClientSession) -> Counter[str]:
        """Return the requests answered so far, by method and route."""
        async with session.get(f"{self.base_url}{COUNTS_PATH}") as response:
            answer: dict[str, Any] = await response.json()
            return Counter({route: int(n) for route, n in answer.items()})


if __name__ == "__main__":
    install()
    from sportrix_simulator.__main__ import main

    main()
