"""Autoplay: replay each match's script in real time, scaled by a speed factor."""

import asyncio
from collections.abc import Callable
import contextlib

from . import soccer
from .catalog import CatalogStatus
from .match import MatchState
from .merge import JsonObject, deep_merge
from .state import SimState
from .timefmt import utc_now

# Seconds of match time between clock-only updates while a soccer clock runs.
CLOCK_TICK = 5.0
# Script seconds between the first client subscribing to a held match and its kick-off.
KICK_OFF_WAIT = 30.0
# Waits shorter than this (seconds) only yield to the loop.
MIN_WAIT = 0.002


def advance_clock(match: MatchState, seconds: float) -> dict[str, int]:
    """Return the soccer clock's minute and second after seconds of play."""
    clock = match.snapshot.get("clock") or {}
    total = int(clock.get("minute", 0)) * 60 + int(clock.get("second", 0)) + round(seconds)
    return {"minute": total // 60, "second": total % 60}


def clock_running(match: MatchState) -> bool:
    """Return whether a match has a running clock to tick."""
    clock = match.snapshot.get("clock")
    return isinstance(clock, dict) and clock.get("running") is True


class Player:
    """Run one task per playing match that applies script entries and clock ticks on time."""

    def __init__(
        self, state: SimState, speed: float, watched: Callable[[int], bool] = lambda _: True
    ) -> None:
        """Play the matches of a state at speed times real time; watched tells a followed match."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.state = state
        self.speed = speed
        self._watched = watched
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._wake: dict[int, asyncio.Event] = {}

    def play(self, match_id: int) -> None:
        """Start replaying a match unless it is already playing."""
        task = self._tasks.get(match_id)
        if task is None or task.done():
            self._wake[match_id] = asyncio.Event()
            self._tasks[match_id] = asyncio.create_task(
                self._run(self.state.match(match_id)), name=f"sportrix-simulator-play-{match_id}"
            )

    def wake(self, match_id: int) -> None:
        """Make a playing match re-plan after its state changed from outside."""
        if (event := self._wake.get(match_id)) is not None:
            event.set()

    async def stop(self) -> None:
        """Cancel every playback task and wait for them."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        self._wake.clear()

    async def _run(self, match: MatchState) -> None:
        """Wait for each next entry or clock tick, apply it, and end with the script."""
        wake = self._wake[match.id]
        if match.awaiting_viewer:
            await self._kick_off_when_watched(match)
        elif match.catalog_status == CatalogStatus.NOT_STARTED:
            await self._kick_off_on_time(match)
        while True:
            if match.postponed:
                await self.state.notifier.wait_for(lambda: not match.postponed, timeout=None)
            entry = match.next_entry()
            targets = [entry.at] if entry is not None else []
            if clock_running(match):
                targets.append(match.script_time + CLOCK_TICK)
            if not targets:
                return
            target = min(targets)
            delay = max(0.0, (target - match.script_time) / self.speed)
            if await _woken(wake, delay):
                # Something else changed the match (a step, an update): plan again from there.
                continue
            if entry is not None and target >= entry.at:
                taken = match.take_next_entry()
                self.state.commit(match.id, match.play(taken))
            else:
                elapsed = target - match.script_time
                match.script_time = target
                # A shallow copy will do: snapshots are replaced, never changed in place.
                clock = match.snapshot["clock"] | advance_clock(match, elapsed)
                self.state.commit(match.id, match.snapshot | {"clock": clock})

    async def _kick_off_on_time(self, match: MatchState) -> None:
        """Wait until a match's start time, kept up with while it moves, then kick it off.

        The start time is wall-clock catalog time, so the wait is not scaled by the speed.
        A kick-off by hand meanwhile ends the wait; a postponed match waits to be reinstated.
        """
        wake = self._wake[match.id]
        while match.catalog_status == CatalogStatus.NOT_STARTED:
            if match.postponed:
                await self.state.notifier.wait_for(lambda: not match.postponed, timeout=None)
                continue
            delay = (match.start_time - utc_now()).total_seconds()
            if not await _woken(wake, delay):
                break
        if match.snapshot.get("status") == "not_started" and not _kicks_off_at_once(match):
            # The script starts some way into the match: the kick-off itself comes first.
            self.state.commit(match.id, deep_merge(match.snapshot, kick_off_patch(match)))

    async def _kick_off_when_watched(self, match: MatchState) -> None:
        """Hold a match before kick-off until a client subscribes, then kick off shortly after.

        Whoever starts watching (Home Assistant after a restart of the demo, say) sees the match
        kick off rather than join it at some minute; the kick_off control action skips the wait.
        """
        await self.state.notifier.wait_for(
            lambda: not match.postponed and (self._watched(match.id) or not match.awaiting_viewer),
            timeout=None,
        )
        loop = asyncio.get_running_loop()
        whistle = loop.time() + KICK_OFF_WAIT / self.speed
        # Changes made meanwhile (a goal by hand, a kick-off) wake the wait; keep to the whistle.
        while match.awaiting_viewer and (left := whistle - loop.time()) > 0:
            await _woken(self._wake[match.id], left)
        if match.awaiting_viewer:
            kick_off(self.state, match)


def kick_off(state: SimState, match: MatchState) -> None:
    """Play a held match's kick-off: the script's first state, made current now."""
    match.awaiting_viewer = False
    state.commit(match.id, match.play(match.kick_off_entry()))


def kick_off_patch(match: MatchState) -> JsonObject:
    """Return the change that kicks off a match not started: live, soccer clock running."""
    patch: JsonObject = {"status": "live"}
    if match.sport == "soccer":
        patch |= {"clock": {"running": True}, "phase": soccer.phase("1020", "home")}
    return patch


def _kicks_off_at_once(match: MatchState) -> bool:
    """Return whether the match's next scripted entry is its kick-off, at script time zero."""
    entry = match.next_entry()
    return entry is not None and entry.at <= match.script_time and "status" in entry.patch


async def _woken(wake: asyncio.Event, delay: float) -> bool:
    """Wait delay seconds; return True early (and re-arm) if wake is set meanwhile."""
    if delay > MIN_WAIT:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await wake.wait()
    else:
        # The poller rounds timeouts up to a millisecond, which would cap very high speeds.
        await asyncio.sleep(0)
    if wake.is_set():
        wake.clear()
        return True
    return False
