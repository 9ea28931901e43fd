"""The device of each followed match: created, renamed, and removed when no longer followed."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN, MANUFACTURER
from .followed import FollowedMatch

MODELS = {"soccer": "Soccer match", "cricket": "Cricket match"}


def update_device(hass: HomeAssistant, entry_id: str, match: FollowedMatch) -> None:
    """Create or rename the match's device and remember its id."""
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry_id,
        identifiers={(DOMAIN, str(match.match_id))},
        name=match.name,
        manufacturer=MANUFACTURER,
        model=MODELS.get(match.sport or "", "Match"),
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    match.device_id = device.id


def remove_device(hass: HomeAssistant, entry_id: str, match: FollowedMatch) -> None:
    """Take an unfollowed match's device away from the entry."""
    if match.device_id is not None and dr.async_get(hass).async_get(match.device_id):
        _detach(hass, entry_id, match.device_id)


def team_identifier(key: str) -> tuple[str, str]:
    """Return the device identifier of a followed team (its subentry's id)."""
    return (DOMAIN, f"team_{key}")


def remove_stale_devices(hass: HomeAssistant, entry: ConfigEntry, followed: list[int]) -> None:
    """Drop the devices of matches no longer followed; followed teams' devices stay."""
    wanted = {(DOMAIN, str(match_id)) for match_id in followed}
    wanted |= {team_identifier(key) for key in entry.subentries}
    for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id):
        if not device.identifiers & wanted:
            _detach(hass, entry.entry_id, device.id)


def _detach(hass: HomeAssistant, entry_id: str, device_id: str) -> None:
    """Take a device away from the entry; the registry deletes it once no entry has it."""
    dr.async_get(hass).async_update_device(device_id, remove_config_entry_id=entry_id)
