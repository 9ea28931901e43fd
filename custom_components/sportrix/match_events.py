"""Turn two consecutive snapshots of a match into goal, wicket and status events."""

from dataclasses import dataclass, field
from enum import StrEnum

from .api import CricketSnapshot, Snapshot, SoccerSnapshot


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
    minute = current.clock.minute if current.clock else None
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
            events.append(
                MatchEvent(
                    kind,
                    kind,
                    {
                        "team": team,
                        "team_name": current.home if team == "home" else current.away,
                        "score": {"home": home, "away": away},
                        "minute": _goal_minute(current, team, home, away) or minute,
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
    innings_changed = _innings_changed(previous, current)
    if innings_changed:
        return [
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
    events = _status_events(previous, current)
    if previous.score is None or current.score is None:
        return events
    label = None
    if current.last_event is not None and current.last_event.type == "wicket":
        label = current.last_event.label
    wickets = previous.score.wickets
    for _ in range(max(0, current.score.wickets - previous.score.wickets)):
        wickets += 1
        events.append(
            MatchEvent(
                EventKind.WICKET,
                EventKind.WICKET,
                {
                    "batting": current.batting,
                    "runs": current.score.runs,
                    "wickets": wickets,
                    "overs": current.score.overs,
                    "label": label,
                },
            )
        )
    return events


def _innings_changed(previous: CricketSnapshot, current: CricketSnapshot) -> bool:
    """Tell a new innings (batting side changed, or the innings number rose) from a wicket."""
    if previous.innings is not None and current.innings is not None:
        return current.innings != previous.innings
    return (
        previous.batting is not None
        and current.batting is not None
        and previous.batting != current.batting
    )
