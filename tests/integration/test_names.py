"""Never a bare number: the match picker and its errors name matches as the entries know them."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.const import CONF_MATCH_IDS
from sportrix_simulator import Simulator

from .conftest import CRICKET_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH
from .helpers import match_device, simulator_entry, wait_for

SOCCER_FIXTURE = "Vancouver Whitecaps II vs The Town"
SOCCER_KEY = "sk_demo_soccer"


def _offered(result: ConfigFlowResult) -> dict[str, str]:
    """Return the options of a form's match list, value to label, in order."""
    schema = result["data_schema"]
    assert schema is not None
    for marker, value in schema.schema.items():
        if marker == CONF_MATCH_IDS:
            options = value.serialize()["selector"]["select"]["options"]
            return {option["value"]: option["label"] for option in options}
    raise AssertionError(f"{CONF_MATCH_IDS} is not in the form")


def _second_entry(
    hass: HomeAssistant, simulator: Simulator, match_ids: list[int]
) -> MockConfigEntry:
    """Add, without setting it up, an entry of the soccer-only key named "Kitchen"."""
    entry = simulator_entry(simulator, match_ids, key=SOCCER_KEY, title="Kitchen")
    entry.add_to_hass(hass)
    return entry


async def _options(
    hass: HomeAssistant, entry: MockConfigEntry, picked: list[str] | None = None
) -> ConfigFlowResult:
    """Open an entry's options, and send picked when given."""
    result: ConfigFlowResult = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    if picked is None:
        return result
    sent: ConfigFlowResult = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: picked}
    )
    return sent


async def _finish(hass: HomeAssistant, simulator: Simulator, entry: MockConfigEntry) -> None:
    """Play the soccer match to full time and wait until the entry has seen it."""
    await simulator.finish(SOCCER_MATCH)
    match = entry.runtime_data.matches[SOCCER_MATCH]
    await wait_for(hass, lambda: match.finished_at is not None)


async def test_a_finished_match_keeps_its_name_in_the_picker(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """After full time the catalog lists the match no more; the picker still names it."""
    entry = init_integration
    assert _offered(await _options(hass, entry))[str(SOCCER_MATCH)].startswith(SOCCER_FIXTURE)

    await _finish(hass, simulator, entry)
    offered = _offered(await _options(hass, entry))
    label = offered[str(SOCCER_MATCH)]
    assert label.startswith(SOCCER_FIXTURE)
    assert label.endswith(" · Finished")
    assert list(offered).count(str(SOCCER_MATCH)) == 1

    # A reload forgets the running match; the device's name, kept in the registry, names it.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    device = match_device(hass, SOCCER_MATCH)
    assert device is not None
    assert device.name == SOCCER_FIXTURE
    assert _offered(await _options(hass, entry))[str(SOCCER_MATCH)].startswith(SOCCER_FIXTURE)


async def test_a_restart_with_the_catalog_down_keeps_the_device_name(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """The catalog down at a restart after full time: the device keeps its name and sport."""
    entry = init_integration
    await _finish(hass, simulator, entry)
    simulator.refuse_rest(503)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    device = match_device(hass, SOCCER_MATCH)
    assert device is not None
    assert (device.name, device.model) == (SOCCER_FIXTURE, "Soccer match")


async def test_the_picker_names_a_finished_match_from_its_device(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """An entry not running names a followed match as its device does, the user's name aside."""
    entry = init_integration
    await _finish(hass, simulator, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    device = match_device(hass, SOCCER_MATCH)
    assert device is not None
    dr.async_get(hass).async_update_device(device.id, name_by_user="Derby day")

    offered = _offered(await _options(hass, entry))
    assert offered[str(SOCCER_MATCH)] == SOCCER_FIXTURE
    # The user's name stays theirs: the picker only reads it.
    device = match_device(hass, SOCCER_MATCH)
    assert device is not None
    assert device.name_by_user == "Derby day"


async def test_the_refusal_names_the_match_and_the_entry(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A match another entry follows is named with that entry's title, finished or not."""
    hass.config_entries.async_update_entry(init_integration, title="Living room")
    await _finish(hass, simulator, init_integration)
    kitchen = _second_entry(hass, simulator, [NOT_STARTED_MATCH])

    result = await _options(hass, kitchen, [str(NOT_STARTED_MATCH), str(SOCCER_MATCH)])

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    assert result["description_placeholders"] == {
        "matches": f"{SOCCER_FIXTURE} ({SOCCER_MATCH})",
        "entry": "Living room",
    }
    assert kitchen.options[CONF_MATCH_IDS] == [NOT_STARTED_MATCH]


async def test_matches_another_entry_follows_are_not_offered(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Neither a new entry nor another entry's options offer what the running entry follows."""
    kitchen = _second_entry(hass, simulator, [])
    offered = _offered(await _options(hass, kitchen))
    assert str(SOCCER_MATCH) not in offered
    assert str(NOT_STARTED_MATCH) in offered

    # The entry that follows it still offers it, picked.
    assert str(SOCCER_MATCH) in _offered(await _options(hass, init_integration))


async def test_a_team_name_typed_points_to_add_team(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A name typed into the match picker is no invalid ID: the error says to add the team."""
    result = await _options(hass, init_integration, [str(SOCCER_MATCH), "Manchester United"])
    assert result["errors"] == {CONF_MATCH_IDS: "team_name_typed"}
    assert result["description_placeholders"] == {"value": "Manchester United"}
    assert init_integration.options[CONF_MATCH_IDS] == [SOCCER_MATCH, CRICKET_MATCH]


async def test_a_match_of_a_sport_the_key_does_not_cover(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The catalog calls a cricket match unknown to a soccer key; the stream tells why."""
    kitchen = _second_entry(hass, simulator, [])
    result = await _options(hass, kitchen, [str(CRICKET_MATCH)])
    assert result["errors"] == {CONF_MATCH_IDS: "sport_not_enabled"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: str(CRICKET_MATCH)}
    assert kitchen.options[CONF_MATCH_IDS] == []
