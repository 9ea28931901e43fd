"""The HTTP control surface under /_simulator/, for tests and demos driven from outside."""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from http import HTTPStatus
import json
from typing import TYPE_CHECKING, Any, TypeGuard

from aiohttp import web

from .catalog import CatalogStatus
from .copies import COPY_STATUSES, MatchExistsError
from .httperrors import ApiError
from .match import ScriptFinishedError
from .protocol import NOT_LIVE
from .timefmt import parse_iso, utc_now

if TYPE_CHECKING:
    from .server import Simulator

type Body = dict[str, Any]
type Action = Callable[[web.Request, Body], Awaitable[Any]]

PREFIX = "/_simulator"


def control_routes(sim: "Simulator") -> list[web.RouteDef]:
    """Return the control routes acting on a simulator."""
    posts = _match_actions(sim) | _fault_actions(sim)
    routes = [web.post(f"{PREFIX}/{path}", _endpoint(action)) for path, action in posts.items()]

    async def state(request: web.Request, body: Body) -> Any:
        return sim.describe()

    async def load(request: web.Request, body: Body) -> Any:
        return sim.load_status()

    routes.append(web.get(f"{PREFIX}/state", _endpoint(state)))
    routes.append(web.get(f"{PREFIX}/load", _endpoint(load)))
    return routes


def _match_actions(sim: "Simulator") -> dict[str, Action]:
    """Return the actions that change a match, by path."""

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

    async def schedule(request: web.Request, body: Body) -> Any:
        return sim.schedule(match_id(request), _start_time(body))

    async def postpone(request: web.Request, body: Body) -> Any:
        return sim.postpone(match_id(request))

    async def reinstate(request: web.Request, body: Body) -> Any:
        return sim.reinstate(match_id(request))

    async def add(request: web.Request, body: Body) -> Any:
        status = body.get("status", CatalogStatus.NOT_STARTED)
        if status not in COPY_STATUSES:
            raise ValueError(f'"status" must be one of {", ".join(COPY_STATUSES)}')
        return sim.add_match(
            _int_field(body, "like"),
            _int_field(body, "id"),
            home=_name_field(body, "home"),
            away=_name_field(body, "away"),
            league_id=_int_field(body, "league"),
            start_time=_time_field(body, "start_time") if "start_time" in body else None,
            status=CatalogStatus(status),
        )

    return {
        "matches": add,
        "matches/{match_id}/schedule": schedule,
        "matches/{match_id}/postpone": postpone,
        "matches/{match_id}/reinstate": reinstate,
        "matches/{match_id}/step": step,
        "matches/{match_id}/update": update,
        "matches/{match_id}/goal": goal,
        "matches/{match_id}/cancel_goal": cancel_goal,
        "matches/{match_id}/wicket": wicket,
        "matches/{match_id}/kick_off": kick_off,
        "matches/{match_id}/finish": finish,
    }


