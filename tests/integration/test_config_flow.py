"""Tests for the Sportrix config flow, against the simulator on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
import json
import logging
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, PropertyMock, patch

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant import data_entry_flow
from homeassistant.config_entries import (
    SOURCE_USER,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_API_KEY, CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sportrix import config_flow as config_flow_module
from custom_components.sportrix.api import (
    DEFAULT_API_URL,
    DEFAULT_STREAM_URL,
    SportrixConnectionError,
    SportrixProtocolError,
)
from custom_components.sportrix.config_flow import (
    SECTION_ADVANCED,
    SportrixConfigFlow,
    default_entry_name,
)
from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_STATISTICS,
    CONF_STREAM_URL,
    DEFAULT_ENTRY_NAME,
    DOMAIN,
    MAX_MATCH_ID,
    MAX_MATCHES,
)
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator
from sportrix_simulator.keys import ALL_SCOPES

from .conftest import API_KEY, CRICKET_MATCH, NOT_STARTED_MATCH, SOCCER_MATCH

FINISHED_MATCH = 41250
# The demo match that kicks off a few minutes after the simulator starts.
SOON_MATCH = 41320
UNKNOWN_MATCH = 999999
# Nothing listens on port 1 of loopback, and only root could bind it.
CLOSED_API_URL = "http://127.0.0.1:1/api"
CLOSED_STREAM_URL = "ws://127.0.0.1:1/v1/stream"
NEW_KEY = "sk_rotated_key"

STRINGS = json.loads(
    (Path(__file__).parents[2] / "custom_components/sportrix/strings.json").read_text()
)
_SECTION_FIELDS = (CONF_STREAM_URL, CONF_API_URL)


@pytest.fixture
def mock_setup_entry() -> Iterator[AsyncMock]:
    """Replace the entry setup, so a created or reloaded entry opens no stream."""
    with patch("custom_components.sportrix.async_setup_entry", return_value=True) as mock:
        yield mock


def _section(result: ConfigFlowResult) -> data_entry_flow.section:
    """Return the user form's section of server URLs."""
    for marker, value in result["data_schema"].schema.items():
        if marker == SECTION_ADVANCED:
            assert isinstance(value, data_entry_flow.section)
            return value
    raise AssertionError(f"{SECTION_ADVANCED} is not in the form")


def _suggested(result: ConfigFlowResult, key: str) -> object:
    """Return the value a form prefills for a field, or None; URLs of the user form's section."""
    if key in _SECTION_FIELDS and result["step_id"] == "user":
        schema = _section(result).schema.schema
    else:
        schema = result["data_schema"].schema
    for marker in schema:
        if marker == key:
            return (marker.description or {}).get("suggested_value")
    raise AssertionError(f"{key} is not in the form")


def _fields(result: ConfigFlowResult) -> list[str]:
    """Return the fields of a form, in order."""
    return [str(marker) for marker in result["data_schema"].schema]


async def _start_user_flow(hass: HomeAssistant) -> ConfigFlowResult:
    """Open the user step."""
    return await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})


def _user_input(simulator: Simulator, **changes: str) -> dict[str, Any]:
    """Return a valid user step pointed at the simulator; URL changes go into the section."""
    fields: dict[str, str] = {
        CONF_API_KEY: API_KEY,
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: simulator.api_url,
        **changes,
    }
    return {
        **{key: value for key, value in fields.items() if key not in _SECTION_FIELDS},
        SECTION_ADVANCED: {key: fields[key] for key in _SECTION_FIELDS},
    }


async def _matches_form(
    hass: HomeAssistant, simulator: Simulator, api_key: str = API_KEY, **changes: str
) -> ConfigFlowResult:
    """Pass the user step with api_key and return the matches step's form."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: api_key, **changes})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "matches"
    return result


async def _pick(
    hass: HomeAssistant, result: ConfigFlowResult, match_ids: list[str] | str | None
) -> ConfigFlowResult:
    """Answer the matches step: a selection, typed text, or nothing (an empty selection)."""
    answer = {} if match_ids is None else {CONF_MATCH_IDS: match_ids}
    return await hass.config_entries.flow.async_configure(result["flow_id"], answer)


def _selector(result: ConfigFlowResult) -> dict[str, Any]:
    """Return the serialized selector of a form's match_ids field."""
    for marker, value in result["data_schema"].schema.items():
        if marker == CONF_MATCH_IDS:
            return dict(value.serialize()["selector"])
    raise AssertionError(f"{CONF_MATCH_IDS} is not in the form")


def _offered(result: ConfigFlowResult) -> dict[str, str]:
    """Return the options of a form's match list, value to label, in order."""
    select = _selector(result)["select"]
    assert select["multiple"] is True
    assert select["custom_value"] is True
    assert select["mode"] == "dropdown"
    return {option["value"]: option["label"] for option in select["options"]}


