"""Lenient converters from decoded JSON values to typed values.

Every helper returns None (or an empty value) instead of raising when the input has the wrong
type, so one odd field never costs the rest of a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
import ipaddress
import math
import reprlib
from typing import cast
import unicodedata

type Number = int | float
type JsonObject = Mapping[str, object]

# Every kick-off and feed timestamp falls in this century. What lies outside is a placeholder
# ("0001-01-01T00:00:00Z" for "not set yet", "9999-12-31T23:59:59Z" for "never") that would
# overflow later arithmetic: a kick-off minus a margin, or local time west of UTC. A fixed
# range, rather than one around the current time, parses a payload the same way whatever the
# clock says (a frozen clock in tests, a host whose clock is wrong).
EARLIEST_TIME = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2100, 1, 1, tzinfo=UTC)
# Text from the feed is cut to this many characters wherever it is logged or put in an error.
LOGGED_CHARS = 200
_ELLIPSIS = "…"


def as_object(value: object) -> JsonObject | None:
    """Return value as a JSON object, or None."""
    # Decoded JSON is a plain dict: checked first, since an ABC check costs ten times more.
    if type(value) is dict:
        return value
    if isinstance(value, Mapping):
        # Decoded JSON objects always have string keys.
        return cast(JsonObject, value)
    return None


def as_list(value: object) -> Sequence[object]:
    """Return value as a JSON array; anything else (null included) is empty."""
    if type(value) is list or isinstance(value, list | tuple):
        return cast(Sequence[object], value)
    return ()


def as_int(value: object) -> int | None:
    """Return value as an int; integral floats and digit strings are accepted, bools are not."""
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_number(value: object) -> Number | None:
    """Return value as an int or a finite float; numeric strings are accepted, bools are not."""
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        if (number := as_int(value)) is not None:
            return number
        try:
            parsed = float(value.strip())
        except ValueError:
            return None
        return parsed if math.isfinite(parsed) else None
    return None


def as_float(value: object) -> float | None:
    """Return value as a finite float; an integer too large for a float is None."""
    number = as_number(value)
    if number is None:
        return None
    try:
        return float(number)
    except OverflowError:
        return None


def as_str(value: object) -> str | None:
    """Return value as a string; numbers are turned into their text, bools are not."""
    if type(value) is str or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:
            # An integer past Python's limit on digits converted to text.
            return None
    return None


def as_name(value: object) -> str | None:
    """Return a name (a team, a competition) in Unicode NFC without surrounding whitespace.

    The case is kept. A name that is blank once stripped is None.
    """
    text = as_str(value)
    if text is None:
        return None
    if not text.isascii():
        # The same name composed differently ("a" + combining ring, or "å") is one name.
        text = unicodedata.normalize("NFC", text)
    return text.strip() or None


def as_bool(value: object) -> bool | None:
    """Return value when it is a JSON boolean."""
    return value if isinstance(value, bool) else None


def as_datetime(value: object) -> datetime | None:
    """Return an ISO 8601 timestamp as an aware datetime; a missing offset means UTC.

    A time outside EARLIEST_TIME..LATEST_TIME is None, like one that does not parse.
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        # A time whose UTC form is out of range would fail wherever it is converted later.
        parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return parsed if EARLIEST_TIME <= parsed < LATEST_TIME else None


def as_seconds(value: object) -> float | None:
    """Return a non-negative number of seconds."""
    seconds = as_float(value)
    return seconds if seconds is not None and seconds >= 0 else None


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return a Retry-After header in seconds from now, in either of its forms.

    The header holds seconds or an HTTP date; a date in the past means at once.
    """
    if value is None:
        return None
    if (seconds := as_seconds(value)) is not None:
        return seconds
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if not EARLIEST_TIME <= when < LATEST_TIME:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_BRIEF = reprlib.Repr(maxlevel=3, maxstring=80, maxother=80, maxlong=40)


def clip(text: str, limit: int = LOGGED_CHARS) -> str:
    """Return text cut to limit characters, the last one an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def brief(value: object) -> str:
    """Return a short repr of any decoded value, at most LOGGED_CHARS characters long.

    Text (a whole frame, say) keeps its beginning; structures keep a few items of each level.
    """
    if isinstance(value, str | bytes):
        # Cut before repr(): a frame can be megabytes long.
        return clip(repr(value[:LOGGED_CHARS]))
    if isinstance(value, int) and value.bit_length() > 256:
        # Its digits would cost time and say nothing; Pythons also word the refusal apart.
        return "<int>"
    try:
        return clip(_BRIEF.repr(value))
    except ValueError:
        # Python 3.13.0's reprlib still converts an integer of any size to text.
        return f"<{type(value).__name__}>"


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address is this computer."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
