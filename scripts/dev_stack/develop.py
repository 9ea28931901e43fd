"""Run the demo: the simulator's matches live in Home Assistant with this repository's integration.

The first start creates the configuration directory, onboards the demo user, adds the
integration against the simulator and installs a dashboard and automations; later starts reuse
all of that. Every start follows the demo team (Tacoma Defiance) unless the entry already
does. While it runs, the dashboard gets a card for every match the integration follows
(matches added in its options too), and its "Teams and fixtures" view a card for every followed
team (teams added with "Add team" too) beside the fixtures calendar. Ctrl-C stops Home Assistant
and the simulator.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
from dataclasses import dataclass
import json
import logging
from pathlib import Path
import shutil
import time

import aiohttp
from homeassistant.const import __version__ as HA_VERSION  # noqa: N812
from packaging.version import Version

from .dashboard import DASHBOARD_PATH, TEAMS_PATH, DashboardKeeper
from .haconfig import REPO_ROOT, http_settings_in_storage, write_configuration
from .hass_api import HomeAssistantApi, HomeAssistantApiError
from .provision import (
    DEMO_PASSWORD,
    DEMO_TEAM,
    DEMO_TEAM_LEAGUE,
    DEMO_TEAM_MATCH,
    DEMO_USERNAME,
    follow_demo_team,
    provision,
)
from .stack import (
    PortInUseError,
    Stack,
    StackError,
    StackSettings,
    add_release_arguments,
    run_until_signalled,
    tail,
)

DEFAULT_HA_PORT = 8123
DEFAULT_SIMULATOR_PORT = 8765
# The demo scripts last about 100 minutes of match time: ten times faster is about ten minutes.
DEFAULT_SPEED = 10.0
STATE_FILE = ".sportrix_demo.json"


@dataclass(frozen=True, slots=True)
class DemoState:
    """What a configuration directory remembers between starts."""

    ha_port: int
    simulator_port: int
    host: str
    provisioned: bool
    # The Home Assistant that created the directory, and where it keeps the HTTP settings.
    home_assistant: str = ""
    http_in_storage: bool = False

    @classmethod
    def load(cls, config_dir: Path) -> DemoState | None:
        """Read the state of a configuration directory, if it has one."""
        path = config_dir / STATE_FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            ha_port=int(data["ha_port"]),
            simulator_port=int(data["simulator_port"]),
            host=str(data["host"]),
            provisioned=bool(data["provisioned"]),
            home_assistant=str(data.get("home_assistant", "")),
            http_in_storage=bool(data.get("http_in_storage", False)),
        )

    def save(self, config_dir: Path) -> None:
        """Write the state into the configuration directory."""
        data = {
            "ha_port": self.ha_port,
            "simulator_port": self.simulator_port,
            "host": self.host,
            "provisioned": self.provisioned,
            "home_assistant": self.home_assistant,
            "http_in_storage": self.http_in_storage,
        }
        (config_dir / STATE_FILE).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="scripts/develop", description=__doc__.splitlines()[0])
    add_release_arguments(parser, "run")
    parser.add_argument(
        "--config",
        type=Path,
        help="Home Assistant configuration directory (default: config/current/ or config/minimum/)",
    )
    parser.add_argument(
        "--port",
        type=int,
        help=f"Home Assistant's port, chosen at the first start (default {DEFAULT_HA_PORT})",
    )
    parser.add_argument(
        "--simulator-port",
        type=int,
        help=f"the simulator's port, chosen at the first start (default {DEFAULT_SIMULATOR_PORT})",
    )
    parser.add_argument(
        "--host",
        help="address Home Assistant listens on, chosen at the first start (default 127.0.0.1)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        help=f"match playback speed; {DEFAULT_SPEED:g} plays a match in about ten minutes",
    )
    return parser.parse_args(argv)


def discard_unfinished(config_dir: Path) -> bool:
    """Remove a configuration whose first start was interrupted; return whether it did."""
    # An interrupted onboarding can leave an owner without a password: nothing there is worth
    # keeping, and the state file proves that this script made the directory.
    state = DemoState.load(config_dir)
    if state is None or state.provisioned:
        return False
    shutil.rmtree(config_dir)
    return True


def settle_state(args: argparse.Namespace, config_dir: Path) -> DemoState:
    """Return the ports and host to use: the first start's, or the command line's on a new one."""
    state = DemoState.load(config_dir)
    if state is None and (config_dir / "configuration.yaml").exists():
        raise SystemExit(
            f"develop: {config_dir} holds a configuration that scripts/develop did not make; "
            "pass --config with another directory"
        )
    if state is None:
        return DemoState(
            ha_port=args.port or DEFAULT_HA_PORT,
            simulator_port=args.simulator_port or DEFAULT_SIMULATOR_PORT,
            host=args.host or "127.0.0.1",
            provisioned=False,
            home_assistant=HA_VERSION,
            http_in_storage=http_settings_in_storage(),
        )
    check_release(state, config_dir)
    wanted = {"--port": args.port, "--simulator-port": args.simulator_port, "--host": args.host}
    kept = {"--port": state.ha_port, "--simulator-port": state.simulator_port, "--host": state.host}
    for option, value in wanted.items():
        if value is not None and value != kept[option]:
            raise SystemExit(
                f"develop: {config_dir} was set up with {option} {kept[option]}; "
                f"remove that directory to start over with {option} {value}"
            )
    return state


def check_release(state: DemoState, config_dir: Path) -> None:
    """Refuse a directory that this Home Assistant cannot run as the demo."""
    if state.home_assistant and Version(HA_VERSION) < Version(state.home_assistant):
        raise SystemExit(
            f"develop: {config_dir} was set up by Home Assistant {state.home_assistant}, newer "
            f"than this {HA_VERSION}, which cannot read it; pass --config with another directory"
        )
    if http_settings_in_storage() and not state.http_in_storage:
        # Its http: YAML would become a pending change that asks to be confirmed in the browser.
        raise SystemExit(
            f"develop: {config_dir} has its HTTP settings in configuration.yaml, which Home "
            f"Assistant {HA_VERSION} asks to confirm; remove the directory to start over"
        )


def default_config_dir(release: str) -> Path:
    """Return the demo configuration directory of a release: each keeps its own."""
    return REPO_ROOT / "config" / release


def banner(settings: StackSettings, host: str) -> str:
    """Return what to tell the person who started the demo."""
    shown_host = "localhost" if host in {"127.0.0.1", "0.0.0.0"} else host  # noqa: S104
    base = f"http://{shown_host}:{settings.ha_port}"
    sim = settings.simulator_url
    team = DEMO_TEAM_MATCH
    return f"""
