"""Tests for the Sportrix config flow, against the simulator on loopback."""

from __future__ import annotations

from collections.abc import Iterator
import json
import logging
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, PropertyMock, patch

import aiohttp
from homeassistant import data_entry_flow
from homeassistant.config_entries import (
    SOURCE_USER,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sportrix import config_flow as config_flow_module
from custom_components.sportrix.api import SportrixProtocolError
from custom_components.sportrix.config_flow import (
    SECTION_ADVANCED,
    SportrixConfigFlow,
    entry_title,
)
from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_STATISTICS,
    CONF_STREAM_URL,
    DEFAULT_API_URL,
    DEFAULT_STREAM_URL,
    DOMAIN,
    MAX_MATCH_ID,
    MAX_MATCHES,
)
from custom_components.sportrix.validation import unique_id_for_key
from sportrix_simulator import Simulator
from sportrix_simulator.keys import ALL_SCOPES

from .conftest import API_KEY, CRICKET_MATCH, SOCCER_MATCH

FINISHED_MATCH = 41250
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
        CONF_MATCH_IDS: f"{SOCCER_MATCH}, {CRICKET_MATCH}",
        CONF_STREAM_URL: simulator.ws_url,
        CONF_API_URL: simulator.api_url,
        **changes,
    }
    return {
        **{key: value for key, value in fields.items() if key not in _SECTION_FIELDS},
        SECTION_ADVANCED: {key: fields[key] for key in _SECTION_FIELDS},
    }


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
            },
        ),
        (
            "config",
            "abort",
            {"already_configured", "reauth_successful", "reconfigure_successful"},
        ),
        ("config", "step", {"user", "reauth_confirm", "reconfigure"}),
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
        ("options", "error", {"unknown"}),
        ("options", "step", {"init"}),
    ],
)
def test_every_key_the_flow_uses_is_translated(section: str, kind: str, keys: set[str]) -> None:
    assert keys <= set(STRINGS[section][kind])


# User step


async def test_user_form(hass: HomeAssistant) -> None:
    """Ask for the key and matches, with the server URLs in a collapsed section."""
    result = await _start_user_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    assert _fields(result) == [CONF_API_KEY, CONF_MATCH_IDS, SECTION_ADVANCED]
    advanced = _section(result)
    assert advanced.options == {"collapsed": True}
    defaults = {str(marker): marker.default() for marker in advanced.schema.schema}
    assert defaults == {CONF_STREAM_URL: DEFAULT_STREAM_URL, CONF_API_URL: DEFAULT_API_URL}


async def test_user_form_is_translated(hass: HomeAssistant) -> None:
    """Give every field of the user form, and its section, a label and a description."""
    step = STRINGS["config"]["step"]["user"]
    result = await _start_user_flow(hass)
    fields = [field for field in _fields(result) if field != SECTION_ADVANCED]
    assert set(step["data"]) == set(step["data_description"]) == set(fields)
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
            result["flow_id"],
            {
                CONF_API_KEY: f"  {API_KEY} ",
                CONF_MATCH_IDS: "41282 50001 41282",
                SECTION_ADVANCED: {},
            },
        )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Sportrix: Vancouver Whitecaps II vs The Town and 1 more"
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
    """Each submitted form's HTTP session is released once the check is done."""
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
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(sessions) == 2
    assert all(session.closed for session in sessions)


async def test_user_flow_through_the_section(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Store the section's URLs flat in the entry data, next to the key."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_MATCH_IDS: "50001,41250"})
    )

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
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert not advanced_mode.called


