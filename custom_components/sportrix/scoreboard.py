"""The scoreboard: a match as the Team Tracker card draws it, seen from one side.

Pure rules, no Home Assistant imports. The card's contract: a state of PRE, IN, POST or
NOT_FOUND, and attributes of exactly the types it reads (strings where it splits or prints
them, booleans for the winners), none of them None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from .api import CricketSnapshot, SoccerSnapshot
from .followed import IN_PLAY, FollowedMatch
from .interests import Fixture
from .teams import Side, same_team, team_key

type Attributes = Mapping[str, str | bool]

PRE, IN, POST, NOT_FOUND = "PRE", "IN", "POST", "NOT_FOUND"

# Every attribute a scoreboard may carry: all of it is live detail, none of it history.
ATTRIBUTES = frozenset(
    {
        "sport",
        "league",
        "team_name",
        "opponent_name",
        "team_id",
        "opponent_id",
        "team_score",
        "opponent_score",
        "team_logo",
        "opponent_logo",
        "clock",
        "date",
        "kickoff_in",
        "possession",
        "team_total_shots",
        "team_shots_on_target",
        "opponent_total_shots",
        "opponent_shots_on_target",
        "team_winner",
        "opponent_winner",
        "last_play",
    }
)

# A plain grey shirt for a side whose kit image is unknown: the card shows an error icon for a
# missing logo, and an inline image needs no request to anyone.
PLACEHOLDER_LOGO = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    '<path d="M22 6 L12 10 L2 22 L10 30 L16 25 L16 60 L48 60 L48 25 L54 30 L62 22 L52 10 '
    'L42 6 Q32 14 22 6 Z" fill="#bdbdbd" stroke="#616161" stroke-width="1.5"/></svg>'
)

_CRICKET_CLOCK = {"live": "Live", "innings_break": "Innings break"}


@dataclass(frozen=True, slots=True)
class Scoreboard:
    """What a scoreboard sensor shows: its state and the card's attributes."""

    state: str
    attributes: Attributes


NO_MATCH = Scoreboard(NOT_FOUND, {})


def match_state(match: FollowedMatch) -> str:
    """Return PRE, IN or POST: a match not yet heard of is still to come, never unknown."""
    status = match.status
    if status == "ft" or match.finished_at is not None:
        return POST
    if status in IN_PLAY:
        return IN
    if status is None or status == "not_started":
        return PRE
    # A status the feed has not documented arrives in frames of a match being played.
    return IN


def match_scoreboard(
    match: FollowedMatch,
    side: Side,
    state: str,
    *,
    logos: Mapping[str, str],
    now: datetime,
    sport: str | None = None,
) -> Scoreboard:
    """Describe a followed match from one side; sport stands in until a frame tells it.

    logos are kit images by team_key of the team's name.
    """
    home, away = match.home or "", match.away or ""
    attributes = _common(
        (match.sport or sport or "").lower(),
        match.competition,
        (home, away),
        side,
        kick_off=match.kick_off,
        state=state,
        logos=logos,
        now=now,
    )
    snapshot = match.snapshot
    if isinstance(snapshot, SoccerSnapshot):
        attributes |= _soccer(snapshot, (home, away), side, state)
    elif isinstance(snapshot, CricketSnapshot):
        attributes |= _cricket(snapshot, (home, away), side, state)
    elif attributes.get("sport") == "cricket":
        attributes |= _cricket(None, (home, away), side, state)
    elif attributes.get("sport") == "soccer":
        attributes |= _soccer(None, (home, away), side, state)
    else:
        # Nothing yet tells the sport: the texts the card reads, empty.
        attributes |= {"team_score": "", "opponent_score": "", "clock": ""}
    return Scoreboard(state, attributes)


def fixture_scoreboard(
    fixture: Fixture, side: Side, *, logos: Mapping[str, str], now: datetime
) -> Scoreboard:
    """Describe a match known only from the catalog: one still to come."""
    teams = (fixture.match.home_team, fixture.match.away_team)
    attributes = _common(
        fixture.sport.lower(),
        fixture.league,
        teams,
        side,
        kick_off=fixture.match.start_time,
        state=PRE,
        logos=logos,
        now=now,
    )
    if fixture.sport == "cricket":
        attributes |= _cricket(None, teams, side, PRE)
    else:
        attributes |= _soccer(None, teams, side, PRE)
    return Scoreboard(PRE, attributes)