def _add_entry(
    hass: HomeAssistant, simulator: Simulator, api_key: str, **data: str
) -> MockConfigEntry:
    """Add an entry for api_key against the simulator, without setting it up."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Sportrix Data",
        unique_id=unique_id_for_key(api_key),
        data={
            CONF_API_KEY: api_key,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
            **data,
        },
        options={CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]},
    )
    entry.add_to_hass(hass)
    return entry


@pytest.mark.parametrize(
    ("section", "kind", "keys"),
    [
        (
            "config",
            "error",
            {
                "invalid_auth",
                "cannot_connect",
                "invalid_match_ids",
                "too_many_matches",
                "unknown_match_ids",
                "insecure_url",
                "invalid_url",
                "unknown",
                "followed_elsewhere",
                "team_name_typed",
                "sport_not_enabled",
                "no_fixtures",
                "catalog_unavailable",
                "catalog_invalid",
            },
        ),
        (
            "config",
            "abort",
            {"already_configured", "reauth_successful", "reconfigure_successful"},
        ),
        ("config", "step", {"user", "matches", "reauth_confirm", "reconfigure"}),
        (
            "options",
            "error",
            {
                "invalid_auth",
                "cannot_connect",
                "invalid_match_ids",
                "too_many_matches",
                "unknown_match_ids",
            },
        ),
        (
            "options",
            "error",
            {
                "unknown",
                "followed_elsewhere",
                "team_name_typed",
                "sport_not_enabled",
                "no_fixtures",
                "catalog_unavailable",
                "catalog_invalid",
            },
        ),
        ("options", "step", {"init"}),
    ],
)
def test_every_key_the_flow_uses_is_translated(section: str, kind: str, keys: set[str]) -> None:
    assert keys <= set(STRINGS[section][kind])


# User step


async def test_user_form(hass: HomeAssistant) -> None:
    """Ask for the key, with the server URLs in a collapsed section."""
    result = await _start_user_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    assert _fields(result) == [CONF_NAME, CONF_API_KEY, SECTION_ADVANCED]
    advanced = _section(result)
    assert advanced.options == {"collapsed": True}
    defaults = {str(marker): marker.default() for marker in advanced.schema.schema}
    assert defaults == {CONF_STREAM_URL: DEFAULT_STREAM_URL, CONF_API_URL: DEFAULT_API_URL}


@pytest.mark.parametrize("step_id", ["user", "matches"])
async def test_user_forms_are_translated(
    hass: HomeAssistant, simulator: Simulator, step_id: str
) -> None:
    """Give every field of the user and matches forms, and the section, a label and a text."""
    step = STRINGS["config"]["step"][step_id]
    assert step["title"]
    assert step["description"]
    if step_id == "user":
        result = await _start_user_flow(hass)
    else:
        result = await _matches_form(hass, simulator)
    fields = [field for field in _fields(result) if field != SECTION_ADVANCED]
    assert set(step["data"]) == set(step["data_description"]) == set(fields)
    if step_id == "user":
        strings = step["sections"][SECTION_ADVANCED]
        assert strings["name"]
        assert strings["description"]
        section_fields = [str(marker) for marker in _section(result).schema.schema]
        assert set(strings["data"]) == set(strings["data_description"]) == set(section_fields)


async def test_user_flow_default_servers(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Create an entry on the default servers, which the test points at the simulator."""
    with (
        patch("custom_components.sportrix.config_flow.DEFAULT_STREAM_URL", simulator.ws_url),
        patch("custom_components.sportrix.config_flow.DEFAULT_API_URL", simulator.api_url),
    ):
        result = await _start_user_flow(hass)
        # The section's own schema fills in the URLs it is not sent.
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_API_KEY: f"  {API_KEY} ", SECTION_ADVANCED: {}}
        )
        assert result["step_id"] == "matches"
        result = await _pick(hass, result, ["41282", "50001", "41282"])

    assert result["type"] is FlowResultType.CREATE_ENTRY
    # Nothing typed in the name: the first entry is "Sportrix".
    assert result["title"] == DEFAULT_ENTRY_NAME
    assert result["data"] == {
        CONF_API_KEY: API_KEY,
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: simulator.api_url,
    }
    assert result["options"] == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}
    entry = result["result"]
    assert entry.unique_id == unique_id_for_key(API_KEY)
    assert simulator.handshake_count == 1
    assert len(mock_setup_entry.mock_calls) == 1


async def test_validation_lets_its_session_go(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_setup_entry: AsyncMock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each check's and the picker's HTTP session is released once it is done."""
    sessions: list[aiohttp.ClientSession] = []
    create = config_flow_module.async_create_sportrix_session

    def recording(hass: HomeAssistant, **kwargs: bool) -> aiohttp.ClientSession:
        sessions.append(create(hass, **kwargs))
        return sessions[-1]

    monkeypatch.setattr(config_flow_module, "async_create_sportrix_session", recording)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: "sk_demo_expired"})
    )
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator)
    )
    assert result["step_id"] == "matches"
    # A typed ID is looked up in a session of its own.
    result = await _pick(hass, result, ["41282", str(FINISHED_MATCH)])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # The two keys checked on the stream, the picker, and the lookup of the typed ID.
    assert len(sessions) == 4
    assert all(session.closed for session in sessions)


async def test_user_flow_through_the_section(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Store the section's URLs flat in the entry data, next to the key."""
    result = await _matches_form(hass, simulator)
    result = await _pick(hass, result, ["50001", "41250"])

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_API_KEY: API_KEY,
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: simulator.api_url,
    }
    assert result["options"] == {CONF_MATCH_IDS: [CRICKET_MATCH, FINISHED_MATCH]}
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.unique_id == unique_id_for_key(API_KEY)
    assert dict(entry.data) == result["data"]
    assert simulator.handshake_count == 1


