"""Tests for the lenient converters that every parser relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.sportrix.api._coerce import (
    as_datetime,
    as_float,
    as_name,
    as_str,
    brief,
    clip,
    retry_after,
)

NOW = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0.5", 0.5),
        (" 30 ", 30.0),
        ("Thu, 18 Jun 2026 12:01:30 GMT", 90.0),
        # A date already past means at once.
        ("Thu, 18 Jun 2026 11:00:00 GMT", 0.0),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("NaN", None),
        ("1e400", None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, NOW) == seconds


def test_retry_after_defaults_to_the_current_time() -> None:
    wait = retry_after("Thu, 01 Jan 2099 00:00:00 GMT")

    assert wait is not None
    assert wait > 3600


def test_values_beyond_float_and_text_limits() -> None:
    assert as_float(10**400) is None
    assert as_float("1e400") is None
    assert as_float(10**300) == 1e300
    assert as_str(10**5000) is None
    assert as_str(12) == "12"
    assert as_datetime("9999-12-31T23:59:59-23:59") is None
    assert as_datetime("0001-01-01T00:00:00+01:00") is None
    assert as_datetime("2026-06-18T02:56:50+02:00") == datetime(2026, 6, 18, 0, 56, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The usual "not set yet" and "never" placeholders.
        ("0001-01-01T00:00:00Z", None),
        ("9999-12-31T23:59:59Z", None),
        ("1999-12-31T23:59:59Z", None),
        ("2000-01-01T00:00:00Z", datetime(2000, 1, 1, tzinfo=UTC)),
        ("2099-12-31T23:59:59Z", datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2100-01-01T00:00:00Z", None),
        # The range is of the UTC time: this is 1999-12-31T23:30:00Z.
        ("2000-01-01T00:30:00+01:00", None),
    ],
)
def test_datetimes_out_of_range_are_none(text: str, expected: datetime | None) -> None:
    assert as_datetime(text) == expected


def test_an_accepted_datetime_survives_arithmetic_and_local_time() -> None:
    for text in ("2000-01-01T00:00:00Z", "2099-12-31T23:59:59Z"):
        moment = as_datetime(text)
        assert moment is not None
        moment -= timedelta(minutes=15)
        moment.astimezone(timezone(timedelta(hours=-12)))
        moment.astimezone(timezone(timedelta(hours=14)))


def test_retry_after_dates_out_of_range_are_ignored() -> None:
    assert retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW) is None
    assert retry_after("Fri, 01 Jan 2100 00:00:00 GMT", NOW) is None


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("  Arsenal\t", "Arsenal"),
        ("\u00a0Täby FK\n", "Täby FK"),
        # "a" and a combining diaeresis is the same name as "ä".
        ("Ta\u0308by FK", "Täby FK"),
        ("AIK", "AIK"),
        ("arsenal", "arsenal"),
        ("   ", None),
        ("", None),
        (7, "7"),
        (None, None),
        (["Arsenal"], None),
    ],
)
def test_names_are_stripped_and_composed(value: object, name: str | None) -> None:
    assert as_name(value) == name


def test_clip() -> None:
    assert clip("short") == "short"
    assert clip("a" * 200) == "a" * 200
    assert clip("a" * 201) == "a" * 199 + "…"
    assert clip("abcdef", 4) == "abc…"


@pytest.mark.parametrize(
    "value",
    [
        "x" * 10_000,
        b"y" * 10_000,
        {f"key{n}": "v" * 300 for n in range(10)},
        [[["deep" * 100] * 10] * 10] * 10,
        {"detail": [{"loc": ["query", "x" * 500], "msg": "m" * 500}] * 20},
    ],
    ids=["text", "bytes", "wide_object", "deep_array", "validation_errors"],
)
def test_brief_is_at_most_200_characters(value: object) -> None:
    text = brief(value)
    assert len(text) <= 200
    assert text.endswith("…")


def test_brief_keeps_the_beginning_of_text() -> None:
    assert brief("frame " + "x" * 1000).startswith("'frame xxx")
    assert brief("short") == "'short'"
    assert brief(10**5000) == "<int>"
