"""Matches the stream refuses: why (told once, and as a repair issue), and what REST says."""

from __future__ import annotations

from collections.abc import Callable
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from . import engine
from .api import NOT_STARTED, RefusalReason, Snapshot, SportrixStream, SubscriptionRefusal
from .const import DOMAIN
from .followed import FollowedMatch
from .log_once import LogOnce
from .lookups import NotStarted, RestLookups
from .repairs import create_sport_issue, delete_sport_issue

_LOGGER = logging.getLogger(__name__)


class Refusals:
    """Show a refusal until a frame ends it, and look the refused match up over REST."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        stream: SportrixStream,
        lookups: RestLookups,
        log_once: LogOnce,
        *,
        matches: Callable[[], dict[int, FollowedMatch]],
        looked_up: Callable[[Snapshot], None],
        changed: Callable[[FollowedMatch], None],
    ) -> None:
        """Hand a looked-up snapshot to looked_up; call changed when a refusal comes or goes."""
        self._hass = hass
        self._entry = entry
        self._stream = stream
        self._lookups = lookups
        self._log_once = log_once
        self._matches = matches
        self._looked_up = looked_up
        self._changed = changed

    def refused(self, match: FollowedMatch, refusal: SubscriptionRefusal) -> None:
        """Tell the user why a match is refused and look it up; the stream asks again."""
        match.refusal = refusal
        if self._log_once((refusal.match_id, refusal.reason)):
            _LOGGER.info(
                "Sportrix Data refused match %s (%s); asking again in %g s",
                refusal.match_id,
                refusal.message,
                refusal.retry_in,
            )
        if refusal.reason is RefusalReason.SPORT_NOT_ENABLED:
            create_sport_issue(self._hass, match)
        else:
            delete_sport_issue(self._hass, match.match_id)
            if not match.looking_up:
                match.looking_up = True
                self._entry.async_create_background_task(
                    self._hass, self._async_look_up(match), f"{DOMAIN} look up {match.match_id}"
                )
        self._changed(match)

    def ended(self, match: FollowedMatch) -> None:
        """End a match's refusal: a frame of it arrived."""
        match.refusal = None
        delete_sport_issue(self._hass, match.match_id)
        self._changed(match)

    async def _async_look_up(self, match: FollowedMatch) -> None:
        """Ask the REST API what the stream would not say: not started yet, or finished."""
        try:
            if match.catalog is None:
                match.catalog = await self._lookups.catalog(match.match_id)
            live = await self._lookups.live(match.match_id)
        finally:
            match.looking_up = False
        if self._matches().get(match.match_id) is not match:
            return
        if isinstance(live, NotStarted) or (match.catalog and match.catalog.status == NOT_STARTED):
            match.state = engine.expect_kick_off(match.state)
        if live is not None and not isinstance(live, NotStarted):
            self._looked_up(live)
        self._stream.subscribe(match.match_id, kick_off=match.kick_off)
        self._changed(match)
