"""When to ask the REST API for a match's live snapshot, for a key without the stream.

Pure rules, no Home Assistant imports: fast while the match is played, slow in its breaks and
in the minutes before kick-off, not at all long before kick-off or once full time is known.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import zlib

DEFAULT_LIVE_INTERVAL = timedelta(seconds=10)
MIN_LIVE_INTERVAL = timedelta(seconds=5)
MAX_LIVE_INTERVAL = timedelta(seconds=60)
# Half time, an innings break, or a match whose kick-off is near: nothing moves fast.
SLOW_INTERVAL = timedelta(minutes=1)
# Polling starts this long before kick-off; a match with no known kick-off (a key without the
# catalog) is asked this often, so that its kick-off shows within two minutes.
BEFORE_KICK_OFF = timedelta(minutes=5)
UNKNOWN_KICK_OFF_INTERVAL = timedelta(minutes=2)
# A match late to start is asked at the pace of play for this long after its kick-off time.
LATE_START = timedelta(minutes=15)
# How long a break usually lasts: towards its end, the pace of play resumes, so that the
# restart is not seen a minute late.
BREAK_LENGTHS = {"ht": timedelta(minutes=15), "innings_break": timedelta(minutes=10)}
BREAK_MARGIN = timedelta(minutes=2)

PLAYING = frozenset({"live"})
BREAKS = frozenset({"ht", "innings_break"})
FINISHED = "ft"


def next_poll(
    status: str | None,
    kick_off: datetime | None,
    now: datetime,
    live_interval: timedelta,
    break_since: datetime | None = None,
) -> timedelta | None:
    """Return how long until a match is asked again, or None when it needs asking no more.

    break_since is when the match was first seen in its current break, if it is in one.
    """
    if status == FINISHED:
        return None
    if status in PLAYING:
        return live_interval
    if status in BREAKS:
        ending = BREAK_LENGTHS[status] - BREAK_MARGIN
        if break_since is not None and now - break_since >= ending:
            return live_interval
        return max(live_interval, SLOW_INTERVAL)
    if status not in (None, "not_started"):
        # A status this client does not know: asked as if it were being played.
        return live_interval
    if kick_off is None:
        return max(live_interval, UNKNOWN_KICK_OFF_INTERVAL)
    if (wait := kick_off - BEFORE_KICK_OFF - now) > timedelta(0):
        return wait
    if now >= kick_off + LATE_START:
        return max(live_interval, SLOW_INTERVAL)
    if now >= kick_off - live_interval:
        # Kick-off is due: asked at the pace of play, so that the first minute is not missed.
        return live_interval
    # Slowly until then, but never past the kick-off.
    return max(live_interval, min(SLOW_INTERVAL, kick_off - live_interval - now))


def first_poll(match_id: int, interval: timedelta) -> timedelta:
    """Return when a newly followed match is first asked: spread over one interval by its id.

    Matches added together (a setup of many) are asked one after the other, not in lockstep.
    """
    share = zlib.crc32(str(match_id).encode()) / 2**32
    return interval * share
