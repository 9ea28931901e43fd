"""A small client for Home Assistant's REST, auth and WebSocket APIs, as the frontend uses them."""

from __future__ import annotations

from collections.abc import Mapping
import itertools
from types import TracebackType
from typing import Self, cast

import aiohttp

type Json = dict[str, object]


class HomeAssistantApiError(Exception):
    """Home Assistant answered a request with an error."""


def as_json_object(value: object, what: str) -> Json:
    """Return value as a JSON object, or raise naming what was expected."""
    if not isinstance(value, dict):
        raise HomeAssistantApiError(f"{what}: expected an object, got {value!r}")
    return cast("Json", value)


def as_json_list(value: object, what: str) -> list[Json]:
    """Return value as a list of JSON objects, or raise naming what was expected."""
    if not isinstance(value, list):
        raise HomeAssistantApiError(f"{what}: expected a list, got {value!r}")
    return [as_json_object(item, what) for item in value]


class HomeAssistantApi:
    """Talk to one Home Assistant over HTTP, with a bearer token once logged in."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        """Address a Home Assistant at base_url ("http://127.0.0.1:8123")."""
        self._session = session
        self.base_url = base_url.rstrip("/")
        self.client_id = f"{self.base_url}/"
        self.token: str | None = None

    def _headers(self) -> dict[str, str]:
        """Return the authorization header once there is a token."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(
        self, method: str, path: str, payload: Mapping[str, object] | None = None
    ) -> object:
        """Send a JSON request and return the JSON answer; raise on an HTTP error."""
        async with self._session.request(
            method, f"{self.base_url}{path}", json=payload, headers=self._headers()
        ) as response:
            body = await response.text()
            if response.status >= 400:
                raise HomeAssistantApiError(f"{method} {path}: HTTP {response.status}: {body}")
            return await response.json(content_type=None) if body else None

    async def get(self, path: str) -> object:
        """GET a JSON resource."""
        return await self.request("GET", path)

    async def post(self, path: str, payload: Mapping[str, object] | None = None) -> object:
        """POST a JSON body and return the JSON answer."""
        return await self.request("POST", path, payload)

    async def token_from_code(self, code: str) -> None:
        """Exchange an authorization code for an access token, as the frontend does."""
        async with self._session.post(
            f"{self.base_url}/auth/token",
            data={"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
        ) as response:
            body = await response.text()
            if response.status != 200:
                raise HomeAssistantApiError(f"token: HTTP {response.status}: {body}")
            answer = as_json_object(await response.json(content_type=None), "token")
        token = answer.get("access_token")
        if not isinstance(token, str):
            raise HomeAssistantApiError("token: no access_token in the answer")
        self.token = token

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow with Home Assistant's own auth provider."""
        flow = as_json_object(
            await self.post(
                "/auth/login_flow",
                {
                    "client_id": self.client_id,
                    "handler": ["homeassistant", None],
                    "redirect_uri": f"{self.base_url}/?auth_callback=1",
                },
            ),
            "login flow",
        )
        result = as_json_object(
            await self.post(
                f"/auth/login_flow/{flow['flow_id']}",
                {"username": username, "password": password, "client_id": self.client_id},
            ),
            "login",
        )
        code = result.get("result")
        if result.get("type") != "create_entry" or not isinstance(code, str):
            raise HomeAssistantApiError(f"login as {username!r} failed: {result.get('errors')}")
        await self.token_from_code(code)

    def websocket(self) -> HomeAssistantWebSocket:
        """Return a WebSocket connection (use with `async with`)."""
        if self.token is None:
            raise HomeAssistantApiError("log in before opening the WebSocket API")
        return HomeAssistantWebSocket(self._session, f"{self.base_url}/api/websocket", self.token)


class HomeAssistantWebSocket:
    """One authenticated WebSocket API connection: send a command, await its result."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        """Prepare a connection to url authenticated with token."""
        self._session = session
        self._url = url
        self._token = token
        self._ids = itertools.count(1)
        self._socket: aiohttp.ClientWebSocketResponse | None = None

    async def __aenter__(self) -> Self:
        """Connect and authenticate."""
        self._socket = await self._session.ws_connect(self._url, max_msg_size=0)
        hello = as_json_object(await self._socket.receive_json(), "websocket hello")
        if hello.get("type") != "auth_required":
            raise HomeAssistantApiError(f"websocket: unexpected greeting {hello}")
        await self._socket.send_json({"type": "auth", "access_token": self._token})
        answer = as_json_object(await self._socket.receive_json(), "websocket auth")
        if answer.get("type") != "auth_ok":
            raise HomeAssistantApiError(f"websocket: authentication failed: {answer}")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connection."""
        if self._socket is not None:
            await self._socket.close()

    async def next_event(self) -> Json:
        """Return the next event of a subscription on this connection."""
        if self._socket is None:
            raise HomeAssistantApiError("websocket: not connected")
        while True:
            message = as_json_object(await self._socket.receive_json(), "event")
            if message.get("type") == "event":
                return as_json_object(message.get("event"), "event")

    async def command(self, command_type: str, **fields: object) -> object:
        """Send one command and return its result; raise if Home Assistant refuses it."""
        if self._socket is None:
            raise HomeAssistantApiError("websocket: not connected")
        message_id = next(self._ids)
        await self._socket.send_json({"id": message_id, "type": command_type, **fields})
        while True:
            answer = as_json_object(await self._socket.receive_json(), command_type)
            if answer.get("id") != message_id or answer.get("type") != "result":
                continue
            if not answer.get("success"):
                raise HomeAssistantApiError(f"{command_type}: {answer.get('error')}")
            return answer.get("result")
