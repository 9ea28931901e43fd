"""Tests for parsing snapshots and catalog objects."""

from __future__ import annotations

from datetime import UTC, datetime
import logging

import pytest

from custom_components.sportrix.api import (
    Ball,
    Batsman,
    Bowler,
    CricketEvent,
    CricketScore,
    CricketSnapshot,
    InningsScore,
    League,
    Match,
    Phase,
    SoccerClock,
    SoccerEvent,
    SoccerScore,
    SoccerSnapshot,
    Sport,
    SportrixProtocolError,
    StatPair,
    UnknownSnapshot,
    parse_snapshot,
)
from custom_components.sportrix.api.models import SnapshotParser, overs_text

from .common import load_json


def test_soccer_full_snapshot() -> None:
    data = load_json("soccer_live.json")
    snapshot = parse_snapshot(data)

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.match_id == 41282
    assert snapshot.sport == "soccer"
    assert snapshot.version == 1
    assert snapshot.competition == "USA MLS Next Pro League"
    assert (snapshot.home, snapshot.away) == ("Vancouver Whitecaps II", "The Town")
    assert snapshot.status == "live"
    assert snapshot.clock == SoccerClock(minute=75, second=56, period="2H", running=True, added=0)
    assert snapshot.score == SoccerScore(3, 2)
    assert snapshot.phase == Phase(label="Dangerous attack", team="away", code="1002", vc="21002")
    assert snapshot.stats["possession"] == StatPair(56, 44)
    assert len(snapshot.stats) == 8
    assert len(snapshot.events) == 8
    assert snapshot.events[3] == SoccerEvent("45+2", "goal", "home", "Goal", "2-1")
    assert snapshot.events[-1] == SoccerEvent("66", "substitution", "", "Substitution", None)
    assert snapshot.ball == Ball(x=0.91, y=0.5, event="goal", minute="60")
    assert snapshot.updated_at == datetime(2026, 6, 18, 2, 56, 50, tzinfo=UTC)
    assert snapshot.raw == data


def test_soccer_events_null_and_empty_stats() -> None:
    snapshot = parse_snapshot(load_json("soccer_kickoff.json"))

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.events == ()
    assert snapshot.stats == {}
    assert snapshot.score == SoccerScore(0, 0)
    assert snapshot.ball == Ball(x=0.5, y=0.5, event=None, minute=None)


def test_soccer_score_and_optional_objects_missing() -> None:
    snapshot = parse_snapshot(load_json("soccer_score_missing.json"))

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.status == "not_started"
    assert snapshot.score is None
    assert snapshot.clock is None
    assert snapshot.phase is None
    assert snapshot.ball is None
    assert snapshot.updated_at is None
    assert snapshot.events == ()


def test_soccer_wrong_types_become_none() -> None:
    snapshot = parse_snapshot(load_json("soccer_wrong_types.json"))

    assert isinstance(snapshot, SoccerSnapshot)
    # Numbers sent as text are still understood; the sport name is case-insensitive.
    assert snapshot.match_id == 41282
    assert snapshot.version == 1
    assert snapshot.competition == "17"
    assert snapshot.home is None
    assert snapshot.away is None
    assert snapshot.status is None
    assert snapshot.clock == SoccerClock(minute=75, second=56, period="2", running=None, added=None)
    assert snapshot.score is None
    assert snapshot.phase is None
    assert snapshot.stats == {
        "possession": StatPair(55.5, 44.5),
        "attacks": StatPair(None, None),
    }
    assert snapshot.events == (
        SoccerEvent("60", "goal", "home", "Goal", "1-0"),
        SoccerEvent("", "event", "", "VAR check", None),
    )
    assert snapshot.ball == Ball(x=0.91, y=None, event="7", minute=None)
    assert snapshot.updated_at is None


def test_soccer_unknown_fields_are_kept_in_raw_only() -> None:
    data = load_json("soccer_extra_fields.json")
    snapshot = parse_snapshot(data)

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.version == 2
    assert snapshot.clock == SoccerClock(minute=91, second=5, period="2H", running=True, added=4)
    assert snapshot.score == SoccerScore(1, 1)
    assert snapshot.stats["expected_goals"] == StatPair(1.42, 0.87)
    assert snapshot.events == (SoccerEvent("90+1", "var_review", "away", "VAR", None),)
    assert snapshot.updated_at == datetime(2026, 6, 18, 2, 59, 1, tzinfo=UTC)
    assert snapshot.raw["weather"] == {"temp_c": 18, "sky": "clear"}


