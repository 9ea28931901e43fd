"""Helpers shared by the protocol client tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import json
from pathlib import Path

from custom_components.sportrix.api import Snapshot, SubscriptionRefusal

FIXTURES = Path(__file__).parent.parent / "fixtures" / "api"


def load_json(name: str) -> object:
    """Return the decoded JSON fixture tests/fixtures/api/<name>."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Recorder:
    """Collect what a stream hands to its callbacks and let tests wait for it."""

    def __init__(self) -> None:
        """Start with nothing seen."""
        self.snapshots: list[Snapshot] = []
        self.refusals: list[SubscriptionRefusal] = []
        self.connection: list[bool] = []
        self._changed = asyncio.Event()

    def on_snapshot(self, snapshot: Snapshot) -> None:
        """Record a snapshot."""
        self.snapshots.append(snapshot)
        self._changed.set()

    def on_refusal(self, refusal: SubscriptionRefusal) -> None:
        """Record a refused subscription."""
        self.refusals.append(refusal)
        self._changed.set()

    def on_connection_change(self, connected: bool) -> None:
        """Record a connection change."""
        self.connection.append(connected)
        self._changed.set()

    def of(self, match_id: int) -> list[Snapshot]:
        """Return the snapshots received for one match."""
        return [snapshot for snapshot in self.snapshots if snapshot.match_id == match_id]

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Return once predicate holds, re-checked after every callback; TimeoutError else."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self._changed.clear()
                await self._changed.wait()
