"""Apply one frame to a match: take it or not, and say what happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .changes import changed_fields, identity_changed
from .cricket import innings_changed
from .diff import diff, kick_off, nil_score
from .events import EventKind, MatchEvent
from .frames import fill_in, keep_score, trusted_stamp
from .sanity import drop_impossible_score, storm
from .snapshots import CricketSnapshot, Snapshot, UnknownSnapshot
from .state import MatchState, Outcome, Source
from .status import FULL_TIME, NOT_STARTED

# Sources that are REST answers, not a stream or a poll taken in turn.
_REST = frozenset({Source.REST, Source.RESULT})


def apply(state: MatchState, snapshot: Snapshot, source: Source, *, now: datetime) -> Outcome:
    """Apply one frame of a match, from the stream or the REST API, at the local time now."""
    stamp = trusted_stamp(snapshot, now)
    if (ignored := _ignored(state, snapshot, source, stamp)) is not None:
        return Outcome(state, ignored=ignored)
    previous = state.snapshot
    if source is Source.RESULT:
        snapshot = fill_in(snapshot, previous)
    taken, implausible = drop_impossible_score(snapshot)
    taken = keep_score(taken, previous)
    kicked_off = previous is None and state.awaiting_kick_off and taken.status != NOT_STARTED
    events: tuple[MatchEvent, ...] = ()
    if implausible is None:
        events, implausible = _events(state, taken, source, kicked_off=kicked_off)
    return Outcome(
        # Built, not replace()d: replace() looks every field up again, on every frame.
        MatchState(
            state.match_id,
            snapshot=taken,
            awaiting_kick_off=taken.status == NOT_STARTED,
            # A REST answer says nothing of what the stream may have missed meanwhile.
            gap=state.gap and source in _REST,
            updated_at=_newest(stamp, state.updated_at),
            counts_from_zero=_counts_from_zero(state, taken, kicked_off=kicked_off),
            implausible_seen=state.implausible_seen or implausible is not None,
            confirmed=state.confirmed or source is Source.RESULT,
        ),
        events,
        changed_fields(previous, taken),
        identity_changed(previous, taken),
        implausible=implausible,
        first_implausible=implausible is not None and not state.implausible_seen,
    )


def _events(
    state: MatchState, taken: Snapshot, source: Source, *, kicked_off: bool
) -> tuple[tuple[MatchEvent, ...], str | None]:
    """Return what a plausible frame shows happened, or why its events look implausible."""
    previous = state.snapshot
    news: list[MatchEvent] = []
    late: list[MatchEvent] = []
    if previous is not None:
        news = diff(nil_score(previous) if state.counts_from_zero else previous, taken)
    elif kicked_off:
        news, late = kick_off(taken)
    if news and source is Source.REST:
        # The REST API may serve an older persisted state: it never takes a goal back.
        news = [event for event in news if event.kind is not EventKind.GOAL_CANCELLED]
    if not (news or late):
        return (), None
    if (implausible := storm([*news, *late])) is not None:
        return (), implausible
    # Everything a catch-up after an outage shows happened while the stream was away; what
    # the result adds after full time was missed however the match was followed.
    delayed = state.gap or source is Source.RESULT
    return (
        *(replace(event, delayed=delayed) for event in news),
        *(replace(event, delayed=True) for event in late),
    ), None


def _ignored(
    state: MatchState, snapshot: Snapshot, source: Source, stamp: datetime | None
) -> str | None:
    """Say why a frame is not taken, or None when it is; stamp is its trusted updated_at."""
    if snapshot.match_id != state.match_id:
        return f"a frame of match {snapshot.match_id}"
    if source is Source.RESULT:
        return _result_ignored(state, snapshot)
    if state.confirmed:
        return "a frame after the recorded result"
    if source is Source.REST and state.snapshot is not None and snapshot.status != FULL_TIME:
        # Anything the stream told is fresher than a persisted state that is not final.
        return "a REST snapshot that is not final"
    if stamp is not None and state.updated_at is not None and stamp < state.updated_at:
        return f"older ({stamp.isoformat()}) than the frame held ({state.updated_at.isoformat()})"
    return None


def _result_ignored(state: MatchState, snapshot: Snapshot) -> str | None:
    """Say why a recorded result is not taken; its stamp is never too old, it is final."""
    if snapshot.status != FULL_TIME:
        return "a result that is not final"
    if state.snapshot is not None and state.snapshot.sport != snapshot.sport:
        return f"a result of another sport ({snapshot.sport})"
    return None


def _newest(stamp: datetime | None, held: datetime | None) -> datetime | None:
    """Return the newer stamp: an old result taken must not let older frames back in."""
    if stamp is None or held is None:
        return stamp or held
    return max(stamp, held)


def _counts_from_zero(state: MatchState, taken: Snapshot, *, kicked_off: bool) -> bool:
    """Tell whether the taken frame lacks a score for play that began after the baseline."""
    if isinstance(taken, UnknownSnapshot) or taken.score is not None:
        return False
    previous = state.snapshot
    if previous is None:
        return kicked_off
    if isinstance(previous, CricketSnapshot) and isinstance(taken, CricketSnapshot):
        return state.counts_from_zero or innings_changed(previous, taken)
    return state.counts_from_zero and previous.sport == taken.sport
