"""The floor: Home Assistant decoding the same frames and writing the changed states itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import aiohttp
from homeassistant.core import HomeAssistant

from .simproc import API_KEY, SimProcess


def shown_values(data: dict[str, Any]) -> dict[str, str]:
    """Return what the integration's soccer sensors show of a snapshot, by a short key."""
    score = data.get("score") or {}
    clock = data.get("clock") or {}
    phase = data.get("phase") or {}
    events = data.get("events") or []
    values = {
        "score": f"{score.get('home')}-{score.get('away')}",
        "home_goals": str(score.get("home")),
        "away_goals": str(score.get("away")),
        "status": str(data.get("status")),
        "minute": str(clock.get("minute")),
        "period": str(clock.get("period")),
        "phase": str(phase.get("label")),
        "last_event": str(events[-1].get("label")) if events else "",
    }
    for stat, pair in (data.get("stats") or {}).items():
        if isinstance(pair, dict):
            values[f"{stat}_home"] = str(pair.get("home"))
            values[f"{stat}_away"] = str(pair.get("away"))
    return values


class FloorClient:
    """Follow matches on the stream and write each changed value as a state, nothing else."""

    def __init__(self, hass: HomeAssistant, sim: SimProcess, match_ids: list[int]) -> None:
        """Prepare to follow match_ids."""
        self.hass = hass
        self.sim = sim
        self.match_ids = match_ids
        self.frames = 0
        self.writes = 0
        self._shown: dict[int, dict[str, str]] = {}
        self._task: asyncio.Task[None] | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Connect, subscribe every match and wait for every snapshot."""
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.sim.ws_url, headers={"X-API-Key": API_KEY})
        for match_id in self.match_ids:
            await self._ws.send_str(json.dumps({"action": "subscribe", "match_id": match_id}))
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """Take every frame as the integration would: decode, compare, write what changed."""
        assert self._ws is not None
        async_set = self.hass.states.async_set
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            data = frame.get("data")
            if not isinstance(data, dict):
                continue
            self.frames += 1
            match_id = data["match_id"]
            values = shown_values(data)
            before = self._shown.get(match_id, {})
            for key, value in values.items():
                if before.get(key) != value:
                    async_set(f"sensor.floor_{match_id}_{key}", value)
                    self.writes += 1
            self._shown[match_id] = values

    async def stop(self) -> None:
        """Close the stream and remove the states it wrote."""
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()
        for match_id, values in self._shown.items():
            for key in values:
                self.hass.states.async_remove(f"sensor.floor_{match_id}_{key}")
