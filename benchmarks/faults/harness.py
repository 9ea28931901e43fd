"""One run of the integration through one fault: what to follow, what to watch, what to count.

Everything here watches public behaviour only: bus events (sportrix_goal, sportrix_wicket,
sportrix_goal_cancelled), entity states and the entity registry, the simulator's counters and
the captured logs. Nothing reads the integration's internals, which are allowed to change.
"""

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
import logging
import time
from typing import Any

from homeassistant.const import CONF_API_KEY, EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sportrix.config_flow import unique_id_for_key
from custom_components.sportrix.const import CONF_API_URL, CONF_MATCH_IDS, CONF_STREAM_URL, DOMAIN
from sportrix_simulator import Simulator

from .timescale import simulated

# Distinctive, so that any trace of it in the logs is found and is nothing else.
API_KEY = "sk_faultmatrix_5e1c9a77d2b04f3e"
SOCCER = 41282
CRICKET = 50001
SYNTHETIC = tuple(range(900001, 900007))
MATCHES = (SOCCER, CRICKET, *SYNTHETIC)
# The match that the per-match faults (a refused or an unanswered subscribe) hit.
ONE_OF_MANY = 900003
DEBUG_LOGGERS = ("aiohttp", "custom_components.sportrix")
POLL = 0.01

type GoalKey = tuple[int, str, int, int]
type WicketKey = tuple[int, int]


class LogCapture(logging.Handler):
    """Keep every log record as the text a log file would hold, tracebacks included."""

    def __init__(self) -> None:
        """Capture at every level."""
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []
        # When the integration logged at info or above, to count what a fault makes it say.
        self.notices: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Format and keep a record."""
        self.lines.append(self.format(record))
        if record.levelno >= logging.INFO and record.name.startswith(DEBUG_LOGGERS[1]):
            self.notices.append(record.created)

    def count(self, needle: str) -> int:
        """Return how many times needle appears in the captured text."""
        return sum(line.count(needle) for line in self.lines)


@dataclass
class Window:
    """What happened from a fault's injection on: writes, unavailability and handshakes."""

    started: float
    handshakes_before: int
    writes: int = 0
    unavailable: Counter[str] = field(default_factory=Counter)


