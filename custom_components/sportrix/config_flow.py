"""Config flow for Sportrix Live Scores: user, matches, reauth, reconfigure and options steps."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.const import CONF_API_KEY, CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow, SectionConfig, section
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util import dt as dt_util

from .api import (
    RefusalReason,
    Snapshot,
    SportrixAuthError,
    SportrixClient,
    SportrixError,
    SportrixForbiddenError,
    SportrixNotFoundError,
    SportrixProtocolError,
    SportrixStream,
    SubscriptionRefusal,
    async_validate_stream_key,
)
from .api.const import DEFAULT_API_URL, DEFAULT_STREAM_URL
from .claims import claimed_by_others, known_match
from .const import (
    CONF_API_URL,
    CONF_MATCH_IDS,
    CONF_POLL_INTERVAL,
    CONF_STATISTICS,
    CONF_STREAM_URL,
    DEFAULT_ENTRY_NAME,
    DOMAIN,
    SUBENTRY_COMPETITION,
    SUBENTRY_TEAM,
)
from .picker import (
    PickerMatch,
    async_load_picker,
    fixture_name,
    followed_label,
    match_label,
    named_match,
)
from .poller import key_without_stream_is_valid
from .polling import DEFAULT_LIVE_INTERVAL, MAX_LIVE_INTERVAL, MIN_LIVE_INTERVAL
from .session import async_create_sportrix_session
from .subentry_flow import CompetitionSubentryFlow, TeamSubentryFlow
from .validation import (
    FlowFailure,
    MatchIdsError,
    format_match_ids,
    parse_match_ids,
    parse_picked_match_ids,
    unique_id_for_key,
    url_errors,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from aiohttp import ClientSession

# Home Assistant 2026 validates with probatio, which keeps voluptuous' API; older releases
# only ship voluptuous. Importing probatio first gives each release its own schema type.
try:
    import probatio as vol  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - taken on Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef,unused-ignore]

_LOGGER = logging.getLogger(__name__)

# The user step's collapsed section that holds the server URLs; entry data stays flat.
SECTION_ADVANCED: Final = "advanced"

_KEY_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="off"))
_URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_MATCH_IDS_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.TEXT))

_REAUTH_SCHEMA = vol.Schema({vol.Required(CONF_API_KEY): _KEY_SELECTOR})
# Plain fields, not the user step's section: the servers are what this step is for, and errors
# show on the field they concern.
_RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_API_KEY): _KEY_SELECTOR,
        vol.Required(CONF_STREAM_URL): _URL_SELECTOR,
        vol.Required(CONF_API_URL): _URL_SELECTOR,
    }
)

# How long the stream may take to answer one subscribe when a typed match is not in the catalog.
SPORT_PROBE_TIMEOUT: Final = 10.0

# The matches form works without the list, so a failure to load it is a note (a "base" error)
# that says why the form offers a text field instead. A refused key, a missing fixtures scope
# and unreadable data keep their keys; any other failure says the catalog is out of reach.
NOTE_CATALOG_UNAVAILABLE: Final = "catalog_unavailable"
_PICKER_NOTES: Final = {
    "cannot_connect": NOTE_CATALOG_UNAVAILABLE,
    "unknown": NOTE_CATALOG_UNAVAILABLE,
}


@dataclass(slots=True)
class _Outcome:
    """What checking a form's input found: form errors, their placeholders, matches named."""

    errors: dict[str, str] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)
    # "Home vs Away" of the matches the catalog named, by match ID.
    fixtures: dict[int, str] = field(default_factory=dict)
    # The key is valid but has no stream: its matches will be polled.
    polling: bool = False


