"""A sustained update load for benchmarks: frames at a total rate over many soccer matches.

Every load frame is one second of a match's play: its clock moves on by a second, every
INCIDENT_EVERY-th second of a match also changes its stats and phase, and every goal_every-th
frame of the load is a goal instead. Scripted events (goals and disallowed goals at given
times) run alongside. The time each goal or disallowed goal is committed is logged on the
monotonic clock (CLOCK_MONOTONIC on Linux, shared by every process on the machine), so that
a client in another process can measure its latency without a round trip.
"""

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
import time
from typing import Any, Literal

from . import soccer
from .merge import JsonObject
from .state import SimState

type EventKind = Literal["goal", "cancel"]

# The load paces itself in steps of this many seconds, sending what is due at each.
TICK = 0.001
# A match's stats and phase change every this many seconds of its play.
INCIDENT_EVERY = 80
# No load runs longer than this, whatever it is asked for.
MAX_SECONDS = 600.0
MAX_RATE = 100_000.0


@dataclass(frozen=True, slots=True)
class ScriptedEvent:
    """A goal or a disallowed goal of one team in one match, at seconds after the load starts."""

    at: float
    match_id: int
    kind: EventKind
    team: str = soccer.HOME


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """What to send: frames at rate over matches, bounded in count and time, with events."""

    match_ids: tuple[int, ...]
    rate: float = 0.0
    frames: int = 0
    seconds: float = 10.0
    goal_every: int = 0
    events: tuple[ScriptedEvent, ...] = ()

    def __post_init__(self) -> None:
        """Reject a plan that is unbounded or names nothing to load."""
        if not self.match_ids:
            raise ValueError("match_ids must name at least one match")
        if not 0 <= self.rate <= MAX_RATE:
            raise ValueError(f"rate must be between 0 and {MAX_RATE:g} frames per second")
        if self.frames < 0 or self.goal_every < 0:
            raise ValueError("frames and goal_every must not be negative")
        if not 0 < self.seconds <= MAX_SECONDS:
            raise ValueError(f"seconds must be more than 0 and at most {MAX_SECONDS:g}")


@dataclass(slots=True)
class Committed:
    """One logged goal or disallowed goal: which match, what, the score after, and when."""

    match_id: int
    kind: EventKind
    team: str
    score: str
    at: float

    def as_json(self) -> JsonObject:
        """Return the entry as JSON."""
        return {
            "match_id": self.match_id,
            "kind": self.kind,
            "team": self.team,
            "score": self.score,
            "at": self.at,
        }


@dataclass(slots=True)
class LoadRun:
    """The progress of one load: frames sent, events committed, when it started and ended."""

    plan: LoadPlan
    started_at: float = 0.0
    ended_at: float | None = None
    sent: int = 0
    committed: list[Committed] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> JsonObject:
        """Return the progress as JSON (monotonic clock seconds)."""
        ended = self.ended_at if self.ended_at is not None else time.monotonic()
        elapsed = ended - self.started_at
        return {
            "running": self.ended_at is None,
            "rate": self.plan.rate,
            "matches": len(self.plan.match_ids),
            "sent": self.sent,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "achieved_rate": round(self.sent / elapsed, 1) if elapsed > 0 else 0.0,
            "committed": [entry.as_json() for entry in self.committed],
            "error": self.error,
        }