def test_soccer_without_sport_field_is_recognised() -> None:
    snapshot = parse_snapshot(load_json("soccer_legacy_no_sport.json"))

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.score == SoccerScore(3, 2)


def test_rest_snapshot_takes_the_requested_match_id() -> None:
    snapshot = parse_snapshot(load_json("soccer_rest_live.json"), match_id=41250)

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.match_id == 41250
    assert snapshot.status == "ht"
    assert snapshot.clock is not None
    assert snapshot.clock.running is False


def test_rest_snapshot_for_another_match_is_refused() -> None:
    with pytest.raises(SportrixProtocolError, match="expected 41250"):
        parse_snapshot(load_json("soccer_live.json"), match_id=41250)


def test_cricket_full_snapshot() -> None:
    snapshot = parse_snapshot(load_json("cricket_live.json"))

    assert isinstance(snapshot, CricketSnapshot)
    assert snapshot.match_id == 50001
    assert snapshot.sport == "cricket"
    assert snapshot.competition == "ICC Men's T20 Series"
    assert snapshot.status == "live"
    assert snapshot.innings == 1
    assert (snapshot.batting, snapshot.bowling) == ("India", "Australia")
    assert snapshot.score == CricketScore(145, 3, "18.4")
    assert snapshot.target is None
    assert snapshot.last_event == CricketEvent("four", "FOUR")
    assert snapshot.batsmen == (
        Batsman("V Kohli", 61, 44, striker=True),
        Batsman("H Pandya", 18, 9, striker=False),
    )
    assert snapshot.bowler == Bowler("M Starc", "3.4", 28, 1)
    assert snapshot.current_over == ("1", "4", "W", "0")
    assert snapshot.scorecard == (InningsScore(1, "India", 145, 3, "18.4"),)
    assert snapshot.updated_at == datetime(2026, 6, 18, 2, 56, 50, tzinfo=UTC)


def test_cricket_second_innings_with_overs_as_text_and_integer() -> None:
    snapshot = parse_snapshot(load_json("cricket_second_innings.json"))

    assert isinstance(snapshot, CricketSnapshot)
    assert snapshot.innings == 2
    assert snapshot.target == 178
    assert snapshot.score == CricketScore(0, 0, "0.0")
    assert snapshot.score.balls == 0
    assert snapshot.score.run_rate is None
    assert snapshot.scorecard[0] == InningsScore(1, "India", 177, 6, "20.0")


def test_cricket_guide_fields_only() -> None:
    snapshot = parse_snapshot(load_json("cricket_overs_string.json"))

    assert isinstance(snapshot, CricketSnapshot)
    assert snapshot.batting == "India"
    assert snapshot.score == CricketScore(12, 1, "2.3")
    assert snapshot.last_event == CricketEvent(None, "WICKET! Rohit b Starc")
    assert snapshot.innings is None
    assert snapshot.status is None
    assert snapshot.batsmen == ()


def test_cricket_wrong_types_become_none() -> None:
    snapshot = parse_snapshot(load_json("cricket_wrong_types.json"))

    assert isinstance(snapshot, CricketSnapshot)
    assert snapshot.status == "innings_break"
    assert snapshot.innings is None
    assert snapshot.batting == "5"
    assert snapshot.score is None
    assert snapshot.target == 121
    assert snapshot.batsmen == ()
    assert snapshot.bowler is None
    assert snapshot.current_over == ()
    assert snapshot.last_event is None
    assert snapshot.scorecard == ()


@pytest.mark.parametrize(
    ("overs", "text", "balls"),
    [
        (18.4, "18.4", 112),
        ("18.4", "18.4", 112),
        (18, "18.0", 108),
        ("18", "18.0", 108),
        (0, "0.0", 0),
        (0.1, "0.1", 1),
        (19.5, "19.5", 119),
        (" 7.2 ", "7.2", 44),
        (19.99, "20.0", 120),
    ],
)
def test_overs_forms(overs: object, text: str, balls: int) -> None:
    snapshot = parse_snapshot(
        {"match_id": 1, "sport": "cricket", "score": {"runs": 60, "wickets": 2, "overs": overs}}
    )

    assert isinstance(snapshot, CricketSnapshot)
    assert snapshot.score is not None
    assert snapshot.score.overs == text
    assert snapshot.score.balls == balls