async def _async_validate(
    hass: HomeAssistant,
    api_key: str,
    *,
    stream_url: str | None,
    api_url: str,
    match_ids: list[int],
    key_field: str,
    ids_field: str,
    check_key: bool = True,
) -> _Outcome:
    """Check the key on the stream (unless told not to) and the matches in the catalog.

    The stream also tells, of the matches the catalog does not know, those of a sport the key
    may not follow (the catalog answers 404 for both).
    """
    # Each flow names the fields it shows; errors for fields it lacks go on "base".
    outcome = _Outcome()
    unknown: list[int] = []
    other_sport: list[int] = []
    # A session of its own, let go at once: one per form submission would otherwise pile up
    # until Home Assistant stops.
    session = async_create_sportrix_session(hass, auto_cleanup=False)
    try:
        with FlowFailure("validating the Sportrix configuration") as failure:
            if stream_url is not None and check_key:
                outcome.polling = not await _async_key_streams(
                    session, api_key, stream_url, api_url
                )
            unknown = await _async_look_up_matches(
                session, api_key, api_url, match_ids, outcome.fixtures
            )
            if unknown and stream_url is not None and not outcome.polling:
                other_sport = await _async_sport_not_enabled(session, api_key, stream_url, unknown)
    finally:
        session.detach()
    if failure.key is not None:
        outcome.errors[key_field if failure.key == "invalid_auth" else "base"] = failure.key
    elif unknown_here := [match_id for match_id in unknown if match_id not in other_sport]:
        # Without the stream's word (a key without it, or no answer) these may be either.
        outcome.errors[ids_field] = "unknown_match_ids"
        outcome.placeholders[CONF_MATCH_IDS] = format_match_ids(unknown_here)
    elif other_sport:
        outcome.errors[ids_field] = "sport_not_enabled"
        outcome.placeholders[CONF_MATCH_IDS] = format_match_ids(other_sport)
    return outcome


async def _async_key_streams(
    session: ClientSession, api_key: str, stream_url: str, api_url: str
) -> bool:
    """Return whether the key opens the stream; False for one only the REST API takes.

    Raise SportrixAuthError for a key refused everywhere.
    """
    try:
        await async_validate_stream_key(session, api_key, stream_url)
    except SportrixAuthError:
        if not await key_without_stream_is_valid(SportrixClient(api_key, session, api_url)):
            raise
        return False
    return True


async def _async_check_connection(
    hass: HomeAssistant, data: Mapping[str, str], *, match_ids: list[int], in_section: bool
) -> _Outcome:
    """Check the entry data's server URLs, then its key on the stream and the matches.

    With in_section, the URLs are the user step's collapsed section. The frontend shows errors
    only for the form's top-level items: an error keyed by a field inside a section is never
    displayed, while one keyed by the section's name appears above the section (and is visible
    while it is collapsed). So a URL error goes on the section, the stream URL's first; the
    section then opens (see _user_schema).
    """
    if bad_urls := url_errors(data[CONF_STREAM_URL], data[CONF_API_URL]):
        if not in_section:
            return _Outcome(errors=bad_urls, placeholders=_example_url(bad_urls))
        field_name, error = next(iter(bad_urls.items()))
        return _Outcome(
            errors={SECTION_ADVANCED: error}, placeholders=_example_url({field_name: error})
        )
    return await _async_validate(
        hass,
        data[CONF_API_KEY],
        stream_url=data[CONF_STREAM_URL],
        api_url=data[CONF_API_URL],
        match_ids=match_ids,
        key_field=CONF_API_KEY,
        ids_field="base",
    )


