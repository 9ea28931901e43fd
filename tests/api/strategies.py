"""Hypothesis strategies for hostile Sportrix payloads, shared by the property tests."""

from __future__ import annotations

import copy
import json

from hypothesis import strategies as st

from .common import load_json

type Path = tuple[str | int, ...]

# Values chosen to trip converters: text that looks numeric, numbers past float range, odd
# timestamps and empty containers.
NASTY_VALUES: st.SearchStrategy[object] = st.sampled_from(
    [
        None,
        True,
        False,
        0,
        -1,
        10**400,
        -(10**400),
        1e308,
        -0.0,
        float("nan"),
        float("inf"),
        float("-inf"),
        "",
        " ",
        "NaN",
        "Infinity",
        "1e400",
        "-1",
        "18.9",
        "18.45",
        "9" * 5000,
        "١٨.٤",
        "2026-13-45T99:00:00",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+01:00",
        [],
        {},
        [[[]]],
        {"": {}},
    ]
)

JSON_SCALARS: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    # Integers up to what Python's JSON decoder accepts (4300 digits).
    st.integers(min_value=-(10**4000), max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    NASTY_VALUES,
)

JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
    ),
    max_leaves=25,
)

VALID_SNAPSHOTS = tuple(
    load_json(name)
    for name in (
        "soccer_live.json",
        "soccer_extra_fields.json",
        "cricket_live.json",
        "cricket_second_innings.json",
    )
)


def _paths(value: object, prefix: Path = ()) -> list[Path]:
    """Return the path of every value inside a decoded JSON document, the root excluded."""
    found: list[Path] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found.extend(_paths(child, (*prefix, index)))
    return found


def _parent(document: object, path: Path) -> dict[str, object] | list[object]:
    node = document
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    return node  # type: ignore[return-value]


@st.composite
def mutated_snapshots(draw: st.DrawFn) -> object:
    """Return a valid soccer or cricket snapshot with a few values replaced or removed."""
    document = copy.deepcopy(draw(st.sampled_from(VALID_SNAPSHOTS)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        document = mutate(draw, document, st.one_of(NASTY_VALUES, JSON_VALUES))
    return document


def mutate(draw: st.DrawFn, document: object, values: st.SearchStrategy[object]) -> object:
    """Replace or remove one value inside a document (in place), drawn from values."""
    if not (paths := _paths(document)):
        return document
    path = draw(st.sampled_from(paths))
    parent = _parent(document, path)
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]  # type: ignore[arg-type]
    else:
        parent[path[-1]] = copy.deepcopy(draw(values))  # type: ignore[index]
    return document


def dumps(value: object) -> str:
    """Return JSON text as a server might send it, NaN and Infinity included."""
    return json.dumps(value, allow_nan=True)
