"""Offline versions of what hassfest and the HACS action check, and the release's bookkeeping.

Both run on GitHub (.github/workflows/validate.yaml), not here; these tests catch the same
mistakes before a push. hassfest's rules are transcribed from script/hassfest (manifest.py,
translations.py, icons.py) as it runs for a custom integration, HACS's from its manifest schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import importlib
from importlib.machinery import SourceFileLoader
import importlib.util
import json
from pathlib import Path
import re
from types import ModuleType
from typing import Any

from homeassistant.helpers.entity import EntityDescription
from PIL import Image
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "custom_components" / "sportrix"
MANIFEST = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
HACS = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
STRINGS = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
TRANSLATION_FILES = [INTEGRATION / "strings.json", *sorted(INTEGRATION.glob("translations/*.json"))]

# script/hassfest/translations.py: RE_URL, and the error it raises for a match.
RE_URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)
RE_SINGLE_QUOTED_PLACEHOLDER = re.compile(r"'{\w+}'")
RE_COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")
RE_HTML = re.compile(r"<[a-z/!][^>]*>", re.IGNORECASE)
# script/hassfest/manifest.py
INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service", "system"}
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
# HACS's hacs.json schema (hacs/integration, validate/schemas.py): anything else is refused.
HACS_KEYS = {
    "content_in_root",
    "country",
    "filename",
    "hacs",
    "hide_default_branch",
    "homeassistant",
    "name",
    "persistent_directory",
    "render_readme",
    "zip_release",
}
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# Imported while the tests are collected: a Home Assistant test fixture later puts its own
# custom_components package in place of this repository's.
PLATFORM_MODULES = {
    name: importlib.import_module(f"custom_components.sportrix.{name}")
    for name in ("sensor", "event")
}


def strings_of(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield every string in a translation tree with its dotted path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_of(item, f"{path}.{key}" if path else key)


def url_errors(translations: object) -> list[str]:
    """Return where a translation tree holds a URL, as hassfest reports it."""
    return [
        f"the string should not contain URLs, please use description placeholders instead at "
        f"'{path}'"
        for path, text in strings_of(translations)
        if RE_URL.search(text)
    ]


def load_translations_script() -> ModuleType:
    """Import scripts/translations, which writes en.json from strings.json."""
    path = ROOT / "scripts" / "translations"
    loader = SourceFileLoader("sportrix_translations_script", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def collect_descriptions(module: ModuleType) -> list[EntityDescription]:
    """Return the entity descriptions a platform module defines, however it groups them."""
    found: dict[int, EntityDescription] = {}

    def walk(value: object, depth: int) -> None:
        if isinstance(value, EntityDescription):
            found.setdefault(id(value), value)
        elif depth < 3 and isinstance(value, Mapping):
            for item in value.values():
                walk(item, depth + 1)
        elif depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
            for item in value:
                walk(item, depth + 1)

    for value in vars(module).values():
        walk(value, 0)
    return list(found.values())


def test_manifest_keys_are_in_hassfest_order_and_complete() -> None:
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert MANIFEST["domain"] == INTEGRATION.name
    # A custom integration must carry a version; HACS shows it to users.
    assert VERSION.match(MANIFEST["version"])
    assert MANIFEST["integration_type"] in INTEGRATION_TYPES
    assert MANIFEST["iot_class"] in IOT_CLASSES
    for key in ("codeowners", "documentation", "issue_tracker", "requirements"):
        assert key in MANIFEST, key
    assert all(owner.startswith("@") for owner in MANIFEST["codeowners"])
    if MANIFEST.get("config_flow"):
        assert (INTEGRATION / "config_flow.py").exists()
        assert "config" in STRINGS


def test_hacs_json_has_only_known_keys() -> None:
    assert set(HACS) <= HACS_KEYS
    assert HACS["name"] == MANIFEST["name"]
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", HACS["homeassistant"])


def test_english_translation_is_strings_json_resolved() -> None:
    script = load_translations_script()
    expected = json.loads(
        (INTEGRATION / "strings.json").read_text(encoding="utf-8"),
        object_hook=lambda d: {
            key: script.resolve(value) if isinstance(value, str) else value
            for key, value in d.items()
        },
    )
    english = json.loads((INTEGRATION / "translations" / "en.json").read_text(encoding="utf-8"))
    assert english == expected, "translations/en.json is out of date: run scripts/translations"


@pytest.mark.parametrize("path", TRANSLATION_FILES, ids=lambda path: path.name)
def test_translations_pass_hassfest_string_rules(path: Path) -> None:
    translations = json.loads(path.read_text(encoding="utf-8"))
    assert url_errors(translations) == []
    for where, text in strings_of(translations):
        assert not RE_HTML.search(text), f"HTML at {where}"
        assert not RE_SINGLE_QUOTED_PLACEHOLDER.search(text), f"quoted placeholder at {where}"
        assert not RE_COMBINED_REFERENCE.search(text), f"combined reference at {where}"
        assert text == text.strip(), f"leading or trailing space at {where}"


def test_the_url_rule_catches_what_hassfest_refused() -> None:
    old = {
        "config": {
            "error": {
                "invalid_url": "Enter complete addresses, for example "
                "wss://scores.sportrixdata.com/v1/stream for the stream and "
                "https://api.sportrixdata.com/api for the REST API."
            }
        }
    }
    assert url_errors(old) == [
        (
            "the string should not contain URLs, please use description placeholders instead at "
            "'config.error.invalid_url'"
        )
    ]
    # hassfest's pattern names its schemes: ws:// and wss:// pass, as in insecure_url.
    assert url_errors({"ok": "Use wss:// or ws://127.0.0.1 addresses."}) == []


@pytest.mark.parametrize("platform", PLATFORM_MODULES)
def test_every_entity_description_is_translated(platform: str) -> None:
    descriptions = collect_descriptions(PLATFORM_MODULES[platform])
    assert descriptions, f"{platform}.py defines no entity description"
    translated: dict[str, Any] = STRINGS["entity"].get(platform, {})
    for description in descriptions:
        key = description.translation_key
        if key is None:
            continue
        assert key in translated, f"{platform} translation_key {key!r} has no name"
        assert "name" in translated[key], f"{platform} {key!r}"
        states = translated[key].get("state", {})
        for option in getattr(description, "options", None) or ():
            assert option in states, f"sensor {key!r} state {option!r} is not translated"
        event_states = (
            translated[key].get("state_attributes", {}).get("event_type", {}).get("state", {})
        )
        for event_type in getattr(description, "event_types", None) or ():
            assert event_type in event_states, f"event {key!r} type {event_type!r}"


def test_every_icon_is_a_material_design_icon() -> None:
    icons = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))
    found = list(strings_of(icons))
    assert found
    for where, icon in found:
        assert icon.startswith("mdi:"), f"{where}: {icon}"
    for platform, keys in icons.get("entity", {}).items():
        for key in keys:
            assert key in STRINGS["entity"].get(platform, {}), f"icon for unknown {platform}.{key}"


def icons_same_as_default(icons: object, path: str = "") -> list[str]:
    """Return every state icon that repeats its sibling default, as hassfest refuses it."""
    if not isinstance(icons, dict):
        return []
    errors: list[str] = []
    default, states = icons.get("default"), icons.get("state")
    if default and isinstance(states, dict):
        errors.extend(
            f"The icon for state `{path}.{state}` is the same as the default icon and thus "
            "can be removed"
            for state, icon in states.items()
            if icon == default
        )
    for key, value in icons.items():
        errors.extend(icons_same_as_default(value, f"{path}.{key}" if path else key))
    return errors


def test_no_state_icon_repeats_its_default() -> None:
    icons = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))
    assert icons_same_as_default(icons) == []


def test_the_default_icon_rule_catches_what_hassfest_refused() -> None:
    old = {
        "entity": {
            "event": {
                "wicket": {
                    "default": "mdi:cricket",
                    "state_attributes": {
                        "event_type": {
                            "default": "mdi:cricket",
                            "state": {"wicket": "mdi:cricket", "wicket_lost": "mdi:alert"},
                        }
                    },
                }
            },
            "sensor": {"status": {"default": "mdi:flag", "state": {"ft": "mdi:flag"}}},
        }
    }
    repeated = "is the same as the default icon and thus can be removed"
    assert icons_same_as_default(old) == [
        f"The icon for state `entity.event.wicket.state_attributes.event_type.wicket` {repeated}",
        f"The icon for state `entity.sensor.status.ft` {repeated}",
    ]


def test_every_event_type_is_named_and_has_an_icon() -> None:
    """Each event type of each event entity, a team's built per sport included, is shown well."""
    icons = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))["entity"]
    teams = importlib.import_module("custom_components.sportrix.teams")
    team_types = {t for sport in ("soccer", "cricket") for t in teams.team_event_types(sport)}
    by_key = {
        d.translation_key: set(d.event_types)
        for d in collect_descriptions(PLATFORM_MODULES["event"])
        if d.translation_key
    } | {"team": team_types}
    for key, event_types in by_key.items():
        named = STRINGS["entity"]["event"][key]["state_attributes"]["event_type"]["state"]
        event_type_icons = icons["event"][key]["state_attributes"]["event_type"]
        # A type without an icon of its own shows the default: hassfest refuses a repeat of it.
        assert event_type_icons.get("default"), f"event {key!r} has no default icon"
        shown = event_type_icons.get("state", {})
        for event_type in event_types:
            assert event_type in named, f"event {key!r} type {event_type!r} has no name"
        assert set(shown) <= set(event_types), f"event {key!r}: icons for unknown types"


