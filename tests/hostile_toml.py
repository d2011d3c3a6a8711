"""Hostile records files, and generators of random and deeply nested TOML for property tests.

Each `Case` is a file a hostile corpus might hold, with the problem it must
give (a substring, and the line and column) or None when it must load.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

HEAD = 'id = "{id}"\ntitle = "Title of {id}"\n'
DEEP = "nested more than 100 levels deep"
RANGE = "is out of range (TOML integers are 64-bit"


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, its text, and the problem it gives (None: it loads)."""

    name: str
    text: str
    message: str | None
    line: int | None = None
    column: int | None = None


def _record(record_id: str, rest: str) -> str:
    return HEAD.format(id=record_id) + rest


def cases() -> list[Case]:
    """Every class of value that once crashed a command, each at the size that did."""
    return [
        # An integer past Python's conversion limit, and past 64 bits in other bases and signs.
        Case("int-4400-digits.toml", _record("a", "n = " + "9" * 4400 + "\n"), RANGE, 3, 5),
        Case("int-hex.toml", _record("b", "n = 0x" + "f" * 4000 + "\n"), RANGE, 3, 5),
        Case("int-just-over.toml", _record("c", "n = [1, 9_223_372_036_854_775_808]\n"), RANGE, 3, 9),
        Case("int-negative.toml", _record("d", "[x]\nn = -9223372036854775809\n"), RANGE, 4, 5),
        Case("int-in-array.toml", _record("e", "n = [[1], [2, 0b1" + "0" * 70 + "]]\n"), RANGE, 3, 15),
        # Arrays and inline tables nested hundreds deep: past the parser's limit, and below it.
        Case("array-1000.toml", _record("f", "x = " + "[" * 1000 + "]" * 1000 + "\n"), DEEP, 3, 104),
        Case("array-390.toml", _record("g", "x = " + "[" * 390 + "]" * 390 + "\n"), DEEP, 3, 104),
        Case("inline-1000.toml", _record("h", "x = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n"), DEEP, 3, 500),
        Case("inline-300.toml", _record("i", "x = " + "{a = " * 300 + "1" + "}" * 300 + "\n"), DEEP, 3, 500),
        Case("mixed-300.toml", _record("j", "x = " + "[{a = " * 150 + "1" + "}]" * 150 + "\n"), DEEP, 3, 300),
        # Dotted keys and table headers make tables as deep as brackets do.
        Case("dotted-1500.toml", _record("k", ".".join(["k"] * 1500) + " = 1\n"), DEEP, 3, 1),
        Case("dotted-150.toml", _record("l", ".".join(["k"] * 150) + " = 1\n"), DEEP, 3, 1),
        Case("header-600.toml", _record("m", "[extra" + ".k" * 600 + "]\nv = 1\n"), DEEP, 3, 1),
        Case("inline-dotted.toml", _record("n", "x = {" + ".".join(["k"] * 200) + " = 1}\n"), DEEP, 3, 6),
        # A known key nested deep: its problem message once recursed on the value.
        Case("people-399.toml", _record("o", "people = " + "[" * 399 + "]" * 399 + "\n"), DEEP, 3, 109),
        # Strings holding brackets are no nesting at all.
        Case("brackets-in-strings.toml",
             _record("p", 'x = "' + "[" * 5000 + '"\ny = \'' + "{" * 5000 + "'\nz = \"\"\"\n" + "[" * 5000
                     + '\n"""\nn = "' + "9" * 5000 + '"\n'), None),
        # Deep, but within the limit: the record loads, and its values are shown cut short.
        Case("deep-but-loads.toml",
             _record("q", "people = " + "[" * 40 + '"x"' + "]" * 40 + "\n[extra" + ".k" * 90 + "]\nv = 1\n"),
             "people [[[[", 3, 1),
        Case("wide.toml", _record("r", "[wide]\n" + "".join(f"k{i} = [{i}, {{a = {i}}}]\n" for i in range(5000))),
             None),
        Case("records-deep.toml",
             '[[record]]\nid = "s1"\ntitle = "One"\n\n[[record]]\nid = "s2"\ntitle = "Two"\nx = '
             + "[" * 120 + "]" * 120 + "\n", DEEP, 8, 102),
    ]


def write_cases(root: Path, chosen: list[Case] | None = None) -> list[Case]:
    """Write the cases (and a record that is fine) under `root`."""
    chosen = cases() if chosen is None else chosen
    root.mkdir(parents=True, exist_ok=True)
    (root / "fine.toml").write_text(_record("fine", 'body = "A fine letter."\n'))
    for case in chosen:
        (root / case.name).write_text(case.text)
    return chosen


