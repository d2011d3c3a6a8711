"""Any TOML value as one bounded line of text, without recursion.

A key the format does not name may hold anything: tables in tables, arrays of
thousands of items. The metadata pane, `readingroom show` and problem
messages all show such values through here, so what they print is short
and costs time in proportion to what is printed, however large or deep the
value. The text is raw: callers make control characters visible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

DISPLAY_CHARS = 1000  # the pane and `show`: a paragraph at most
DISPLAY_DEPTH = 8  # tables and arrays shown inside one another; deeper ones are "{…}" or "[…]"
MESSAGE_CHARS = 120  # a problem message quotes a value in one short line
MESSAGE_ITEMS = 5
ELLIPSIS = "…"

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def describe(value: Any, *, limit: int = DISPLAY_CHARS, depth: int = DISPLAY_DEPTH) -> str:
    """A value for reading: a list's items joined by commas, a table's `key = value` by
    semicolons, inner arrays in [ ] and inner tables in { }, strings as they are."""
    return _Writer(limit, depth, quoted=False, items=None).write(value, outer=False)


def toml_inline(value: Any, *, limit: int = MESSAGE_CHARS, items: int = MESSAGE_ITEMS) -> str:
    """A value for a message, spelt as in TOML (strings quoted, arrays in [ ]), cut short."""
    return _Writer(limit, 3, quoted=True, items=items).write(value, outer=True)


def scalar(value: Any) -> str:
    """A value that holds no other value, as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 256:
        return f"(an integer of {value.bit_length()} bits)"  # str() of a huge integer may be refused
    return str(value)


def key_text(key: str) -> str:
    """A key as TOML writes it: bare where it can be, else in quotes."""
    return key if _BARE_KEY.fullmatch(key) else _quoted(key)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    """Writes a value piece by piece with a stack of iterators, stopping at `limit` characters."""

    def __init__(self, limit: int, depth: int, *, quoted: bool, items: int | None) -> None:
        self.limit = limit
        self.depth = depth
        self.quoted = quoted
        self.items = items
        self.pieces: list[str] = []
        self.size = 0

    def emit(self, text: str) -> None:
        room = self.limit - self.size + 1  # one over, so that the cut is seen
        piece = text[:room]
        self.pieces.append(piece)
        self.size += len(piece)

    def write(self, value: Any, *, outer: bool) -> str:
        if not isinstance(value, list | dict):
            self.emit(self._leaf(value))
            return self._result()
        # Each frame: the items still to write, the separator, the closing text, whether one was written.
        stack: list[tuple[Iterator[tuple[str | None, Any]], str, str, list[bool]]] = []
        self._open(value, stack, outer=outer)
        while stack and self.size <= self.limit:
            entries, separator, closing, started = stack[-1]
            entry = next(entries, None)
            if entry is None:
                self.emit(closing)
                stack.pop()
                continue
            key, item = entry
            if started[0]:
                self.emit(separator)
            started[0] = True
            if key is not None:
                self.emit(f"{key_text(key)} = ")
            if not isinstance(item, list | dict):
                self.emit(self._leaf(item))
            elif len(stack) >= self.depth:
                self.emit(f"[{ELLIPSIS}]" if isinstance(item, list) else f"{{{ELLIPSIS}}}")
            else:
                self._open(item, stack, outer=True)
        return self._result()

    def _open(self, value: list[Any] | dict[str, Any], stack: list[Any], *, outer: bool) -> None:
        entries: Iterator[tuple[str | None, Any]]
        if isinstance(value, dict):
            entries = iter(value.items())
            opening, separator, closing = ("{", ", ", "}") if outer else ("", "; ", "")
            if self.quoted and not value:
                opening, closing = "{", "}"
        else:
            entries = ((None, item) for item in value)
            opening, separator, closing = ("[", ", ", "]") if outer else ("", ", ", "")
        if self.items is not None:
            entries = _first(entries, self.items)
        self.emit(opening)
        stack.append((entries, separator, closing, [False]))

    def _leaf(self, value: Any) -> str:
        text = scalar(value)
        return _quoted(text) if self.quoted and isinstance(value, str) else text

    def _result(self) -> str:
        text = "".join(self.pieces)
        return text if self.size <= self.limit else text[: self.limit] + ELLIPSIS


def _first(entries: Iterator[tuple[str | None, Any]], count: int) -> Iterator[tuple[str | None, Any]]:
    """The first `count` entries, then a marker entry standing for the rest."""
    for number, entry in enumerate(entries):
        if number == count:
            yield None, _More()
            return
        yield entry


class _More:
    """Stands for the items a message leaves out."""

    def __str__(self) -> str:
        return "..."
