"""Who the stream wants, what the server said about each match, and when to ask again.

No I/O here: the stream sends what take_sends() hands out and reports every answer.

Tying answers to subscribes. The server answers each subscribe with one frame: a snapshot,
which names its match, or an error, which does not. Subscribes are sent all at once
(pipelined), and a snapshot confirms its match in whatever order it comes. An error is pinned
on a match only when that match is the only one whose answer is still expected. Otherwise it
is counted, and the connection turns serial (one subscribe at a time) until it is idle again.
Once every expected answer is in, the matches left without a snapshot were all refused: with
one and the same reason they are refused together, else each is asked again on its own.

A subscribe with no answer within subscribe_timeout is queued again. Its answer may still
come, so for one more subscribe_timeout nothing else is sent; an error in that time is taken
as its late answer and not pinned on anything: the new subscribe gets an answer of its own.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import logging
from types import MappingProxyType
from typing import TYPE_CHECKING

from ._coerce import clip

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

_LOGGER = logging.getLogger(__name__)

type CallLater = Callable[[float, Callable[[], None]], asyncio.TimerHandle]


class RefusalReason(StrEnum):
    """Why the server refused a subscription."""

    NOT_LIVE = "match not live or not found"
    SPORT_NOT_ENABLED = "sport not enabled for this key"
    OTHER = "other"


class SubscriptionState(StrEnum):
    """Where a wanted match stands on the current connection."""

    PENDING = "pending"
    SUBSCRIBED = "subscribed"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class SubscriptionRefusal:
    """A subscribe the server answered with an error frame."""

    match_id: int
    reason: RefusalReason
    message: str
    # Seconds until the stream asks again by itself.
    retry_in: float


@dataclass(frozen=True, slots=True)
class Subscription:
    """A read-only view of one wanted match, for diagnostics."""

    match_id: int
    state: SubscriptionState
    # Both are set while the match is refused, and None otherwise.
    refusal: SubscriptionRefusal | None
    retry_at: datetime | None


@dataclass(slots=True)
class _Wanted:
    """The bookkeeping of one wanted match."""

    kick_off: datetime | None
    state: SubscriptionState = SubscriptionState.PENDING
    refusal: SubscriptionRefusal | None = None
    retry_at: datetime | None = None
    timer: asyncio.TimerHandle | None = None
    # Refusals in a row that were retried on the doubling schedule.
    backoff_step: int = 0


@dataclass(slots=True)
class _Expected:
    """A subscribe sent on this connection whose answer has not come yet."""

    match_id: int
    deadline: float
    # Past its deadline and queued again; its own answer may still come.
    late: bool = False


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _call_later(delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
    # The running loop's timers are the ones Home Assistant's tests fast-forward.
    return asyncio.get_running_loop().call_later(delay, callback)


class Subscriptions:
    """Track wanted matches, the answers expected on the connection, and refusal retries."""

    def __init__(
        self,
        *,
        on_refusal: Callable[[SubscriptionRefusal], None],
        wake: Callable[[], None],
        subscribe_timeout: float,
        not_live_retry_initial: float,
        not_live_retry_max: float,
        sport_retry: float,
        kick_off_grace: float,
        now: Callable[[], datetime] = _utc_now,
        call_later: CallLater = _call_later,
    ) -> None:
        """Store the schedule; wake is called whenever there may be something to send."""
        self._on_refusal = on_refusal
        self._wake = wake
        self._subscribe_timeout = subscribe_timeout
        self._not_live_retry_initial = not_live_retry_initial
        self._not_live_retry_max = not_live_retry_max
        self._sport_retry = sport_retry
        self._kick_off_grace = kick_off_grace
        self._now = now
        self._call_later = call_later
        # A dict keeps the subscription order stable across reconnects.
        self._wanted: dict[int, _Wanted] = {}
        self._online = False
        # The state of the current connection; on_disconnected() forgets all of it.
        self._to_subscribe: dict[int, None] = {}
        self._to_unsubscribe: dict[int, None] = {}
        self._expected: list[_Expected] = []
        self._on_server: set[int] = set()
        # The reasons of errors not pinned yet; None once one of them may have belonged to
        # a subscribe given up on: the count is still safe, but which reason goes with
        # which match is not.
        self._unattributed: list[str | None] = []
        self._serial = False
        self._timeout_warned = False
        # Refusals are reported once the bookkeeping is consistent: the owner may react to
        # one by subscribing or unsubscribing.
        self._outbox: list[SubscriptionRefusal] = []
        self._closed = False

    # What the owner asks -------------------------------------------------------------

    @property
    def wanted(self) -> frozenset[int]:
        """Return the matches to keep subscribed."""
        return frozenset(self._wanted)

    @property
    def subscribed(self) -> frozenset[int]:
        """Return the wanted matches a snapshot has confirmed on this connection."""
        return frozenset(self._in_state(SubscriptionState.SUBSCRIBED))

    @property
    def views(self) -> Mapping[int, Subscription]:
        """Return a read-only view of every wanted match."""
        return MappingProxyType(
            {
                match_id: Subscription(match_id, entry.state, entry.refusal, entry.retry_at)
                for match_id, entry in self._wanted.items()
            }
        )

    def want(self, match_id: int, kick_off: datetime | None) -> None:
        """Want a match; for a wanted one, only take the new kick-off hint."""
        if (entry := self._wanted.get(match_id)) is None:
            self._wanted[match_id] = _Wanted(kick_off)
            self._queue(match_id)
            return
        if kick_off == entry.kick_off:
            return
        entry.kick_off = kick_off
        refusal = entry.refusal
        if (
            entry.state is SubscriptionState.REFUSED
            and refusal is not None
            and refusal.reason is RefusalReason.NOT_LIVE
            and (delay := self._until_kick_off(entry)) is not None
        ):
            entry.refusal = replace(refusal, retry_in=delay)
            self._schedule_retry(match_id, entry, delay)

    def unwant(self, match_id: int) -> None:
        """Stop wanting a match; unsubscribe it once no answer for it is on the way."""
        if (entry := self._wanted.pop(match_id, None)) is None:
            return
        if entry.timer is not None:
            entry.timer.cancel()
        self._to_subscribe.pop(match_id, None)
        # Sent now, an unsubscribe could overtake its subscribe's answer (and a server that
        # answers it with an error would have that pinned on a subscribe): the answer is
        # followed by the unsubscribe instead.
        if match_id in self._on_server and not self._expecting(match_id):
            self._unsubscribe(match_id)

    def close(self) -> None:
        """Cancel every retry timer and schedule none from now on."""
        self._closed = True
        for entry in self._wanted.values():
            if entry.timer is not None:
                entry.timer.cancel()
                entry.timer = None

    # The connection -----------------------------------------------------------------

    def on_connected(self) -> None:
        """Queue every wanted match that is not refused."""
        self._forget_connection()
        self._online = True
        self._to_subscribe = dict.fromkeys(self._in_state(SubscriptionState.PENDING))

    def on_disconnected(self) -> None:
        """Forget the connection; what was subscribed is pending again."""
        self._forget_connection()
        self._online = False
        for entry in self._wanted.values():
            if entry.state is SubscriptionState.SUBSCRIBED:
                entry.state = SubscriptionState.PENDING

    def take_sends(self, now: float) -> tuple[list[int], list[int]]:
        """Return the matches to unsubscribe and to subscribe now, and expect their answers."""
        unsubscribes = list(self._to_unsubscribe)
        self._to_unsubscribe.clear()
        subscribes: list[int] = []
        # Only pending matches are queued: leaving that state takes a match off the queue.
        for match_id in list(self._to_subscribe):
            if self._serial and self._expected:
                break
            del self._to_subscribe[match_id]
            if self._expecting(match_id):
                # An answer for it is on the way already: that answer decides.
                continue
            self._expected.append(_Expected(match_id, now + self._subscribe_timeout))
            subscribes.append(match_id)
        self._leave_serial_when_idle()
        return unsubscribes, subscribes

    def next_deadline(self) -> float | None:
        """Return when expire() has something to do, if ever."""
        return min((self._deadline(expected) for expected in self._expected), default=None)

    def expire(self, now: float) -> None:
        """Ask again for subscribes without an answer; stop waiting for very late answers."""
        for expected in list(self._expected):
            if now < self._deadline(expected):
                continue
            if expected.late:
                self._expected.remove(expected)
                # One of the counted errors may have been its answer: count one less, so
                # that a count that looks complete never hides an answer still to come.
                if self._unattributed:
                    self._unattributed.pop()
                    self._unattributed = [None] * len(self._unattributed)
                continue
            expected.late = True
            self._serial = True
            level = logging.DEBUG if self._timeout_warned else logging.WARNING
            self._timeout_warned = True
            _LOGGER.log(
                level,
                "No answer to the subscription of match %s within %g s; asking again",
                expected.match_id,
                self._subscribe_timeout,
            )
            if self._is_pending(expected.match_id):
                self._to_subscribe.setdefault(expected.match_id)
        self._settle()
        self._report()

    # Answers ------------------------------------------------------------------------

    @property
    def awaiting_answers(self) -> bool:
        """Return whether any subscribe on this connection still expects an answer."""
        return bool(self._expected)

    def on_snapshot(self, match_id: int, *, answer: bool) -> bool:
        """Take a frame of a match as proof it is subscribed; return whether it is wanted.

        answer says the frame is a snapshot, the kind that answers a subscribe; an update
        only follows one, and may still come for a match just unsubscribed.
        """
        answered = None
        if answer:
            answered = next(
                (index for index, item in enumerate(self._expected) if item.match_id == match_id),
                None,
            )
        if answered is not None:
            if answered > 0:
                # An older subscribe is still unanswered: the server does not answer in order.
                self._serial = True
            del self._expected[answered]
            self._settle()
        if (entry := self._wanted.get(match_id)) is None:
            if answered is not None:
                # Withdrawn while its subscribe was on the way: withdraw it on the server too.
                self._unsubscribe(match_id)
            _LOGGER.debug("Ignoring a frame for match %s, which is not wanted", match_id)
            self._report()
            return False
        self._on_server.add(match_id)
        if entry.state is SubscriptionState.REFUSED:
            _LOGGER.debug("Match %s sends frames again after it was refused", match_id)
            self._clear_refusal(entry)
        entry.state = SubscriptionState.SUBSCRIBED
        entry.backoff_step = 0
        self._to_subscribe.pop(match_id, None)
        self._report()
        return True

    def on_error(self, message: str) -> None:
        """Pin an error frame on the one match it can belong to, or count it."""
        if not self._expected:
            return
        first = self._expected[0]
        if not self._unattributed and all(
            item.match_id == first.match_id for item in self._expected
        ):
            del self._expected[0]
            if first.late:
                _LOGGER.debug(
                    "Taking an error as the late answer for match %s, which is asked again",
                    first.match_id,
                )
            else:
                self._refuse(first.match_id, message)
        else:
            _LOGGER.debug(
                "An error frame with %d subscribes waiting cannot be tied to one of them",
                len(self._expected),
            )
            self._unattributed.append(message)
            self._serial = True
        self._settle()
        self._report()

    # Inside ----------------------------------------------------------------------------

    def _report(self) -> None:
        """Hand the owner the refusals decided so far."""
        while self._outbox:
            self._on_refusal(self._outbox.pop(0))

    def _settle(self) -> None:
        """Once every expected answer is in, refuse or ask again those without a snapshot."""
        if self._unattributed and len(self._unattributed) >= len(self._expected):
            # Every match still expected got one of the counted errors.
            left = [item.match_id for item in self._expected]
            messages = set(self._unattributed)
            self._expected.clear()
            self._unattributed.clear()
            if len(messages) == 1 and (message := messages.pop()) is not None:
                for match_id in left:
                    self._refuse(match_id, message)
            else:
                _LOGGER.debug("Asking again, one at a time, for matches %s", left)
                for match_id in left:
                    if self._is_pending(match_id):
                        self._to_subscribe.setdefault(match_id)
        self._leave_serial_when_idle()
        self._wake_if_sendable()

    def _refuse(self, match_id: int, message: str) -> None:
        """Mark a match refused and schedule the retry its reason calls for."""
        if (entry := self._wanted.get(match_id)) is None:
            _LOGGER.debug("Match %s was refused after it was unsubscribed", match_id)
            return
        reason = refusal_reason(message)
        delay = self._retry_delay(entry, reason)
        self._to_subscribe.pop(match_id, None)
        entry.state = SubscriptionState.REFUSED
        entry.refusal = SubscriptionRefusal(match_id, reason, message, delay)
        self._schedule_retry(match_id, entry, delay)
        _LOGGER.debug(
            "The Sportrix stream refused match %s (%s); asking again in %g s",
            match_id,
            clip(message),
            delay,
        )
        self._outbox.append(entry.refusal)

    def _retry_delay(self, entry: _Wanted, reason: RefusalReason) -> float:
        """Return the seconds until a refused match is asked again."""
        if reason is RefusalReason.SPORT_NOT_ENABLED:
            return self._sport_retry
        if reason is RefusalReason.NOT_LIVE and (delay := self._until_kick_off(entry)) is not None:
            return delay
        delay = min(
            self._not_live_retry_max,
            self._not_live_retry_initial * 2.0 ** min(entry.backoff_step, 32),
        )
        entry.backoff_step += 1
        return delay

    def _until_kick_off(self, entry: _Wanted) -> float | None:
        """Return the seconds until kick-off plus the grace, when kick-off is still ahead."""
        if entry.kick_off is None:
            return None
        kick_off = entry.kick_off
        if kick_off.tzinfo is None:
            kick_off = kick_off.replace(tzinfo=UTC)
        now = self._now()
        if kick_off <= now:
            return None
        return (kick_off - now).total_seconds() + self._kick_off_grace

    def _schedule_retry(self, match_id: int, entry: _Wanted, delay: float) -> None:
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        if self._closed:
            return
        entry.retry_at = self._now() + timedelta(seconds=delay)
        entry.timer = self._call_later(delay, lambda: self._retry(match_id))

    def _retry(self, match_id: int) -> None:
        """Ask again for a refused match; while offline, the next connection asks."""
        entry = self._wanted.get(match_id)
        if entry is None or entry.state is not SubscriptionState.REFUSED:
            return
        entry.timer = None
        self._clear_refusal(entry)
        entry.state = SubscriptionState.PENDING
        self._queue(match_id)

    @staticmethod
    def _clear_refusal(entry: _Wanted) -> None:
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        entry.refusal = None
        entry.retry_at = None

    def _queue(self, match_id: int) -> None:
        if self._online:
            self._to_subscribe.setdefault(match_id)
            self._wake()

    def _unsubscribe(self, match_id: int) -> None:
        self._on_server.discard(match_id)
        self._to_unsubscribe.setdefault(match_id)
        self._wake()

    def _expecting(self, match_id: int) -> bool:
        return any(item.match_id == match_id for item in self._expected)

    def _is_pending(self, match_id: int) -> bool:
        entry = self._wanted.get(match_id)
        return entry is not None and entry.state is SubscriptionState.PENDING

    def _in_state(self, state: SubscriptionState) -> Iterator[int]:
        return (match_id for match_id, entry in self._wanted.items() if entry.state is state)

    def _deadline(self, expected: _Expected) -> float:
        return expected.deadline + (self._subscribe_timeout if expected.late else 0.0)

    def _leave_serial_when_idle(self) -> None:
        if not self._expected and not self._to_subscribe:
            self._serial = False

    def _wake_if_sendable(self) -> None:
        gated = self._serial and bool(self._expected)
        if self._online and (self._to_unsubscribe or (self._to_subscribe and not gated)):
            self._wake()

    def _forget_connection(self) -> None:
        self._to_subscribe.clear()
        self._to_unsubscribe.clear()
        self._expected.clear()
        self._on_server.clear()
        self._unattributed.clear()
        self._serial = False


def refusal_reason(message: str) -> RefusalReason:
    """Classify the reason string of an error frame."""
    text = message.lower()
    if "sport" in text or "enabled" in text or "allowlist" in text:
        return RefusalReason.SPORT_NOT_ENABLED
    if "not live" in text or "not found" in text:
        return RefusalReason.NOT_LIVE
    return RefusalReason.OTHER
