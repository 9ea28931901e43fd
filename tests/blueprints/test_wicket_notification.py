"""The wicket notification blueprint: its message, and the wickets it leaves out."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import AUSTRALIA, INDIA, OWN_ACTIONS


@pytest.fixture
def devices(make_device: Any) -> dict[str, str]:
    """Create a followed cricket team and its match."""
    return {
        "team": make_device("team_01INDIA", INDIA, "Cricket team"),
        "match": make_device("50001", f"{INDIA} vs {AUSTRALIA}", "Cricket match"),
    }


def wicket(device_id: str, batting: str = INDIA, **extra: Any) -> dict[str, Any]:
    """Return the data of a sportrix_wicket bus event."""
    return {
        "device_id": device_id,
        "match_id": 50001,
        "sport": "cricket",
        "home": INDIA,
        "away": AUSTRALIA,
        "event_type": "wicket",
        "batting": batting,
        "runs": 145,
        "wickets": 4,
        "overs": "18.5",
        "label": "WICKET! Kohli c Smith b Starc",
        "delayed": False,
        **extra,
    }


async def fire(hass: HomeAssistant, data: dict[str, Any]) -> None:
    """Fire a wicket on the bus and let the automation run."""
    hass.bus.async_fire("sportrix_wicket", data)
    await hass.async_block_till_done()


async def test_wicket_is_sent_to_the_phone_with_label_and_score(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
) -> None:
    await use_blueprint("wicket_notification.yaml", {"notify_device": phone})

    await fire(hass, wicket(devices["match"]))

    assert [c.data for c in pushes] == [
        {
            "title": "Wicket! India vs Australia",
            "message": "WICKET! Kohli c Smith b Starc — India 145/4 (18.5)",
        }
    ]


async def test_own_actions_get_title_and_message(
    hass: HomeAssistant, use_blueprint: Any, devices: dict[str, str]
) -> None:
    sent = async_mock_service(hass, "notify", "family")
    await use_blueprint("wicket_notification.yaml", {"notify_actions": OWN_ACTIONS})

    await fire(hass, wicket(devices["match"], label=None, wickets=5))

    assert [c.data["message"] for c in sent] == ["Wicket! India 145/5 (18.5)"]


@pytest.mark.parametrize(
    ("choice", "batting", "sent"),
    [
        ("lost", INDIA, True),
        ("lost", AUSTRALIA, False),
        ("taken", AUSTRALIA, True),
        ("taken", INDIA, False),
    ],
)
async def test_team_wickets_taken_or_lost(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
    choice: str,
    batting: str,
    sent: bool,
) -> None:
    await use_blueprint(
        "wicket_notification.yaml",
        {"notify_device": phone, "team": devices["team"], "wickets": choice},
    )

    await fire(hass, wicket(devices["match"], batting=batting))

    assert len(pushes) == int(sent)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (wicket("", delayed=True), "recovered after an outage"),
        (wicket("", home="England", away="New Zealand", batting="England"), "another match"),
    ],
)
async def test_other_wickets_are_not_sent(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    phone: str,
    pushes: list[Any],
    data: dict[str, Any],
    why: str,
) -> None:
    await use_blueprint(
        "wicket_notification.yaml", {"notify_device": phone, "team": devices["team"]}
    )

    await fire(hass, data | {"device_id": devices["match"]})

    assert pushes == [], why


async def test_match_picks_its_wickets_only(
    hass: HomeAssistant,
    use_blueprint: Any,
    devices: dict[str, str],
    make_device: Any,
    phone: str,
    pushes: list[Any],
) -> None:
    other = make_device("50002", "England vs New Zealand", "Cricket match")
    await use_blueprint(
        "wicket_notification.yaml", {"notify_device": phone, "match": devices["match"]}
    )

    await fire(hass, wicket(other, home="England", away="New Zealand", batting="England"))
    assert pushes == []
    await fire(hass, wicket(devices["match"]))
    assert len(pushes) == 1
