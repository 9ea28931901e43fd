"""Subentry flows that follow a team or a competition, picked from the Sportrix catalog."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.const import CONF_API_KEY
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from .api import League, Sport, SportrixClient, SportrixNotFoundError, Team
from .const import (
    CONF_API_URL,
    CONF_LEAGUE,
    CONF_LEAGUE_ID,
    CONF_SILK_URL,
    CONF_SPORT,
    CONF_SPORT_ID,
    CONF_TEAM,
    DOMAIN,
    SUBENTRY_COMPETITION,
    SUBENTRY_TEAM,
)
from .session import async_create_sportrix_session
from .validation import FlowFailure

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

try:
    import probatio as vol  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - taken on Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef,unused-ignore]

# These flows have no abort for a catalog that cannot be read: it is one that cannot be reached.
_ABORT_REASONS: Final = {"catalog_invalid": "cannot_connect"}


def team_unique_id(league_id: int, team: str) -> str:
    """Return a team subentry's unique ID; the catalog has no team ids, so the name is one."""
    return f"{SUBENTRY_TEAM}:{league_id}:{team.casefold()}"


def competition_unique_id(league_id: int) -> str:
    """Return a competition subentry's unique ID."""
    return f"{SUBENTRY_COMPETITION}:{league_id}"


def _select(options: list[SelectOptionDict]) -> SelectSelector:
    """Return a searchable single choice, ordered by label."""
    return SelectSelector(
        SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN, sort=True)
    )


class CompetitionSubentryFlow(ConfigSubentryFlow):
    """Follow a competition found in the catalog: its sport (if the key sees several), then it."""

    def __init__(self) -> None:
        """Start with nothing loaded from the catalog."""
        self._sports: dict[str, Sport] = {}
        self._sport: Sport | None = None
        self._leagues: dict[str, League] = {}
        self._league: League | None = None

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Load the key's sports; ask for one only when there are several."""
        sports = await self._async_catalog(lambda client: client.sports(), empty="no_sports")
        self._sports = {str(sport.id): sport for sport in sports}
        if len(sports) == 1:
            self._sport = sports[0]
            return await self.async_step_competition()
        return await self.async_step_sport()

    async def async_step_sport(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Ask for the sport."""
        if user_input is not None:
            self._sport = self._sports[user_input[CONF_SPORT_ID]]
            return await self.async_step_competition()
        options = [
            SelectOptionDict(value=value, label=sport.name) for value, sport in self._sports.items()
        ]
        return self.async_show_form(
            step_id="sport",
            data_schema=vol.Schema({vol.Required(CONF_SPORT_ID): _select(options)}),
        )

    async def async_step_competition(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Ask for the competition among the sport's leagues."""
        sport = self._chosen(self._sport)
        if user_input is not None:
            self._league = self._leagues[user_input[CONF_LEAGUE_ID]]
            return await self._async_competition_chosen()
        if not self._leagues:
            leagues = await self._async_catalog(
                lambda client: client.leagues(sport.id), empty="no_competitions"
            )
            self._leagues = {str(league.id): league for league in leagues}
        options = [
            SelectOptionDict(value=value, label=league.name)
            for value, league in self._leagues.items()
        ]
        return self.async_show_form(
            step_id="competition",
            data_schema=vol.Schema({vol.Required(CONF_LEAGUE_ID): _select(options)}),
            description_placeholders={CONF_SPORT: sport.name},
        )

    async def _async_competition_chosen(self) -> SubentryFlowResult:
        """Create the competition's subentry."""
        league = self._chosen(self._league)
        return self._async_create(
            title=league.name,
            data=self._competition_data(),
            unique_id=competition_unique_id(league.id),
        )

    def _competition_data(self) -> dict[str, Any]:
        """Return the data every subentry stores of its sport and competition."""
        sport, league = self._chosen(self._sport), self._chosen(self._league)
        return {
            CONF_SPORT_ID: sport.id,
            CONF_SPORT: sport.slug,
            CONF_LEAGUE_ID: league.id,
            CONF_LEAGUE: league.name,
        }

    def _async_create(
        self, *, title: str, data: dict[str, Any], unique_id: str
    ) -> SubentryFlowResult:
        """Create the subentry unless this entry or another one already follows it."""
        entry = self._get_entry()
        if _follows(entry, unique_id):
            return self.async_abort(reason="already_configured")
        for other in self.hass.config_entries.async_entries(DOMAIN, include_ignore=False):
            # Each followed team's entities are per entry: two entries would show it twice.
            if other.entry_id != entry.entry_id and _follows(other, unique_id):
                return self.async_abort(
                    reason="followed_elsewhere", description_placeholders={"entry": other.title}
                )
        return self.async_create_entry(title=title, data=data, unique_id=unique_id)

    @staticmethod
    def _chosen[T](value: T | None) -> T:
        """Return what an earlier step chose; steps run in order, so it is there."""
        if value is None:  # pragma: no cover - only a flow driven out of order gets here
            raise AbortFlow("unknown")
        return value

    async def _async_catalog[T](
        self, call: Callable[[SportrixClient], Awaitable[list[T]]], *, empty: str
    ) -> list[T]:
        """Return a catalog list with the entry's key, or abort with a reason the user can read."""
        entry = self._get_entry()
        # A session of its own, let go at once, as the config flow's validation does.
        session = async_create_sportrix_session(self.hass, auto_cleanup=False)
        client = SportrixClient(
            entry.data[CONF_API_KEY], session, base_url=entry.data[CONF_API_URL]
        )
        items: list[T] = []
        try:
            with (
                FlowFailure("reading the Sportrix catalog", renamed=_ABORT_REASONS) as failure,
                # Outside the key's sports the catalog answers as if there were nothing.
                suppress(SportrixNotFoundError),
            ):
                items = await call(client)
        finally:
            session.detach()
        if failure.key is not None:
            raise AbortFlow(failure.key)
        if not items:
            raise AbortFlow(empty)
        return items


def _follows(entry: ConfigEntry, unique_id: str) -> bool:
    """Tell whether an entry has a subentry with this unique ID."""
    return any(sub.unique_id == unique_id for sub in entry.subentries.values())


class TeamSubentryFlow(CompetitionSubentryFlow):
    """Follow a team: its matches in one competition, chosen after the competition."""

    def __init__(self) -> None:
        """Start with no teams loaded."""
        super().__init__()
        self._teams: dict[str, Team] = {}

    async def _async_competition_chosen(self) -> SubentryFlowResult:
        """Go on to the team."""
        self._teams = {}
        return await self.async_step_team()

    async def async_step_team(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Ask for the team among the competition's teams and create its subentry."""
        league = self._chosen(self._league)
        if user_input is not None:
            team = self._teams[user_input[CONF_TEAM]]
            return self._async_create(
                title=team.name,
                data={
                    **self._competition_data(),
                    CONF_TEAM: team.name,
                    CONF_SILK_URL: team.silk_url,
                },
                unique_id=team_unique_id(league.id, team.name),
            )
        if not self._teams:
            teams = await self._async_catalog(
                lambda client: client.teams(league.id), empty="no_teams"
            )
            self._teams = {team.name: team for team in teams}
        options = [SelectOptionDict(value=name, label=name) for name in self._teams]
        return self.async_show_form(
            step_id="team",
            data_schema=vol.Schema({vol.Required(CONF_TEAM): _select(options)}),
            description_placeholders={CONF_LEAGUE: league.name},
        )
