"""The request count of the last hour, the hourly plan, and a result's stamp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.sportrix.api import SoccerScore, SoccerSnapshot
from custom_components.sportrix.engine import MatchState, Source, apply
from custom_components.sportrix.lookups import RequestLog, planned_per_hour

NOW = datetime(2026, 6, 18, 2, 10, tzinfo=UTC)


def test_requests_are_counted_over_a_rolling_hour() -> None:
    """A request leaves the last hour an hour after it was made; the total keeps it."""
    now = [0.0]
    log = RequestLog(clock=lambda: now[0])
    log.count()
    now[0] = 1800.0
    log.count()
    log.count()
    assert (log.last_hour, log.total) == (3, 3)
    now[0] = 3600.0
    assert (log.last_hour, log.total) == (2, 3)
    now[0] = 5400.0
    assert (log.last_hour, log.total) == (0, 3)


def test_the_plan_counts_each_schedule_per_hour() -> None:
    """Catalog asks every 20 minutes, polls every 10 s, and results pending add up."""
    plan = planned_per_hour(
        catalog_asks=2,
        catalog_interval=timedelta(minutes=20),
        polled=3,
        poll_interval=timedelta(seconds=10),
        results=1,
    )
    assert plan == 2 * 3 + 3 * 360 + 1
    # An interval that does not divide the hour still asks at the start of its last part.
    assert (
        planned_per_hour(
            catalog_asks=1,
            catalog_interval=timedelta(minutes=25),
            polled=0,
            poll_interval=timedelta(0),
            results=0,
        )
        == 3
    )


def _final(home: int, at: datetime) -> SoccerSnapshot:
    return SoccerSnapshot(1, status="ft", score=SoccerScore(home, 0), updated_at=at)


def test_an_old_result_does_not_let_older_frames_back_in() -> None:
    """A result stamped before the frame held is taken; frames older than that one stay out."""
    held = apply(MatchState(1), _final(0, NOW), Source.STREAM, now=NOW).state
    taken = apply(held, _final(1, NOW - timedelta(minutes=5)), Source.RESULT, now=NOW)
    assert taken.ignored is None
    assert taken.state.updated_at == NOW
    stale = apply(taken.state, _final(0, NOW - timedelta(minutes=1)), Source.STREAM, now=NOW)
    assert stale.ignored is not None
