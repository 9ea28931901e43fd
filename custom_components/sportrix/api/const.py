"""Defaults of the Sportrix client."""

from __future__ import annotations

from typing import Final

DEFAULT_API_URL: Final = "https://api.sportrixdata.com/api"
DEFAULT_STREAM_URL: Final = "wss://scores.sportrixdata.com/v1/stream"

API_KEY_HEADER: Final = "X-API-Key"

DEFAULT_REQUEST_TIMEOUT: Final = 10.0
# The server pings every 30 s; the documentation recommends a 60 s read deadline.
DEFAULT_READ_TIMEOUT: Final = 60.0
DEFAULT_SUBSCRIBE_TIMEOUT: Final = 10.0
DEFAULT_CONNECT_TIMEOUT: Final = 10.0
DEFAULT_BACKOFF_INITIAL: Final = 1.0
DEFAULT_BACKOFF_MAX: Final = 300.0
# The documented maximum page size; larger values are clamped by the server anyway.
PAGE_SIZE: Final = 200