# Home Assistant's brand rules: the icon square, the logo's shortest side within these bounds.
BRAND_SIZES: dict[str, tuple[int, int] | range] = {
    "icon.png": (256, 256),
    "icon@2x.png": (512, 512),
    "logo.png": range(128, 257),
    "logo@2x.png": range(256, 513),
    "dark_icon.png": (256, 256),
    "dark_icon@2x.png": (512, 512),
    "dark_logo.png": range(128, 257),
    "dark_logo@2x.png": range(256, 513),
}
REQUIRED_BRAND = ("icon.png", "icon@2x.png", "logo.png", "logo@2x.png")


def test_brand_images_exist_at_their_sizes() -> None:
    brand = INTEGRATION / "brand"
    present = {path.name for path in brand.iterdir()}
    assert set(REQUIRED_BRAND) <= present
    assert present <= set(BRAND_SIZES), f"unexpected files in brand/: {present - set(BRAND_SIZES)}"
    for name in present:
        with Image.open(brand / name) as image:
            assert image.format == "PNG", name
            assert image.mode == "RGBA", f"{name} has no transparency"
            rule = BRAND_SIZES[name]
            if isinstance(rule, range):
                assert min(image.size) in rule, f"{name} is {image.size}"
            else:
                assert image.size == rule, f"{name} is {image.size}"
            # Trimmed: the artwork reaches the edges, as the brands repository asks.
            assert image.getbbox() == (0, 0, *image.size), f"{name} has an empty margin"


def test_manifest_version_has_a_changelog_entry() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", changelog, re.MULTILINE)
    assert versions, "CHANGELOG.md lists no release"
    # The newest entry is the release the manifest announces.
    assert versions[0] == MANIFEST["version"]


def test_readme_shows_the_hacs_and_minimum_home_assistant_badges() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "img.shields.io/badge/HACS-Custom" in readme
    minimum = HACS["homeassistant"]
    assert f"Home%20Assistant-{minimum.replace('-', '--')}" in readme


def test_workflows_run_hacs_hassfest_and_the_suite_on_each_python() -> None:
    workflows = ROOT / ".github" / "workflows"
    steps = [
        step
        for path in workflows.glob("*.yaml")
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
        for step in job["steps"]
    ]
    uses = {str(step.get("uses", "")).partition("@")[0]: step for step in steps}
    assert uses["hacs/action"]["with"]["category"] == "integration"
    assert "home-assistant/actions/hassfest" in uses
    assert any(step.get("run") == "scripts/test" for step in steps)
    tests = yaml.safe_load((workflows / "tests.yaml").read_text(encoding="utf-8"))
    assert tests["jobs"]["test"]["strategy"]["matrix"]["python"] == ["3.13", "3.14"]
