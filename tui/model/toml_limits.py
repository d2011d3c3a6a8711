"""What a TOML file may hold beyond the parser's own rules: how deep, and how large an integer.

Everything that reads a record (messages, the metadata pane, JSON, the index,
the worker processes' pipes) walks its values; a value nested hundreds deep
would make each of them recurse until Python gives up. So a file whose
values nest deeper than `MAX_DEPTH` is refused as a whole, like a file that
is not TOML. Integers follow the TOML specification: 64-bit, or an error.

`check_table` walks a parsed table (without recursion) to find such a value;
`locate` then scans the text (without recursion either) for the line and
column to name. The scan runs only for a file that has such a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

MAX_DEPTH = 100  # tables and arrays inside one another, the file's top-level table counting as 1
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_SHOWN_DIGITS = 24

Kind = Literal["deep", "integer"]


@dataclass(frozen=True, slots=True)
class Hazard:
    """A value a record may not hold, and (once located) where it is written."""

    kind: Kind
    line: int | None = None
    column: int | None = None
    token: str = ""

    @property
    def message(self) -> str:
        if self.kind == "deep":
            return (f"arrays and tables nested more than {MAX_DEPTH} levels deep (counting dotted keys), "
                    "so the file is not loaded; flatten the value, or write it as a string")
        return (f"not valid TOML: integer {shorten_number(self.token)} is out of range (TOML integers are "
                f"64-bit, {INT_MIN} to {INT_MAX}), so the file is not loaded; write a larger number as a string")


def shorten_number(token: str) -> str:
    """A number's spelling, cut short in the middle when it is long."""
    if len(token) <= _SHOWN_DIGITS * 2:
        return token
    return f"{token[:_SHOWN_DIGITS]}…{token[-8:]} ({len(token)} characters)"


def check_table(table: dict[str, Any]) -> Kind | None:
    """What in a parsed table breaks the limits, if anything: cheap, linear, no recursion."""
    stack: list[tuple[Any, int]] = [(table, 1)]
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "deep"
        for item in (container.values() if type(container) is dict else container):
            kind = type(item)
            if kind is dict or kind is list:
                stack.append((item, depth + 1))
            elif kind is int and not INT_MIN <= item <= INT_MAX:
                return "integer"
    return None


def locate(text: str, kind: Kind) -> Hazard:
    """Where in `text` the first value of `kind` is written (line and column from 1, None if not found)."""
    return _Scan(text, kind).run()


