"""The browser test's automation on a device trigger: what it picks and how it reads the runs."""

import json

import pytest

from custom_components.sportrix import device_trigger
from scripts.dev_stack.haconfig import REPO_ROOT

# The browser test's module needs Playwright, which the e2e's own venv holds, not every test venv.
e2e = pytest.importorskip("scripts.dev_stack.e2e", exc_type=ImportError)


def test_the_trigger_picked_in_the_editor_is_the_home_goal_one() -> None:
    strings = json.loads((REPO_ROOT / "custom_components/sportrix/strings.json").read_text())
    names = strings["device_automation"]["trigger_type"]
    assert names[device_trigger.GOAL_HOME] == e2e.HOME_GOAL_TRIGGER
    assert device_trigger.GOAL_HOME in device_trigger.MATCH_TRIGGERS["soccer"]


def test_a_run_is_matched_to_its_goal_by_the_score() -> None:
    event = {"team": "home", "score": {"home": 2, "away": 1}}
    assert e2e.same_score(event, {"home": 2, "away": 1, "overs": None})
    assert not e2e.same_score(event, {"home": 3, "away": 1})
    assert not e2e.same_score({"team": "home", "score": {"home": 2}}, {"home": 2, "away": 1})


@pytest.mark.parametrize(
    ("version", "editor"),
    [("2025.4.4", False), ("2026.11.0", True)],
)
def test_the_editor_route_is_taken_from_the_first_search_dialog_release(
    monkeypatch: pytest.MonkeyPatch, version: str, editor: bool
) -> None:
    monkeypatch.setattr(e2e, "HA_VERSION", version)
    assert e2e.release_at_least(e2e.SEARCH_DIALOG_EDITOR) is editor
