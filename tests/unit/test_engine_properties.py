"""Properties of the match engine over random matches delivered as badly as a network can.

Each example plays a random match (goals for both sides, disallowed goals, wickets, innings
changes, frames without a score) and delivers its frames with some lost to reconnects, some
repeated, some late and some swapped. A small model of the rules, working on the match as it
really went, says what each frame must fire; over the whole match the events conserve the
score, none fires twice, and exactly those recovered across a gap are delayed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given, strategies as st
import pytest

from custom_components.sportrix.api import (
    CricketEvent,
    CricketScore,
    CricketSnapshot,
    InningsScore,
    SoccerClock,
    SoccerEvent,
    SoccerScore,
    SoccerSnapshot,
)
from custom_components.sportrix.engine import (
    EventKind,
    MatchEvent,
    MatchState,
    Outcome,
    Source,
    apply,
    connection_lost,
    expect_kick_off,
)

pytestmark = pytest.mark.fuzz

SOCCER, CRICKET = 41282, 50001
START = datetime(2026, 6, 18, 2, 0, tzinfo=UTC)
# The local clock runs well after every frame: no stamp is in the future.
NOW = START + timedelta(days=1)
SIDES = ("home", "away")
BATTING = {1: "India", 2: "Australia"}
MAX_GOALS_PER_FRAME = 5
MAX_WICKETS_PER_FRAME = 10

type Delivery = tuple[str, int]


def stamp(index: int) -> datetime:
    """Return the updated_at of the match's index-th frame: one second apart."""
    return START + timedelta(seconds=index)


# Delivery


@st.composite
def deliveries(draw: st.DrawFn, count: int, *, rest: bool) -> list[Delivery]:
    """Deliver count frames in order, but with some lost, repeated, late, swapped or via REST.

    ("frame", i) is frame i on the stream, ("rest", i) frame i from the REST API, and
    ("lost", -1) a dropped connection. A frame is only lost to a dropped connection, or
    before the first one: the match may be followed only after it has started.
    """
    fates = ["deliver", "deliver", "deliver", "lose", "reconnect", "repeat", "late", "swap"]
    if rest:
        fates.append("rest")
    ops: list[Delivery] = []
    late: list[int] = []
    index = draw(st.integers(0, min(5, count - 1)))
    while index < count:
        fate = draw(st.sampled_from(fates))
        if fate == "lose":
            ops.append(("lost", -1))
        elif fate == "swap" and index + 1 < count:
            ops += [("frame", index + 1), ("frame", index)]
            index += 1
        elif fate == "reconnect":
            ops += [("lost", -1), ("frame", index)]
        elif fate == "rest":
            ops.append(("rest", index))
        else:
            ops.append(("frame", index))
            if fate == "repeat":
                ops.append(("frame", index))
            elif fate == "late":
                late.append(index)
        index += 1
    for frame in late:
        after = next(i for i, op in enumerate(ops) if op[1] == frame)
        ops.insert(draw(st.integers(after + 1, len(ops))), ("frame", frame))
    if rest and draw(st.booleans()):
        # A match that ended while the stream was away is looked up over REST.
        missed = count - draw(st.integers(1, min(5, count)))
        ops = [*(op for op in ops if op[1] < missed), ("lost", -1), ("rest", count - 1)]
    return ops


# Soccer


@dataclass
class SoccerMatch:
    """A soccer match as it really went, one frame per step."""

    kick_off: bool
    frames: list[SoccerSnapshot]
    # Per frame, per side: the minutes of the goals that stand, in the order scored.
    standing: list[dict[str, tuple[str, ...]]]


