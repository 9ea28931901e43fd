"""Synthetic live soccer matches that score at random, reproducibly, for load tests."""

import random

from . import soccer
from .catalog import SYNTHETIC_LEAGUE, CatalogStatus
from .merge import JsonObject
from .scripts import MatchDefinition, ScriptEntry

FIRST_SYNTHETIC_ID = 900001
HALF = 45 * 60
# Script seconds between the half-time whistle and the second-half kick-off.
BREAK = 5 * 60
GOALS_PER_MATCH = 2.6
# Incidents come every 40 to 120 seconds of play, so about 68 a match.
INCIDENTS_PER_MATCH = 68

TOWNS = (
    "Ashford", "Brookside", "Caldera", "Dunmore", "Eastvale", "Fairhaven", "Glenrock",
    "Harbourton", "Ironbridge", "Juniper", "Kingsport", "Lakemont", "Millbrook", "Northgate",
    "Oakridge", "Pinecrest", "Queensbury", "Riverton", "Stonehill", "Thornbury",
)  # fmt: skip
SUFFIXES = ("FC", "United", "Athletic", "Rovers", "City", "Wanderers")
# Phase code -> the stat it counts, for the routine incidents.
PLAY = {
    "1000": None,
    "1001": "attacks",
    "1002": "dangerous_attacks",
    "1003": "corners",
    "1004": "shots_on_target",
    "1005": "shots_off_target",
}


def synthetic_matches(count: int, seed: int = 0) -> tuple[MatchDefinition, ...]:
    """Return count live soccer matches with ids from 900001, the same for the same seed."""
    return tuple(_Generator(FIRST_SYNTHETIC_ID + n, seed).definition() for n in range(count))


class _Generator:
    """Write one synthetic match's script as patches, tracking only the counts it changes."""

    def __init__(self, match_id: int, seed: int) -> None:
        """Seed the match's own random stream."""
        self.match_id = match_id
        # A string seed is hashed deterministically, unlike hash() of a tuple across runs.
        self.rng = random.Random(f"{seed}:{match_id}")
        self.score = {soccer.HOME: 0, soccer.AWAY: 0}
        self.stats = soccer.empty_stats()
        self.timeline: list[ScriptEntry] = []
        self.teams = {soccer.HOME: self._club(), soccer.AWAY: self._club()}
        while self.teams[soccer.AWAY] == self.teams[soccer.HOME]:
            self.teams[soccer.AWAY] = self._club()

    def definition(self) -> MatchDefinition:
        """Return the match: live from kick-off, scripted to full time."""
        for half, start in ((1, 0.0), (2, float(HALF + BREAK))):
            at = start + self.rng.uniform(40, 120)
            while at < start + HALF:
                played = int(at - start) + (half - 1) * HALF
                self._incident(at, {"minute": played // 60, "second": played % 60})
                at += self.rng.uniform(40, 120)
            self._whistle(half, start + HALF)
        return MatchDefinition(
            id=self.match_id,
            sport="soccer",
            league_id=SYNTHETIC_LEAGUE.id,
            home=self.teams[soccer.HOME],
            away=self.teams[soccer.AWAY],
            catalog_status=CatalogStatus.STARTED,
            start_offset=0,
            initial=soccer.kickoff_state(f"SIM{self.match_id}M1_1"),
            timeline=tuple(self.timeline),
        )

    def _club(self) -> str:
        """Return a made-up club name."""
        return f"{self.rng.choice(TOWNS)} {self.rng.choice(SUFFIXES)}"

    def _bump(self, key: str, team: str) -> JsonObject:
        """Count one more of a stat for team and return the stat's patch."""
        self.stats[key][team] += 1
        return {key: {team: self.stats[key][team]}}

    def _incident(self, at: float, clock: JsonObject) -> None:
        """Add one random incident: mostly play, sometimes a goal or a card."""
        team = self.rng.choice(soccer.TEAMS)
        minute = soccer.event_minute(clock | {"period": "1H" if at < HALF else "2H"})
        roll = self.rng.random()
        patch: JsonObject = {"clock": clock}
        events: tuple[JsonObject, ...] = ()
        if roll < GOALS_PER_MATCH / INCIDENTS_PER_MATCH:
            self.score[team] += 1
            score = f"{self.score[soccer.HOME]}-{self.score[soccer.AWAY]}"
            patch |= {
                "score": {team: self.score[team]},
                "phase": soccer.phase(soccer.GOAL_PHASE, team),
                "stats": self._bump("shots_on_target", team),
                "ball": {"x": 0.94, "y": 0.5, "event": "goal", "minute": minute},
            }
            label = f"Goal {self.teams[team]}"
            events = (
                {"minute": minute, "type": "goal", "team": team, "label": label, "score": score},
            )
        elif roll < 0.08:
            patch |= {
                "phase": soccer.phase("1010", team),
                "stats": self._bump("yellow_cards", team),
            }
            events = (
                {"minute": minute, "type": "yellow_card", "team": team, "label": "Yellow card"},
            )
        else:
            code = self.rng.choice(tuple(PLAY))
            stat = PLAY[code]
            share = self.rng.randint(40, 60)
            self.stats["possession"] = {soccer.HOME: share, soccer.AWAY: 100 - share}
            stats = {"possession": self.stats["possession"]}
            if stat is not None:
                stats |= self._bump(stat, team)
            patch |= {"phase": soccer.phase(code, team), "stats": stats}
        self.timeline.append(ScriptEntry(at=at, patch=patch, add_events=events))

    def _whistle(self, half: int, at: float) -> None:
        """Add half time and the second-half kick-off, or full time."""
        stopped = {"minute": 45 * half, "second": 0, "running": False, "added": 0}
        if half == 1:
            self.timeline.append(
                ScriptEntry(
                    at=at,
                    patch={
                        "status": "ht",
                        "clock": stopped | {"period": "HT"},
                        "phase": soccer.phase("1021"),
                    },
                )
            )
            self.timeline.append(
                ScriptEntry(
                    at=at + BREAK,
                    patch={
                        "status": "live",
                        "clock": {"period": "2H", "running": True},
                        "phase": soccer.phase("1022", soccer.AWAY),
                    },
                )
            )
        else:
            self.timeline.append(
                ScriptEntry(
                    at=at,
                    patch={
                        "status": "ft",
                        "clock": stopped | {"period": "FT"},
                        "phase": soccer.phase("1023"),
                    },
                )
            )