async def test_user_flow_never_reads_advanced_mode(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Leave the deprecated advanced mode alone, on the form, its errors and the entry."""
    with patch.object(
        SportrixConfigFlow, "show_advanced_options", new_callable=PropertyMock
    ) as advanced_mode:
        result = await _start_user_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            _user_input(simulator, **{CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream"}),
        )
        assert result["errors"] == {SECTION_ADVANCED: "insecure_url"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(simulator)
        )
        result = await _pick(hass, result, ["41282"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert not advanced_mode.called


async def test_user_form_as_the_frontend_receives_it(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    mock_setup_entry: AsyncMock,
) -> None:
    """Serialize the section and the match list for the frontend; a URL error on the section."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    response = await client.post("/api/config/config_entries/flow", json={"handler": DOMAIN})
    assert response.status == 200
    form = await response.json()
    assert [field["name"] for field in form["data_schema"]] == [
        CONF_NAME,
        CONF_API_KEY,
        SECTION_ADVANCED,
    ]
    advanced = form["data_schema"][2]
    assert advanced["type"] == "expandable"
    assert advanced["expanded"] is False
    assert advanced["required"] is True
    # No default on the section: the frontend collects its fields' defaults instead.
    assert "default" not in advanced
    assert {field["name"]: field["default"] for field in advanced["schema"]} == {
        CONF_STREAM_URL: DEFAULT_STREAM_URL,
        CONF_API_URL: DEFAULT_API_URL,
    }

    insecure = "ws://scores.sportrixdata.com/v1/stream"
    url = f"/api/config/config_entries/flow/{form['flow_id']}"
    response = await client.post(
        url,
        json={
            CONF_API_KEY: API_KEY,
            SECTION_ADVANCED: {CONF_STREAM_URL: insecure, CONF_API_URL: DEFAULT_API_URL},
        },
    )
    assert response.status == 200
    form = await response.json()
    # The frontend shows errors of top-level items only: above the section, by its name.
    assert form["errors"] == {SECTION_ADVANCED: "insecure_url"}
    advanced = form["data_schema"][2]
    assert advanced["expanded"] is True
    assert {
        field["name"]: field["description"]["suggested_value"] for field in advanced["schema"]
    } == {CONF_STREAM_URL: insecure, CONF_API_URL: DEFAULT_API_URL}

    response = await client.post(
        url,
        json={
            CONF_API_KEY: API_KEY,
            SECTION_ADVANCED: {CONF_STREAM_URL: simulator.ws_url, CONF_API_URL: simulator.api_url},
        },
    )
    form = await response.json()
    assert form["step_id"] == "matches"
    (field,) = form["data_schema"]
    assert field["name"] == CONF_MATCH_IDS
    assert field["optional"] is True
    select = field["selector"]["select"]
    assert select["multiple"] is True
    assert select["custom_value"] is True
    assert str(SOCCER_MATCH) in {option["value"] for option in select["options"]}

    # Nothing picked: the frontend leaves the optional field out.
    response = await client.post(url, json={})
    result = await response.json()
    assert result["type"] == "create_entry"
    assert result["title"] == DEFAULT_ENTRY_NAME
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.options == {CONF_MATCH_IDS: []}


async def test_user_flow_keeps_the_input_after_an_error(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Prefill what the user typed after an error, then accept a corrected key."""
    result = await _start_user_flow(hass)
    typed = _user_input(simulator, **{CONF_API_KEY: "sk_demo_expired"})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    assert _suggested(result, CONF_API_KEY) == "sk_demo_expired"
    assert _suggested(result, CONF_STREAM_URL) == simulator.ws_url
    assert _suggested(result, CONF_API_URL) == simulator.api_url
    # The error is not the section's, but it holds addresses of the user's own: they stay shown.
    assert _section(result).options == {"collapsed": False}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator)
    )
    result = await _pick(hass, result, ["41282"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize(
    "api_key",
    [
        "sk_demo_expired",  # 401 everywhere
        "sk_not_issued",
    ],
)
async def test_user_flow_invalid_auth(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture, api_key: str
) -> None:
    caplog.set_level(logging.DEBUG)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: api_key})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    assert not hass.config_entries.async_entries(DOMAIN)
    assert api_key not in caplog.text


async def test_user_flow_stream_refuses_handshakes(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Report an outage of the stream, and go on once it is back."""
    simulator.refuse_handshakes(503)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    simulator.accept_handshakes()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator)
    )
    assert result["step_id"] == "matches"


async def test_user_flow_cannot_connect_to_the_stream(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_STREAM_URL: CLOSED_STREAM_URL})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "cannot_connect"}


