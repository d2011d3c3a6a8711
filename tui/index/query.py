"""The query language, parsed into a small tree that any engine can run.

    words (all must match)   "quoted phrases"   prefix*   a OR b
    -word   NOT word   (parentheses)   field:word   field:"a phrase"   field:pre*
    date:1950   date:1950-10   date:1950-10-08   date:1950-06..1951-03   date:..1950   date:1962..

A malformed query raises QueryError with the offset of the spot, never
anything else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from tui.model.spelling import meant
from tui.model.text import visible

FIELDS = (
    "title", "author", "recipient", "person", "place", "subject", "collection",
    "type", "id", "lang", "repository", "ref",
)
DATE_FIELD = "date"
# Bounds that keep a pasted page from costing seconds and gigabytes: the characters read, the
# words searched, and how deep groups and negations may nest (each level is a frame here and
# in the planner).
MAX_QUERY_CHARS = 1000
MAX_WORDS = 40
MAX_DEPTH = 32
_WORD_END = re.compile(r'[\s()"]')
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class QueryError(ValueError):
    """A query that can't be read; `position` is the offset of the spot in the query."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def pointer(self, query: str) -> str:
        """The query (controls made visible) with a caret under the spot, for a terminal."""
        # The caret's column counts what is shown before the spot: ESC shows as two cells (^[).
        column = len(visible(query[: self.position], keep_layout=False))
        return f"{visible(query, keep_layout=False)}\n{' ' * column}^ {self.message}"


@dataclass(frozen=True, slots=True)
class Word:
    """A word (or `prefix*`), in one field or (field None) anywhere."""

    text: str
    field: str | None = None
    prefix: bool = False
    start: int = 0


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must stand together, in this order."""

    text: str
    field: str | None = None
    start: int = 0


@dataclass(frozen=True, slots=True)
class DateRange:
    """Records whose date overlaps [start, end]; None is open."""

    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Word | Phrase | DateRange | And | Or | Not


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "phrase", "open", "close", "or", "and", "not", "minus", "field"
    text: str
    start: int
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Bounded:
    """A query parsed within the bounds, and what was left out (sentences to show the reader)."""

    node: Node
    notices: tuple[str, ...] = ()


def parse_bounded(query: str) -> Bounded:
    """Parse the first MAX_QUERY_CHARS characters and search the first MAX_WORDS words, saying so
    when a query is longer; raise QueryError as `parse_query` does."""
    notices: list[str] = []
    if len(query) > MAX_QUERY_CHARS:
        query = _cut(query)
        notices.append(f"the query is long: searched its first {len(query.rstrip(')')):,} characters")
    unknown: list[str] = []
    node = _parse(query, unknown)
    for name in dict.fromkeys(unknown):
        near = meant(name.lower(), (*FIELDS, DATE_FIELD))
        hint = f" (did you mean {near}:?)" if near else ""
        notices.append(f"{name}: is not a field{hint}: searched as a word")
    words = _count_words(node)
    if words > MAX_WORDS:
        node = _first_words(node, [MAX_WORDS]) or node
        notices.append(f"the query has {words:,} words: searched the first {MAX_WORDS}")
    return Bounded(node, tuple(notices))


def _cut(query: str) -> str:
    """The first MAX_QUERY_CHARS characters of a long query, cut at a space outside quotes (and
    outside groups where it can be; the groups left open are closed), so that what is kept reads."""
    depth, quoted, outside, inside = 0, False, 0, (0, 0)
    for i, c in enumerate(query[: MAX_QUERY_CHARS + 1]):
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
        elif not quoted and c == ")":
            depth = max(depth - 1, 0)
        elif c.isspace() and not quoted:
            inside = (i, depth)
            if not depth:
                outside = i
    if outside:
        return _without_dangling(query[:outside])
    end, open_groups = inside
    if end:
        return _without_dangling(query[:end]) + ")" * open_groups
    return query[:MAX_QUERY_CHARS]


def _without_dangling(kept: str) -> str:
    """A cut query without the OR, AND, NOT or - that the cut left with nothing after it."""
    words = kept.split(" ")
    while len(words) > 1 and words[-1].strip() in ("", "OR", "AND", "NOT", "|", "-", "("):
        words.pop()
    return " ".join(words)


def _count_words(node: Node) -> int:
    if isinstance(node, And | Or):
        return sum(_count_words(item) for item in node.items)
    if isinstance(node, Not):
        return _count_words(node.item)
    return 1


def _first_words(node: Node, budget: list[int]) -> Node | None:
    """`node` with only its first budget[0] words (dates and phrases count as one each)."""
    if isinstance(node, And | Or):
        kept = [k for k in (_first_words(item, budget) for item in node.items) if k is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else type(node)(tuple(kept))
    if isinstance(node, Not):
        inner = _first_words(node.item, budget)
        return None if inner is None else Not(inner)
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    return node


def parse_query(query: str) -> Node:
    """Parse a query; raise QueryError pointing at the spot when it can't be read."""
    return _parse(query, [])


