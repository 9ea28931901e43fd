"""JSON error bodies ({"detail": ...}) for every HTTP error the simulator answers."""

from http import HTTPStatus

from aiohttp import web
from aiohttp.typedefs import Handler


class ApiError(Exception):
    """Raise to answer a request with an HTTP error status and a detail."""

    def __init__(self, status: int, detail: str) -> None:
        """Hold the status and the human-readable detail."""
        super().__init__(detail)
        self.status = status
        self.detail = detail


def detail_response(status: int, detail: str) -> web.Response:
    """Return the documented error body."""
    return web.json_response({"detail": detail}, status=status)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn ApiError and aiohttp's own HTTP errors into {"detail": ...} bodies."""
    try:
        return await handler(request)
    except ApiError as err:
        return detail_response(err.status, err.detail)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        return detail_response(err.status, HTTPStatus(err.status).phrase)
