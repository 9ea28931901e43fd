"""The broadcast delay: frames that change nothing shown take the place of the one held."""

from __future__ import annotations

from collections.abc import Iterator
import copy
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.sportrix.api import Snapshot, SoccerScore, SoccerSnapshot
from custom_components.sportrix.api.models import SnapshotParser
from custom_components.sportrix.delay import BroadcastDelay
from tests.api.common import load_json

NOW = datetime(2026, 6, 18, 12, 0, tzinfo=dt_util.UTC)
MATCH = 41282
OTHER = 41283

pytestmark = pytest.mark.freeze_time(NOW)


class Taken:
    """Record what the delay releases, and when."""

    def __init__(self) -> None:
        """Start with nothing released."""
        self.frames: list[tuple[float, Snapshot]] = []
        self.order: list[str] = []

    def take(self, snapshot: Snapshot) -> None:
        """Record a released frame: seconds after NOW, and the snapshot."""
        self.frames.append(((dt_util.utcnow() - NOW).total_seconds(), snapshot))
        self.order.append(f"frame {clock_of(snapshot)}")

    def work(self, name: str) -> None:
        """Record released work by its name."""
        self.order.append(name)


def frame(
    parser: SnapshotParser,
    minute: int,
    second: int,
    *,
    match_id: int = MATCH,
    score: tuple[int, int] = (3, 2),
    sent: float | None = None,
    stamped: bool = True,
) -> Snapshot:
    """Return a live soccer frame at a clock, parsed as the stream parses.

    It was sent now, or sent seconds after NOW; without stamped, it does not say when.
    """
    data: dict[str, Any] = copy.deepcopy(load_json("soccer_live.json"))  # type: ignore[arg-type]
    data["match_id"] = match_id
    data["clock"] |= {"minute": minute, "second": second}
    data["score"] = {"home": score[0], "away": score[1]}
    elapsed = (dt_util.utcnow() - NOW).total_seconds() if sent is None else sent
    data["updated_at"] = (NOW + timedelta(seconds=elapsed)).isoformat() if stamped else None
    return parser.parse(data)


def clock_of(snapshot: Snapshot) -> str:
    """Return a soccer frame's clock as minute:second."""
    assert isinstance(snapshot, SoccerSnapshot)
    assert snapshot.clock is not None
    return f"{snapshot.clock.minute}:{snapshot.clock.second:02d}"


async def wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move frozen time on and run what falls due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
def parser() -> SnapshotParser:
    """Parse frames as the stream does: each from its match's last."""
    return SnapshotParser()


@pytest.fixture
def taken() -> Taken:
    """Record what is released."""
    return Taken()


@pytest.fixture
def delay(hass: HomeAssistant) -> Iterator[BroadcastDelay]:
    """Return a delay of none yet; what a test leaves held is dropped after it."""
    delay = BroadcastDelay(hass)
    yield delay
    delay.clear()


async def test_without_a_delay_a_frame_is_taken_at_once(
    delay: BroadcastDelay, parser: SnapshotParser, taken: Taken
) -> None:
    """With no delay and nothing held, hold() takes the frame before it returns."""
    delay.hold(frame(parser, 75, 56), taken.take)
    assert taken.order == ["frame 75:56"]
    assert delay.held == 0


