"""The goal notification blueprint: its message, and the goals it leaves out."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from sportrix_simulator import Simulator
from tests.integration.helpers import follow_match

from .conftest import OWN_ACTIONS, TACOMA, VENTURA, Recorded, goal, set_up_automations


@pytest.fixture
def devices(make_device: Any) -> dict[str, str]:
    """Create a followed soccer team and its match."""
    return {
        "team": make_device("team_01TACOMA", TACOMA, "Soccer team"),
        "match": make_device("41320", f"{TACOMA} vs {VENTURA}", "Soccer match"),
    }


async def fire(hass: HomeAssistant, data: dict[str, Any], event: str = "sportrix_goal") -> None:
    """Fire a goal (or a cancelled one) on the bus and let the automation run."""
    hass.bus.async_fire(event, data)
    await hass.async_block_till_done()


async def test_home_goal_is_sent_to_the_phone_with_score_and_minute(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint("goal_notification.yaml", {"notify_device": phone})

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (2, 1), minute="67"))

    assert [c.data for c in pushes] == [
        {
            "title": "Goal for Tacoma Defiance",
            "message": "GOAL! Tacoma Defiance 2\u20131 Ventura County FC (67')",
        }
    ]


async def test_away_goal_names_the_scorer_in_own_actions(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str]
) -> None:
    sent = async_mock_service(hass, "notify", "family")
    await use_blueprint("goal_notification.yaml", {"notify_actions": OWN_ACTIONS})

    await fire(
        hass, goal(devices["match"], TACOMA, VENTURA, "away", (1, 1), minute="45+2", scorer="Ruiz")
    )

    assert [c.data for c in sent] == [
        {
            "title": "Goal for Ventura County FC",
            "message": "GOAL! Tacoma Defiance 1\u20131 Ventura County FC (45+2') \u2014 Ruiz",
        }
    ]


@pytest.mark.parametrize(
    ("extra", "title", "message"),
    [
        ({"minute": "90+4'"}, f"Goal for {TACOMA}", f"GOAL! {TACOMA} 1\u20130 {VENTURA} (90+4')"),
        (
            {"minute": None, "scorer": None},
            f"Goal for {TACOMA}",
            f"GOAL! {TACOMA} 1\u20130 {VENTURA}",
        ),
        (
            {"team_name": None},
            f"Goal! {TACOMA} vs {VENTURA}",
            f"GOAL! {TACOMA} 1\u20130 {VENTURA} (23')",
        ),
        ({"score": None}, f"Goal for {TACOMA}", f"GOAL! {TACOMA} vs {VENTURA} (23')"),
    ],
)
async def test_what_the_feed_leaves_out_is_left_out(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
    extra: dict[str, Any],
    title: str,
    message: str,
) -> None:
    await use_blueprint("goal_notification.yaml", {"notify_device": phone})

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)) | extra)

    assert [c.data for c in pushes] == [{"title": title, "message": message}]


@pytest.mark.parametrize(
    ("choice", "side", "sent"),
    [
        ("scored", "home", True),
        ("scored", "away", False),
        ("conceded", "away", True),
        ("conceded", "home", False),
        ("any", "home", True),
        ("any", "away", True),
    ],
)
async def test_team_goals_scored_or_conceded(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
    choice: str,
    side: str,
    sent: bool,
) -> None:
    await use_blueprint(
        "goal_notification.yaml",
        {"notify_device": phone, "team": devices["team"], "goals": choice},
    )

    score = (1, 0) if side == "home" else (0, 1)
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, side, score))

    assert len(pushes) == int(sent)


async def test_team_counts_as_the_away_side_too(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint(
        "goal_notification.yaml",
        {"notify_device": phone, "team": devices["team"], "goals": "scored"},
    )

    # The return fixture: Tacoma away.
    await fire(hass, goal(devices["match"], VENTURA, TACOMA, "away", (0, 1), minute="12"))

    assert [c.data["message"] for c in pushes] == [f"GOAL! {VENTURA} 0\u20131 {TACOMA} (12')"]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (goal("", TACOMA, VENTURA, "home", (1, 0), delayed=True), "recovered after an outage"),
        (goal("", "Tampa Bay Rowdies", "Loudoun United", "home", (1, 0)), "another match"),
    ],
)
async def test_other_goals_are_not_sent(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
    data: dict[str, Any],
    why: str,
) -> None:
    await use_blueprint("goal_notification.yaml", {"notify_device": phone, "team": devices["team"]})

    await fire(hass, data | {"device_id": devices["match"]})

    assert pushes == [], why


async def test_delayed_goal_is_sent_when_wanted(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint("goal_notification.yaml", {"notify_device": phone, "skip_delayed": False})

    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0), delayed=True))

    assert [c.data["message"] for c in pushes] == [f"GOAL! {TACOMA} 1\u20130 {VENTURA} (23')"]


async def test_cancelled_goal_is_sent_with_the_score_after_it(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint(
        "goal_notification.yaml",
        {"notify_device": phone, "team": devices["team"], "goals": "conceded"},
    )

    cancelled = goal(devices["match"], TACOMA, VENTURA, "away", (1, 1), event_type="goal_cancelled")
    await fire(hass, cancelled, "sportrix_goal_cancelled")
    # Tacoma's own goal taken back is not one it conceded.
    own = goal(devices["match"], TACOMA, VENTURA, "home", (0, 1), event_type="goal_cancelled")
    await fire(hass, own, "sportrix_goal_cancelled")

    assert [c.data for c in pushes] == [
        {
            "title": "Goal cancelled for Ventura County FC",
            "message": "Goal cancelled: Tacoma Defiance 1\u20131 Ventura County FC",
        }
    ]


async def test_cancelled_goals_can_be_left_out(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint("goal_notification.yaml", {"notify_device": phone, "cancelled": False})

    cancelled = goal(devices["match"], TACOMA, VENTURA, "home", (0, 0), event_type="goal_cancelled")
    await fire(hass, cancelled, "sportrix_goal_cancelled")
    assert pushes == []
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    assert len(pushes) == 1


async def test_match_picks_its_goals_only(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    make_device: Any,
    phone: str,
    pushes: list[Any],
) -> None:
    other = make_device("41321", "Tampa Bay Rowdies vs Loudoun United", "Soccer match")
    await use_blueprint(
        "goal_notification.yaml", {"notify_device": phone, "match": devices["match"]}
    )

    await fire(hass, goal(other, "Tampa Bay Rowdies", "Loudoun United", "home", (1, 0)))
    assert pushes == []
    await fire(hass, goal(devices["match"], TACOMA, VENTURA, "home", (1, 0)))
    assert len(pushes) == 1


async def test_goals_of_the_stream_are_told(
    hass: HomeAssistant, enable_custom_integrations: None, simulator: Simulator, config_dir: Any
) -> None:
    # The integration itself, not events made up here: the fields are the ones it fires.
    device_id = await follow_match(hass, simulator, 41282)
    sent = Recorded(hass, "notify", "family")
    await set_up_automations(
        hass, {"goal_notification.yaml": {"match": device_id, "notify_actions": OWN_ACTIONS}}
    )
    score = hass.states.get("sensor.vancouver_whitecaps_ii_vs_the_town_score")
    assert score is not None
    home, away = (int(goals) for goals in score.state.split("-"))

    await simulator.score_goal(41282, "away", minute="58")
    await sent.wait(1)
    await simulator.cancel_goal(41282, "away")
    await sent.wait(2)

    assert [c.data for c in sent] == [
        {
            "title": "Goal for The Town",
            "message": f"GOAL! Vancouver Whitecaps II {home}\u2013{away + 1} The Town (58')",
        },
        {
            "title": "Goal cancelled for The Town",
            "message": f"Goal cancelled: Vancouver Whitecaps II {home}\u2013{away} The Town",
        },
    ]
