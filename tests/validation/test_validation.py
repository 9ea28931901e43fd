"""Tests of the config flow's pure checks: match IDs, server URLs and the key's unique ID."""

import hashlib

import pytest

from custom_components.sportrix.const import (
    CONF_API_URL,
    CONF_STREAM_URL,
    MAX_MATCH_ID,
    MAX_MATCHES,
)
from custom_components.sportrix.validation import (
    MatchIdsError,
    format_match_ids,
    parse_match_ids,
    unique_id_for_key,
    url_error,
    url_errors,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("41282", [41282]),
        ("41282, 50001", [41282, 50001]),
        ("41282,50001", [41282, 50001]),
        ("41282 50001", [41282, 50001]),
        (" 41282 ,\t50001\n", [41282, 50001]),
        (",41282,,50001,", [41282, 50001]),
        ("50001, 41282, 50001, 41282", [50001, 41282]),
        ("007", [7]),
        (str(MAX_MATCH_ID), [MAX_MATCH_ID]),
        (" ".join(str(n) for n in range(1, MAX_MATCHES + 1)), list(range(1, MAX_MATCHES + 1))),
        # Duplicates are dropped before counting.
        (" ".join(["1"] * (MAX_MATCHES + 5)), [1]),
    ],
)
def test_parse_match_ids(text: str, expected: list[int]) -> None:
    assert parse_match_ids(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        ", ,",
        "41282abc",
        "0",
        "41282, 0",
        "-5",
        "+5",
        "1.5",
        "1e3",
        "0x10",
        "41282;50001",
        "41282/50001",
        str(MAX_MATCH_ID + 1),
        "9" * 5000,
        "\u0661\u0662\u0663",  # Arabic-Indic digits that int() would accept
        "\u00b2",  # a superscript digit that str.isdigit() accepts
    ],
)
def test_parse_match_ids_invalid(text: str) -> None:
    with pytest.raises(MatchIdsError) as err:
        parse_match_ids(text)
    assert err.value.reason == "invalid_match_ids"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("abc", "abc"),
        ("41282, Manchester United, 50001", "Manchester United"),
        ("Arsenal 41282", "Arsenal"),
        ("Atlético de Madrid", "Atlético de Madrid"),
        ("भारत", "भारत"),
        ("x" * 100, "x" * 59 + "…"),
    ],
)
def test_parse_match_ids_a_name_typed(text: str, name: str) -> None:
    """A name where an ID belongs is told apart, and named back, for the flow to say "Add team"."""
    with pytest.raises(MatchIdsError) as err:
        parse_match_ids(text)
    assert err.value.reason == "team_name_typed"
    assert err.value.placeholders == {"value": name}


def test_parse_match_ids_too_many() -> None:
    with pytest.raises(MatchIdsError) as err:
        parse_match_ids(" ".join(str(n) for n in range(1, MAX_MATCHES + 2)))
    assert err.value.reason == "too_many_matches"


def test_parse_match_ids_invalid_wins_over_too_many() -> None:
    text = " ".join(str(n) for n in range(1, MAX_MATCHES + 2)) + " 4x"
    with pytest.raises(MatchIdsError) as err:
        parse_match_ids(text)
    assert err.value.reason == "invalid_match_ids"


def test_format_match_ids_round_trips() -> None:
    assert format_match_ids([41282, 50001]) == "41282, 50001"
    assert parse_match_ids(format_match_ids([41282, 50001])) == [41282, 50001]


def test_unique_id_is_a_hash_of_the_key() -> None:
    unique_id = unique_id_for_key("sk_demo_full")
    assert unique_id == hashlib.sha256(b"sk_demo_full").hexdigest()
    assert "sk_demo_full" not in unique_id
    assert unique_id != unique_id_for_key("sk_demo_soccer")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("wss://scores.sportrixdata.com/v1/stream", None),
        ("WSS://Scores.SportrixData.com/v1/stream", None),
        ("wss://10.0.0.5:8443/v1/stream", None),
        ("ws://127.0.0.1:8765/v1/stream", None),
        ("ws://127.200.1.1/v1/stream", None),
        ("ws://[::1]:8765/v1/stream", None),
        ("ws://localhost:8765/v1/stream", None),
        ("ws://LocalHost:8765/v1/stream", None),
        ("ws://localhost./v1/stream", None),
        ("ws://scores.sportrixdata.com/v1/stream", "insecure_url"),
        ("ws://192.168.1.10:8765/v1/stream", "insecure_url"),
        ("ws://128.0.0.1/v1/stream", "insecure_url"),
        ("ws://localhost.example.com/v1/stream", "insecure_url"),
        ("ws://127.0.0.1.nip.io/v1/stream", "insecure_url"),
        ("ws://[::2]/v1/stream", "insecure_url"),
        ("https://scores.sportrixdata.com/v1/stream", "invalid_url"),
        ("ftp://127.0.0.1/v1/stream", "invalid_url"),
        ("scores.sportrixdata.com/v1/stream", "invalid_url"),
        ("wss://", "invalid_url"),
        ("wss:///v1/stream", "invalid_url"),
        ("wss://scores.sportrixdata.com:99999/v1/stream", "invalid_url"),
        ("wss://scores.sportrixdata.com:port/v1/stream", "invalid_url"),
        ("wss://[::1/v1/stream", "invalid_url"),
        ("wss://scores sportrixdata.com/v1/stream", "invalid_url"),
        ("not a url", "invalid_url"),
        ("", "invalid_url"),
        ("wss://scores.sportrixdata.com/v1/stream?key=sk_x", "invalid_url"),
        ("wss://scores.sportrixdata.com/v1/stream#top", "invalid_url"),
        ("wss://user:sk_x@scores.sportrixdata.com/v1/stream", "invalid_url"),
    ],
)
def test_stream_url_rules(url: str, expected: str | None) -> None:
    assert url_error(url, secure_scheme="wss", plain_scheme="ws") == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.sportrixdata.com/api", None),
        ("http://127.0.0.1:8765/api", None),
        ("http://[::1]:8765/api", None),
        ("http://localhost:8765/api", None),
        ("http://api.sportrixdata.com/api", "insecure_url"),
        ("wss://api.sportrixdata.com/api", "invalid_url"),
        ("https:///api", "invalid_url"),
        ("https://api.sportrixdata.com/api?x=1", "invalid_url"),
        ("https://sk_x@api.sportrixdata.com/api", "invalid_url"),
    ],
)
def test_api_url_rules(url: str, expected: str | None) -> None:
    assert url_error(url, secure_scheme="https", plain_scheme="http") == expected


def test_url_errors_name_each_bad_field() -> None:
    assert url_errors("wss://scores.sportrixdata.com/v1/stream", "https://a.example/api") == {}
    assert url_errors("ws://scores.sportrixdata.com/v1/stream", "ftp://a.example/api") == {
        CONF_STREAM_URL: "insecure_url",
        CONF_API_URL: "invalid_url",
    }
