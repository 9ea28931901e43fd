"""Typed Sportrix live snapshots, one class per sport.

Payloads are parsed once, here. Parsing is lenient: a missing or wrong-typed optional field
becomes None (or an empty collection) and unknown fields are ignored but kept in `raw`. Only a
payload that cannot identify its match raises SportrixProtocolError.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
import re
from typing import TYPE_CHECKING, Literal

from ._coerce import (
    JsonObject,
    Number,
    as_bool,
    as_datetime,
    as_float,
    as_int,
    as_list,
    as_number,
    as_object,
    as_str,
    brief,
)
from .exceptions import SportrixProtocolError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

SPORT_SOCCER: Literal["soccer"] = "soccer"
SPORT_CRICKET: Literal["cricket"] = "cricket"

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
    sport = _sport_of(payload)
    if sport == SPORT_SOCCER:
        return _parse_soccer(resolved, payload)
    if sport == SPORT_CRICKET:
        return _parse_cricket(resolved, payload)
    return UnknownSnapshot(
        resolved,
        sport=sport,
        status=as_str(payload.get("status")),
        home=as_str(payload.get("home")),
        away=as_str(payload.get("away")),
        raw=payload,
    )


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


def _parse_soccer(match_id: int, payload: JsonObject) -> SoccerSnapshot:
    stats: dict[str, StatPair] = {}
    for key, value in (as_object(payload.get("stats")) or {}).items():
        if (pair := as_object(value)) is not None:
            stats[key] = StatPair(as_number(pair.get("home")), as_number(pair.get("away")))
    return SoccerSnapshot(
        match_id,
        version=as_int(payload.get("v")),
        competition=as_str(payload.get("competition")),
        home=as_str(payload.get("home")),
        away=as_str(payload.get("away")),
        status=as_str(payload.get("status")),
        clock=_parse_clock(payload.get("clock")),
        score=_parse_soccer_score(payload.get("score")),
        phase=_parse_phase(payload.get("phase")),
        stats=stats,
        events=tuple(
            event
            for item in as_list(payload.get("events"))
            if (event := _parse_soccer_event(item)) is not None
        ),
        ball=_parse_ball(payload.get("ball")),
        updated_at=as_datetime(payload.get("updated_at")),
        raw=payload,
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


def _parse_cricket(match_id: int, payload: JsonObject) -> CricketSnapshot:
    last_event = as_object(payload.get("last_event"))
    return CricketSnapshot(
        match_id,
        version=as_int(payload.get("v")),
        competition=as_str(payload.get("competition")),
        home=as_str(payload.get("home")),
        away=as_str(payload.get("away")),
        status=as_str(payload.get("status")),
        innings=as_int(payload.get("innings")),
        batting=as_str(payload.get("batting")),
        bowling=as_str(payload.get("bowling")),
        score=_parse_cricket_score(payload.get("score")),
        target=as_int(payload.get("target")),
        last_event=(
            None
            if last_event is None
            else CricketEvent(as_str(last_event.get("type")), as_str(last_event.get("label")))
        ),
        batsmen=tuple(
            Batsman(
                name=as_str(item.get("name")),
                runs=as_int(item.get("runs")),
                balls=as_int(item.get("balls")),
                striker=as_bool(item.get("striker")),
            )
            for value in as_list(payload.get("batsmen"))
            if (item := as_object(value)) is not None
        ),
        bowler=_parse_bowler(payload.get("bowler")),
        current_over=tuple(
            text for ball in as_list(payload.get("current_over")) if (text := as_str(ball))
        ),
        scorecard=tuple(
            InningsScore(
                innings=as_int(item.get("innings")),
                batting=as_str(item.get("batting")),
                runs=as_int(item.get("runs")),
                wickets=as_int(item.get("wickets")),
                overs=overs_text(item.get("overs")),
            )
            for value in as_list(payload.get("scorecard"))
            if (item := as_object(value)) is not None
        ),
        updated_at=as_datetime(payload.get("updated_at")),
        raw=payload,
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
