"""Tests for the subscription bookkeeping, driven by hand: no socket, no loop, no waiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import logging

import pytest

from custom_components.sportrix.api import (
    RefusalReason,
    Subscription,
    SubscriptionRefusal,
    SubscriptionState,
)
from custom_components.sportrix.api.subscriptions import Subscriptions, refusal_reason

LOGGER = "custom_components.sportrix.api.subscriptions"
NOT_LIVE = "match not live or not found"
NO_SPORT = "sport not enabled for this key"
OTHER = "invalid control message"
NOW = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
TIMEOUT = 10.0
PENDING, SUBSCRIBED, REFUSED = (
    SubscriptionState.PENDING,
    SubscriptionState.SUBSCRIBED,
    SubscriptionState.REFUSED,
)


@dataclass
class FakeTimer:
    """A timer that fires only when the test says so."""

    delay: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        """Stop the timer from firing."""
        self.cancelled = True


@dataclass
class Harness:
    """A Subscriptions with a settable clock, fake timers and a record of what it reported."""

    now: datetime = NOW
    timers: list[FakeTimer] = field(default_factory=list)
    refusals: list[SubscriptionRefusal] = field(default_factory=list)
    wakes: int = 0
    subs: Subscriptions = field(init=False)

    def __post_init__(self) -> None:
        """Build the bookkeeping on the fakes."""
        self.subs = Subscriptions(
            on_refusal=self.refusals.append,
            wake=self._wake,
            subscribe_timeout=TIMEOUT,
            not_live_retry_initial=30.0,
            not_live_retry_max=600.0,
            sport_retry=900.0,
            kick_off_grace=5.0,
            now=lambda: self.now,
            call_later=self._call_later,
        )

    def _wake(self) -> None:
        self.wakes += 1

    def _call_later(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(delay, callback)
        self.timers.append(timer)
        return timer

    @property
    def live_timers(self) -> list[FakeTimer]:
        """Return the timers not cancelled or fired."""
        return [timer for timer in self.timers if not timer.cancelled]

    def fire(self, timer: FakeTimer) -> None:
        """Advance the clock to a timer and run it."""
        assert not timer.cancelled
        timer.cancelled = True
        self.now += timedelta(seconds=timer.delay)
        timer.callback()

    def sends(self, at: float = 0.0) -> tuple[list[int], list[int]]:
        """Return what the writer would send at loop time at."""
        return self.subs.take_sends(at)

    def subscribes(self, at: float = 0.0) -> list[int]:
        """Return the subscribes the writer would send at loop time at."""
        unsubscribes, subscribes = self.sends(at)
        assert unsubscribes == []
        return subscribes

    def state(self, match_id: int) -> SubscriptionState:
        """Return the state of a wanted match."""
        return self.subs.views[match_id].state


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return what the bookkeeping logged, at any level."""
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)


@pytest.fixture
def harness() -> Harness:
    """Return bookkeeping online with nothing wanted yet."""
    harness = Harness()
    harness.subs.on_connected()
    return harness


def online_with(*match_ids: int) -> Harness:
    """Return bookkeeping online whose wanted matches are all sent."""
    harness = Harness()
    for match_id in match_ids:
        harness.subs.want(match_id, None)
    harness.subs.on_connected()
    assert harness.subscribes() == list(match_ids)
    return harness


# Pipelining and tying answers ------------------------------------------------------


def test_all_subscribes_go_at_once_and_snapshots_confirm_in_any_order() -> None:
    harness = online_with(1, 2, 3)

    assert harness.subs.on_snapshot(3, answer=True)
    assert harness.subs.on_snapshot(1, answer=True)
    assert harness.subs.on_snapshot(2, answer=True)

    assert harness.subs.subscribed == {1, 2, 3}
    assert not harness.subs.awaiting_answers
    assert harness.refusals == []


