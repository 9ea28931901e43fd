"""Helpers shared by the protocol client tests."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "api"


def load_json(name: str) -> object:
    """Return the decoded JSON fixture tests/fixtures/api/<name>."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
