"""Following against a catalog that changes: deleted teams, moved kick-offs, padded names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.sportrix import following
from custom_components.sportrix.const import DOMAIN
from sportrix_simulator import Simulator

from .conftest import SOCCER_MATCH
from .helpers import advance, match_device, wait_for, wait_for_state
from .test_teams import (
    NOW,
    TEAM,
    TEAM_MATCH,
    TEAM_SENSOR,
    add_subentry,
    kick_off,
    make_entry,
    no_read_timeout,
    set_up,
    set_up_plain,
    team_subentry,
    unload_before_the_simulator_stops,
)

__all__ = ["no_read_timeout", "unload_before_the_simulator_stops"]

pytestmark = pytest.mark.freeze_time(NOW)

KICK_OFF = f"sensor.{TEAM.lower().replace(' ', '_')}_vs_ventura_county_fc_kick_off"


def _state(hass: HomeAssistant, entity_id: str) -> str | None:
    """Return an entity's state, or None."""
    state = hass.states.get(entity_id)
    return state.state if state else None


async def advance_until(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, predicate: Callable[[], bool]
) -> None:
    """Move frozen time a second at a time (at most ten minutes) until predicate holds.

    The stream's own timers (backoff, subscribe answers) run on the frozen clock too.
    """
    for _ in range(600):
        if predicate():
            return
        await advance(hass, freezer, timedelta(seconds=1))
    assert predicate()


def device_subentries(hass: HomeAssistant, match_id: int, entry_id: str) -> set[str | None]:
    """Return the subentries of the entry a match's device belongs to."""
    device = match_device(hass, match_id)
    assert device is not None
    if hasattr(device, "config_subentry_id"):
        return {device.config_subentry_id}
    return set(device.config_entries_subentries[entry_id])


async def test_deleting_a_team_during_its_match_drops_the_match(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """The match a deleted team brought goes with it, even in play; its device too."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [], match_ids=[SOCCER_MATCH])
    await set_up_plain(hass, entry)
    key = add_subentry(hass, entry, team_subentry())
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    await wait_for_state(hass, TEAM_SENSOR, "in")

    assert hass.config_entries.async_remove_subentry(entry, key)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is None)
    await advance(hass, freezer, following.POLL_INTERVAL)
    assert TEAM_MATCH not in entry.runtime_data.matches
    assert TEAM_MATCH not in entry.runtime_data.stream.wanted
    assert match_device(hass, TEAM_MATCH) is None
    assert SOCCER_MATCH in entry.runtime_data.matches


async def test_a_kick_off_moved_earlier_is_followed_from_the_next_poll(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Moved from three hours ahead to ten minutes ahead: followed at the next catalog poll."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(hours=3))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    assert TEAM_MATCH not in entry.runtime_data.matches

    moved = NOW + following.POLL_INTERVAL + timedelta(minutes=10)
    simulator.schedule(TEAM_MATCH, moved)
    await advance(hass, freezer, following.POLL_INTERVAL)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    match = entry.runtime_data.matches[TEAM_MATCH]
    assert match.kick_off == moved
    await wait_for(hass, lambda: TEAM_MATCH in entry.runtime_data.stream.wanted)


async def test_a_listed_match_takes_a_moved_kick_off_and_its_retry_follows(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """A listed match's kick-off moves either way: the sensor and the stream's retry follow."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=10))
    entry = make_entry(simulator, [], match_ids=[TEAM_MATCH])
    await set_up_plain(hass, entry)
    await wait_for_state(hass, KICK_OFF, (NOW + timedelta(minutes=10)).isoformat())
    stream = entry.runtime_data.stream
    await advance_until(
        hass, freezer, lambda: stream.subscriptions[TEAM_MATCH].retry_at is not None
    )

    for moved in (NOW + timedelta(minutes=50), NOW + timedelta(minutes=12)):
        simulator.schedule(TEAM_MATCH, moved)
        await advance(hass, freezer, timedelta(seconds=1))
        await entry.runtime_data.following.async_poll()
        await wait_for_state(hass, KICK_OFF, moved.isoformat())
        assert entry.runtime_data.matches[TEAM_MATCH].kick_off == moved
        retry_at = stream.subscriptions[TEAM_MATCH].retry_at
        assert retry_at is not None
        assert moved <= retry_at <= moved + timedelta(seconds=10)


async def test_a_team_named_with_stray_spaces_is_found(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """A stored name with spaces around it, in another case, still finds the team's matches."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry(f"  {TEAM.upper()} ")])
    await set_up(hass, entry)
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    await kick_off(hass, freezer, simulator, TEAM_MATCH)
    sensor = "sensor.tacoma_defiance_match"
    await wait_for_state(hass, sensor, "in")
    await simulator.score_goal(TEAM_MATCH, "away")
    state = await wait_for_state(hass, sensor, "in")
    await wait_for(
        hass, lambda: (hass.states.get(sensor) or state).attributes.get("opponent_score") == 1
    )
    assert hass.states.get(sensor).attributes["team_score"] == 0  # type: ignore[union-attr]
    assert hass.states.get(sensor).attributes["home_away"] == "home"  # type: ignore[union-attr]


async def test_a_brought_match_s_device_belongs_to_its_team(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Brought by one team: in its subentry; also listed: in the entry; unlisted: back."""
    simulator.schedule(TEAM_MATCH, NOW + timedelta(minutes=5))
    entry = make_entry(simulator, [team_subentry()])
    await set_up(hass, entry)
    (key,) = entry.subentries
    await wait_for(hass, lambda: match_device(hass, TEAM_MATCH) is not None)
    assert device_subentries(hass, TEAM_MATCH, entry.entry_id) == {key}

    def entities() -> list[er.RegistryEntry]:
        device = match_device(hass, TEAM_MATCH)
        assert device is not None
        registry = er.async_get(hass)
        return er.async_entries_for_device(registry, device.id, include_disabled_entities=True)

    # The match's entities are added once the catalog has named it.
    await wait_for(hass, lambda: bool(entities()))
    assert {e.config_subentry_id for e in entities()} == {key}

    hass.config_entries.async_update_entry(entry, options={"match_ids": [TEAM_MATCH]})
    await hass.async_block_till_done()
    assert device_subentries(hass, TEAM_MATCH, entry.entry_id) == {None}
    hass.config_entries.async_update_entry(entry, options={"match_ids": []})
    await hass.async_block_till_done()
    assert device_subentries(hass, TEAM_MATCH, entry.entry_id) == {key}
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len([d for d in devices if (DOMAIN, str(TEAM_MATCH)) in d.identifiers]) == 1
