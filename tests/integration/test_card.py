"""The match card: served by the integration and loaded on every dashboard."""

from http import HTTPStatus
import json
from pathlib import Path

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sportrix.card import CARD_MODULE, DATA_CARD_URL, FRONTEND_DIR, URL_BASE

MANIFEST = json.loads((FRONTEND_DIR.parent / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
async def frontend(hass: HomeAssistant, tmp_path: Path) -> None:
    """Set up Home Assistant's frontend, its own files replaced by empty folders."""
    root = tmp_path / "hass_frontend"
    for folder in ("static/icons", "static/images", "frontend_latest", "frontend_es5"):
        (root / folder).mkdir(parents=True)
    config = {"frontend": {"development_repo": str(tmp_path)}}
    assert await async_setup_component(hass, "frontend", config)


@pytest.mark.usefixtures("frontend")
async def test_every_dashboard_loads_the_card_of_this_version(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The card's module is served, and listed for the dashboards with the version in its URL."""
    url = f"{URL_BASE}/{CARD_MODULE}?v={MANIFEST['version']}"
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({url})
    client = await hass_client()
    for module in sorted(path.name for path in FRONTEND_DIR.glob("*.*js")):
        response = await client.get(f"{URL_BASE}/{module}")
        assert response.status == HTTPStatus.OK, module
        assert response.content_type == "text/javascript"
        assert await response.text() == (FRONTEND_DIR / module).read_text(encoding="utf-8")


def test_the_served_javascript_keeps_to_its_budget() -> None:
    """The card is a few plain modules with no build: under 80 KB as served."""
    assert sum(path.stat().st_size for path in FRONTEND_DIR.glob("*.*js")) < 80_000


@pytest.mark.usefixtures("frontend")
async def test_the_card_is_registered_once_per_home_assistant(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An entry set up again leaves the one URL as it was, and registers no route again."""
    url = hass.data[DATA_CARD_URL]
    routes = len(hass.http.app.router.routes())
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({url})
    assert len(hass.http.app.router.routes()) == routes


async def test_without_a_frontend_nothing_is_registered(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Only a test runs without Home Assistant's frontend: the entry still sets up."""
    assert DATA_CARD_URL not in hass.data
    assert DATA_EXTRA_MODULE_URL not in hass.data
