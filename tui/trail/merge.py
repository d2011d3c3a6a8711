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
from tui.index.search import Hit, Results, Search
from tui.trail.find import NoteHit, notes_only
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
    found = _by_record(trail.find_notes(text, plain_only=True))
    if not found:
        return results, frozenset()
    matched = _text_matches(search, text, list(found), partial=results.partial)
    extra = [(card(record_id), hit) for record_id, hit in found.items() if record_id not in matched]
    shown = [(c, hit) for c, hit in extra if c is not None]  # notes of records gone from the corpus
    start = max(0, offset - results.total)
    wanted = max(0, offset + limit - results.total) if limit > 0 else 0
    page = [Hit(c, 0.0, hit.snippet, hit.spans) for c, hit in shown[start:wanted]]
    merged = dataclasses.replace(results, total=results.total + len(shown), hits=results.hits + page,
                                 seconds=results.seconds + time.perf_counter() - started,
                                 partial=results.partial and not page)
    return merged, frozenset(hit.card.id for hit in page)


def _notes_alone(trail: Trail, text: str, card: Callable[[str], Card | None], *, limit: int,
                 offset: int) -> tuple[Results, frozenset[str]]:
    started = time.perf_counter()
    shown = [(c, hit) for record_id, hit in _by_record(trail.find_notes(text)).items()
             if (c := card(record_id)) is not None]
    page = [Hit(c, 0.0, hit.snippet, hit.spans) for c, hit in shown[offset:offset + max(limit, 0)]]
    results = Results(text, len(shown), page, seconds=time.perf_counter() - started)
    return results, frozenset(hit.card.id for hit in page)


def _by_record(hits: list[NoteHit]) -> dict[str, NoteHit]:
    """The newest matching note of each record, newest first."""
    found: dict[str, NoteHit] = {}
    for hit in hits:
        found.setdefault(hit.note.record_id, hit)
    return found


def _text_matches(search: Search, text: str, record_ids: list[str], *, partial: bool) -> set[str]:
    """Which of these records the query matches in the corpus (these are shown as text matches)."""
    try:
        plan = search.plan(text, partial=partial)
    except ValueError:
        return set()
    if plan is None:
        return set()
    query = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, plan.query),
        (tantivy.Occur.Must, tantivy.Query.term_set_query(search.schema, "id", record_ids)),
    ])
    found = search.searcher.search(query, len(record_ids) * 4)  # an id may be on several records
    return {str(search.searcher.doc(address).get_first("id")) for _score, address in found.hits}
