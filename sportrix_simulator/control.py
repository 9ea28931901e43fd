"""The HTTP control surface under /_simulator/, for tests and demos driven from outside."""

from collections.abc import Awaitable, Callable
from http import HTTPStatus
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .httperrors import ApiError
from .match import ScriptFinishedError

if TYPE_CHECKING:
    from .server import Simulator

type Body = dict[str, Any]
type Action = Callable[[web.Request, Body], Awaitable[Any]]

PREFIX = "/_simulator"


def control_routes(sim: "Simulator") -> list[web.RouteDef]:
    """Return the control routes acting on a simulator."""

    def match_id(request: web.Request) -> int:
        try:
            return int(request.match_info["match_id"])
        except ValueError:
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "match_id must be an integer") from None

    async def step(request: web.Request, body: Body) -> Any:
        return await sim.step(match_id(request))

    async def update(request: web.Request, body: Body) -> Any:
        return await sim.update(match_id(request), body)

    async def goal(request: web.Request, body: Body) -> Any:
        return await sim.score_goal(match_id(request), body.get("team", "home"), body.get("minute"))

    async def cancel_goal(request: web.Request, body: Body) -> Any:
        return await sim.cancel_goal(match_id(request), body.get("team", "home"))

    async def wicket(request: web.Request, body: Body) -> Any:
        return await sim.take_wicket(match_id(request), body.get("label"))

    async def kick_off(request: web.Request, body: Body) -> Any:
        return await sim.kick_off(match_id(request))

    async def finish(request: web.Request, body: Body) -> Any:
        return await sim.finish(match_id(request))

    async def frames(request: web.Request, body: Body) -> Any:
        target = body.get("match_id")
        if "frame" in body:
            await sim.push_frame(body["frame"], target)
        elif isinstance(raw := body.get("raw"), str):
            await sim.push_raw(raw.encode() if body.get("binary") else raw, target)
        else:
            raise ValueError('give "frame" (an object) or "raw" (a string)')
        return {"pushed": True}

    async def drop(request: web.Request, body: Body) -> Any:
        await sim.drop_connections()
        return {"dropped": True}

    async def refuse(request: web.Request, body: Body) -> Any:
        status, count = body.get("status"), body.get("count")
        if not isinstance(status, int) or not isinstance(count, int | None):
            raise TypeError('"status" must be an integer and "count" an integer or null')
        sim.refuse_handshakes(status, count)
        return {"refusing": status, "count": count}

    async def accept(request: web.Request, body: Body) -> Any:
        sim.accept_handshakes()
        return {"refusing": None}

    async def silent(request: web.Request, body: Body) -> Any:
        sim.go_silent(bool(body.get("silent", True)))
        return {"silent": sim.silent}

    async def state(request: web.Request, body: Body) -> Any:
        return sim.describe()

    posts: dict[str, Action] = {
        "matches/{match_id}/step": step,
        "matches/{match_id}/update": update,
        "matches/{match_id}/goal": goal,
        "matches/{match_id}/cancel_goal": cancel_goal,
        "matches/{match_id}/wicket": wicket,
        "matches/{match_id}/kick_off": kick_off,
        "matches/{match_id}/finish": finish,
        "frames": frames,
        "drop": drop,
        "refuse": refuse,
        "accept": accept,
        "silent": silent,
    }
    routes = [web.post(f"{PREFIX}/{path}", _endpoint(action)) for path, action in posts.items()]
    routes.append(web.get(f"{PREFIX}/state", _endpoint(state)))
    return routes


def _endpoint(action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap an action: read the JSON body, answer JSON, map errors to statuses."""

    async def handler(request: web.Request) -> web.Response:
        body = await _body(request)
        try:
            return web.json_response(await action(request, body))
        except ScriptFinishedError as err:
            raise ApiError(HTTPStatus.CONFLICT, str(err)) from None
        except KeyError as err:
            raise ApiError(HTTPStatus.NOT_FOUND, str(err.args[0] if err.args else err)) from None
        except (ValueError, TypeError) as err:
            raise ApiError(HTTPStatus.BAD_REQUEST, str(err)) from None

    return handler


async def _body(request: web.Request) -> Body:
    """Return the request's JSON object body ({} when empty)."""
    text = await request.text()
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        raise ApiError(HTTPStatus.BAD_REQUEST, "body must be JSON") from None
    if not isinstance(value, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, "body must be a JSON object")
    return value