def kickoff_in(kick_off: datetime, now: datetime) -> str:
    """Say how long until kick-off, in the largest whole unit: "in 2 hours"."""
    minutes = int((kick_off - now).total_seconds() // 60)
    if minutes < 1:
        return "now"
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            count = minutes // size
            return f"in {count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError  # pragma: no cover - minutes >= 1 matched the last unit


def _common(
    sport: str,
    league: str | None,
    teams: tuple[str, str],
    side: Side,
    *,
    kick_off: datetime | None,
    state: str,
    logos: Mapping[str, str],
    now: datetime,
) -> dict[str, str | bool]:
    """Return the names, ids, logos, league and kick-off, the same for every sport."""
    team, opponent = _ours(teams, side)
    attributes: dict[str, str | bool] = {
        "team_name": team,
        "opponent_name": opponent,
        # The feed has no team ids; a name is what stays the same across a team's matches.
        "team_id": team,
        "opponent_id": opponent,
        "team_logo": logos.get(team_key(team), PLACEHOLDER_LOGO),
        "opponent_logo": logos.get(team_key(opponent), PLACEHOLDER_LOGO),
    }
    if sport:
        attributes["sport"] = sport
    if league:
        attributes["league"] = league
    if kick_off is not None:
        attributes["date"] = kick_off.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
        if state == PRE:
            attributes["kickoff_in"] = kickoff_in(kick_off, now)
    return attributes


def _ours[T](pair: tuple[T, T], side: Side) -> tuple[T, T]:
    """Return a home-and-away pair as the side's own first, the other second."""
    return pair if side == "home" else (pair[1], pair[0])


def _soccer(
    snapshot: SoccerSnapshot | None, teams: tuple[str, str], side: Side, state: str
) -> dict[str, str | bool]:
    """Return the score, clock, possession, shots, last event and winners of a soccer match."""
    home_goals, away_goals = (
        (snapshot.score.home, snapshot.score.away)
        if snapshot is not None and snapshot.score is not None
        else (0, 0)
    )
    ours, theirs = _ours((home_goals, away_goals), side)
    stats = snapshot.stats if snapshot is not None else {}
    # Before kick-off there is no score: "" as a side yet to bat has, not a 0 the feed may send.
    attributes: dict[str, str | bool] = {
        "team_score": "" if state == PRE else str(ours),
        "opponent_score": "" if state == PRE else str(theirs),
        "clock": _soccer_clock(snapshot, state),
        "possession": "",
    }
    if (possession := stats.get("possession")) is not None:
        home_share, away_share = possession.home or 0, possession.away or 0
        if home_share != away_share:
            # The side's id, as _common() gives it: its name.
            attributes["possession"] = teams[0] if home_share > away_share else teams[1]
    for who, of_side in (("team", side), ("opponent", "away" if side == "home" else "home")):
        on = _count(stats, "shots_on_target", of_side)
        off = _count(stats, "shots_off_target", of_side)
        attributes[f"{who}_total_shots"] = str(on + off)
        attributes[f"{who}_shots_on_target"] = str(on)
    if snapshot is not None and snapshot.events:
        event = snapshot.events[-1]
        attributes["last_play"] = f"{event.minute}' {event.label or event.type}"
    if state == POST:
        attributes["team_winner"] = ours > theirs
        attributes["opponent_winner"] = theirs > ours
    return attributes


def _count(stats: Mapping[str, object], name: str, side: Side) -> int:
    """Return one side's whole count of a statistic, 0 when the snapshot has none."""
    value = getattr(stats.get(name), side, None)
    return int(value) if isinstance(value, int | float) else 0


def _soccer_clock(snapshot: SoccerSnapshot | None, state: str) -> str:
    """Return the card's clock: the minute while playing, HT at the break, FT at the end."""
    if state == POST:
        return "FT"
    if state == PRE or snapshot is None:
        return ""
    clock = snapshot.clock
    if snapshot.status == "ht" or (clock is not None and clock.period == "HT"):
        return "HT"
    if clock is None or clock.minute is None:
        return "Live"
    return f"{clock.minute}'"


def _cricket(
    snapshot: CricketSnapshot | None, teams: tuple[str, str], side: Side, state: str
) -> dict[str, str | bool]:
    """Return both innings, the clock, the batting side and the winners of a cricket match."""
    home, away = teams
    ours, theirs = _ours((_innings_text(snapshot, home), _innings_text(snapshot, away)), side)
    clock = "Final" if state == POST else ""
    if state == IN and snapshot is not None:
        clock = _CRICKET_CLOCK.get(snapshot.status or "", "Live")
    batting = snapshot.batting if snapshot is not None and state == IN else None
    attributes: dict[str, str | bool] = {
        "team_score": ours,
        "opponent_score": theirs,
        "clock": clock,
        # The card's dot marks the side whose id is the possession: the batting side.
        "possession": next((t for t in teams if same_team(batting, t)), ""),
    }
    last = snapshot.last_event if snapshot is not None else None
    if last is not None and (label := last.label or last.type):
        attributes["last_play"] = label
    if state == POST:
        our_runs, their_runs = _ours(
            (_innings_runs(snapshot, home), _innings_runs(snapshot, away)), side
        )
        attributes["team_winner"] = our_runs > their_runs
        attributes["opponent_winner"] = their_runs > our_runs
    return attributes


def _innings_text(snapshot: CricketSnapshot | None, team: str) -> str:
    """Return a side's innings as "145/3 (18.4 ov)": live for the batting side, else as carded.

    A side yet to bat has "": the card splits the text and shows nothing for it.
    """
    if snapshot is None or not team:
        return ""
    score = snapshot.score
    if score is not None and same_team(snapshot.batting, team):
        target = f", target {snapshot.target}" if snapshot.target else ""
        return _format_innings(score.runs, score.wickets, score.overs, target)
    for card in reversed(snapshot.scorecard):
        if same_team(card.batting, team) and card.runs is not None:
            return _format_innings(card.runs, card.wickets, card.overs, "")
    return ""


def _innings_runs(snapshot: CricketSnapshot | None, team: str) -> int:
    """Return a side's runs in its latest innings, 0 when it has not batted."""
    if snapshot is None:
        return 0
    if snapshot.score is not None and same_team(snapshot.batting, team):
        return snapshot.score.runs
    for card in reversed(snapshot.scorecard):
        if same_team(card.batting, team) and card.runs is not None:
            return card.runs
    return 0


def _format_innings(runs: int, wickets: int | None, overs: str | None, target: str) -> str:
    """Write an innings the way scorecards do: all out is the runs alone."""
    text = str(runs) if wickets is None or wickets >= 10 else f"{runs}/{wickets}"
    if overs or target:
        text += f" ({overs} ov{target})" if overs else f" ({target.removeprefix(', ')})"
    return text
