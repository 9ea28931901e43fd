"""Stream handshakes: keys in the header or the query, 401s, and refused handshakes."""

import logging

import aiohttp
import pytest

from sportrix_simulator import (
    KEY_EXPIRED,
    KEY_FULL,
    KEY_LIVE_ONLY,
    KEY_SOCCER,
    KEY_STREAM_ONLY,
    Simulator,
)

from .conftest import connect, subscribe


@pytest.mark.parametrize("header", [True, False], ids=["header", "query"])
@pytest.mark.parametrize("key", [KEY_FULL, KEY_SOCCER, KEY_STREAM_ONLY])
async def test_accepted_keys(
    sim: Simulator, session: aiohttp.ClientSession, key: str, header: bool
) -> None:
    ws = await connect(session, sim, key, header=header)
    frame = await subscribe(ws, 41282)
    assert frame["op"] == "snapshot"
    assert sim.handshake_count == 1
    assert sim.connection_count == 1
    await ws.close()
    await sim.wait_for(lambda: sim.connection_count == 0)


@pytest.mark.parametrize(
    ("key", "detail"),
    [
        (None, "Missing API key"),
        ("sk_unknown", "Invalid API key"),
        (KEY_EXPIRED, "API key expired"),
        (KEY_LIVE_ONLY, "Missing required scope: live_scores_statistics"),
    ],
    ids=["missing", "unknown", "expired", "live_scores_only"],
)
@pytest.mark.parametrize("header", [True, False], ids=["header", "query"])
async def test_rejected_keys(
    sim: Simulator, session: aiohttp.ClientSession, key: str | None, detail: str, header: bool
) -> None:
    headers = {"X-API-Key": key} if key and header else {}
    params = {"key": key} if key and not header else {}
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await session.ws_connect(sim.ws_url, headers=headers, params=params)
    assert err.value.status == 401
    async with session.get(sim.ws_url.replace("ws:", "http:"), headers=headers, params=params) as r:
        assert r.status == 401
        assert await r.json() == {"detail": detail}
    assert sim.handshake_count == 0


async def test_header_wins_over_query(sim: Simulator, session: aiohttp.ClientSession) -> None:
    ws = await session.ws_connect(
        sim.ws_url, headers={"X-API-Key": KEY_FULL}, params={"key": "sk_unknown"}
    )
    await ws.close()
    assert sim.handshake_count == 1


async def test_plain_get_is_not_upgraded(sim: Simulator, session: aiohttp.ClientSession) -> None:
    async with session.get(sim.base_url + "/v1/stream", headers={"X-API-Key": KEY_FULL}) as r:
        assert r.status == 400
        assert "detail" in await r.json()


async def test_refuse_count_then_accept(sim: Simulator, session: aiohttp.ClientSession) -> None:
    sim.refuse_handshakes(503, count=2)
    for _ in range(2):
        with pytest.raises(aiohttp.WSServerHandshakeError) as err:
            await connect(session, sim)
        assert err.value.status == 503
    ws = await connect(session, sim)
    assert sim.handshake_count == 1
    await ws.close()


async def test_refuse_until_accepted(sim: Simulator, session: aiohttp.ClientSession) -> None:
    sim.refuse_handshakes(401)
    for _ in range(3):
        with pytest.raises(aiohttp.WSServerHandshakeError) as err:
            await connect(session, sim)
        assert err.value.status == 401
    sim.accept_handshakes()
    ws = await connect(session, sim)
    await ws.close()
    assert sim.handshake_count == 1


@pytest.mark.parametrize(("status", "count"), [(200, None), (503, 0)])
def test_refuse_rejects_bad_arguments(status: int, count: int | None) -> None:
    with pytest.raises(ValueError, match="must be"):
        Simulator().refuse_handshakes(status, count)


async def test_revoked_and_added_keys(sim: Simulator, session: aiohttp.ClientSession) -> None:
    sim.add_key("sk_test_cricket", scopes=["live_scores_statistics"], sports=["cricket"])
    ws = await connect(session, sim, "sk_test_cricket")
    assert (await subscribe(ws, 50001))["op"] == "snapshot"
    assert await subscribe(ws, 41282) == {"op": "error", "error": "sport not enabled for this key"}
    await ws.close()
    sim.revoke_key("sk_test_cricket")
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await connect(session, sim, "sk_test_cricket")
    assert err.value.status == 401


async def test_rejected_key_is_not_logged(
    sim: Simulator, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for params in ({"key": "sk_secret_query"}, {}):
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(
                sim.ws_url, params=params, headers={} if params else {"X-API-Key": "sk_secret_hdr"}
            )
    assert "rejected" in caplog.text
    assert "sk_secret" not in caplog.text