def test_error_with_one_subscribe_waiting_is_pinned_on_it() -> None:
    harness = online_with(1, 2)
    harness.subs.on_snapshot(1, answer=True)

    harness.subs.on_error(NOT_LIVE)

    assert harness.refusals == [SubscriptionRefusal(2, RefusalReason.NOT_LIVE, NOT_LIVE, 30.0)]
    assert harness.state(2) is REFUSED
    assert harness.subs.wanted == {1, 2}
    assert harness.subs.subscribed == {1}


def test_same_errors_for_several_subscribes_refuse_those_without_a_snapshot() -> None:
    harness = online_with(1, 2, 3, 4)

    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_snapshot(3, answer=True)
    harness.subs.on_error(NOT_LIVE)
    assert harness.refusals == []
    harness.subs.on_snapshot(1, answer=True)

    assert [refusal.match_id for refusal in harness.refusals] == [2, 4]
    assert {refusal.message for refusal in harness.refusals} == {NOT_LIVE}
    assert harness.subs.subscribed == {1, 3}
    # Nothing is asked again: the count proved which matches were refused.
    assert harness.sends() == ([], [])


def test_different_errors_are_settled_one_subscribe_at_a_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    harness = online_with(1, 2, 3)

    harness.subs.on_error(NO_SPORT)
    harness.subs.on_snapshot(2, answer=True)
    harness.subs.on_error(NOT_LIVE)

    assert harness.refusals == []
    assert logged(caplog) == [
        "An error frame with 3 subscribes waiting cannot be tied to one of them",
        "An error frame with 2 subscribes waiting cannot be tied to one of them",
        "Asking again, one at a time, for matches [1, 3]",
    ]
    assert harness.subscribes() == [1]
    assert harness.subscribes() == []
    harness.subs.on_error(NO_SPORT)
    assert harness.subscribes() == [3]
    harness.subs.on_error(NOT_LIVE)

    assert [(r.match_id, r.reason) for r in harness.refusals] == [
        (1, RefusalReason.SPORT_NOT_ENABLED),
        (3, RefusalReason.NOT_LIVE),
    ]
    assert harness.subs.subscribed == {2}
    assert logged(caplog)[-2:] == [
        f"The Sportrix stream refused match 1 ({NO_SPORT}); asking again in 900 s",
        f"The Sportrix stream refused match 3 ({NOT_LIVE}); asking again in 30 s",
    ]


def test_serial_mode_ends_when_the_connection_is_idle() -> None:
    harness = online_with(1, 2)
    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_error(NO_SPORT)
    assert harness.subscribes() == [1]
    harness.subs.on_snapshot(1, answer=True)
    # Still serial while the matches in question are settled.
    harness.subs.want(3, None)
    assert harness.subscribes() == [2]
    harness.subs.on_snapshot(2, answer=True)
    assert harness.subscribes() == [3]
    harness.subs.on_snapshot(3, answer=True)

    harness.subs.want(4, None)
    harness.subs.want(5, None)
    assert harness.subscribes() == [4, 5]


def test_an_answer_out_of_order_turns_serial() -> None:
    harness = online_with(1, 2)
    harness.subs.on_snapshot(2, answer=True)
    harness.subs.want(3, None)
    harness.subs.want(4, None)

    # Match 1 is still waiting: one subscribe at a time until it is answered.
    assert harness.subscribes() == []
    harness.subs.on_snapshot(1, answer=True)
    assert harness.subscribes() == [3]


def test_an_update_is_no_answer() -> None:
    harness = online_with(1)

    # An update can still come for a match just unsubscribed and subscribed again.
    assert harness.subs.on_snapshot(1, answer=False)
    assert harness.subs.awaiting_answers
    harness.subs.on_error(NOT_LIVE)
    assert [refusal.match_id for refusal in harness.refusals] == [1]


