"""The REST API under /api: catalog, live snapshots and results, with scopes and allowlists."""

from collections.abc import Sequence
from datetime import datetime
from http import HTTPStatus
import ipaddress
import math

from aiohttp import web

from .catalog import ACTIVE_STATUSES, UNRESOLVED_SILKS, CatalogStatus, League
from .httperrors import ApiError
from .keys import ApiKey, Scope
from .match import MatchState
from .merge import JsonObject
from .silks import SILK_ORIGIN, SILKS_PATH, silk_svg, silk_url
from .state import AuthError, SimState
from .timefmt import parse_iso

DEFAULT_LIMIT = 100
MAX_LIMIT = 200


class RestApi:
    """Answer the documented REST endpoints from the simulator state."""

    def __init__(self, state: SimState, silk_origin: str | None = None) -> None:
        """Serve a state; kit image URLs point at silk_origin when one is chosen."""
        self.state = state
        self.silk_origin = silk_origin

    def routes(self, prefix: str = "/api") -> list[web.RouteDef]:
        """Return the routes, the fixed /matches paths before /matches/{match_id}."""
        return [
            web.get(f"{prefix}/health", self.health),
            web.get(f"{prefix}/sports", self.sports),
            web.get(f"{prefix}/leagues", self.leagues),
            web.get(f"{prefix}/leagues/active", self.active_leagues),
            web.get(f"{prefix}/teams", self.teams),
            web.get(f"{prefix}/matches", self.matches),
            web.get(f"{prefix}/matches/active", self.active_matches),
            web.get(f"{prefix}/matches/live", self.live_matches),
            web.get(f"{prefix}/matches/{{match_id}}", self.match),
            web.get(f"{prefix}/matches/{{match_id}}/live", self.live),
            web.get(f"{prefix}/matches/{{match_id}}/result", self.result),
        ]

    def silk_routes(self) -> list[web.RouteDef]:
        """Return the route of the kit images, which like a CDN needs no key."""
        return [web.get(f"{SILKS_PATH}/{{slug}}.svg", self.silk)]

    # Endpoints ---------------------------------------------------------------------------

    async def health(self, request: web.Request) -> web.Response:
        """Answer the liveness probe, which needs no key."""
        return web.json_response({"status": "ok"})

    async def sports(self, request: web.Request) -> web.Response:
        """List the sports the key may see."""
        key = self._authorize(request, Scope.FIXTURES)
        return web.json_response(
            [sport.as_json() for sport in self.state.sports if key.allows_sport(sport.slug)]
        )

    async def leagues(self, request: web.Request) -> web.Response:
        """List a sport's leagues, one page at a time."""
        key = self._authorize(request, Scope.FIXTURES)
        sport_id = _int_param(request, "sport")
        items = [league.as_json() for league in self._leagues(key, sport_id)]
        return _page(request, items)

    async def active_leagues(self, request: web.Request) -> web.Response:
        """List a sport's leagues with a match not started or in play."""
        key = self._authorize(request, Scope.FIXTURES)
        sport_id = _int_param(request, "sport")
        items = [
            league.as_json()
            for league in self._leagues(key, sport_id)
            if any(m.catalog_status in ACTIVE_STATUSES for m in self._league_matches(league))
        ]
        return _page(request, items)

    async def teams(self, request: web.Request) -> web.Response:
        """List a league's teams with their kit image URLs, one page at a time."""
        key = self._authorize(request, Scope.FIXTURES)
        league_id = _int_param(request, "league")
        league = self.state.leagues.get(league_id)
        names: list[str] = []
        if league is not None and key.allows_sport(self.state.sport_of_league(league).slug):
            names = self.state.teams(league)
        # Absolute https addresses, as documented: a chosen origin (a TLS front), else the
        # address the client used when that is https or this computer (clients take plain
        # http for loopback only, so a local browser shows the kits the simulator serves),
        # else a fictitious CDN host.
        origin = self.silk_origin or SILK_ORIGIN
        if self.silk_origin is None and (request.secure or _loopback(request.url.host)):
            origin = str(request.url.origin())
        items = [
            {"name": name, "silk_url": "" if name in UNRESOLVED_SILKS else silk_url(origin, name)}
            for name in names
        ]
        return _page(request, items)

    async def silk(self, request: web.Request) -> web.Response:
        """Return a team's kit image."""
        name = self.state.team_by_slug(request.match_info["slug"])
        if name is None or name in UNRESOLVED_SILKS:
            raise ApiError(HTTPStatus.NOT_FOUND, "No kit image for this team")
        return web.Response(
            text=silk_svg(name),
            content_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    async def matches(self, request: web.Request) -> web.Response:
        """List a league's matches, filtered by status and start time, one page at a time."""
        key = self._authorize(request, Scope.FIXTURES)
        league_id = _int_param(request, "league")
        status = _status_param(request)
        after = _time_param(request, "start_after")
        before = _time_param(request, "start_before")
        items = [
            match.catalog_json()
            for match in self._matches_of(key, league_id)
            if (status is None or match.catalog_status == status)
            and (after is None or match.start_time >= after)
            and (before is None or match.start_time <= before)
        ]
        return _page(request, items)

    async def active_matches(self, request: web.Request) -> web.Response:
        """List a league's matches not started or in play, one page at a time."""
        key = self._authorize(request, Scope.FIXTURES)
        league_id = _int_param(request, "league")
        items = [
            match.catalog_json()
            for match in self._matches_of(key, league_id)
            if match.catalog_status in ACTIVE_STATUSES
        ]
        return _page(request, items)

    async def live_matches(self, request: web.Request) -> web.Response:
        """List every match in play in a sport, across leagues, as a plain array."""
        key = self._authorize(request, Scope.FIXTURES)
        sport_id = _int_param(request, "sport")
        items = [
            match.catalog_json()
            for league in self._leagues(key, sport_id)
            for match in self._league_matches(league)
            if match.catalog_status == CatalogStatus.STARTED
        ]
        return web.json_response(sorted(items, key=lambda item: (item["start_time"], item["id"])))

    async def match(self, request: web.Request) -> web.Response:
        """Return one match object."""
        key = self._authorize(request, Scope.FIXTURES)
        return web.json_response(self._visible_match(request, key).catalog_json())

    async def live(self, request: web.Request) -> web.Response:
        """Return the freshest snapshot of a match that has gone live."""
        key = self._authorize(request, Scope.LIVE_SCORES, Scope.LIVE_SCORES_STATISTICS)
        match = self._visible_match(request, key)
        if not match.went_live:
            raise ApiError(HTTPStatus.NOT_FOUND, "No live snapshot for this match yet")
        return web.json_response(match.snapshot)

    async def result(self, request: web.Request) -> web.Response:
        """Return the half-time and full-time snapshots of a match."""
        key = self._authorize(request, Scope.FINAL_SCORES)
        match = self._visible_match(request, key)
        if match.half_time is None and match.full_time is None:
            raise ApiError(HTTPStatus.NOT_FOUND, "No result for this match yet")
        return web.json_response(match.result_json())

    # Helpers -----------------------------------------------------------------------------

    def _authorize(self, request: web.Request, *scopes: str) -> ApiKey:
        """Return the request's key if it holds one of scopes; raise 401 or 403."""
        try:
            key = self.state.authenticate(request.headers.get("X-API-Key"))
        except AuthError as err:
            raise ApiError(HTTPStatus.UNAUTHORIZED, str(err)) from None
        if not any(key.has_scope(scope) for scope in scopes):
            raise ApiError(HTTPStatus.FORBIDDEN, f"Missing required scope: {scopes[0]}")
        return key

    def _leagues(self, key: ApiKey, sport_id: int) -> list[League]:
        """Return a sport's leagues, none when the sport is outside the allowlist."""
        sport = next((s for s in self.state.sports if s.id == sport_id), None)
        if sport is None or not key.allows_sport(sport.slug):
            return []
        return sorted(
            (league for league in self.state.leagues.values() if league.sport_id == sport_id),
            key=lambda league: league.id,
        )

    def _league_matches(self, league: League) -> list[MatchState]:
        """Return a league's matches by start time."""
        return sorted(
            # Postponed and suspended matches are filtered out of every catalog answer.
            (
                m
                for m in self.state.matches.values()
                if m.league.id == league.id and not m.postponed
            ),
            key=lambda m: (m.start_time, m.id),
        )

    def _matches_of(self, key: ApiKey, league_id: int) -> list[MatchState]:
        """Return a league's matches, none when it is unknown or outside the allowlist."""
        league = self.state.leagues.get(league_id)
        if league is None or not key.allows_sport(self.state.sport_of_league(league).slug):
            return []
        return self._league_matches(league)

    def _visible_match(self, request: web.Request, key: ApiKey) -> MatchState:
        """Return the path's match; 404 when unknown, postponed or outside the allowlist."""
        match_id = _parse_int(request.match_info["match_id"], "match_id", "path")
        match = self.state.matches.get(match_id)
        if match is None or match.postponed or not key.allows_sport(match.sport):
            raise ApiError(HTTPStatus.NOT_FOUND, "Match not found")
        return match


def _parse_int(text: str, name: str, where: str = "query") -> int:
    """Return an integer parameter; raise 422 when it is not one."""
    try:
        return int(text)
    except ValueError:
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Invalid {where} parameter {name}: expected an integer",
        ) from None


