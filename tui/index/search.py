"""Running a search: parse, plan, rank the first page, build snippets, count, spread over years."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tantivy
from tantivy import Occur

from tui.index.cards import Card
from tui.index.fold import AliasIndex
from tui.index.highlight import SNIPPET_WIDTH, Highlight, Span, folded, passage, snippet
from tui.index.integrity import engine_failure, one_line
from tui.index.pairs import Pairs
from tui.index.plan import Plan, Planner
from tui.index.query import QueryError, parse_bounded
from tui.index.related import RelatedWords


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: its card, its score, and a snippet with the matched words' offsets."""

    card: Card
    score: float
    snippet: str
    spans: tuple[Span, ...]
    matched: int = 0  # how many of the query's words or groups it holds (`Results.words`)
    lacks: tuple[str, ...] = ()  # those it lacks, as the reader wrote them
    address: Any = field(default=None, compare=False, repr=False)  # where the engine keeps it


@dataclass(frozen=True)
class Results:
    """A page of ranked results, how many match in all, and how the query was read."""

    query: str
    total: int
    hits: list[Hit]
    corrections: list[tuple[str, str]] = field(default_factory=list)
    highlight: Highlight = field(default_factory=Highlight)
    seconds: float = 0.0
    error: QueryError | None = None
    # Some hits lack some of the query's plain words: the page goes on past the `full` records
    # that have every word with those that have some of them, best first (see plan.FILL_FIELDS).
    partial: bool = False
    notices: list[str] = field(default_factory=list)  # what was not searched, or went wrong, in a sentence each
    words: int = 0  # the query's words or groups (a filter, a phrase, an OR group count one each)
    full: int = 0  # how many records have every one of them

    dropped: tuple[str, ...] = ()  # the words some hit shown lacks, in the order of the query
    by_notes: frozenset[str] = frozenset()  # records on the page that only the reader's notes matched

    @property
    def note(self) -> str:
        """What a reader should know of a page with records that lack some of the words."""
        if not self.partial:
            return ""
        lacking = ", ".join(self.dropped)
        some = ("these have some of the words" if not self.dropped else f"these lack {lacking}"
                if len(self.dropped) == 1 else f"these lack some of {lacking}")
        if not self.full:
            return f"none has every word: {some}, best first"
        return f"{self.full:,} with every word, then {some}"


