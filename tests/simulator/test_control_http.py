"""The HTTP control surface under /_simulator/."""

from typing import Any

import aiohttp
import pytest

from sportrix_simulator import Simulator

from .conftest import connect, receive, subscribe


async def post(
    session: aiohttp.ClientSession, sim: Simulator, path: str, body: Any = None
) -> tuple[int, Any]:
    """POST a JSON body to a control path and return the status and the JSON answer."""
    async with session.post(f"{sim.base_url}/_simulator/{path}", json=body) as response:
        return response.status, await response.json()


async def test_match_operations(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)

    status, stepped = await post(session, sim, "matches/41282/step")
    assert status == 200
    assert stepped == sim.snapshot(41282)
    assert (await receive(ws))["data"] == stepped

    _, updated = await post(session, sim, "matches/41282/update", {"clock": {"minute": 67}})
    assert updated["clock"]["minute"] == 67
    _, goal = await post(session, sim, "matches/41282/goal", {"team": "away"})
    assert goal["score"] == {"home": 0, "away": 1}
    _, cancelled = await post(session, sim, "matches/41282/cancel_goal", {"team": "away"})
    assert cancelled["score"] == {"home": 0, "away": 0}
    _, finished = await post(session, sim, "matches/41282/finish")
    assert finished["status"] == "ft"
    for expected in (updated, goal, cancelled, finished):
        assert (await receive(ws))["data"] == expected
    await ws.close()


async def test_cricket_and_kick_off(sim: Simulator, session: aiohttp.ClientSession) -> None:
    _, wicket = await post(session, sim, "matches/50001/wicket", {"label": "WICKET! Test"})
    assert wicket["last_event"] == {"type": "wicket", "label": "WICKET! Test"}
    _, kicked = await post(session, sim, "matches/41301/kick_off")
    assert kicked["status"] == "live"
    assert sim.catalog_status(41301) == "STARTED"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("matches/1/step", None, 404),
        ("matches/41250/step", None, 409),
        ("matches/abc/step", None, 422),
        ("matches/41282/goal", {"team": "visitors"}, 400),
        ("matches/41282/cancel_goal", {"team": "home"}, 400),
        ("matches/41282/update", [1, 2], 400),
        ("frames", {}, 400),
        ("refuse", {"status": "503"}, 400),
        ("refuse", {"status": 200}, 400),
        ("refuse", {"status": 429, "retry_after": "soon"}, 400),
        ("refuse", {"status": 429, "count": 0}, 400),
        ("close_after_handshake", {"count": "2"}, 400),
        ("latency", {"seconds": "fast"}, 400),
        ("latency", {"seconds": 61}, 400),
        ("subscribes/refuse", {"match_ids": 41282}, 400),
        ("subscribes/refuse", {"match_ids": [41282], "error": 5}, 400),
        ("subscribes/ignore", {"match_ids": ["x"]}, 400),
    ],
)
async def test_errors(
    sim: Simulator, session: aiohttp.ClientSession, path: str, body: Any, status: int
) -> None:
    got, answer = await post(session, sim, path, body)
    assert got == status
    assert isinstance(answer["detail"], str)


async def test_not_json_body(sim: Simulator, session: aiohttp.ClientSession) -> None:
    async with session.post(f"{sim.base_url}/_simulator/drop", data=b"{oops") as response:
        assert response.status == 400


async def test_frames(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)
    assert await post(session, sim, "frames", {"frame": {"op": "odd"}}) == (200, {"pushed": True})
    await post(session, sim, "frames", {"raw": "{broken", "match_id": 41282})
    await post(session, sim, "frames", {"raw": "bytes", "binary": True})
    assert await receive(ws) == {"op": "odd"}
    text = await ws.receive(timeout=5)
    assert (text.type, text.data) == (aiohttp.WSMsgType.TEXT, "{broken")
    binary = await ws.receive(timeout=5)
    assert (binary.type, binary.data) == (aiohttp.WSMsgType.BINARY, b"bytes")
    await ws.close()


async def test_faults(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    assert await post(session, sim, "drop") == (200, {"dropped": True})
    assert sim.connection_count == 0
    assert (await ws.receive(timeout=5)).type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)

    assert await post(session, sim, "refuse", {"status": 503, "count": 1}) == (
        200,
        {"refusing": 503, "count": 1, "retry_after": None},
    )
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await connect(session, sim)
    assert err.value.status == 503
    await post(session, sim, "refuse", {"status": 429})
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await connect(session, sim)
    assert await post(session, sim, "accept") == (200, {"refusing": None})
    ws = await connect(session, sim)

    assert await post(session, sim, "silent", {"silent": True}) == (200, {"silent": True})
    assert sim.silent
    assert await post(session, sim, "silent", {"silent": False}) == (200, {"silent": False})
    await ws.close()


