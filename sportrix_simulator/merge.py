"""Deep merge and copying of JSON objects, the way snapshot patches are applied."""

from collections.abc import Mapping
import json
from typing import Any

type JsonObject = dict[str, Any]


def clone[T](value: T) -> T:
    """Return a deep copy of JSON data."""
    # A JSON round trip copies plain JSON data several times faster than copy.deepcopy.
    copied: T = json.loads(json.dumps(value))
    return copied


def deep_merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> JsonObject:
    """Return base with patch merged in: objects merge, lists and scalars replace."""
    merged: JsonObject = clone(dict(base))
    _merge_into(merged, clone(dict(patch)))
    return merged


def _merge_into(target: JsonObject, patch: Mapping[str, Any]) -> None:
    """Merge an already copied patch into target in place."""
    for key, value in patch.items():
        current = target.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            _merge_into(current, value)
        else:
            target[key] = value
