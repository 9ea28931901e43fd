"""The client's result: half-time and full-time snapshots of a match, parsed liberally."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.sportrix.api import (
    MatchResult,
    SoccerScore,
    SoccerSnapshot,
    SportrixClient,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
)
from sportrix_simulator import KEY_FULL, KEY_STREAM_ONLY, Simulator

from .conftest import FakeApi

FINISHED = 41250
LIVE = 41282


def _client(sim: Simulator, session: aiohttp.ClientSession, key: str = KEY_FULL) -> SportrixClient:
    return SportrixClient(key, session, base_url=sim.api_url)


async def test_result_of_a_finished_match(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """Both halves are typed snapshots of the match; half time has no timeline."""
    result = await _client(simulator, session).result(FINISHED)
    assert isinstance(result.half_time, SoccerSnapshot)
    assert isinstance(result.full_time, SoccerSnapshot)
    assert (result.half_time.match_id, result.half_time.status) == (FINISHED, "ht")
    assert result.half_time.events == ()
    assert (result.full_time.status, result.full_time.score) == ("ft", SoccerScore(1, 0))
    assert [e.label for e in result.full_time.events] == ["Goal FC Arlanda"]


async def test_result_before_and_after_full_time(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """404 until a half is recorded; at half time, no full time; then both."""
    client = _client(simulator, session)
    with pytest.raises(SportrixNotFoundError):
        await client.result(LIVE)
    while simulator.snapshot(LIVE)["status"] != "ht":
        await simulator.step(LIVE)
    half = await client.result(LIVE)
    assert half.full_time is None
    assert half.half_time is not None
    assert half.half_time.status == "ht"
    final = await simulator.finish(LIVE)
    result = await client.result(LIVE)
    assert isinstance(result.full_time, SoccerSnapshot)
    assert result.full_time.status == "ft"
    assert result.full_time.score == SoccerScore(final["score"]["home"], final["score"]["away"])


async def test_result_needs_its_scope(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    """A key without final_scores gets a 403 naming the scope."""
    with pytest.raises(SportrixForbiddenError) as raised:
        await _client(simulator, session, KEY_STREAM_ONLY).result(FINISHED)
    assert raised.value.scope == "final_scores"


async def test_every_request_is_counted(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """The request hook sees each request, the failed ones too."""
    client = _client(simulator, session)
    made: list[None] = []
    client.on_request = lambda: made.append(None)
    await client.result(FINISHED)
    with pytest.raises(SportrixNotFoundError):
        await client.result(LIVE)
    assert len(made) == 2


async def test_result_is_parsed_liberally(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    """Unknown fields are ignored, a malformed half is None, the other is kept."""
    fake_api.reply(
        f"/matches/{LIVE}/result",
        body={
            "half_time": "not a snapshot",
            "full_time": {
                "v": 1,
                "status": "ft",
                "home": "FC Arlanda",
                "away": "IFK Stocksund",
                "score": {"home": 1, "away": 0},
                "something_new": {"x": 1},
            },
            "extra_time": {"status": "aet"},
        },
    )
    result = await SportrixClient(KEY_FULL, session, base_url=fake_api.url).result(LIVE)
    assert result.half_time is None
    assert isinstance(result.full_time, SoccerSnapshot)
    assert (result.full_time.match_id, result.full_time.score) == (LIVE, SoccerScore(1, 0))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"half_time": None, "full_time": None}, MatchResult()),
        ({}, MatchResult()),
        # A half of another match is not this match's result.
        ({"full_time": {"match_id": 1, "sport": "soccer", "status": "ft"}}, MatchResult()),
    ],
)
async def test_result_without_halves(
    fake_api: FakeApi, session: aiohttp.ClientSession, body: object, expected: MatchResult
) -> None:
    """Halves that are null, missing or not this match's are None."""
    fake_api.reply(f"/matches/{LIVE}/result", body=body)
    client = SportrixClient(KEY_FULL, session, base_url=fake_api.url)
    assert await client.result(LIVE) == expected


async def test_result_that_is_not_an_object(
    fake_api: FakeApi, session: aiohttp.ClientSession
) -> None:
    """A body that is not an object is a protocol error."""
    fake_api.reply(f"/matches/{LIVE}/result", body=[1, 2])
    with pytest.raises(SportrixProtocolError):
        await SportrixClient(KEY_FULL, session, base_url=fake_api.url).result(LIVE)
