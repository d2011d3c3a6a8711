"""What a browser connection may ask of `readingroom serve`: sizes capped, messages checked."""

from __future__ import annotations

import json
import resource

import pytest

from tui.web.limits import MAX_COLUMNS, MAX_ROWS, client_message, descriptors_free, size_from_query, terminal_size


@pytest.mark.parametrize(("query", "size"), [
    ({}, (80, 24)),
    ({"width": "120", "height": "40"}, (120, 40)),
    ({"width": "20000", "height": "10000"}, (MAX_COLUMNS, MAX_ROWS)),
    ({"width": "9" * 5000, "height": "9" * 5000}, (MAX_COLUMNS, MAX_ROWS)),  # past Python's int limit
    ({"width": "-5", "height": "0"}, (1, 1)),
    ({"width": "-" + "9" * 5000, "height": " 30 "}, (1, 30)),
    ({"width": "1e9", "height": "²"}, (80, 24)),  # no integer: the default
    ({"width": "80.5", "height": ""}, (80, 24)),
])
def test_size_from_the_url_is_capped(query: dict[str, str], size: tuple[int, int]) -> None:
    assert size_from_query(query) == size


def test_terminal_size_takes_integers_only() -> None:
    assert terminal_size(600, 300) == (MAX_COLUMNS, MAX_ROWS)
    assert terminal_size(True, 30) is None
    assert terminal_size(80.0, 30) is None
    assert terminal_size("80", 30) is None


@pytest.mark.parametrize("text", [
    "", "not json", "[]", "{}", "[7]", "null", '["resize"]', '["resize", [1, 2]]', '["resize", {"width": 1e9}]',
    '["resize", {"width": 80, "height": true}]', '["stdin", 5]', '["stdin"]', '["quit", null]', "[" * 100_000,
])
def test_anything_but_a_message_is_ignored(text: str) -> None:
    assert client_message(text) is None


def test_messages_pass_with_their_size_capped() -> None:
    assert client_message('["stdin", "q"]') == ("stdin", "q")
    assert client_message(json.dumps(["resize", {"width": 30000, "height": 30000}])) == ("resize", (MAX_COLUMNS,
                                                                                                    MAX_ROWS))
    assert client_message(json.dumps(["resize", {"width": 100, "height": 30}])) == ("resize", (100, 30))
    assert client_message('["ping", "x"]') == ("ping", "x")
    assert client_message('["focus"]') == ("focus", None)


def test_descriptors_free_counts_this_process() -> None:
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    free = descriptors_free()
    assert free is not None and 0 < free < soft
    with open(__file__) as _opened:
        assert descriptors_free() == free - 1
