"""LLM tools: the scores, fixtures and goals of followed matches, from exposed entities."""

# Home Assistant 2026.10+ loads this platform when an assistant asks for tools; nothing of this
# integration imports it, so older releases never run it.

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast
import unicodedata

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.llm import LLM_API_ASSIST, LLMContext, Tool, ToolInput
from homeassistant.util import dt as dt_util

from .const import DOMAIN

# Only releases that discover this platform have these; the import must not fail on the others.
try:
    from homeassistant.components.llm import (  # type: ignore[import-not-found,unused-ignore]
        LLMTools,
    )
    from homeassistant.helpers.llm import (  # type: ignore[attr-defined,unused-ignore]
        ToolAnnotations,
        ToolResult,
    )

    SUPPORTED = True
except ImportError:  # pragma: no cover - taken on Home Assistant before 2026.10
    SUPPORTED = False

# Home Assistant 2026 validates with probatio, which keeps voluptuous' API.
try:
    import probatio as vol  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - taken on Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef,unused-ignore]

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable

# The registry's translation keys of the states that describe a match.
MATCH_FIELDS = ("status", "score", "minute", "period", "runs", "wickets", "overs", "batting")
# The team sensor's attributes worth saying; the rest (ids, pictures) is noise to a model.
TEAM_FIELDS = (
    *("home", "away", "home_away", "opponent", "competition", "kick_off", "status", "score"),
    *("team_score", "opponent_score", "clock", "overs", "batting", "result"),
)
NO_MATCH = "no match in the next seven days"
TEAM_STAGES = {"pre": "upcoming", "in": "in play", "post": "finished", "none": NO_MATCH}
EVENT_FIELDS = ("event_type", "team_name", "score", "minute", "over", "dismissal")
SCORES = "Get the status and score of every followed soccer or cricket match."
FIND = (
    "Get the score, clock or overs and status of a followed match, or a followed team's "
    "current or next match, by a team's name."
)
NEXT = "Get when a team plays next, against whom and in which competition."
LAST = (
    "Get the last goals (soccer), or the last ball and, where its wicket entity is enabled, the "
    "last wicket (cricket) of a followed match."
)
NOT_FOUND = "No followed match or team of that name is shared with the assistant"
# The goals of a long match are many; the last few answer "who scored".
LAST_EVENTS = 5


@dataclass(slots=True)
class Followed:
    """A followed match or team, with its entities' states that are exposed, by key."""

    name: str
    team: bool
    states: dict[str, State] = field(default_factory=dict)


def _key(text: str) -> str:
    """Return text as names are compared: no accents, no case, no outer spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@callback
def _entries(hass: HomeAssistant) -> list[er.RegistryEntry]:
    """Return this integration's entities, through the registry's index of config entries."""
    registry = er.async_get(hass)
    return [
        entity
        for entry in hass.config_entries.async_entries(DOMAIN)
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    ]


@callback
def _followed(hass: HomeAssistant, assistant: str) -> list[Followed]:
    """Return every match and team with an entity exposed to the assistant."""
    devices = dr.async_get(hass)
    found: dict[str, Followed] = {}
    for entry in _entries(hass):
        if entry.device_id is None or entry.translation_key is None:
            continue
        state = hass.states.get(entry.entity_id)
        if state is None or not async_should_expose(hass, assistant, entry.entity_id):
            continue
        if entry.device_id not in found:
            device = devices.async_get(entry.device_id)
            ours = [i for d, i in device.identifiers if d == DOMAIN] if device else []
            # A match's device is known by its id, a team's by "team_"; others are no match.
            if device is None or not ours or not (ours[0].isdigit() or ours[0][:5] == "team_"):
                continue
            name = device.name_by_user or device.name or ""
            found[entry.device_id] = Followed(name, not ours[0].isdigit())
        found[entry.device_id].states[entry.translation_key] = state
    return sorted(found.values(), key=lambda f: f.name)


@callback
def _calendars(hass: HomeAssistant, assistant: str) -> list[str]:
    """Return the fixtures calendars exposed to the assistant."""
    return [
        entry.entity_id
        for entry in _entries(hass)
        if entry.domain == "calendar" and async_should_expose(hass, assistant, entry.entity_id)
    ]


def _named(followed: Iterable[Followed], name: str) -> list[Followed]:
    """Return those whose name holds the asked one: "India" finds "India vs Australia"."""
    wanted = _key(name)
    return [f for f in followed if wanted and wanted in _key(f.name)]


def _match(match: Followed) -> dict[str, Any]:
    """Describe a match by its exposed states: status, score, clock or overs."""
    answer: dict[str, Any] = {"match": match.name}
    for key in MATCH_FIELDS:
        if (state := match.states.get(key)) is not None and state.state != STATE_UNKNOWN:
            answer[key] = state.state
    # The period sensor starts disabled; the scoreboard carries the period too.
    board = match.states.get("scoreboard")
    if "period" not in answer and board is not None and (period := board.attributes.get("period")):
        answer["period"] = period
    if "score" not in answer and {"runs", "wickets"} <= answer.keys():
        answer["score"] = f"{answer['runs']}/{answer['wickets']}"
    return answer


def _team(team: Followed) -> dict[str, Any]:
    """Describe a team's current or next match from its match sensor."""
    answer: dict[str, Any] = {"team": team.name}
    if (state := team.states.get("team_match")) is None:
        return answer
    if state.state == STATE_UNAVAILABLE:
        return answer | {"match": STATE_UNAVAILABLE}
    answer["match"] = TEAM_STAGES.get(state.state, state.state)
    return answer | {k: state.attributes[k] for k in TEAM_FIELDS if state.attributes.get(k)}


