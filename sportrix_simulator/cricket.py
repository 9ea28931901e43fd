"""Cricket snapshot rules: one delivery at a time, overs, strike and figures."""

from collections.abc import Mapping, Sequence
from typing import Any, Final

from .merge import JsonObject, clone

# Ticker entry -> (last_event type, label, runs to the batting side, legal delivery).
DELIVERIES: Final[Mapping[str, tuple[str, str, int, bool]]] = {
    "0": ("dot", "Dot ball", 0, True),
    "1": ("single", "1 run", 1, True),
    "2": ("two", "2 runs", 2, True),
    "3": ("three", "3 runs", 3, True),
    "4": ("four", "FOUR", 4, True),
    "6": ("six", "SIX", 6, True),
    "W": ("wicket", "WICKET!", 0, True),
    "wd": ("wide", "Wide", 1, False),
    "nb": ("no_ball", "No ball", 1, False),
}
BALLS_PER_OVER: Final = 6
# What last_event says until the first ball is bowled.
PRE_MATCH_EVENT: Final[Mapping[str, str]] = {"type": "start", "label": "Awaiting the first ball"}


def overs_to_balls(overs: float | str) -> int:
    """Return the legal balls in an overs figure (18.4 -> 112)."""
    whole, _, part = f"{float(overs):.1f}".partition(".")
    return int(whole) * BALLS_PER_OVER + int(part)


def balls_to_overs(balls: int) -> float:
    """Return the overs figure for a count of legal balls (112 -> 18.4)."""
    return round(balls // BALLS_PER_OVER + (balls % BALLS_PER_OVER) / 10, 1)


def striker_index(batsmen: Sequence[Mapping[str, Any]]) -> int:
    """Return the index of the batsman on strike (the first one when unmarked)."""
    return next((i for i, b in enumerate(batsmen) if b.get("striker")), 0)


def deliver(
    snapshot: Mapping[str, Any],
    outcome: str,
    *,
    incoming: str | None = None,
    dismissal: str | None = None,
    bowler: Mapping[str, Any] | None = None,
) -> JsonObject:
    """Return the snapshot after one delivery with ticker outcome ("0".."6", "W", "wd", "nb").

    `incoming` replaces the striker after a wicket, `dismissal` describes it (e.g.
    "c Smith b Starc") and `bowler` takes over the ball when a new over starts.
    """
    if outcome not in DELIVERIES:
        raise ValueError(f"unknown delivery outcome {outcome!r}")
    kind, label, runs, legal = DELIVERIES[outcome]
    snap = clone(dict(snapshot))
    score = snap["score"]
    balls = overs_to_balls(score["overs"])
    over = list(snap.get("current_over") or [])
    if balls % BALLS_PER_OVER == 0 and sum(e not in ("wd", "nb") for e in over) >= BALLS_PER_OVER:
        over = []
    if bowler is not None:
        snap["bowler"] = dict(bowler)
    figures = snap.setdefault("bowler", {"name": "", "overs": 0.0, "runs": 0, "wickets": 0})
    batsmen = snap.setdefault("batsmen", [])
    on_strike = striker_index(batsmen) if batsmen else None

    score["runs"] += runs
    figures["runs"] = figures.get("runs", 0) + runs
    if legal:
        balls += 1
        score["overs"] = balls_to_overs(balls)
        figures["overs"] = balls_to_overs(overs_to_balls(figures.get("overs", 0.0)) + 1)
    if on_strike is not None and outcome != "wd":
        batsmen[on_strike]["balls"] = batsmen[on_strike].get("balls", 0) + 1
        if outcome != "nb":
            batsmen[on_strike]["runs"] = batsmen[on_strike].get("runs", 0) + runs
    over.append(outcome)
    snap["current_over"] = over

    if outcome == "W":
        score["wickets"] += 1
        figures["wickets"] = figures.get("wickets", 0) + 1
        out_name = batsmen[on_strike]["name"] if on_strike is not None else "Batter"
        bowler_name = str(figures.get("name") or "").split()
        how = dismissal or (f"b {bowler_name[-1]}" if bowler_name else "out")
        label = f"WICKET! {out_name} {how}"
        if on_strike is not None:
            if incoming is not None:
                batsmen[on_strike] = {"name": incoming, "runs": 0, "balls": 0, "striker": True}
            else:
                del batsmen[on_strike]
    elif outcome in ("1", "3"):
        _swap_strike(batsmen)
    if legal and balls % BALLS_PER_OVER == 0:
        _swap_strike(batsmen)

    snap["last_event"] = {"type": kind, "label": label}
    update_scorecard(snap)
    return snap


def _swap_strike(batsmen: list[JsonObject]) -> None:
    """Change ends: the striker flag moves to the other batsman."""
    if len(batsmen) == 2:
        for batsman in batsmen:
            batsman["striker"] = not batsman.get("striker", False)


def update_scorecard(snap: JsonObject) -> None:
    """Copy the current innings score into its scorecard entry."""
    score = snap["score"]
    entry = {
        "innings": snap.get("innings", 1),
        "batting": snap.get("batting"),
        "runs": score["runs"],
        "wickets": score["wickets"],
        "overs": score["overs"],
    }
    card = [e for e in snap.get("scorecard") or [] if e.get("innings") != entry["innings"]]
    snap["scorecard"] = sorted([*card, entry], key=lambda e: int(e.get("innings", 0)))


def next_batsman(lineup: Sequence[str], wickets_before: int) -> str | None:
    """Return who comes in after a wicket, by batting order; None when all are out."""
    index = wickets_before + 2
    if wickets_before >= 9:
        return None
    return lineup[index] if index < len(lineup) else f"Batter {index + 1}"


def before_first_ball(snapshot: Mapping[str, Any]) -> JsonObject:
    """Return a match as it stands before the first ball: not started, 0/0, nobody has batted."""
    snap = clone(dict(snapshot))
    snap["status"] = "not_started"
    snap["score"] = {"runs": 0, "wickets": 0, "overs": 0.0}
    snap["batsmen"] = [
        {"name": b.get("name"), "runs": 0, "balls": 0, "striker": i == 0}
        for i, b in enumerate(snap.get("batsmen") or [])
    ]
    if isinstance(bowler := snap.get("bowler"), dict):
        snap["bowler"] = {"name": bowler.get("name"), "overs": 0.0, "runs": 0, "wickets": 0}
    snap["current_over"] = []
    # Never null: the documented example reads last_event.label from every frame.
    snap["last_event"] = dict(PRE_MATCH_EVENT)
    snap["scorecard"] = []
    return snap
