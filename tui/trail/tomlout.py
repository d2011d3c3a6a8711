"""Writing the trail's small TOML files, and reading them with a notice naming line and column.

The writer knows the few kinds of value the trail keeps (text, whole numbers,
true/false, times, lists of text), so what it writes reads back the same.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tui.model.problems import Problem
from tui.model.toml_file import parse_toml_bytes
from tui.trail.files import Notice

Value = str | int | bool | dt.datetime | list[str]


def now() -> dt.datetime:
    """The time now, in UTC, to the second (as the files keep it)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def value(item: Any) -> str:
    """One TOML value."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, dt.datetime):
        if item.tzinfo is None:
            return item.isoformat()
        utc = item if item.tzinfo is dt.UTC else item.astimezone(dt.UTC)
        return utc.isoformat()[:-6] + "Z"  # "+00:00" off: quicker than a naive copy, for long lists
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, list):
        return "[" + ", ".join(value(part) for part in item) + "]"
    return string(str(item))


_ESCAPED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def string(text: str) -> str:
    """A basic string: quotes, backslashes and control characters escaped."""
    # By a regular expression, not character by character: a list of thousands of ids is
    # written while the reader goes on marking, and the writing must not hold the screen up.
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPED.get(char) or f"\\u{ord(char):04X}"


def key(name: str) -> str:
    """A bare key where TOML allows one, else a quoted one."""
    if name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        return name
    return string(name)


def pairs(table: dict[str, Any]) -> list[str]:
    """`key = value` lines for a table's simple values (None values left out)."""
    return [f"{key(name)} = {value(item)}" for name, item in table.items() if item is not None]


_LINE = re.compile(r'([A-Za-z0-9_-]+) = (?:"((?:[^"\\\x00-\x1f\x7f]|\\["\\nt]|\\u[0-9A-F]{4})*)"'
                   r"|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)|(0|[1-9]\d{0,15})|(true|false))")
_ESCAPE = re.compile(r'\\(["\\nt]|u[0-9A-F]{4})')
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return _ESCAPES.get(code) or chr(int(code[1:], 16))


def quick_parse(text: str) -> dict[str, Any] | None:
    """The table of a file in exactly the form the writer gives (`key = value` lines, blank lines,
    `[[name]]` headers), read a few times faster than a full TOML parser; None for anything else,
    which the full parser then reads."""
    table: dict[str, Any] = {}
    current = table
    for line in text.split("\n"):
        if not line:
            continue
        if line.startswith("[["):
            if not line.endswith("]]") or not line[2:-2].isidentifier():
                return None
            items = table.setdefault(line[2:-2], [])
            if not isinstance(items, list):
                return None
            current = {}
            items.append(current)
            continue
        match = _LINE.fullmatch(line)
        if match is None or match.group(1) in current:
            return None
        name, text_value, time_value, number, flag = match.groups()
        if text_value is not None:
            current[name] = _ESCAPE.sub(_unescape, text_value) if "\\" in text_value else text_value
        elif time_value is not None:
            current[name] = dt.datetime.fromisoformat(time_value[:-1]).replace(tzinfo=dt.UTC)
        elif number is not None:
            current[name] = int(number)
        else:
            current[name] = flag == "true"
    return table


def parse(data: bytes, name: str) -> dict[str, Any] | Notice:
    """A file's table, or a notice naming its line and column."""
    try:
        quick = quick_parse(data.decode("utf-8"))
    except UnicodeDecodeError:
        quick = None
    if quick is not None:
        return quick
    found = parse_toml_bytes(data, name)
    if isinstance(found, Problem):
        return Notice(name, found.message, found.line or 0, found.column or 0)
    return found.table


def as_time(item: Any) -> dt.datetime | None:
    """A TOML date-time (a date counts as its midnight, UTC where no offset is given)."""
    if isinstance(item, dt.datetime):
        return item if item.tzinfo else item.replace(tzinfo=dt.UTC)
    if isinstance(item, dt.date):
        return dt.datetime(item.year, item.month, item.day, tzinfo=dt.UTC)
    return None
