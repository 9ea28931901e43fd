"""Typed Sportrix live snapshots, one class per sport.

Payloads are parsed once, here. Parsing is lenient: a missing or wrong-typed optional field
becomes None (or an empty collection) and unknown fields are ignored but kept in `raw`. Only a
payload that cannot identify its match raises SportrixProtocolError.

The stream parses with a SnapshotParser, which takes each part of a payload (the clock, the
stats, the timeline...) from the match's last snapshot when that part did not change.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
import logging
import marshal
import re
from typing import TYPE_CHECKING, Any, Literal, cast

from ._coerce import (
    JsonObject,
    Number,
    as_bool,
    as_datetime,
    as_float,
    as_int,
    as_list,
    as_name,
    as_number,
    as_object,
    as_str,
    brief,
)
from ._once import WarnOnce
from .exceptions import SportrixProtocolError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

_LOGGER = logging.getLogger(__name__)
# A bad timestamp is warned about once per match, not on every frame of it.
_BAD_TIME = WarnOnce(_LOGGER)
_BAD_RESULT = WarnOnce(_LOGGER)

SPORT_SOCCER: Literal["soccer"] = "soccer"
SPORT_CRICKET: Literal["cricket"] = "cricket"

# marshal's format 2 writes every value in full, with its exact type and no shared references.
_MARSHAL_VERSION = 2
# Four digits of overs are more than any match has; the bound keeps int() cheap and safe.
_OVERS_TEXT = re.compile(r"(\d{1,4})(?:\.(\d))?")
_MAX_OVERS = 10_000


@dataclass(frozen=True, slots=True)
class SoccerClock:
    """The match clock of a soccer snapshot."""

    minute: int | None = None
    second: int | None = None
    period: str | None = None
    running: bool | None = None
    added: int | None = None


@dataclass(frozen=True, slots=True)
class SoccerScore:
    """The current soccer score."""

    home: int
    away: int


@dataclass(frozen=True, slots=True)
class Phase:
    """What is happening on the pitch right now."""

    label: str | None = None
    team: str | None = None
    code: str | None = None
    vc: str | None = None


@dataclass(frozen=True, slots=True)
class StatPair:
    """One statistic for both teams."""

    home: Number | None = None
    away: Number | None = None


@dataclass(frozen=True, slots=True)
class SoccerEvent:
    """One incident of the soccer timeline."""

    minute: str
    type: str
    team: str
    label: str | None = None
    score: str | None = None


@dataclass(frozen=True, slots=True)
class Ball:
    """The ball position tied to the last notable event."""

    x: float | None = None
    y: float | None = None
    event: str | None = None
    minute: str | None = None


@dataclass(frozen=True, slots=True)
class SoccerSnapshot:
    """A full soccer live snapshot."""

    match_id: int
    _: KW_ONLY
    sport: Literal["soccer"] = SPORT_SOCCER
    version: int | None = None
    competition: str | None = None
    home: str | None = None
    away: str | None = None
    status: str | None = None
    clock: SoccerClock | None = None
    score: SoccerScore | None = None
    phase: Phase | None = None
    stats: Mapping[str, StatPair] = field(default_factory=dict)
    events: tuple[SoccerEvent, ...] = ()
    ball: Ball | None = None
    updated_at: datetime | None = None
    raw: Mapping[str, object] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class CricketScore:
    """The batting side's score; overs in the feed's text form ("18.4" is 18 overs 4 balls)."""

    runs: int
    wickets: int
    overs: str

    @property
    def balls(self) -> int:
        """Return the number of legal balls bowled; overs that are not "N" or "N.B" count 0."""
        if (text := overs_text(self.overs)) is None:
            return 0
        whole, _, balls = text.partition(".")
        return int(whole) * 6 + int(balls)

    @property
    def run_rate(self) -> float | None:
        """Return the runs per over, or None before the first ball."""
        if (balls := self.balls) == 0 or (runs := as_int(self.runs)) is None:
            return None
        try:
            return runs * 6 / balls
        except OverflowError:
            return None


@dataclass(frozen=True, slots=True)
class CricketEvent:
    """The last ball or event of a cricket match."""

    type: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Batsman:
    """A batsman at the crease."""

    name: str | None = None
    runs: int | None = None
    balls: int | None = None
    striker: bool | None = None


@dataclass(frozen=True, slots=True)
class Bowler:
    """The current bowler's figures."""

    name: str | None = None
    overs: str | None = None
    runs: int | None = None
    wickets: int | None = None


