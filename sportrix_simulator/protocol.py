"""Stream protocol: control messages from clients and the frames sent back."""

from dataclasses import dataclass
import json
from typing import Any, Final, Literal

from .merge import JsonObject

NOT_LIVE: Final = "match not live or not found"
SPORT_NOT_ENABLED: Final = "sport not enabled for this key"

type Action = Literal["subscribe", "unsubscribe"]


class ControlMessageError(ValueError):
    """Raise when a client's control message cannot be acted on."""


@dataclass(frozen=True, slots=True)
class ControlMessage:
    """Hold a valid subscribe or unsubscribe request."""

    action: Action
    match_id: int


def decode(text: str) -> Any:
    """Return the JSON value of a text frame; raise ControlMessageError when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        raise ControlMessageError("invalid control message: not JSON") from None


def parse_control(value: Any) -> ControlMessage:
    """Return the control message in a decoded frame; raise ControlMessageError with a reason."""
    if not isinstance(value, dict):
        raise ControlMessageError("invalid control message: expected a JSON object")
    action = value.get("action")
    if action not in ("subscribe", "unsubscribe"):
        if action is None:
            raise ControlMessageError("invalid control message: missing action")
        raise ControlMessageError(f"invalid control message: unknown action {action!r}")
    match_id = value.get("match_id")
    # bool is an int subclass, but true is not a match id.
    if not isinstance(match_id, int) or isinstance(match_id, bool) or match_id <= 0:
        raise ControlMessageError("invalid control message: match_id must be a positive integer")
    return ControlMessage(action=action, match_id=match_id)


def snapshot_frame(data: JsonObject) -> str:
    """Encode the answer to a subscribe."""
    return json.dumps({"op": "snapshot", "data": data})


def update_frame(data: JsonObject) -> str:
    """Encode a change of a subscribed match."""
    return json.dumps({"op": "update", "data": data})


def error_frame(reason: str) -> str:
    """Encode an error frame."""
    return json.dumps({"op": "error", "error": reason})