@st.composite
def soccer_matches(draw: st.DrawFn) -> SoccerMatch:
    """Play a random soccer match, seen from kick-off or joined while it is live."""
    kick_off = draw(st.booleans())
    score = {"home": 0, "away": 0}
    if not kick_off:
        score = {side: draw(st.integers(0, 3)) for side in SIDES}
    statuses = ["not_started", "live", "ht", "live", "ft"][0 if kick_off else 1 :]
    minute = 0 if kick_off else 20
    timeline: list[SoccerEvent] = []
    # Goals the match had before it was joined are not in this timeline.
    standing: dict[str, list[str]] = {side: ["before"] * score[side] for side in SIDES}
    standings: list[dict[str, tuple[str, ...]]] = []
    steps = draw(
        st.lists(
            st.sampled_from(
                ["tick", "home", "away", "home", "away", "no home", "no away", "blank", "status"]
            ),
            max_size=40,
        )
    )
    if draw(st.booleans()):
        steps.append("final whistle")
    frames: list[SoccerSnapshot] = []
    for step in [None, *steps]:
        minute += 1
        if step == "final whistle":
            statuses = ["ft"]
        missing = step == "blank"
        if step == "status" and len(statuses) > 1:
            statuses.pop(0)
        elif step in SIDES and statuses[0] == "live":
            score[step] += 1
            text = f"{score['home']}-{score['away']}"
            timeline.append(SoccerEvent(str(minute), "goal", step, "Goal", text))
            standing[step].append(str(minute))
        elif step is not None and step.startswith("no ") and score[step[3:]] > 0:
            team = step[3:]
            score[team] -= 1
            text = f"{score['home']}-{score['away']}"
            timeline.append(SoccerEvent(str(minute), "event", team, "Goal disallowed", text))
            standing[team].pop()
        frames.append(
            SoccerSnapshot(
                SOCCER,
                home="Arsenal",
                away="Chelsea",
                status=statuses[0],
                clock=SoccerClock(minute=minute),
                score=None if missing else SoccerScore(score["home"], score["away"]),
                events=tuple(timeline),
                updated_at=stamp(len(frames)),
            )
        )
        standings.append({side: tuple(minutes) for side, minutes in standing.items()})
    return SoccerMatch(kick_off, frames, standings)


@dataclass
class SoccerModel:
    """What the rules say the engine knows of a soccer match, frame by frame."""

    awaiting: bool
    newest: datetime | None = None
    status: str | None = None
    held: bool = False
    score: tuple[int, int] | None = None
    from_zero: bool = False
    gap: bool = False
    baseline: tuple[int, int] | None = None
    # Goals that moved the score without an event: implausible jumps, REST cancellations.
    unfired: list[int] = field(default_factory=lambda: [0, 0])
    fired: list[int] = field(default_factory=lambda: [0, 0])
    # Per side, the minutes of the goals fired and not cancelled since.
    standing: dict[str, list[str]] = field(default_factory=lambda: {"home": [], "away": []})
    status_events: Counter[str] = field(default_factory=Counter)


def check_soccer_frame(
    model: SoccerModel, match: SoccerMatch, index: int, source: Source, out: Outcome
) -> None:
    """Check one frame's outcome against the model, then move the model on."""
    frame = match.frames[index]
    assert frame.updated_at is not None
    taken = (model.newest is None or frame.updated_at >= model.newest) and (
        source is Source.STREAM or not model.held or frame.status == "ft"
    )
    assert (out.ignored is None) is taken, out.ignored
    if not taken:
        assert out.events == ()
        assert out.changed == frozenset()
        return
    score = (frame.score.home, frame.score.away) if frame.score else model.score
    kicked_off = not model.held and model.awaiting and frame.status != "not_started"
    if model.held:
        base = model.score or ((0, 0) if model.from_zero else None)
        statuses = [] if frame.status == model.status else [frame.status]
    elif kicked_off:
        base = (0, 0)
        statuses = ["kick_off"] + ([] if frame.status == "live" else [frame.status])
    else:
        base, statuses = None, []
    steps = [0, 0] if base is None or score is None else [score[0] - base[0], score[1] - base[1]]
    if base is not None and score is not None and model.baseline is None:
        model.baseline = base
    if source is Source.REST:
        # The REST API never takes a goal back.
        for side in (0, 1):
            if steps[side] < 0:
                model.unfired[side] += steps[side]
                steps[side] = 0
    implausible = any(abs(step) > MAX_GOALS_PER_FRAME for step in steps)
    assert (out.implausible is not None) is implausible, out.implausible
    if implausible:
        assert out.events == ()
        model.unfired = [model.unfired[side] + steps[side] for side in (0, 1)]
    else:
        standing = match.standing[index]
        check_soccer_events(model, standing, out.events, steps, len(statuses), kicked_off)
    assert (out.state.snapshot.score if out.state.snapshot else None) == (
        SoccerScore(*score) if score else None
    )
    if score is not None and model.baseline is None:
        model.baseline = score
    model.newest = frame.updated_at
    model.status = frame.status
    model.held = True
    model.score = score
    model.from_zero = score is None and (model.from_zero or kicked_off)
    model.awaiting = frame.status == "not_started"
    model.gap = model.gap and source is Source.REST