type Handler = Callable[[HomeAssistant, Asked], Awaitable[dict[str, Any]]]


@dataclass(slots=True)
class Asked:
    """A tool's call: what the assistant may see now, and its arguments."""

    assistant: str
    followed: list[Followed]
    args: dict[str, Any]


class SportrixTool(Tool):
    """A tool that only reads the exposed states of followed matches and teams."""

    integration = DOMAIN

    def __init__(
        self, name: str, title: str, description: str, argument: str | None, handler: Handler
    ) -> None:
        """Describe the tool; its one argument, if any, is a name."""
        self.name = f"{DOMAIN}__{name}"
        self.title = title
        self.description = description
        self.annotations = ToolAnnotations(
            read_only=True, destructive=False, idempotent=True, open_world=False
        )
        self.parameters = vol.Schema({vol.Required(argument): str} if argument else {})
        self._handler = handler

    async def async_call(
        self, hass: HomeAssistant, tool_input: ToolInput, llm_context: LLMContext
    ) -> ToolResult:
        """Answer from what is exposed to the assistant now, never from what was offered."""
        assistant = llm_context.assistant or ""
        args = self.parameters(tool_input.tool_args)
        data = await self._handler(hass, Asked(assistant, _followed(hass, assistant), args))
        return ToolResult(data=data, error="error" in data)


async def _scores(hass: HomeAssistant, asked: Asked) -> dict[str, Any]:
    """Return every followed match."""
    return {"matches": [_match(f) for f in asked.followed if not f.team]}


async def _find(hass: HomeAssistant, asked: Asked) -> dict[str, Any]:
    """Return the matches and teams of that name."""
    if not (found := _named(asked.followed, asked.args["name"])):
        return {"error": NOT_FOUND}
    return {
        "matches": [_match(f) for f in found if not f.team],
        "teams": [_team(f) for f in found if f.team],
    }


async def _next_match(hass: HomeAssistant, asked: Asked) -> dict[str, Any]:
    """Return the team's next kick-off, from its team sensor or the fixtures calendar."""
    for team in _named([f for f in asked.followed if f.team], asked.args["team"]):
        if (state := team.states.get("team_match")) is not None and state.state == "pre":
            return _team(team)
    # A team in play, or one of a followed competition only: the calendar lists its next.
    now = dt_util.now()
    wanted = _key(asked.args["team"])
    for calendar in _calendars(hass, asked.assistant):
        response = await hass.services.async_call(
            "calendar",
            "get_events",
            {"entity_id": calendar, "end_date_time": (now + timedelta(days=7)).isoformat()},
            blocking=True,
            return_response=True,
        )
        for event in cast("dict[str, Any]", response)[calendar]["events"]:
            start = dt_util.parse_datetime(event["start"])
            if wanted in _key(event["summary"]) and start is not None and start > now:
                return {
                    "match": event["summary"],
                    "kick_off": event["start"],
                    "competition": event.get("description"),
                }
    return {"team": asked.args["team"], "next_match": None}


async def _last_events(hass: HomeAssistant, asked: Asked) -> dict[str, Any]:
    """Return the last goals and the last goal or wicket of the matches of that name."""
    if not (matches := [f for f in _named(asked.followed, asked.args["match"]) if not f.team]):
        return {"error": NOT_FOUND}
    answers = []
    for match in matches:
        answer = _match(match)
        # The scoreboard carries the timeline; the last event's sensor (off by default) too.
        holders = [match.states.get(key) for key in ("scoreboard", "last_event")]
        if shown := [state for state in holders if state is not None]:
            timeline: list[dict[str, Any]] = next(
                (t for s in shown if (t := s.attributes.get("timeline"))), []
            )
            goals = [e for e in timeline if e.get("type") == "goal" or e.get("score")]
            answer["goals"] = goals[-LAST_EVENTS:]
        board = match.states.get("scoreboard")
        attributes = board.attributes if board is not None else {}
        if attributes.get("sport") == "cricket" and (last := attributes.get("last_play")):
            answer["last_ball"] = last
        for key in ("goal", "wicket"):
            event = match.states.get(key)
            if event is not None and event.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE):
                told = {k: event.attributes[k] for k in EVENT_FIELDS if k in event.attributes}
                answer[f"last_{key}"] = told | {"at": event.state}
        answers.append(answer)
    return {"matches": answers}


@callback
def async_get_tools(hass: HomeAssistant, llm_context: LLMContext, api_id: str) -> LLMTools | None:
    """Return the tools when a followed match, team or the fixtures are exposed."""
    # The Assist API is bounded by what the user exposed; other APIs are not, so none there.
    if not SUPPORTED or api_id != LLM_API_ASSIST or not llm_context.assistant:
        return None
    names = [f.name for f in _followed(hass, llm_context.assistant)]
    if not names and not _calendars(hass, llm_context.assistant):
        return None
    # Naming what is followed lets the model pick the tool for a team it has never heard of.
    followed = f" Followed: {', '.join(names)}." if names else ""
    tools = [
        ("get_scores", "Get live scores", SCORES, None, _scores),
        ("find_match", "Get a match or team", FIND + followed, "name", _find),
        ("next_match", "Get a team's next match", NEXT, "team", _next_match),
        ("last_events", "Get the last goals or wickets", LAST, "match", _last_events),
    ]
    return LLMTools(tools=[SportrixTool(*tool) for tool in tools])
