"""The Sportrix REST client: catalog, live snapshot, result and health."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
import json
import logging
import re

import aiohttp

from ._coerce import (
    as_bool,
    as_int,
    as_list,
    as_name,
    as_object,
    as_str,
    brief,
    clip,
    retry_after,
)
from ._once import WarnOnce
from .catalog import League, Match, Sport, Team
from .const import API_KEY_HEADER, DEFAULT_API_URL, DEFAULT_REQUEST_TIMEOUT, PAGE_SIZE
from .exceptions import (
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
)
from .models import MatchResult, Snapshot, parse_result, parse_snapshot

_LOGGER = logging.getLogger(__name__)

_SCOPE_IN_DETAIL = re.compile(r"scope:\s*([\w.-]+)", re.IGNORECASE)
# Paging stops here even if the server keeps saying has_more. A real answer is tens to a few
# hundred items (a sport's leagues, a league's matches in a window of days); 2,000 is ten full
# pages at the documented maximum page size of 200, and a few hundred kilobytes parsed.
MAX_ITEMS = 2000
# The largest catalog page is a few hundred kilobytes; a bigger body is not read into memory.
MAX_BODY_BYTES = 1 << 20
_READ_CHUNK = 1 << 16

type QueryParams = Mapping[str, str | int]


class SportrixClient:
    """Call the Sportrix REST API on an aiohttp session owned (and closed) by the caller."""

    def __init__(
        self,
        api_key: str,
        session: aiohttp.ClientSession,
        base_url: str = DEFAULT_API_URL,
        *,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        page_size: int = PAGE_SIZE,
    ) -> None:
        """Store the key, the session and the API base URL."""
        self._api_key = api_key
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._page_size = page_size
        # A catalog is polled all day: each bad item or bad paging is warned about once.
        self._warn_once = WarnOnce(_LOGGER)
        # Called before every HTTP request, failed ones included: a caller's request budget.
        self.on_request: Callable[[], None] | None = None

    async def sports(self) -> list[Sport]:
        """Return the sports the key may access."""
        data = await self._get_json("/sports")
        if not isinstance(data, list):
            raise SportrixProtocolError("/sports did not return a JSON array")
        return self._parse_items(as_list(data), Sport.from_json, "/sports")

    async def leagues(self, sport: int) -> list[League]:
        """Return every league of a sport, following the pages."""
        items = await self._get_all_pages("/leagues", {"sport": sport})
        return self._parse_items(items, League.from_json, "/leagues")

    async def active_leagues(self, sport: int) -> list[League]:
        """Return the leagues of a sport with a match not started or in play."""
        items = await self._get_all_pages("/leagues/active", {"sport": sport})
        return self._parse_items(items, League.from_json, "/leagues/active")

    async def teams(self, league: int) -> list[Team]:
        """Return the teams of a league, with their kit images."""
        # Whether /teams pages is not documented: take a bare array or an envelope.
        data = await self._get_json("/teams", {"league": league, "limit": self._page_size})
        if isinstance(data, list):
            items = as_list(data)
        elif (page := as_object(data)) is not None and isinstance(page.get("items"), list):
            items = as_list(page.get("items"))
            if as_bool(page.get("has_more")) is True:
                items = await self._get_all_pages("/teams", {"league": league})
        else:
            raise SportrixProtocolError("/teams did not return a list of teams")
        return self._parse_items(items, Team.from_json, "/teams")

    async def active_matches(self, league: int) -> list[Match]:
        """Return a league's matches not started or in play."""
        items = await self._get_all_pages("/matches/active", {"league": league})
        return self._parse_items(items, Match.from_json, "/matches/active")

    async def live_matches(self, sport: int) -> list[Match]:
        """Return every match in play in a sport, across its leagues."""
        data = await self._get_json("/matches/live", {"sport": sport})
        if not isinstance(data, list):
            raise SportrixProtocolError("/matches/live did not return a JSON array")
        return self._parse_items(as_list(data), Match.from_json, "/matches/live")

    async def matches(
        self,
        league: int,
        status: str | None = None,
        start_after: datetime | None = None,
        start_before: datetime | None = None,
    ) -> list[Match]:
        """Return every match of a league, optionally filtered, following the pages."""
        params: dict[str, str | int] = {"league": league}
        if status is not None:
            params["status"] = status
        if start_after is not None:
            params["start_after"] = _format_datetime(start_after)
        if start_before is not None:
            params["start_before"] = _format_datetime(start_before)
        items = await self._get_all_pages("/matches", params)
        return self._parse_items(items, Match.from_json, "/matches")

    async def match(self, match_id: int) -> Match:
        """Return one match of the catalog."""
        return Match.from_json(await self._get_json(f"/matches/{match_id}"))

    async def live(self, match_id: int) -> Snapshot:
        """Return the freshest live snapshot of a match."""
        data = await self._get_json(f"/matches/{match_id}/live")
        return parse_snapshot(data, match_id=match_id)

    async def result(self, match_id: int) -> MatchResult:
        """Return a match's half-time and full-time snapshots; 404 until either is recorded."""
        data = await self._get_json(f"/matches/{match_id}/result")
        return parse_result(data, match_id=match_id)

    async def health(self) -> bool:
        """Return whether the service answers its liveness probe; never raises for an outage."""
        try:
            status, _, _ = await self._request("/health", None, authenticated=False)
        except SportrixConnectionError as err:
            _LOGGER.debug("Sportrix health check failed: %s", err)
            return False
        return 200 <= status < 300

    async def _get_all_pages(self, path: str, params: QueryParams) -> list[object]:
        """Return the items of every page of a paginated endpoint, each item once.

        Paging ends where has_more says so, and also where the server cannot be trusted to
        end it: a page with nothing new (an offset ignored), `total` items received, or
        MAX_ITEMS. Every page must bring a new item, so the requests are bounded too.
        """
        items: list[object] = []
        seen: set[str] = set()
        last_keys: list[str] = []
        offset = 0
        while True:
            page = as_object(
                await self._get_json(path, {**params, "limit": self._page_size, "offset": offset})
            )
            if page is None or not isinstance(page.get("items"), list):
                raise SportrixProtocolError(f"{path} did not return a pagination envelope")
            page_items = as_list(page.get("items"))
            keys = [_item_key(item) for item in page_items]
            received = len(seen)
            for key, item in zip(keys, page_items, strict=True):
                if key not in seen:
                    seen.add(key)
                    items.append(item)
            if as_bool(page.get("has_more")) is not True or not page_items:
                return items
            if len(seen) == received:
                why = (
                    "the same page came back (the server may ignore offset)"
                    if keys == last_keys
                    else "a page brought no new items"
                )
                self._warn_once.log(("paging", path), "Stopped paging %s: %s", path, why)
                return items
            if (total := as_int(page.get("total"))) is not None and len(seen) >= total:
                _LOGGER.debug("Stopped paging %s at its total of %d items", path, total)
                return items
            if len(items) >= MAX_ITEMS:
                self._warn_once.log(
                    ("paging", path),
                    "Stopped paging %s at %d items: the server says there are more",
                    path,
                    MAX_ITEMS,
                )
                return items[:MAX_ITEMS]
            last_keys = keys
            # Advance by what was received: the server may clamp the requested limit.
            offset += len(page_items)

    def _parse_items[T](
        self, items: Sequence[object], parse: Callable[[object], T], path: str
    ) -> list[T]:
        """Parse catalog items, skipping the malformed ones: each is warned about once."""
        parsed: list[T] = []
        for item in items:
            try:
                parsed.append(parse(item))
            except SportrixProtocolError as err:
                self._warn_once.log(
                    ("item", path, brief(item)), "Skipping a malformed item from %s: %s", path, err
                )
        return parsed

    async def _get_json(self, path: str, params: QueryParams | None = None) -> object:
        """Return the decoded JSON body of a GET, raising the mapped error on a failure status."""
        status, body, wait = await self._request(path, params, authenticated=True)
        if 300 <= status < 400:
            raise SportrixConnectionError(
                f"{path}: the server redirected the request (HTTP {status})"
            )
        if status >= 400:
            raise _error_for_status(status, _detail(body or b""), path, wait)
        if body is None:
            raise SportrixProtocolError(f"{path} returned more than {MAX_BODY_BYTES} bytes")
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as err:
            raise SportrixProtocolError(f"{path} returned a body that is not JSON") from err

    async def _request(
        self, path: str, params: QueryParams | None, *, authenticated: bool
    ) -> tuple[int, bytes | None, float | None]:
        """Perform a GET and return the status, the body (None if too large) and Retry-After."""
        headers = {API_KEY_HEADER: self._api_key} if authenticated else {}
        if self.on_request is not None:
            self.on_request()
        try:
            async with self._session.get(
                f"{self._base_url}{path}",
                params=params,
                headers=headers,
                timeout=self._timeout,
                # aiohttp would send the key along to wherever a redirect points.
                allow_redirects=False,
            ) as response:
                body = await _read_limited(response)
                return response.status, body, retry_after(response.headers.get("Retry-After"))
        except aiohttp.ClientResponseError as err:
            # Only reached when the caller's session was created with raise_for_status.
            wait = retry_after(err.headers.get("Retry-After")) if err.headers else None
            raise _error_for_status(err.status, err.message, path, wait) from None
        except TimeoutError as err:
            raise SportrixConnectionError(f"timed out requesting {path}") from err
        except aiohttp.ClientError as err:
            raise SportrixConnectionError(
                f"cannot reach the Sportrix API ({path}): {clip(str(err))}"
            ) from err


