"""The kick-off reminder blueprint: a calendar trigger before each fixture, with its title."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    async_fire_time_changed,
    async_mock_service,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from .conftest import TACOMA, VENTURA

START = datetime(2026, 11, 30, 14, 30, tzinfo=dt_util.UTC)
KICK_OFF = datetime(2026, 11, 30, 15, 0, tzinfo=dt_util.UTC)


class FixturesCalendar(CalendarEntity):
    """A stand-in for the Sportrix fixtures calendar: the same entity id, titles and times."""

    _attr_name = "Sportrix fixtures"

    def __init__(self, events: list[CalendarEvent]) -> None:
        """Hold the fixtures."""
        self._events = events

    @property
    def event(self) -> CalendarEvent | None:
        """Return the first fixture."""
        return self._events[0] if self._events else None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the fixtures in a window."""
        return [e for e in self._events if e.start < end_date and e.end > start_date]


def fixture(home: str, away: str, kick_off: datetime = KICK_OFF) -> CalendarEvent:
    """Return a calendar event as the fixtures calendar writes it."""
    return CalendarEvent(
        start=kick_off,
        end=kick_off + timedelta(hours=2),
        summary=f"{home} vs {away}",
        description="USL Championship",
    )


class FixturesFlow(ConfigFlow):
    """The stand-in calendar's config flow, needed only to set its entry up."""


@pytest.fixture
async def calendar(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> AsyncIterator[str]:
    """Set up calendar.sportrix_fixtures with two fixtures, and Stockholm as the time zone."""
    await hass.config.async_set_time_zone("Europe/Stockholm")
    freezer.move_to(START)
    entity = FixturesCalendar(
        [
            fixture(TACOMA, VENTURA),
            fixture("Portland Timbers 2", "The Town", KICK_OFF + timedelta(hours=1)),
        ]
    )

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, ["calendar"])
        return True

    async def unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        return await hass.config_entries.async_unload_platforms(entry, ["calendar"])

    async def add_calendar(
        hass: HomeAssistant, entry: ConfigEntry, add_entities: AddEntitiesCallback
    ) -> None:
        add_entities([entity])

    mock_integration(
        hass,
        MockModule("fixtures_test", async_setup_entry=setup_entry, async_unload_entry=unload_entry),
    )
    mock_platform(hass, "fixtures_test.config_flow")
    mock_platform(hass, "fixtures_test.calendar", MockPlatform(async_setup_entry=add_calendar))
    with mock_config_flow("fixtures_test", FixturesFlow):
        entry = MockConfigEntry(domain="fixtures_test")
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert hass.states.get("calendar.sportrix_fixtures") is not None
        yield "calendar.sportrix_fixtures"
        # The calendar's own timers (its state at each start and end) go with it.
        assert await hass.config_entries.async_unload(entry.entry_id)


async def run_until(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Let the clock run to a time, a minute at a time, running the timers due on the way."""
    now = dt_util.utcnow()
    while now < when:
        now = min(now + timedelta(minutes=1), when)
        freezer.move_to(now)
        async_fire_time_changed(hass, now)
        await hass.async_block_till_done()


async def test_reminder_comes_before_kick_off_with_the_title(
    hass: HomeAssistant,
    use_blueprint: Any,
    calendar: str,
    phone: str,
    pushes: list[Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    # The default calendar and offset: calendar.sportrix_fixtures, 15 minutes before.
    await use_blueprint("kick_off_reminder.yaml", {"notify_device": phone})

    await run_until(hass, freezer, KICK_OFF - timedelta(minutes=15, seconds=1))
    assert pushes == []
    await run_until(hass, freezer, KICK_OFF - timedelta(minutes=14))

    assert [c.data for c in pushes] == [
        {
            "title": f"Kick-off: {TACOMA} vs {VENTURA}",
            "message": f"{TACOMA} vs {VENTURA} kicks off in 15 minutes (16:00, USL Championship)",
        }
    ]


async def test_team_and_offset_pick_the_reminders(
    hass: HomeAssistant,
    use_blueprint: Any,
    calendar: str,
    make_device: Any,
    freezer: FrozenDateTimeFactory,
) -> None:
    sent = async_mock_service(hass, "notify", "family")
    own = [{"action": "notify.family", "data": {"message": "{{ message }}"}}]
    town = make_device("team_01TOWN", "The Town", "Soccer team")
    await use_blueprint(
        "kick_off_reminder.yaml",
        {"calendar": calendar, "before": "-1:00:00", "team": town, "notify_actions": own},
    )

    await run_until(hass, freezer, KICK_OFF - timedelta(seconds=1))
    assert sent == []
    await run_until(hass, freezer, KICK_OFF + timedelta(minutes=1))

    assert [c.data["message"] for c in sent] == [
        "Portland Timbers 2 vs The Town kicks off in an hour (17:00, USL Championship)"
    ]


async def test_a_reminder_time_passed_before_the_start_is_not_sent(
    hass: HomeAssistant,
    use_blueprint: Any,
    calendar: str,
    phone: str,
    pushes: list[Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    # Home Assistant starts at 14:50, five minutes after Tacoma's reminder time.
    freezer.move_to(KICK_OFF - timedelta(minutes=10))
    await use_blueprint("kick_off_reminder.yaml", {"notify_device": phone})

    await run_until(hass, freezer, KICK_OFF + timedelta(minutes=30))

    assert pushes == []
