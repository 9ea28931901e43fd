"""Soccer snapshot rules: phases, event minutes, goals, cards and disallowed goals."""

from collections.abc import Mapping
from typing import Any, Final

from .merge import JsonObject, clone

HOME: Final = "home"
AWAY: Final = "away"
TEAMS: Final = (HOME, AWAY)

STAT_KEYS: Final = (
    "shots_on_target",
    "shots_off_target",
    "attacks",
    "dangerous_attacks",
    "possession",
    "corners",
    "yellow_cards",
    "red_cards",
)

# Upstream phase codes; the real list is undocumented, these follow the documented example
# (code "1002" is "Dangerous attack", and vc prefixes the code with the team: 1 home, 2 away).
PHASES: Final[Mapping[str, str]] = {
    "1000": "Safe possession",
    "1001": "Attack",
    "1002": "Dangerous attack",
    "1003": "Corner",
    "1004": "Shot on target",
    "1005": "Shot off target",
    "1006": "Free kick",
    "1007": "Goal kick",
    "1008": "Throw-in",
    "1009": "Goal",
    "1010": "Yellow card",
    "1011": "Red card",
    "1012": "Substitution",
    "1013": "Penalty",
    "1014": "Offside",
    "1015": "Goal disallowed",
    "1016": "VAR check",
    "1019": "Not started",
    "1020": "Kick-off",
    "1021": "Half time",
    "1022": "Second half",
    "1023": "Full time",
}
PHASE_BY_LABEL: Final[Mapping[str, str]] = {label: code for code, label in PHASES.items()}
GOAL_PHASE: Final = "1009"
DISALLOWED_PHASE: Final = "1015"


def other_team(team: str) -> str:
    """Return the opponent of a side."""
    return AWAY if team == HOME else HOME


def check_team(team: str) -> str:
    """Return team if it names a side, else raise ValueError."""
    if team not in TEAMS:
        raise ValueError(f"team must be 'home' or 'away', not {team!r}")
    return team


def phase(code: str, team: str = "") -> JsonObject:
    """Return the phase object for a code and the team in possession."""
    prefix = {HOME: "1", AWAY: "2"}.get(team, "0")
    return {"vc": prefix + code, "code": code, "team": team, "label": PHASES[code]}


def event_minute(clock: Mapping[str, Any]) -> str:
    """Return the minute an event at this clock is reported in, e.g. "23" or "45+2"."""
    # The clock shows elapsed time (22:10), while events count the minute being played (23).
    minute = int(clock.get("minute", 0)) + 1
    limit = {"1H": 45, "2H": 90}.get(str(clock.get("period")))
    if limit is not None and minute > limit:
        return f"{limit}+{minute - limit}"
    return str(minute)


def score_text(snapshot: Mapping[str, Any]) -> str:
    """Return the score as the events' "h-a" text."""
    score = snapshot["score"]
    return f"{score[HOME]}-{score[AWAY]}"


def bump_stat(snapshot: JsonObject, key: str, team: str, by: int = 1) -> None:
    """Add to one side of a stat pair, creating the pair when missing."""
    pair = snapshot.setdefault("stats", {}).setdefault(key, {HOME: 0, AWAY: 0})
    pair[team] = int(pair.get(team, 0)) + by


def add_event(snapshot: JsonObject, event: JsonObject) -> None:
    """Append an event to the timeline, which is null until the first one."""
    snapshot["events"] = [*(snapshot.get("events") or []), event]


def goal(snapshot: Mapping[str, Any], team: str, minute: str | int | None = None) -> JsonObject:
    """Return the snapshot after a goal: score, event, phase, ball and shots."""
    check_team(team)
    snap = clone(dict(snapshot))
    when = str(minute) if minute is not None else event_minute(snap.get("clock") or {})
    snap["score"][team] += 1
    add_event(
        snap,
        {
            "minute": when,
            "type": "goal",
            "team": team,
            "label": f"Goal {snap.get(team, team)}",
            "score": score_text(snap),
        },
    )
    snap["phase"] = phase(GOAL_PHASE, team)
    snap["ball"] = {"x": 0.94, "y": 0.5, "event": "goal", "minute": when}
    bump_stat(snap, "shots_on_target", team)
    return snap


def disallow_goal(
    snapshot: Mapping[str, Any], team: str, minute: str | int | None = None
) -> JsonObject:
    """Return the snapshot after a goal of team is disallowed: its score goes down by one."""
    check_team(team)
    if snapshot["score"][team] < 1:
        raise ValueError(f"{team} has no goal to disallow")
    snap = clone(dict(snapshot))
    when = str(minute) if minute is not None else event_minute(snap.get("clock") or {})
    snap["score"][team] -= 1
    # The original goal event stays in the timeline; the correction is a generic event after it.
    add_event(
        snap,
        {
            "minute": when,
            "type": "event",
            "team": team,
            "label": f"Goal disallowed {snap.get(team, team)} (VAR)",
            "score": score_text(snap),
        },
    )
    snap["phase"] = phase(DISALLOWED_PHASE, team)
    return snap


def card(
    snapshot: Mapping[str, Any], team: str, kind: str, minute: str | int | None = None
) -> JsonObject:
    """Return the snapshot after a yellow or red card (kind "yellow" or "red") for team."""
    check_team(team)
    snap = clone(dict(snapshot))
    when = str(minute) if minute is not None else event_minute(snap.get("clock") or {})
    label = "Yellow card" if kind == "yellow" else "Red card"
    add_event(snap, {"minute": when, "type": f"{kind}_card", "team": team, "label": label})
    bump_stat(snap, f"{kind}_cards", team)
    snap["phase"] = phase(PHASE_BY_LABEL[label], team)
    return snap


def empty_stats() -> JsonObject:
    """Return every documented stat at zero, possession split evenly."""
    stats: JsonObject = {key: {HOME: 0, AWAY: 0} for key in STAT_KEYS}
    stats["possession"] = {HOME: 50, AWAY: 50}
    return stats


def kickoff_state(stat_id: str, *, started: bool = True) -> JsonObject:
    """Return a match's snapshot fields at kick-off (or before it, when not started)."""
    return {
        "provider": {"stat_id": stat_id},
        "status": "live" if started else "not_started",
        "clock": {"minute": 0, "second": 0, "period": "1H", "running": started, "added": 0},
        "score": {HOME: 0, AWAY: 0},
        "phase": phase("1020", HOME)
        if started
        else {"vc": "", "code": "", "team": "", "label": ""},
        "stats": empty_stats(),
        "events": None,
        "ball": {"x": 0.5, "y": 0.5},
    }


def before_kick_off(snapshot: Mapping[str, Any]) -> JsonObject:
    """Return a match as it stands before kick-off: not started, 0-0, nothing happened yet."""
    snap = clone(dict(snapshot))
    stat_id = str((snap.get("provider") or {}).get("stat_id", ""))
    pre_match = kickoff_state(stat_id, started=False)
    del pre_match["provider"]
    return snap | pre_match