def check_soccer_events(
    model: SoccerModel,
    standing_goals: dict[str, tuple[str, ...]],
    events: tuple[MatchEvent, ...],
    steps: list[int],
    statuses: int,
    kicked_off: bool,
) -> None:
    """Check a taken frame's events: one per goal, each a real one, delayed when recovered."""
    status_events = [event for event in events if event.kind is EventKind.MATCH_STATUS]
    assert len(status_events) == statuses
    assert events[: len(status_events)] == tuple(status_events)
    for event in status_events:
        assert event.delayed is model.gap
        model.status_events[event.event_type] += 1
    goals = events[len(status_events) :]
    # Goals come in the order they were scored.
    minutes = [int(str(event.data["minute"])) for event in goals if event.kind is EventKind.GOAL]
    assert minutes == sorted(minutes)
    for side, team in enumerate(SIDES):
        mine = [event for event in goals if event.data["team"] == team]
        kind = EventKind.GOAL if steps[side] > 0 else EventKind.GOAL_CANCELLED
        assert len(mine) == abs(steps[side])
        assert all(event.kind is kind for event in mine)
        for event in mine:
            model.fired[side] += 1 if kind is EventKind.GOAL else -1
            minute = event.data["minute"]
            assert isinstance(minute, str)
            standing = model.standing[team]
            if kind is EventKind.GOAL_CANCELLED:
                if standing:
                    standing.pop()
                continue
            # A goal is the one that stands in the match under its count, and fires once.
            score = event.data["score"]
            assert isinstance(score, dict)
            assert standing_goals[team][score[team] - 1] == minute
            assert minute not in standing
            standing.append(minute)
    for event in goals:
        assert event.delayed is (model.gap or kicked_off)


@pytest.mark.parametrize("rest", [False, True], ids=["stream", "stream and REST"])
@given(data=st.data())
def test_soccer_events_conserve_the_score(rest: bool, data: st.DataObject) -> None:
    """Goals minus cancelled goals per side are the score's change, each fired once."""
    match = data.draw(soccer_matches(), label="match")
    ops = data.draw(deliveries(len(match.frames), rest=rest), label="deliveries")
    state = MatchState(SOCCER)
    if match.kick_off:
        state = expect_kick_off(state)
    model = SoccerModel(awaiting=match.kick_off)
    for kind, index in ops:
        if kind == "lost":
            state = connection_lost(state)
            model.gap = model.held
            assert state.gap is model.gap
            continue
        source = Source.REST if kind == "rest" else Source.STREAM
        outcome = apply(state, match.frames[index], source, now=NOW)
        check_soccer_frame(model, match, index, source, outcome)
        state = outcome.state
    # Conservation: what fired adds up to the score's change since the baseline.
    if model.score is not None:
        assert model.baseline is not None
        for side in (0, 1):
            change = model.score[side] - model.baseline[side]
            assert model.fired[side] == change - model.unfired[side]
    # The match passes each status once: each status event fires at most once.
    assert all(count == 1 for count in model.status_events.values()), model.status_events
    assert "status_change" not in model.status_events


# Cricket


@dataclass
class CricketFrame:
    """One frame of a cricket match, with the truth the frame may not show."""

    snapshot: CricketSnapshot
    innings: int
    # The label of the wicket this frame's last ball took, when it took one.
    wicket_label: str | None


@dataclass
class CricketMatch:
    """A cricket match of two innings as it really went."""

    kick_off: bool
    frames: list[CricketFrame]


