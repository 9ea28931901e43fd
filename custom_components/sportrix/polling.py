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
# Polling starts this long before kick-off; a match with no known kick-off is asked this often.
BEFORE_KICK_OFF = timedelta(minutes=5)
UNKNOWN_KICK_OFF_INTERVAL = timedelta(minutes=5)

PLAYING = frozenset({"live"})
BREAKS = frozenset({"ht", "innings_break"})
FINISHED = "ft"


def next_poll(
    status: str | None, kick_off: datetime | None, now: datetime, live_interval: timedelta
) -> timedelta | None:
    """Return how long until a match is asked again, or None when it needs asking no more."""
    if status == FINISHED:
        return None
    if status in PLAYING:
        return live_interval
    if status in BREAKS:
        return max(live_interval, SLOW_INTERVAL)
    if status not in (None, "not_started"):
        # A status this client does not know: asked as if it were being played.
        return live_interval
    if kick_off is None:
        return UNKNOWN_KICK_OFF_INTERVAL
    if (wait := kick_off - BEFORE_KICK_OFF - now) > timedelta(0):
        return wait
    return SLOW_INTERVAL


def first_poll(match_id: int, interval: timedelta) -> timedelta:
    """Return when a newly followed match is first asked: spread over one interval by its id.

    Matches added together (a setup of many) are asked one after the other, not in lockstep.
    """
    share = zlib.crc32(str(match_id).encode()) / 2**32
    return interval * share
