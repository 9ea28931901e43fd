"""Config flow for Sportrix Live Scores: user, reauth, reconfigure and options steps."""

from __future__ import annotations

from dataclasses import dataclass, field
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow, SectionConfig, section
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .api import (
    SportrixAuthError,
    SportrixClient,
    SportrixConnectionError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
    async_validate_stream_key,
)
from .const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_STATISTICS,
    CONF_STREAM_URL,
    DEFAULT_API_URL,
    DEFAULT_STREAM_URL,
    DOMAIN,
)
from .session import async_create_sportrix_session
from .validation import (
    MatchIdsError,
    format_match_ids,
    parse_match_ids,
    unique_id_for_key,
    url_errors,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from aiohttp import ClientSession

# Home Assistant 2026 validates with probatio, which keeps voluptuous' API; older releases
# only ship voluptuous. Importing probatio first gives each release its own schema type.
try:
    import probatio as vol  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - taken on Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef,unused-ignore]

_LOGGER = logging.getLogger(__name__)

# A title of many match IDs is cut: the entry list shows one line.
TITLE_LENGTH: Final = 60


# The user step's collapsed section that holds the server URLs; entry data stays flat.
SECTION_ADVANCED: Final = "advanced"

_KEY_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="off"))
_URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_MATCH_IDS_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.TEXT))


@dataclass(slots=True)
class _Outcome:
    """What validating against Sportrix found: form errors and their placeholders."""

    errors: dict[str, str] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)
    # "Home vs Away" of the matches the catalog named, in the order given.
    fixtures: list[str] = field(default_factory=list)


async def _async_validate(
    hass: HomeAssistant,
    api_key: str,
    *,
    stream_url: str | None,
    api_url: str,
    match_ids: list[int],
    key_field: str,
    ids_field: str,
) -> _Outcome:
    """Check the key on the stream (when stream_url is given) and the matches in the catalog."""
    # Each flow names the fields it shows; errors for fields it lacks go on "base".
    outcome = _Outcome()
    # A session of its own, let go at once: one per form submission would otherwise pile up
    # until Home Assistant stops.
    session = async_create_sportrix_session(hass, auto_cleanup=False)
    try:
        if stream_url is not None:
            await async_validate_stream_key(session, api_key, stream_url)
        unknown = await _async_look_up_matches(
            session, api_key, api_url, match_ids, outcome.fixtures
        )
    except SportrixAuthError:
        outcome.errors[key_field] = "invalid_auth"
    except SportrixConnectionError as err:
        _LOGGER.debug("Cannot reach Sportrix Data: %s", err)
        outcome.errors["base"] = "cannot_connect"
    except Exception:
        # The client's messages never carry the key, so the traceback is safe to log.
        _LOGGER.exception("Unexpected error while validating the Sportrix configuration")
        outcome.errors["base"] = "unknown"
    else:
        if unknown:
            outcome.errors[ids_field] = "unknown_match_ids"
            outcome.placeholders[CONF_MATCH_IDS] = format_match_ids(unknown)
    finally:
        session.detach()
    return outcome


async def _async_look_up_matches(
    session: ClientSession,
    api_key: str,
    api_url: str,
    match_ids: list[int],
    fixtures: list[str],
) -> list[int]:
    """Return the match IDs the catalog does not know (none when the key cannot read it).

    The names of the matches it knows are added to fixtures.
    """
    client = SportrixClient(api_key, session, base_url=api_url)
    unknown: list[int] = []
    # One at a time: the first lookup tells whether the key may read the catalog at all,
    # and the service documents no rate limit to burst against.
    for match_id in match_ids:
        try:
            match = await client.match(match_id)
        except SportrixNotFoundError:
            unknown.append(match_id)
        except SportrixProtocolError:
            # The catalog answered for it, so it exists, even if its entry does not parse.
            _LOGGER.debug("Match %s is in the catalog but its entry does not parse", match_id)
        except SportrixForbiddenError:
            # No fixtures scope: take the IDs on trust; entities are named from the stream.
            _LOGGER.debug("The API key cannot read the catalog; match IDs not checked")
            return []
        else:
            if match.home_team and match.away_team:
                fixtures.append(f"{match.home_team} vs {match.away_team}")
    return unknown


def entry_title(fixtures: list[str], match_ids: list[int]) -> str:
    """Name an entry after what it follows, so that several entries can be told apart."""
    if not fixtures:
        return f"Sportrix: matches {format_match_ids(match_ids)}"[:TITLE_LENGTH]
    more = len(match_ids) - 1
    title = fixtures[0] if more == 0 else f"{fixtures[0]} and {more} more"
    return f"Sportrix: {title}"


def _followed_elsewhere(
    hass: HomeAssistant, match_ids: list[int], entry_id: str | None
) -> dict[str, str] | None:
    """Return the placeholders naming matches another entry follows, or None when none is.

    Entity and device ids are per match: two entries following one match would share (and
    remove) each other's entities.
    """
    taken: dict[int, str] = {}
    for other in hass.config_entries.async_entries(DOMAIN, include_ignore=False):
        if other.entry_id != entry_id:
            taken.update((m, other.title) for m in other.options.get(CONF_MATCH_IDS, []))
    clashes = [match_id for match_id in match_ids if match_id in taken]
    if not clashes:
        return None
    return {
        CONF_MATCH_IDS: format_match_ids(clashes),
        "entry": ", ".join(dict.fromkeys(taken[m] for m in clashes)),
    }