def _fault_actions(sim: "Simulator") -> dict[str, Action]:
    """Return the actions that push frames or inject faults, by path."""

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
        status, count, retry_after = body.get("status"), _count(body), body.get("retry_after")
        if not _is_int(status) or not (retry_after is None or _is_int(retry_after)):
            raise TypeError('"status" must be an integer and "retry_after" an integer or null')
        sim.refuse_handshakes(status, count, retry_after)
        return {"refusing": status, "count": count, "retry_after": retry_after}

    async def accept(request: web.Request, body: Body) -> Any:
        sim.accept_handshakes()
        return {"refusing": None}

    async def refuse_rest(request: web.Request, body: Body) -> Any:
        status, count, retry_after = body.get("status"), _count(body), body.get("retry_after")
        if not _is_int(status) or not 400 <= status <= 599:
            raise TypeError('"status" must be an HTTP error status (400-599)')
        if not (retry_after is None or _is_int(retry_after)):
            raise TypeError('"retry_after" must be an integer or null')
        sim.refuse_rest(status, count, retry_after)
        return {"refusing": status, "count": count, "retry_after": retry_after}

    async def accept_rest(request: web.Request, body: Body) -> Any:
        sim.accept_rest()
        return {"refusing": None}

    async def close_after_handshake(request: web.Request, body: Body) -> Any:
        count = _count(body)
        sim.close_after_handshake(count)
        return {"closing": True, "count": count}

    async def keep_connections(request: web.Request, body: Body) -> Any:
        sim.keep_connections()
        return {"closing": False}

    async def latency(request: web.Request, body: Body) -> Any:
        seconds = body.get("seconds")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise TypeError('"seconds" must be a number')
        sim.set_latency(seconds)
        return {"latency": sim.latency}

    async def refuse_subscribes(request: web.Request, body: Body) -> Any:
        sim.refuse_subscribes(_ids(body), body.get("error", NOT_LIVE))
        return _subscribe_faults(sim)

    async def ignore_subscribes(request: web.Request, body: Body) -> Any:
        sim.ignore_subscribes(_ids(body))
        return _subscribe_faults(sim)

    async def answer_subscribes(request: web.Request, body: Body) -> Any:
        sim.answer_subscribes(_ids(body) if "match_ids" in body else None)
        return _subscribe_faults(sim)

    async def start_load(request: web.Request, body: Body) -> Any:
        return sim.start_load(body)

    async def stop_load(request: web.Request, body: Body) -> Any:
        return sim.stop_load()

    async def half_open(request: web.Request, body: Body) -> Any:
        return {"half_open": sim.half_open()}

    async def silent(request: web.Request, body: Body) -> Any:
        sim.go_silent(bool(body.get("silent", True)))
        return {"silent": sim.silent}

    return {
        "frames": frames,
        "drop": drop,
        "refuse": refuse,
        "accept": accept,
        "rest/refuse": refuse_rest,
        "rest/accept": accept_rest,
        "close_after_handshake": close_after_handshake,
        "keep_connections": keep_connections,
        "latency": latency,
        "subscribes/refuse": refuse_subscribes,
        "subscribes/ignore": ignore_subscribes,
        "subscribes/answer": answer_subscribes,
        "half_open": half_open,
        "silent": silent,
        "load": start_load,
        "load/stop": stop_load,
    }


def _subscribe_faults(sim: "Simulator") -> dict[str, Any]:
    """Return which subscribes are refused (with what) or ignored."""
    state = sim.describe()
    return {key: state[key] for key in ("refused_subscribes", "ignored_subscribes")}


def _is_int(value: object) -> TypeGuard[int]:
    """Tell a JSON integer (true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _count(body: Body) -> int | None:
    """Return the body's "count": an integer, or null for no limit."""
    count = body.get("count")
    if not (count is None or _is_int(count)):
        raise TypeError('"count" must be an integer or null')
    return count


def _int_field(body: Body, name: str) -> int:
    """Return a required integer field of the body."""
    value = body.get(name)
    if not _is_int(value):
        raise TypeError(f'"{name}" must be an integer')
    return value


def _name_field(body: Body, name: str) -> str:
    """Return a required non-empty string field of the body."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f'"{name}" must be a team name')
    return value.strip()


def _time_field(body: Body, name: str) -> datetime:
    """Return an ISO 8601 time field of the body (a naive one is taken as UTC)."""
    value = body.get(name)
    if not isinstance(value, str):
        raise TypeError(f'"{name}" must be an ISO 8601 time')
    try:
        return parse_iso(value)
    except ValueError:
        raise ValueError(f'"{name}" must be an ISO 8601 time, not {value!r}') from None


def _start_time(body: Body) -> datetime:
    """Return the start time a schedule body gives: "start_time" or "start_in" seconds."""
    if ("start_time" in body) == ("start_in" in body):
        raise ValueError('give either "start_time" (ISO 8601) or "start_in" (seconds)')
    if "start_time" in body:
        return _time_field(body, "start_time")
    seconds = body["start_in"]
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise TypeError('"start_in" must be a number of seconds')
    return utc_now() + timedelta(seconds=seconds)


def _ids(body: Body) -> list[int]:
    """Return the body's "match_ids" list."""
    ids = body.get("match_ids")
    if not isinstance(ids, list):
        raise TypeError('"match_ids" must be a list of match ids')
    return ids


def _endpoint(action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap an action: read the JSON body, answer JSON, map errors to statuses."""

    async def handler(request: web.Request) -> web.Response:
        body = await _body(request)
        try:
            return web.json_response(await action(request, body))
        except (ScriptFinishedError, MatchExistsError) as err:
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