def _int_param(request: web.Request, name: str) -> int:
    """Return a required integer query parameter; raise 422 when missing or malformed."""
    text = request.query.get(name)
    if text is None or text == "":
        raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, f"Missing required query parameter: {name}")
    return _parse_int(text, name)


def _optional_int(request: web.Request, name: str, default: int, minimum: int) -> int:
    """Return an optional integer query parameter of at least minimum."""
    text = request.query.get(name)
    if text is None:
        return default
    value = _parse_int(text, name)
    if value < minimum:
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"Invalid query parameter {name}: must be >= {minimum}"
        )
    return value


def _status_param(request: web.Request) -> CatalogStatus | None:
    """Return the status filter; raise 422 for a value outside the enum."""
    text = request.query.get("status")
    if text is None:
        return None
    try:
        return CatalogStatus(text)
    except ValueError:
        allowed = ", ".join(CatalogStatus)
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"Invalid query parameter status: one of {allowed}"
        ) from None


def _time_param(request: web.Request, name: str) -> datetime | None:
    """Return an ISO 8601 time filter; raise 422 when it does not parse."""
    text = request.query.get(name)
    if text is None:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Invalid query parameter {name}: expected an ISO 8601 datetime",
        ) from None


def _page(request: web.Request, items: Sequence[JsonObject]) -> web.Response:
    """Return one page of items in the documented pagination envelope."""
    # Values above the maximum are clamped, as documented, rather than rejected.
    limit = min(_optional_int(request, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
    offset = _optional_int(request, "offset", 0, 0)
    page = list(items[offset : offset + limit])
    total = len(items)
    return web.json_response(
        {
            "items": page,
            "total": total,
            "limit": limit,
            "offset": offset,
            "count": len(page),
            "page": offset // limit + 1,
            "total_pages": math.ceil(total / limit),
            "has_more": offset + len(page) < total,
        }
    )


def _loopback(host: str | None) -> bool:
    """Tell whether a request's host is this computer."""
    if not host:
        return False
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
