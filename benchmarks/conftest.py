"""Fixtures of the benchmarks: the test suite's simulator and Home Assistant fixtures."""

from collections.abc import Iterator
import json
from pathlib import Path

import pytest

from tests.conftest import simulator
from tests.integration.conftest import auto_enable_custom_integrations, fast_reconnect

__all__ = ["auto_enable_custom_integrations", "fast_reconnect", "simulator"]

RESULTS = Path(__file__).resolve().parent.parent / "artifacts" / "benchmark.json"


@pytest.fixture(scope="session")
def results() -> Iterator[dict[str, object]]:
    """Collect every figure, print them, and write them to artifacts/benchmark.json."""
    figures: dict[str, object] = {}
    yield figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print("\n== benchmark results (also in artifacts/benchmark.json)")
    for name, value in figures.items():
        print(f"{name:48} {value}")