@dataclass(frozen=True, slots=True)
class InningsScore:
    """One innings of the scorecard."""

    innings: int | None = None
    batting: str | None = None
    runs: int | None = None
    wickets: int | None = None
    overs: str | None = None


@dataclass(frozen=True, slots=True)
class CricketSnapshot:
    """A cricket live snapshot; the feed documents few fields, so all are optional."""

    match_id: int
    _: KW_ONLY
    sport: Literal["cricket"] = SPORT_CRICKET
    version: int | None = None
    competition: str | None = None
    home: str | None = None
    away: str | None = None
    status: str | None = None
    innings: int | None = None
    batting: str | None = None
    bowling: str | None = None
    score: CricketScore | None = None
    target: int | None = None
    last_event: CricketEvent | None = None
    batsmen: tuple[Batsman, ...] = ()
    bowler: Bowler | None = None
    current_over: tuple[str, ...] = ()
    scorecard: tuple[InningsScore, ...] = ()
    updated_at: datetime | None = None
    raw: Mapping[str, object] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class UnknownSnapshot:
    """A snapshot of a sport this client does not know; the payload is kept in `raw`."""

    match_id: int
    _: KW_ONLY
    sport: str = ""
    status: str | None = None
    home: str | None = None
    away: str | None = None
    raw: Mapping[str, object] = field(default_factory=dict, repr=False, compare=False)


type Snapshot = SoccerSnapshot | CricketSnapshot | UnknownSnapshot


def parse_snapshot(data: object, *, match_id: int | None = None) -> Snapshot:
    """Parse a live snapshot; match_id fills in for the REST payload that may omit it.

    Raise SportrixProtocolError when data is not an object or has no positive integer match_id.
    """
    return _Parts(data, match_id, None).snapshot


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A match's recorded result: its snapshots frozen at the half-time and full-time whistles."""

    half_time: Snapshot | None = None
    full_time: Snapshot | None = None


def parse_result(data: object, *, match_id: int) -> MatchResult:
    """Parse a result; a half that is missing or malformed is None, and the other is kept.

    Raise SportrixProtocolError when data is not a JSON object.
    """
    payload = as_object(data)
    if payload is None:
        raise SportrixProtocolError(f"result is not a JSON object: {type(data).__name__}")
    return MatchResult(
        _result_half(payload, "half_time", match_id), _result_half(payload, "full_time", match_id)
    )


def _result_half(payload: JsonObject, key: str, match_id: int) -> Snapshot | None:
    """Parse one half of a result; a malformed one is logged once and left out."""
    if (value := payload.get(key)) is None:
        return None
    try:
        return parse_snapshot(value, match_id=match_id)
    except SportrixProtocolError as err:
        _BAD_RESULT.log((match_id, key), "Ignoring the %s of match %s: %s", key, match_id, err)
        return None


class SnapshotParser:
    """Parse the snapshots of many matches, each from the parts of its last one that stayed.

    Frames are full snapshots, yet between two frames of a match most parts are the same: a
    part whose JSON is exactly that of the match's last payload is taken from the last
    snapshot instead of being built again. The payloads must not be changed once parsed.
    """

    __slots__ = ("_last",)

    def __init__(self) -> None:
        """Start with no match seen."""
        self._last: dict[int, _Parts] = {}

    def parse(self, data: object) -> Snapshot:
        """Parse a live snapshot as parse_snapshot() does, and remember it for its match."""
        parts = _Parts(data, None, self._last)
        self._last[parts.match_id] = parts
        return parts.snapshot

    def forget(self, match_id: int) -> None:
        """Drop what is remembered of a match."""
        self._last.pop(match_id, None)

    def clear(self) -> None:
        """Drop what is remembered of every match."""
        self._last.clear()

    def __len__(self) -> int:
        """Return the number of matches remembered."""
        return len(self._last)


