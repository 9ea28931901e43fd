"""Exceptions raised by the Sportrix client."""

from __future__ import annotations


class SportrixError(Exception):
    """Base class for every Sportrix client error."""


class SportrixConnectionError(SportrixError):
    """The service could not be reached or asked us to back off (network, timeout, 429, 5xx)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        """Store the message and the server's Retry-After hint in seconds, if any."""
        super().__init__(message)
        self.retry_after = retry_after


class SportrixAuthError(SportrixError):
    """The API key is missing, unknown, disabled, expired or lacks the stream scope (401)."""


class SportrixForbiddenError(SportrixError):
    """The API key lacks the scope an endpoint needs (403)."""

    def __init__(self, message: str, *, scope: str | None = None) -> None:
        """Store the message and the missing scope named by the server, if any."""
        super().__init__(message)
        self.scope = scope


class SportrixNotFoundError(SportrixError):
    """The resource does not exist, is outside the sport allowlist or has no data yet (404)."""


class SportrixProtocolError(SportrixError):
    """A payload from the service cannot be parsed."""
