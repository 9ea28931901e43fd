"""quality_scale.yaml names every rule hassfest knows; its triggers and conditions claims hold.

The rule names are transcribed from script/hassfest/quality_scale.py (ALL_RULES), with the
Bronze documentation rules for triggers and conditions that the scale gained in 2026.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
import re

import yaml

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "custom_components" / "sportrix"
RULES = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8"))["rules"]
STRINGS = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Imported while the tests are collected, as in test_hassfest.py.
DEVICE_TRIGGER = importlib.import_module("custom_components.sportrix.device_trigger")

ALL_RULES = {
    # Bronze
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow",
    "config-flow-test-coverage",
    "dependency-transparency",
    "docs-actions",
    "docs-conditions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-triggers",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
    # Silver
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
    # Gold
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
    # Platinum
    "async-dependency",
    "inject-websession",
    "strict-typing",
}


def status(rule: str) -> str:
    """Return a rule's status, written either alone or with a comment."""
    value = RULES[rule]
    return value if isinstance(value, str) else value["status"]


def readme_section(heading: str) -> str:
    """Return a README section's text, up to the next heading of the same level or above."""
    level = heading.split(" ", 1)[0]
    text = README.partition(f"\n{heading}\n")[2]
    assert text, f"README.md has no {heading!r}"
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", text, re.MULTILINE)]
    return text[: ends[0]] if ends else text


def test_every_rule_is_named_once_with_a_known_status() -> None:
    assert set(RULES) == ALL_RULES
    for rule, value in RULES.items():
        assert status(rule) in {"done", "exempt", "todo"}, rule
        if status(rule) == "exempt":
            # hassfest refuses an exemption without a reason.
            assert isinstance(value, dict), rule
            assert str(value.get("comment", "")).strip(), f"{rule} is exempt without a reason"


def test_docs_triggers_the_readme_documents_every_device_trigger() -> None:
    assert status("docs-triggers") == "done"
    names = STRINGS["device_automation"]["trigger_type"]
    assert set(names) == set(DEVICE_TRIGGER.TRIGGER_TYPES)
    section = readme_section("### Device triggers")
    for trigger_type, name in names.items():
        # Each type by the name the editor shows and the type YAML takes.
        assert re.search(rf"^\| {re.escape(name)} \| `{trigger_type}` \|", section, re.MULTILINE), (
            f"README's Device triggers table has no row for {name} (`{trigger_type}`)"
        )
    # How to use them: from the UI, and in YAML.
    assert "Add trigger" in section
    assert "trigger: device" in section
    assert "domain: sportrix" in section


def test_docs_conditions_is_exempt_because_there_are_no_conditions() -> None:
    assert status("docs-conditions") == "exempt"
    for module in ("device_condition.py", "condition.py", "conditions.yaml"):
        assert not (INTEGRATION / module).exists(), f"{module} exists: document its conditions"
    assert "condition_type" not in STRINGS.get("device_automation", {})
    assert "conditions" not in STRINGS
    assert "adds no conditions" in readme_section("### Conditions")