def _default_servers(user_input: Mapping[str, Any] | None) -> bool:
    """Tell whether the user step's server addresses are the defaults (or not sent yet)."""
    typed: Mapping[str, str] = (user_input or {}).get(SECTION_ADVANCED) or {}
    return typed.get(CONF_STREAM_URL, DEFAULT_STREAM_URL).strip() == DEFAULT_STREAM_URL and (
        typed.get(CONF_API_URL, DEFAULT_API_URL).strip() == DEFAULT_API_URL
    )


def _example_url(bad_urls: Mapping[str, str]) -> dict[str, str]:
    """Return the invalid_url error's example: a good address for the first malformed field."""
    for field_name, example in (
        (CONF_STREAM_URL, DEFAULT_STREAM_URL),
        (CONF_API_URL, DEFAULT_API_URL),
    ):
        if bad_urls.get(field_name) == "invalid_url":
            return {"example_url": example}
    return {}


class SportrixConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Sportrix Data account and the matches it follows."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SportrixOptionsFlow:
        """Return the flow that changes the followed matches."""
        return SportrixOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the API key and the matches, then validate them against Sportrix."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_API_KEY].strip()
            await self.async_set_unique_id(unique_id_for_key(api_key), raise_on_progress=False)
            self._abort_if_unique_id_configured()
            # The form sends the section as a nested mapping; its schema fills in the defaults.
            advanced: Mapping[str, str] = user_input[SECTION_ADVANCED]
            stream_url = advanced[CONF_STREAM_URL].strip()
            api_url = advanced[CONF_API_URL].strip()
            # The frontend shows errors only for the form's top-level items: an error keyed by a
            # field inside a section is never displayed, while one keyed by the section's name
            # appears above the section (and is visible while it is collapsed). So a URL error
            # goes on the section, the stream URL's first; the section then opens (see below).
            if bad_urls := url_errors(stream_url, api_url):
                field_name, error = next(iter(bad_urls.items()))
                errors[SECTION_ADVANCED] = error
                placeholders = _example_url({field_name: error})
            match_ids: list[int] = []
            try:
                match_ids = parse_match_ids(user_input[CONF_MATCH_IDS])
            except MatchIdsError as err:
                errors[CONF_MATCH_IDS] = err.reason
            else:
                if clash := _followed_elsewhere(self.hass, match_ids, None):
                    errors[CONF_MATCH_IDS] = "followed_elsewhere"
                    placeholders.update(clash)
            if not errors:
                outcome = await _async_validate(
                    self.hass,
                    api_key,
                    stream_url=stream_url,
                    api_url=api_url,
                    match_ids=match_ids,
                    key_field=CONF_API_KEY,
                    ids_field=CONF_MATCH_IDS,
                )
                errors, placeholders = outcome.errors, outcome.placeholders
            if not errors:
                return self.async_create_entry(
                    title=entry_title(outcome.fixtures, match_ids),
                    data={
                        CONF_API_KEY: api_key,
                        CONF_STREAM_URL: stream_url,
                        CONF_API_URL: api_url,
                    },
                    options={CONF_MATCH_IDS: match_ids},
                )

        # Built for each form, so the defaults are read when it is shown.
        advanced_schema = vol.Schema(
            {
                vol.Required(CONF_STREAM_URL, default=DEFAULT_STREAM_URL): _URL_SELECTOR,
                vol.Required(CONF_API_URL, default=DEFAULT_API_URL): _URL_SELECTOR,
            }
        )
        schema = vol.Schema(
            {
                vol.Required(CONF_API_KEY): _KEY_SELECTOR,
                vol.Required(CONF_MATCH_IDS): _MATCH_IDS_SELECTOR,
                # No default on the section itself: the frontend would take it as the section's
                # data instead of collecting its fields' defaults, and show empty URL fields.
                vol.Required(SECTION_ADVANCED): section(
                    advanced_schema,
                    # Most users never change the servers: open it only to show its error, or
                    # the addresses the user typed, which a closed section would hide.
                    SectionConfig(
                        collapsed=SECTION_ADVANCED not in errors and _default_servers(user_input)
                    ),
                ),
            }
        )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _async_update_and_abort(
        self,
        entry: ConfigEntry,
        *,
        unique_id: str,
        data_updates: Mapping[str, Any],
        reason: str,
    ) -> ConfigFlowResult:
        """Store the new settings, reload the entry and finish.

        A changed, loaded entry reloads from its own update listener (current Home Assistant
        warns when a flow reloads an entry that has one). An entry that is not loaded has no
        listener, and unchanged settings call none: a reauth with the same key, once the
        server takes it again, must still restart the stream that stopped at the 401.
        """
        has_listener = bool(entry.update_listeners)
        changed = self.hass.config_entries.async_update_entry(
            entry, unique_id=unique_id, data={**entry.data, **data_updates}
        )
        if not (changed and has_listener):
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_abort(reason=reason)

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Start asking for a new key after Sportrix rejected the entry's key."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new API key, check it on the entry's stream and reload the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            entry = self._get_reauth_entry()
            api_key = user_input[CONF_API_KEY].strip()
            unique_id = unique_id_for_key(api_key)
            self._abort_if_key_of_other_entry(unique_id, entry)
            outcome = await _async_validate(
                self.hass,
                api_key,
                stream_url=entry.data[CONF_STREAM_URL],
                api_url=entry.data[CONF_API_URL],
                match_ids=[],  # the key only needs to open the stream again
                key_field=CONF_API_KEY,
                ids_field="base",
            )
            errors = outcome.errors
            if not errors:
                return self._async_update_and_abort(
                    entry,
                    unique_id=unique_id,
                    data_updates={CONF_API_KEY: api_key},
                    reason="reauth_successful",
                )

        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_API_KEY): _KEY_SELECTOR}),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the key or the server URLs; an empty key field keeps the current key."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input.get(CONF_API_KEY, "").strip() or entry.data[CONF_API_KEY]
            unique_id = unique_id_for_key(api_key)
            self._abort_if_key_of_other_entry(unique_id, entry)
            stream_url = user_input[CONF_STREAM_URL].strip()
            api_url = user_input[CONF_API_URL].strip()
            errors = url_errors(stream_url, api_url)
            placeholders = _example_url(errors)
            if not errors:
                # The followed matches must stay visible to the new key and REST address.
                outcome = await _async_validate(
                    self.hass,
                    api_key,
                    stream_url=stream_url,
                    api_url=api_url,
                    match_ids=list(entry.options.get(CONF_MATCH_IDS, [])),
                    key_field=CONF_API_KEY,
                    ids_field="base",
                )
                errors, placeholders = outcome.errors, outcome.placeholders
            if not errors:
                return self._async_update_and_abort(
                    entry,
                    unique_id=unique_id,
                    data_updates={
                        CONF_API_KEY: api_key,
                        CONF_STREAM_URL: stream_url,
                        CONF_API_URL: api_url,
                    },
                    reason="reconfigure_successful",
                )

        # Plain fields, not the user step's section: the servers are what this step is for,
        # and errors show on the field they concern.
        # The stored key is never sent back to the browser: the field starts empty.
        suggested: dict[str, Any] = {
            CONF_STREAM_URL: entry.data[CONF_STREAM_URL],
            CONF_API_URL: entry.data[CONF_API_URL],
            **(user_input or {}),
        }
        schema = vol.Schema(
            {
                vol.Optional(CONF_API_KEY): _KEY_SELECTOR,
                vol.Required(CONF_STREAM_URL): _URL_SELECTOR,
                vol.Required(CONF_API_URL): _URL_SELECTOR,
            }
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    @callback
    def _abort_if_key_of_other_entry(self, unique_id: str, entry: ConfigEntry) -> None:
        """Abort when another entry already uses the key with this unique ID."""
        for other in self._async_current_entries(include_ignore=False):
            if other.entry_id != entry.entry_id and other.unique_id == unique_id:
                raise AbortFlow("already_configured")


class SportrixOptionsFlow(OptionsFlow):
    """Change the followed matches on the running connection."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the match IDs, check the new ones in the catalog and save them."""
        entry = self.config_entry
        current: list[int] = list(entry.options.get(CONF_MATCH_IDS, []))
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                match_ids = parse_match_ids(user_input[CONF_MATCH_IDS])
            except MatchIdsError as err:
                errors[CONF_MATCH_IDS] = err.reason
            else:
                # Matches already followed were checked when they were added.
                added = [match_id for match_id in match_ids if match_id not in current]
                if clash := _followed_elsewhere(self.hass, added, entry.entry_id):
                    errors[CONF_MATCH_IDS] = "followed_elsewhere"
                    placeholders = clash
                elif added:
                    outcome = await _async_validate(
                        self.hass,
                        entry.data[CONF_API_KEY],
                        stream_url=None,
                        api_url=entry.data[CONF_API_URL],
                        match_ids=added,
                        key_field="base",
                        ids_field=CONF_MATCH_IDS,
                    )
                    errors, placeholders = outcome.errors, outcome.placeholders
            if not errors:
                # No reload: the coordinator's update listener applies the new list.
                return self.async_create_entry(
                    data={
                        CONF_MATCH_IDS: match_ids,
                        CONF_STATISTICS: user_input.get(CONF_STATISTICS, False),
                    }
                )

        suggested = user_input or {
            CONF_MATCH_IDS: format_match_ids(current),
            CONF_STATISTICS: entry.options.get(CONF_STATISTICS, False),
        }
        schema = vol.Schema(
            {
                vol.Required(CONF_MATCH_IDS): _MATCH_IDS_SELECTOR,
                vol.Optional(CONF_STATISTICS): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )
