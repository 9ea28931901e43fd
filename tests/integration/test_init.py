"""Setup, unload, reconnects, reauthentication and followed-match changes."""

import logging

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_API_KEY, EVENT_HOMEASSISTANT_STOP, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sportrix.const import CONF_MATCH_IDS, DOMAIN
from sportrix_simulator import Simulator

from .conftest import (
    API_KEY,
    CRICKET_MATCH,
    FINISHED_MATCH,
    NOT_STARTED_MATCH,
    SOCCER_MATCH,
)
from .helpers import (
    CRICKET_DEVICE,
    SOCCER_DEVICE,
    match_device,
    set_up_refusing_sport,
    wait_for,
    wait_for_state,
)

SOCCER_SCORE = f"sensor.{SOCCER_DEVICE}_score"
CRICKET_SCORE = f"sensor.{CRICKET_DEVICE}_runs"


async def test_setup_and_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """One connection carries both matches; unloading closes it."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert simulator.connection_count == 1
    assert simulator.subscriber_count(SOCCER_MATCH) == 1
    assert simulator.subscriber_count(CRICKET_MATCH) == 1
    assert hass.states.get(SOCCER_SCORE).state == "0-0"

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    await simulator.wait_for(lambda: simulator.connection_count == 0)
    assert hass.states.get(SOCCER_SCORE).state == STATE_UNAVAILABLE


async def test_devices_named_after_the_fixture(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Each match is a device (not a service) named "Home vs Away" with its sport as model."""
    soccer = match_device(hass, SOCCER_MATCH)
    cricket = match_device(hass, CRICKET_MATCH)
    assert soccer is not None
    assert cricket is not None
    assert (soccer.name, soccer.model, soccer.manufacturer) == (
        "Vancouver Whitecaps II vs The Town",
        "Soccer match",
        "Sportrix Data",
    )
    assert (cricket.name, cricket.model) == ("India vs Australia", "Cricket match")
    # The integration page counts matches as devices; only the entry's own device is a service.
    assert soccer.entry_type is None
    assert cricket.entry_type is None