async def test_user_flow_unexpected_error(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Log an unexpected failure with its traceback, but never the key."""
    with patch(
        "custom_components.sportrix.config_flow.async_validate_stream_key",
        side_effect=RuntimeError("boom"),
    ):
        result = await _start_user_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(simulator)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error while validating" in caplog.text
    assert "RuntimeError: boom" in caplog.text
    assert API_KEY not in caplog.text


@pytest.mark.parametrize(
    "changes",
    [
        {CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream"},
        {CONF_STREAM_URL: "ws://192.168.1.10:8765/v1/stream"},
        {CONF_API_URL: "http://api.sportrixdata.com/api"},
        # One error per section: the stream URL's comes first.
        {
            CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream",
            CONF_API_URL: "api.sportrixdata.com",
        },
    ],
)
async def test_user_flow_insecure_urls(
    hass: HomeAssistant, simulator: Simulator, changes: dict[str, str]
) -> None:
    """Refuse plain-text URLs to other computers before connecting."""
    typed = _user_input(simulator, **changes)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {SECTION_ADVANCED: "insecure_url"}
    assert result["description_placeholders"] == {}
    assert simulator.handshake_count == 0
    # The section opens on its error and keeps what was typed.
    assert _section(result).options == {"collapsed": False}
    for key, value in typed[SECTION_ADVANCED].items():
        assert _suggested(result, key) == value


async def test_user_flow_malformed_url(hass: HomeAssistant, simulator: Simulator) -> None:
    """Refuse a malformed address, showing a good one as the example."""
    typed = _user_input(
        simulator, **{CONF_STREAM_URL: "scores.sportrixdata.com", CONF_API_URL: "https://"}
    )
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)
    assert result["errors"] == {SECTION_ADVANCED: "invalid_url"}
    assert result["description_placeholders"] == {"example_url": DEFAULT_STREAM_URL}
    assert simulator.handshake_count == 0
    assert _section(result).options == {"collapsed": False}


async def test_user_flow_api_url_error_after_the_stream_url_is_fixed(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Show the REST URL's error once the stream URL is accepted."""
    result = await _start_user_flow(hass)
    bad_api_url = {CONF_API_URL: "http://api.sportrixdata.com/api"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        _user_input(simulator, **bad_api_url, **{CONF_STREAM_URL: "not a url"}),
    )
    assert result["errors"] == {SECTION_ADVANCED: "invalid_url"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **bad_api_url)
    )
    assert result["errors"] == {SECTION_ADVANCED: "insecure_url"}
    assert simulator.handshake_count == 0


