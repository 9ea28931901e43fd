"""The broadcast delay: what the stream says is released after a set time, in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from . import engine
from .api import Snapshot, UnknownSnapshot
from .engine.changes import changed_fields
from .engine.frames import FUTURE_TOLERANCE

_LOGGER = logging.getLogger(__name__)

MAX_DELAY = 300
# The snapshot fields no entity shows: a soccer clock's seconds, and when the frame was sent.
UNSHOWN: frozenset[str] = frozenset({engine.SECONDS, "updated_at"})


@dataclass(slots=True)
class _Work:
    """Work held since it arrived."""

    arrived: datetime
    work: Callable[[], None]

    def release(self) -> None:
        """Run the work."""
        self.work()


@dataclass(slots=True)
class _Frame:
    """A frame of a match held since it arrived; a later frame may take its place."""

    arrived: datetime
    snapshot: Snapshot
    take: Callable[[Snapshot], None]

    def release(self) -> None:
        """Hand the frame to whoever takes it."""
        self.take(self.snapshot)


class BroadcastDelay:
    """Hold work for a delay and run it in arrival order; no delay runs it at once."""

    def __init__(self, hass: HomeAssistant, seconds: float = 0) -> None:
        """Start with a delay and nothing held."""
        self._hass = hass
        self.seconds = seconds
        # Oldest first: release times follow arrival order.
        self._held: deque[_Work | _Frame] = deque()
        # Each match's frame held last, while nothing held after it may depend on it.
        self._last_frames: dict[int, _Frame] = {}
        self._timer: CALLBACK_TYPE | None = None

    @property
    def held(self) -> int:
        """Return how many pieces of work wait."""
        return len(self._held)

    @property
    def idle(self) -> bool:
        """Tell whether work runs at once: no delay, and nothing held before it."""
        return not self.seconds and not self._held

    @callback
    def run(self, work: Callable[[], None]) -> None:
        """Run work now without a delay (and nothing held before it), else hold it."""
        if self.idle:
            work()
            return
        # Work may read any match's state: no frame held before it may take a later one's place.
        self._last_frames.clear()
        self._hold(_Work(dt_util.utcnow(), work))

    @callback
    def hold(self, snapshot: Snapshot, take: Callable[[Snapshot], None]) -> None:
        """Take a frame now without a delay (and nothing held before it), else hold it.

        A frame that changes only what no entity shows replaces its match's frame held last,
        which keeps its release time: 50 matches at a frame a second, held 300 s, then hold a
        few frames a match (one per change shown, such as a new minute), not 15,000.
        """
        if self.idle:
            take(snapshot)
            return
        now = dt_util.utcnow()
        # Comparing with the held frame costs about 3 us a frame (benchmarks/test_delay.py),
        # less than the engine.apply at release that each replaced frame no longer needs.
        last = self._last_frames.get(snapshot.match_id)
        if last is not None and _same_on_screen(last, snapshot, take, now):
            # Safe: the engine decides goals, wickets and status changes from fields entities
            # show, and those are the same in both frames; taking the newer one alone leaves the
            # match where taking both would have, and shows the same all along.
            last.snapshot = snapshot
            return
        frame = _Frame(now, snapshot, take)
        self._last_frames[snapshot.match_id] = frame
        self._hold(frame)

    @callback
    def set(self, seconds: float) -> None:
        """Change the delay; what is held is released by the new delay, still in order."""
        self.seconds = max(0.0, min(float(seconds), MAX_DELAY))
        self._release()

    @callback
    def clear(self) -> None:
        """Drop what is held: an unloaded entry starts from a fresh baseline."""
        self._cancel()
        self._held.clear()
        self._last_frames.clear()

    def _hold(self, item: _Work | _Frame) -> None:
        """Hold an item behind the others and make sure a release is due."""
        self._held.append(item)
        if self._timer is None:
            self._release()

    @callback
    def _release(self, _now: datetime | None = None) -> None:
        """Run what is due, in order, and wait for the next."""
        self._cancel()
        delay = timedelta(seconds=self.seconds)
        while self._held and self._held[0].arrived + delay <= dt_util.utcnow():
            item = self._held.popleft()
            if isinstance(item, _Frame) and self._last_frames.get(item.snapshot.match_id) is item:
                # Released: a later frame must not change what was already taken.
                del self._last_frames[item.snapshot.match_id]
            try:
                item.release()
            except Exception:
                # One bad frame must not take the frames held behind it along.
                _LOGGER.exception("Error releasing a delayed Sportrix frame")
        if self._held:
            self._timer = async_track_point_in_utc_time(
                self._hass, self._release, self._held[0].arrived + delay
            )

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None


def _same_on_screen(
    held: _Frame, snapshot: Snapshot, take: Callable[[Snapshot], None], now: datetime
) -> bool:
    """Tell whether a frame differs from a held one only in what no entity shows.

    Their times must leave the match where taking both would: the engine skips a frame older
    than the last, keeps the last time over a frame without one, and trusts no time too far
    ahead (judged at the release, which comes later than now for either frame).
    """
    old, new = _sent_at(held.snapshot), _sent_at(snapshot)
    if new is None:
        if old is not None:
            return False
    elif new - now > FUTURE_TOLERANCE or (old is not None and new < old):
        return False
    return held.take == take and changed_fields(held.snapshot, snapshot) <= UNSHOWN


def _sent_at(snapshot: Snapshot) -> datetime | None:
    """Return when the frame says it was sent, if it says."""
    return None if isinstance(snapshot, UnknownSnapshot) else snapshot.updated_at