class Search:
    """Searches over one searcher; build a new one after the index changes."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher, aliases: AliasIndex,
                 cards: Callable[[list[int]], list[Card | None]], pairs: Pairs, related: RelatedWords) -> None:
        self.schema = schema
        self.searcher = searcher
        self.cards = cards
        self.planner = Planner(schema, searcher, aliases, pairs, related)

    def plan(self, text: str, *, partial: bool = False) -> Plan | None:
        """Parse and plan (see `Planner.plan` for `partial`); raises QueryError for a malformed query."""
        return self.planner.plan(parse_bounded(text).node, partial=partial)

    def run(self, text: str, *, limit: int = 50, offset: int = 0, snippets: bool = True,
            partial: bool = False) -> Results:
        """The ranked page `offset`..`offset+limit` of a query's results; never raises for the query.

        With `partial`, where fewer records than reach this page have every plain word of the query,
        the page goes on with the records that have some of them, best first (`Results.partial`,
        `Results.full`); fields, phrases, dates and exclusions always hold.
        """
        started = time.perf_counter()
        try:
            bounded = parse_bounded(text)
        except QueryError as error:
            return Results(text, 0, [], error=error, seconds=time.perf_counter() - started)
        notices = list(bounded.notices)
        try:
            plan = self.planner.plan(bounded.node)
            if plan is None:
                return Results(text, 0, [], seconds=time.perf_counter() - started, notices=notices)
            # The page with every word is ranked first (its count comes with it): where it fills
            # the page, it is the page, and nothing else is searched.
            ranked, total = self._rows(plan, limit, offset)
            relaxed = (self.planner.plan(bounded.node, partial=True)
                       if partial and limit > 0 and total < offset + limit else None)
            if relaxed is not None:
                more, more_total = self._rows(relaxed, limit, offset)
                if more_total > total:
                    filled = self._lacking(self._hits(relaxed, more, snippets), relaxed)
                    lacked = {word for hit in filled for word in hit.lacks}
                    dropped = tuple(c.label for c in relaxed.loose if c.label in lacked)
                    return Results(text, more_total, filled, relaxed.corrections, relaxed.highlight,
                                   time.perf_counter() - started, partial=True,
                                   notices=notices + relaxed.notices, words=relaxed.words, full=total,
                                   dropped=dropped)
            hits = [_with(hit, plan.words, ()) for hit in self._hits(plan, ranked, snippets)]
            if total == 0:
                notices += self._empty_filters(plan)
        except BaseException as error:
            if not engine_failure(error):
                raise
            notices.append(f"the index could not be read ({one_line(error)}): "
                           "rebuild it with readingroom index --rebuild")
            return Results(text, 0, [], seconds=time.perf_counter() - started, notices=notices)
        return Results(text, total, hits, plan.corrections, plan.highlight, time.perf_counter() - started,
                       notices=notices + plan.notices, words=plan.words, full=total)

    def _lacking(self, hits: list[Hit], plan: Plan) -> list[Hit]:
        """The hits with how many of the query's words each holds and which plain words it lacks:
        one search for each word, kept to the records of the page."""
        page = tantivy.Query.term_set_query(self.schema, "id", sorted({hit.card.id for hit in hits}))
        holding = []
        for clause in plan.loose:
            both = tantivy.Query.boolean_query([(Occur.Must, clause.query), (Occur.Must, page)])
            found = self.searcher.search(both, max(len(hits), 1), count=False).hits
            holding.append({_place(address) for _score, address in found})
        lacking = []
        for hit in hits:
            lacks = tuple(clause.label for clause, held in zip(plan.loose, holding, strict=True)
                          if _place(hit.address) not in held)
            lacking.append(_with(hit, plan.words - len(lacks), lacks))
        return lacking

    def _empty_filters(self, plan: Plan) -> list[str]:
        """For a query nothing matches, the fields, phrases or dates that no record has at all."""
        if len(plan.held) + len(plan.loose) < 2:
            return []
        return [f"no record has {clause.label}" for clause in plan.held
                if not self.searcher.search(clause.query, 1, count=True).count]

    def _rows(self, plan: Plan, limit: int, offset: int) -> tuple[list[tuple[float, Any]], int]:
        """The page's (score, address) rows in the order shown, and how many records match in all."""
        if limit <= 0:  # the engine can't take a limit of 0: count alone
            return [], self.searcher.search(plan.query, 1, count=True).count or 0
        if plan.scored:
            found, rows = self._scored_rows(plan.query, offset + limit)
        else:
            found = self.searcher.search(plan.query, limit, count=True, offset=offset, order_by_field="sort",
                                         order=tantivy.Order.Asc)
            rows = found.hits
        addresses = [address for _key, address in rows]
        scores = [float(key) if plan.scored else 0.0 for key, _address in rows]
        sorts = self.searcher.fast_field_values("sort", addresses) if addresses else []
        ranked = sorted(zip(scores, sorts, addresses, strict=True), key=lambda row: (-round(row[0], 5), row[1] or 0))
        if plan.scored:
            ranked = ranked[offset:offset + limit]
        return [(score, address) for score, _sort, address in ranked], found.count or 0

    def _hits(self, plan: Plan, ranked: list[tuple[float, Any]], snippets: bool) -> list[Hit]:
        """The page's hits: each row's card, and its snippet when `snippets`."""
        if not ranked:
            return []
        highlight = plan.highlight
        # The engine picks the body's best passage itself (fast, in Rust); the summary, or the
        # body's start, stands in where the body holds no match (a title or a name matched). A
        # query of dates or filters alone marks no word: there is no passage to look for.
        generator = None
        if snippets and highlight:
            generator = tantivy.SnippetGenerator.create(self.searcher, self._for_passages(plan), self.schema, "body")
            generator.set_max_num_chars(SNIPPET_WIDTH)
        cards = self.cards(self.searcher.fast_field_values("key", [address for _score, address in ranked]))
        hits = []
        for (score, address), card in zip(ranked, cards, strict=True):
            if card is None:
                continue  # the ledger has moved on since this searcher was opened
            text, spans = "", list[tuple[int, int]]()
            if snippets:
                document = self.searcher.doc(address)
                body = document.get_first("body") or ""
                if generator is not None:
                    text, spans = _engine_snippet(generator, document, body, highlight)
                if not spans:
                    summary = document.get_first("summary") or ""
                    text, spans = snippet([summary, body[:SNIPPET_SCAN]], highlight)
            hits.append(Hit(card, score, text, tuple(spans), address=address))
        return hits

    def _for_passages(self, plan: Plan) -> tantivy.Query:
        """The query the engine picks a body's passage by: the plan's, and each word of its phrases
        in the body, as the engine can't see them in a phrase it finds as one term (see pairs.py)."""
        words = sorted({word for phrase in plan.highlight.phrases for word in phrase})
        if not words:
            return plan.query
        return tantivy.Query.boolean_query(
            [(Occur.Should, plan.query)]
            + [(Occur.Should, tantivy.Query.term_query(self.schema, "body", word)) for word in words])

    def _scored_rows(self, query: tantivy.Query, wanted: int) -> tuple[tantivy.SearchResult, list[tuple[float, Any]]]:
        """The best `wanted` (score, address) rows and every row tied with the last of them.

        The engine cuts ties at random (by address); the page orders ties by date, so it must
        see all of them, or a page would show a later record where an earlier one ties.
        """
        # Each further search runs the whole query again, which costs far more than a longer list
        # of rows (at 1,000,000 records, 64 ms against 3 ms more for 4,000 rows): the first takes a
        # margin that holds most ties, the second goes straight to the most that are ordered.
        for fetch in (wanted + TIE_MARGIN + 1, wanted + MAX_TIED + 1):
            found = self.searcher.search(query, fetch, count=True)
            rows = found.hits
            if len(rows) < fetch or round(rows[-1][0], 5) != round(rows[wanted - 1][0], 5):
                break
        return found, _through_ties(rows, wanted)

    def years(self, plan: Plan | None) -> dict[int, int]:
        """How many matching records fall in each year (by the day each is filed under)."""
        query = plan.query if plan is not None else tantivy.Query.all_query()
        found = self.searcher.aggregate(query, {"years": {"terms": {"field": "year", "size": 10000}}})
        return {int(bucket["key"]): int(bucket["doc_count"]) for bucket in found["years"]["buckets"]}


