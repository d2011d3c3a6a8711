"""A search of the corpus with the reader's notes in it.

A plain query also finds the records whose notes match: they come after
every record whose text matches, newest note first. A query starting with
`note:` searches the notes alone.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import tantivy

from tui.index.cards import Card
from tui.index.plan import Plan
from tui.index.query import QueryError, parse_query
from tui.index.search import Hit, Results, Search
from tui.trail.find import hit, notes_only
from tui.trail.notes import Note
from tui.trail.trail import Trail


def search_with_notes(search: Search, trail: Trail, text: str, card: Callable[[str], Card | None], *,
                      limit: int = 50, offset: int = 0, partial: bool = False,
                      snippets: bool = True) -> tuple[Results, frozenset[str]]:
    """The page `offset`..`offset+limit` of a query's results, notes included, and the ids of the
    records on it that only their notes matched."""
    if notes_only(text) is not None:
        return _notes_alone(trail, text, card, limit=limit, offset=offset)
    results = search.run(text, limit=limit, offset=offset, partial=partial, snippets=snippets)
    if results.error is not None:
        return results, frozenset()
    started = time.perf_counter()
    notes, highlight = trail.finder.match(text, plain_only=True)
    newest = _by_record(notes)
    if not newest:
        return results, frozenset()
    ids = list(newest)
    plan = _plan(search, text, results.partial)
    # Counts first: the records only notes found are counted without reading any of them.
    present = len(_in_corpus(search, trail).intersection(ids))
    matched = _count(search, _both(plan, _ids_query(search, ids))) if plan is not None else 0
    extra_total = max(0, present - matched)
    start = max(0, offset - results.total)
    end = max(0, offset + limit - results.total) if limit > 0 else 0
    page: list[Hit] = []
    if end > start and extra_total:
        in_text = _matching_ids(search, plan, ids) if plan is not None else set()
        shown = 0
        for record_id in ids:
            if record_id in in_text or (c := card(record_id)) is None:
                continue
            if shown >= start:
                note = hit(newest[record_id], highlight) if snippets else None
                page.append(Hit(c, 0.0, note.snippet if note else "", note.spans if note else ()))
            shown += 1
            if shown >= end:
                break
    merged = dataclasses.replace(results, total=results.total + extra_total, hits=results.hits + page,
                                 seconds=results.seconds + time.perf_counter() - started,
                                 partial=results.partial and not page)
    return merged, frozenset(item.card.id for item in page)


def _notes_alone(trail: Trail, text: str, card: Callable[[str], Card | None], *, limit: int,
                 offset: int) -> tuple[Results, frozenset[str]]:
    started = time.perf_counter()
    rest = notes_only(text) or ""
    if rest.strip():
        try:
            parse_query(rest)
        except QueryError as error:  # pointed at in the query as typed, `note:` included
            return Results(text, 0, [], error=QueryError(error.message, error.position + len(text) - len(rest))), \
                frozenset()
    notes, highlight = trail.finder.match(text)
    shown = [(c, note) for record_id, note in _by_record(notes).items() if (c := card(record_id)) is not None]
    page = []
    for c, note in shown[offset:offset + max(limit, 0)]:
        found = hit(note, highlight)
        page.append(Hit(c, 0.0, found.snippet, found.spans))
    results = Results(text, len(shown), page, seconds=time.perf_counter() - started)
    return results, frozenset(item.card.id for item in page)


def _by_record(notes: list[Note]) -> dict[str, Note]:
    """The newest matching note of each record, newest first."""
    found: dict[str, Note] = {}
    for note in notes:
        found.setdefault(note.record_id, note)
    return found


def _plan(search: Search, text: str, partial: bool) -> Plan | None:
    try:
        return search.plan(text, partial=partial)
    except ValueError:
        return None


class _Present:
    """The noted records that are in the corpus, for one searcher and one state of the notes
    (holding the searcher and the trail, so that neither is mistaken for a later one)."""

    key: tuple[object, object, int] | None = None
    ids: frozenset[str] = frozenset()


def _in_corpus(search: Search, trail: Trail) -> frozenset[str]:
    """The noted records that are in the corpus, found once for each searcher and state of the notes."""
    if (_Present.key is None or _Present.key[0] is not search.searcher or _Present.key[1] is not trail
            or _Present.key[2] != trail.notes.generation):
        ids = list(trail.notes.record_ids())
        hits = search.searcher.search(_ids_query(search, ids), max(1, len(ids) * 4)).hits if ids else []
        _Present.ids = frozenset(str(search.searcher.doc(address).get_first("id")) for _score, address in hits)
        _Present.key = (search.searcher, trail, trail.notes.generation)
    return _Present.ids


def _ids_query(search: Search, ids: list[str]) -> tantivy.Query:
    return tantivy.Query.term_set_query(search.schema, "id", ids)


def _both(plan: Plan, ids: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, plan.query), (tantivy.Occur.Must, ids)])


def _count(search: Search, query: tantivy.Query) -> int:
    return search.searcher.search(query, 1, count=True).count or 0


def _matching_ids(search: Search, plan: Plan, ids: list[str]) -> set[str]:
    """Which of these records the query matches in the corpus (they are shown as text matches)."""
    query = _both(plan, _ids_query(search, ids))
    found = search.searcher.search(query, len(ids) * 4)  # an id may be on several records
    return {str(search.searcher.doc(address).get_first("id")) for _score, address in found.hits}