async def test_user_form_as_the_frontend_receives_it(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, socket_enabled: None
) -> None:
    """Serialize the section for the frontend, and put a URL error on the section."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    response = await client.post("/api/config/config_entries/flow", json={"handler": DOMAIN})
    assert response.status == 200
    form = await response.json()
    assert [field["name"] for field in form["data_schema"]] == [
        CONF_API_KEY,
        CONF_MATCH_IDS,
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
    response = await client.post(
        f"/api/config/config_entries/flow/{form['flow_id']}",
        json={
            CONF_API_KEY: API_KEY,
            CONF_MATCH_IDS: "41282",
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
    assert _suggested(result, CONF_MATCH_IDS) == typed[CONF_MATCH_IDS]
    assert _suggested(result, CONF_STREAM_URL) == simulator.ws_url
    assert _suggested(result, CONF_API_URL) == simulator.api_url
    # The error is not the section's, but it holds addresses of the user's own: they stay shown.
    assert _section(result).options == {"collapsed": False}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize(
    "api_key",
    [
        "sk_demo_expired",  # 401 everywhere
        "sk_demo_live_only",  # no live_scores_statistics: the stream refuses it
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
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    assert not hass.config_entries.async_entries(DOMAIN)
    assert api_key not in caplog.text


async def test_user_flow_stream_refuses_handshakes(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Report an outage of the stream, and succeed once it is back."""
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
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "changes",
    [
        {CONF_STREAM_URL: CLOSED_STREAM_URL},
        {CONF_API_URL: CLOSED_API_URL},
    ],
    ids=["stream", "catalog"],
)
async def test_user_flow_cannot_connect(
    hass: HomeAssistant, simulator: Simulator, changes: dict[str, str]
) -> None:
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **changes)
    )
    assert result["type"] is FlowResultType.FORM
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


async def test_user_flow_accepts_a_match_whose_catalog_entry_does_not_parse(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A catalog answer for a match proves it exists, even when it cannot be parsed."""
    with patch(
        "custom_components.sportrix.config_flow.SportrixClient.match",
        side_effect=SportrixProtocolError("start_time is null"),
    ):
        result = await _start_user_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(simulator)
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


@pytest.mark.parametrize(
    ("match_ids", "unknown"),
    [
        (f"{SOCCER_MATCH}, {UNKNOWN_MATCH}", str(UNKNOWN_MATCH)),
        (f"{UNKNOWN_MATCH} {SOCCER_MATCH} 888888", f"{UNKNOWN_MATCH}, 888888"),
    ],
)
async def test_user_flow_unknown_match_ids(
    hass: HomeAssistant, simulator: Simulator, match_ids: str, unknown: str
) -> None:
    """Name the matches the catalog does not know."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_MATCH_IDS: match_ids})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: "unknown_match_ids"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: unknown}
    assert _suggested(result, CONF_MATCH_IDS) == match_ids


async def test_user_flow_sport_outside_the_allowlist(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Report a match of a sport the key may not see as unknown, as the catalog does."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_API_KEY: "sk_demo_soccer"})
    )
    assert result["errors"] == {CONF_MATCH_IDS: "unknown_match_ids"}
    assert result["description_placeholders"] == {CONF_MATCH_IDS: str(CRICKET_MATCH)}


async def test_user_flow_key_without_fixtures_scope(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Take the IDs on trust when the key cannot read the catalog (403)."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        _user_input(
            simulator,
            **{CONF_API_KEY: "sk_demo_stream_only", CONF_MATCH_IDS: f"{UNKNOWN_MATCH}, 41282"},
        ),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_API_KEY] == "sk_demo_stream_only"
    # Without the catalog the entry is named after the IDs it follows.
    assert result["title"] == f"Sportrix: matches {UNKNOWN_MATCH}, 41282"
    assert result["options"] == {CONF_MATCH_IDS: [UNKNOWN_MATCH, SOCCER_MATCH]}


