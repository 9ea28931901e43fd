"""Turn two consecutive snapshots of a match into goal, wicket and status events."""

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .api import CricketScore, CricketSnapshot, Snapshot, SoccerScore, SoccerSnapshot


class EventKind(StrEnum):
    """What happened; each kind is one bus event and one event entity type family."""

    GOAL = "goal"
    GOAL_CANCELLED = "goal_cancelled"
    WICKET = "wicket"
    MATCH_STATUS = "match_status"


class StatusChange(StrEnum):
    """The event types of the match status entity."""

    KICK_OFF = "kick_off"
    HALF_TIME = "half_time"
    SECOND_HALF = "second_half"
    FULL_TIME = "full_time"
    INNINGS_BREAK = "innings_break"
    INNINGS_CHANGE = "innings_change"
    STATUS_CHANGE = "status_change"


@dataclass(frozen=True, slots=True)
class MatchEvent:
    """One thing that happened in a match, with the details automations receive."""

    kind: EventKind
    event_type: str
    data: dict[str, object] = field(default_factory=dict)


def diff_snapshots(previous: Snapshot, current: Snapshot) -> list[MatchEvent]:
    """Return the events that lead from one snapshot of a match to the next."""
    if isinstance(previous, SoccerSnapshot) and isinstance(current, SoccerSnapshot):
        return [*_status_events(previous, current), *_goal_events(previous, current)]
    if isinstance(previous, CricketSnapshot) and isinstance(current, CricketSnapshot):
        return _cricket_events(previous, current)
    if previous.sport == current.sport:
        return _status_events(previous, current)
    return []


def before_kick_off(snapshot: Snapshot) -> Snapshot:
    """Return the match as it stood before kick-off: not started, nothing scored."""
    if isinstance(snapshot, SoccerSnapshot):
        return replace(snapshot, status="not_started", score=SoccerScore(0, 0), events=())
    if isinstance(snapshot, CricketSnapshot):
        return replace(snapshot, status="not_started", score=CricketScore(0, 0, "0.0"))
    return replace(snapshot, status="not_started")


def _status_change_type(before: str | None, after: str | None) -> StatusChange:
    """Name a change of the snapshot status."""
    if after == "live":
        if before == "ht":
            return StatusChange.SECOND_HALF
        if before in (None, "not_started"):
            return StatusChange.KICK_OFF
    match after:
        case "ht":
            return StatusChange.HALF_TIME
        case "ft":
            return StatusChange.FULL_TIME
        case "innings_break":
            return StatusChange.INNINGS_BREAK
    return StatusChange.STATUS_CHANGE


def _status_events(previous: Snapshot, current: Snapshot) -> list[MatchEvent]:
    """Return a status event when the snapshot status changed."""
    if current.status is None or previous.status == current.status:
        return []
    change = _status_change_type(previous.status, current.status)
    return [
        MatchEvent(
            EventKind.MATCH_STATUS,
            change,
            {"from": previous.status, "to": current.status},
        )
    ]


def _goal_events(previous: SoccerSnapshot, current: SoccerSnapshot) -> list[MatchEvent]:
    """Return one event per goal scored or cancelled between two soccer snapshots."""
    if previous.score is None or current.score is None:
        return []
    events: list[MatchEvent] = []
    home, away = previous.score.home, previous.score.away
    # Always text, as the timeline writes it ("45+2"), so templates compare one type.
    clock = (
        str(current.clock.minute) if current.clock and current.clock.minute is not None else None
    )
    for team in ("home", "away"):
        before = previous.score.home if team == "home" else previous.score.away
        after = current.score.home if team == "home" else current.score.away
        step = 1 if after > before else -1
        for _ in range(abs(after - before)):
            if team == "home":
                home += step
            else:
                away += step
            kind = EventKind.GOAL if step > 0 else EventKind.GOAL_CANCELLED
            # A cancelled goal is not in the timeline under the score it leaves behind.
            minute = _goal_minute(current, team, home, away) if step > 0 else None
            events.append(
                MatchEvent(
                    kind,
                    kind,
                    {
                        "team": team,
                        "team_name": current.home if team == "home" else current.away,
                        "score": {"home": home, "away": away},
                        "minute": minute or clock,
                    },
                )
            )
    return events


def _goal_minute(snapshot: SoccerSnapshot, team: str, home: int, away: int) -> str | None:
    """Find the timeline's minute for the goal that made this score, when the feed lists it."""
    score = f"{home}-{away}"
    for event in reversed(snapshot.events):
        if event.type == "goal" and event.team == team and event.score == score:
            return event.minute
    return None


def _cricket_events(previous: CricketSnapshot, current: CricketSnapshot) -> list[MatchEvent]:
    """Return wicket and status events between two cricket snapshots."""
    if not _innings_changed(previous, current):
        events = _status_events(previous, current)
        if previous.score is not None and current.score is not None:
            events += _wickets(current, previous.score.wickets, current.score.wickets)
        return events
    events = [
        MatchEvent(
            EventKind.MATCH_STATUS,
            StatusChange.INNINGS_CHANGE,
            {
                "from": previous.status,
                "to": current.status,
                "batting": current.batting,
                "innings": current.innings,
            },
        )
    ]
    # Frames missed across the change (an outage) may hide wickets on both sides of it.
    ended = _ended_innings(previous, current)
    if previous.score is not None and ended is not None and ended.score is not None:
        events[:0] = _wickets(ended, previous.score.wickets, ended.score.wickets)
    if current.score is not None:
        events += _wickets(current, 0, current.score.wickets)
    return events


def _ended_innings(previous: CricketSnapshot, current: CricketSnapshot) -> CricketSnapshot | None:
    """Return the previous innings as it ended, from the current snapshot's scorecard."""
    for innings in current.scorecard:
        if (
            (
                (innings.innings is not None and innings.innings == previous.innings)
                or (innings.innings is None and innings.batting == previous.batting)
            )
            and innings.runs is not None
            and innings.wickets is not None
        ):
            score = CricketScore(innings.runs, innings.wickets, innings.overs or "0.0")
            return replace(previous, score=score, last_event=None)
    return None


def _wickets(snapshot: CricketSnapshot, before: int, after: int) -> list[MatchEvent]:
    """Return one wicket event per wicket fallen between two counts in one innings."""
    if snapshot.score is None:
        return []
    label = None
    if snapshot.last_event is not None and snapshot.last_event.type == "wicket":
        label = snapshot.last_event.label
    return [
        MatchEvent(
            EventKind.WICKET,
            EventKind.WICKET,
            {
                "batting": snapshot.batting,
                "runs": snapshot.score.runs,
                "wickets": wickets,
                "overs": snapshot.score.overs,
                # The last ball describes the last wicket only.
                "label": label if wickets == after else None,
            },
        )
        for wickets in range(before + 1, after + 1)
    ]


def _innings_changed(previous: CricketSnapshot, current: CricketSnapshot) -> bool:
    """Tell a new innings (batting side changed, or the innings number rose) from a wicket."""
    if previous.innings is not None and current.innings is not None:
        return current.innings != previous.innings
    return (
        previous.batting is not None
        and current.batting is not None
        and previous.batting != current.batting
    )