def test_error_with_nothing_waiting_is_ignored(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_snapshot(1, answer=True)

    harness.subs.on_error(NOT_LIVE)

    assert harness.refusals == []
    assert harness.subs.subscribed == {1}


# Subscribes without an answer ------------------------------------------------------------


def test_unanswered_subscribe_is_asked_again_after_a_grace(
    caplog: pytest.LogCaptureFixture,
) -> None:
    harness = online_with(1, 2)
    harness.subs.on_snapshot(2, answer=True)
    assert harness.subs.next_deadline() == TIMEOUT

    harness.subs.expire(TIMEOUT)
    assert logged(caplog) == ["No answer to the subscription of match 1 within 10 s; asking again"]
    assert harness.state(1) is PENDING
    # Its answer may still come: nothing is sent until the grace is over.
    assert harness.subscribes(TIMEOUT) == []
    assert harness.subs.next_deadline() == 2 * TIMEOUT
    harness.subs.expire(2 * TIMEOUT - 0.01)
    assert harness.subscribes(2 * TIMEOUT - 0.01) == []

    harness.subs.expire(2 * TIMEOUT)
    assert harness.subscribes(2 * TIMEOUT) == [1]
    harness.subs.on_error(NOT_LIVE)
    assert [refusal.match_id for refusal in harness.refusals] == [1]


def test_a_late_error_is_not_blamed_on_anything(caplog: pytest.LogCaptureFixture) -> None:
    harness = online_with(1)
    harness.subs.expire(TIMEOUT)

    harness.subs.on_error(NOT_LIVE)

    assert harness.refusals == []
    assert harness.state(1) is PENDING
    assert logged(caplog)[-1] == (
        "Taking an error as the late answer for match 1, which is asked again"
    )
    # The late answer is in: match 1 is asked again at once, and its own answer decides.
    assert harness.subscribes(TIMEOUT) == [1]
    harness.subs.on_error(NO_SPORT)
    assert [(r.match_id, r.reason) for r in harness.refusals] == [
        (1, RefusalReason.SPORT_NOT_ENABLED)
    ]


def test_a_late_snapshot_confirms_without_asking_again() -> None:
    harness = online_with(1)
    harness.subs.expire(TIMEOUT)

    assert harness.subs.on_snapshot(1, answer=True)

    assert harness.state(1) is SUBSCRIBED
    harness.subs.expire(2 * TIMEOUT)
    assert harness.subscribes(2 * TIMEOUT) == []


def test_a_silent_subscribe_does_not_make_a_counted_error_look_complete() -> None:
    harness = online_with(1, 2, 3)
    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_snapshot(3, answer=True)
    harness.subs.expire(TIMEOUT)
    assert harness.refusals == []

    # Past the grace, either of the two may have been the refused one: ask both again.
    harness.subs.expire(2 * TIMEOUT)
    assert harness.refusals == []
    assert harness.subscribes(2 * TIMEOUT) == [1]
    harness.subs.on_snapshot(1, answer=True)
    assert harness.subscribes(2 * TIMEOUT) == [2]
    harness.subs.on_error(NOT_LIVE)
    assert [refusal.match_id for refusal in harness.refusals] == [2]


def test_reasons_are_not_paired_once_a_counted_error_may_be_a_lost_one() -> None:
    harness = online_with(1)
    harness.subs.want(2, None)
    harness.subs.want(3, None)
    assert harness.subscribes(1.0) == [2, 3]
    # Match 1's subscribe is older; errors come for 1 and 2 while 3 waits.
    harness.subs.on_error(NO_SPORT)
    harness.subs.on_error(NOT_LIVE)
    harness.subs.expire(TIMEOUT)
    harness.subs.expire(2 * TIMEOUT)

    # Match 1 is given up on; which of the two reasons was its is unknown, so match 2 is
    # asked again rather than refused with a reason that may be match 1's.
    harness.subs.on_snapshot(3, answer=True)
    assert harness.refusals == []
    assert harness.subscribes(2 * TIMEOUT) == [1]


def test_timeouts_warn_once_per_connection(caplog: pytest.LogCaptureFixture) -> None:
    harness = online_with(1, 2)

    harness.subs.expire(TIMEOUT)

    levels = [r.levelno for r in caplog.records if "No answer to the subscription" in r.message]
    assert levels == [logging.WARNING, logging.DEBUG]


# Wanting and withdrawing ----------------------------------------------------------------


def test_wanting_twice_sends_one_subscribe(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subs.want(1, None)
    harness.subs.want(1, NOW)
    assert harness.subscribes() == [1]

    harness.subs.want(1, None)
    assert harness.subscribes() == []
    harness.subs.on_snapshot(1, answer=True)
    harness.subs.want(1, NOW + timedelta(hours=1))
    assert harness.subscribes() == []


def test_wanting_while_offline_waits_for_the_connection() -> None:
    harness = Harness()
    harness.subs.want(1, None)
    harness.subs.want(2, None)
    assert harness.wakes == 0
    assert harness.subs.views == {
        1: Subscription(1, PENDING, None, None),
        2: Subscription(2, PENDING, None, None),
    }

    harness.subs.on_connected()
    assert harness.subscribes() == [1, 2]


def test_wanting_while_online_wakes_the_writer(harness: Harness) -> None:
    harness.subs.want(1, None)

    assert harness.wakes == 1
    assert harness.subscribes() == [1]


def test_withdrawn_while_its_answer_is_on_the_way(caplog: pytest.LogCaptureFixture) -> None:
    harness = online_with(1, 2)
    harness.subs.unwant(1)
    harness.subs.unwant(2)
    assert harness.sends() == ([], [])

    # The snapshot answering it is not passed on, and is followed by the unsubscribe.
    assert not harness.subs.on_snapshot(1, answer=True)
    assert harness.sends() == ([1], [])
    # A refusal needs no unsubscribe, and is not reported.
    harness.subs.on_error(NOT_LIVE)
    assert harness.sends() == ([], [])
    assert harness.refusals == []
    assert harness.subs.wanted == frozenset()
    assert logged(caplog) == [
        "Ignoring a frame for match 1, which is not wanted",
        "Match 2 was refused after it was unsubscribed",
    ]


def test_withdrawn_and_wanted_again_while_its_answer_is_on_the_way() -> None:
    harness = online_with(1)
    harness.subs.unwant(1)
    harness.subs.want(1, None)

    assert harness.subs.on_snapshot(1, answer=True)

    assert harness.sends() == ([], [])
    assert harness.subs.subscribed == {1}


def test_withdrawing_a_subscribed_match_unsubscribes_it() -> None:
    harness = online_with(1, 2)
    harness.subs.on_snapshot(1, answer=True)
    harness.subs.on_snapshot(2, answer=True)

    harness.subs.unwant(1)
    harness.subs.unwant(3)

    assert harness.sends() == ([1], [])
    assert harness.subs.subscribed == {2}
    # Frames still on the way for it are not passed on.
    assert not harness.subs.on_snapshot(1, answer=False)
    assert harness.sends() == ([], [])


def test_withdrawn_then_wanted_again_unsubscribes_first() -> None:
    harness = online_with(1)
    harness.subs.on_snapshot(1, answer=True)

    harness.subs.unwant(1)
    harness.subs.want(1, None)

    assert harness.sends() == ([1], [1])


def test_disconnect_makes_subscribed_pending_and_keeps_refusals() -> None:
    harness = online_with(1, 2, 3)
    harness.subs.on_snapshot(1, answer=True)
    harness.subs.on_snapshot(2, answer=True)
    harness.subs.on_error(NOT_LIVE)

    harness.subs.on_disconnected()

    assert [harness.state(match_id) for match_id in (1, 2, 3)] == [PENDING, PENDING, REFUSED]
    assert not harness.subs.awaiting_answers
    harness.subs.on_connected()
    assert harness.subscribes() == [1, 2]


# Refusals and their retries ------------------------------------------------------------


def test_not_live_without_kick_off_doubles_up_to_the_maximum(harness: Harness) -> None:
    harness.subs.want(1, None)
    delays = []
    for _ in range(7):
        assert harness.subscribes() == [1]
        harness.subs.on_error(NOT_LIVE)
        (timer,) = harness.live_timers
        delays.append(timer.delay)
        assert harness.refusals[-1].retry_in == timer.delay
        assert harness.subs.views[1].retry_at == harness.now + timedelta(seconds=timer.delay)
        harness.fire(timer)
        assert harness.state(1) is PENDING

    assert delays == [30, 60, 120, 240, 480, 600, 600]
    assert len(harness.refusals) == 7


def test_not_live_with_kick_off_ahead_retries_after_kick_off(harness: Harness) -> None:
    harness.subs.want(1, NOW + timedelta(minutes=20))
    harness.subscribes()

    harness.subs.on_error(NOT_LIVE)

    (timer,) = harness.live_timers
    assert timer.delay == 20 * 60 + 5
    assert harness.subs.views[1] == Subscription(
        1,
        REFUSED,
        SubscriptionRefusal(1, RefusalReason.NOT_LIVE, NOT_LIVE, 1205.0),
        NOW + timedelta(seconds=1205),
    )
    # Past kick-off and still not live: the doubling schedule, from its start.
    harness.fire(timer)
    assert harness.subscribes() == [1]
    harness.subs.on_error(NOT_LIVE)
    assert harness.live_timers[0].delay == 30


def test_kick_off_in_the_past_uses_the_doubling_schedule(harness: Harness) -> None:
    harness.subs.want(1, NOW - timedelta(minutes=1))
    harness.subs.want(2, NOW)
    harness.subscribes()

    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_error(NOT_LIVE)

    assert [refusal.retry_in for refusal in harness.refusals] == [30, 30]


def test_naive_kick_off_is_utc(harness: Harness) -> None:
    harness.subs.want(1, (NOW + timedelta(minutes=1)).replace(tzinfo=None))
    harness.subscribes()

    harness.subs.on_error(NOT_LIVE)

    assert harness.refusals[0].retry_in == 65


def test_sport_not_enabled_retries_on_a_fixed_period(harness: Harness) -> None:
    harness.subs.want(1, NOW + timedelta(minutes=20))
    for _ in range(3):
        assert harness.subscribes() == [1]
        harness.subs.on_error(NO_SPORT)
        harness.fire(harness.live_timers[0])

    assert [refusal.retry_in for refusal in harness.refusals] == [900, 900, 900]


def test_other_refusals_ignore_the_kick_off(harness: Harness) -> None:
    harness.subs.want(1, NOW + timedelta(minutes=20))
    for _ in range(3):
        assert harness.subscribes() == [1]
        harness.subs.on_error(OTHER)
        harness.fire(harness.live_timers[0])

    assert [refusal.retry_in for refusal in harness.refusals] == [30, 60, 120]
    assert {refusal.reason for refusal in harness.refusals} == {RefusalReason.OTHER}


def test_a_new_kick_off_reschedules_a_not_live_retry(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subs.want(2, None)
    harness.subscribes()
    harness.subs.on_snapshot(2, answer=True)
    harness.subs.on_error(NOT_LIVE)
    (first,) = harness.live_timers

    harness.subs.want(1, NOW + timedelta(minutes=2))

    assert first.cancelled
    (second,) = harness.live_timers
    assert second.delay == 125
    view = harness.subs.views[1]
    assert view.retry_at == NOW + timedelta(seconds=125)
    assert view.refusal is not None
    assert view.refusal.retry_in == 125
    # The owner hears of refusals, not of a new plan.
    assert len(harness.refusals) == 1
    # A hint that is not ahead keeps the plan.
    harness.subs.want(1, NOW - timedelta(minutes=2))
    harness.subs.want(1, None)
    assert harness.live_timers == [second]
    harness.fire(second)
    assert harness.subscribes() == [1]


def test_a_new_kick_off_leaves_other_refusals_alone(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_error(NO_SPORT)

    harness.subs.want(1, NOW + timedelta(minutes=2))

    (timer,) = harness.live_timers
    assert timer.delay == 900


def test_a_retry_while_offline_waits_for_the_connection(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_disconnected()
    wakes = harness.wakes

    harness.fire(harness.live_timers[0])

    assert harness.state(1) is PENDING
    assert harness.subs.views[1] == Subscription(1, PENDING, None, None)
    assert harness.wakes == wakes
    harness.subs.on_connected()
    assert harness.subscribes() == [1]


def test_a_retry_while_online_wakes_the_writer(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_error(NOT_LIVE)
    wakes = harness.wakes

    harness.fire(harness.live_timers[0])

    assert harness.wakes == wakes + 1
    assert harness.subscribes() == [1]


def test_a_snapshot_of_a_refused_match_means_it_recovered(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_error(NOT_LIVE)
    (timer,) = harness.live_timers

    assert harness.subs.on_snapshot(1, answer=False)

    assert timer.cancelled
    assert harness.subs.views[1] == Subscription(1, SUBSCRIBED, None, None)
    assert logged(caplog)[-1] == "Match 1 sends frames again after it was refused"
    # The doubling starts over after the match was seen.
    harness.subs.on_disconnected()
    harness.subs.on_connected()
    assert harness.subscribes() == [1]
    harness.subs.on_error(NOT_LIVE)
    assert harness.refusals[-1].retry_in == 30


def test_withdrawing_cancels_the_retry(harness: Harness) -> None:
    harness.subs.want(1, None)
    harness.subscribes()
    harness.subs.on_error(NOT_LIVE)
    (timer,) = harness.live_timers

    harness.subs.unwant(1)

    assert timer.cancelled
    assert harness.subs.views == {}
    # A stale timer does nothing.
    timer.callback()
    assert harness.sends() == ([], [])


def test_close_cancels_every_retry_and_schedules_none(harness: Harness) -> None:
    for match_id in (1, 2):
        harness.subs.want(match_id, None)
        harness.subscribes()
        harness.subs.on_error(NOT_LIVE)
    assert len(harness.live_timers) == 2

    harness.subs.close()
    harness.subs.want(1, NOW + timedelta(hours=1))

    assert harness.live_timers == []
    harness.subs.unwant(1)
    assert harness.subs.wanted == {2}


def test_refusal_callback_may_withdraw_the_match() -> None:
    harness = online_with(1, 2)

    def withdraw(refusal: SubscriptionRefusal) -> None:
        harness.refusals.append(refusal)
        harness.subs.unwant(refusal.match_id)

    harness.subs._on_refusal = withdraw
    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_error(NOT_LIVE)

    assert [refusal.match_id for refusal in harness.refusals] == [1, 2]
    assert harness.subs.wanted == frozenset()
    assert harness.live_timers == []


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (NOT_LIVE, RefusalReason.NOT_LIVE),
        ("Match not found", RefusalReason.NOT_LIVE),
        (NO_SPORT, RefusalReason.SPORT_NOT_ENABLED),
        ("Sport is outside the allowlist", RefusalReason.SPORT_NOT_ENABLED),
        ("not enabled", RefusalReason.SPORT_NOT_ENABLED),
        ("this sport is closed to you", RefusalReason.SPORT_NOT_ENABLED),
        ("outside the ALLOWLIST", RefusalReason.SPORT_NOT_ENABLED),
        ("Match Not Live", RefusalReason.NOT_LIVE),
        ("invalid control message: match_id must be a positive integer", RefusalReason.OTHER),
        ("", RefusalReason.OTHER),
    ],
)
def test_refusal_reasons(message: str, reason: RefusalReason) -> None:
    assert refusal_reason(message) is reason


def test_withdrawing_a_queued_match_lets_serial_mode_end() -> None:
    harness = online_with(1, 2)
    harness.subs.on_snapshot(2, answer=True)
    harness.subs.want(3, None)
    # Serial (2 was answered before 1): 3 waits in the queue for 1's answer.
    assert harness.subscribes() == []
    harness.subs.unwant(3)
    harness.subs.on_snapshot(1, answer=True)

    harness.subs.want(4, None)
    harness.subs.want(5, None)
    assert harness.subscribes() == [4, 5]


def test_withdrawn_after_an_update_while_its_answer_is_on_the_way() -> None:
    harness = online_with(1)
    assert harness.subs.on_snapshot(1, answer=False)

    harness.subs.unwant(1)

    assert harness.sends() == ([], [])
    assert not harness.subs.on_snapshot(1, answer=True)
    assert harness.sends() == ([1], [])


def test_withdrawn_match_is_not_asked_again_after_a_timeout() -> None:
    harness = online_with(1)
    harness.subs.unwant(1)

    harness.subs.expire(TIMEOUT)
    harness.subs.expire(2 * TIMEOUT)

    assert harness.sends(2 * TIMEOUT) == ([], [])


def test_a_match_wanted_again_while_its_answer_is_on_the_way_does_not_hold_up_others() -> None:
    harness = online_with(1)
    harness.subs.unwant(1)
    harness.subs.want(1, None)
    harness.subs.want(2, None)

    assert harness.subscribes() == [2]


def test_a_refusal_takes_the_match_off_the_queue() -> None:
    harness = online_with(1)
    harness.subs.unwant(1)
    harness.subs.want(1, None)

    harness.subs.on_error(NOT_LIVE)

    assert harness.state(1) is REFUSED
    assert harness.subscribes() == []


def test_an_update_before_the_subscribe_is_sent_takes_it_off_the_queue() -> None:
    harness = Harness()
    harness.subs.want(1, None)
    harness.subs.want(2, None)
    harness.subs.on_connected()

    assert harness.subs.on_snapshot(1, answer=False)

    assert harness.subscribes() == [2]


def test_a_late_subscribe_is_noticed_behind_an_older_one() -> None:
    harness = online_with(1)
    harness.subs.want(2, None)
    assert harness.subscribes(5.0) == [2]

    harness.subs.expire(TIMEOUT)
    assert harness.subs.next_deadline() == 5.0 + TIMEOUT
    harness.subs.expire(5.0 + TIMEOUT)

    # Both are late now: the next deadline ends the grace of the older one.
    assert harness.subs.next_deadline() == 2 * TIMEOUT


def test_not_live_retries_stop_doubling_at_two_to_the_32(harness: Harness) -> None:
    subs = Subscriptions(
        on_refusal=harness.refusals.append,
        wake=lambda: None,
        subscribe_timeout=TIMEOUT,
        not_live_retry_initial=1.0,
        not_live_retry_max=float("inf"),
        sport_retry=900.0,
        kick_off_grace=5.0,
        now=lambda: NOW,
        call_later=harness._call_later,
    )
    subs.want(1, None)
    subs.on_connected()
    for _ in range(40):
        assert subs.take_sends(0.0) == ([], [1])
        subs.on_error(NOT_LIVE)
        harness.timers[-1].callback()

    assert [refusal.retry_in for refusal in harness.refusals][32:] == [2.0**32] * 8


def test_a_refused_match_wanted_again_needs_no_unsubscribe() -> None:
    harness = online_with(1)
    harness.subs.on_snapshot(1, answer=True)
    harness.subs.unwant(1)
    harness.subs.want(1, None)
    assert harness.sends() == ([1], [1])
    harness.subs.on_error(NOT_LIVE)

    harness.subs.unwant(1)

    assert harness.sends() == ([], [])


def test_same_errors_settle_twice_on_one_connection() -> None:
    harness = online_with(1, 2)
    harness.subs.on_error(NOT_LIVE)
    harness.subs.on_error(NOT_LIVE)
    harness.subs.want(3, None)
    harness.subs.want(4, None)
    assert harness.subscribes() == [3, 4]

    harness.subs.on_error(NO_SPORT)
    harness.subs.on_error(NO_SPORT)

    assert [(r.match_id, r.message) for r in harness.refusals] == [
        (1, NOT_LIVE),
        (2, NOT_LIVE),
        (3, NO_SPORT),
        (4, NO_SPORT),
    ]
