"""The device of each followed match: created, renamed, placed in its subentry, and removed."""

from __future__ import annotations

import inspect
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .const import DOMAIN, MANUFACTURER
from .followed import FollowedMatch

MODELS = {"soccer": "Soccer match", "cricket": "Cricket match"}


def team_identifier(key: str) -> tuple[str, str]:
    """Return the device identifier of a followed team (its subentry's id)."""
    return (DOMAIN, f"team_{key}")


def entry_identifier(entry_id: str) -> tuple[str, str]:
    """Return the device identifier of an entry: its connection, delay and calendar."""
    return (DOMAIN, f"entry_{entry_id}")


def entry_device_info(entry: ConfigEntry) -> dr.DeviceInfo:
    """Return the entry's own device, named as the user named the entry.

    It is the one service here: the connection to Sportrix Data, with the entry's delay and
    calendar, so that two entries can be told apart on the integration's page.
    """
    return dr.DeviceInfo(
        identifiers={entry_identifier(entry.entry_id)},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model="Live scores",
        entry_type=dr.DeviceEntryType.SERVICE,
    )


def rename_entry_device(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Give the entry's device the entry's new title (a name the user set stays theirs)."""
    registry = dr.async_get(hass)
    identifier = entry_identifier(entry.entry_id)
    # Looked up among the entry's devices: identifiers alone are not unique across entries.
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if identifier in device.identifiers and device.name != entry.title:
            registry.async_update_device(device.id, name=entry.title)


def match_identifier(match_id: int) -> tuple[str, str]:
    """Return the device identifier of a match."""
    return (DOMAIN, str(match_id))


def update_device(hass: HomeAssistant, entry_id: str, match: FollowedMatch) -> None:
    """Create, rename and place the match's device; remember its id."""
    registry = dr.async_get(hass)
    model = MODELS.get(match.sport or "", "Match")
    device = _find(registry, entry_id, match)
    if device is None:
        device = registry.async_get_or_create(
            config_entry_id=entry_id,
            config_subentry_id=match.owner,
            identifiers={match_identifier(match.match_id)},
            name=match.name,
            manufacturer=MANUFACTURER,
            model=model,
        )
    else:
        # Until the catalog or the stream names the match again (after a restart with the
        # catalog down), the device keeps the name and sport it learned: never "Match 41282".
        name = match.name if match.home and match.away else device.name or match.name
        model = model if match.sport in MODELS else device.model or model
        # Earlier releases made matches services; the integration page counts them as devices.
        if device.name != name or device.model != model or device.entry_type is not None:
            device = (
                registry.async_update_device(device.id, name=name, model=model, entry_type=None)
                or device
            )
    _place(hass, entry_id, device, match.owner)
    match.device_id = device.id


def _find(
    registry: dr.DeviceRegistry, entry_id: str, match: FollowedMatch
) -> dr.DeviceEntry | None:
    """Return the entry's device of a match, if it has one."""
    device = registry.async_get(match.device_id) if match.device_id is not None else None
    # Newer releases also hold child devices; a match's device is never one.
    if isinstance(device, dr.DeviceEntry):
        return device if belongs_to(device, entry_id) else None
    identifier = match_identifier(match.match_id)
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(registry, entry_id)
            if identifier in device.identifiers
        ),
        None,
    )


def belongs_to(device: dr.DeviceEntry, entry_id: str) -> bool:
    """Tell whether a device is a config entry's, as this Home Assistant keeps that."""
    if _ONE_ENTRY_PER_DEVICE:
        owner: str = device.config_entry_id  # type: ignore[attr-defined,unused-ignore]
        return owner == entry_id
    return entry_id in device.config_entries


def remove_device(hass: HomeAssistant, match: FollowedMatch) -> None:
    """Remove an unfollowed match's device with its entities."""
    registry = dr.async_get(hass)
    if match.device_id is not None and registry.async_get(match.device_id) is not None:
        registry.async_remove_device(match.device_id)


def remove_stale_devices(hass: HomeAssistant, entry: ConfigEntry, followed: list[int]) -> None:
    """Remove the devices of matches no longer followed; the entry's and teams' devices stay."""
    wanted = {match_identifier(match_id) for match_id in followed}
    wanted |= {team_identifier(key) for key in entry.subentries}
    wanted.add(entry_identifier(entry.entry_id))
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not device.identifiers & wanted:
            registry.async_remove_device(device.id)


def _place(hass: HomeAssistant, entry_id: str, device: dr.DeviceEntry, owner: str | None) -> None:
    """Put a device and its entities in one subentry (None: the entry itself)."""
    registry = dr.async_get(hass)
    if _NEW_SUBENTRY_API:
        # Home Assistant 2026.8 and later: a device belongs to exactly one subentry.
        if getattr(device, "config_subentry_id", owner) != owner:
            move: dict[str, Any] = {"new_config_subentry_id": owner}
            registry.async_update_device(device.id, **move)
    else:
        current = device.config_entries_subentries.get(entry_id, set())
        if current != {owner}:
            # Added first: removing a device's last subentry would delete the device.
            registry.async_update_device(
                device.id, add_config_entry_id=entry_id, add_config_subentry_id=owner
            )
            for other in current - {owner}:
                registry.async_update_device(
                    device.id, remove_config_entry_id=entry_id, remove_config_subentry_id=other
                )
    entities = er.async_get(hass)
    for entity in er.async_entries_for_device(entities, device.id, include_disabled_entities=True):
        if entity.config_entry_id == entry_id and entity.config_subentry_id != owner:
            entities.async_update_entity(entity.entity_id, config_subentry_id=owner)


# Which device registry this Home Assistant has: moves are explicit since 2026.8.
_NEW_SUBENTRY_API = (
    "new_config_subentry_id" in inspect.signature(dr.DeviceRegistry.async_update_device).parameters
)
# Since 2026.10 a device belongs to one config entry, and reading its set of them is deprecated.
_ONE_ENTRY_PER_DEVICE = hasattr(dr.DeviceEntry, "config_entry_id")
