"""Synthetic live soccer matches that score at random, reproducibly, for load tests."""

import random

from . import soccer
from .catalog import SYNTHETIC_LEAGUE, CatalogStatus
from .merge import JsonObject, deep_merge
from .scripts import MatchDefinition, ScriptEntry, diff_entry

FIRST_SYNTHETIC_ID = 900001
HALF = 45 * 60
# Script seconds between the half-time whistle and the second-half kick-off.
BREAK = 5 * 60
GOALS_PER_MATCH = 2.6

TOWNS = (
    "Ashford", "Brookside", "Caldera", "Dunmore", "Eastvale", "Fairhaven", "Glenrock",
    "Harbourton", "Ironbridge", "Juniper", "Kingsport", "Lakemont", "Millbrook", "Northgate",
    "Oakridge", "Pinecrest", "Queensbury", "Riverton", "Stonehill", "Thornbury",
)  # fmt: skip
SUFFIXES = ("FC", "United", "Athletic", "Rovers", "City", "Wanderers")


def synthetic_matches(count: int, seed: int = 0) -> tuple[MatchDefinition, ...]:
    """Return count live soccer matches with ids from 900001, the same for the same seed."""
    return tuple(_match(FIRST_SYNTHETIC_ID + n, seed) for n in range(count))


def _team(rng: random.Random) -> str:
    """Return a made-up club name."""
    return f"{rng.choice(TOWNS)} {rng.choice(SUFFIXES)}"


def _match(match_id: int, seed: int) -> MatchDefinition:
    """Return one synthetic match: live from kick-off, scripted to full time."""
    # A string seed is hashed deterministically, unlike hash() of a tuple across runs.
    rng = random.Random(f"{seed}:{match_id}")
    home = _team(rng)
    away = _team(rng)
    while away == home:
        away = _team(rng)
    initial = soccer.kickoff_state(f"SIM{match_id}M1_1")
    snap: JsonObject = {"home": home, "away": away, **initial}
    timeline: list[ScriptEntry] = []

    def record(at: float, after: JsonObject) -> JsonObject:
        timeline.append(diff_entry(snap, after, at))
        return after

    for half, start in ((1, 0.0), (2, HALF + BREAK)):
        offset = 0 if half == 1 else HALF
        at = start + rng.uniform(40, 120)
        while at < start + HALF:
            seconds = int(offset + at - start)
            clock = {"minute": seconds // 60, "second": seconds % 60}
            snap = record(at, _incident(rng, deep_merge(snap, {"clock": clock})))
            at += rng.uniform(40, 120)
        end = {"minute": 45 * half, "second": 0, "running": False}
        if half == 1:
            snap = record(
                HALF,
                deep_merge(snap, {"status": "ht", "clock": end | {"period": "HT"}})
                | {"phase": soccer.phase("1021")},
            )
            snap = record(
                HALF + BREAK,
                deep_merge(snap, {"status": "live", "clock": {"period": "2H", "running": True}})
                | {"phase": soccer.phase("1022", soccer.AWAY)},
            )
        else:
            snap = record(
                HALF + BREAK + HALF,
                deep_merge(snap, {"status": "ft", "clock": end | {"period": "FT"}})
                | {"phase": soccer.phase("1023")},
            )
    return MatchDefinition(
        id=match_id,
        sport="soccer",
        league_id=SYNTHETIC_LEAGUE.id,
        home=home,
        away=away,
        catalog_status=CatalogStatus.STARTED,
        start_offset=0,
        initial=initial,
        timeline=tuple(timeline),
    )


def _incident(rng: random.Random, snap: JsonObject) -> JsonObject:
    """Return the snapshot after one random incident: mostly play, sometimes a goal or card."""
    team = rng.choice(soccer.TEAMS)
    # About 68 incidents a match, so this probability gives GOALS_PER_MATCH on average.
    roll = rng.random()
    if roll < GOALS_PER_MATCH / 68:
        return soccer.goal(snap, team)
    if roll < 0.08:
        return soccer.card(snap, team, "yellow")
    code = rng.choice(("1000", "1001", "1002", "1003", "1004", "1005"))
    after = deep_merge(snap, {"phase": soccer.phase(code, team)})
    stat = {
        "1001": "attacks",
        "1002": "dangerous_attacks",
        "1003": "corners",
        "1004": "shots_on_target",
        "1005": "shots_off_target",
    }.get(code)
    if stat is not None:
        soccer.bump_stat(after, stat, team)
    home_share = rng.randint(40, 60)
    after["stats"]["possession"] = {soccer.HOME: home_share, soccer.AWAY: 100 - home_share}
    return after
