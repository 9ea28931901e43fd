"""Tests for the lenient converters that every parser relies on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.sportrix.api._coerce import as_datetime, as_float, as_str, retry_after

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
