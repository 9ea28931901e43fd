"""A followed team's device and entities, the same across its matches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.util import dt as dt_util

from .api import NOT_STARTED, CricketSnapshot, SoccerSnapshot
from .const import MANUFACTURER
from .coordinator import SportrixCoordinator
from .devices import team_identifier
from .followed import FollowedMatch
from .interests import Fixture, Interest, team_fixtures
from .signals import cricket_result, innings_lines, team_signal
from .teams import side_of

# The state of a team's match sensor: upcoming, in play, finished, or none scheduled.
PRE, IN, POST, NONE = "pre", "in", "post", "none"
TEAM_MATCH_STATES = [PRE, IN, POST, NONE]
MODELS = {"soccer": "Soccer team", "cricket": "Cricket team"}


@dataclass(frozen=True, slots=True)
class TeamView:
    """What a team's match sensor shows: a state and the match's details."""

    state: str
    attributes: Mapping[str, Any]


class TeamEntity(Entity):
    """An entity of a followed team; its device belongs to the team's subentry."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self, coordinator: SportrixCoordinator, interest: Interest, description: EntityDescription
    ) -> None:
        """Bind the entity to its team."""
        self.coordinator = coordinator
        self.interest = interest
        self.entity_description = description
        self._attr_unique_id = f"{interest.key}_{description.key}"
        self._attr_entity_picture = interest.silk_url
        self._attr_device_info = DeviceInfo(
            identifiers={team_identifier(interest.key)},
            name=interest.team or interest.league,
            manufacturer=MANUFACTURER,
            model=MODELS.get(interest.sport, "Team"),
            # None, not left out: a team's device of an earlier release was a service.
            entry_type=None,
        )

    @property
    def available(self) -> bool:
        """Return whether the stream is up: without it, a score shown could be stale."""
        return self.coordinator.available

    async def async_added_to_hass(self) -> None:
        """Listen to the team's matches."""
        await super().async_added_to_hass()
        signal = team_signal(self.coordinator.entry.entry_id, self.interest.key)
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._team_changed))

    @callback
    def _team_changed(self) -> None:
        """Write the state; subclasses skip writes that would change nothing."""
        self.async_write_ha_state()


@dataclass(frozen=True, slots=True)
class TeamMatch:
    """A team's current or next match as chosen: its stage and where it is known from."""

    state: str
    match: FollowedMatch | None = None
    fixture: Fixture | None = None


def team_match(coordinator: SportrixCoordinator, interest: Interest) -> TeamMatch:
    """Choose the team's current match, else its last finished one, else its next one."""
    followed = [m for m in coordinator.matches.values() if interest.key in m.interests]
    if playing := [m for m in followed if m.in_play]:
        return TeamMatch(IN, playing[0])
    if finished := [m for m in followed if m.finished_at is not None]:
        return TeamMatch(POST, max(finished, key=lambda m: m.finished_at or dt_util.utcnow()))
    now = dt_util.utcnow()
    # The stream's full time outranks a catalog that has not caught up yet.
    upcoming = [
        f
        for f in team_fixtures(interest, coordinator.following.catalog.fixtures(), now)
        if f.match.status == NOT_STARTED and f.match.id not in coordinator.following.finished
    ]
    if upcoming:
        fixture = upcoming[0]
        return TeamMatch(PRE, coordinator.matches.get(fixture.match.id), fixture)
    return TeamMatch(NONE)


def team_view(coordinator: SportrixCoordinator, interest: Interest) -> TeamView:
    """Return the team's current match, else its next one, else none scheduled."""
    chosen = team_match(coordinator, interest)
    if chosen.match is not None:
        return TeamView(chosen.state, _followed_attributes(interest, chosen.match))
    if chosen.fixture is not None:
        return TeamView(chosen.state, _fixture_attributes(interest, chosen.fixture))
    return TeamView(NONE, {})


def _fixture_attributes(interest: Interest, fixture: Fixture) -> dict[str, Any]:
    """Describe a match known only from the catalog."""
    home, away = fixture.match.home_team, fixture.match.away_team
    return _sides(interest, home, away) | {
        "match_id": fixture.match.id,
        "competition": fixture.league,
        "kick_off": fixture.match.start_time.isoformat(),
    }


def _followed_attributes(interest: Interest, match: FollowedMatch) -> dict[str, Any]:
    """Describe a followed match: sides, kick-off, score and clock."""
    attributes: dict[str, Any] = _sides(interest, match.home or "", match.away or "") | {
        "match_id": match.match_id,
        "competition": match.competition,
        "kick_off": match.kick_off.isoformat() if match.kick_off else None,
        "status": match.status,
    }
    snapshot = match.snapshot
    if isinstance(snapshot, SoccerSnapshot):
        if snapshot.score is not None:
            home, away = snapshot.score.home, snapshot.score.away
            attributes["score"] = f"{home}-{away}"
            if (side := attributes["home_away"]) is not None:
                mine, theirs = (away, home) if side == "away" else (home, away)
                attributes |= {"team_score": mine, "opponent_score": theirs}
        if snapshot.clock is not None and snapshot.clock.minute is not None:
            attributes["clock"] = str(snapshot.clock.minute)
    elif isinstance(snapshot, CricketSnapshot):
        if (score := snapshot.score) is not None:
            attributes |= {"score": f"{score.runs}/{score.wickets}", "overs": score.overs}
            attributes["batting"] = snapshot.batting
        if match.finished_at is not None:
            # Finished: both innings and who won, not only the side that chased.
            attributes["scorecard"] = innings_lines(snapshot)
            attributes["result"] = cricket_result(snapshot)
    return attributes


def _sides(interest: Interest, home: str, away: str) -> dict[str, Any]:
    """Return which side the team is on and who it plays."""
    side = side_of(interest.team, home, away)
    return {
        "home": home,
        "away": away,
        # None where the team's name is in neither side: no guess that would swap the scores.
        "home_away": side,
        "opponent": {"home": away, "away": home}.get(side or ""),
    }
