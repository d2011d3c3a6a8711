"""Writing records and manifests as TOML.

A small emitter for the few shapes the importers make (strings, lists of strings, dates, one
level of tables) rather than a general library: it writes the layout corpus authors are used to
(a long body as a multi-line string, the `[source]` table last) and is fast enough for 100,000
files. Every control character is escaped, so what tomli reads back is exactly what was given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Characters a basic string may not hold as they are (TOML 1.0): controls but tab, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_LONG = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def key(name: str) -> str:
    """A key, bare where TOML allows it, else quoted."""
    return name if _BARE_KEY.fullmatch(name) else string(name)


def string(text: str) -> str:
    """A one-line basic string."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _CONTROL.sub(_escape_char, text) + '"'


def long_string(text: str) -> str:
    """A multi-line basic string: line breaks kept as written, everything else escaped."""
    text = text.replace("\\", "\\\\")
    # A quote is escaped where two more could follow it, so no run of three closes the string.
    text = re.sub(r'"(?="|\Z)', '\\\\"', text)
    return '"""\n' + _CONTROL_LONG.sub(_escape_char, text) + '"""'


def value(item: Any) -> str:
    """One value: a string, a number, a boolean, a date or date-time, or a list of them."""
    if isinstance(item, str):
        return long_string(item) if "\n" in item and len(item) > 80 else string(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, dt.datetime | dt.date):
        return item.isoformat()
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(part) for part in item) + "]"
    if isinstance(item, Mapping):
        return "{" + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + "}"
    raise TypeError(f"no TOML form for {type(item).__name__}")


def document(data: Mapping[str, Any], comment: str = "") -> str:
    """A whole file: plain keys first, then each table (one level) under its header."""
    lines = [f"# {line}" for line in comment.splitlines()]
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for name, item in data.items():
        if isinstance(item, Mapping):
            tables.append((name, item))
        elif item is not None:
            lines.append(f"{key(name)} = {value(item)}")
    for name, table in tables:
        lines.append("")
        lines.append(f"[{key(name)}]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in table.items() if v is not None)
    return "\n".join(lines) + "\n"
