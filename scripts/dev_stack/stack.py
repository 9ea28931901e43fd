"""Start and stop the simulator and Home Assistant as child processes."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass
import logging
from pathlib import Path
import signal
import socket
import sys
from types import TracebackType
from typing import IO, Self

import aiohttp

from .haconfig import REPO_ROOT

_LOGGER = logging.getLogger(__name__)

STOP_TIMEOUT = 30.0


class StackError(Exception):
    """A part of the stack did not start or stopped on its own."""


class PortInUseError(StackError):
    """A port the stack needs is taken."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on host right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def ensure_port_free(port: int, what: str, host: str = "127.0.0.1") -> None:
    """Fail clearly when something already listens on a port we are about to use."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As servers do: connections of a just-stopped run (TIME_WAIT) must not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise PortInUseError(f"port {port} ({what}) is in use by another program") from None


def tail(path: Path, lines: int = 60) -> str:
    """Return the last lines of a text file, or a note that it does not exist."""
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def usage_reports(log: str) -> list[str]:
    """Return the lines of a Home Assistant log that report the integration's use of an API.

    Home Assistant writes "Detected that custom integration 'sportrix' ..." (or "Detected blocking
    call ... by custom integration 'sportrix'") when the integration calls an API that is being
    removed or that blocks the event loop: a release later that call breaks.
    """
    return [
        line
        for line in log.splitlines()
        if "Detected" in line and "custom integration" in line and "sportrix" in line
    ]


class ChildProcess:
    """One child process in its own session, its output in a log file."""

    def __init__(self, name: str, argv: list[str], log_path: Path) -> None:
        """Describe the process; start() runs it."""
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self._process: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    async def start(self) -> None:
        """Start the process, its output appended to the log file."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        # A session of its own: Ctrl-C in the terminal reaches only us, and we stop the children
        # in order (Home Assistant before the simulator it is connected to).
        self._process = await asyncio.create_subprocess_exec(
            *self.argv,
            cwd=REPO_ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int | None:
        """Return the process id once started."""
        return self._process.pid if self._process else None

    @property
    def returncode(self) -> int | None:
        """Return the exit status once it has exited, else None."""
        return self._process.returncode if self._process else None

    async def wait(self) -> int:
        """Wait for the process to exit and return its status."""
        if self._process is None:
            raise RuntimeError(f"{self.name} was not started")
        return await self._process.wait()

    async def stop(self, grace: float = STOP_TIMEOUT) -> None:
        """Ask the process to stop (SIGTERM), and kill it if it takes longer than grace."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), grace)
            except TimeoutError:
                _LOGGER.warning("%s did not stop in %.0f s; killing it", self.name, grace)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Kill the process at once (a second Ctrl-C)."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()


@dataclass(frozen=True, slots=True)
class StackSettings:
    """Where and how to run the demo stack."""

    config_dir: Path
    log_dir: Path
    ha_port: int
    simulator_port: int
    speed: float
    host: str = "127.0.0.1"
    autoplay: bool = True

    @property
    def ha_url(self) -> str:
        """Return the address the stack's own clients use for Home Assistant."""
        host = "127.0.0.1" if self.host in {"0.0.0.0", "::", ""} else self.host  # noqa: S104
        return f"http://{host}:{self.ha_port}"

    @property
    def simulator_url(self) -> str:
        """Return the simulator's base address."""
        return f"http://127.0.0.1:{self.simulator_port}"

    @property
    def stream_url(self) -> str:
        """Return the simulator's stream address, as the config flow takes it."""
        return f"ws://127.0.0.1:{self.simulator_port}/v1/stream"

    @property
    def api_url(self) -> str:
        """Return the simulator's REST address, as the config flow takes it."""
        return f"{self.simulator_url}/api"

    @property
    def ha_log(self) -> Path:
        """Return Home Assistant's own log file."""
        return self.config_dir / "home-assistant.log"


class Stack:
    """The simulator and Home Assistant, started in that order and stopped in reverse."""

    def __init__(self, settings: StackSettings) -> None:
        """Prepare the two processes."""
        self.settings = settings
        bin_dir = Path(sys.executable).parent
        hass = bin_dir / "hass"
        hass_argv = [str(hass)] if hass.exists() else [sys.executable, "-m", "homeassistant"]
        simulator_argv = [
            sys.executable,
            "-m",
            "sportrix_simulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(settings.simulator_port),
            "--speed",
            str(settings.speed),
        ]
        if not settings.autoplay:
            simulator_argv.append("--no-autoplay")
        self.simulator = ChildProcess(
            "simulator", simulator_argv, settings.log_dir / "simulator.log"
        )
        # Every requirement is installed beforehand (scripts/develop): no pip at startup.
        self.home_assistant = ChildProcess(
            "Home Assistant",
            [*hass_argv, "--config", str(settings.config_dir), "--skip-pip"],
            settings.log_dir / "home-assistant.console.log",
        )

    async def __aenter__(self) -> Self:
        """Start the simulator, then Home Assistant, each once it answers."""
        # Otherwise a server already on the port would answer our readiness checks.
        ensure_port_free(self.settings.simulator_port, "the simulator")
        ensure_port_free(self.settings.ha_port, "Home Assistant", self.settings.host)
        try:
            await self.simulator.start()
            await self._wait_until_up(
                self.simulator, f"{self.settings.simulator_url}/_simulator/state", 30
            )
            await self.home_assistant.start()
            await self._wait_until_up(
                self.home_assistant, f"{self.settings.ha_url}/manifest.json", 180
            )
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop both processes."""
        await self.stop()

    async def stop(self) -> None:
        """Stop Home Assistant, then the simulator; survive a cancellation while doing so."""
        await asyncio.shield(self._stop_in_order())

    async def _stop_in_order(self) -> None:
        """Stop Home Assistant before the simulator it is connected to."""
        await self.home_assistant.stop()
        await self.simulator.stop()

    def kill(self) -> None:
        """Kill both processes at once."""
        self.home_assistant.kill()
        self.simulator.kill()

    async def _wait_until_up(self, child: ChildProcess, url: str, seconds: float) -> None:
        """Poll url until it answers 200; fail early if the process exits."""
        try:
            async with (
                asyncio.timeout(seconds),
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
            ):
                while True:
                    if child.returncode is not None:
                        raise StackError(
                            f"{child.name} exited with status {child.returncode}; "
                            f"its output ({child.log_path}):\n{tail(child.log_path)}"
                        )
                    with contextlib.suppress(aiohttp.ClientError):
                        async with session.get(url) as response:
                            if response.status == 200:
                                return
                    await asyncio.sleep(0.25)
        except TimeoutError:
            raise StackError(f"{child.name} did not answer {url} in {seconds:.0f} s") from None

    async def wait_for_exit(self) -> ChildProcess:
        """Return the first child that exits on its own."""
        children = {
            asyncio.ensure_future(self.simulator.wait()): self.simulator,
            asyncio.ensure_future(self.home_assistant.wait()): self.home_assistant,
        }
        try:
            done, _ = await asyncio.wait(children, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in children:
                waiter.cancel()
        return children[done.pop()]


def run_until_signalled(
    main: Callable[[], Awaitable[int]], on_second_signal: Callable[[], None]
) -> int:
    """Run main; the first SIGINT or SIGTERM cancels it (so it cleans up), a second one kills."""

    async def runner() -> int:
        task = asyncio.current_task()
        assert task is not None  # noqa: S101 - always set inside a running task
        signalled = False

        def stop() -> None:
            nonlocal signalled
            if signalled:
                on_second_signal()
                return
            signalled = True
            print("\nStopping...", flush=True)
            task.cancel()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
        try:
            return await main()
        except asyncio.CancelledError:
            if signalled:
                return 0
            raise

    return asyncio.run(runner())


def add_release_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Add --current (the default) and --minimum: which Home Assistant to run."""
    release = parser.add_mutually_exclusive_group()
    release.add_argument(
        "--current",
        dest="release",
        action="store_const",
        const="current",
        default="current",
        help=f"{verb} Home Assistant's current release (the default; requirements_ha_current.txt)",
    )
    release.add_argument(
        "--minimum",
        dest="release",
        action="store_const",
        const="minimum",
        help=f"{verb} the oldest supported Home Assistant (the test venv's)",
    )
