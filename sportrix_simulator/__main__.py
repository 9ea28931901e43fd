"""Run the simulator: python -m sportrix_simulator --host 127.0.0.1 --port 8765 --speed 10."""

import argparse
import asyncio
import contextlib
import logging
import signal

from .server import Simulator

_LOGGER = logging.getLogger(__package__)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m sportrix_simulator",
        description=(
            "Serve the Sportrix REST API and live stream with scripted demo matches. With "
            "autoplay, a live match kicks off shortly after a client first subscribes to it, "
            "and a match to come at its start time."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (0: any)")
    parser.add_argument("--speed", type=float, default=1.0, help="playback speed factor")
    parser.add_argument(
        "--ping-interval", type=float, default=30.0, help="seconds between protocol pings"
    )
    parser.add_argument(
        "--synthetic", type=int, default=0, metavar="N", help="add N synthetic live matches"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic matches")
    parser.add_argument(
        "--silk-origin",
        default=None,
        help="https origin of the kit image URLs in /teams, for a TLS front that serves /silks/",
    )
    parser.add_argument(
        "--no-autoplay",
        dest="autoplay",
        action="store_false",
        help="do not replay the scripts; drive them through /_simulator/ instead",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run the simulator until interrupted."""
    sim = Simulator(
        speed=args.speed,
        ping_interval=args.ping_interval,
        autoplay=args.autoplay,
        synthetic=args.synthetic,
        seed=args.seed,
        silk_origin=args.silk_origin,
    )
    await sim.start(host=args.host, port=args.port)
    _LOGGER.info(
        "Stream %s, REST %s, control %s/_simulator/ (speed %s, autoplay %s)",
        sim.ws_url,
        sim.api_url,
        sim.base_url,
        args.speed,
        "on" if args.autoplay else "off",
    )
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not every platform lets the loop handle signals; Ctrl-C still ends asyncio.run there.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopped.set)
    try:
        await stopped.wait()
    finally:
        await sim.stop()


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and serve."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