@pytest.mark.parametrize(
    "overs",
    [None, True, -1, "abc", "18.45", [18, 4], float("nan"), 10_000, 1e308, 10**400, "99999"],
)
def test_invalid_overs(overs: object) -> None:
    assert overs_text(overs) is None


def test_run_rate() -> None:
    assert CricketScore(145, 3, "18.4").run_rate == pytest.approx(145 / (112 / 6))
    assert CricketScore(12, 0, "2.0").run_rate == 6.0
    assert CricketScore(0, 0, "0.0").run_rate is None
    assert CricketScore(12, 0, 2).run_rate == 6.0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("runs", "overs", "balls"),
    [
        # Too many runs for a float: no rate rather than an OverflowError.
        (10**400, "1.0", 6),
        (12, "9" * 5000, 0),
        (12, "garbage", 0),
        (12, None, 0),
        ("12", "2.0", 12),
        (None, "2.0", 12),
        (12, [2], 0),
    ],
)
def test_derived_cricket_values_tolerate_anything(runs: object, overs: object, balls: int) -> None:
    score = CricketScore(runs, 0, overs)  # type: ignore[arg-type]

    assert score.balls == balls
    rate = score.run_rate
    assert rate is None or rate == 6.0


def test_numbers_too_large_for_a_float() -> None:
    snapshot = parse_snapshot(
        {
            "match_id": 1,
            "sport": "soccer",
            "ball": {"x": 10**400, "y": -(10**400)},
            "stats": {"attacks": {"home": 10**400, "away": 1e400}},
            "clock": {"minute": 10**400},
            # Valid ISO 8601 whose UTC form is past year 9999.
            "updated_at": "9999-12-31T23:59:59-23:59",
        }
    )

    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.ball == Ball(x=None, y=None, event=None, minute=None)
    assert snapshot.stats["attacks"] == StatPair(10**400, None)
    assert snapshot.clock is not None
    assert snapshot.clock.minute == 10**400
    assert snapshot.updated_at is None


def test_error_messages_stay_short() -> None:
    deep: object = "leaf"
    for _ in range(5000):
        deep = [deep]

    with pytest.raises(SportrixProtocolError) as caught:
        parse_snapshot({"match_id": deep})
    assert len(str(caught.value)) < 200
    with pytest.raises(SportrixProtocolError) as caught:
        Match.from_json({"id": 1, "start_time": "x" * 1_000_000})
    assert len(str(caught.value)) < 300


def test_unknown_sport() -> None:
    data = load_json("unknown_sport.json")
    assert isinstance(data, dict)
    snapshot = parse_snapshot(data)

    assert snapshot == UnknownSnapshot(
        70001, sport="tennis", status="live", home="C Alcaraz", away="J Sinner", raw=data
    )
    assert snapshot.raw["server"] == "home"


def test_snapshot_without_recognisable_sport() -> None:
    snapshot = parse_snapshot({"match_id": 5, "status": "live"})

    assert isinstance(snapshot, UnknownSnapshot)
    assert snapshot.sport == ""


@pytest.mark.parametrize(
    "data",
    [
        None,
        "snapshot",
        [1, 2],
        {},
        {"match_id": None, "sport": "soccer"},
        {"match_id": "abc", "sport": "soccer"},
        {"match_id": 0, "sport": "soccer"},
        {"match_id": -4, "sport": "soccer"},
        {"match_id": True, "sport": "soccer"},
        {"match_id": 4.5, "sport": "soccer"},
    ],
)
def test_unidentifiable_snapshot_raises(data: object) -> None:
    with pytest.raises(SportrixProtocolError):
        parse_snapshot(data)


def test_equal_payloads_give_equal_snapshots() -> None:
    assert parse_snapshot(load_json("soccer_live.json")) == parse_snapshot(
        load_json("soccer_live.json")
    )


