"""The command line: python -m sportrix_simulator serves until it is told to stop."""

import asyncio
from pathlib import Path
import re
import signal
import sys

import aiohttp

from sportrix_simulator import KEY_FULL
from sportrix_simulator.__main__ import parse_args

ROOT = Path(__file__).parent.parent.parent


def test_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.speed, args.ping_interval) == ("127.0.0.1", 8765, 1.0, 30.0)
    assert (args.synthetic, args.autoplay) == (0, True)
    args = parse_args(["--speed", "10", "--synthetic", "5", "--no-autoplay", "--port", "0"])
    assert (args.speed, args.synthetic, args.autoplay, args.port) == (10.0, 5, False, 0)


async def test_serves_until_terminated(socket_enabled: None) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sportrix_simulator",
        "--port",
        "0",
        "--speed",
        "10",
        "--synthetic",
        "2",
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        async with asyncio.timeout(20):
            while not (
                match := re.search(rb"listening on (http://\S+)", await process.stderr.readline())
            ):
                pass
        base_url = match.group(1).decode()
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base_url}/api/health") as response:
                assert response.status == 200
            async with session.get(
                f"{base_url}/api/matches/live", params={"sport": 1}, headers={"X-API-Key": KEY_FULL}
            ) as response:
                live = {match["id"] for match in await response.json()}
        assert {41282, 900001, 900002} <= live
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            output = await process.stderr.read()
            assert await process.wait() == 0
    assert KEY_FULL.encode() not in output