@st.composite
def cricket_matches(draw: st.DrawFn) -> CricketMatch:
    """Play a random two-innings match; frames name the innings by number or batting side."""
    kick_off = draw(st.booleans())
    numbered = draw(st.booleans())
    innings, runs, wickets, balls = 1, 0, 0, 0
    if not kick_off:
        runs, wickets, balls = draw(st.integers(10, 150)), draw(st.integers(1, 6)), 60
    status = "not_started" if kick_off else "live"
    ended: list[InningsScore] = []
    last: CricketEvent | None = None
    steps = draw(
        st.lists(
            st.sampled_from(["ball", "ball", "wicket", "wicket", "break", "innings", "blank"]),
            max_size=40,
        )
    )
    frames: list[CricketFrame] = []
    for step in [None, *steps]:
        wicket_label = None
        blank = step == "blank"
        if status == "not_started" and step is not None:
            status = "live"
        elif step == "ball" and status == "live":
            runs, balls = runs + draw(st.integers(0, 6)), balls + 1
            last = CricketEvent("run", f"{runs} runs")
        elif step == "wicket" and status == "live" and wickets < 10:
            wickets, balls = wickets + 1, balls + 1
            wicket_label = f"WICKET {innings}-{wickets}"
            last = CricketEvent(draw(st.sampled_from([None, "wicket"])), wicket_label)
        elif step == "break" and status == "live" and innings == 1:
            status = "innings_break"
        elif step == "break" and status == "live":
            status = "ft"
        elif step == "innings" and innings == 1 and status != "not_started":
            ended.append(InningsScore(1, BATTING[1], runs, wickets, overs(balls)))
            innings, runs, wickets, balls, status, last = 2, 0, 0, 0, "live", None
            # The first frame of an innings often comes before its score.
            blank = draw(st.booleans())
        current = InningsScore(innings, BATTING[innings], runs, wickets, overs(balls))
        snapshot = CricketSnapshot(
            CRICKET,
            home="India",
            away="Australia",
            status=status,
            innings=innings if numbered else None,
            batting=BATTING[innings],
            score=None if blank else CricketScore(runs, wickets, overs(balls)),
            last_event=last,
            scorecard=(*ended, current),
            updated_at=stamp(len(frames)),
        )
        frames.append(CricketFrame(snapshot, innings, wicket_label))
    return CricketMatch(kick_off, frames)


def overs(balls: int) -> str:
    """Write balls bowled as the feed does: 14 balls are "2.2"."""
    return f"{balls // 6}.{balls % 6}"


@dataclass
class CricketModel:
    """What the rules say the engine knows of a cricket match, frame by frame."""

    awaiting: bool
    newest: datetime | None = None
    status: str | None = None
    held: bool = False
    innings: int = 0
    wickets: int | None = None
    from_zero: bool = False
    gap: bool = False
    # Per innings: the last wickets known, each wicket fired, and those passed over unfired.
    last: dict[int, int] = field(default_factory=dict)
    fired: dict[int, list[int]] = field(default_factory=lambda: {1: [], 2: []})
    unfired: dict[int, list[int]] = field(default_factory=lambda: {1: [], 2: []})


def check_cricket_frame(model: CricketModel, match: CricketMatch, index: int, out: Outcome) -> None:
    """Check one frame's outcome against the model, then move the model on."""
    frame = match.frames[index]
    snapshot = frame.snapshot
    assert snapshot.updated_at is not None
    taken = model.newest is None or snapshot.updated_at >= model.newest
    assert (out.ignored is None) is taken, out.ignored
    if not taken:
        assert out.events == ()
        return
    kicked_off = not model.held and model.awaiting and snapshot.status != "not_started"
    wickets = snapshot.score.wickets if snapshot.score else None
    if wickets is None and frame.innings == model.innings:
        wickets = model.wickets
    expected = expected_cricket(model, frame, wickets) if model.held or kicked_off else []
    fired = [item for item in expected if isinstance(item, tuple)]
    implausible = len(fired) > MAX_WICKETS_PER_FRAME
    assert (out.implausible is not None) is implausible, out.implausible
    if implausible:
        for innings, number in fired:
            model.unfired[innings].append(number)
    else:
        check_cricket_events(model, frame, out.events, expected, kicked_off)
    for innings, number in fired:
        model.last[innings] = max(number, model.last.get(innings, 0))
    if wickets is not None:
        model.last[frame.innings] = wickets
    model.newest = snapshot.updated_at
    model.status = snapshot.status
    model.from_zero = wickets is None and (
        model.from_zero or kicked_off or (model.held and frame.innings != model.innings)
    )
    model.held = True
    model.innings = frame.innings
    model.wickets = wickets
    model.awaiting = snapshot.status == "not_started"
    model.gap = False


