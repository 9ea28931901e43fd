"""The Simulator: a real aiohttp server speaking the Sportrix REST and stream protocols."""

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
import json
import logging
from pathlib import Path
from typing import Any, Literal

from aiohttp import web
from aiohttp.typedefs import Handler

from . import cricket, soccer
from .catalog import CatalogStatus
from .control import control_routes
from .copies import (
    MatchExistsError,
    bring_to,
    copy_definition,
    default_start,
    final_whistle_patch,
)
from .httperrors import detail_response, json_errors
from .keys import ALL_SCOPES, make_key
from .load import LoadGenerator, LoadPlan, parse_plan
from .match import MatchState
from .merge import JsonObject, clone, deep_merge
from .playback import Player, kick_off, kick_off_patch
from .protocol import NOT_LIVE
from .rest import RestApi
from .scripts import select_matches
from .state import SimState
from .stream import Handshake, StreamHub
from .synthetic import synthetic_matches
from .timefmt import iso_z, utc_now

_LOGGER = logging.getLogger(__name__)

type Team = Literal["home", "away"]


class Simulator:
    """Serve the demo catalog, scripted matches and the live stream on a local port."""

    def __init__(
        self,
        speed: float = 1.0,
        ping_interval: float = 30.0,
        autoplay: bool = False,
        matches: Iterable[int | str | Path] | None = None,
        synthetic: int = 0,
        *,
        seed: int = 0,
        silk_origin: str | None = None,
    ) -> None:
        """Prepare the state; matches picks demo ids or adds match files (None: all demos).

        silk_origin is the https origin kit image URLs point at (whatever serves it should
        forward /silks/ to this server); without one they point at this server when it is
        reached over https or on loopback, else at a fictitious CDN host.
        """
        self.speed = speed
        self.silk_origin = silk_origin
        self.autoplay = autoplay
        # Whole seconds, so that start times read back from the API filter inclusively.
        self.started_at = utc_now().replace(microsecond=0)
        definitions = select_matches(matches) + synthetic_matches(synthetic, seed)
        self._state = SimState(definitions, self.started_at)
        self._hub = StreamHub(self._state, ping_interval or None)
        self._player = Player(
            self._state, speed, lambda match_id: self.subscriber_count(match_id) > 0
        )
        if autoplay:
            # Every start, a restart of the demo included, begins with a kick-off its first
            # client sees, rather than a match that is already under way when it arrives.
            for match in self._state.matches.values():
                if match.catalog_status == CatalogStatus.STARTED and match.definition.timeline:
                    match.hold_before_kick_off()
        self._load = LoadGenerator(self._state, self._hub.queued)
        self._runner: web.AppRunner | None = None
        # An outage of the REST API: (status, requests left or None, Retry-After seconds).
        self._rest_refusal: tuple[int, int | None, int | None] | None = None
        self.rest_refused_count = 0
        self.host = "127.0.0.1"
        self.port = 0

    # Lifecycle ---------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        """Return the aiohttp application with every route."""
        app = web.Application(middlewares=[json_errors, self._rest_faults])
        app.router.add_get("/v1/stream", self._hub.handle)
        rest = RestApi(self._state, self.silk_origin)
        app.add_routes(rest.routes())
        app.add_routes(rest.silk_routes())
        app.add_routes(control_routes(self))
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on host and port (0: any free port) and start autoplay if enabled."""
        # No access log: it would write request lines, and with them any ?key= query string.
        # A short shutdown timeout will do, because stop() has closed every socket already.
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.host = host
        self.port = int(self._runner.addresses[0][1])
        if self.autoplay:
            for match in self._state.matches.values():
                self._autoplay(match)
        _LOGGER.info("Sportrix simulator listening on %s", self.base_url)

    def _autoplay(self, match: MatchState) -> None:
        """Play a match in play, and a scripted one not started from its start time on."""
        if match.catalog_status == CatalogStatus.STARTED or (
            match.catalog_status == CatalogStatus.NOT_STARTED and match.definition.timeline
        ):
            self._player.play(match.id)

    async def stop(self) -> None:
        """Stop playback and any load, close every WebSocket and stop listening."""
        self._load.stop()
        await self._player.stop()
        await self._hub.close_all()
        await self._stop_listening()

    async def kill(self) -> None:
        """Stop as a crashed server does: cut every socket without a close frame, stop listening.

        The matches keep their state; start() again (on the same port) brings the server back.
        """
        await self._player.stop()
        await self._hub.drop()
        await self._stop_listening()

    async def _stop_listening(self) -> None:
        """Close the listening socket."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """Return the server's HTTP root."""
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        """Return the stream URL."""
        return f"ws://{self.host}:{self.port}/v1/stream"

    @property
    def api_url(self) -> str:
        """Return the REST base URL."""
        return f"{self.base_url}/api"

    # Match state -------------------------------------------------------------------------

    def snapshot(self, match_id: int) -> JsonObject:
        """Return a copy of a match's current snapshot."""
        return clone(self._state.match(match_id).snapshot)

    def catalog_status(self, match_id: int) -> str:
        """Return a match's catalog status (NOT_STARTED, STARTED, FINISHED)."""
        return str(self._state.match(match_id).catalog_status)

    @property
    def match_ids(self) -> list[int]:
        """Return every match id served."""
        return sorted(self._state.matches)

    async def step(self, match_id: int) -> JsonObject:
        """Apply a match's next scripted state and broadcast it; LookupError at the end."""
        match = self._state.match(match_id)
        if match.awaiting_viewer:
            kick_off(self._state, match)
        else:
            self._state.commit(match_id, match.play(match.take_next_entry()))
        self._player.wake(match_id)
        return self.snapshot(match_id)

    async def update(self, match_id: int, patch: Mapping[str, Any]) -> JsonObject:
        """Deep-merge a patch into a snapshot (objects merge, the rest replaces) and broadcast."""
        return self._commit(match_id, deep_merge(self._state.match(match_id).snapshot, patch))

    async def score_goal(
        self, match_id: int, team: Team = "home", minute: str | int | None = None
    ) -> JsonObject:
        """Score a goal: score, goal event, phase, ball and shots change together."""
        match = self._soccer(match_id)
        return self._commit(match_id, soccer.goal(match.snapshot, team, minute))

    async def cancel_goal(self, match_id: int, team: Team) -> JsonObject:
        """Disallow a goal of team: its score goes down by one and an event is added."""
        match = self._soccer(match_id)
        return self._commit(match_id, soccer.disallow_goal(match.snapshot, team))

    async def take_wicket(self, match_id: int, label: str | None = None) -> JsonObject:
        """Take a wicket with the next legal ball; the next batsman in the order comes in."""
        match = self._state.match(match_id)
        if match.sport != "cricket":
            raise ValueError(f"match {match_id} is not a cricket match")
        snap = match.snapshot
        wickets = int(snap["score"]["wickets"])
        if wickets >= 10:
            raise ValueError("all ten wickets have fallen")
        lineup = match.definition.lineups.get(str(snap.get("batting")), ())
        after = cricket.deliver(snap, "W", incoming=cricket.next_batsman(lineup, wickets))
        if label is not None:
            after["last_event"]["label"] = label
        return self._commit(match_id, after)

    async def kick_off(self, match_id: int) -> JsonObject:
        """Start a match that has not started: status live, catalog STARTED, script playing."""
        match = self._state.match(match_id)
        if match.awaiting_viewer:
            kick_off(self._state, match)
            self._player.wake(match_id)
            return self.snapshot(match_id)
        current = self._commit(match_id, deep_merge(match.snapshot, kick_off_patch(match)))
        if self.autoplay:
            self._player.play(match_id)
        return current

    async def finish(self, match_id: int) -> JsonObject:
        """End a match now: status ft, catalog FINISHED, the rest of its script skipped."""
        match = self._state.match(match_id)
        match.end_script()
        return self._commit(match_id, deep_merge(match.snapshot, final_whistle_patch(match)))

    # Catalog ---------------------------------------------------------------------------

    def schedule(self, match_id: int, start_time: datetime) -> JsonObject:
        """Move a match's start time, and with it an autoplay kick-off still to come."""
        match = self._state.match(match_id)
        # Whole seconds, so that the start time read back from the API filters inclusively.
        match.start_time = start_time.astimezone(UTC).replace(microsecond=0)
        self._changed(match)
        return self.catalog_entry(match_id)

    def postpone(self, match_id: int) -> JsonObject:
        """Take a match out of the catalog and the stream, and stop playing it, until reinstated."""
        match = self._state.match(match_id)
        match.postponed = True
        self._changed(match)
        return self.catalog_entry(match_id)

    def reinstate(self, match_id: int) -> JsonObject:
        """Put a postponed match back in the catalog, playing on where it stopped."""
        match = self._state.match(match_id)
        match.postponed = False
        self._changed(match)
        return self.catalog_entry(match_id)

    def add_match(
        self,
        like: int,
        match_id: int,
        *,
        home: str,
        away: str,
        league_id: int,
        start_time: datetime | None = None,
        status: CatalogStatus = CatalogStatus.NOT_STARTED,
    ) -> JsonObject:
        """Add a match playing another's script between two teams of a league; return it.

        KeyError for an unknown like or league, ValueError for a league of another sport,
        MatchExistsError for an id already served.
        """
        model = self._state.match(like)
        league = self._state.leagues.get(league_id)
        if league is None:
            raise KeyError(f"unknown league {league_id}")
        if self._state.sport_of_league(league).slug != model.sport:
            raise ValueError(f"league {league_id} is not a {model.sport} league")
        if match_id in self._state.matches:
            raise MatchExistsError(f"match {match_id} exists")
        definition = copy_definition(
            model, match_id, home=home, away=away, league_id=league_id, status=status
        )
        match = MatchState.create(definition, league, utc_now())
        match.start_time = (
            (start_time or default_start(status)).astimezone(UTC).replace(microsecond=0)
        )
        self._state.matches[match_id] = match
        bring_to(match, status)
        if self.autoplay and self._runner is not None:
            self._autoplay(match)
        self._state.notifier.notify()
        return self.catalog_entry(match_id)

    def catalog_entry(self, match_id: int) -> JsonObject:
        """Return a match's catalog object with whether it is postponed."""
        match = self._state.match(match_id)
        return match.catalog_json() | {"postponed": match.postponed}

    def _changed(self, match: MatchState) -> None:
        """Wake whoever waits on a match's catalog facts: autoplay and waiters."""
        self._player.wake(match.id)
        self._state.notifier.notify()

    def _commit(self, match_id: int, snapshot: JsonObject) -> JsonObject:
        """Make a snapshot current and let autoplay re-plan around it."""
        self._state.commit(match_id, snapshot)
        self._player.wake(match_id)
        return self.snapshot(match_id)

    def _soccer(self, match_id: int) -> MatchState:
        """Return a soccer match; raise ValueError for another sport."""
        match = self._state.match(match_id)
        if match.sport != "soccer":
            raise ValueError(f"match {match_id} is not a soccer match")
        return match

    # Frames and faults -------------------------------------------------------------------

    async def push_frame(self, frame: Mapping[str, Any], match_id: int | None = None) -> None:
        """Send a JSON text frame to every connection (or to a match's subscribers)."""
        self._hub.push(json.dumps(frame), match_id)

    async def push_raw(self, data: str | bytes, match_id: int | None = None) -> None:
        """Send raw text (str) or a binary frame (bytes), malformed or not."""
        self._hub.push(data, match_id)

    async def drop_connections(self) -> None:
        """Cut every WebSocket without a close frame and wait until the server let go."""
        await self._hub.drop()

    def refuse_handshakes(
        self, status: int, count: int | None = None, retry_after: int | None = None
    ) -> None:
        """Answer the next count handshakes (None: until accept_handshakes) with status.

        retry_after (whole seconds) adds a Retry-After header, as a 429 or 503 may carry.
        """
        self._hub.refuse_handshakes(status, count, retry_after)

    def accept_handshakes(self) -> None:
        """Accept handshakes again."""
        self._hub.accept_handshakes()

    def refuse_rest(
        self, status: int, count: int | None = None, retry_after: int | None = None
    ) -> None:
        """Answer the next count REST requests (None: until accept_rest) with status."""
        self._rest_refusal = (status, count, retry_after)

    def accept_rest(self) -> None:
        """Answer REST requests again."""
        self._rest_refusal = None

    @web.middleware
    async def _rest_faults(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse catalog and snapshot requests while a REST outage is set; health answers."""
        refusal = self._rest_refusal
        if refusal is None or not request.path.startswith("/api/") or request.path == "/api/health":
            return await handler(request)
        status, count, retry_after = refusal
        if count is not None:
            self._rest_refusal = (status, count - 1, retry_after) if count > 1 else None
        self.rest_refused_count += 1
        response = detail_response(status, HTTPStatus(status).phrase)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    def close_after_handshake(self, count: int | None = None) -> None:
        """Close the next count connections (None: all until keep_connections) once open.

        The handshake succeeds and a close frame (1008, too many connections for this key)
        follows at once, which is how a server enforcing a per-key connection limit behaves.
        """
        self._hub.close_after_handshake(count)

    def keep_connections(self) -> None:
        """Keep new connections open again."""
        self._hub.keep_connections()

    def set_latency(self, seconds: float) -> None:
        """Delay every frame the server sends, answers to subscribes included, by seconds."""
        self._hub.set_latency(seconds)

    @property
    def latency(self) -> float:
        """Return the delay added before every frame, in seconds."""
        return self._hub.latency

    def refuse_subscribes(self, match_ids: Iterable[int], error: str = NOT_LIVE) -> None:
        """Answer subscribes to these matches with an error frame carrying error."""
        self._hub.refuse_subscribes(match_ids, error)

    def ignore_subscribes(self, match_ids: Iterable[int]) -> None:
        """Leave subscribes to these matches unanswered: no snapshot, no error."""
        self._hub.ignore_subscribes(match_ids)

    def answer_subscribes(self, match_ids: Iterable[int] | None = None) -> None:
        """Answer subscribes to these matches (None: all) normally again."""
        self._hub.answer_subscribes(match_ids)

    def half_open(self) -> int:
        """Go silent on every open connection for good, serving new ones; return how many."""
        return self._hub.half_open()

    def go_silent(self, silent: bool = True) -> None:
        """Send no frames and no pings (and answer no pings) while leaving sockets open."""
        self._hub.go_silent(silent)

    @property
    def silent(self) -> bool:
        """Return whether the server is playing dead."""
        return self._hub.silent

    # Load ------------------------------------------------------------------------------

    def start_load(self, plan: LoadPlan | dict[str, Any]) -> JsonObject:
        """Start a sustained load (a plan, or its JSON body), stopping any; return its status."""
        if not isinstance(plan, LoadPlan):
            plan = parse_plan(plan, self._state.matches)
        self._load.start(plan)
        return self._load.status()

    def stop_load(self) -> JsonObject:
        """Stop the running load and return its final status."""
        self._load.stop()
        return self._load.status()

    def load_status(self) -> JsonObject:
        """Return the running or last load's progress, with its logged goals."""
        return self._load.status()

    # Keys --------------------------------------------------------------------------------

    def add_key(
        self,
        key: str,
        scopes: Iterable[str] = ALL_SCOPES,
        sports: Iterable[str] | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        """Add or replace a key; sports are names such as "soccer" (None: every sport)."""
        self._state.keys[key] = make_key(key, scopes, sports, expires_at)
        self._state.notifier.notify()

    def revoke_key(self, key: str) -> None:
        """Remove a key, so that it is unknown from the next request on."""
        self._state.keys.pop(key, None)
        self._state.notifier.notify()

    # Observation -------------------------------------------------------------------------

    @property
    def connection_count(self) -> int:
        """Return the number of open WebSocket connections."""
        return len(self._hub.connections)

    @property
    def refused_count(self) -> int:
        """Return how many handshakes refuse_handshakes has turned away since start."""
        return self._hub.refused_count

    @property
    def handshake_count(self) -> int:
        """Return the number of accepted handshakes since start."""
        return self._hub.handshake_count

    @property
    def closed_at_once_count(self) -> int:
        """Return how many accepted connections close_after_handshake closed at once."""
        return self._hub.closed_at_once_count

    @property
    def handshake_log(self) -> list[Handshake]:
        """Return every handshake answer (accepted: 101) with its event loop time, in order."""
        return list(self._hub.handshake_log)

    @property
    def pong_count(self) -> int:
        """Return the number of pongs clients sent back for the server's pings."""
        return self._hub.pong_count

    def subscriber_count(self, match_id: int) -> int:
        """Return the number of connections subscribed to a match, half-open ones left out."""
        return self._hub.subscriber_count(match_id)

    @property
    def control_messages(self) -> list[dict[str, Any]]:
        """Return every parsed client control message, in order."""
        return list(self._hub.control_messages)

    # The contract names the parameter timeout; asyncio.timeout does the work inside.
    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Return once predicate holds, re-checked on every state change; TimeoutError else."""
        await self._state.notifier.wait_for(predicate, timeout)

    def describe(self) -> JsonObject:
        """Return an overview of connections, faults and matches for GET /_simulator/state."""
        return {
            "speed": self.speed,
            "autoplay": self.autoplay,
            "connections": self.connection_count,
            "handshakes": self.handshake_count,
            "refused_handshakes": self.refused_count,
            "closed_after_handshake": self.closed_at_once_count,
            "refusing": self._hub.refusing,
            "closing_after_handshake": self._hub.closing,
            "silent": self.silent,
            "latency": self.latency,
            "refused_subscribes": {str(k): v for k, v in self._hub.refused_subscribes.items()},
            "ignored_subscribes": sorted(self._hub.ignored_subscribes),
            "control_messages": self.control_messages,
            "postponed": sorted(m.id for m in self._state.matches.values() if m.postponed),
            "matches": {
                str(match.id): {
                    "sport": match.sport,
                    "status": match.snapshot.get("status"),
                    "catalog_status": str(match.catalog_status),
                    "start_time": iso_z(match.start_time),
                    "postponed": match.postponed,
                    "script_position": match.position,
                    "script_length": len(match.definition.timeline),
                    "subscribers": self.subscriber_count(match.id),
                }
                for match in self._state.matches.values()
            },
        }
