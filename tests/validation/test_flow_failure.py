"""Tests of the one mapping of Sportrix client errors to the flows' form error keys."""

import asyncio
import logging

import pytest

from custom_components.sportrix.api import (
    SportrixAuthError,
    SportrixConnectionError,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
)
from custom_components.sportrix.validation import FlowFailure, error_key


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (SportrixAuthError("HTTP 401"), "invalid_auth"),
        (SportrixForbiddenError("HTTP 403", scope="fixtures"), "no_fixtures"),
        (SportrixProtocolError("not a JSON array"), "catalog_invalid"),
        (SportrixConnectionError("HTTP 429", retry_after=30), "cannot_connect"),
        (SportrixNotFoundError("HTTP 404"), "cannot_connect"),
        (SportrixError("HTTP 418"), "cannot_connect"),
        (RuntimeError("boom"), "unknown"),
    ],
)
def test_error_key(error: Exception, key: str) -> None:
    assert error_key(error) == key


def test_nothing_raised_leaves_no_key() -> None:
    with FlowFailure("testing") as failure:
        pass
    assert failure.key is None


def test_a_client_error_is_kept_and_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with FlowFailure("reading the catalog") as failure:
        raise SportrixConnectionError("timed out requesting /sports")
    assert failure.key == "cannot_connect"
    (record,) = caplog.records
    assert record.levelno == logging.DEBUG
    assert record.getMessage() == (
        "Sportrix Data failed while reading the catalog: timed out requesting /sports"
    )
    assert record.exc_info is None


def test_an_unexpected_error_is_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with FlowFailure("validating the Sportrix configuration") as failure:
        raise RuntimeError("boom")
    assert failure.key == "unknown"
    assert "Unexpected error while validating the Sportrix configuration" in caplog.text
    assert "RuntimeError: boom" in caplog.text


def test_a_form_renames_the_keys_it_shows_otherwise() -> None:
    renamed = {"cannot_connect": "catalog_unavailable"}
    with FlowFailure("loading the catalog", renamed=renamed) as failure:
        raise SportrixConnectionError("HTTP 503")
    assert failure.key == "catalog_unavailable"
    with FlowFailure("loading the catalog", renamed=renamed) as failure:
        raise SportrixAuthError("HTTP 401")
    assert failure.key == "invalid_auth"


def test_cancellation_is_not_caught() -> None:
    failure = FlowFailure("loading the catalog")
    with pytest.raises(asyncio.CancelledError), failure:
        raise asyncio.CancelledError
    assert failure.key is None
