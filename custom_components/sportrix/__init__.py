"""The Sportrix Live Scores integration."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry

from .card import async_register_card
from .const import (
    CONF_BROADCAST_DELAY,
    CONF_MATCH_IDS,
    CONF_POLL_INTERVAL,
    DOMAIN,
)
from .coordinator import SportrixConfigEntry, SportrixCoordinator
from .devices import rename_entry_device
from .repairs import delete_polling_issue, delete_sport_issue
from .subentries import subentries_signature

PLATFORMS = [
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SENSOR,
]


async def async_setup_entry(hass: HomeAssistant, entry: SportrixConfigEntry) -> bool:
    """Connect to the stream and set up the match entities."""
    await async_register_card(hass)
    coordinator = SportrixCoordinator(hass, entry)
    try:
        await coordinator.async_start()
    except BaseException:
        await coordinator.async_shutdown()
        raise
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_shutdown)

    async def stop(_event: Event) -> None:
        await coordinator.async_shutdown()

    entry.async_on_unload(hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, stop))
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def _async_entry_updated(hass: HomeAssistant, entry: SportrixConfigEntry) -> None:
    """Reload for a new key or server; apply a new name, matches, teams and competitions live."""
    coordinator = entry.runtime_data
    # The user renamed the entry: its device, which holds the delay and calendar, follows.
    rename_entry_device(hass, entry)
    if dict(entry.data) != coordinator.settings:
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    following = coordinator.following
    if subentries_signature(entry) != following.subentries:
        # A team or competition added or deleted: no reload, the stream and its matches go on.
        following.async_set_interests(entry)
    following.async_set_listed(entry.options.get(CONF_MATCH_IDS, []))
    coordinator.async_set_delay(entry.options.get(CONF_BROADCAST_DELAY, 0))
    if (poller := coordinator.connection.poller) is not None and (
        seconds := entry.options.get(CONF_POLL_INTERVAL)
    ):
        poller.interval = timedelta(seconds=seconds)


async def async_unload_entry(hass: HomeAssistant, entry: SportrixConfigEntry) -> bool:
    """Unload the platforms; the stream stops through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: SportrixConfigEntry) -> None:
    """Delete the repair issues of a removed entry's matches."""
    for match_id in entry.options.get(CONF_MATCH_IDS, []):
        delete_sport_issue(hass, match_id)
    delete_polling_issue(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SportrixConfigEntry, device: DeviceEntry
) -> bool:
    """Stop following a listed match when the user deletes its device.

    A team's device goes with its team (deleted on the integration's page), and a match a team
    or competition brings would only come back: those devices cannot be deleted alone.
    """
    match_ids = [
        int(identifier)
        for domain, identifier in device.identifiers
        if domain == DOMAIN and identifier.isdigit()
    ]
    listed: list[int] = entry.options.get(CONF_MATCH_IDS, [])
    coordinator = getattr(entry, "runtime_data", None)
    brought = set(coordinator.following.brought) if coordinator is not None else set()
    if not match_ids or any(m in brought and m not in listed for m in match_ids):
        return False
    followed = [m for m in entry.options.get(CONF_MATCH_IDS, []) if m not in match_ids]
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_MATCH_IDS: followed}
    )
    return True
