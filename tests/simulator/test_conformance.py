"""Conformance: the Sportrix guide's Python example, unchanged, against the simulator.

The simulator runs in a background thread with its own event loop, and the client is the
synchronous websocket-client library used the way the guide's example uses it.
"""

import asyncio
from collections.abc import Coroutine, Iterator
import json
import subprocess
import sys
import threading
from typing import Any
import urllib.request

import pytest
import websocket

from sportrix_simulator import KEY_FULL, Simulator

TIMEOUT = 5.0


class ThreadedSimulator:
    """Run a simulator on its own event loop in a background thread."""

    def __init__(self, **options: Any) -> None:
        """Start the loop thread and the simulator on a free loopback port."""
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="sportrix-simulator")
        self.thread.start()
        self.sim: Simulator = self.call(self._start(options))

    async def _start(self, options: dict[str, Any]) -> Simulator:
        sim = Simulator(**options)
        await sim.start(host="127.0.0.1", port=0)
        return sim

    def call[T](self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the simulator's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(TIMEOUT)

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST to the HTTP control surface, as a test driving a separate process would."""
        request = urllib.request.Request(  # noqa: S310 - an http:// URL built right here
            f"{self.sim.base_url}/_simulator/{path}",
            data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)

    def close(self) -> None:
        """Stop the simulator, then the loop, and join the thread."""
        try:
            self.call(self.sim.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(TIMEOUT)
            self.loop.close()


@pytest.fixture
def threaded(socket_enabled: None) -> Iterator[ThreadedSimulator]:
    """Run a simulator in a background thread for the test."""
    server = ThreadedSimulator(ping_interval=0.05)
    try:
        yield server
    finally:
        server.close()


def guide_lines(ws: websocket.WebSocket, count: int) -> list[str]:
    """Read frames exactly as the guide's example does and return the lines it prints."""
    lines: list[str] = []
    while len(lines) < count:
        msg = json.loads(ws.recv())
        if msg["op"] in ("snapshot", "update"):
            d = msg["data"]
            if d["sport"] == "cricket":
                runs, wickets = d["score"]["runs"], d["score"]["wickets"]
                overs = d["score"]["overs"]
                lines.append(
                    f"{d['batting']} {runs}/{wickets} ({overs}) - {d['last_event']['label']}"
                )
            else:
                c = d["clock"]
                lines.append(
                    f"{d['home']} {d['score']['home']}-{d['score']['away']} {d['away']} "
                    f"[{c['minute']}:{c['second']:02d} {c['period']}] {d['phase']['label']}"
                )
        elif msg["op"] == "error":
            lines.append(msg["error"])
    return lines


@pytest.fixture
def guide_ws(threaded: ThreadedSimulator) -> Iterator[websocket.WebSocket]:
    """Connect as the guide does: the key in ?key=."""
    ws = websocket.create_connection(threaded.sim.ws_url + f"?key={KEY_FULL}", timeout=TIMEOUT)
    try:
        yield ws
    finally:
        ws.close()


def test_soccer_lines(threaded: ThreadedSimulator, guide_ws: websocket.WebSocket) -> None:
    guide_ws.send(json.dumps({"action": "subscribe", "match_id": 41282}))
    assert guide_lines(guide_ws, 1) == ["Vancouver Whitecaps II 0-0 The Town [0:00 1H] Kick-off"]
    threaded.control("matches/41282/step")
    threaded.control("matches/41282/step")
    threaded.call(
        threaded.sim.update(
            41282,
            {
                "score": {"home": 2, "away": 1},
                "clock": {"minute": 67, "second": 12, "period": "2H"},
                "phase": {"label": "Dangerous attack"},
            },
        )
    )
    threaded.control("matches/41282/goal", {"team": "away"})
    threaded.control("matches/41282/cancel_goal", {"team": "away"})
    threaded.control("matches/41282/finish")
    assert guide_lines(guide_ws, 6) == [
        "Vancouver Whitecaps II 0-0 The Town [1:10 1H] Safe possession",
        "Vancouver Whitecaps II 0-0 The Town [2:30 1H] Attack",
        "Vancouver Whitecaps II 2-1 The Town [67:12 2H] Dangerous attack",
        "Vancouver Whitecaps II 2-2 The Town [67:12 2H] Goal",
        "Vancouver Whitecaps II 2-1 The Town [67:12 2H] Goal disallowed",
        "Vancouver Whitecaps II 2-1 The Town [67:12 FT] Goal disallowed",
    ]


def test_cricket_lines(threaded: ThreadedSimulator, guide_ws: websocket.WebSocket) -> None:
    guide_ws.send(json.dumps({"action": "subscribe", "match_id": 50001}))
    assert guide_lines(guide_ws, 1) == ["India 1/0 (0.1) - 1 run"]
    threaded.control("matches/50001/step")
    threaded.call(
        threaded.sim.update(
            50001,
            {
                "score": {"runs": 145, "wickets": 3, "overs": 18.4},
                "last_event": {"type": "four", "label": "FOUR"},
            },
        )
    )
    threaded.control("matches/50001/wicket")
    assert guide_lines(guide_ws, 3) == [
        "India 1/0 (0.2) - Dot ball",
        "India 145/3 (18.4) - FOUR",
        "India 145/4 (18.5) - WICKET! Y Jaiswal b Starc",
    ]


def test_cricket_innings_change_lines(
    threaded: ThreadedSimulator, guide_ws: websocket.WebSocket
) -> None:
    guide_ws.send(json.dumps({"action": "subscribe", "match_id": 50001}))
    guide_lines(guide_ws, 1)
    steps = 1
    while threaded.control("matches/50001/step")["innings"] == 1:
        steps += 1
    lines = guide_lines(guide_ws, steps)
    assert lines[-3:] == [
        "India 157/4 (20.0) - Dot ball",
        "India 157/4 (20.0) - Innings break: Australia need 158 to win",
        "Australia 0/0 (0.0) - Australia need 158 runs to win",
    ]


def test_error_lines(threaded: ThreadedSimulator, guide_ws: websocket.WebSocket) -> None:
    for match_id in (41250, 41301, 1):
        guide_ws.send(json.dumps({"action": "subscribe", "match_id": match_id}))
    assert guide_lines(guide_ws, 3) == ["match not live or not found"] * 3


def test_pings_are_invisible_to_the_guide_loop(
    threaded: ThreadedSimulator, guide_ws: websocket.WebSocket
) -> None:
    guide_ws.send(json.dumps({"action": "subscribe", "match_id": 41282}))
    guide_lines(guide_ws, 1)
    sim = threaded.sim

    async def goal_after_pongs() -> None:
        await sim.wait_for(lambda: sim.pong_count >= 2)
        await sim.score_goal(41282, "home")

    # The goal comes only once pings were answered, which recv() does while it waits.
    goal = asyncio.run_coroutine_threadsafe(goal_after_pongs(), threaded.loop)
    assert guide_lines(guide_ws, 1) == ["Vancouver Whitecaps II 1-0 The Town [0:00 1H] Goal"]
    goal.result(TIMEOUT)


def test_example_script_prints_the_lines(
    threaded: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    from sportrix_simulator.examples import print_scores

    threaded.control("matches/41282/goal", {"team": "home"})
    argv = ["--url", threaded.sim.ws_url, "--key", KEY_FULL, "--frames", "3"]
    assert print_scores.main([*argv, "41250", "41282", "50001"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "error: match not live or not found",
        "Vancouver Whitecaps II 1-0 The Town [0:00 1H] Goal",
        "India 1/0 (0.1) - 1 run",
    ]


# The guide's Python example, as the guide gives it: websocket-client, the key in ?key=, and
# the fields it prints for each sport. Run as it is, in its own process, with only the URL,
# the key, the match, a read timeout and a bounded loop changed to point it at the simulator.
GUIDE_EXAMPLE = """\
import json
import websocket

ws = websocket.create_connection("wss://scores.sportrixdata.com/v1/stream?key=sk_your_api_key_here")
ws.send(json.dumps({"action": "subscribe", "match_id": 41282}))

while True:
    msg = json.loads(ws.recv())
    if msg["op"] in ("snapshot", "update"):
        d = msg["data"]
        if d["sport"] == "cricket":
            print(f"{d['batting']} {d['score']['runs']}/{d['score']['wickets']} "
                  f"({d['score']['overs']}) - {d['last_event']['label']}")
        else:
            c = d["clock"]
            print(f"{d['home']} {d['score']['home']}-{d['score']['away']} {d['away']} "
                  f"[{c['minute']}:{c['second']:02d} {c['period']}] {d['phase']['label']}")
    elif msg["op"] == "error":
        print(msg["error"])
"""
# The subscribe's snapshot before kick-off, the kick-off, and two scripted moments after it.
GUIDE_MESSAGES = 4


def pointed_at(example: str, sim: Simulator, match_id: int) -> str:
    """Return the guide's example pointed at the simulator, reading a bounded number of frames."""
    changes = {
        '"wss://scores.sportrixdata.com/v1/stream?key=sk_your_api_key_here"': (
            f'"{sim.ws_url}?key={KEY_FULL}", timeout={TIMEOUT}'
        ),
        '"match_id": 41282': f'"match_id": {match_id}',
        "while True:": f"for _ in range({GUIDE_MESSAGES}):",
    }
    for documented, local in changes.items():
        assert example.count(documented) == 1, documented
        example = example.replace(documented, local)
    return example


@pytest.fixture
def held(socket_enabled: None) -> Iterator[ThreadedSimulator]:
    """Run an autoplaying simulator, whose live matches wait before kick-off for a viewer.

    At speed 1 the kick-off would come 30 s after the first subscribe and a clock tick 5 s
    after that: the test kicks off and steps by itself long before either.
    """
    server = ThreadedSimulator(autoplay=True, ping_interval=0.05)
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize(
    ("match_id", "expected"),
    [
        (
            41282,
            [
                "Vancouver Whitecaps II 0-0 The Town [0:00 1H] ",
                "Vancouver Whitecaps II 0-0 The Town [0:00 1H] Kick-off",
                "Vancouver Whitecaps II 0-0 The Town [1:10 1H] Safe possession",
                "Vancouver Whitecaps II 0-0 The Town [2:30 1H] Attack",
            ],
        ),
        (
            50001,
            [
                "India 0/0 (0.0) - Awaiting the first ball",
                "India 1/0 (0.1) - 1 run",
                "India 1/0 (0.2) - Dot ball",
                "India 2/0 (0.3) - 1 run",
            ],
        ),
    ],
)
def test_guide_example_across_kick_off(
    held: ThreadedSimulator, match_id: int, expected: list[str]
) -> None:
    sim = held.sim
    assert sim.snapshot(match_id)["status"] == "not_started"
    example = subprocess.Popen(  # noqa: S603 - this interpreter, running the code above
        [sys.executable, "-c", pointed_at(GUIDE_EXAMPLE, sim, match_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Its subscribe is answered with the snapshot from before kick-off.
        held.call(sim.wait_for(lambda: sim.subscriber_count(match_id) == 1, timeout=20))
        held.control(f"matches/{match_id}/kick_off")
        held.control(f"matches/{match_id}/step")
        held.control(f"matches/{match_id}/step")
        out, err = example.communicate(timeout=20)
    finally:
        if example.poll() is None:
            example.kill()
            example.communicate()
    assert example.returncode == 0, err
    assert out.splitlines() == expected