async def test_frames_that_move_only_the_seconds_are_held_as_one(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """Seconds-only frames replace the held one, released at the first one's time."""
    delay.set(10)
    for second in (56, 57, 58):
        delay.hold(frame(parser, 75, second), taken.take)
        assert delay.held == 1
        await wait(hass, freezer, 1)

    await wait(hass, freezer, 6)
    assert taken.frames == []
    await wait(hass, freezer, 1)
    assert [(at, clock_of(snapshot)) for at, snapshot in taken.frames] == [(10.0, "75:58")]
    assert delay.held == 0


async def test_a_new_minute_or_a_goal_is_held_on_its_own(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """A frame that changes what is shown is its own item; seconds after it join it."""
    delay.set(30)
    shown = [(75, 58), (75, 59), (76, 0), (76, 1), (76, 2), (76, 3)]
    for second, (minute, at) in enumerate(shown):
        if second:
            await wait(hass, freezer, 1)
        score = (4, 2) if second >= 4 else (3, 2)
        delay.hold(frame(parser, minute, at, score=score), taken.take)
    assert delay.held == 3

    for _ in range(30):
        await wait(hass, freezer, 1)
    assert [(at, clock_of(s), s.score) for at, s in taken.frames] == [
        (30.0, "75:59", SoccerScore(3, 2)),
        (32.0, "76:01", SoccerScore(3, 2)),
        (34.0, "76:03", SoccerScore(4, 2)),
    ]


async def test_work_between_frames_keeps_its_place(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """A frame after generic work is not folded into the frame held before that work."""
    delay.set(5)
    delay.hold(frame(parser, 75, 56), taken.take)
    delay.run(lambda: taken.work("gaps marked"))
    delay.hold(frame(parser, 75, 57), taken.take)
    delay.hold(frame(parser, 75, 58), taken.take)
    assert delay.held == 3

    await wait(hass, freezer, 5)
    assert taken.order == ["frame 75:56", "gaps marked", "frame 75:58"]


async def test_frames_of_other_matches_between_do_not_stop_the_replacement(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """Matches are apart: a frame of another match held between changes nothing."""
    delay.set(5)
    delay.hold(frame(parser, 75, 56), taken.take)
    delay.hold(frame(parser, 10, 0, match_id=OTHER), taken.take)
    delay.hold(frame(parser, 75, 57), taken.take)
    assert delay.held == 2

    await wait(hass, freezer, 5)
    assert [(s.match_id, clock_of(s)) for _, s in taken.frames] == [
        (MATCH, "75:57"),
        (OTHER, "10:00"),
    ]


async def test_a_released_frame_is_never_replaced(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """Once its frame is released, a match's next frame is held for its own delay."""
    delay.set(5)
    delay.hold(frame(parser, 75, 56), taken.take)
    await wait(hass, freezer, 5)
    delay.hold(frame(parser, 75, 57), taken.take)
    assert delay.held == 1

    await wait(hass, freezer, 4)
    assert len(taken.frames) == 1
    await wait(hass, freezer, 1)
    assert [(at, clock_of(s)) for at, s in taken.frames] == [(5.0, "75:56"), (10.0, "75:57")]


@pytest.mark.parametrize(
    ("sent", "stamped"),
    [(9.0, True), (0.0, False), (10.0 + 5 * 60 + 1, True)],
    ids=["older", "without a time", "too far ahead"],
)
async def test_a_frame_whose_time_counts_is_held_on_its_own(
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
    sent: float,
    stamped: bool,
) -> None:
    """An older frame, one without a time or one too far ahead stays apart from the held one.

    The engine skips the first, keeps the match's time over the second and distrusts the
    third: taking such a frame in place of the held one would leave the match another time.
    """
    delay.set(5)
    delay.hold(frame(parser, 75, 57, sent=10), taken.take)
    delay.hold(frame(parser, 75, 58, sent=sent, stamped=stamped), taken.take)
    assert delay.held == 2


async def test_a_frame_for_another_taker_is_held_on_its_own(
    delay: BroadcastDelay, parser: SnapshotParser, taken: Taken
) -> None:
    """A frame is replaced only by one handed to the same taker."""
    other = Taken()
    delay.set(5)
    delay.hold(frame(parser, 75, 56), taken.take)
    delay.hold(frame(parser, 75, 57), other.take)
    assert delay.held == 2


async def test_clear_drops_what_is_held(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """After clear(), nothing is released and the next frame is held apart."""
    delay.set(5)
    delay.hold(frame(parser, 75, 56), taken.take)
    delay.clear()
    delay.hold(frame(parser, 75, 57), taken.take)
    assert delay.held == 1

    await wait(hass, freezer, 5)
    assert [clock_of(s) for _, s in taken.frames] == ["75:57"]


async def test_fifty_matches_over_the_longest_delay_hold_a_frame_a_minute_each(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    delay: BroadcastDelay,
    parser: SnapshotParser,
    taken: Taken,
) -> None:
    """50 matches, a frame a second for 300 s under a 300 s delay: a few items a match."""
    matches = 50
    delay.set(300)
    for elapsed in range(300):
        if elapsed:
            await wait(hass, freezer, 1)
        # Each match mid-minute at its own second, so that each crosses six minutes.
        for n in range(matches):
            played = 20 * 60 + 30 + n % 30 + elapsed
            snapshot = frame(parser, played // 60, played % 60, match_id=MATCH + n)
            delay.hold(snapshot, taken.take)
    assert delay.held <= matches * 6
    assert taken.frames == []

    await wait(hass, freezer, 300)
    assert delay.held == 0
    last = {snapshot.match_id: clock_of(snapshot) for _, snapshot in taken.frames}
    assert len(last) == matches
    assert last[MATCH] == "25:29"
