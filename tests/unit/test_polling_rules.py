"""When a match's live snapshot is polled: by its state, spread over the interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.sportrix.polling import (
    BEFORE_KICK_OFF,
    SLOW_INTERVAL,
    UNKNOWN_KICK_OFF_INTERVAL,
    first_poll,
    next_poll,
)

NOW = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
EVERY = timedelta(seconds=10)


@pytest.mark.parametrize(
    ("status", "kick_off", "expected"),
    [
        ("live", None, EVERY),
        ("ht", None, SLOW_INTERVAL),
        ("innings_break", None, SLOW_INTERVAL),
        ("ft", None, None),
        ("extra_time", None, EVERY),
        (None, None, UNKNOWN_KICK_OFF_INTERVAL),
        ("not_started", NOW + timedelta(hours=1), timedelta(hours=1) - BEFORE_KICK_OFF),
        (None, NOW + timedelta(minutes=3), SLOW_INTERVAL),
        # Slowly, but never past the kick-off; then at the pace of play, for a late start too.
        (None, NOW + timedelta(seconds=40), timedelta(seconds=30)),
        (None, NOW + timedelta(seconds=5), EVERY),
        (None, NOW - timedelta(minutes=10), EVERY),
        (None, NOW - timedelta(minutes=30), SLOW_INTERVAL),
    ],
)
def test_next_poll_follows_the_match(
    status: str | None, kick_off: datetime | None, expected: timedelta | None
) -> None:
    """Played: every interval; breaks and the last minutes before kick-off: slow; over: never."""
    assert next_poll(status, kick_off, NOW, EVERY) == expected


@pytest.mark.parametrize(
    ("status", "since", "expected"),
    [
        ("ht", NOW - timedelta(minutes=5), SLOW_INTERVAL),
        ("ht", NOW - timedelta(minutes=13), EVERY),
        ("innings_break", NOW - timedelta(minutes=7), SLOW_INTERVAL),
        ("innings_break", NOW - timedelta(minutes=8), EVERY),
    ],
)
def test_the_pace_of_play_resumes_towards_the_end_of_a_break(
    status: str, since: datetime, expected: timedelta
) -> None:
    """Half time is asked slowly, then every interval from two minutes before it usually ends."""
    assert next_poll(status, None, NOW, EVERY, since) == expected


def test_a_slow_interval_is_never_faster_than_the_chosen_one() -> None:
    """A user who polls every 90 s in play is not polled faster at half time."""
    assert next_poll("ht", None, NOW, timedelta(seconds=90)) == timedelta(seconds=90)


def test_first_polls_are_spread_over_the_interval() -> None:
    """Fifty matches added at once are first asked at fifty different moments in one interval."""
    offsets = {first_poll(match_id, EVERY) for match_id in range(41000, 41050)}
    assert len(offsets) == 50
    assert all(timedelta(0) <= offset < EVERY for offset in offsets)
    assert max(offsets) - min(offsets) > EVERY / 2
