"""Lenient converters from decoded JSON values to typed values.

Every helper returns None (or an empty value) instead of raising when the input has the wrong
type, so one odd field never costs the rest of a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
import math
from typing import cast

type Number = int | float
type JsonObject = Mapping[str, object]


def as_object(value: object) -> JsonObject | None:
    """Return value as a JSON object, or None."""
    if isinstance(value, Mapping):
        # Decoded JSON objects always have string keys.
        return cast(JsonObject, value)
    return None


def as_list(value: object) -> Sequence[object]:
    """Return value as a JSON array; anything else (null included) is empty."""
    if isinstance(value, list | tuple):
        return cast(Sequence[object], value)
    return ()


def as_int(value: object) -> int | None:
    """Return value as an int; integral floats and digit strings are accepted, bools are not."""
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
    """Return value as a finite float."""
    number = as_number(value)
    return None if number is None else float(number)


def as_str(value: object) -> str | None:
    """Return value as a string; numbers are turned into their text, bools are not."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
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
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def as_seconds(value: object) -> float | None:
    """Return a Retry-After header given in seconds; the HTTP-date form is ignored."""
    seconds = as_float(value)
    return seconds if seconds is not None and seconds >= 0 else None
