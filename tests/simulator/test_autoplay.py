"""Autoplay: scripts replayed in real time at a speed, with the soccer clock ticking between."""

import aiohttp

from .conftest import Factory, connect, receive, subscribe


async def test_scripts_play_to_the_end(playing: Factory) -> None:
    async with playing(speed=20000, matches=[41282, 50001]) as sim:
        for match_id in (41282, 50001):
            await sim.kick_off(match_id)
        await sim.wait_for(
            lambda: sim.catalog_status(41282) == sim.catalog_status(50001) == "FINISHED",
            timeout=20,
        )
        assert sim.snapshot(41282)["score"] == {"home": 3, "away": 2}
        assert sim.snapshot(50001)["last_event"]["type"] == "end"


async def test_soccer_clock_ticks_between_events(playing: Factory) -> None:
    async with playing(speed=200, matches=[41282]) as sim, aiohttp.ClientSession() as session:
        ws = await connect(session, sim)
        assert (await subscribe(ws, 41282))["data"]["status"] == "not_started"  # type: ignore[index]
        first = (await receive(ws))["data"]
        assert first["status"] == "live"  # type: ignore[index]
        start = first["clock"]["minute"] * 60 + first["clock"]["second"]  # type: ignore[index]
        seen = []
        for _ in range(3):
            clock = (await receive(ws))["data"]["clock"]  # type: ignore[index]
            seen.append(clock["minute"] * 60 + clock["second"] - start)
        # Clock-only updates every 5 s of match time (the first scripted event is at 1:10).
        assert seen == [5, 10, 15]
        await ws.close()


async def test_kick_off_starts_playback(playing: Factory) -> None:
    async with playing(speed=20000, matches=[41301]) as sim:
        assert sim.snapshot(41301)["status"] == "not_started"
        await sim.kick_off(41301)
        await sim.wait_for(lambda: sim.snapshot(41301)["status"] == "ft", timeout=20)
        assert sim.snapshot(41301)["score"] == {"home": 2, "away": 1}


async def test_step_while_playing_moves_playback_on(playing: Factory) -> None:
    # Slow enough that nothing plays by itself during the test.
    async with playing(speed=0.001, matches=[41282]) as sim:
        # The first step is the kick-off of a match held for its first client.
        assert (await sim.step(41282))["status"] == "live"
        stepped = await sim.step(41282)
        assert (stepped["clock"]["minute"], stepped["clock"]["second"]) == (1, 10)
        stepped = await sim.step(41282)
        assert (stepped["clock"]["minute"], stepped["clock"]["second"]) == (2, 30)


async def test_synthetic_matches_play(playing: Factory) -> None:
    async with playing(speed=50000, matches=[], synthetic=5) as sim:
        ids = sim.match_ids
        assert ids == [900001, 900002, 900003, 900004, 900005]
        for match_id in ids:
            await sim.kick_off(match_id)
        await sim.wait_for(
            lambda: all(sim.catalog_status(i) == "FINISHED" for i in ids), timeout=20
        )
        assert sum(sum(sim.snapshot(i)["score"].values()) for i in ids) > 0