async def test_user_flow_key_error_leaves_default_servers_closed(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Keep the section closed when only the key is wrong and the servers are default."""
    with (
        patch("custom_components.sportrix.config_flow.DEFAULT_STREAM_URL", simulator.ws_url),
        patch("custom_components.sportrix.config_flow.DEFAULT_API_URL", simulator.api_url),
    ):
        result = await _start_user_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {
                CONF_API_KEY: "sk_demo_expired",
                SECTION_ADVANCED: {
                    CONF_STREAM_URL: simulator.ws_url,
                    CONF_API_URL: simulator.api_url,
                },
            },
        )
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    assert _section(result).options == {"collapsed": True}


async def test_user_flow_plain_text_on_loopback(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Accept plain ws:// and http:// for this computer, as the simulator uses."""
    result = await _matches_form(
        hass,
        simulator,
        **{
            CONF_STREAM_URL: f" {simulator.ws_url} ",
            CONF_API_URL: simulator.api_url.replace("http://", "HTTP://"),
        },
    )
    # The catalog answered on the typed address: the list is offered.
    assert str(SOCCER_MATCH) in _offered(result)
    result = await _pick(hass, result, ["41282"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_STREAM_URL] == simulator.ws_url


@pytest.mark.parametrize("api_key", [API_KEY, f" {API_KEY}\n"])
async def test_user_flow_already_configured(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry, api_key: str
) -> None:
    """Abort for a key that already has an entry, without contacting Sportrix."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: api_key})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert simulator.handshake_count == 0


async def test_user_flow_key_configured_while_picking(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Abort at the matches step when the key got an entry meanwhile."""
    result = await _matches_form(hass, simulator)
    mock_config_entry.add_to_hass(hass)
    result = await _pick(hass, result, [str(FINISHED_MATCH)])
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_user_flow_second_key(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Allow a second entry for a different key."""
    mock_config_entry.add_to_hass(hass)
    result = await _matches_form(hass, simulator, "sk_demo_soccer")
    result = await _pick(hass, result, ["41250"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


# Matches step: the picker


async def test_matches_form_lists_live_and_upcoming_matches(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Offer every sport's live and coming matches, sport by sport and then by kick-off."""
    result = await _matches_form(hass, simulator)
    assert _fields(result) == [CONF_MATCH_IDS]
    assert result["errors"] == {}
    offered = _offered(result)
    # Soccer first (the catalog's order of sports), then cricket; the finished match is not.
    assert list(offered) == [
        str(SOCCER_MATCH),
        str(SOON_MATCH),
        str(NOT_STARTED_MATCH),
        str(CRICKET_MATCH),
    ]
    assert offered[str(SOCCER_MATCH)] == (
        "Vancouver Whitecaps II vs The Town · USA MLS Next Pro League · In play"
    )
    assert offered[str(CRICKET_MATCH)] == "India vs Australia · ICC Men's T20 Series · In play"


async def test_matches_labels_in_the_users_time_zone(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Label a coming match with its weekday and time where the user lives."""
    freezer.move_to(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # a Tuesday
    await hass.config.async_set_time_zone("America/New_York")
    simulator.schedule(NOT_STARTED_MATCH, datetime(2026, 12, 5, 20, 0, tzinfo=UTC))
    simulator.schedule(SOON_MATCH, datetime(2026, 12, 2, 4, 30, tzinfo=UTC))
    result = await _matches_form(hass, simulator)
    offered = _offered(result)
    # 20:00 UTC on Saturday is 15:00 in New York; 04:30 UTC on Wednesday is Tuesday evening.
    assert offered[str(NOT_STARTED_MATCH)] == (
        "Salmon Bay FC (W) vs West Seattle Rhodies FC (W) · Swedish Division 2 · Sat 15:00"
    )
    assert offered[str(SOON_MATCH)].endswith(" · USA MLS Next Pro League · Tue 23:30")
    assert list(offered).index(str(SOON_MATCH)) < list(offered).index(str(NOT_STARTED_MATCH))


async def test_matches_form_leaves_out_matches_after_a_week(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """List matches up to seven days ahead; a later one can still be typed."""
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    freezer.move_to(now)
    simulator.schedule(SOON_MATCH, now + timedelta(days=7))
    simulator.schedule(NOT_STARTED_MATCH, now + timedelta(days=7, minutes=1))
    result = await _matches_form(hass, simulator)
    offered = _offered(result)
    assert str(SOON_MATCH) in offered
    assert str(NOT_STARTED_MATCH) not in offered


async def test_matches_picked_and_typed(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Take picked matches as they are, and look up only the typed IDs in the catalog."""
    result = await _matches_form(hass, simulator)
    with patch.object(
        config_flow_module.SportrixClient,
        "match",
        autospec=True,
        side_effect=config_flow_module.SportrixClient.match,
    ) as lookup:
        result = await _pick(hass, result, [str(SOON_MATCH), " 41250 "])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: [SOON_MATCH, FINISHED_MATCH]}
    assert [call.args[1] for call in lookup.call_args_list] == [FINISHED_MATCH]


async def test_matches_several_ids_typed_as_one_value(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Split a typed value of several IDs, as the text field did."""
    result = await _matches_form(hass, simulator)
    result = await _pick(hass, result, ["41250, 41282"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: [FINISHED_MATCH, SOCCER_MATCH]}


async def test_matches_empty_selection(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """With the catalog, nothing may be picked: teams and competitions come afterwards."""
    result = await _matches_form(hass, simulator)
    result = await _pick(hass, result, [])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: []}


async def test_the_entry_takes_the_name_typed(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """The form offers a name no entry has; the entry is called what the user typed."""
    MockConfigEntry(domain=DOMAIN, title="Sportrix").add_to_hass(hass)
    result = await _start_user_flow(hass)
    offered = next(m.default() for m in result["data_schema"].schema if m == CONF_NAME)
    assert offered == "Sportrix 2"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_NAME: "  Living room "})
    )
    result = await _pick(hass, result, [])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living room"


async def test_user_flow_accepts_a_match_whose_catalog_entry_does_not_parse(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A catalog answer for a typed match proves it exists, even when it cannot be parsed."""
    result = await _matches_form(hass, simulator)
    with patch(
        "custom_components.sportrix.config_flow.SportrixClient.match",
        side_effect=SportrixProtocolError("start_time is null"),
    ):
        result = await _pick(hass, result, [str(FINISHED_MATCH)])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: [FINISHED_MATCH]}


@pytest.mark.parametrize(
    ("match_ids", "unknown"),
    [
        ([str(SOCCER_MATCH), str(UNKNOWN_MATCH)], str(UNKNOWN_MATCH)),
        ([str(UNKNOWN_MATCH), str(SOCCER_MATCH), "888888"], f"{UNKNOWN_MATCH}, 888888"),
    ],
)
async def test_user_flow_unknown_match_ids(
    hass: HomeAssistant, simulator: Simulator, match_ids: list[str], unknown: str
) -> None:
    """Name the typed matches the catalog does not know, and keep the selection."""
    result = await _matches_form(hass, simulator)
    result = await _pick(hass, result, match_ids)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "matches"
    assert result["errors"] == {CONF_MATCH_IDS: "unknown_match_ids"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: unknown}
    assert _suggested(result, CONF_MATCH_IDS) == match_ids


async def test_user_flow_sport_outside_the_allowlist(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """List only the key's sports; the stream tells a typed match of another sport apart."""
    result = await _matches_form(hass, simulator, "sk_demo_soccer")
    assert str(CRICKET_MATCH) not in _offered(result)
    result = await _pick(hass, result, [str(SOCCER_MATCH), str(CRICKET_MATCH)])
    assert result["errors"] == {CONF_MATCH_IDS: "sport_not_enabled"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: str(CRICKET_MATCH)}

    # A match that does not exist is named first: it may be a typing error.
    result = await _pick(hass, result, [str(CRICKET_MATCH), str(UNKNOWN_MATCH)])
    assert result["errors"] == {CONF_MATCH_IDS: "unknown_match_ids"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: str(UNKNOWN_MATCH)}


@pytest.mark.parametrize(
    ("match_ids", "error"),
    [
        (["41282", "4l282"], "invalid_match_ids"),
        (["41282", "Arsenal"], "team_name_typed"),
        (["0"], "invalid_match_ids"),
        ([str(MAX_MATCH_ID + 1)], "invalid_match_ids"),
        ([str(n) for n in range(1, MAX_MATCHES + 2)], "too_many_matches"),
    ],
)
async def test_user_flow_bad_match_ids(
    hass: HomeAssistant, simulator: Simulator, match_ids: list[str], error: str
) -> None:
    """Refuse bad typed IDs before asking the catalog."""
    result = await _matches_form(hass, simulator)
    with patch.object(config_flow_module.SportrixClient, "match") as lookup:
        result = await _pick(hass, result, match_ids)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: error}
    assert not lookup.called


# Matches step: the text field, without the picker


async def test_user_flow_key_without_fixtures_scope(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Ask for IDs as text, saying why, and take them on trust (the catalog answers 403)."""
    result = await _matches_form(hass, simulator, "sk_demo_stream_only")
    assert _selector(result) == {"text": {"multiline": False, "multiple": False, "type": "text"}}
    assert result["errors"] == {"base": "no_fixtures"}
    # Required, as before the picker: without the catalog there is nothing else to follow.
    result = await _pick(hass, result, "")
    assert result["errors"] == {"base": "no_fixtures", CONF_MATCH_IDS: "invalid_match_ids"}
    result = await _pick(hass, result, f"{UNKNOWN_MATCH}, 41282")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_API_KEY] == "sk_demo_stream_only"
    assert result["options"] == {CONF_MATCH_IDS: [UNKNOWN_MATCH, SOCCER_MATCH]}


async def test_user_flow_catalog_unreachable(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Fall back to the text field when the catalog does not answer; its check still runs."""
    result = await _matches_form(hass, simulator, **{CONF_API_URL: CLOSED_API_URL})
    assert "text" in _selector(result)
    assert result["errors"] == {"base": "catalog_unavailable"}
    result = await _pick(hass, result, "41282")
    assert result["errors"] == {"base": "cannot_connect"}
    assert _suggested(result, CONF_MATCH_IDS) == "41282"


@pytest.mark.parametrize(
    ("failure", "note"),
    [
        (
            SportrixConnectionError("HTTP 429", retry_after=30),
            "catalog_unavailable",
        ),
        (SportrixProtocolError("/sports did not return a JSON array"), "catalog_invalid"),
        (RuntimeError("boom"), "catalog_unavailable"),
    ],
    ids=["rate_limited", "malformed", "unexpected"],
)
async def test_user_flow_picker_fails(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_setup_entry: AsyncMock,
    failure: Exception,
    note: str,
) -> None:
    """Say why the list is missing and take typed IDs, checked in the catalog."""
    with patch.object(config_flow_module.SportrixClient, "sports", side_effect=failure):
        result = await _matches_form(hass, simulator)
    assert "text" in _selector(result)
    assert result["errors"] == {"base": note}
    result = await _pick(hass, result, f"41282 {UNKNOWN_MATCH}")
    assert result["errors"] == {"base": note, CONF_MATCH_IDS: "unknown_match_ids"}
    result = await _pick(hass, result, "41282")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: [SOCCER_MATCH]}


async def test_picker_asks_the_catalog_a_few_times_and_four_at_once(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Ask for the sports, each sport's active leagues and each league's active matches."""
    client = config_flow_module.SportrixClient
    calls: list[str] = []
    in_flight = 0
    most = 0

    def counting(name: str) -> Any:
        method = getattr(client, name)

        async def call(self: Any, *args: Any) -> Any:
            nonlocal in_flight, most
            calls.append(name)
            in_flight += 1
            most = max(most, in_flight)
            try:
                return await method(self, *args)
            finally:
                in_flight -= 1

        return call

    with (
        patch.object(client, "sports", counting("sports")),
        patch.object(client, "active_leagues", counting("active_leagues")),
        patch.object(client, "active_matches", counting("active_matches")),
    ):
        await _matches_form(hass, simulator)
    # Two sports; three leagues with matches to come.
    assert sorted(calls) == ["active_leagues"] * 2 + ["active_matches"] * 3 + ["sports"]
    assert 1 < most <= 4


# Reauthentication


async def test_reauth(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Store a new key after checking it, update the unique ID and reload the entry."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(mock_setup_entry.mock_calls) == 1
    simulator.add_key(NEW_KEY, scopes=ALL_SCOPES)

    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert _fields(result) == [CONF_API_KEY]
    assert _suggested(result, CONF_API_KEY) is None

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: "sk_demo_expired"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: f" {NEW_KEY} "}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data == {
        CONF_API_KEY: NEW_KEY,
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: simulator.api_url,
    }
    assert mock_config_entry.unique_id == unique_id_for_key(NEW_KEY)
    assert mock_config_entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}
    assert len(mock_setup_entry.mock_calls) == 2


async def test_reauth_same_key_again(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Accept the entry's own key once Sportrix takes it again."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: API_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.unique_id == unique_id_for_key(API_KEY)


async def test_reauth_uses_the_entry_stream(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Check the new key on the entry's stream URL, not the default one."""
    entry = _add_entry(hass, simulator, "sk_demo_expired", **{CONF_STREAM_URL: CLOSED_STREAM_URL})
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: API_KEY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert entry.data[CONF_API_KEY] == "sk_demo_expired"


async def test_reauth_key_of_another_entry(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Abort when the new key belongs to another entry."""
    mock_config_entry.add_to_hass(hass)
    other = _add_entry(hass, simulator, "sk_demo_soccer")
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: "sk_demo_soccer"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_API_KEY] == API_KEY
    assert other.data[CONF_API_KEY] == "sk_demo_soccer"
    assert simulator.handshake_count == 0


async def test_reauth_started_by_a_rejected_key(hass: HomeAssistant, simulator: Simulator) -> None:
    """Start reauthentication when setup meets a 401, and load the entry with the new key."""
    entry = _add_entry(hass, simulator, "sk_demo_expired")
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    assert flows[0]["step_id"] == "reauth_confirm"
    assert flows[0]["context"]["entry_id"] == entry.entry_id

    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_API_KEY: API_KEY}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_API_KEY] == API_KEY
    assert await hass.config_entries.async_unload(entry.entry_id)


# Reconfiguration


async def test_reconfigure_form(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Prefill the URLs but never send the stored key back to the browser."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert _fields(result) == [CONF_API_KEY, CONF_STREAM_URL, CONF_API_URL]
    assert _suggested(result, CONF_API_KEY) is None
    assert _suggested(result, CONF_STREAM_URL) == simulator.ws_url
    assert _suggested(result, CONF_API_URL) == simulator.api_url
    assert API_KEY not in repr(result)


async def test_reconfigure_new_key(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Store a new key and URLs, update the unique ID and reload the entry."""
    mock_config_entry.add_to_hass(hass)
    simulator.add_key(NEW_KEY, scopes=ALL_SCOPES)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_API_KEY: NEW_KEY,
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: f"{simulator.api_url}/",
        },
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_API_KEY: NEW_KEY,
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: f"{simulator.api_url}/",
    }
    assert mock_config_entry.unique_id == unique_id_for_key(NEW_KEY)
    assert mock_config_entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize(
    "user_input", [{CONF_API_KEY: ""}, {CONF_API_KEY: "   "}, {}], ids=["empty", "blank", "absent"]
)
async def test_reconfigure_keeps_the_key(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    user_input: dict[str, str],
) -> None:
    """Keep the stored key when the key field is left empty."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {**user_input, CONF_STREAM_URL: simulator.ws_url, CONF_API_URL: simulator.api_url},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data[CONF_API_KEY] == API_KEY
    assert mock_config_entry.unique_id == unique_id_for_key(API_KEY)
    assert simulator.handshake_count == 1


@pytest.mark.parametrize(
    ("changes", "errors", "placeholders"),
    [
        ({CONF_API_KEY: "sk_demo_expired"}, {CONF_API_KEY: "invalid_auth"}, {}),
        ({CONF_STREAM_URL: CLOSED_STREAM_URL}, {"base": "cannot_connect"}, {}),
        ({CONF_API_URL: CLOSED_API_URL}, {"base": "cannot_connect"}, {}),
        (
            {CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream"},
            {CONF_STREAM_URL: "insecure_url"},
            {},
        ),
        (
            {CONF_API_URL: "api.sportrixdata.com"},
            {CONF_API_URL: "invalid_url"},
            {"example_url": DEFAULT_API_URL},
        ),
        # The followed cricket match is outside this key's allowlist: its stream says so.
        (
            {CONF_API_KEY: "sk_demo_soccer"},
            {"base": "sport_not_enabled"},
            {CONF_MATCH_IDS: str(CRICKET_MATCH)},
        ),
    ],
)
async def test_reconfigure_errors(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    *,
    changes: dict[str, str],
    errors: dict[str, str],
    placeholders: dict[str, str],
) -> None:
    """Show the error, keep what was typed, and change nothing until the input is valid."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    typed = {CONF_STREAM_URL: simulator.ws_url, CONF_API_URL: simulator.api_url, **changes}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert result["description_placeholders"] == placeholders
    for key, value in typed.items():
        assert _suggested(result, key) == value
    assert mock_config_entry.data[CONF_API_KEY] == API_KEY
    assert mock_config_entry.data[CONF_STREAM_URL] == simulator.ws_url

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STREAM_URL: simulator.ws_url, CONF_API_URL: simulator.api_url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_reconfigure_key_of_another_entry(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Abort when the new key belongs to another entry."""
    mock_config_entry.add_to_hass(hass)
    _add_entry(hass, simulator, "sk_demo_soccer")
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_API_KEY: "sk_demo_soccer",
            CONF_STREAM_URL: simulator.ws_url,
            CONF_API_URL: simulator.api_url,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_API_KEY] == API_KEY


# Options


async def _start_options_flow(hass: HomeAssistant, entry: MockConfigEntry) -> ConfigFlowResult:
    """Set the entry up (with setup replaced) and open its options."""
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return await hass.config_entries.options.async_init(entry.entry_id)


@pytest.mark.parametrize(
    ("picked", "saved"),
    [
        (["41282", "50001", "41301"], [SOCCER_MATCH, CRICKET_MATCH, NOT_STARTED_MATCH]),
        (["50001"], [CRICKET_MATCH]),
        (["41250", "41282"], [FINISHED_MATCH, SOCCER_MATCH]),
        ([], []),
    ],
    ids=["add", "remove", "replace_with_a_typed_id", "none"],
)
async def test_options_flow(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    *,
    picked: list[str],
    saved: list[int],
) -> None:
    """Offer the catalog's matches with the followed ones picked; save without reloading."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_options_flow(hass, mock_config_entry)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert result["errors"] == {}
    assert _fields(result) == [CONF_MATCH_IDS, CONF_STATISTICS]
    assert str(NOT_STARTED_MATCH) in _offered(result)
    assert _suggested(result, CONF_MATCH_IDS) == ["41282", "50001"]
    assert _suggested(result, CONF_STATISTICS) is False

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: picked}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_MATCH_IDS: saved, CONF_STATISTICS: False}
    assert mock_config_entry.options == {CONF_MATCH_IDS: saved, CONF_STATISTICS: False}
    assert mock_config_entry.data[CONF_API_KEY] == API_KEY
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert len(mock_setup_entry.mock_calls) == 1
    # Only the catalog was asked; the stream is the running connection's business.
    assert simulator.handshake_count == 0


async def test_options_flow_offers_followed_matches_the_list_lacks(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A followed match the catalog no longer lists stays offered, by its ID."""
    entry = _add_entry(hass, simulator, API_KEY)
    hass.config_entries.async_update_entry(
        entry, options={CONF_MATCH_IDS: [FINISHED_MATCH, SOCCER_MATCH], CONF_STATISTICS: True}
    )
    result = await _start_options_flow(hass, entry)
    offered = _offered(result)
    assert offered[str(FINISHED_MATCH)] == f"Match {FINISHED_MATCH}"
    assert offered[str(SOCCER_MATCH)].startswith("Vancouver Whitecaps II vs The Town")
    assert list(offered).count(str(SOCCER_MATCH)) == 1
    assert _suggested(result, CONF_STATISTICS) is True
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: [str(FINISHED_MATCH)], CONF_STATISTICS: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_MATCH_IDS: [FINISHED_MATCH], CONF_STATISTICS: True}


async def test_options_flow_removal_needs_no_catalog(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Without the catalog: the text field, and removing works; adding needs the catalog."""
    entry = _add_entry(hass, simulator, API_KEY, **{CONF_API_URL: CLOSED_API_URL})
    result = await _start_options_flow(hass, entry)
    assert result["errors"] == {"base": "catalog_unavailable"}
    assert _suggested(result, CONF_MATCH_IDS) == "41282, 50001"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: "41282"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_MATCH_IDS] == [SOCCER_MATCH]

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: "41282 41250"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert entry.options[CONF_MATCH_IDS] == [SOCCER_MATCH]


@pytest.mark.parametrize(
    ("picked", "errors", "placeholders"),
    [
        (["41282", "4x"], {CONF_MATCH_IDS: "invalid_match_ids"}, {}),
        (["41282", "Arsenal"], {CONF_MATCH_IDS: "team_name_typed"}, {"value": "Arsenal"}),
        (
            [str(n) for n in range(1, MAX_MATCHES + 2)],
            {CONF_MATCH_IDS: "too_many_matches"},
            {},
        ),
        (
            ["41282", "50001", str(UNKNOWN_MATCH)],
            {CONF_MATCH_IDS: "unknown_match_ids"},
            {CONF_MATCH_IDS: str(UNKNOWN_MATCH)},
        ),
    ],
)
async def test_options_flow_errors(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_setup_entry: AsyncMock,
    *,
    picked: list[str],
    errors: dict[str, str],
    placeholders: dict[str, str],
) -> None:
    """Show the error, keep what was picked, and keep the old list."""
    entry = _add_entry(hass, simulator, API_KEY)
    result = await _start_options_flow(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: picked}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert result["description_placeholders"] == placeholders
    assert _suggested(result, CONF_MATCH_IDS) == picked
    assert entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


async def test_options_flow_rejected_key(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A rejected key loads no list, and says so; typed IDs are refused as the key is."""
    entry = _add_entry(hass, simulator, "sk_demo_expired")
    result = await _start_options_flow(hass, entry)
    assert result["errors"] == {"base": "invalid_auth"}
    assert "text" in _selector(result)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: "41282 50001 41250"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


async def test_options_flow_key_without_fixtures_scope(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Ask for IDs as text and take added IDs on trust when the key cannot read the catalog."""
    entry = _add_entry(hass, simulator, "sk_demo_stream_only")
    result = await _start_options_flow(hass, entry)
    assert result["errors"] == {"base": "no_fixtures"}
    assert "text" in _selector(result)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: ""}
    )
    assert result["errors"] == {"base": "no_fixtures", CONF_MATCH_IDS: "invalid_match_ids"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: f"41282 {UNKNOWN_MATCH}"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_MATCH_IDS] == [SOCCER_MATCH, UNKNOWN_MATCH]


async def test_options_flow_applies_on_the_running_connection(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Keep the loaded entry and its connection: the update listener applies the change."""
    entry = init_integration
    runtime_data = entry.runtime_data
    handshakes = simulator.handshake_count

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: ["41282"]}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is runtime_data
    assert simulator.handshake_count == handshakes


# One entry per match


async def test_user_flow_refuses_a_match_another_entry_follows(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A second key cannot follow a match the first entry follows; the form says which."""
    first = _add_entry(hass, simulator, "sk_demo_soccer")
    result = await _matches_form(hass, simulator)
    result = await _pick(hass, result, ["41250", "41282"])
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    # The first entry is not running: the list names the match.
    assert result["description_placeholders"] == {
        "matches": f"Vancouver Whitecaps II vs The Town ({SOCCER_MATCH})",
        "entry": first.title,
    }

    result = await _pick(hass, result, ["41250"])
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_options_flow_refuses_a_match_another_entry_follows(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Adding a match in the options is refused when another entry follows it."""
    other = _add_entry(hass, simulator, "sk_demo_soccer")
    hass.config_entries.async_update_entry(other, options={CONF_MATCH_IDS: [FINISHED_MATCH]})
    mock_config_entry.add_to_hass(hass)
    result = await _start_options_flow(hass, mock_config_entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: ["41282", "50001", "41250"]}
    )
    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    # Finished: not in the list, and the other entry, not running, has no name for it.
    assert result["description_placeholders"]["matches"] == str(FINISHED_MATCH)
    assert mock_config_entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


def test_an_entry_is_offered_a_name_no_other_entry_has() -> None:
    """The first entry is offered "Sportrix", the next "Sportrix 2", whatever the case."""
    assert default_entry_name([]) == "Sportrix"
    assert default_entry_name(["Living room"]) == "Sportrix"
    assert default_entry_name(["sportrix"]) == "Sportrix 2"
    assert default_entry_name(["Sportrix", "Sportrix 2", "Sportrix 4"]) == "Sportrix 3"


async def test_a_key_without_the_stream_sets_up_in_polling_mode(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """The stream refuses a live_scores key that the REST API takes: the flow says it polls."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: "sk_demo_live_only"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "polling"
    assert result["description_placeholders"] == {"interval": "10"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "matches"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: "41282"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_API_KEY] == "sk_demo_live_only"
