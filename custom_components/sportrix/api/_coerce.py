"""Lenient converters from decoded JSON values to typed values.

Every helper returns None (or an empty value) instead of raising when the input has the wrong
type, so one odd field never costs the rest of a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
import math
import reprlib
from typing import cast

type Number = int | float
type JsonObject = Mapping[str, object]


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


def as_bool(value: object) -> bool | None:
    """Return value when it is a JSON boolean."""
    return value if isinstance(value, bool) else None


def as_datetime(value: object) -> datetime | None:
    """Return an ISO 8601 timestamp as an aware datetime; a missing offset means UTC."""
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
    return parsed


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
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_BRIEF = reprlib.Repr(maxlevel=3, maxstring=80, maxother=80, maxlong=40)


def brief(value: object) -> str:
    """Return a short repr of any decoded value, safe for deep or huge payloads."""
    try:
        return _BRIEF.repr(value)
    except ValueError:
        # Python 3.13.0's reprlib still converts an integer of any size to text.
        return f"<{type(value).__name__}>"
