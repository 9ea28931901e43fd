"""The simulator in a process of its own, and a client of its HTTP control surface."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import ctypes
import os
from pathlib import Path
import re
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import aiohttp

from sportrix_simulator import FIRST_SYNTHETIC_ID

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "sk_demo_full"
PR_SET_PDEATHSIG = 1
# Looked up here, not in the child between fork and exec, where only a plain call is safe.
try:
    _prctl: Any = ctypes.CDLL(None).prctl
except (OSError, AttributeError):
    _prctl = None


class SimProcess:
    """Run python -m sportrix_simulator with synthetic matches on a free loopback port."""

    # The module run; a subclass may run the simulator wrapped in one of its own.
    module = "sportrix_simulator"

    def __init__(self, synthetic: int) -> None:
        """Start the process and wait until it answers its health probe."""
        self.synthetic = synthetic
        self._next = FIRST_SYNTHETIC_ID
        # Port 0: the simulator picks a free one and logs it; no socket is opened here, where
        # the test plugins forbid them outside a test.
        self.process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [
                sys.executable,
                "-m",
                self.module,
                "--port",
                "0",
                "--synthetic",
                str(synthetic),
                "--no-autoplay",
            ],
            cwd=ROOT,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads yet at this point
        )
        assert self.process.stderr is not None
        self.port = 0
        deadline = time.monotonic() + 60
        for line in self.process.stderr:
            if found := re.search(r"listening on http://127\.0\.0\.1:(\d+)", line):
                self.port = int(found.group(1))
                break
            if time.monotonic() > deadline:
                break
        if not self.port:
            self.stop()
            raise RuntimeError(f"the {self.module} process did not start")
        # Keep reading what it logs, so that a full pipe never blocks it.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        """Read and drop the simulator's log."""
        assert self.process.stderr is not None
        for _line in self.process.stderr:
            pass

    @property
    def base_url(self) -> str:
        """Return the HTTP root."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        """Return the stream URL."""
        return f"ws://127.0.0.1:{self.port}/v1/stream"

    @property
    def api_url(self) -> str:
        """Return the REST base URL."""
        return f"{self.base_url}/api"

    def take(self, count: int) -> list[int]:
        """Return count synthetic match ids no earlier step has used, so that each starts 0-0."""
        ids = list(range(self._next, self._next + count))
        if ids and ids[-1] >= FIRST_SYNTHETIC_ID + self.synthetic:
            raise RuntimeError("the simulator serves too few synthetic matches for this run")
        self._next += count
        return ids

    def cpu_seconds(self) -> float:
        """Return the process's CPU time so far (user and system), from /proc."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the process."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _die_with_parent() -> None:
    """Have Linux stop the simulator when the benchmark dies, even without a cleanup."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def sim_process(synthetic: int) -> Iterator[SimProcess]:
    """Run the simulator process for the duration of the block."""
    sim = SimProcess(synthetic)
    try:
        yield sim
    finally:
        sim.stop()


class SimControl:
    """Drive the simulator process over /_simulator/ from the Home Assistant event loop."""

    def __init__(self, sim: SimProcess, session: aiohttp.ClientSession) -> None:
        """Use an HTTP session of the running loop."""
        self.sim = sim
        self._session = session

    async def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST to a control path and return the JSON answer; raise on an error status."""
        async with self._session.post(
            f"{self.sim.base_url}/_simulator/{path}", json=body or {}
        ) as response:
            answer = await response.json()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {answer}")
            return answer

    async def load_status(self) -> dict[str, Any]:
        """Return the load's progress with the goals it logged."""
        async with self._session.get(f"{self.sim.base_url}/_simulator/load") as response:
            answer: dict[str, Any] = await response.json()
            return answer
