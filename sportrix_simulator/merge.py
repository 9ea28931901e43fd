"""Deep merge of JSON objects, the way snapshot patches are applied."""

from collections.abc import Mapping
import copy
from typing import Any

type JsonObject = dict[str, Any]


def deep_merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> JsonObject:
    """Return base with patch merged in: objects merge, lists and scalars replace."""
    merged: JsonObject = copy.deepcopy(dict(base))
    for key, value in patch.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