class _Parts:
    """One payload parsed, part by part; a part exactly as in the match's last payload is kept.

    Whether a part is exactly the same JSON is settled by comparing it (==) and, when equal,
    its marshal form, which keeps each leaf's type: Python finds 1, 1.0 and true equal, and
    the converters do not. The marshal form of each part found unchanged is kept for the next
    payload, so a part that stays is written once a frame, not twice. Parts that seldom change
    are first checked together, in one comparison (settled()).
    """

    __slots__ = ("_before", "_exact", "match_id", "payload", "snapshot")

    def __init__(
        self, data: object, match_id: int | None, last: Mapping[int, _Parts] | None
    ) -> None:
        """Parse data; raise SportrixProtocolError when it does not identify its match."""
        payload = as_object(data)
        if payload is None:
            raise SportrixProtocolError(f"snapshot is not a JSON object: {type(data).__name__}")
        found = _positive_int(payload.get("match_id"))
        if found is not None and match_id is not None and found != match_id:
            raise SportrixProtocolError(f"snapshot is for match {found}, expected {match_id}")
        if (resolved := found if found is not None else match_id) is None:
            raise SportrixProtocolError(
                f"snapshot has no valid match_id: {brief(payload.get('match_id'))}"
            )
        self.payload = payload
        self.match_id = resolved
        self._exact: dict[str | tuple[str, ...], bytes] = {}
        sport = _sport_of(payload)
        before = None if last is None else last.get(resolved)
        self._before = before if before is not None and before.snapshot.sport == sport else None
        self.snapshot: Snapshot
        if sport == SPORT_SOCCER:
            self.snapshot = _parse_soccer(resolved, self)
        elif sport == SPORT_CRICKET:
            self.snapshot = _parse_cricket(resolved, self)
        else:
            self.snapshot = UnknownSnapshot(
                resolved,
                sport=sport,
                status=as_str(payload.get("status")),
                home=as_name(payload.get("home")),
                away=as_name(payload.get("away")),
                raw=payload,
            )
        # Each match holds its last payload only, not a chain of all of them.
        self._before = None

    def get(self, key: str) -> object:
        """Return a field of the payload as it is."""
        return self.payload.get(key)

    def settled(self, keys: tuple[str, ...]) -> Snapshot | None:
        """Return the last snapshot if all these parts are exactly as in the last payload.

        One comparison for all; when it fails, part() looks at each of them alone.
        """
        if (before := self._before) is None:
            return None
        values = tuple(map(self.payload.get, keys))
        if self._same(keys, values, tuple(map(before.payload.get, keys)), before):
            return before.snapshot
        return None

    def part[T](self, key: str, parse: Callable[[object], T]) -> T:
        """Return the field key parsed, or the last snapshot's when its JSON is the same."""
        value = self.payload.get(key)
        if (before := self._before) is not None and self._same(
            key, value, before.payload.get(key), before
        ):
            kept: T = getattr(before.snapshot, key)
            return kept
        return parse(value)

    def _same(self, key: str | tuple[str, ...], value: object, old: object, before: _Parts) -> bool:
        """Tell whether a part (or parts) is the same JSON as before, to each leaf's type."""
        known = before._exact.get(key)
        if value is old:
            # Missing in both (None), or a payload parsed twice.
            if known is not None:
                self._exact[key] = known
            return True
        try:
            if value != old:
                return False
            if type(value) is str and type(old) is str:
                return True
            exact = marshal.dumps(cast("Any", value), _MARSHAL_VERSION)
            if known is None:
                known = marshal.dumps(cast("Any", old), _MARSHAL_VERSION)
        except Exception:  # noqa: BLE001 - a value marshal cannot write, or one nested too deep
            # Parsing it afresh is always right; this is only a shortcut.
            return False
        self._exact[key] = exact
        return exact == known