def _parse(query: str, unknown: list[str]) -> Node:
    """Parse a query, adding to `unknown` each word before a colon that names no field."""
    tokens = _tokenize(query, unknown)
    if not tokens:
        raise QueryError("type a word to search for", 0)
    parser = _Parser(tokens, query)
    node = parser.expression()
    if parser.index < len(tokens):
        token = tokens[parser.index]
        raise QueryError("this ) closes nothing" if token.kind == "close" else "unexpected here", token.start)
    return node


def _tokenize(query: str, unknown: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(_Token("open" if c == "(" else "close", c, i))
            i += 1
        elif c == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError('this quote is never closed: add " after the phrase', i)
            tokens.append(_Token("phrase", query[i + 1 : end], i))
            i = end + 1
        elif c in "-+" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] not in "-+)":
            if c == "-":
                tokens.append(_Token("minus", c, i))
            i += 1
        else:
            match = _WORD_END.search(query, i)
            end = match.start() if match else n
            word = query[i:end]
            field, colon, rest = word.partition(":")
            if colon and field.isalpha() and not rest.startswith("//"):
                if field.lower() in FIELDS or field.lower() == DATE_FIELD:
                    tokens.append(_Token("field", field.lower(), i))
                    i += len(field) + 1
                    continue
                # A reader's word followed by a colon ("Ike: Korean crowds"): the word, not a field.
                unknown.append(field)
                word = field
                end = i + len(field) + 1
            tokens.append(_word_token(word, i))
            i = end
    return tokens


def _word_token(word: str, start: int) -> _Token:
    if word in ("OR", "AND", "NOT"):
        return _Token(word.lower(), word, start)
    if word == "|":
        return _Token("or", word, start)
    prefix = word.endswith("*")
    stem = word.rstrip("*")
    if "*" in stem:
        raise QueryError("a * can only end a word (prefix*)", start + stem.index("*"))
    if prefix and not stem:
        raise QueryError("put a few letters before the *", start)
    return _Token("word", stem, start, prefix)


