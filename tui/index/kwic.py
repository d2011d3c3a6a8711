"""A concordance (keyword in context): every occurrence of a query's words in the bodies, one a line.

The query's positive words, phrases and prefixes (`tui.index.terms`) are what is shown; the
whole query, with its fields, dates and negations, chooses the records. The index gives the
matching records in date order at once; their bodies are then read a batch at a time, so the
first lines come at once and memory holds only the occurrences read.
Occurrences are found by the browser's own highlighter (the same folding) in the body as the
record's file holds it, so the offset of each is where the record view marks it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import tantivy

from tui.index.cards import Card
from tui.index.highlight import Highlight, folded
from tui.index.letters import day_of
from tui.index.query import parse_bounded
from tui.index.schema import UNDATED
from tui.index.terms import positive_terms
from tui.model.text import visible

if TYPE_CHECKING:
    from tui.index.library import Library

Sort = Literal["right", "left", "date"]
SORTS: tuple[Sort, ...] = ("right", "left", "date")
WIDTH = 40  # characters of context on each side
BATCH = 50  # records read for each batch of occurrences
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")


class NothingToFind(ValueError):
    """A query with no word, phrase or prefix to look for in the text (only filters, or negations)."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence: its context (made safe to show, on one line), its record, and where it is."""

    card: Card
    sort: int  # the record's date as the index sorts it (undated last)
    left: str  # at most `width` characters before the keyword, whitespace as single spaces
    keyword: str  # the text matched, as written
    right: str  # at most `width` characters after it
    offset: int  # the keyword's character offset in the record's body
    length: int  # its length in the body
    rank: int = 0  # the record's place in date order (records of one day keep the index's order)

    @property
    def day(self) -> dt.date | None:
        return day_of(self.sort)

    @property
    def year(self) -> int | None:
        day = self.day
        return day.year if day else None


@dataclass
class Concordance:
    """The occurrences of one query, streamed in date order; counts grow as batches are read."""

    library: Library
    query: str
    width: int = WIDTH
    highlight: Highlight = field(init=False)
    records: int = field(init=False, default=0)  # matching records, known at once
    occurrences: int = field(init=False, default=0)  # occurrences read so far
    complete: bool = field(init=False, default=False)  # True once every record has been read
    years: Counter[int] = field(init=False, default_factory=Counter)  # occurrences by year, so far
    notices: list[str] = field(init=False, default_factory=list)  # what of the query was not searched

    def __post_init__(self) -> None:
        bounded = parse_bounded(self.query)  # raises QueryError, with the spot, for a malformed query
        node = bounded.node
        self.highlight = positive_terms(node)
        if not self.highlight:
            raise NothingToFind("the query has no word, phrase or prefix to find in the texts")
        search = self.library.search_view()
        plan = search.planner.plan(node)
        self.notices = [*bounded.notices, *(plan.notices if plan is not None else [])]
        chosen = _in_body(self.library.index.schema, self.highlight)
        query = chosen if plan is None else tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, plan.query), (tantivy.Occur.Must, chosen)])
        self._searcher = search.searcher
        self.records = self._searcher.search(query, 1, count=True).count or 0
        found = self._searcher.search(query, max(self.records, 1), order_by_field="sort",
                                      order=tantivy.Order.Asc) if self.records else None
        addresses = [address for _sort, address in found.hits] if found else []
        # Records of one day in the order of their keys, so batches meet in one order.
        keys = self._searcher.fast_field_values("key", addresses) if addresses else []
        sorts = self._searcher.fast_field_values("sort", addresses) if addresses else []
        self._rows = sorted(zip(sorts, keys, addresses, strict=True),
                            key=lambda r: (r[0] if r[0] is not None else UNDATED, r[1] or 0))

    @property
    def total(self) -> int | None:
        """How many occurrences there are in all, once known."""
        return self.occurrences if self.complete else None

    def batches(self, records: int = BATCH) -> Iterator[list[Occurrence]]:
        """The occurrences, `records` records at a time, in date order (then record, then offset)."""
        searcher = self._searcher
        self.occurrences, self.complete, self.years = 0, False, Counter()
        for start in range(0, len(self._rows), records):
            rows = self._rows[start:start + records]
            cards = self.library.cards([int(key or 0) for _sort, key, _address in rows])
            bodies = self._bodies([card for card in cards if card is not None])
            batch: list[Occurrence] = []
            for rank, ((sort, _key, address), card) in enumerate(zip(rows, cards, strict=True), start):
                if card is None:
                    continue  # the ledger has moved on since this searcher was opened
                body = bodies.get((card.path, card.position))
                if body is None:
                    body = searcher.doc(address).get_first("body") or ""
                batch += occurrences_in(body, self.highlight, card, int(sort if sort is not None else UNDATED),
                                        self.width, rank)
            self.occurrences += len(batch)
            self.years.update(o.year for o in batch if o.year is not None)
            yield batch
        self.complete = True

    def _bodies(self, cards: list[Card]) -> dict[tuple[str, int], str]:
        """The bodies of these records, read from their files (each file once).

        Read from the files, not from the index's stored text: the index's store is mapped into
        memory, and reading ten thousand bodies from it in date order would leave hundreds of
        megabytes of its pages resident. A file is also what the record view shows, so the
        offsets are the view's. A record its file no longer holds is read from the index.
        """
        from tui.model.parse import parse_records_file

        wanted: dict[str, dict[int, str]] = {}
        for card in cards:
            wanted.setdefault(card.path, {})[card.position] = card.id
        bodies: dict[tuple[str, int], str] = {}
        for path, positions in wanted.items():
            try:
                result = parse_records_file(self.library.corpus / path, path)
            except OSError:
                continue
            for rec in result.records:
                if positions.get(rec.position) == rec.id:
                    bodies[(path, rec.position)] = rec.body
        return bodies

    def first(self, sort: Sort = "date", limit: int | None = None) -> list[Occurrence]:
        """The first `limit` occurrences in this order (all when None), reading every record but
        holding no more than `limit` occurrences at a time."""
        key = sort_key(sort)
        if limit is None:
            return sorted((o for batch in self.batches() for o in batch), key=key)
        return heapq.nsmallest(limit, (o for batch in self.batches() for o in batch), key=key)


