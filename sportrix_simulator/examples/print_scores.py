r"""Print live score lines from a Sportrix stream, as the Sportrix guide's Python example does.

Start a simulator, then follow its soccer and cricket demo matches:

    python -m sportrix_simulator --host 127.0.0.1 --port 8765 --speed 10
    python -m sportrix_simulator.examples.print_scores \
        --url ws://127.0.0.1:8765/v1/stream --key sk_demo_full 41282 50001

Each snapshot or update prints one line, e.g. `Home 2-1 Away [67:12 2H] Dangerous attack` for
soccer and `India 145/3 (18.4) - FOUR` for cricket; refused subscriptions print `error: <reason>`.
Needs the synchronous websocket-client library (`pip install websocket-client`), like the guide.
Stop with Ctrl-C, or give --frames N to stop after N lines.
"""

import argparse
from collections.abc import Mapping
import json
import sys
from typing import Any

import websocket


def format_line(message: Mapping[str, Any]) -> str | None:
    """Return the line the guide prints for a frame, or None for frames it ignores."""
    if message.get("op") in ("snapshot", "update"):
        d = message["data"]
        # The snapshot's shape depends on the sport, so branch on it as the guide advises.
        if d["sport"] == "cricket":
            score = d["score"]
            runs, wickets, overs = score["runs"], score["wickets"], score["overs"]
            return f"{d['batting']} {runs}/{wickets} ({overs}) - {d['last_event']['label']}"
        c = d["clock"]
        return (
            f"{d['home']} {d['score']['home']}-{d['score']['away']} {d['away']} "
            f"[{c['minute']}:{c['second']:02d} {c['period']}] {d['phase']['label']}"
        )
    if message.get("op") == "error":
        return f"error: {message['error']}"
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m sportrix_simulator.examples.print_scores",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default="ws://127.0.0.1:8765/v1/stream", help="stream URL")
    parser.add_argument("--key", required=True, help="API key with live_scores_statistics")
    parser.add_argument("--frames", type=int, default=None, help="stop after this many lines")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="read timeout; keep it above the 30 s ping"
    )
    parser.add_argument("match_ids", nargs="+", type=int, metavar="MATCH_ID")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    """Subscribe to every match and print a line per frame."""
    # The header keeps the key out of URLs (and proxy logs); the guide's ?key= works too.
    ws = websocket.create_connection(args.url, header={"X-API-Key": args.key}, timeout=args.timeout)
    try:
        for match_id in args.match_ids:
            ws.send(json.dumps({"action": "subscribe", "match_id": match_id}))
        printed = 0
        while args.frames is None or printed < args.frames:
            line = format_line(json.loads(ws.recv()))
            if line is not None:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
                printed += 1
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    """Run until interrupted; return the exit status."""
    args = parse_args(argv)
    try:
        run(args)
    except KeyboardInterrupt:
        return 0
    except (OSError, websocket.WebSocketException) as err:
        sys.stderr.write(f"stream failed: {err}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
