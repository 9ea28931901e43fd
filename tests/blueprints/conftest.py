"""Fixtures for the automation blueprints: a config folder holding them, and sportrix devices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
import shutil
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

ROOT = Path(__file__).resolve().parents[2]
BLUEPRINTS = ROOT / "blueprints" / "automation" / "sportrix"
BLUEPRINT_FILES = sorted(p.name for p in BLUEPRINTS.glob("*.yaml"))

# The demo teams and matches the tests fire events for.
TACOMA = "Tacoma Defiance"
VENTURA = "Ventura County FC"
INDIA = "India"
AUSTRALIA = "Australia"
# A notification blueprint's "other notification actions": one of the user's own, given the
# title and message the blueprint wrote.
OWN_ACTIONS = [
    {"action": "notify.family", "data": {"title": "{{ title }}", "message": "{{ message }}"}}
]


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Point the configuration at a temporary folder holding the blueprints, as an import would.

    The default test configuration lives inside the installed test package: never write there.
    """
    hass.config.config_dir = str(tmp_path)
    target = tmp_path / "blueprints" / "automation" / "sportrix"
    target.mkdir(parents=True)
    for name in BLUEPRINT_FILES:
        shutil.copy(BLUEPRINTS / name, target / name)
    return tmp_path


@pytest.fixture
def sportrix_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Return a sportrix config entry that owns devices; the integration itself is not loaded."""
    entry = MockConfigEntry(domain="sportrix", title="Sportrix")
    entry.add_to_hass(hass)
    return entry


@pytest.fixture
def make_device(
    hass: HomeAssistant, sportrix_entry: MockConfigEntry
) -> Callable[[str, str, str], str]:
    """Return a maker of sportrix devices (a team or a match), giving the device id."""

    def make(identifier: str, name: str, model: str) -> str:
        device = dr.async_get(hass).async_get_or_create(
            config_entry_id=sportrix_entry.entry_id,
            identifiers={("sportrix", identifier)},
            name=name,
            model=model,
            manufacturer="Sportrix Data",
            entry_type=dr.DeviceEntryType.SERVICE,
        )
        return device.id

    return make


@pytest.fixture
async def use_blueprint(
    hass: HomeAssistant, config_dir: Path
) -> AsyncIterator[Callable[[str, Mapping[str, Any]], Any]]:
    """Return a setter-up of one automation made from a blueprint with the given inputs.

    The automations are turned off afterwards, which takes their triggers' timers away.
    """

    async def setup(name: str, inputs: Mapping[str, Any]) -> None:
        await set_up_automations(hass, {name: inputs})

    yield setup
    if "automation" in hass.config.components:
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


def goal(
    device_id: str,
    home: str,
    away: str,
    side: str,
    score: tuple[int, int],
    **extra: Any,
) -> dict[str, Any]:
    """Return the data of a sportrix_goal bus event."""
    return {
        "device_id": device_id,
        "match_id": 41320,
        "sport": "soccer",
        "home": home,
        "away": away,
        "event_type": "goal",
        "team": side,
        "team_name": home if side == "home" else away,
        "score": {"home": score[0], "away": score[1]},
        "minute": "23",
        "delayed": False,
        **extra,
    }


class Recorded(list[ServiceCall]):
    """The calls of one test service, with a wait for the next one."""

    def __init__(self, hass: HomeAssistant, domain: str, service: str) -> None:
        """Register the service."""
        super().__init__()
        self._called = asyncio.Event()
        hass.services.async_register(domain, service, self._record)

    async def _record(self, call: ServiceCall) -> None:
        """Keep the call and wake whoever waits for it."""
        self.append(call)
        self._called.set()

    async def wait(self, count: int) -> None:
        """Wait, at most five seconds, until the service has been called count times."""
        async with asyncio.timeout(5):
            while len(self) < count:
                self._called.clear()
                await self._called.wait()


async def set_up_automations(hass: HomeAssistant, uses: Mapping[str, Mapping[str, Any]]) -> None:
    """Set up one automation per blueprint, named after it, and check each is on."""
    config = {
        "automation": [
            {
                "alias": name.removesuffix(".yaml"),
                "use_blueprint": {"path": f"sportrix/{name}", "input": dict(inputs)},
            }
            for name, inputs in uses.items()
        ]
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    for name in uses:
        state = hass.states.get(f"automation.{name.removesuffix('.yaml')}")
        assert state is not None, f"{name} did not set up"
        assert state.state == "on", f"{name} is {state.state}"


@pytest.fixture
def phone(hass: HomeAssistant) -> str:
    """Create a companion app device; its notify action is notify.mobile_app_<name>."""
    entry = MockConfigEntry(domain="mobile_app", title="Pixel 9")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "abc")}, name="Pixel 9"
    )
    return device.id


@pytest.fixture
def pushes(hass: HomeAssistant) -> list[Any]:
    """Record the phone's notifications."""
    return async_mock_service(hass, "notify", "mobile_app_pixel_9")
