"""The demo stack's pure parts: requirements, configuration, config-flow answers, dashboard."""

from importlib.metadata import version
import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers.template import Template
from homeassistant.util.yaml import load_yaml
import pytest

from scripts.dev_stack import develop, requirements
from scripts.dev_stack.haconfig import INTEGRATION_SOURCE, write_configuration
from scripts.dev_stack.hass_api import HomeAssistantApiError
from scripts.dev_stack.provision import (
    AUTOMATIONS,
    GOAL_AUTOMATION_ID,
    WICKET_AUTOMATION_ID,
    DemoMatch,
    _fill_form,
    dashboard_config,
    goal_log_message,
    wicket_log_message,
)

SOCCER = DemoMatch(
    41282,
    "soccer",
    "Vancouver Whitecaps II vs The Town",
    {
        "score": "sensor.vancouver_whitecaps_ii_vs_the_town_score",
        "minute": "sensor.vancouver_whitecaps_ii_vs_the_town_minute",
        "status": "sensor.vancouver_whitecaps_ii_vs_the_town_status",
        "last_event": "sensor.vancouver_whitecaps_ii_vs_the_town_last_event",
        "goal": "event.vancouver_whitecaps_ii_vs_the_town_goal",
    },
)


def test_requirements_pin_the_frontend_of_the_installed_core() -> None:
    frontend = json.loads(
        (requirements.HA_PACKAGE / "components/frontend/manifest.json").read_text()
    )["requirements"]
    found = {str(req) for req in requirements.requirements()}
    assert set(frontend) <= found
    loaded = requirements.loaded_integrations()
    assert {"frontend", "recorder", "logbook", "automation", "sportrix", "lovelace"} <= loaded
    # Nothing that needs hardware.
    assert not {"bluetooth", "usb", "zeroconf", "ssdp", "dhcp"} & loaded


def test_fingerprint_names_the_installed_core() -> None:
    assert json.loads(requirements.fingerprint())["homeassistant"] == version("homeassistant")


def test_configuration_is_written_once_and_links_the_integration(tmp_path: Path) -> None:
    config = tmp_path / "config"
    assert write_configuration(config, host="127.0.0.1", port=18123)
    assert (config / "custom_components" / "sportrix").resolve() == INTEGRATION_SOURCE
    loaded = load_yaml(config / "configuration.yaml")
    assert isinstance(loaded, dict)
    assert loaded["http"] == {"server_host": "127.0.0.1", "server_port": 18123}
    assert "default_config" not in loaded
    assert loaded["automation"] == []
    (config / "configuration.yaml").write_text("# changed by hand\n")
    assert not write_configuration(config, host="127.0.0.1", port=9999)
    assert (config / "configuration.yaml").read_text() == "# changed by hand\n"


def test_fill_form_answers_fields_and_sections() -> None:
    schema = [
        {"name": "api_key", "type": "string"},
        {"name": "match_ids", "type": "string"},
        {
            "name": "advanced",
            "type": "expandable",
            "schema": [{"name": "stream_url"}, {"name": "api_url"}],
        },
    ]
    answers: dict[str, object] = {
        "api_key": "sk_demo_full",
        "match_ids": "41282, 50001",
        "stream_url": "ws://127.0.0.1:1/v1/stream",
        "api_url": "http://127.0.0.1:1/api",
    }
    assert _fill_form(schema, answers) == {
        "api_key": "sk_demo_full",
        "match_ids": "41282, 50001",
        "advanced": {
            "stream_url": "ws://127.0.0.1:1/v1/stream",
            "api_url": "http://127.0.0.1:1/api",
        },
    }
    with pytest.raises(HomeAssistantApiError, match="unknown field 'region'"):
        _fill_form([{"name": "region"}], answers)


def test_dashboard_shows_a_score_card_and_the_rows_that_exist() -> None:
    config = dashboard_config([SOCCER])
    (stack,) = config["views"][0]["cards"]  # type: ignore[index]
    score_card, rows_card = stack["cards"]
    assert score_card == {
        "type": "entity",
        "entity": "sensor.vancouver_whitecaps_ii_vs_the_town_score",
        "name": "Vancouver Whitecaps II vs The Town",
        "icon": "mdi:soccer",
    }
    assert [row["name"] for row in rows_card["entities"]] == [
        "Minute",
        "Status",
        "Last event",
        "Last goal",
    ]


def _render(hass: HomeAssistant, automation_id: str, data: dict[str, object]) -> str:
    """Render an automation's logbook message with Home Assistant's template engine."""
    automation = next(a for a in AUTOMATIONS if a["id"] == automation_id)
    message = automation["actions"][0]["data"]["message"]  # type: ignore[index]
    rendered = Template(message, hass).async_render(
        {"trigger": {"event": {"data": data}}}, parse_result=False
    )
    return str(rendered)


async def test_goal_message_is_what_the_e2e_looks_for(hass: HomeAssistant) -> None:
    data = {"team_name": "The Town", "score": {"home": 0, "away": 1}, "minute": "12"}
    rendered = _render(hass, GOAL_AUTOMATION_ID, data)
    assert rendered == "goal by The Town, now 0-1 (12')"
    assert rendered.startswith(goal_log_message("The Town", 0, 1))
    no_minute = _render(hass, GOAL_AUTOMATION_ID, {**data, "minute": None})
    assert no_minute == "goal by The Town, now 0-1"


async def test_wicket_message_is_what_the_e2e_looks_for(hass: HomeAssistant) -> None:
    data = {"batting": "India", "runs": 146, "wickets": 4, "overs": "18.5"}
    rendered = _render(hass, WICKET_AUTOMATION_ID, data)
    assert rendered == "wicket: India 146/4 after 18.5 overs"
    assert rendered.startswith(wicket_log_message("India", 146, 4))


def test_a_second_start_keeps_the_first_ports(tmp_path: Path) -> None:
    state = develop.DemoState(
        ha_port=18123, simulator_port=18765, host="127.0.0.1", provisioned=True
    )
    state.save(tmp_path)
    assert develop.settle_state(develop.parse_args([]), tmp_path) == state
    with pytest.raises(SystemExit, match="--port 18123"):
        develop.settle_state(develop.parse_args(["--port", "9000"]), tmp_path)


def test_a_foreign_configuration_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "configuration.yaml").write_text("default_config:\n")
    with pytest.raises(SystemExit, match="did not make"):
        develop.settle_state(develop.parse_args([]), tmp_path)


def test_an_unfinished_first_start_is_started_over(tmp_path: Path) -> None:
    config = tmp_path / "config"
    write_configuration(config, host="127.0.0.1", port=18123)
    develop.DemoState(18123, 18765, "127.0.0.1", provisioned=False).save(config)
    assert develop.discard_unfinished(config)
    assert not config.exists()
    assert not develop.discard_unfinished(config)
    write_configuration(config, host="127.0.0.1", port=18123)
    develop.DemoState(18123, 18765, "127.0.0.1", provisioned=True).save(config)
    assert not develop.discard_unfinished(config)
    assert (config / "configuration.yaml").exists()
