"""The dashboard keeper survives a Home Assistant that closes its sockets."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Self

import aiohttp
import pytest

from scripts.dev_stack import dashboard
from scripts.dev_stack.dashboard import DashboardKeeper, dashboard_config

from .test_dev_stack import SOCCER, FakeDashboards


class FakeSocket:
    """One WebSocket connection: commands go to the dashboards, events come from a queue."""

    def __init__(self, home: FakeHomeAssistant) -> None:
        """Belong to one fake Home Assistant."""
        self.home = home

    async def __aenter__(self) -> Self:
        """Connect: refused while Home Assistant is down."""
        self.home.connections += 1
        if self.home.refusals:
            self.home.refusals -= 1
            raise aiohttp.ClientConnectionError("Cannot connect to host")
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Disconnect."""

    async def command(self, command_type: str, **fields: object) -> object:
        """Answer a command, or fail as a socket Home Assistant closed does."""
        if command_type == "subscribe_events":
            return None
        if self.home.closing:
            self.home.closing -= 1
            raise aiohttp.ClientConnectionResetError("Cannot write to closing transport")
        answer = await self.home.dashboards.command(command_type, **fields)
        if command_type == "lovelace/config/save":
            self.home.saved.set()
        return answer

    async def next_event(self) -> dict[str, object]:
        """Return the next registry event."""
        return await self.home.events.get()


class FakeHomeAssistant:
    """The API the keeper talks to: it logs in and opens sockets."""

    def __init__(self) -> None:
        """Start with no dashboard saved and no registry event pending."""
        self.dashboards = FakeDashboards(stored=None)
        self.events: asyncio.Queue[dict[str, object]] = asyncio.Queue()
        self.saved = asyncio.Event()
        self.connections = 0
        self.logins = 0
        self.refusals = 0
        self.closing = 0

    def websocket(self) -> FakeSocket:
        """Return a new connection."""
        return FakeSocket(self)

    async def login(self) -> None:
        """Log in again, for a fresh token."""
        self.logins += 1


@pytest.fixture(autouse=True)
def no_retry_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect at once: the wait between rounds is not what is tested."""
    monkeypatch.setattr(dashboard, "RETRY_SECONDS", 0)


async def test_keeper_reconnects_after_a_closing_transport_and_logs_it_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Home Assistant down twice, then a closing socket: one warning, then the cards come."""
    home = FakeHomeAssistant()
    home.closing = 1
    home.refusals = 2
    keeper = DashboardKeeper(home, tmp_path, home.login)  # type: ignore[arg-type]
    caplog.set_level(logging.INFO, logger=dashboard.__name__)
    task = asyncio.create_task(keeper.run())
    try:
        async with asyncio.timeout(10):
            await home.saved.wait()
        assert home.dashboards.stored == dashboard_config([SOCCER])
        # Each round logged in again and opened its own sockets.
        assert home.logins == 4
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "Cannot connect to host" in warnings[0].getMessage()
        assert "Cannot write to closing transport" not in caplog.text
        assert "connected to Home Assistant again" in caplog.text

        # A registry change later: a new round, on new sockets, saves what changed.
        home.saved.clear()
        home.dashboards.stored = dashboard_config([])
        (tmp_path / dashboard.SAVED_FILE).unlink()
        before = home.connections
        home.events.put_nowait({"event_type": "device_registry_updated"})
        async with asyncio.timeout(10):
            await home.saved.wait()
        assert home.connections == before + 2
        assert home.dashboards.stored == dashboard_config([SOCCER])
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