@pytest.mark.parametrize(
    ("match_ids", "error"),
    [
        ("", "invalid_match_ids"),
        ("41282, abc", "invalid_match_ids"),
        ("0", "invalid_match_ids"),
        (str(MAX_MATCH_ID + 1), "invalid_match_ids"),
        (" ".join(str(n) for n in range(1, MAX_MATCHES + 2)), "too_many_matches"),
    ],
)
async def test_user_flow_bad_match_ids(
    hass: HomeAssistant, simulator: Simulator, match_ids: str, error: str
) -> None:
    """Refuse bad match IDs before contacting Sportrix."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_MATCH_IDS: match_ids})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: error}
    assert simulator.handshake_count == 0


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream"},
            {SECTION_ADVANCED: "insecure_url"},
        ),
        (
            {CONF_STREAM_URL: "ws://192.168.1.10:8765/v1/stream"},
            {SECTION_ADVANCED: "insecure_url"},
        ),
        (
            {CONF_API_URL: "http://api.sportrixdata.com/api"},
            {SECTION_ADVANCED: "insecure_url"},
        ),
        (
            {CONF_STREAM_URL: "scores.sportrixdata.com", CONF_API_URL: "https://"},
            {SECTION_ADVANCED: "invalid_url"},
        ),
        # One error per section: the stream URL's comes first.
        (
            {
                CONF_STREAM_URL: "ws://scores.sportrixdata.com/v1/stream",
                CONF_API_URL: "api.sportrixdata.com",
            },
            {SECTION_ADVANCED: "insecure_url"},
        ),
        (
            {CONF_STREAM_URL: "https://scores.sportrixdata.com", CONF_MATCH_IDS: "x"},
            {SECTION_ADVANCED: "invalid_url", CONF_MATCH_IDS: "invalid_match_ids"},
        ),
    ],
)
async def test_user_flow_url_rules(
    hass: HomeAssistant, simulator: Simulator, changes: dict[str, str], errors: dict[str, str]
) -> None:
    """Refuse plain-text URLs to other computers, and malformed URLs, before connecting."""
    typed = _user_input(simulator, **changes)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert simulator.handshake_count == 0
    # The malformed address's error shows a good one as its example.
    expected = {"example_url": DEFAULT_STREAM_URL} if "invalid_url" in errors.values() else {}
    assert result["description_placeholders"] == expected
    # The section opens on its error and keeps what was typed.
    assert _section(result).options == {"collapsed": False}
    for key, value in typed[SECTION_ADVANCED].items():
        assert _suggested(result, key) == value


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


async def test_user_flow_match_ids_error_leaves_the_section_closed(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Keep the section closed when only the match IDs are wrong and the servers are default."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_API_KEY: API_KEY, CONF_MATCH_IDS: "x", SECTION_ADVANCED: {}},
    )
    assert result["errors"] == {CONF_MATCH_IDS: "invalid_match_ids"}
    assert _section(result).options == {"collapsed": True}


async def test_user_flow_error_keeps_typed_servers_in_sight(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """After any error, addresses the user typed stay shown in an open section."""
    result = await _start_user_flow(hass)
    typed = _user_input(simulator, **{CONF_MATCH_IDS: "x"})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], typed)
    assert result["errors"] == {CONF_MATCH_IDS: "invalid_match_ids"}
    assert _section(result).options == {"collapsed": False}
    for key, value in typed[SECTION_ADVANCED].items():
        assert _suggested(result, key) == value


async def test_user_flow_plain_text_on_loopback(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Accept plain ws:// and http:// for this computer, as the simulator uses."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        _user_input(
            simulator,
            **{
                CONF_STREAM_URL: f" {simulator.ws_url} ",
                CONF_API_URL: simulator.api_url.replace("http://", "HTTP://"),
            },
        ),
    )
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


async def test_user_flow_second_key(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Allow a second entry for a different key."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        _user_input(simulator, **{CONF_API_KEY: "sk_demo_soccer", CONF_MATCH_IDS: "41250"}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


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
        # The followed cricket match is outside this key's allowlist.
        (
            {CONF_API_KEY: "sk_demo_soccer"},
            {"base": "unknown_match_ids"},
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
    ("typed", "saved"),
    [
        ("41282 50001 41250", [SOCCER_MATCH, CRICKET_MATCH, FINISHED_MATCH]),
        ("50001", [CRICKET_MATCH]),
        ("41250, 41282", [FINISHED_MATCH, SOCCER_MATCH]),
    ],
    ids=["add", "remove", "replace"],
)
async def test_options_flow(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    *,
    typed: str,
    saved: list[int],
) -> None:
    """Save the new list without reloading the entry."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_options_flow(hass, mock_config_entry)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert _fields(result) == [CONF_MATCH_IDS, CONF_STATISTICS]
    assert _suggested(result, CONF_MATCH_IDS) == "41282, 50001"
    assert _suggested(result, CONF_STATISTICS) is False

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: typed}
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