def special_files(root: Path) -> dict[str, str]:
    """Things named `*.toml` that are no regular file: name -> what a message calls it."""
    os.mkfifo(root / "pipe.toml")
    (root / "zero.toml").symlink_to("/dev/zero")
    (root / "null.toml").symlink_to(os.devnull)
    (root / "pipe-link.toml").symlink_to("pipe.toml")
    made = {"pipe.toml": "a named pipe", "zero.toml": "a device", "null.toml": "a device",
            "pipe-link.toml": "a named pipe"}
    path = root / "socket.toml"
    if len(str(path)) < 100:  # a socket's path has a short limit
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
        made["socket.toml"] = "a socket"
    return made


# ---------------------------------------------------------------- random TOML

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def toml_string(text: str) -> str:
    """A basic TOML string spelling `text` exactly (control characters escaped)."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04X}" if not 0xD800 <= ord(char) <= 0xDFFF else "?")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_string(key)


def toml_value(value: Any) -> str:
    """A value as inline TOML, written without recursion so that any depth can be written."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Text):
            out.append(item.text)
        elif isinstance(item, list):
            stack.append(_Text("]"))
            for index, inner in reversed(list(enumerate(item))):
                stack.append(inner)
                if index:
                    stack.append(_Text(", "))
            out.append("[")
        elif isinstance(item, dict):
            stack.append(_Text("}"))
            for index, (key, inner) in reversed(list(enumerate(item.items()))):
                stack.append(inner)
                stack.append(_Text(f"{toml_key(key)} = "))
                if index:
                    stack.append(_Text(", "))
            out.append("{")
        else:
            out.append(_scalar(item))
    return "".join(out)


@dataclass(frozen=True)
class _Text:
    text: str


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def nested(depth: int, leaf: Any, *, table: bool) -> Any:
    """A value `depth` levels deep: arrays in arrays, or one-key tables in tables."""
    value = leaf
    for _ in range(depth):
        value = {"k": value} if table else [value]
    return value


text_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
keys = st.one_of(st.sampled_from(["id", "title", "date", "people", "authors", "related", "source", "body",
                                  "body_format", "language", "type", "extra", "a.b"]), text_values)
scalars = st.one_of(
    text_values,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1, 1, 1)),
    st.times(),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(text_values, inner, max_size=4)),
                      max_leaves=20)
deep_values = st.builds(nested, st.integers(min_value=1, max_value=450), values, table=st.booleans())
any_value = st.one_of(values, values, deep_values)


@st.composite
def records_files(draw: st.DrawFn) -> str:
    """The text of a records file: usually a record with random keys, sometimes garbled or odd."""
    record_id = draw(st.one_of(st.just("r"), text_values, st.integers(min_value=-(2**64), max_value=2**64)))
    lines = [f"id = {_scalar(record_id)}", f"title = {toml_value(draw(st.one_of(text_values, any_value)))}"]
    for key, value in draw(st.dictionaries(keys, any_value, max_size=5)).items():
        if key not in ("id", "title"):
            lines.append(f"{toml_key(key) if key != 'a.b' else key} = {toml_value(value)}")
    if draw(st.booleans()):
        depth = draw(st.integers(min_value=1, max_value=300))
        lines.append("[" + ".".join(["t"] * depth) + "]")
        lines.append(f"v = {toml_value(draw(values))}")
    text = "\n".join(lines) + "\n"
    if draw(st.integers(min_value=0, max_value=4)) == 0:  # garble it: a cut, or bytes spliced in
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(st.text(alphabet="[]{}=\"'.,#\n \\x0123456789", max_size=40)) + text[cut:]
    return text


query_words = st.sampled_from(["stalin", "korea", "letter", "-korea", "NOT", "OR", "AND", "(", ")", '"', "*",
                               "title:", "person:", "date:", "date:1950..", "date:..", "1950-13", "id:", "-",
                               ":", "\\", "((((", "))))", "kim*", "é", "\x1b[2J", "\u202e"])
queries = st.one_of(
    st.lists(query_words, max_size=12).map(" ".join),
    st.text(max_size=40),
    st.integers(min_value=1, max_value=400).map(lambda n: "(" * n + "korea" + ")" * n),
    st.integers(min_value=1, max_value=400).map(lambda n: "-" * n + "korea"),
)
