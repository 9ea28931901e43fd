"""Every blueprint passes Home Assistant's blueprint schema and uses exactly the inputs it asks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import HomeAssistant
from homeassistant.helpers import selector
from homeassistant.util import yaml as yaml_util
import pytest

from .conftest import BLUEPRINT_FILES, BLUEPRINTS

REPOSITORY = "https://github.com/sportrix-live-scores/ha-sportrix/blob/main/"
EXPECTED = {
    "full_time_announcement.yaml",
    "goal_horn.yaml",
    "goal_lights.yaml",
    "goal_notification.yaml",
    "kick_off_reminder.yaml",
    "wicket_notification.yaml",
    "whats_the_score.yaml",
}


def test_every_blueprint_is_tested() -> None:
    assert set(BLUEPRINT_FILES) == EXPECTED


def referenced_inputs(node: Any) -> set[str]:
    """Return the names of the inputs a blueprint's body refers to with !input."""
    if isinstance(node, yaml_util.Input):
        return {node.name}
    if isinstance(node, dict):
        return set().union(*(referenced_inputs(v) for v in node.values()), set())
    if isinstance(node, list):
        return set().union(*(referenced_inputs(v) for v in node), set())
    return set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_blueprint_is_valid(hass: HomeAssistant, config_dir: Path, name: str) -> None:
    # Loaded as Home Assistant loads an imported blueprint: from the config folder, through
    # the automation's blueprint schema.
    blueprint = await async_get_blueprints(hass).async_get_blueprint(f"sportrix/{name}")

    # Nothing past the oldest supported release, which the blueprint says it needs.
    assert blueprint.validate() is None
    assert blueprint.domain == "automation"
    meta = blueprint.metadata
    assert meta["homeassistant"]["min_version"] == "2025.4.0"
    assert meta["source_url"] == f"{REPOSITORY}blueprints/automation/sportrix/{name}"
    assert meta["author"]
    assert meta["name"].startswith("Sportrix - ")
    raw = yaml_util.load_yaml_dict(BLUEPRINTS / name)
    body = {k: v for k, v in raw.items() if k != "blueprint"}
    assert set(blueprint.inputs) == referenced_inputs(body)
    # The current keys, not the ones before 2024.10.
    assert {"triggers", "actions"} <= set(body)
    assert not {"trigger", "condition", "action"} & set(body)


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_input_defaults_fit_their_selectors(
    hass: HomeAssistant, config_dir: Path, name: str
) -> None:
    blueprint = await async_get_blueprints(hass).async_get_blueprint(f"sportrix/{name}")

    for key, spec in blueprint.inputs.items():
        default = (spec or {}).get("default")
        # An empty default stands for "not chosen", which the blueprint itself checks.
        if default in (None, "", []):
            continue
        assert selector.selector(spec["selector"])(default) is not None, key