def _positive_int(value: object) -> int | None:
    number = as_int(value)
    return number if number is not None and number > 0 else None


def _sport_of(payload: JsonObject) -> str:
    """Return the lowercase sport; guess it from the score shape when the field is missing.

    The older, soccer-only documentation shows snapshots without a `sport` field.
    """
    if (sport := as_str(payload.get("sport"))) is not None:
        return sport.strip().lower()
    score = as_object(payload.get("score")) or {}
    if "runs" in score:
        return SPORT_CRICKET
    if "home" in score or "clock" in payload:
        return SPORT_SOCCER
    return ""


# What a soccer frame seldom changes, checked together first; the clock and the time change
# with every frame, so they are parsed without a look at the last ones.
_SOCCER_STEADY = ("score", "phase", "stats", "events", "ball")


def _parse_soccer(match_id: int, parts: _Parts) -> SoccerSnapshot:
    get = parts.get
    if isinstance(kept := parts.settled(_SOCCER_STEADY), SoccerSnapshot):
        score, phase, stats, events, ball = (
            kept.score,
            kept.phase,
            kept.stats,
            kept.events,
            kept.ball,
        )
    else:
        score = parts.part("score", _parse_soccer_score)
        phase = parts.part("phase", _parse_phase)
        stats = parts.part("stats", _parse_stats)
        events = parts.part("events", _parse_soccer_events)
        ball = parts.part("ball", _parse_ball)
    return SoccerSnapshot(
        match_id,
        version=as_int(get("v")),
        competition=as_name(get("competition")),
        home=as_name(get("home")),
        away=as_name(get("away")),
        status=as_str(get("status")),
        clock=_parse_clock(get("clock")),
        score=score,
        phase=phase,
        stats=stats,
        events=events,
        ball=ball,
        updated_at=_timestamp(match_id, get("updated_at")),
        raw=parts.payload,
    )


def _parse_stats(value: object) -> Mapping[str, StatPair]:
    stats: dict[str, StatPair] = {}
    for key, item in (as_object(value) or {}).items():
        if (pair := as_object(item)) is not None:
            stats[key] = StatPair(as_number(pair.get("home")), as_number(pair.get("away")))
    return stats


def _parse_soccer_events(value: object) -> tuple[SoccerEvent, ...]:
    return tuple(
        event for item in as_list(value) if (event := _parse_soccer_event(item)) is not None
    )


def _parse_clock(value: object) -> SoccerClock | None:
    if (clock := as_object(value)) is None:
        return None
    return SoccerClock(
        minute=as_int(clock.get("minute")),
        second=as_int(clock.get("second")),
        period=as_str(clock.get("period")),
        running=as_bool(clock.get("running")),
        added=as_int(clock.get("added")),
    )


def _parse_soccer_score(value: object) -> SoccerScore | None:
    if (score := as_object(value)) is None:
        return None
    home, away = as_int(score.get("home")), as_int(score.get("away"))
    if home is None or away is None:
        return None
    return SoccerScore(home, away)


def _parse_phase(value: object) -> Phase | None:
    if (phase := as_object(value)) is None:
        return None
    return Phase(
        label=as_str(phase.get("label")),
        team=as_str(phase.get("team")),
        code=as_str(phase.get("code")),
        vc=as_str(phase.get("vc")),
    )


def _parse_soccer_event(value: object) -> SoccerEvent | None:
    if (event := as_object(value)) is None:
        return None
    return SoccerEvent(
        minute=as_str(event.get("minute")) or "",
        # The feed's own catch-all type for uncategorised incidents.
        type=as_str(event.get("type")) or "event",
        team=as_str(event.get("team")) or "",
        label=as_str(event.get("label")),
        score=as_str(event.get("score")),
    )