Sportrix demo is running.
  Home Assistant  {base}  (version {HA_VERSION})
  Dashboard       {base}{DASHBOARD_PATH}
  Teams           {base}{TEAMS_PATH}  ({DEMO_TEAM} kicks off 3 minutes after the start)
  Log in as       {DEMO_USERNAME} / {DEMO_PASSWORD}
  Simulator       {sim}/_simulator/state  (speed {settings.speed:g})
    score a goal:     curl -X POST {sim}/_simulator/matches/41282/goal -d '{{"team": "home"}}'
    take a wicket:    curl -X POST {sim}/_simulator/matches/50001/wicket -d '{{}}'
    score for a team: curl -X POST {sim}/_simulator/matches/{team}/goal -d '{{"team": "home"}}'
  Logs            {settings.ha_log}
                  {settings.log_dir / "simulator.log"}
Press Ctrl-C to stop Home Assistant and the simulator.
"""


async def develop(stack: Stack, state: DemoState) -> int:
    """Start the stack, set it up on the first start, and run until interrupted."""
    settings = stack.settings
    config_dir = settings.config_dir
    if write_configuration(config_dir, host=state.host, port=state.ha_port):
        print(f"develop: created {config_dir}", flush=True)
        state.save(config_dir)
    started = time.monotonic()
    print("develop: starting the simulator and Home Assistant...", flush=True)
    async with stack:
        async with aiohttp.ClientSession() as session:
            api = HomeAssistantApi(session, settings.ha_url)
            keeper = DashboardKeeper(
                api, config_dir, lambda: api.login(DEMO_USERNAME, DEMO_PASSWORD)
            )
            if not state.provisioned:
                print("develop: first start: onboarding, adding Sportrix, installing the dashboard")
                matches = await provision(api, settings.stream_url, settings.api_url, keeper)
                for match in matches:
                    print(f"develop: following {match.name} ({match.sport}, {match.match_id})")
                state = dataclasses.replace(state, provisioned=True)
                state.save(config_dir)
            if api.token is None:
                await api.login(DEMO_USERNAME, DEMO_PASSWORD)
            if await follow_demo_team(api):
                print(f"develop: following the team {DEMO_TEAM} ({DEMO_TEAM_LEAGUE})", flush=True)
            print(f"develop: ready in {time.monotonic() - started:.1f} s", flush=True)
            print(banner(settings, state.host), flush=True)
            # The keeper reconnects, and logs in again, on its own: the demo runs on without it.
            keeping = asyncio.create_task(keeper.run())
            try:
                exited = await stack.wait_for_exit()
            finally:
                keeping.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keeping
        print(
            f"develop: {exited.name} exited with status {exited.returncode}; stopping.\n"
            f"{tail(exited.log_path)}",
            flush=True,
        )
        return 1


def main(argv: list[str] | None = None) -> int:
    """Run the demo until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="develop: %(message)s")
    args = parse_args(argv)
    config_dir: Path = (args.config or default_config_dir(args.release)).resolve()
    if discard_unfinished(config_dir):
        print(f"develop: the first start in {config_dir} did not finish; starting over", flush=True)
    state = settle_state(args, config_dir)
    stack = Stack(
        StackSettings(
            config_dir=config_dir,
            log_dir=REPO_ROOT / ".develop",
            ha_port=state.ha_port,
            simulator_port=state.simulator_port,
            speed=args.speed,
            host=state.host,
        )
    )
    try:
        status = run_until_signalled(lambda: develop(stack, state), stack.kill)
    except PortInUseError as err:
        print(f"develop: {err}; stop it, or use another --config with other ports", flush=True)
        return 1
    except (StackError, HomeAssistantApiError) as err:
        print(f"develop: {err}\nHome Assistant's log ({stack.settings.ha_log}) ends with:")
        print(tail(stack.settings.ha_log, 40), flush=True)
        return 1
    if status == 0:
        print("develop: Home Assistant and the simulator stopped.", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
