"""The fixtures calendar: followed matches, and the coming matches of teams and competitions."""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .entity import EntryEntity
from .interests import DEFAULT_MATCH_LENGTH, MATCH_LENGTH
from .signals import fixtures_signal

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SportrixConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's fixtures calendar."""
    async_add_entities([FixturesCalendar(entry.runtime_data)])


def fixtures(coordinator: SportrixCoordinator) -> list[CalendarEvent]:
    """Return every followed match and every catalog match of a followed team or competition."""
    events: dict[int, CalendarEvent] = {}
    for match in coordinator.matches.values():
        if (start := match.kick_off) is not None:
            end = start + MATCH_LENGTH.get(match.sport or "", DEFAULT_MATCH_LENGTH)
            if match.finished_at is not None and match.finished_at > start:
                end = match.finished_at
            events[match.match_id] = _event(match.match_id, match.name, start, end)
            events[match.match_id].description = match.competition
    interests = list(coordinator.interests.values())
    for fixture in coordinator.discovery.fixtures():
        found = fixture.match
        if found.id in events or not any(
            i.league_id == fixture.league_id and i.concerns(found) for i in interests
        ):
            continue
        name = f"{found.home_team} vs {found.away_team}"
        events[found.id] = _event(found.id, name, found.start_time, fixture.expected_end)
        events[found.id].description = fixture.league
    return sorted(events.values(), key=lambda e: (e.start, e.uid or ""))


def _event(match_id: int, name: str, start: datetime, end: datetime) -> CalendarEvent:
    """Return one match as a calendar event; the competition is its description."""
    return CalendarEvent(start=start, end=end, summary=name, uid=str(match_id))


class FixturesCalendar(EntryEntity, CalendarEntity):
    """The matches followed, and those coming for followed teams and competitions."""

    _attr_translation_key = "fixtures"

    def __init__(self, coordinator: SportrixCoordinator) -> None:
        """Bind the calendar to its entry; it changes with the followed matches and the catalog."""
        super().__init__(coordinator, "fixtures", fixtures_signal(coordinator.entry.entry_id))

    @property
    def event(self) -> CalendarEvent | None:
        """Return the match under way, or else the next one."""
        now = dt_util.utcnow()
        return next((e for e in fixtures(self.coordinator) if e.end_datetime_local > now), None)

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the matches overlapping a time range."""
        return [
            e
            for e in fixtures(self.coordinator)
            if e.start_datetime_local < end_date and e.end_datetime_local > start_date
        ]
