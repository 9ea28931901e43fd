"""Simulated time: every time constant of the integration divided by one factor.

Ten minutes of a flapping server cannot take ten real minutes, and Home Assistant's clock cannot
be driven without also firing the stream's read timeouts early. So the runner shrinks the
integration's own time constants (backoff, timeouts, retries, grace periods) and the simulator's
ping interval by SCALE, and reports real seconds times SCALE as simulated seconds. Constants are
found by name, in every module of the integration, so the runner keeps working while the
integration's modules change.
"""

from collections.abc import Callable
import contextlib
from datetime import timedelta
import importlib
import inspect
import pkgutil
import re
import sys
from types import FunctionType, ModuleType
from typing import Any

import pytest

PACKAGE = "custom_components.sportrix"
SCALE = 20.0
# Module constants (UPPER_CASE) and parameters (lower_case) whose names say they are durations.
DURATION_NAME = re.compile(
    r"BACKOFF|TIMEOUT|GRACE|RETRY|DELAY|INTERVAL|STABLE|UPTIME|COOLDOWN|RESET|WAIT|_AFTER",
    re.IGNORECASE,
)


def simulated(real_seconds: float) -> float:
    """Return the simulated seconds that real_seconds stand for."""
    return real_seconds * SCALE


def real(simulated_seconds: float) -> float:
    """Return the real seconds that stand for simulated_seconds."""
    return simulated_seconds / SCALE


def _scaled(value: object) -> object | None:
    """Return a duration divided by SCALE, or None when value is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value > 0:
        return value / SCALE
    if isinstance(value, timedelta) and value > timedelta(0):
        return value / SCALE
    return None


def _modules() -> list[ModuleType]:
    """Import every module of the integration that imports and return them."""
    package = importlib.import_module(PACKAGE)
    for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        # A module half-way through a change must not stop the runner; setup will tell.
        with contextlib.suppress(Exception):
            importlib.import_module(info.name)
    return [m for name, m in sorted(sys.modules.items()) if name.startswith(PACKAGE) and m]


def _functions(module: ModuleType) -> list[Callable[..., Any]]:
    """Return the functions and methods defined in a module, __init__ of dataclasses too."""
    found: list[Callable[..., Any]] = []
    for value in vars(module).values():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if isinstance(value, FunctionType):
            found.append(value)
        elif inspect.isclass(value):
            found.extend(v for v in vars(value).values() if isinstance(v, FunctionType))
    return found


def scale_durations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Divide the integration's durations by SCALE for the test; return what was patched."""
    patched: list[str] = []
    for module in _modules():
        short = module.__name__.removeprefix(f"{PACKAGE}.")
        for name, value in list(vars(module).items()):
            duration = name.isupper() and DURATION_NAME.search(name)
            if duration and (new := _scaled(value)) is not None:
                monkeypatch.setattr(module, name, new)
                patched.append(f"{short}.{name}")
        for function in _functions(module):
            patched += _scale_defaults(monkeypatch, function, short)
    return sorted(set(patched))


def _scale_defaults(
    monkeypatch: pytest.MonkeyPatch, function: Callable[..., Any], module: str
) -> list[str]:
    """Divide the duration defaults of a function's parameters; return their names."""
    patched: list[str] = []
    names = function.__code__.co_varnames[: function.__code__.co_argcount]
    defaults = list(function.__defaults__ or ())
    for offset, default in enumerate(defaults):
        name = names[len(names) - len(defaults) + offset]
        if DURATION_NAME.search(name) and (new := _scaled(default)) is not None:
            defaults[offset] = new
            patched.append(f"{module}.{function.__qualname__}({name})")
    if defaults:
        monkeypatch.setattr(function, "__defaults__", tuple(defaults))
    keyword = dict(function.__kwdefaults__ or {})
    for name, default in keyword.items():
        if DURATION_NAME.search(name) and (new := _scaled(default)) is not None:
            keyword[name] = new
            patched.append(f"{module}.{function.__qualname__}({name})")
    if keyword:
        monkeypatch.setattr(function, "__kwdefaults__", keyword)
    return patched
