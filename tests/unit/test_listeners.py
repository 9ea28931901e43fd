"""Each match's entity callbacks: called for the fields they show, each once, in order."""

import logging

import pytest

from custom_components.sportrix.listeners import Changed, Listener, MatchListeners

CLOCK = frozenset({"clock"})
SCORE = frozenset({"score"})


def recorder(calls: list[tuple[str, Changed]], name: str) -> Listener:
    """Return a listener that records its name and what it was called with."""

    def listener(changed: Changed) -> None:
        calls.append((name, changed))

    return listener


def test_only_the_listeners_of_a_changed_field_are_called() -> None:
    """A clock frame calls the clock's listeners and those of every change, not the score's."""
    calls: list[tuple[str, Changed]] = []
    listeners = MatchListeners()
    listeners.add(recorder(calls, "score"), SCORE)
    listeners.add(recorder(calls, "clock"), CLOCK)
    listeners.add(recorder(calls, "any"), None)
    listeners.add(recorder(calls, "nothing"), frozenset())

    listeners.notify(CLOCK)
    assert calls == [("clock", CLOCK), ("any", CLOCK)]

    calls.clear()
    both = frozenset({"clock", "score"})
    listeners.notify(both)
    assert calls == [("score", both), ("clock", both), ("any", both)]


def test_none_calls_every_listener_in_the_order_added() -> None:
    """An availability change (None) wakes every listener, fields or not."""
    calls: list[tuple[str, Changed]] = []
    listeners = MatchListeners()
    for name, fields in (("b", SCORE), ("a", frozenset()), ("c", None)):
        listeners.add(recorder(calls, name), fields)
    listeners.notify(None)
    assert calls == [("b", None), ("a", None), ("c", None)]


def test_a_listener_added_or_removed_later_is_taken_into_account() -> None:
    """The targets worked out for a set of fields are worked out again after a change."""
    calls: list[tuple[str, Changed]] = []
    listeners = MatchListeners()
    remove_first = listeners.add(recorder(calls, "first"), CLOCK)
    listeners.notify(CLOCK)
    listeners.add(recorder(calls, "second"), CLOCK)
    listeners.notify(CLOCK)
    remove_first()
    remove_first()
    listeners.notify(CLOCK)
    assert [name for name, _ in calls] == ["first", "first", "second", "second"]
    assert listeners


def test_empty_once_every_listener_is_removed() -> None:
    """The owner can drop a match's listeners once none is left."""
    listeners = MatchListeners()
    remove = listeners.add(lambda _changed: None, None)
    assert listeners
    remove()
    assert not listeners


def test_a_failing_listener_does_not_keep_the_others_stale(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One listener raising is logged; the listeners after it are still called."""
    calls: list[tuple[str, Changed]] = []
    listeners = MatchListeners()

    def broken(_changed: Changed) -> None:
        raise RuntimeError("boom")

    listeners.add(broken, CLOCK)
    listeners.add(recorder(calls, "after"), CLOCK)
    with caplog.at_level(logging.ERROR):
        listeners.notify(CLOCK)
    assert calls == [("after", CLOCK)]
    assert "Error updating a Sportrix entity" in caplog.text
    assert "boom" in caplog.text


def test_many_distinct_changes_are_each_answered_right() -> None:
    """Past the cache's size, each set of fields still reaches exactly its listeners."""
    calls: list[tuple[str, Changed]] = []
    listeners = MatchListeners()
    listeners.add(recorder(calls, "clock"), CLOCK)
    for n in range(200):
        changed = frozenset({f"field{n}"} | ({"clock"} if n % 2 else set()))
        calls.clear()
        listeners.notify(changed)
        assert calls == ([("clock", changed)] if n % 2 else [])
