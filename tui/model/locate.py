"""Where keys are written in a TOML text: line and column for messages.

The TOML parser gives values, not positions. Problems must point at the
line and column where a key is written, so this scanner walks a text that
has already parsed and notes where every key starts, which record
(``[[record]]`` table) it belongs to, and where each record begins. It only
runs for files that need it: a file with a problem, or a file of many
records.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

KeyPath = tuple[str, ...]
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")
_RECORD_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*record[ \t]*\]\]", re.MULTILINE)
ROOT = -1  # the record index of keys outside any [[record]] table


@dataclass(slots=True)
class KeyMap:
    """Positions (line, column; both from 1) of the keys of one TOML text."""

    record_lines: list[int] = field(default_factory=list)
    keys: dict[tuple[int, KeyPath], tuple[int, int]] = field(default_factory=dict)

    def find(self, record: int, path: KeyPath) -> tuple[int, int] | None:
        """Where `path` is written in record `record` (ROOT for top-level keys)."""
        return self.keys.get((record, path))

    def first_root_key(self) -> tuple[int, int] | None:
        """The first key written outside any [[record]] table."""
        positions = [pos for (record, _), pos in self.keys.items() if record == ROOT]
        return min(positions) if positions else None


def record_lines(text: str, count: int) -> list[int]:
    """The line of each ``[[record]]`` header, found quickly when the text is plain."""
    lines: list[int] = []
    line, counted = 1, 0
    for match in _RECORD_HEADER.finditer(text):  # counted from the last header on: linear in the file
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.append(line)
    if len(lines) == count:
        return lines
    return scan_keys(text).record_lines  # a header-like line inside a string: scan properly


def scan_keys(text: str) -> KeyMap:
    """Scan a valid TOML text and return where each key is written."""
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.result = KeyMap()
        self.record = ROOT
        self.table: KeyPath = ()

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_left(self.newlines, offset)
        line_start = self.newlines[index - 1] + 1 if index else 0
        return index + 1, offset - line_start + 1

    def note(self, path: KeyPath, offset: int) -> None:
        where = self.position(offset)
        for size in range(1, len(path) + 1):
            self.result.keys.setdefault((self.record, path[:size]), where)

    def run(self) -> KeyMap:
        text, i = self.text, 0
        while i < self.n:
            start = i
            c = text[i]
            if c in " \t\r\n":
                i += 1
            elif c == "#":
                i = self._line_end(i)
            elif c == "[":
                i = self._header(i)
            else:
                path, i = self._key_path(i)
                i = self._skip_blank(i)
                if i < self.n and text[i] == "=":
                    i += 1
                self.note(self.table + path, start)
                i = self._value(i, self.table + path)
            if i <= start:  # never loop on text the scanner does not understand
                i = start + 1
        return self.result

    def _header(self, i: int) -> int:
        double = self.text.startswith("[[", i)
        start = i
        path, i = self._key_path(i + (2 if double else 1))
        i = self._skip_blank(i)
        i += 2 if double else 1
        if path and path[0] == "record":
            if double and len(path) == 1:
                self.record = len(self.result.record_lines)
                self.result.record_lines.append(self.position(start)[0])
                self.table = ()
                return i
            self.table = path[1:] if self.record != ROOT else path
        else:
            self.record, self.table = (ROOT, path) if self.result.record_lines else (self.record, path)
        self.note(self.table, start)
        return i

    def _key_path(self, i: int) -> tuple[KeyPath, int]:
        parts: list[str] = []
        text = self.text
        while i < self.n:
            i = self._skip_blank(i)
            if i >= self.n:
                break
            c = text[i]
            if c == '"':
                end = self._basic_string_end(i)
                raw = text[i:end]
                try:
                    parts.append(json.loads(raw))
                except ValueError:
                    parts.append(raw[1:-1])
                i = end
            elif c == "'":
                end = text.find("'", i + 1)
                end = self.n if end < 0 else end
                parts.append(text[i + 1 : end])
                i = end + 1
            else:
                match = _BARE_KEY.match(text, i)
                if not match:
                    break
                parts.append(match.group())
                i = match.end()
            i = self._skip_blank(i)
            if i < self.n and text[i] == ".":
                i += 1
                continue
            break
        return tuple(parts), i

    def _value(self, i: int, path: KeyPath) -> int:
        text = self.text
        i = self._skip_blank(i)
        if i >= self.n:
            return i
        if text.startswith('"""', i):
            return self._multiline_end(i, '"""', escapes=True)
        if text.startswith("'''", i):
            return self._multiline_end(i, "'''", escapes=False)
        c = text[i]
        if c == '"':
            return self._basic_string_end(i)
        if c == "'":
            end = text.find("'", i + 1)
            return self.n if end < 0 else end + 1
        if c == "[":
            return self._array(i + 1, path)
        if c == "{":
            return self._inline_table(i + 1, path)
        match = _BARE_VALUE.match(text, i)
        return match.end() if match else i + 1

    def _array(self, i: int, path: KeyPath) -> int:
        while i < self.n:
            i = self._skip_space_and_comments(i)
            if i >= self.n or self.text[i] == "]":
                return i + 1
            before = i
            i = self._value(i, path)
            i = self._skip_space_and_comments(i)
            if i < self.n and self.text[i] == ",":
                i += 1
            if i <= before:
                i = before + 1
        return i

    def _inline_table(self, i: int, path: KeyPath) -> int:
        while i < self.n:
            i = self._skip_space_and_comments(i)
            if i >= self.n or self.text[i] == "}":
                return i + 1
            start = i
            inner, i = self._key_path(i)
            i = self._skip_blank(i)
            if i < self.n and self.text[i] == "=":
                i += 1
            self.note(path + inner, start)
            i = self._value(i, path + inner)
            i = self._skip_space_and_comments(i)
            if i < self.n and self.text[i] == ",":
                i += 1
            if i <= start:
                i = start + 1
        return i

    def _basic_string_end(self, i: int) -> int:
        j = i + 1
        while True:
            k = self.text.find('"', j)
            if k < 0:
                return self.n
            if _escaped(self.text, k):
                j = k + 1
                continue
            return k + 1

    def _multiline_end(self, i: int, quotes: str, *, escapes: bool) -> int:
        j = i + 3
        while True:
            k = self.text.find(quotes, j)
            if k < 0:
                return self.n
            if escapes and _escaped(self.text, k):
                j = k + 1
                continue
            end = k + 3
            extra = 0
            while end < self.n and self.text[end] == quotes[0] and extra < 2:
                end += 1
                extra += 1
            return end

    def _skip_blank(self, i: int) -> int:
        while i < self.n and self.text[i] in " \t":
            i += 1
        return i

    def _skip_space_and_comments(self, i: int) -> int:
        while i < self.n:
            c = self.text[i]
            if c in " \t\r\n":
                i += 1
            elif c == "#":
                i = self._line_end(i)
            else:
                break
        return i

    def _line_end(self, i: int) -> int:
        end = self.text.find("\n", i)
        return self.n if end < 0 else end


def _escaped(text: str, quote_at: int) -> bool:
    """True when the quote at `quote_at` is preceded by an odd run of backslashes."""
    count = 0
    k = quote_at - 1
    while k >= 0 and text[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1