async def test_state(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await connect(session, sim)
    await subscribe(ws, 41282)
    async with session.get(f"{sim.base_url}/_simulator/state") as response:
        state = await response.json()
    assert state["connections"] == 1
    assert state["handshakes"] == 1
    assert (state["refused_handshakes"], state["closed_after_handshake"]) == (0, 0)
    assert (state["refusing"], state["closing_after_handshake"]) == (None, False)
    assert (state["latency"], state["refused_subscribes"], state["ignored_subscribes"]) == (
        0,
        {},
        [],
    )
    assert state["silent"] is False
    assert state["control_messages"] == [{"action": "subscribe", "match_id": 41282}]
    assert state["matches"]["41282"]["subscribers"] == 1
    assert state["matches"]["41282"]["catalog_status"] == "STARTED"
    assert state["matches"]["41301"]["status"] == "not_started"
    await ws.close()


async def test_retry_after_latency_and_closing(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    assert await post(session, sim, "refuse", {"status": 429, "retry_after": 3}) == (
        200,
        {"refusing": 429, "count": None, "retry_after": 3},
    )
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await connect(session, sim)
    assert (err.value.status, err.value.headers["Retry-After"]) == (429, "3")  # type: ignore[index]
    await post(session, sim, "accept")

    assert await post(session, sim, "latency", {"seconds": 0.05}) == (200, {"latency": 0.05})
    assert sim.latency == 0.05
    await post(session, sim, "latency", {"seconds": 0})

    assert await post(session, sim, "close_after_handshake", {"count": 1}) == (
        200,
        {"closing": True, "count": 1},
    )
    ws = await connect(session, sim)
    assert (await ws.receive(timeout=5)).type is aiohttp.WSMsgType.CLOSE
    await ws.close()
    await post(session, sim, "close_after_handshake", {})
    assert await post(session, sim, "keep_connections") == (200, {"closing": False})
    ws = await connect(session, sim)
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    assert await post(session, sim, "half_open") == (200, {"half_open": 1})
    await ws.close()


async def test_subscribe_faults(sim: Simulator, session: aiohttp.ClientSession) -> None:
    assert await post(
        session, sim, "subscribes/refuse", {"match_ids": [41282], "error": "internal error"}
    ) == (200, {"refused_subscribes": {"41282": "internal error"}, "ignored_subscribes": []})
    assert await post(session, sim, "subscribes/ignore", {"match_ids": [50001]}) == (
        200,
        {"refused_subscribes": {"41282": "internal error"}, "ignored_subscribes": [50001]},
    )
    ws = await connect(session, sim)
    await ws.send_json({"action": "subscribe", "match_id": 50001})
    assert await subscribe(ws, 41282) == {"op": "error", "error": "internal error"}
    assert await post(session, sim, "subscribes/answer", {"match_ids": [41282]}) == (
        200,
        {"refused_subscribes": {}, "ignored_subscribes": [50001]},
    )
    assert (await subscribe(ws, 41282))["op"] == "snapshot"
    await post(session, sim, "subscribes/refuse", {"match_ids": [41282]})
    assert await subscribe(ws, 41282) == {"op": "error", "error": "match not live or not found"}
    await post(session, sim, "subscribes/answer")
    assert (await subscribe(ws, 50001))["op"] == "snapshot"
    await ws.close()


async def test_rest_outage_answers_the_api_with_its_status_until_lifted(
    sim: Simulator, session: aiohttp.ClientSession
) -> None:
    """A REST outage refuses catalog requests with Retry-After; health and counts are kept."""
    headers = {"X-API-Key": "sk_demo_full"}
    status, answer = await post(
        session, sim, "rest/refuse", {"status": 429, "count": 2, "retry_after": 30}
    )
    assert (status, answer) == (200, {"refusing": 429, "count": 2, "retry_after": 30})

    seen = []
    for _ in range(3):
        async with session.get(f"{sim.api_url}/sports", headers=headers) as response:
            seen.append((response.status, response.headers.get("Retry-After")))
    async with session.get(f"{sim.api_url}/health") as response:
        assert response.status == 200
    assert seen == [(429, "30"), (429, "30"), (200, None)]
    assert sim.rest_refused_count == 2

    await post(session, sim, "rest/refuse", {"status": 503})
    async with session.get(f"{sim.api_url}/sports", headers=headers) as response:
        assert response.status == 503
        assert (await response.json()) == {"detail": "Service Unavailable"}
    assert (await post(session, sim, "rest/accept"))[1] == {"refusing": None}
    async with session.get(f"{sim.api_url}/sports", headers=headers) as response:
        assert response.status == 200


@pytest.mark.parametrize(
    "body", [{}, {"status": 200}, {"status": "429"}, {"status": 429, "retry_after": "soon"}]
)
async def test_rest_outage_rejects_malformed_bodies(
    sim: Simulator, session: aiohttp.ClientSession, body: dict[str, Any]
) -> None:
    """A REST outage needs an error status and whole seconds."""
    status, _ = await post(session, sim, "rest/refuse", body)
    assert status == 400