def expected_cricket(
    model: CricketModel, frame: CricketFrame, wickets: int | None
) -> list[tuple[int, int] | str]:
    """Return what a frame after the held one (or after kick-off) fires, in order."""
    snapshot = frame.snapshot
    held_innings = model.innings if model.held else 1
    before = model.wickets if model.held else 0
    if before is None and model.from_zero:
        before = 0
    expected: list[tuple[int, int] | str] = []
    if frame.innings == held_innings:
        if model.held and snapshot.status != model.status:
            expected.append(f"status {snapshot.status}")
        if before is not None and wickets is not None:
            expected += [(frame.innings, n) for n in range(before + 1, wickets + 1)]
        return expected
    final = snapshot.scorecard[0].wickets
    assert final is not None
    if before is not None:
        expected += [(held_innings, n) for n in range(before + 1, final + 1)]
    expected.append("innings_change")
    if wickets is not None:
        expected += [(frame.innings, n) for n in range(1, wickets + 1)]
    if model.held and snapshot.status not in ("live", model.status):
        expected.append(f"status {snapshot.status}")
    return expected


def check_cricket_events(
    model: CricketModel,
    frame: CricketFrame,
    events: tuple[MatchEvent, ...],
    expected: list[tuple[int, int] | str],
    kicked_off: bool,
) -> None:
    """Check a taken frame's events in order: each wicket once, labelled only by its own ball."""
    if kicked_off:
        assert events[0].event_type == "kick_off"
        assert not events[0].delayed
        events = events[1:]
        if frame.snapshot.status != "live":
            assert events[0].data == {"from": "not_started", "to": frame.snapshot.status}
            events = events[1:]
    found: list[tuple[int, int] | str] = []
    for event in events:
        assert event.delayed is (model.gap or kicked_off)
        if event.kind is EventKind.WICKET:
            innings = 1 if event.data["batting"] == BATTING[1] else 2
            number = event.data["wickets"]
            assert isinstance(number, int)
            label = event.data["label"]
            assert label in (None, f"WICKET {innings}-{number}")
            found.append((innings, number))
            model.fired[innings].append(number)
        elif event.event_type == "innings_change":
            found.append("innings_change")
        else:
            found.append(f"status {event.data['to']}")
    assert found == expected
    # The ball that took the frame's last wicket names it.
    last = [item for item in expected if isinstance(item, tuple) and item[0] == frame.innings]
    if frame.wicket_label is not None and last:
        labelled = [e for e in events if e.kind is EventKind.WICKET][-1]
        assert labelled.data["label"] == frame.wicket_label


@given(data=st.data())
def test_cricket_events_conserve_the_wickets(data: st.DataObject) -> None:
    """Wicket events per innings are the wickets that fell since the baseline, each once."""
    match = data.draw(cricket_matches(), label="match")
    ops = data.draw(deliveries(len(match.frames), rest=False), label="deliveries")
    state = MatchState(CRICKET)
    if match.kick_off:
        state = expect_kick_off(state)
    model = CricketModel(awaiting=match.kick_off)
    for kind, index in ops:
        if kind == "lost":
            state = connection_lost(state)
            model.gap = model.held
            continue
        outcome = apply(state, match.frames[index].snapshot, Source.STREAM, now=NOW)
        check_cricket_frame(model, match, index, outcome)
        state = outcome.state
    # Conservation per innings: every wicket from the first known to the last, once.
    for innings, numbers in model.fired.items():
        assert len(numbers) == len(set(numbers))
        if not numbers:
            continue
        known = set(numbers) | set(model.unfired[innings])
        assert known == set(range(min(known), max(known) + 1))
        assert max(known) == model.last[innings]