async def _read_limited(response: aiohttp.ClientResponse) -> bytes | None:
    """Return the body, or None as soon as it proves larger than MAX_BODY_BYTES."""
    if (response.content_length or 0) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in response.content.iter_chunked(_READ_CHUNK):
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def _item_key(item: object) -> str:
    """Return what tells a catalog item from another: its id, else its name, else its JSON.

    Matches, leagues and sports have an id; teams have only a name.
    """
    if (fields := as_object(item)) is not None:
        if (item_id := as_int(fields.get("id"))) is not None:
            return f"id:{item_id}"
        if (name := as_name(fields.get("name"))) is not None:
            return f"name:{name}"
    try:
        return "json:" + json.dumps(item, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return "brief:" + brief(item)


def _error_for_status(
    status: int, detail: str | None, path: str, wait: float | None
) -> SportrixError:
    """Map an HTTP failure status to the exception tree."""
    if detail:
        detail = clip(detail)
    message = f"{path}: HTTP {status}" + (f": {detail}" if detail else "")
    if status == 401:
        return SportrixAuthError(message)
    if status == 403:
        found = _SCOPE_IN_DETAIL.search(detail or "")
        return SportrixForbiddenError(message, scope=found[1] if found else None)
    if status == 404:
        return SportrixNotFoundError(message)
    if status == 429 or status >= 500:
        return SportrixConnectionError(message, retry_after=wait)
    return SportrixError(message)


def _detail(body: bytes) -> str | None:
    """Return the error body's `detail` as text; FastAPI validation lists are flattened."""
    try:
        data: object = json.loads(body)
    except (ValueError, RecursionError):
        text = body.decode(errors="replace").strip()
        return clip(text) or None
    detail = (as_object(data) or {}).get("detail")
    if isinstance(detail, list):
        return "; ".join(_validation_message(item) for item in as_list(detail)) or None
    return as_str(detail)


def _validation_message(item: object) -> str:
    """Return one FastAPI validation error as "query.sport: Field required"."""
    if (error := as_object(item)) is None:
        return str(item)
    location = ".".join(str(part) for part in as_list(error.get("loc")))
    message = as_str(error.get("msg")) or "invalid"
    return f"{location}: {message}" if location else message


def _format_datetime(value: datetime) -> str:
    """Return a datetime in the API's ISO 8601 UTC form; naive values are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