class _Parser:
    def __init__(self, tokens: list[_Token], query: str) -> None:
        self.tokens = tokens
        self.query = query
        self.index = 0
        self.depth = 0  # groups and negations open around the current token

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expression(self) -> Node:
        items = [self.conjunction()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("or", "close"):  # type: ignore[union-attr]
                raise QueryError("OR needs something to search for on each side", token.start)
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self) -> Node:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", "close"):
            if token.kind == "and":
                self.take()
                if not items or self.peek() is None or self.peek().kind in ("or", "close", "and"):  # type: ignore[union-attr]
                    raise QueryError("AND needs something to search for on each side", token.start)
                continue
            items.append(self.unary())
        if not items:
            token = self.peek()
            if token is not None and token.kind == "close":
                raise QueryError("this ) closes nothing", token.start)
            where = token.start if token else len(self.query)
            raise QueryError("OR needs something to search for on each side", where)
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        token = self.take()
        if token.kind in ("minus", "not", "open"):
            if self.depth >= MAX_DEPTH:
                raise QueryError(f"groups and negations nest too deep here (at most {MAX_DEPTH})", token.start)
            self.depth += 1
            try:
                return self._nested(token)
            finally:
                self.depth -= 1
        if token.kind == "close":
            raise QueryError("this ) closes nothing", token.start)
        if token.kind == "field":
            return self.fielded(token)
        if token.kind == "phrase":
            return Phrase(token.text, None, token.start)
        return Word(token.text, None, token.prefix, token.start)

    def _nested(self, token: _Token) -> Node:
        if token.kind in ("minus", "not"):
            following = self.peek()
            if following is None or following.kind in ("or", "close", "and"):
                raise QueryError(f"{token.text} needs a word, a phrase or a group after it", token.start)
            return Not(self.unary())
        if (following := self.peek()) is None:
            raise QueryError("this ( is never closed: add )", token.start)
        if following.kind == "close":
            raise QueryError("empty parentheses: put something to search for inside", token.start)
        inner = self.expression()
        closing = self.peek()
        if closing is None or closing.kind != "close":
            raise QueryError("this ( is never closed: add )", token.start)
        self.take()
        return inner

    def fielded(self, field: _Token) -> Node:
        name = field.text
        value = self.peek()
        if name != DATE_FIELD and name not in FIELDS:
            raise QueryError(f"no field {name!r}; fields are {', '.join(FIELDS)} and date", field.start)
        if value is None or value.kind not in ("word", "phrase") or value.start != field.start + len(name) + 1:
            raise QueryError(f'{name}: needs a word or a "phrase" right after the colon', field.start)
        self.take()
        if name == DATE_FIELD:
            if value.kind != "word" or value.prefix:
                raise QueryError("date: takes 1950, 1950-10, 1950-10-08 or a range 1950-06..1951-03", value.start)
            return parse_date_range(value.text, value.start)
        if value.kind == "phrase":
            return Phrase(value.text, name, value.start)
        return Word(value.text, name, value.prefix, value.start)


def parse_date_range(text: str, start: int = 0) -> DateRange:
    """`1950`, `1950-10`, `1950-10-08`, `A..B`, `..B`, `A..`: the days a date filter covers."""
    if ".." in text:
        low_text, _, high_text = text.partition("..")
        if not low_text and not high_text:
            raise QueryError("a date range needs at least one end: date:1950..1953", start)
        low = _date_bound(low_text, start, first=True) if low_text else None
        high = _date_bound(high_text, start + len(low_text) + 2, first=False) if high_text else None
        if low and high and high < low:
            raise QueryError("this date range ends before it starts", start)
        return DateRange(low, high)
    return DateRange(_date_bound(text, start, first=True), _date_bound(text, start, first=False))


def _date_bound(text: str, start: int, *, first: bool) -> dt.date:
    match = _DATE.fullmatch(text)
    if not match:
        raise QueryError("a date here is YYYY, YYYY-MM or YYYY-MM-DD", start)
    year, month_text, day_text = int(match.group(1)), match.group(2), match.group(3)
    if year == 0:
        raise QueryError("there is no year 0000", start)
    month = int(month_text) if month_text else (1 if first else 12)
    if not 1 <= month <= 12:
        raise QueryError(f"there is no month {month_text}", start + 5)
    last = calendar.monthrange(year, month)[1]
    day = int(day_text) if day_text else (1 if first else last)
    if not 1 <= day <= last:
        raise QueryError(f"{calendar.month_name[month]} {year} has no day {day_text}", start + 8)
    return dt.date(year, month, day)


_DATE_FILTER = re.compile(r"(?:^|\s)date:\S+")


def with_years(query: str, first: int, last: int) -> str:
    """The query narrowed to the years first..last, in place of any date filter it had."""
    years = f"date:{first}" if first == last else f"date:{first}..{last}"
    return f"{_DATE_FILTER.sub('', query).strip()} {years}".strip()