async def test_options_flow_removal_needs_no_catalog(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Check only added matches: removing works even while the catalog is unreachable."""
    entry = _add_entry(hass, simulator, API_KEY, **{CONF_API_URL: CLOSED_API_URL})
    result = await _start_options_flow(hass, entry)
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
    ("api_key", "typed", "errors", "placeholders"),
    [
        (API_KEY, "", {CONF_MATCH_IDS: "invalid_match_ids"}, {}),
        (API_KEY, "41282, x", {CONF_MATCH_IDS: "invalid_match_ids"}, {}),
        (
            API_KEY,
            " ".join(str(n) for n in range(1, MAX_MATCHES + 2)),
            {CONF_MATCH_IDS: "too_many_matches"},
            {},
        ),
        (
            API_KEY,
            f"41282 50001 {UNKNOWN_MATCH}",
            {CONF_MATCH_IDS: "unknown_match_ids"},
            {CONF_MATCH_IDS: str(UNKNOWN_MATCH)},
        ),
        ("sk_demo_expired", "41282 50001 41250", {"base": "invalid_auth"}, {}),
    ],
)
async def test_options_flow_errors(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_setup_entry: AsyncMock,
    *,
    api_key: str,
    typed: str,
    errors: dict[str, str],
    placeholders: dict[str, str],
) -> None:
    """Show the error, keep what was typed, and keep the old list."""
    entry = _add_entry(hass, simulator, api_key)
    result = await _start_options_flow(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MATCH_IDS: typed}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert result["description_placeholders"] == placeholders
    assert _suggested(result, CONF_MATCH_IDS) == typed
    assert entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


async def test_options_flow_key_without_fixtures_scope(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """Take added IDs on trust when the key cannot read the catalog."""
    entry = _add_entry(hass, simulator, "sk_demo_stream_only")
    result = await _start_options_flow(hass, entry)
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
        result["flow_id"], {CONF_MATCH_IDS: "41282"}
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
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_MATCH_IDS: "41250, 41282"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    assert result["description_placeholders"] == {
        CONF_MATCH_IDS: str(SOCCER_MATCH),
        "entry": first.title,
    }
    assert simulator.handshake_count == 0

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(simulator, **{CONF_MATCH_IDS: "41250"})
    )
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
        result["flow_id"], {CONF_MATCH_IDS: "41282, 50001, 41250"}
    )
    assert result["errors"] == {CONF_MATCH_IDS: "followed_elsewhere"}
    assert result["description_placeholders"][CONF_MATCH_IDS] == str(FINISHED_MATCH)
    assert mock_config_entry.options == {CONF_MATCH_IDS: [SOCCER_MATCH, CRICKET_MATCH]}


def test_entry_title_names_what_the_entry_follows() -> None:
    """One fixture by name, several as the first and a count, and IDs cut to one line."""
    assert entry_title(["Arsenal vs Chelsea"], [1]) == "Sportrix: Arsenal vs Chelsea"
    assert entry_title(["Arsenal vs Chelsea", "Spurs vs Leeds"], [1, 2]) == (
        "Sportrix: Arsenal vs Chelsea and 1 more"
    )
    long_title = entry_title([], list(range(100000, 100050)))
    assert long_title.startswith("Sportrix: matches 100000, 100001")
    assert len(long_title) == 60
