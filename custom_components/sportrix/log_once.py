"""Remember what was logged already, within a bound, so that a bad feed cannot flood the log."""

from collections.abc import Hashable

# Enough for every followed match and kind of oddity; past it, repeats are logged again.
_MAX_REMEMBERED = 512


class LogOnce:
    """Tell whether something is new enough to log: each key once, for one config entry."""

    def __init__(self, limit: int = _MAX_REMEMBERED) -> None:
        """Start with nothing remembered."""
        # Oldest first: past the limit the oldest is forgotten, not everything at once.
        self._seen: dict[Hashable, None] = {}
        self._limit = limit

    def __call__(self, key: Hashable) -> bool:
        """Return True the first time key is seen, and remember it."""
        if key in self._seen:
            return False
        if len(self._seen) >= self._limit:
            del self._seen[next(iter(self._seen))]
        self._seen[key] = None
        return True

    def forget(self, key: Hashable) -> None:
        """Let key be logged again: what it stood for is over."""
        self._seen.pop(key, None)