def _parse_ball(value: object) -> Ball | None:
    if (ball := as_object(value)) is None:
        return None
    return Ball(
        x=as_float(ball.get("x")),
        y=as_float(ball.get("y")),
        event=as_str(ball.get("event")),
        minute=as_str(ball.get("minute")),
    )


def _parse_cricket(match_id: int, parts: _Parts) -> CricketSnapshot:
    get = parts.get
    return CricketSnapshot(
        match_id,
        version=as_int(get("v")),
        competition=as_name(get("competition")),
        home=as_name(get("home")),
        away=as_name(get("away")),
        status=as_str(get("status")),
        innings=as_int(get("innings")),
        batting=as_name(get("batting")),
        bowling=as_name(get("bowling")),
        score=parts.part("score", _parse_cricket_score),
        target=as_int(get("target")),
        last_event=parts.part("last_event", _parse_cricket_event),
        batsmen=parts.part("batsmen", _parse_batsmen),
        bowler=parts.part("bowler", _parse_bowler),
        current_over=parts.part("current_over", _parse_current_over),
        scorecard=parts.part("scorecard", _parse_scorecard),
        updated_at=parts.part("updated_at", lambda value: _timestamp(match_id, value)),
        raw=parts.payload,
    )


def _timestamp(match_id: int, value: object) -> datetime | None:
    """Return a snapshot's time; one missing, unparsable or out of range is None."""
    if (moment := as_datetime(value)) is None and value is not None:
        _BAD_TIME.log(
            match_id,
            "Ignoring the updated_at of match %s, not a time from 2000 to 2099: %s",
            match_id,
            brief(value),
        )
    return moment


def _parse_cricket_event(value: object) -> CricketEvent | None:
    if (event := as_object(value)) is None:
        return None
    return CricketEvent(as_str(event.get("type")), as_str(event.get("label")))


def _parse_batsmen(value: object) -> tuple[Batsman, ...]:
    return tuple(
        Batsman(
            name=as_str(item.get("name")),
            runs=as_int(item.get("runs")),
            balls=as_int(item.get("balls")),
            striker=as_bool(item.get("striker")),
        )
        for entry in as_list(value)
        if (item := as_object(entry)) is not None
    )


def _parse_current_over(value: object) -> tuple[str, ...]:
    return tuple(text for ball in as_list(value) if (text := as_str(ball)))


def _parse_scorecard(value: object) -> tuple[InningsScore, ...]:
    return tuple(
        InningsScore(
            innings=as_int(item.get("innings")),
            batting=as_name(item.get("batting")),
            runs=as_int(item.get("runs")),
            wickets=as_int(item.get("wickets")),
            overs=overs_text(item.get("overs")),
        )
        for entry in as_list(value)
        if (item := as_object(entry)) is not None
    )


def _parse_cricket_score(value: object) -> CricketScore | None:
    if (score := as_object(value)) is None:
        return None
    runs, wickets = as_int(score.get("runs")), as_int(score.get("wickets"))
    overs = overs_text(score.get("overs"))
    if runs is None or wickets is None or overs is None:
        return None
    return CricketScore(runs, wickets, overs)


def _parse_bowler(value: object) -> Bowler | None:
    if (bowler := as_object(value)) is None:
        return None
    return Bowler(
        name=as_str(bowler.get("name")),
        overs=overs_text(bowler.get("overs")),
        runs=as_int(bowler.get("runs")),
        wickets=as_int(bowler.get("wickets")),
    )


def overs_text(value: object) -> str | None:
    """Return overs in the feed's text form: 18.4 and "18.4" give "18.4", 18 gives "18.0"."""
    if isinstance(value, str):
        if (found := _OVERS_TEXT.fullmatch(value.strip())) is None:
            return None
        return f"{int(found[1])}.{found[2] or 0}"
    number = as_number(value)
    if number is None or not 0 <= number < _MAX_OVERS:
        return None
    whole = int(number)
    # 18.4 is stored as 18.399999...; round to the one digit that counts balls.
    balls = round((number - whole) * 10)
    if balls == 10:
        whole, balls = whole + 1, 0
    return f"{whole}.{balls}"