class Harness:
    """Set the integration up against a simulator and count what a fault does to it."""

    def __init__(self, hass: HomeAssistant, sim: Simulator) -> None:
        """Prepare to follow every match of the matrix with the distinctive key."""
        self.hass = hass
        self.sim = sim
        self.loop = asyncio.get_running_loop()
        self.entry = MockConfigEntry(
            domain=DOMAIN,
            title="Sportrix fault matrix",
            unique_id=unique_id_for_key(API_KEY),
            data={CONF_API_KEY: API_KEY, CONF_STREAM_URL: sim.ws_url, CONF_API_URL: sim.api_url},
            options={CONF_MATCH_IDS: list(MATCHES)},
        )
        self.goals_scored: list[GoalKey] = []
        # When each goal was scored (real s), in the order of goals_scored.
        self.scored_at: list[float] = []
        self.wickets_taken: list[WicketKey] = []
        self.goal_events: list[dict[str, Any]] = []
        self.wicket_events: list[dict[str, Any]] = []
        self.cancel_events: list[dict[str, Any]] = []
        self.window: Window | None = None
        # What a fault's own steps note, watch in the background, or keep between steps.
        self.notes: list[str] = []
        self.tasks: dict[str, asyncio.Task[float | None]] = {}
        self.values: dict[str, Any] = {}
        self.logs = LogCapture()
        self._levels: dict[str, int] = {}
        self._unsubscribe: list[Callable[[], None]] = []

    # Setting up and tearing down ------------------------------------------------------------

    async def start(self) -> bool:
        """Capture logs, listen to the bus and set the entry up; return whether setup worked."""
        logging.getLogger().addHandler(self.logs)
        for name in DEBUG_LOGGERS:
            logger = logging.getLogger(name)
            self._levels[name] = logger.level
            logger.setLevel(logging.DEBUG)
        bus = self.hass.bus
        self._unsubscribe = [
            bus.async_listen("sportrix_goal", self._record(self.goal_events)),
            bus.async_listen("sportrix_wicket", self._record(self.wicket_events)),
            bus.async_listen("sportrix_goal_cancelled", self._record(self.cancel_events)),
            bus.async_listen(EVENT_STATE_CHANGED, self._state_changed),
        ]
        self.entry.add_to_hass(self.hass)
        return await self.hass.config_entries.async_setup(self.entry.entry_id)

    async def stop(self) -> None:
        """Unload the entry and stop listening and capturing."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        try:
            await self.hass.config_entries.async_unload(self.entry.entry_id)
            await self.hass.async_block_till_done()
        finally:
            logging.getLogger().removeHandler(self.logs)
            for name, level in self._levels.items():
                logging.getLogger(name).setLevel(level)

    def _record(self, into: list[dict[str, Any]]) -> Callable[[Event], None]:
        """Return a bus listener that keeps each event's data, with when it came (real s)."""

        @callback
        def keep(event: Event) -> None:
            into.append({**event.data, "received_at": self.now()})

        return keep

    @callback
    def _state_changed(self, event: Event) -> None:
        """Count writes and changes to unavailable of the entry's entities in the window."""
        if self.window is None or not self._ours(event.data["entity_id"]):
            return
        self.window.writes += 1
        new, old = event.data.get("new_state"), event.data.get("old_state")
        went = new is not None and new.state == STATE_UNAVAILABLE
        if went and (old is None or old.state != STATE_UNAVAILABLE):
            self.window.unavailable[event.data["entity_id"]] += 1

    def _ours(self, entity_id: str) -> bool:
        """Tell an entity of the entry."""
        entry = er.async_get(self.hass).async_get(entity_id)
        return entry is not None and entry.config_entry_id == self.entry.entry_id

    # Observing ------------------------------------------------------------------------------

    def now(self) -> float:
        """Return the event loop's time in real seconds."""
        return self.loop.time()

    def notices_since(self, start: float) -> int:
        """Return how many info or louder lines the integration logged since a loop time."""
        # Records carry wall-clock times; the loop clock is monotonic: convert through now.
        offset = time.time() - self.now()
        return sum(at >= start + offset for at in self.logs.notices)

    def expected_states(self, match_id: int) -> dict[str, str]:
        """Return the score sensors the integration enables and what they should show."""
        score = self.sim.snapshot(match_id)["score"]
        if "runs" in score:
            # A cricket match's score text is off by default; its runs and wickets are on.
            return {"runs": str(score["runs"]), "wickets": str(score["wickets"])}
        return {"score": f"{score['home']}-{score['away']}"}

    def shows(self, match_id: int) -> bool:
        """Tell whether a match is live again: subscribed and showing the simulator's score."""
        if self.sim.subscriber_count(match_id) < 1:
            return False
        registry = er.async_get(self.hass)
        for key, expected in self.expected_states(match_id).items():
            entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{match_id}_{key}")
            state = self.hass.states.get(entity_id) if entity_id else None
            if state is None or state.state != expected:
                return False
        return True

    def unavailable_entities(self) -> list[str]:
        """Return the entry's entities that are unavailable now."""
        entries = er.async_entries_for_config_entry(er.async_get(self.hass), self.entry.entry_id)
        return [
            e.entity_id
            for e in entries
            if (state := self.hass.states.get(e.entity_id)) and state.state == STATE_UNAVAILABLE
        ]

    def all_live(self, matches: Iterable[int] = MATCHES) -> bool:
        """Tell whether every given match is live again and no entity is unavailable."""
        return all(self.shows(m) for m in matches) and not self.unavailable_entities()

    async def until(self, predicate: Callable[[], bool], timeout: float) -> float | None:  # noqa: ASYNC109
        """Return the loop time at which predicate first held, or None after timeout seconds."""
        deadline = self.now() + timeout
        while not predicate():
            if self.now() >= deadline:
                return None
            await asyncio.sleep(POLL)
        return self.now()

    def watch(self, predicate: Callable[[], bool], timeout: float) -> "asyncio.Task[float | None]":
        """Start recording, in the background, when predicate first holds."""
        return asyncio.create_task(self.until(predicate, timeout), name="fault-matrix-watch")

    # Acting ---------------------------------------------------------------------------------

    async def goal(self, match_id: int, team: str) -> None:
        """Score a goal in the simulator and remember it."""
        snap = await self.sim.score_goal(match_id, team)  # type: ignore[arg-type]
        self.goals_scored.append((match_id, team, snap["score"]["home"], snap["score"]["away"]))
        self.scored_at.append(self.now())

    async def wicket(self, match_id: int = CRICKET) -> None:
        """Take a wicket in the simulator and remember it."""
        snap = await self.sim.take_wicket(match_id)
        self.wickets_taken.append((match_id, snap["score"]["wickets"]))

    def open_window(self) -> None:
        """Start counting what the fault causes."""
        self.window = Window(started=self.now(), handshakes_before=len(self.sim.handshake_log))

    def handshakes_since(self, start: float, end: float | None = None) -> list[Any]:
        """Return the handshakes answered between two loop times."""
        return [h for h in self.sim.handshake_log if h.at >= start and (end is None or h.at <= end)]

    # Tallying -------------------------------------------------------------------------------

    def goal_tally(self) -> tuple[int, int, list[Any]]:
        """Return goals lost and duplicated, and goal events carrying a score that never was.

        Goals are matched by match and team; the score an event carries is checked apart, so
        that two goals in a gap reported with made-up intermediate scores are not lost.
        """
        scored = Counter((match, team) for match, team, _, _ in self.goals_scored)
        received = Counter((data.get("match_id"), data.get("team")) for data in self.goal_events)
        lost, duplicated = _lost_and_duplicated(scored, received)
        real_scores = set(self.goals_scored)
        wrong = [key for data in self.goal_events if (key := _goal_key(data)) not in real_scores]
        return lost, duplicated, wrong

    def wicket_tally(self) -> tuple[int, int]:
        """Return wickets lost and duplicated: the bus events against the wickets taken."""
        received = Counter(_wicket_key(data) for data in self.wicket_events)
        return _lost_and_duplicated(Counter(self.wickets_taken), received)


def _goal_key(data: dict[str, Any]) -> GoalKey | tuple[int, str]:
    """Return a goal event's identity: match, team and the score it made."""
    score = data.get("score")
    if isinstance(score, dict):
        return (data.get("match_id"), data.get("team"), score.get("home"), score.get("away"))  # type: ignore[return-value]
    return (data.get("match_id"), str(data.get("team")))  # type: ignore[return-value]


def _wicket_key(data: dict[str, Any]) -> WicketKey:
    """Return a wicket event's identity: match and the wickets down after it."""
    return (data.get("match_id"), data.get("wickets"))  # type: ignore[return-value]


def _lost_and_duplicated(expected: Counter[Any], received: Counter[Any]) -> tuple[int, int]:
    """Return how many expected items never came and how many came more than expected."""
    lost = sum((expected - received).values())
    duplicated = sum((received - expected).values())
    return lost, duplicated


def simulated_seconds(real_seconds: float | None) -> float | None:
    """Return simulated seconds, rounded for the table, or None."""
    return None if real_seconds is None else round(simulated(real_seconds), 1)
