"""The fixtures calendar: followed matches, and the coming matches of teams and competitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .entity import EntryEntity
from .followed import FollowedMatch
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


@dataclass(frozen=True, slots=True)
class _Slot:
    """A match's place in the calendar, cheap to build: the state asks for one of many."""

    start: datetime
    end: datetime
    match_id: int
    name: str
    competition: str | None

    def event(self) -> CalendarEvent:
        """Return the slot as a calendar event; the competition is its description."""
        return CalendarEvent(
            start=self.start,
            end=self.end,
            summary=self.name,
            description=self.competition,
            uid=str(self.match_id),
        )


def _length(sport: str | None) -> timedelta:
    """Return how long a match of a sport is expected to last."""
    return MATCH_LENGTH.get(sport or "", DEFAULT_MATCH_LENGTH)


def _sport(
    coordinator: SportrixCoordinator, match: FollowedMatch, catalog: dict[int, str]
) -> str | None:
    """Return a followed match's sport as soon as anything tells it, the same from then on.

    The catalog and the teams or competitions that brought the match know it before the first
    frame does: the slot keeps its length when the match kicks off.
    """
    if match.match_id in catalog:
        return catalog[match.match_id]
    interests = coordinator.following.interests
    known = sorted(interests[key].sport for key in match.interests if key in interests)
    return known[0] if known else match.sport


def _slots(coordinator: SportrixCoordinator) -> list[_Slot]:
    """Return every followed match and every catalog match of a followed team or competition.

    One rule for every slot: it starts at the scheduled kick-off and lasts the sport's expected
    length, whether the match is still to come, under way or over; only a match that ends later
    than that stretches its slot to its full time.
    """
    fixtures = coordinator.following.catalog.fixtures()
    catalog = {fixture.match.id: fixture.sport for fixture in fixtures}
    slots: dict[int, _Slot] = {}
    for match in coordinator.matches.values():
        if (start := match.kick_off) is not None:
            length = _length(_sport(coordinator, match, catalog))
            end = start + length
            if match.finished_at is not None and match.finished_at > end:
                # Stretched to full time, but only so far: full time first seen at a restart
                # days later is no time the match was played.
                end = min(match.finished_at, start + 2 * length)
            slots[match.match_id] = _Slot(start, end, match.match_id, match.name, match.competition)
    interests = list(coordinator.following.interests.values())
    for fixture in fixtures:
        found = fixture.match
        if found.id in slots or not any(
            i.league_id == fixture.league_id and i.concerns(found) for i in interests
        ):
            continue
        name = f"{found.home_team} vs {found.away_team}"
        end = found.start_time + _length(fixture.sport)
        slots[found.id] = _Slot(found.start_time, end, found.id, name, fixture.league)
    return sorted(slots.values(), key=lambda slot: (slot.start, slot.match_id))


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
        slot = next((slot for slot in _slots(self.coordinator) if slot.end > now), None)
        return slot.event() if slot is not None else None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the matches overlapping a time range."""
        return [
            slot.event()
            for slot in _slots(self.coordinator)
            if slot.start < end_date and slot.end > start_date
        ]