def occurrences_in(body: str, highlight: Highlight, card: Card, sort: int, width: int = WIDTH,
                   rank: int = 0) -> list[Occurrence]:
    """Every occurrence of the highlight's terms in one body."""
    found = []
    for start, end in highlight.spans(body):
        left = _flat(body[max(0, start - width * 3):start])[-width:] if start else ""
        right = _flat(body[end:end + width * 3])[:width]
        found.append(Occurrence(card, sort, left, _flat(body[start:end]), right, start, end - start, rank))
    return found


def _flat(text: str) -> str:
    """One line, safe to show: runs of whitespace as one space, controls as visible symbols."""
    return visible(_SPACE.sub(" ", text), keep_layout=False)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(folded(text))]


def _when(o: Occurrence) -> tuple[int, int, int]:
    return o.sort, o.rank, o.offset


def sort_key(how: Sort) -> Callable[[Occurrence], Any]:
    """By the words after the keyword, the words before it (nearest first), or date; ties by date."""
    if how == "right":
        return lambda o: (_words(o.keyword), _words(o.right), _when(o))
    if how == "left":
        return lambda o: (_words(o.left)[::-1], _words(o.keyword), _when(o))
    if how == "date":
        return _when
    raise ValueError(f"unknown sort {how!r}; one of {', '.join(SORTS)}")


def sort_occurrences(found: list[Occurrence], how: Sort) -> list[Occurrence]:
    """The occurrences in one of the orders of `sort_key`."""
    return sorted(found, key=sort_key(how))


def _in_body(schema: tantivy.Schema, highlight: Highlight) -> tantivy.Query:
    """Records whose body holds one of the terms."""
    queries = [tantivy.Query.term_query(schema, "body", term) for term in sorted(highlight.terms)]
    queries += [tantivy.Query.phrase_query(schema, "body", list(words)) for words in highlight.phrases]
    queries += [tantivy.Query.regex_query(schema, "body", re.escape(stem) + ".*") for stem in highlight.prefixes]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