# Tokens, matched from a position; none of these can backtrack more than linearly.
_WS = re.compile(r"[ \t\r]*")
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_LITERAL = re.compile(r"'[^'\n]*'?")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*(?:'''|\Z)", re.DOTALL)
_BARE_VALUE = re.compile(r"[^\s,\[\]{}#]+")
_INTEGER = re.compile(r"[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)")
_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _skip(pattern: re.Pattern[str], text: str, i: int) -> int:
    """Where a run of `pattern` starting at `i` ends (`i` itself when there is none)."""
    match = pattern.match(text, i)
    return match.end() if match else i


def _out_of_range(token: str) -> bool:
    if not _INTEGER.fullmatch(token):
        return False
    digits = token.lstrip("+-").replace("_", "")
    base = _BASES.get(digits[:2], 10)
    digits = digits[2:].lstrip("0") if base != 10 else digits.lstrip("0")
    if not digits:
        return False
    if len(digits) > 64:  # longer than any 64-bit number in any base; int() of it may be refused
        return True
    value = int(digits, base)
    return not INT_MIN <= (-value if token.startswith("-") else value) <= INT_MAX


class _Scan:
    """A forgiving lexer over TOML text that tracks nesting with a stack of its own."""

    def __init__(self, text: str, kind: Kind) -> None:
        self.text = text
        self.n = len(text)
        self.kind = kind
        self.deepest = (0, 0)  # (depth, offset) of the deepest place seen, should none exceed the limit
        self.found: int | None = None

    def run(self) -> Hazard:
        text, i, base = self.text, 0, 1
        while i < self.n and self.found is None:
            i = _skip(_SPACE, text, i)
            if i >= self.n:
                break
            if text[i] == "[":
                double = text.startswith("[[", i)
                parts, end = self._key(i + (2 if double else 1))
                base = 1 + parts + (1 if double else 0)
                self._depth(base, i)
                i = self._line_end(end)
                continue
            parts, end = self._key(i)
            if parts == 0:
                i = self._line_end(i + 1)
                continue
            self._depth(base + parts - 1, i)
            end = _skip(_WS, text, end)
            if end < self.n and text[end] == "=":
                end += 1
            i = self._value(end, base + parts)
        offset = self.found
        if offset is None and self.kind == "deep" and self.deepest[0]:
            offset = self.deepest[1]
        if offset is None:
            return Hazard(self.kind)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        token = text[offset:_skip(_BARE_VALUE, text, offset)] if self.kind == "integer" else ""
        return Hazard(self.kind, line, column, token)

    def _depth(self, depth: int, offset: int) -> None:
        if self.kind != "deep" or self.found is not None:
            return
        if depth > MAX_DEPTH:
            self.found = offset
        elif depth > self.deepest[0]:
            self.deepest = (depth, offset)

    def _line_end(self, i: int) -> int:
        end = self.text.find("\n", i)
        return self.n if end < 0 else end + 1

    def _key(self, i: int) -> tuple[int, int]:
        """How many parts the dotted key at `i` has, and where it ends."""
        text, parts = self.text, 0
        while i < self.n:
            i = _skip(_WS, text, i)
            match = (_BASIC if text.startswith('"', i) else _LITERAL if text.startswith("'", i)
                     else _BARE_KEY).match(text, i)
            if match is None:
                break
            parts += 1
            i = _skip(_WS, text, match.end())
            if i < self.n and text[i] == ".":
                i += 1
                continue
            break
        return parts, i

    def _value(self, i: int, depth: int) -> int:
        """Skip one value starting at `i` (a container opened there has `depth`); returns its end.

        A small state machine with a stack of open arrays and inline tables: "value" expects a
        value, "key" a key (or the end) of an inline table, "after" a comma or a closing bracket.
        Every state either consumes text or hands over to one that does.
        """
        text = self.text
        stack: list[tuple[str, int]] = []
        state, value_depth = "value", depth
        while i < self.n and self.found is None:
            i = _skip(_SPACE if stack else _WS, text, i)
            if i >= self.n:
                break
            c = text[i]
            if state == "value":
                if c in "[{":
                    self._depth(value_depth, i)
                    stack.append((c, value_depth))
                    i += 1
                    state, value_depth = ("value", value_depth + 1) if c == "[" else ("key", 0)
                elif stack and c in ",]}":  # an empty array, or a value left out
                    state = "after"
                else:
                    i = self._scalar(i)
                    state = "after"
            elif state == "key":
                if c == "}":
                    stack.pop()
                    i += 1
                    state = "after"
                    continue
                parts, end = self._key(i)
                if parts == 0:
                    i += 1
                    continue
                table_depth = stack[-1][1]
                self._depth(table_depth + parts - 1, i)
                end = _skip(_WS, text, end)
                i = end + 1 if end < self.n and text[end] == "=" else end
                state, value_depth = "value", table_depth + parts
            elif not stack:
                return i
            elif c in "]}":
                stack.pop()
                i += 1
            else:
                i += c == ","  # a missing comma is forgiven: the next value is read all the same
                state, value_depth = ("value", stack[-1][1] + 1) if stack[-1][0] == "[" else ("key", 0)
        return i

    def _scalar(self, i: int) -> int:
        text = self.text
        for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL):
            match = pattern.match(text, i)
            if match is not None:
                return match.end()
        match = _BARE_VALUE.match(text, i)
        if match is None:
            return i + 1
        if self.kind == "integer" and _out_of_range(match.group()):
            self.found = i
        return match.end()
