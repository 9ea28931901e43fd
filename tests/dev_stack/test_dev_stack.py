"""The demo stack's pure parts: requirements, configuration, config-flow answers, dashboard."""

from dataclasses import replace
from importlib.metadata import version
import json
from pathlib import Path
from typing import Any, Self

from homeassistant.const import __version__ as HA_VERSION  # noqa: N812
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.template import Template
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml
import pytest

from scripts.dev_stack import develop, requirements
from scripts.dev_stack.dashboard import (
    DASHBOARD_URL_PATH,
    ENTITIES_VIEW_PATH,
    MATCH_CARD,
    TEAMS_VIEW_PATH,
    DashboardKeeper,
    DemoMatch,
    FollowedTeam,
    _team_card,
    dashboard_config,
    fingerprint,
    registered_from,
    sport_of,
)
from scripts.dev_stack.haconfig import (
    BLUEPRINTS_SOURCE,
    INTEGRATION_SOURCE,
    http_settings_in_storage,
    http_storage,
    write_configuration,
)
from scripts.dev_stack.hass_api import HomeAssistantApi, HomeAssistantApiError
from scripts.dev_stack.provision import (
    AUTOMATIONS,
    BLUEPRINT_AUTOMATION_ID,
    DEMO_BLUEPRINT,
    GOAL_AUTOMATION_ID,
    GOAL_BLUEPRINT,
    GOAL_BLUEPRINT_AUTOMATION_ID,
    WICKET_AUTOMATION_ID,
    _fill_form,
    enable_card_entities,
    goal_log_message,
    goal_notification_message,
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
    # Analytics imports hassio, an after-dependency: its client library must be there too.
    assert "aiohasupervisor" in {req.name for req in requirements.requirements()}


def test_fingerprint_names_the_installed_core() -> None:
    assert json.loads(requirements.fingerprint())["homeassistant"] == version("homeassistant")


def test_configuration_is_written_once_and_links_the_integration(tmp_path: Path) -> None:
    config = tmp_path / "config"
    assert write_configuration(config, host="127.0.0.1", port=18123, http_in_storage=False)
    assert (config / "custom_components" / "sportrix").resolve() == INTEGRATION_SOURCE
    loaded = load_yaml(config / "configuration.yaml")
    assert isinstance(loaded, dict)
    assert loaded["http"] == {"server_host": "127.0.0.1", "server_port": 18123}
    assert not (config / ".storage" / "http").exists()
    assert "default_config" not in loaded
    assert loaded["automation"] == []
    (config / "configuration.yaml").write_text("# changed by hand\n")
    assert not write_configuration(config, host="127.0.0.1", port=9999)
    assert (config / "configuration.yaml").read_text() == "# changed by hand\n"


def test_http_settings_go_to_storage_where_home_assistant_keeps_them(tmp_path: Path) -> None:
    config = tmp_path / "config"
    assert write_configuration(config, host="127.0.0.1", port=18123, http_in_storage=True)
    loaded = load_yaml(config / "configuration.yaml")
    assert isinstance(loaded, dict)
    assert "http" not in loaded
    assert {"frontend", "api", "recorder"} <= loaded.keys()
    stored = json.loads((config / ".storage" / "http").read_text())
    assert stored == http_storage("127.0.0.1", 18123)


def test_settings_are_stored_from_the_release_that_stores_them() -> None:
    # The first release that keeps HTTP settings in storage is a 2026 one; 2025.4 reads YAML.
    assert http_settings_in_storage() is (HA_VERSION >= "2026")


@pytest.mark.skipif(not http_settings_in_storage(), reason="this release reads http from YAML")
async def test_stored_settings_need_no_confirmation(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Home Assistant's own loader takes the demo's settings as confirmed ones."""
    from homeassistant.components.http.config import (
        async_get_and_load_store,
        async_load_config,
    )

    hass_storage["http"] = http_storage("127.0.0.1", 18123)
    conf = await async_load_config(hass, {})
    store = await async_get_and_load_store(hass)
    assert conf["server_host"] == ["127.0.0.1"]
    assert conf["server_port"] == 18123
    assert store.pending is None
    assert store.revert_deadline is None
    assert store.active_config_type == "stable"
    assert not [key for key in ir.async_get(hass).issues if key[0] == "http"]


@pytest.mark.skipif(not http_settings_in_storage(), reason="this release reads http from YAML")
async def test_yaml_settings_would_wait_for_confirmation(hass: HomeAssistant) -> None:
    """What the demo avoids: http in YAML becomes a pending change that reverts unconfirmed."""
    from homeassistant.components.http.config import (
        async_get_and_load_store,
        async_load_config,
    )

    await async_load_config(hass, {"http": {"server_host": ["127.0.0.1"], "server_port": 18123}})
    store = await async_get_and_load_store(hass)
    assert store.pending is not None
    assert store.revert_deadline is not None
    store.async_cancel_revert()


def test_fill_form_answers_fields_and_sections() -> None:
    schema = [
        # Left as offered, as by a person who does not touch it: the entry's name.
        {"name": "name", "type": "string", "default": "Sportrix"},
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
    # An optional field the demo has no answer for is left as the form offers it.
    assert _fill_form([{"name": "statistics", "optional": True}], answers) == {}


def test_sport_follows_the_entities_only_one_sport_has() -> None:
    assert sport_of(SOCCER.entities) == "soccer"
    assert sport_of({"score", "overs", "wicket"}) == "cricket"
    assert sport_of({"score", "status", "kick_off"}) == "match"


def test_dashboard_has_a_card_for_every_match_with_a_score() -> None:
    not_started = DemoMatch(
        41301,
        "match",
        "Salmon Bay FC (W) vs West Seattle Rhodies FC (W)",
        {"score": "sensor.salmon_score", "kick_off": "sensor.salmon_kick_off"},
    )
    just_added = DemoMatch(41302, "match", "Match 41302", {}, device_id="dev41302")
    soccer = replace(SOCCER, device_id="dev41282")
    not_started = replace(not_started, device_id="dev41301")
    live, entities = dashboard_config([soccer, not_started, just_added])["views"]  # type: ignore[misc]
    # The integration's match card of each match's device, in the first view.
    assert live["cards"] == [
        {"type": MATCH_CARD, "device": "dev41282"},
        {"type": MATCH_CARD, "device": "dev41301"},
    ]
    # Home Assistant's own cards of the same matches in the last.
    assert entities["path"] == ENTITIES_VIEW_PATH
    cards = entities["cards"]
    names = [card["cards"][0]["name"] for card in cards]
    assert names == [SOCCER.name, not_started.name]
    assert cards[1]["cards"][0]["icon"] == "mdi:scoreboard"
    assert cards[1]["cards"][1]["entities"] == [
        {"entity": "sensor.salmon_kick_off", "name": "Kick-off"}
    ]


TEAM = FollowedTeam(
    "Tacoma Defiance",
    {"match": "sensor.tacoma_defiance_match", "events": "event.tacoma_defiance_match_event"},
)
TEAM_MATCH = DemoMatch(
    41320,
    "soccer",
    "Tacoma Defiance vs Ventura County FC",
    {"score": "sensor.tacoma_defiance_vs_ventura_county_fc_score"},
)


def test_registries_sort_into_matches_teams_and_the_calendar() -> None:
    devices: list[dict[str, object]] = [
        {"identifiers": [["sportrix", "41282"]], "name": SOCCER.name, "id": "dev41282"},
        {"identifiers": [["sportrix", "team_01SUBENTRY"]], "name": "Tacoma Defiance", "id": "t"},
        {"identifiers": [["met", "home"]], "name": "Forecast"},
        {"identifiers": [["sportrix", "41320"]], "name": "Match 41320", "name_by_user": "Mine"},
    ]
    entities: list[dict[str, object]] = [
        {"platform": "sportrix", "unique_id": f"41282_{key}", "entity_id": entity_id}
        for key, entity_id in SOCCER.entities.items()
    ]
    entities += [
        {
            "platform": "sportrix",
            "unique_id": "01SUBENTRY_match",
            "entity_id": TEAM.entities["match"],
        },
        {
            "platform": "sportrix",
            "unique_id": "01SUBENTRY_events",
            "entity_id": TEAM.entities["events"],
        },
        {"platform": "sportrix", "unique_id": "01ENTRY_fixtures", "entity_id": "calendar.fixtures"},
        {"platform": "met", "unique_id": "41282_score", "entity_id": "weather.home"},
    ]
    found = registered_from(devices, entities)  # type: ignore[arg-type]
    # Keys with underscores (last_event) stay whole; a renamed device shows its new name.
    assert found.matches == [
        replace(SOCCER, device_id="dev41282"),
        DemoMatch(41320, "match", "Mine", {}),
    ]
    assert found.teams == [replace(TEAM, device_id="t")]
    assert found.calendars == ["calendar.fixtures"]


def test_teams_view_has_each_team_its_match_score_and_the_calendar() -> None:
    other = FollowedTeam(
        "Portland Timbers 2", {"match": "sensor.portland_timbers_2_match"}, "devportland"
    )
    tacoma_team = replace(TEAM, device_id="devtacoma")
    config = dashboard_config(
        [SOCCER, TEAM_MATCH], [other, tacoma_team], ["calendar.sportrix_fixtures"]
    )
    live, teams, entities = config["views"]  # type: ignore[misc]
    assert [card["type"] for card in live["cards"]] == [MATCH_CARD, MATCH_CARD]
    assert teams["path"] == TEAMS_VIEW_PATH
    portland_card, tacoma_card, calendar = teams["cards"]
    assert portland_card == {"type": MATCH_CARD, "device": "devportland"}
    assert tacoma_card == {"type": MATCH_CARD, "device": "devtacoma"}
    soccer, team_match, portland, tacoma = entities["cards"]
    assert [soccer["cards"][0]["name"], team_match["cards"][0]["name"]] == [
        SOCCER.name,
        TEAM_MATCH.name,
    ]
    tile, rows = tacoma["cards"]
    assert tile == {
        "type": "tile",
        "entity": "sensor.tacoma_defiance_match",
        "name": "Tacoma Defiance",
        "show_entity_picture": True,
    }
    shown = [row.get("row", row) for row in rows["entities"]]
    assert [row.get("attribute") for row in shown] == [
        "opponent",
        "competition",
        "kick_off",
        None,
        "score",
    ]
    # Every row has an icon: the kit is the tile's picture, not every row's.
    assert all(row["icon"] for row in shown)
    assert shown[3]["entity"] == "event.tacoma_defiance_match_event"
    # The team's card follows its match through its sensor: no card of a match device, which
    # would stay after full time beside the team's next match.
    assert not any(card.get("type") == "entity" for card in tacoma["cards"])
    # A team without a match device has the same two cards.
    assert [card["type"] for card in portland["cards"]] == ["tile", "entities"]
    assert calendar == {
        "type": "calendar",
        "title": "Fixtures",
        "entities": ["calendar.sportrix_fixtures"],
        "initial_view": "listWeek",
    }
    # Nothing followed but matches: no view of teams.
    paths = [view["path"] for view in dashboard_config([SOCCER])["views"]]  # type: ignore[union-attr]
    assert paths == ["live", ENTITIES_VIEW_PATH]


def test_a_team_plays_in_a_match_named_after_it() -> None:
    assert TEAM.plays_in(TEAM_MATCH)
    assert not TEAM.plays_in(SOCCER)
    assert not TEAM.plays_in(DemoMatch(1, "soccer", "Tacoma Defiance II vs The Town", {}))


class FakeDashboards:
    """Home Assistant's device, entity and dashboard commands over saved data."""

    def __init__(self, stored: dict[str, object] | None) -> None:
        """Hold one match's registry entries and the dashboard's saved configuration."""
        self.stored = stored
        self.saves = 0
        self.created = stored is not None

    async def command(self, command_type: str, **fields: object) -> object:
        """Answer a WebSocket command."""
        if command_type == "config/device_registry/list":
            return [{"identifiers": [["sportrix", "41282"]], "name": SOCCER.name}]
        if command_type == "config/entity_registry/list":
            return [
                {"platform": "sportrix", "unique_id": f"41282_{key}", "entity_id": entity_id}
                for key, entity_id in SOCCER.entities.items()
            ]
        if command_type == "lovelace/dashboards/list":
            return [{"url_path": DASHBOARD_URL_PATH}] if self.created else []
        if command_type == "lovelace/dashboards/create":
            self.created = True
            return None
        if command_type == "lovelace/config":
            if self.stored is None:
                raise HomeAssistantApiError("config_not_found")
            return self.stored
        if command_type == "lovelace/config/save":
            self.stored = fields["config"]  # type: ignore[assignment]
            self.saves += 1
            return None
        raise AssertionError(command_type)


async def test_keeper_saves_its_own_dashboard_and_leaves_an_edited_one(tmp_path: Path) -> None:
    keeper = DashboardKeeper(HomeAssistantApi(None, "http://127.0.0.1:1"), tmp_path)  # type: ignore[arg-type]
    ws = FakeDashboards(stored=None)
    await keeper.refresh(ws)  # type: ignore[arg-type]
    assert ws.created
    assert ws.stored == dashboard_config([SOCCER])
    # Nothing changed: nothing to save.
    await keeper.refresh(ws)  # type: ignore[arg-type]
    assert ws.saves == 1
    # What the keeper saved earlier is replaced by what the registries hold now.
    ws.stored = dashboard_config([])
    (tmp_path / ".sportrix_dashboard.json").write_text(
        json.dumps({"fingerprint": fingerprint(dashboard_config([]))})
    )
    await keeper.refresh(ws)  # type: ignore[arg-type]
    assert ws.stored == dashboard_config([SOCCER])
    # Someone edited the dashboard: it stays as they left it.
    edited = {"title": "Mine", "views": []}
    ws.stored = edited
    await keeper.refresh(ws)  # type: ignore[arg-type]
    assert ws.stored == edited
    assert ws.saves == 2


def test_dashboard_shows_a_score_card_and_the_rows_that_exist() -> None:
    config = dashboard_config([SOCCER])
    (stack,) = config["views"][-1]["cards"]  # type: ignore[index]
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


def test_each_release_has_its_own_demo_directory() -> None:
    assert develop.parse_args([]).release == "current"
    assert develop.parse_args(["--minimum"]).release == "minimum"
    assert develop.default_config_dir("minimum") != develop.default_config_dir("current")


def test_a_directory_of_a_newer_home_assistant_is_refused(tmp_path: Path) -> None:
    state = develop.DemoState(18123, 18765, "127.0.0.1", True, "2999.1.0", True)
    state.save(tmp_path)
    with pytest.raises(SystemExit, match=r"2999\.1\.0"):
        develop.settle_state(develop.parse_args([]), tmp_path)


def test_http_yaml_is_refused_where_it_would_ask_for_confirmation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    develop.DemoState(18123, 18765, "127.0.0.1", True, "2025.4.4", False).save(tmp_path)
    monkeypatch.setattr(develop, "http_settings_in_storage", lambda: True)
    with pytest.raises(SystemExit, match="asks to confirm"):
        develop.settle_state(develop.parse_args([]), tmp_path)
    monkeypatch.setattr(develop, "http_settings_in_storage", lambda: False)
    assert develop.settle_state(develop.parse_args([]), tmp_path).home_assistant == "2025.4.4"


def test_a_second_start_keeps_the_first_ports(tmp_path: Path) -> None:
    state = develop.DemoState(
        ha_port=18123,
        simulator_port=18765,
        host="127.0.0.1",
        provisioned=True,
        home_assistant=HA_VERSION,
        http_in_storage=http_settings_in_storage(),
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


def test_a_match_before_kick_off_shows_its_status_large() -> None:
    """Before its sport is known a match has no score entity: its card shows the status."""
    waiting = DemoMatch(
        41301,
        "match",
        "Salmon Bay FC (W) vs West Seattle Rhodies FC (W)",
        {"status": "sensor.salmon_status", "kick_off": "sensor.salmon_kick_off"},
    )
    (card,) = dashboard_config([waiting])["views"][-1]["cards"]  # type: ignore[index]
    headline, rows = card["cards"]
    assert headline["entity"] == "sensor.salmon_status"
    assert rows["entities"] == [{"entity": "sensor.salmon_kick_off", "name": "Kick-off"}]


def test_disabled_entities_get_no_card_but_are_known() -> None:
    devices: list[dict[str, object]] = [{"identifiers": [["sportrix", "50001"]], "name": "India"}]
    entities: list[dict[str, object]] = [
        {"platform": "sportrix", "unique_id": "50001_overs", "entity_id": "sensor.overs"},
        {
            "platform": "sportrix",
            "unique_id": "50001_score",
            "entity_id": "sensor.score",
            "disabled_by": "integration",
        },
    ]
    (match,) = registered_from(devices, entities).matches  # type: ignore[arg-type]
    assert match.entities == {"overs": "sensor.overs"}
    assert match.disabled == {"score"}
    assert match.sport == "cricket"


class FakeRegistry:
    """The entity registry's list and update commands over a list of entries."""

    def __init__(self, entries: list[dict[str, object]]) -> None:
        """Hold the registry's entries."""
        self.entries = entries
        self.enabled: list[object] = []

    def websocket(self) -> Self:
        """Return this fake as the connection."""
        return self

    async def __aenter__(self) -> Self:
        """Connect."""
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Disconnect."""

    async def command(self, command_type: str, **fields: object) -> object:
        """Answer a WebSocket command."""
        if command_type == "config/entity_registry/list":
            return self.entries
        assert command_type == "config/entity_registry/update"
        assert fields["disabled_by"] is None
        self.enabled.append(fields["entity_id"])
        return None


async def test_the_cards_entities_that_start_disabled_are_enabled() -> None:
    keys = ("phase", "last_event", "goal")
    entries: list[dict[str, object]] = [
        {"platform": "sportrix", "unique_id": f"41282_{key}", "entity_id": f"sensor.{key}"}
        for key in keys
    ]
    soccer = DemoMatch(41282, "soccer", "Vancouver Whitecaps II vs The Town", {}, frozenset(keys))
    registry = FakeRegistry(entries)
    assert await enable_card_entities(registry, [soccer])  # type: ignore[arg-type]
    # Only what the card shows: the last event and the goal entity stay as installed.
    assert registry.enabled == ["sensor.phase"]
    cricket = DemoMatch(50001, "cricket", "India vs Australia", {}, frozenset({"score"}))
    assert not await enable_card_entities(registry, [SOCCER, cricket])  # type: ignore[arg-type]


def test_a_team_card_shows_scores_once_kicked_off_and_no_scoreboard_state() -> None:
    team = FollowedTeam(
        "Tacoma Defiance",
        {
            "match": "sensor.tacoma_defiance_match",
            "events": "event.tacoma_defiance_match_event",
            "scoreboard": "sensor.tacoma_defiance_scoreboard",
        },
    )
    _tile, rows = _team_card(team)["cards"]  # type: ignore[misc]
    conditional = [row for row in rows["entities"] if row.get("type") == "conditional"]
    # Before kick-off there is no score: the rows of scores appear once the match is in play
    # or finished, rather than "—" beside a 0.
    assert [(row["row"]["entity"], row["row"]["attribute"]) for row in conditional] == [
        ("sensor.tacoma_defiance_match", "score"),
        ("sensor.tacoma_defiance_scoreboard", "team_score"),
        ("sensor.tacoma_defiance_scoreboard", "opponent_score"),
    ]
    assert all(
        row["conditions"]
        == [
            {
                "condition": "state",
                "entity": "sensor.tacoma_defiance_match",
                "state": ["in", "post"],
            }
        ]
        for row in conditional
    )
    assert all(row["row"]["icon"] for row in conditional)
    # PRE, IN and POST are the Team Tracker card's words: no row shows the scoreboard's state.
    assert not [
        row
        for row in rows["entities"]
        if row.get("entity") == "sensor.tacoma_defiance_scoreboard" and "attribute" not in row
    ]


def test_no_view_shows_the_scoreboard_state() -> None:
    """The card's words stay out of every view a person reads, whatever is followed."""
    team = FollowedTeam(
        "Tacoma Defiance",
        {"match": "sensor.m", "events": "event.e", "scoreboard": "sensor.board"},
        "devtacoma",
    )
    config = dashboard_config([SOCCER, TEAM_MATCH], [team], ["calendar.sportrix_fixtures"])
    text = json.dumps(config)
    assert '"entity": "sensor.board", "name"' not in text
    for word in ("PRE", "IN", "POST", "NOT_FOUND"):
        assert f'"{word}"' not in text


def test_configuration_holds_this_checkouts_blueprints(tmp_path: Path) -> None:
    write_configuration(tmp_path, host="127.0.0.1", port=8123)
    copied = tmp_path / "blueprints" / "automation" / DEMO_BLUEPRINT
    assert copied.read_text() == (BLUEPRINTS_SOURCE / copied.name).read_text()
    # At every start: an edited copy is replaced by the checkout's.
    copied.write_text("edited", encoding="utf-8")
    write_configuration(tmp_path, host="127.0.0.1", port=8123)
    assert copied.read_text() == (BLUEPRINTS_SOURCE / copied.name).read_text()


async def test_blueprint_automation_writes_the_wicket_to_the_logbook(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    hass.config.config_dir = str(tmp_path)
    write_configuration(tmp_path, host="127.0.0.1", port=8123)
    logged: list[ServiceCall] = []

    async def log(call: ServiceCall) -> None:
        logged.append(call)

    hass.services.async_register("logbook", "log", log)
    automation = next(a for a in AUTOMATIONS if a["id"] == BLUEPRINT_AUTOMATION_ID)
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()
    hass.bus.async_fire(
        "sportrix_wicket",
        {
            "home": "India",
            "away": "Australia",
            "batting": "India",
            "runs": 146,
            "wickets": 4,
            "overs": "18.5",
            "label": "",
            "delayed": False,
            "device_id": "d",
        },
    )
    await hass.async_block_till_done()
    assert [call.data for call in logged] == [
        {"name": "Wicket! India vs Australia", "message": "Wicket! India 146/4 (18.5)"}
    ]
    (state,) = hass.states.async_all("automation")
    assert state.attributes["last_triggered"] is not None


async def test_goal_blueprint_automation_notifies_who_scored_and_the_score(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    hass.config.config_dir = str(tmp_path)
    write_configuration(tmp_path, host="127.0.0.1", port=8123)
    assert (tmp_path / "blueprints" / "automation" / GOAL_BLUEPRINT).is_file()
    created: list[ServiceCall] = []

    async def create(call: ServiceCall) -> None:
        created.append(call)

    hass.services.async_register("persistent_notification", "create", create)
    automation = next(a for a in AUTOMATIONS if a["id"] == GOAL_BLUEPRINT_AUTOMATION_ID)
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()
    goal = {
        "home": "Vancouver Whitecaps II",
        "away": "The Town",
        "team_name": "Vancouver Whitecaps II",
        "score": {"home": 2, "away": 0},
        "minute": "23",
        "delayed": False,
        "device_id": "d",
    }
    hass.bus.async_fire("sportrix_goal", goal)
    # Recovered after an outage: the blueprint skips it, as the demo leaves it to.
    hass.bus.async_fire("sportrix_goal", {**goal, "delayed": True})
    await hass.async_block_till_done()
    assert [call.data for call in created] == [
        {
            "title": "Goal for Vancouver Whitecaps II",
            "message": "GOAL! Vancouver Whitecaps II 2\u20130 The Town (23')",
        }
    ]
    message = str(created[0].data["message"])
    assert message.startswith(goal_notification_message("Vancouver Whitecaps II", 2, 0, "The Town"))