async def test_the_entry_has_a_device_of_its_name_that_follows_a_rename(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The delay, calendar, connection and button sit on one service device named as the entry."""
    registry = dr.async_get(hass)
    identifier = (DOMAIN, f"entry_{init_integration.entry_id}")
    (device,) = [
        device
        for device in dr.async_entries_for_config_entry(registry, init_integration.entry_id)
        if identifier in device.identifiers
    ]
    assert (device.name, device.entry_type) == ("Sportrix", dr.DeviceEntryType.SERVICE)
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    assert sorted(entity.entity_id for entity in entities) == [
        "button.sportrix_seen_it_on_tv",
        "calendar.sportrix_fixtures",
        "number.sportrix_broadcast_delay",
        "sensor.sportrix_connection",
    ]
    state = hass.states.get("number.sportrix_broadcast_delay")
    assert state is not None
    assert state.name == "Sportrix Broadcast delay"

    hass.config_entries.async_update_entry(init_integration, title="Living room")
    await hass.async_block_till_done()
    renamed = registry.async_get(device.id)
    assert renamed is not None
    assert renamed.name == "Living room"


async def test_a_match_device_of_an_earlier_release_is_a_service_no_more(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Matches were services: at setup their devices become plain devices, kept by id."""
    mock_config_entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    old = registry.async_get_or_create(
        config_entry_id=mock_config_entry.entry_id,
        identifiers={(DOMAIN, str(SOCCER_MATCH))},
        name="Vancouver Whitecaps II vs The Town",
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    device = registry.async_get(old.id)
    assert device is not None
    assert device.entry_type is None


async def test_stops_with_home_assistant(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Home Assistant stopping closes the stream."""
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    await simulator.wait_for(lambda: simulator.connection_count == 0)
    assert init_integration.runtime_data.available is False


async def test_setup_retries_when_unreachable(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A server that cannot be reached at setup means retry later, not an error."""
    simulator.refuse_handshakes(503)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_with_rejected_key_starts_reauth(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A 401 at setup fails the entry and asks the user for a new key."""
    simulator.revoke_key(API_KEY)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [f["context"]["source"] for f in flows] == [SOURCE_REAUTH]


async def test_rejected_key_at_reconnect_starts_reauth(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A 401 when reconnecting stops retrying and starts reauthentication."""
    simulator.refuse_handshakes(401)
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    await wait_for(hass, lambda: bool(hass.config_entries.flow.async_progress()))
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress()
    assert [f["context"]["source"] for f in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == init_integration.entry_id


async def test_reauth_with_the_same_key_restarts_the_stream(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A 401 that passes (the key taken again) is cured by confirming the same key."""
    simulator.refuse_handshakes(401, count=1)
    await simulator.drop_connections()
    await wait_for(hass, lambda: bool(hass.config_entries.flow.async_progress()))
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    flow = hass.config_entries.flow.async_progress()[0]
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: API_KEY}
    )
    assert result["reason"] == "reauth_successful"
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    await simulator.score_goal(SOCCER_MATCH, "home")
    await wait_for_state(hass, SOCCER_SCORE, "1-0")


@pytest.mark.usefixtures("match_events_enabled")
async def test_outage_makes_entities_unavailable_until_back(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every entity is unavailable while the stream is down and recovers with it."""
    handshakes = simulator.handshake_count
    simulator.refuse_handshakes(503)
    await simulator.drop_connections()
    await wait_for_state(hass, SOCCER_SCORE, STATE_UNAVAILABLE)
    assert hass.states.get(CRICKET_SCORE).state == STATE_UNAVAILABLE
    assert hass.states.get(f"event.{SOCCER_DEVICE}_goal").state == STATE_UNAVAILABLE

    # Several refused attempts before the server takes the connection again.
    await simulator.wait_for(lambda: simulator.refused_count >= 3)
    simulator.accept_handshakes()
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    await simulator.wait_for(lambda: simulator.subscriber_count(CRICKET_MATCH) == 1)
    assert hass.states.get(CRICKET_SCORE).state != STATE_UNAVAILABLE
    assert simulator.handshake_count == handshakes + 1
    outage_lines = [
        r.message
        for r in caplog.records
        if r.levelno >= logging.INFO and r.name.startswith("custom_components.sportrix")
    ]
    assert len(outage_lines) == 2
    assert "Lost the connection" in outage_lines[0]
    assert "connected" in outage_lines[1].lower()


async def test_options_change_matches_on_the_running_connection(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Removing a match unsubscribes it and removes its device, without reconnecting."""
    handshakes = simulator.handshake_count
    entities = er.async_get(hass)
    assert entities.async_get(CRICKET_SCORE) is not None

    hass.config_entries.async_update_entry(
        init_integration, options={CONF_MATCH_IDS: [SOCCER_MATCH, NOT_STARTED_MATCH]}
    )
    await hass.async_block_till_done()
    await simulator.wait_for(lambda: simulator.subscriber_count(CRICKET_MATCH) == 0)

    assert match_device(hass, CRICKET_MATCH) is None
    assert entities.async_get(CRICKET_SCORE) is None
    assert hass.states.get(CRICKET_SCORE) is None
    assert match_device(hass, NOT_STARTED_MATCH) is not None
    assert simulator.handshake_count == handshakes
    assert init_integration.state is ConfigEntryState.LOADED

    # Following it again brings its entities back.
    hass.config_entries.async_update_entry(
        init_integration, options={CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}
    )
    await wait_for(hass, lambda: hass.states.get(CRICKET_SCORE) is not None)
    assert simulator.handshake_count == handshakes


async def test_removing_a_device_unfollows_its_match(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Deleting a match's device from the UI stops following the match."""
    assert await async_setup_component(hass, "config", {})
    device = match_device(hass, CRICKET_MATCH)
    assert device is not None
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": init_integration.entry_id,
            "device_id": device.id,
        }
    )
    response = await client.receive_json()
    assert response["success"]
    await hass.async_block_till_done()
    assert init_integration.options[CONF_MATCH_IDS] == [SOCCER_MATCH]
    await simulator.wait_for(lambda: simulator.subscriber_count(CRICKET_MATCH) == 0)


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, FINISHED_MATCH]])
async def test_finished_match_shows_its_final_state(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A match the stream refuses because it ended is shown from its last REST snapshot."""
    score = "sensor.fc_arlanda_vs_ifk_stocksund_score"
    await wait_for_state(hass, score, "1-0")
    assert hass.states.get("sensor.fc_arlanda_vs_ifk_stocksund_status").state == "ft"
    assert simulator.subscriber_count(FINISHED_MATCH) == 0


async def test_api_key_never_logged(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The key appears in no log line, through setup, an outage and a rejection."""
    caplog.set_level(logging.DEBUG)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await wait_for(hass, lambda: hass.states.get(SOCCER_SCORE) is not None)
    simulator.refuse_handshakes(401)
    await simulator.drop_connections()
    await wait_for(hass, lambda: bool(hass.config_entries.flow.async_progress()))
    assert mock_config_entry.data[CONF_API_KEY] not in caplog.text
    assert caplog.text


async def test_rest_rejection_starts_reauth(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A 401 from the REST API, with the stream still open, also asks for a new key."""
    simulator.revoke_key(API_KEY)
    hass.config_entries.async_update_entry(
        init_integration, options={CONF_MATCH_IDS: [SOCCER_MATCH, NOT_STARTED_MATCH]}
    )
    await wait_for(hass, lambda: bool(hass.config_entries.flow.async_progress()))
    flows = hass.config_entries.flow.async_progress()
    assert [f["context"]["source"] for f in flows] == [SOURCE_REAUTH]


async def test_stale_devices_removed_at_setup(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A match unfollowed while the entry was not loaded loses its device at the next setup."""
    mock_config_entry.add_to_hass(hass)
    stale = dr.async_get(hass).async_get_or_create(
        config_entry_id=mock_config_entry.entry_id, identifiers={(DOMAIN, "777")}, name="Old"
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert dr.async_get(hass).async_get(stale.id) is None
    assert match_device(hass, SOCCER_MATCH) is not None


@pytest.mark.parametrize("match_ids", [[SOCCER_MATCH, CRICKET_MATCH]])
async def test_repair_issue_removed_with_the_entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Deleting the entry deletes its matches' repair issues."""
    issue = await set_up_refusing_sport(hass, mock_config_entry, simulator, CRICKET_MATCH)
    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue) is None


async def test_new_key_reloads_through_the_update_listener(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Reauthentication of a loaded entry reloads it once, with the new key, without warnings."""
    simulator.add_key(
        "sk_demo_rotated",
        scopes={"fixtures", "live_scores", "live_scores_statistics", "final_scores"},
    )
    handshakes = simulator.handshake_count
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: "sk_demo_rotated"}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data.settings[CONF_API_KEY] == "sk_demo_rotated"
    await wait_for_state(hass, SOCCER_SCORE, "0-0")
    # One handshake checks the new key in the flow, one is the reloaded entry's stream.
    assert simulator.handshake_count == handshakes + 2
    assert "update listener" not in caplog.text