class LoadGenerator:
    """Run one load at a time against a simulator state."""

    def __init__(self, state: SimState, queued: Callable[[], int]) -> None:
        """Commit to state; queued tells how many frames wait to be written to sockets."""
        self._state = state
        self._queued = queued
        self._task: asyncio.Task[None] | None = None
        self.run: LoadRun | None = None

    def start(self, plan: LoadPlan) -> LoadRun:
        """Start a load, stopping any that runs; raise KeyError for a match not served."""
        for match_id in plan.match_ids:
            if self._state.match(match_id).sport != "soccer":
                raise ValueError(f"match {match_id} is not a soccer match")
        for event in plan.events:
            self._state.match(event.match_id)
            soccer.check_team(event.team)
        self.stop()
        self.run = LoadRun(plan, started_at=time.monotonic())
        self._task = asyncio.get_running_loop().create_task(
            self._drive(self.run), name="sportrix-simulator-load"
        )
        return self.run

    def stop(self) -> None:
        """Stop the running load, if any."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        if self.run is not None and self.run.ended_at is None:
            self.run.ended_at = time.monotonic()

    def status(self) -> JsonObject:
        """Return the current or last load's progress, and the frames queued for sockets."""
        body: JsonObject = {"queued": self._queued()}
        if self.run is None:
            return body | {"running": False, "sent": 0, "committed": []}
        return body | self.run.as_json()

    async def _drive(self, run: LoadRun) -> None:
        """Send what is due every tick until the frames, the events and the time are used up."""
        plan = run.plan
        loop = asyncio.get_running_loop()
        start = loop.time()
        frames = plan.frames if plan.rate > 0 else 0
        events = sorted(plan.events, key=lambda event: event.at)
        next_event = 0
        try:
            while run.sent < frames or next_event < len(events):
                elapsed = loop.time() - start
                if elapsed >= plan.seconds:
                    break
                while next_event < len(events) and events[next_event].at <= elapsed:
                    self._scripted(run, events[next_event])
                    next_event += 1
                due = min(frames, int(elapsed * plan.rate) + 1)
                while run.sent < due:
                    self._frame(run, run.sent)
                    run.sent += 1
                await asyncio.sleep(TICK)
        except Exception as err:  # noqa: BLE001 - a load that fails says why in its status
            run.error = f"{type(err).__name__}: {err}"
        finally:
            if run.ended_at is None:
                run.ended_at = time.monotonic()
            self._state.notifier.notify()

    def _frame(self, run: LoadRun, index: int) -> None:
        """Send one load frame: a second of play, an incident, or a goal."""
        plan = run.plan
        match_id = plan.match_ids[index % len(plan.match_ids)]
        snapshot = self._state.match(match_id).snapshot
        if plan.goal_every and index % plan.goal_every == plan.goal_every - 1:
            team = soccer.HOME if (index // plan.goal_every) % 2 else soccer.AWAY
            self._commit_event(run, match_id, "goal", team)
            return
        clock = snapshot.get("clock") or {}
        played = int(clock.get("minute", 0)) * 60 + int(clock.get("second", 0)) + 1
        # Fresh objects for what changes; the unchanged parts are shared, as apply() allows.
        after = dict(snapshot)
        after["clock"] = clock | {"minute": (played // 60) % 90, "second": played % 60}
        if played % INCIDENT_EVERY == 0:
            team = soccer.TEAMS[(played // INCIDENT_EVERY) % 2]
            stats = dict(after.get("stats") or {})
            attacks = dict(stats.get("attacks") or {soccer.HOME: 0, soccer.AWAY: 0})
            attacks[team] = int(attacks.get(team, 0)) + 1
            stats["attacks"] = attacks
            after["stats"] = stats
            after["phase"] = soccer.phase("1001", team)
        self._state.commit(match_id, after)

    def _scripted(self, run: LoadRun, event: ScriptedEvent) -> None:
        """Commit one scripted event; a disallowed goal with no goal to take back is skipped."""
        try:
            self._commit_event(run, event.match_id, event.kind, event.team)
        except ValueError:
            return

    def _commit_event(self, run: LoadRun, match_id: int, kind: EventKind, team: str) -> None:
        """Commit a goal or a disallowed goal and log when, just before it is sent."""
        snapshot = self._state.match(match_id).snapshot
        change = soccer.goal if kind == "goal" else soccer.disallow_goal
        after = change(snapshot, team)
        at = time.monotonic()
        self._state.commit(match_id, after)
        run.committed.append(Committed(match_id, kind, team, soccer.score_text(after), at))


def parse_plan(body: dict[str, Any], served: Iterable[int]) -> LoadPlan:
    """Return the plan a JSON body asks for; raise ValueError or TypeError when it is wrong.

    "matches": N loads the first N matches served in id order; "match_ids" names them.
    """
    if "match_ids" in body:
        ids = body["match_ids"]
        if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
            raise TypeError('"match_ids" must be a list of match ids')
        match_ids = tuple(ids)
    else:
        count = body.get("matches")
        if not _is_int(count) or count < 1:
            raise TypeError('give "match_ids" (a list) or "matches" (a positive integer)')
        match_ids = tuple(sorted(served))[:count]
    return LoadPlan(
        match_ids=match_ids,
        rate=_number(body, "rate", 0.0),
        frames=int(_number(body, "frames", 0)),
        seconds=_number(body, "seconds", 10.0),
        goal_every=int(_number(body, "goal_every", 0)),
        events=tuple(_event(item) for item in _list(body, "events")),
    )


def _event(item: object) -> ScriptedEvent:
    """Return one scripted event from {"at", "match_id", "kind", "team"}."""
    if not isinstance(item, dict):
        raise TypeError("every event must be an object")
    kind = item.get("kind", "goal")
    if kind not in ("goal", "cancel"):
        raise ValueError('an event\'s "kind" is "goal" or "cancel"')
    match_id = item.get("match_id")
    if not _is_int(match_id):
        raise TypeError('an event\'s "match_id" must be an integer')
    return ScriptedEvent(
        at=_number(item, "at", 0.0),
        match_id=match_id,
        kind=kind,
        team=str(item.get("team", soccer.HOME)),
    )


def _number(body: dict[str, Any], key: str, default: float) -> float:
    """Return a number field, or default when absent."""
    value = body.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f'"{key}" must be a number')
    return float(value)


def _list(body: dict[str, Any], key: str) -> Sequence[object]:
    """Return a list field, or an empty list when absent."""
    value = body.get(key, [])
    if not isinstance(value, list):
        raise TypeError(f'"{key}" must be a list')
    return value


def _is_int(value: object) -> bool:
    """Tell a JSON integer (true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)
