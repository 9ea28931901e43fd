"""Every snapshot the simulator serves has the fields the documentation always shows.

The guide's example indexes them without a check (last_event.label, phase.label, the clock),
so a null or a missing field where the documentation shows a value breaks documented code.
"""

from collections.abc import Callable
from typing import Any

import pytest

from sportrix_simulator import CatalogStatus, ScriptFinishedError, Simulator
from sportrix_simulator.synthetic import FIRST_SYNTHETIC_ID

type Check = Callable[[object], bool]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return _is_int(value) or isinstance(value, float)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_time(value: object) -> bool:
    return isinstance(value, str) and value.endswith("Z")


# Paths the documentation shows in every soccer snapshot, and the type it shows there.
SOCCER: dict[str, Check] = {
    "v": _is_int,
    "match_id": _is_int,
    "provider.stat_id": _is_str,
    "sport": lambda value: value == "soccer",
    "competition": _is_str,
    "home": _is_str,
    "away": _is_str,
    "status": _is_str,
    "clock.minute": _is_int,
    "clock.second": _is_int,
    "clock.period": _is_str,
    "clock.running": _is_bool,
    "clock.added": _is_int,
    "score.home": _is_int,
    "score.away": _is_int,
    "phase.vc": _is_str,
    "phase.code": _is_str,
    "phase.team": _is_str,
    "phase.label": _is_str,
    "stats": lambda value: (
        isinstance(value, dict)
        and all(
            isinstance(pair, dict) and _is_int(pair.get("home")) and _is_int(pair.get("away"))
            for pair in value.values()
        )
    ),
    # Documented as null until something has happened.
    "events": lambda value: (
        value is None
        or (
            isinstance(value, list)
            and all(
                isinstance(event, dict)
                and all(_is_str(event.get(key)) for key in ("minute", "type", "team", "label"))
                for event in value
            )
        )
    ),
    "ball.x": _is_number,
    "ball.y": _is_number,
    "updated_at": _is_time,
}
# The few cricket fields the documentation names, all read by the guide's example.
CRICKET: dict[str, Check] = {
    "v": _is_int,
    "match_id": _is_int,
    "sport": lambda value: value == "cricket",
    "status": _is_str,
    "batting": _is_str,
    "score.runs": _is_int,
    "score.wickets": _is_int,
    "score.overs": lambda value: _is_number(value) or _is_str(value),
    "last_event.label": _is_str,
    "scorecard": lambda value: isinstance(value, list),
    "updated_at": _is_time,
}


def problems(snapshot: dict[str, Any]) -> list[str]:
    """Return the documented paths a snapshot lacks or holds with another type."""
    checks = CRICKET if snapshot.get("sport") == "cricket" else SOCCER
    found = []
    for path, check in checks.items():
        value: object = snapshot
        for key in path.split("."):
            value = value.get(key, KeyError) if isinstance(value, dict) else KeyError
        if value is KeyError:
            found.append(f"{path} is missing")
        elif not check(value):
            found.append(f"{path} is {value!r}")
    return found


async def every_state(sim: Simulator, match_id: int) -> list[dict[str, Any]]:
    """Return a match's snapshot now and after each step to the end of its script."""
    states = [sim.snapshot(match_id)]
    while True:
        try:
            states.append(await sim.step(match_id))
        except ScriptFinishedError:
            return states


def assert_documented(states: list[dict[str, Any]]) -> None:
    """Fail on the first snapshot off the documented shape, saying where it is."""
    for index, snapshot in enumerate(states):
        assert not problems(snapshot), (index, snapshot.get("status"), problems(snapshot))


def test_the_checks_find_a_null_last_event() -> None:
    snapshot = {"sport": "cricket", "last_event": None, "score": {"runs": 0}}
    assert "last_event.label is missing" in problems(snapshot)
    assert "score.wickets is missing" in problems(snapshot)
    assert "clock.second is 1.5" in problems({"sport": "soccer", "clock": {"second": 1.5}})


@pytest.mark.parametrize("autoplay", [False, True], ids=["in_play", "held_before_kick_off"])
@pytest.mark.parametrize("match_id", [41250, 41282, 41301, 41320, 50001])
async def test_demo_scripts_from_start_to_end(match_id: int, *, autoplay: bool) -> None:
    # An autoplaying simulator holds a match in play before kick-off until a client watches.
    sim = Simulator(autoplay=autoplay, matches=[match_id])
    assert_documented(await every_state(sim, match_id))


async def test_synthetic_matches() -> None:
    sim = Simulator(matches=[], synthetic=2)
    for match_id in (FIRST_SYNTHETIC_ID, FIRST_SYNTHETIC_ID + 1):
        assert_documented(await every_state(sim, match_id))


@pytest.mark.parametrize(
    "status", [CatalogStatus.NOT_STARTED, CatalogStatus.STARTED, CatalogStatus.FINISHED]
)
async def test_added_matches(status: CatalogStatus) -> None:
    sim = Simulator(matches=[41320, 50001])
    sim.add_match(41320, 41400, home="A", away="B", league_id=101, status=status)
    sim.add_match(50001, 50100, home="England", away="New Zealand", league_id=201, status=status)
    for match_id in (41400, 50100):
        assert_documented(await every_state(sim, match_id))


async def test_operations_by_hand() -> None:
    sim = Simulator(matches=[41301, 50001], autoplay=True)
    states = [await sim.kick_off(41301), await sim.kick_off(50001)]
    states += [await sim.score_goal(41301, "away"), await sim.cancel_goal(41301, "away")]
    states += [await sim.take_wicket(50001), await sim.take_wicket(50001, "Run out")]
    states += [await sim.finish(41301), await sim.finish(50001)]
    assert_documented(states)
