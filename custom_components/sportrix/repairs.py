"""Repair issues: a match whose sport the key does not include, and a key that only polls."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .followed import FollowedMatch


def issue_id(match_id: int) -> str:
    """Return the repair issue id for a match whose sport is not enabled."""
    return f"sport_not_enabled_{match_id}"


def create_sport_issue(hass: HomeAssistant, match: FollowedMatch) -> None:
    """Tell the user that the match's sport is not enabled for the key."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(match.match_id),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="sport_not_enabled",
        translation_placeholders={"match": match.name, "match_id": str(match.match_id)},
    )


def delete_sport_issue(hass: HomeAssistant, match_id: int) -> None:
    """Remove the match's repair issue, if it has one."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(match_id))


def create_polling_issue(hass: HomeAssistant, entry_id: str, title: str, interval: int) -> None:
    """Tell the user, once and dismissibly, what the stream would add to a polling key."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"polling_{entry_id}",
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="polling",
        translation_placeholders={"entry": title, "interval": str(interval)},
    )


def delete_polling_issue(hass: HomeAssistant, entry_id: str) -> None:
    """Remove the polling issue: the key streams now, or the entry is gone."""
    ir.async_delete_issue(hass, DOMAIN, f"polling_{entry_id}")