async def _async_look_up_matches(
    session: ClientSession,
    api_key: str,
    api_url: str,
    match_ids: list[int],
    fixtures: dict[int, str],
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
                fixtures[match_id] = fixture_name(match)
    return unknown


async def _async_sport_not_enabled(
    session: ClientSession, api_key: str, stream_url: str, match_ids: list[int]
) -> list[int]:
    """Return which of the matches the stream refuses as of a sport not enabled for the key.

    The catalog answers 404 alike for a match that does not exist and for one of a sport
    outside the key's allowlist; only a subscribe on the stream tells them apart. The matches
    are asked one at a time on one connection, since the server's error frames name no match.
    A key without the stream, or a stream that does not answer in time, tells nothing.
    """
    answers: asyncio.Queue[tuple[int, bool]] = asyncio.Queue()

    def snapshot(snapshot: Snapshot) -> None:
        answers.put_nowait((snapshot.match_id, False))

    def refusal(refusal: SubscriptionRefusal) -> None:
        sport = refusal.reason is RefusalReason.SPORT_NOT_ENABLED
        answers.put_nowait((refusal.match_id, sport))

    stream = SportrixStream(
        api_key,
        session,
        stream_url,
        on_snapshot=snapshot,
        on_refusal=refusal,
        on_connection_change=lambda _connected: None,
    )
    refused: list[int] = []
    reader: asyncio.Task[None] | None = None
    try:
        # The handshake counts against the same bound: the form waits for all of it.
        async with asyncio.timeout(SPORT_PROBE_TIMEOUT):
            await stream.connect()
            reader = asyncio.create_task(stream.run(), name="sportrix_flow_sport_probe")
            for match_id in match_ids:
                stream.subscribe(match_id)
                answered, sport = await answers.get()
                while answered != match_id:
                    answered, sport = await answers.get()
                stream.unsubscribe(match_id)
                if sport:
                    refused.append(match_id)
    except (SportrixError, TimeoutError) as err:
        _LOGGER.debug("The stream did not tell why matches %s are unknown: %s", match_ids, err)
    finally:
        await stream.close()
        if reader is not None:
            await asyncio.gather(reader, return_exceptions=True)
    return refused


@dataclass(frozen=True, slots=True)
class _Picker:
    """What the matches field offers: the catalog's matches, or a text field and why."""

    # None when the field is the text of IDs.
    matches: dict[int, PickerMatch] | None
    # The form's "base" note saying why there is no list; None when there is one.
    note: str | None = None


async def _async_load_picker(hass: HomeAssistant, data: Mapping[str, Any]) -> _Picker:
    """Load the catalog's live and upcoming matches; never raises, falls back to the text field."""
    session = async_create_sportrix_session(hass, auto_cleanup=False)
    client = SportrixClient(data[CONF_API_KEY], session, base_url=data[CONF_API_URL])
    entries: list[PickerMatch] = []
    try:
        with FlowFailure("loading the Sportrix catalog", renamed=_PICKER_NOTES) as failure:
            entries = await async_load_picker(client, dt_util.utcnow())
    finally:
        session.detach()
    if failure.key is not None:
        # The note says why there is no list (the stream took the key, or took it once: the
        # REST API refusing it is worth saying); typed IDs are checked again on submit.
        return _Picker(None, failure.key)
    return _Picker({entry.match.id: entry for entry in entries})


def _match_ids_field(
    hass: HomeAssistant, picker: _Picker, entry: ConfigEntry | None
) -> dict[vol.Marker, SelectSelector | TextSelector]:
    """Return the match_ids field: a searchable list of the catalog, or the text of IDs.

    The list leaves out the matches another entry follows (they would be refused), and keeps
    the entry's own followed matches, named as the entry last knew them.
    """
    if picker.matches is None:
        return {vol.Required(CONF_MATCH_IDS): _MATCH_IDS_SELECTOR}
    time_zone = dt_util.get_time_zone(hass.config.time_zone) or dt_util.UTC
    taken = claimed_by_others(hass, entry.entry_id if entry else None)
    followed: list[int] = list(entry.options.get(CONF_MATCH_IDS, [])) if entry else []
    options: list[SelectOptionDict] = []
    for match_id, listed in picker.matches.items():
        if match_id in taken and match_id not in followed:
            continue
        # The catalog may name no teams yet where the stream already did.
        known = known_match(hass, entry, match_id) if entry is not None else None
        offered = listed if known is None else named_match(listed, known.name)
        options.append(SelectOptionDict(value=str(match_id), label=match_label(offered, time_zone)))
    # A followed match that left the list (finished, or later than a week) stays selectable.
    for match_id in followed:
        if match_id in picker.matches or entry is None:
            continue
        known = known_match(hass, entry, match_id)
        label = (
            followed_label(known.name, known.competition, finished=known.finished)
            if known is not None
            else f"Match {match_id}"
        )
        options.append(SelectOptionDict(value=str(match_id), label=label))
    selector = SelectSelector(
        SelectSelectorConfig(
            options=options,
            multiple=True,
            custom_value=True,
            mode=SelectSelectorMode.DROPDOWN,
        )
    )
    # Optional: an empty selection is sent without the field.
    return {vol.Optional(CONF_MATCH_IDS): selector}


def _parse_match_ids_input(picker: _Picker, value: object) -> list[int]:
    """Return the IDs the matches field sent: the list's values, or the typed text."""
    if picker.matches is None:
        return parse_match_ids(str(value or ""))
    if isinstance(value, list):
        return parse_picked_match_ids(str(item) for item in value)
    # A client that sends the IDs as text, or nothing for an empty selection.
    return parse_picked_match_ids([str(value or "")])


def _picker_fixtures(picker: _Picker) -> dict[int, str]:
    """Return "Home vs Away" of every match the list offers, by match ID."""
    return {match_id: entry.fixture for match_id, entry in (picker.matches or {}).items()}


def _with_note(picker: _Picker, errors: dict[str, str]) -> dict[str, str]:
    """Return the form's errors, with the note on why it shows a text field when nothing else."""
    if picker.note is None:
        return errors
    return {"base": picker.note, **errors}


def _followed_elsewhere(
    hass: HomeAssistant, picker: _Picker, match_ids: list[int], entry_id: str | None
) -> dict[str, str] | None:
    """Return the placeholders naming matches another entry follows, or None when none is.

    Entity and device ids are per match: two entries following one match would share (and
    remove) each other's entities. Each match is named as the entry that follows it knows it
    ("Arsenal vs Chelsea (41282)"), else as the list does, else by its ID alone.
    """
    taken = claimed_by_others(hass, entry_id)
    clashes = [match_id for match_id in match_ids if match_id in taken]
    if not clashes:
        return None
    listed = _picker_fixtures(picker)
    names: list[str] = []
    for match_id in clashes:
        known = known_match(hass, taken[match_id], match_id)
        name = known.name if known is not None else listed.get(match_id)
        names.append(f"{name} ({match_id})" if name else str(match_id))
    return {
        "matches": ", ".join(names),
        "entry": ", ".join(dict.fromkeys(taken[m].title for m in clashes)),
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


async def _async_check_picked(
    hass: HomeAssistant,
    picker: _Picker,
    value: object,
    data: Mapping[str, Any],
    *,
    entry_id: str | None = None,
    followed: Collection[int] = (),
) -> tuple[list[int], _Outcome]:
    """Return the IDs the matches field sent, and what checking the ones it adds found.

    An added match must be followed by no other entry, and be in the catalog: only typed IDs
    are looked up, as those picked from the list are there and those already followed were
    checked when added. The outcome's fixtures name the matches the list and lookup know.
    """
    try:
        match_ids = _parse_match_ids_input(picker, value)
    except MatchIdsError as err:
        return [], _Outcome(errors={CONF_MATCH_IDS: err.reason}, placeholders=err.placeholders)
    added = [match_id for match_id in match_ids if match_id not in followed]
    if clash := _followed_elsewhere(hass, picker, added, entry_id):
        return match_ids, _Outcome(
            errors={CONF_MATCH_IDS: "followed_elsewhere"}, placeholders=clash
        )
    fixtures = _picker_fixtures(picker)
    if not (typed := [match_id for match_id in added if match_id not in fixtures]):
        return match_ids, _Outcome(fixtures=fixtures)
    outcome = await _async_validate(
        hass,
        data[CONF_API_KEY],
        # Only to tell a sport the key may not follow from an unknown match.
        stream_url=data[CONF_STREAM_URL],
        api_url=data[CONF_API_URL],
        match_ids=typed,
        key_field="base",
        ids_field=CONF_MATCH_IDS,
        check_key=False,
    )
    outcome.fixtures = {**fixtures, **outcome.fixtures}
    return match_ids, outcome


def default_entry_name(taken: Iterable[str]) -> str:
    """Return "Sportrix", or "Sportrix 2" and on where another entry has the name already."""
    names = {name.casefold() for name in taken}
    name, number = DEFAULT_ENTRY_NAME, 1
    while name.casefold() in names:
        number += 1
        name = f"{DEFAULT_ENTRY_NAME} {number}"
    return name


def _user_schema(
    errors: Mapping[str, str], user_input: Mapping[str, Any] | None, name: str
) -> vol.Schema:
    """Return the user step's schema, built for each form so that the defaults are read then."""
    advanced_schema = vol.Schema(
        {
            vol.Required(CONF_STREAM_URL, default=DEFAULT_STREAM_URL): _URL_SELECTOR,
            vol.Required(CONF_API_URL, default=DEFAULT_API_URL): _URL_SELECTOR,
        }
    )
    return vol.Schema(
        {
            # The entry's name and its device's: what tells two entries apart.
            vol.Required(CONF_NAME, default=name): TextSelector(),
            vol.Required(CONF_API_KEY): _KEY_SELECTOR,
            # No default on the section itself: the frontend would take it as the section's
            # data instead of collecting its fields' defaults, and show empty URL fields.
            vol.Required(SECTION_ADVANCED): section(
                advanced_schema,
                # Most users never change the servers: open it only to show its error, or the
                # addresses the user typed, which a closed section would hide.
                SectionConfig(
                    collapsed=SECTION_ADVANCED not in errors and _default_servers(user_input)
                ),
            ),
        }
    )


# How often a match in play is polled, for a key without the stream.
_POLL_INTERVAL_FIELD: Final = {
    vol.Optional(CONF_POLL_INTERVAL): NumberSelector(
        NumberSelectorConfig(
            min=MIN_LIVE_INTERVAL.total_seconds(),
            max=MAX_LIVE_INTERVAL.total_seconds(),
            step=1,
            unit_of_measurement="s",
            mode=NumberSelectorMode.BOX,
        )
    )
}


def _new_options(
    entry: ConfigEntry, user_input: Mapping[str, Any], match_ids: list[int]
) -> dict[str, Any]:
    """Return the options the form saves; the broadcast delay, set from its entity, is kept."""
    options = {
        **entry.options,
        CONF_MATCH_IDS: match_ids,
        CONF_STATISTICS: user_input.get(CONF_STATISTICS, False),
    }
    if (seconds := user_input.get(CONF_POLL_INTERVAL)) is not None:
        options[CONF_POLL_INTERVAL] = round(seconds)
    return options


def _polls(entry: ConfigEntry) -> bool:
    """Tell whether a loaded entry polls its matches: its key has no stream."""
    connection = getattr(getattr(entry, "runtime_data", None), "connection", None)
    return getattr(connection, "mode", None) == "polling"


def _current_options(options: Mapping[str, Any], picker: _Picker) -> dict[str, Any]:
    """Return the options form's values before anything is sent: the entry's options."""
    current: list[int] = list(options.get(CONF_MATCH_IDS, []))
    return {
        CONF_MATCH_IDS: (
            format_match_ids(current)
            if picker.matches is None
            else [str(match_id) for match_id in current]
        ),
        CONF_STATISTICS: options.get(CONF_STATISTICS, False),
        CONF_POLL_INTERVAL: options.get(
            CONF_POLL_INTERVAL, round(DEFAULT_LIVE_INTERVAL.total_seconds())
        ),
    }


class SportrixConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Sportrix Data account and the matches it follows."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with nothing typed and no catalog loaded."""
        self._data: dict[str, str] = {}
        self._name = DEFAULT_ENTRY_NAME
        self._picker: _Picker | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SportrixOptionsFlow:
        """Return the flow that changes the followed matches."""
        return SportrixOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the flows that add a followed team or competition to an entry."""
        return {SUBENTRY_TEAM: TeamSubentryFlow, SUBENTRY_COMPETITION: CompetitionSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the API key (and, collapsed, the servers) and check it on the stream."""
        outcome = _Outcome()
        if user_input is not None:
            api_key = user_input[CONF_API_KEY].strip()
            await self.async_set_unique_id(unique_id_for_key(api_key), raise_on_progress=False)
            self._abort_if_unique_id_configured()
            # The form sends the section as a nested mapping; its schema fills in the defaults.
            advanced: Mapping[str, str] = user_input[SECTION_ADVANCED]
            data = {
                CONF_API_KEY: api_key,
                CONF_STREAM_URL: advanced[CONF_STREAM_URL].strip(),
                CONF_API_URL: advanced[CONF_API_URL].strip(),
            }
            # The matches are the next step's.
            outcome = await _async_check_connection(self.hass, data, match_ids=[], in_section=True)
            if not outcome.errors:
                self._data = data
                self._name = user_input[CONF_NAME].strip() or self._default_name()
                self._picker = None
                if outcome.polling:
                    return await self.async_step_polling()
                return await self.async_step_matches()

        schema = _user_schema(outcome.errors, user_input, self._default_name())
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=outcome.errors,
            description_placeholders=outcome.placeholders,
        )

    async def async_step_polling(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say what a key without the live stream gets, then go on to the matches."""
        if user_input is not None:
            return await self.async_step_matches()
        return self.async_show_form(
            step_id="polling",
            data_schema=vol.Schema({}),
            description_placeholders={
                "interval": str(round(DEFAULT_LIVE_INTERVAL.total_seconds()))
            },
        )

    async def async_step_matches(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer the catalog's matches by name (or a field of IDs) and create the entry."""
        if self._picker is None:
            self._picker = await _async_load_picker(self.hass, self._data)
        picker = self._picker
        outcome = _Outcome()
        if user_input is not None:
            match_ids, outcome = await _async_check_picked(
                self.hass, picker, user_input.get(CONF_MATCH_IDS), self._data
            )
            if not outcome.errors:
                # Another flow may have added the key while this one waited on the user.
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=self._name,
                    data=self._data,
                    options={CONF_MATCH_IDS: match_ids},
                )

        schema = vol.Schema(_match_ids_field(self.hass, picker, None))
        return self.async_show_form(
            step_id="matches",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=_with_note(picker, outcome.errors),
            description_placeholders=outcome.placeholders,
        )

    def _default_name(self) -> str:
        """Return a name no other entry has."""
        return default_entry_name(entry.title for entry in self._async_current_entries())

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
            step_id="reauth_confirm", data_schema=_REAUTH_SCHEMA, errors=errors
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the key or the server URLs; an empty key field keeps the current key."""
        entry = self._get_reconfigure_entry()
        outcome = _Outcome()
        if user_input is not None:
            data = {
                CONF_API_KEY: user_input.get(CONF_API_KEY, "").strip() or entry.data[CONF_API_KEY],
                CONF_STREAM_URL: user_input[CONF_STREAM_URL].strip(),
                CONF_API_URL: user_input[CONF_API_URL].strip(),
            }
            unique_id = unique_id_for_key(data[CONF_API_KEY])
            self._abort_if_key_of_other_entry(unique_id, entry)
            # The followed matches must stay visible to the new key and REST address.
            followed = list(entry.options.get(CONF_MATCH_IDS, []))
            outcome = await _async_check_connection(
                self.hass, data, match_ids=followed, in_section=False
            )
            if not outcome.errors:
                return self._async_update_and_abort(
                    entry, unique_id=unique_id, data_updates=data, reason="reconfigure_successful"
                )

        # The stored key is never sent back to the browser: the field starts empty.
        suggested: dict[str, Any] = {
            CONF_STREAM_URL: entry.data[CONF_STREAM_URL],
            CONF_API_URL: entry.data[CONF_API_URL],
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(_RECONFIGURE_SCHEMA, suggested),
            errors=outcome.errors,
            description_placeholders=outcome.placeholders,
        )

    @callback
    def _abort_if_key_of_other_entry(self, unique_id: str, entry: ConfigEntry) -> None:
        """Abort when another entry already uses the key with this unique ID."""
        for other in self._async_current_entries(include_ignore=False):
            if other.entry_id != entry.entry_id and other.unique_id == unique_id:
                raise AbortFlow("already_configured")


class SportrixOptionsFlow(OptionsFlow):
    """Change the followed matches on the running connection."""

    def __init__(self) -> None:
        """Start with no catalog loaded."""
        self._picker: _Picker | None = None

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer the matches by name (or a field of IDs), check new typed ones and save them."""
        entry = self.config_entry
        current: list[int] = list(entry.options.get(CONF_MATCH_IDS, []))
        if self._picker is None:
            self._picker = await _async_load_picker(self.hass, entry.data)
        picker = self._picker
        outcome = _Outcome()
        if user_input is not None:
            value = user_input.get(CONF_MATCH_IDS)
            match_ids, outcome = await _async_check_picked(
                self.hass, picker, value, entry.data, entry_id=entry.entry_id, followed=current
            )
            if not outcome.errors:
                # No reload: the coordinator's update listener applies the new list.
                # Other options (the broadcast delay, set from its entity) are kept.
                return self.async_create_entry(data=_new_options(entry, user_input, match_ids))

        schema = vol.Schema(
            {
                **_match_ids_field(self.hass, picker, entry),
                vol.Optional(CONF_STATISTICS): BooleanSelector(),
                **(_POLL_INTERVAL_FIELD if _polls(entry) else {}),
            }
        )
        suggested = user_input or _current_options(entry.options, picker)
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=_with_note(picker, outcome.errors),
            description_placeholders=outcome.placeholders,
        )
