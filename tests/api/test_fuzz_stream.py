"""Property test: random frames on a live connection never cost it a reconnect or a frame."""

from __future__ import annotations

import itertools
import uuid

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from sportrix_simulator import Simulator

from .conftest import StartStream, StreamUnderTest
from .strategies import JSON_VALUES, NASTY_VALUES, dumps, mutated_snapshots

pytestmark = pytest.mark.fuzz

SOCCER = 41282
MARK = "fuzz_mark"
# Each example marks its valid frames with a fresh nonce that random frames cannot contain.
_sequence = itertools.count()

OPS = st.one_of(
    st.sampled_from(["snapshot", "update", "error", "UPDATE", "goal", ""]),
    NASTY_VALUES,
    JSON_VALUES,
)
DATA = st.one_of(
    mutated_snapshots(),
    st.fixed_dictionaries({"match_id": st.just(SOCCER)}, optional={"sport": JSON_VALUES}),
    JSON_VALUES,
)
HOSTILE: st.SearchStrategy[str | bytes] = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=200),
    JSON_VALUES.map(dumps),
    st.fixed_dictionaries({"op": OPS}, optional={"data": DATA, "error": JSON_VALUES}).map(dumps),
    st.integers(min_value=1, max_value=5000).map(lambda depth: "[" * depth),
)
# True stands for a valid frame of the subscribed match at that place in the sequence.
FRAMES = st.lists(st.one_of(st.just(True), HOSTILE), max_size=12)


@pytest.fixture
async def running(simulator: Simulator, start_stream: StartStream) -> StreamUnderTest:
    """Return a stream subscribed to one match, kept for every example of a test."""
    under_test = await start_stream(SOCCER)
    await under_test.recorder.wait_until(lambda: under_test.stream.subscribed == {SOCCER})
    return under_test


# The stream is shared by every example on purpose: no example may hurt it for the next.
@settings(
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
    deadline=None,
)
@given(frames=FRAMES)
async def test_random_frames_between_valid_ones(
    simulator: Simulator, running: StreamUnderTest, frames: list[str | bytes | bool]
) -> None:
    stream, recorder = running.stream, running.recorder
    nonce = f"{uuid.uuid4()}"
    sent: list[str] = []
    # The frames end with a valid one, so that its arrival proves every earlier one was read.
    for frame in [*frames, True]:
        if frame is True:
            mark = f"{nonce}:{next(_sequence)}"
            sent.append(mark)
            data = {**simulator.snapshot(SOCCER), MARK: mark}
            await simulator.push_raw(dumps({"op": "update", "data": data}))
        else:
            assert not isinstance(frame, bool)
            await simulator.push_raw(frame)

    def received() -> list[object]:
        return [
            snapshot.raw.get(MARK)
            for snapshot in recorder.of(SOCCER)
            if str(snapshot.raw.get(MARK)).startswith(nonce)
        ]

    await recorder.wait_until(lambda: len(received()) == len(sent))
    assert received() == sent
    assert recorder.connection == [True]
    assert simulator.handshake_count == 1
    assert stream.connected
    assert stream.subscribed == {SOCCER}