def test_catalog_objects() -> None:
    assert Sport.from_json({"id": 1, "name": "Soccer"}) == Sport(1, "Soccer")
    assert League.from_json({"id": 172, "name": "USA USL W-League Women", "x": 1}) == League(
        172, "USA USL W-League Women"
    )
    assert Match.from_json(
        {
            "id": 41301,
            "home_team": "Salmon Bay FC (W)",
            "away_team": "West Seattle Rhodies FC (W)",
            "start_time": "2026-06-18T02:00:00Z",
            "status": "NOT_STARTED",
        }
    ) == Match(
        41301,
        "Salmon Bay FC (W)",
        "West Seattle Rhodies FC (W)",
        datetime(2026, 6, 18, 2, 0, tzinfo=UTC),
        "NOT_STARTED",
    )


def test_catalog_naive_start_time_is_utc() -> None:
    match = Match.from_json({"id": 1, "start_time": "2026-06-18T02:00:00"})

    assert match.start_time == datetime(2026, 6, 18, 2, 0, tzinfo=UTC)
    assert (match.home_team, match.away_team, match.status) == ("", "", "")


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"name": "Soccer"},
        {"id": "one", "name": "Soccer"},
        {"id": 1, "start_time": "soon"},
        {"id": 1},
    ],
)
def test_malformed_match_raises(data: object) -> None:
    with pytest.raises(SportrixProtocolError):
        Match.from_json(data)


MODELS_LOGGER = "custom_components.sportrix.api.models"


@pytest.mark.parametrize(
    ("fixture", "placeholder", "match_id"),
    [
        # A match of its own each: each match is warned about once.
        ("soccer_live.json", "0001-01-01T00:00:00Z", 880_001),
        ("soccer_live.json", "9999-12-31T23:59:59Z", 880_002),
        ("cricket_live.json", "0001-01-01T00:00:00Z", 880_003),
        ("cricket_live.json", "9999-12-31T23:59:59Z", 880_004),
    ],
)
def test_snapshot_times_out_of_range_are_none(
    fixture: str, placeholder: str, match_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=MODELS_LOGGER)
    data = load_json(fixture)
    assert isinstance(data, dict)
    payload = data | {"match_id": match_id, "updated_at": placeholder}
    parser = SnapshotParser()

    for _ in range(3):
        for parsed in (parse_snapshot(payload), parser.parse(dict(payload))):
            assert isinstance(parsed, SoccerSnapshot | CricketSnapshot)
            assert parsed.updated_at is None

    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == MODELS_LOGGER and r.levelno == logging.WARNING
    ]
    expected = f"Ignoring the updated_at of match {match_id}, not a time from 2000 to 2099: "
    assert warnings == [f"{expected}'{placeholder}'"]


def test_snapshot_names_are_normalised() -> None:
    soccer = load_json("soccer_live.json")
    cricket = load_json("cricket_live.json")
    assert isinstance(soccer, dict)
    assert isinstance(cricket, dict)
    padded = {"home": " Ta\u0308by FK\t", "away": "AIK\u00a0", "competition": "\nAllsvenskan "}

    parsed = parse_snapshot(soccer | padded)
    assert isinstance(parsed, SoccerSnapshot)
    assert (parsed.home, parsed.away, parsed.competition) == ("Täby FK", "AIK", "Allsvenskan")

    innings = {"innings": 1, "batting": " India ", "runs": 1, "wickets": 0, "overs": 0.1}
    parsed_cricket = parse_snapshot(
        cricket | padded | {"batting": "India ", "bowling": " Australia", "scorecard": [innings]}
    )
    assert isinstance(parsed_cricket, CricketSnapshot)
    assert (parsed_cricket.home, parsed_cricket.batting, parsed_cricket.bowling) == (
        "Täby FK",
        "India",
        "Australia",
    )
    assert parsed_cricket.scorecard[0].batting == "India"

    unknown = parse_snapshot({"match_id": 1, "sport": "rugby", "home": " Leinster "})
    assert isinstance(unknown, UnknownSnapshot)
    assert unknown.home == "Leinster"


def test_long_snapshot_text_is_kept_whole() -> None:
    # Cutting text to what an entity state holds is for the entities to do.
    label = "Dangerous attack " * 30
    data = load_json("soccer_live.json")
    assert isinstance(data, dict)

    parsed = parse_snapshot(data | {"phase": {"label": label}, "home": "H" * 300})

    assert isinstance(parsed, SoccerSnapshot)
    assert parsed.phase == Phase(label=label)
    assert parsed.home == "H" * 300
