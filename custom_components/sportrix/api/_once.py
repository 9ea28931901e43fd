"""Log a recurring problem at warning the first time and at debug afterwards."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
import logging

# Distinct problems remembered. A feed has a handful of bad items at a time; a key is a short
# text, so this is a few tens of kilobytes at most. A problem pushed out by newer ones is
# warned about again, which a feed with hundreds of distinct bad items deserves anyway.
DEFAULT_REMEMBERED = 256


class WarnOnce:
    """Warn about each distinct problem once, then log it at debug; remember a bounded number."""

    __slots__ = ("_logger", "_seen", "_size")

    def __init__(self, logger: logging.Logger, size: int = DEFAULT_REMEMBERED) -> None:
        """Log to logger, remembering the last size problems warned about."""
        self._logger = logger
        self._size = size
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def log(self, key: Hashable, message: str, *args: object) -> None:
        """Log message at warning if key is new, else at debug."""
        if key in self._seen:
            self._seen.move_to_end(key)
            self._logger.debug(message, *args)
            return
        self._seen[key] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        self._logger.warning(message, *args)

    def clear(self) -> None:
        """Forget every problem warned about."""
        self._seen.clear()
