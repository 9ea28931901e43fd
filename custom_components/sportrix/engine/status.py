"""Status events: kick-off, half time, second half, full time and the rest."""

from .events import EventKind, MatchEvent, StatusChange

NOT_STARTED = "not_started"
LIVE = "live"
HALF_TIME = "ht"
FULL_TIME = "ft"
INNINGS_BREAK = "innings_break"
_PAUSES = {
    HALF_TIME: StatusChange.HALF_TIME,
    FULL_TIME: StatusChange.FULL_TIME,
    INNINGS_BREAK: StatusChange.INNINGS_BREAK,
}


def status_change(before: str | None, after: str) -> StatusChange:
    """Name a change of the snapshot status."""
    if after == LIVE:
        if before == HALF_TIME:
            return StatusChange.SECOND_HALF
        if before in (None, NOT_STARTED):
            return StatusChange.KICK_OFF
    return _PAUSES.get(after, StatusChange.STATUS_CHANGE)


def status_events(before: str | None, after: str | None) -> list[MatchEvent]:
    """Return a status event when the status changed to a known one."""
    if after is None or before == after:
        return []
    return [status_event(status_change(before, after), before, after)]


def status_event(
    change: StatusChange, before: str | None, after: str | None, **details: object
) -> MatchEvent:
    """Return one status event from one status to another."""
    return MatchEvent(EventKind.MATCH_STATUS, change, {"from": before, "to": after, **details})


def kick_off_events(after: str | None) -> list[MatchEvent]:
    """Return the kick-off of a match first seen after it, and where it has got to since.

    A frame without a status says nothing of the match's progress: no status event.
    """
    if after is None:
        return []
    events = [status_event(StatusChange.KICK_OFF, NOT_STARTED, after)]
    if after != LIVE:
        pause = _PAUSES.get(after, StatusChange.STATUS_CHANGE)
        events.append(status_event(pause, NOT_STARTED, after))
    return events
