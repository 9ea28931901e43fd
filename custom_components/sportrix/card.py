"""The match card: served by the integration and loaded on every dashboard, nothing to install."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import (  # type: ignore[attr-defined,unused-ignore]
    StaticPathConfig,  # newer releases define it in http.server and import it here
)
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

# The card's files: a module for the element and one for its pure logic, which it imports.
FRONTEND_DIR: Final = Path(__file__).parent / "frontend"
URL_BASE: Final = f"/{DOMAIN}/frontend"
CARD_MODULE: Final = "sportrix-match-card.js"
# The URL the dashboards load, once per Home Assistant whatever the number of entries.
DATA_CARD_URL: HassKey[str] = HassKey(f"{DOMAIN}_card_url")


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card's files and have every dashboard load it, the first time only."""
    # Home Assistant sets its frontend up before any integration; a test may run without one.
    if DATA_CARD_URL in hass.data or "frontend" not in hass.config.components:
        return
    # Taken before waiting: two entries set up at once register the card once.
    hass.data[DATA_CARD_URL] = ""
    integration = await async_get_integration(hass, DOMAIN)
    # Not cached for long: the version in the URL is what makes an update load the new card.
    await hass.http.async_register_static_paths(
        [StaticPathConfig(URL_BASE, str(FRONTEND_DIR), cache_headers=False)]
    )
    url = f"{URL_BASE}/{CARD_MODULE}?v={integration.version}"
    add_extra_js_url(hass, url)
    hass.data[DATA_CARD_URL] = url
