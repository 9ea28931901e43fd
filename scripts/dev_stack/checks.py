"""What the browser test's checks share: their failure, and waiting for what they look for."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class CheckError(Exception):
    """A check of the browser test failed: it says what was not seen."""


async def poll[T](
    what: str, seconds: float, probe: Callable[[], Awaitable[T | None]], interval: float = 0.2
) -> T:
    """Call probe until it returns something, for at most seconds; fail naming what."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                if (found := await probe()) is not None:
                    return found
                await asyncio.sleep(interval)
    except TimeoutError:
        raise CheckError(f"{what}: not seen within {seconds:.1f} s") from None
