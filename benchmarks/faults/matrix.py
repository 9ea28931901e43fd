"""The fault matrix, one test per fault; scripts/faults runs it and prints the table.

The file is not named test_*.py so that scripts/benchmark, which collects benchmarks/, leaves
it out: it takes minutes, not seconds.
"""

from collections.abc import Iterator
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from .report import write_report
from .scenarios import FAULTS, Fault, run_fault
from .timescale import scale_durations


@pytest.fixture(autouse=True)
def fast_reconnect() -> None:
    """Replace the benchmarks' backoff patch: the time scale shrinks every duration instead."""


@pytest.fixture
def expected_lingering_timers() -> bool:
    """Let a fault leave a retry timer behind; the matrix reports, it does not judge cleanup."""
    return True


@pytest.fixture(scope="session")
def matrix() -> Iterator[dict[str, Any]]:
    """Collect every fault's row and write the table when all have run."""
    report: dict[str, Any] = {"rows": [], "scaled": []}
    yield report
    write_report(report)


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
async def test_fault(
    hass: HomeAssistant,
    socket_enabled: None,
    monkeypatch: pytest.MonkeyPatch,
    matrix: dict[str, Any],
    fault: Fault,
) -> None:
    """Run the integration through one fault and add its row."""
    # The test harness runs the loop in debug mode, which slows every callback.
    hass.loop.set_debug(False)
    matrix["scaled"] = scale_durations(monkeypatch)
    try:
        row = await run_fault(hass, fault)
    except Exception as err:
        matrix["rows"].append({"fault": fault.name, "error": f"{type(err).__name__}: {err}"})
        raise
    matrix["rows"].append(row)
    # The row is in the table either way; a fault that could not be measured fails the run.
    assert "error" not in row, f"{fault.name}: {row['error']}"