def _through_ties(rows: list[tuple[float, Any]], wanted: int) -> list[tuple[float, Any]]:
    """The first `wanted` rows (ranked best first) and those tied with the last of them: the rest
    can't reach the page, and ordering them by date would cost more than the search's second
    pass (4,000 rows: 4 ms)."""
    if len(rows) <= wanted:
        return rows
    last = round(rows[wanted - 1][0], 5)
    end = wanted
    while end < len(rows) and round(rows[end][0], 5) == last:
        end += 1
    return rows[:end]


def _place(address: tantivy.DocAddress) -> tuple[int, int]:
    return address.segment_ord, address.doc


def _with(hit: Hit, matched: int, lacks: tuple[str, ...]) -> Hit:
    return Hit(hit.card, hit.score, hit.snippet, hit.spans, matched, lacks, hit.address)


MAX_TIED = 4000  # past this many records tied on one score, ties keep the engine's order
TIE_MARGIN = 200  # rows past the page read at first, to see the ties of its last score
SNIPPET_SCAN = 5000  # characters of a body looked through for a match the engine did not mark
# The engine reads the whole body for its passage (about 130 µs a record for bodies of 1-10 KB,
# half the time of a search at 100,000 records): it reads this much first, and the whole body only
# where the passage it found there lacks one of the query's words.
SNIPPET_WINDOW = 1000


def _engine_snippet(generator: tantivy.SnippetGenerator, document: tantivy.Document, body: str,
                    highlight: Highlight) -> tuple[str, list[Span]]:
    """The passage of the body the engine finds best, marked by our own highlighter (which
    marks a phrase or an alias name as a whole, where the engine marks each of its words)."""
    if len(body) <= SNIPPET_WIDTH:
        return snippet([body], highlight)  # short enough to show whole
    piece = None
    if len(body) > SNIPPET_WINDOW:
        cut = body.rfind(" ", 0, SNIPPET_WINDOW)  # at a space: no word cut into another
        piece = generator.snippet_from_doc(tantivy.Document(body=[body[:cut if cut > 0 else SNIPPET_WINDOW]]))
        # A query of one word holds it wherever the engine marked something; else our own look.
        one_word = len(highlight.terms) + len(highlight.prefixes) == 1 and not highlight.phrases
        if not (one_word and piece.highlighted()) and not _holds_every_word(piece.fragment(), highlight):
            # The whole body may have a better one.
            piece = None
    if piece is None:
        piece = generator.snippet_from_doc(document)
    fragment = piece.fragment()
    if not fragment or not piece.highlighted():
        return "", []
    where = piece.fragment_range()
    return passage(fragment, highlight, before=where.start > 0, after=where.end < len(body.encode()),
                   width=len(fragment))


def _holds_every_word(fragment: str, highlight: Highlight) -> bool:
    """Whether `fragment` has a match of each word, prefix and phrase the query marks."""
    if not fragment:
        return False
    wanted = len(highlight.terms) + len(highlight.prefixes) + len(highlight.phrases)
    found = {folded(fragment[start:end]) for start, end in highlight.spans(fragment)}
    return len(found) >= wanted
