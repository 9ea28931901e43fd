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
# A connection that stayed up this long resets the backoff: the next failure is a new outage.
DEFAULT_STABLE_AFTER: Final = 60.0
# A match refused as not live is asked again at kick-off (plus the grace) when that is known
# and ahead, else after the initial delay, doubling up to the maximum.
DEFAULT_NOT_LIVE_RETRY_INITIAL: Final = 30.0
DEFAULT_NOT_LIVE_RETRY_MAX: Final = 600.0
DEFAULT_KICK_OFF_GRACE: Final = 5.0
# A key's sport allowlist changes rarely: ask again now and then.
DEFAULT_SPORT_RETRY: Final = 600.0
# The documented maximum page size; larger values are clamped by the server anyway.
PAGE_SIZE: Final = 200
