"""Tests for warning about a recurring problem once."""

from __future__ import annotations

import logging

import pytest

from custom_components.sportrix.api._once import WarnOnce

LOGGER = "tests.api.once"


def _levels(caplog: pytest.LogCaptureFixture) -> list[str]:
    levels = [record.levelname for record in caplog.records if record.name == LOGGER]
    caplog.clear()
    return levels


def test_each_problem_is_warned_once_then_logged_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    once = WarnOnce(logging.getLogger(LOGGER))

    for _ in range(3):
        once.log("a", "problem %s", "a")
    once.log("b", "problem %s", "b")
    assert _levels(caplog) == ["WARNING", "DEBUG", "DEBUG", "WARNING"]
    assert caplog.text == ""

    once.clear()
    once.log("a", "problem %s", "a")
    assert _levels(caplog) == ["WARNING"]


def test_memory_is_bounded_and_keeps_the_recent_problems(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    once = WarnOnce(logging.getLogger(LOGGER), size=2)

    once.log("a", "a")
    once.log("b", "b")
    # Seen again, "a" is the most recent: "b" is the one forgotten next.
    once.log("a", "a")
    once.log("c", "c")
    assert _levels(caplog) == ["WARNING", "WARNING", "DEBUG", "WARNING"]
    once.log("a", "a")
    once.log("b", "b")
    assert _levels(caplog) == ["DEBUG", "WARNING"]
