"""Fixtures of the benchmarks: the simulator in its own process, Home Assistant, the results."""

from collections.abc import Iterator
import logging
import os
from typing import Any

import pytest

from tests.conftest import simulator
from tests.integration.conftest import auto_enable_custom_integrations, fast_reconnect

from .report import write_report
from .simproc import SimProcess, sim_process

__all__ = ["auto_enable_custom_integrations", "fast_reconnect", "simulator"]

# Every step takes matches no step before it used: 1 + 50 + 200 + 1,000 for the sweep, and a
# few dozen for the recorder and the peer.
SYNTHETIC_MATCHES = 1600


@pytest.fixture(scope="session")
def sim() -> Iterator[SimProcess]:
    """Run python -m sportrix_simulator in a process of its own for the whole run."""
    with sim_process(SYNTHETIC_MATCHES) as process:
        yield process


@pytest.fixture(autouse=True)
def loopback(socket_enabled: None) -> None:
    """Let every benchmark open loopback sockets."""


@pytest.fixture(autouse=True)
def quiet() -> None:
    """Log warnings only: the test plugin logs at info, a line per entity of 23,000.

    It also sets SQLAlchemy's engine to info: every statement of the recorder benchmark.
    """
    for name in ("", "homeassistant", "custom_components", "sportrix_simulator", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def results() -> Iterator[dict[str, Any]]:
    """Collect every figure; at the end print the tables and write the JSON, table and plots."""
    figures: dict[str, Any] = {"load_average_at_start": list(os.getloadavg())}
    yield figures
    write_report(figures)
