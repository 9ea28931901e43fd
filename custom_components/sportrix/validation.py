"""The flows' checks, without Home Assistant: what the user types, and what a failure means.

Match IDs, server URLs and the key's unique ID; and the one mapping of the client's errors to
the form error keys every flow shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import hashlib
import logging
import re
from types import TracebackType
from typing import Final, Self
from urllib.parse import urlsplit

from .api import (
    SportrixAuthError,
    SportrixError,
    SportrixForbiddenError,
    SportrixProtocolError,
    is_loopback,
)
from .const import CONF_API_URL, CONF_STREAM_URL, MAX_MATCH_ID, MAX_MATCHES

# ASCII only: str.isdigit() and int() would also take other scripts' digits.
_DIGITS = re.compile(r"[0-9]+")
# What the separators (whitespace and commas) leave: each should be one match ID.
_TOKEN = re.compile(r"[^\s,]+")
# Where a typed name ends: "Manchester United, 41282" names "Manchester United".
_NAME_END = re.compile(r"[,\d]")
# A typed name is shown back in the error; a paste of a page is not.
_NAME_CHARS: Final = 60

# The error of a name typed where match IDs belong, and its placeholder: the name typed.
TEAM_NAME_TYPED: Final = "team_name_typed"
TYPED_VALUE: Final = "value"

_LOGGER = logging.getLogger(__name__)

# The form error key of each client error, the most specific first. Any other client error is
# a call that failed (an outage, a 429, a status the client does not expect); an exception
# that is not the client's is a bug.
_ERROR_KEYS: Final[tuple[tuple[type[SportrixError], str], ...]] = (
    (SportrixAuthError, "invalid_auth"),
    (SportrixForbiddenError, "no_fixtures"),
    (SportrixProtocolError, "catalog_invalid"),
    (SportrixError, "cannot_connect"),
)
UNKNOWN_ERROR: Final = "unknown"


class MatchIdsError(ValueError):
    """Match IDs text that cannot be followed; `reason` is the form's error key."""

    def __init__(self, reason: str, placeholders: Mapping[str, str] | None = None) -> None:
        """Store the translation key of the error and the values its text names."""
        super().__init__(reason)
        self.reason = reason
        self.placeholders: dict[str, str] = dict(placeholders or {})


def unique_id_for_key(api_key: str) -> str:
    """Return the entry's unique ID: the full SHA-256 hex digest of the API key."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def parse_match_ids(text: str, *, allow_empty: bool = False) -> list[int]:
    """Return the match IDs in text, in order, without duplicates; raise MatchIdsError."""
    ids: dict[int, None] = {}  # a dict keeps the first occurrence's order
    for found in _TOKEN.finditer(text):
        token = found.group()
        if _is_word(token):
            # A name where an ID belongs: a team is followed through "Add team" instead.
            raise MatchIdsError(TEAM_NAME_TYPED, {TYPED_VALUE: _typed_name(text, found.start())})
        # Bound the length before int(): huge digit strings are slow or refused by Python.
        if not _DIGITS.fullmatch(token) or len(token.lstrip("0")) > len(str(MAX_MATCH_ID)):
            raise MatchIdsError("invalid_match_ids")
        match_id = int(token)
        if not 0 < match_id <= MAX_MATCH_ID:
            raise MatchIdsError("invalid_match_ids")
        ids[match_id] = None
    if not ids and not allow_empty:
        raise MatchIdsError("invalid_match_ids")
    if len(ids) > MAX_MATCHES:
        raise MatchIdsError("too_many_matches")
    return list(ids)


def parse_picked_match_ids(values: Iterable[str]) -> list[int]:
    """Return the match IDs of a picker's selection; typed values may hold several IDs."""
    # A typed value is free text: "41282, 50001" pasted into the picker is two matches. Commas
    # between the values keep two typed names apart in the error.
    return parse_match_ids(", ".join(values), allow_empty=True)


def _is_word(token: str) -> bool:
    """Tell whether a token is a word (letters of any script, no digit): a name, not an ID."""
    return any(char.isalpha() for char in token) and not any(char.isdigit() for char in token)


def _typed_name(text: str, start: int) -> str:
    """Return the name typed from start: its words up to the next comma or digit, clipped."""
    name = _NAME_END.split(text[start:], maxsplit=1)[0].strip()
    return name if len(name) <= _NAME_CHARS else f"{name[: _NAME_CHARS - 1]}…"


def format_match_ids(match_ids: Iterable[int]) -> str:
    """Return match IDs as the text field shows them: "41282, 50001"."""
    return ", ".join(str(match_id) for match_id in match_ids)


def url_error(url: str, *, secure_scheme: str, plain_scheme: str) -> str | None:
    """Return the error key for a server URL, or None when it may be used."""
    if not url or any(char.isspace() for char in url):
        return "invalid_url"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises for a port that is not a number in range
    except ValueError:
        return "invalid_url"
    # A key in a query (the docs' browser form) or in user:password would be stored, shown in
    # diagnostics and sent in the clear to proxies; a query also breaks the REST paths.
    if not host or parts.query or parts.fragment or parts.username or parts.password:
        return "invalid_url"
    scheme = parts.scheme.lower()
    if scheme == secure_scheme:
        return None
    if scheme != plain_scheme:
        return "invalid_url"
    # Plain text would expose the key on the network; on this computer nobody can listen.
    return None if is_loopback(host) else "insecure_url"


def url_errors(stream_url: str, api_url: str) -> dict[str, str]:
    """Return the form errors of the two server URLs."""
    errors: dict[str, str] = {}
    if error := url_error(stream_url, secure_scheme="wss", plain_scheme="ws"):
        errors[CONF_STREAM_URL] = error
    if error := url_error(api_url, secure_scheme="https", plain_scheme="http"):
        errors[CONF_API_URL] = error
    return errors


def error_key(err: Exception) -> str:
    """Return the form error key of what a Sportrix call raised."""
    return next((key for kind, key in _ERROR_KEYS if isinstance(err, kind)), UNKNOWN_ERROR)


class FlowFailure:
    """Catch what the Sportrix calls in a `with` block raise, as the form error key in `key`.

    Every flow step that calls Sportrix shows its failure through this one mapping. The
    client's errors are expected and logged at debug; any other exception is logged with its
    traceback (the client's messages never carry the key, so it is safe to log).
    """

    def __init__(self, doing: str, *, renamed: Mapping[str, str] | None = None) -> None:
        """Name what the block does, for the log; `renamed` maps a key to the form's own one."""
        self._doing = doing
        self._renamed = renamed or {}
        self.key: str | None = None

    def __enter__(self) -> Self:
        """Return itself, whose `key` is set once the block has failed."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        """Keep the key of an exception and swallow it; let cancellation through."""
        if not isinstance(exc, Exception):
            return False
        key = error_key(exc)
        if key == UNKNOWN_ERROR:
            _LOGGER.error("Unexpected error while %s", self._doing, exc_info=exc)
        else:
            _LOGGER.debug("Sportrix Data failed while %s: %s", self._doing, exc)
        self.key = self._renamed.get(key, key)
        return True
