"""Step 8 of the benchmark: the research trail. A reading list of 2,000 records opened (read and
every record's card found), 1,000 notes read, and what searching the notes adds to a search.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from random import Random

import tantivy

from tests.bench_common import Row, log, median, percentile
from tests.bench_search import CLASSES, choose_queries
from tui.index.library import Library
from tui.index.search import Results, Search
from tui.trail.anchor import Anchor
from tui.trail.files import Folder
from tui.trail.lists import Entry, ReadingList, list_text
from tui.trail.merge import search_with_notes
from tui.trail.notes import Note, note_text
from tui.trail.trail import Trail

LIST_SIZE = 2000
NOTES = 1000
RUNS = 5
LIST_LIMIT = 0.100
ADDED_LIMIT = 0.005
PLAIN = ("rare", "common", "two", "phrase", "prefix")  # the query classes notes are searched with


class Known(Search):
    """A search whose results for its one query are known already; planning and the searcher are real."""

    def __init__(self, view: Search, results: Results) -> None:
        super().__init__(view.schema, view.searcher, view.planner.aliases, view.cards)
        self.results = results

    def run(self, text: str, *, limit: int = 50, offset: int = 0, snippets: bool = True,
            partial: bool = False) -> Results:
        return self.results


def write_trail(folder: Path, library: Library) -> None:
    """A list of 2,000 of the corpus's records and 1,000 notes on them in the corpus's words,
    written as the app writes them."""
    rng = Random(0)
    searcher = library.searcher()
    documents = [searcher.doc(address) for _score, address in
                 searcher.search(tantivy.Query.all_query(), LIST_SIZE).hits]
    ids = [str(document.get_first("id")) for document in documents]
    words = [word for document in documents[:300] for word in str(document.get_first("body") or "").split()]
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    files = Folder(folder)
    reading = ReadingList("Bench", when, [Entry(i, when, "a comment: " + rng.choice(words)) for i in ids],
                          "lists/bench.toml")
    files.write(reading.file, list_text(reading))
    for number in range(NOTES):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(10, 80)))
        note = Note(rng.choice(ids), text, when, when + dt.timedelta(seconds=number),
                    Anchor(rng.randint(1, 5), " ".join(rng.choice(words) for _ in range(4))),
                    f"notes/{number:05d}.md")
        files.write(note.file, note_text(note))


def trail_figures(library: Library, work: Path, warm_start: float | None) -> list[Row]:
    """List opening, notes reading, and the p95 a search's notes add, with 1,000 notes."""
    log("step 8: writing a list of 2,000 records and 1,000 notes")
    folder = work / "trail"
    write_trail(folder, library)
    opened, read = [], []
    for _ in range(RUNS + 1):
        begun = time.perf_counter()
        trail = Trail(Folder(folder), Folder(folder / "state"))
        trail.load()
        shown = trail.entries("Bench", library.cards_of_ids)
        opened.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        trail.notes.load()
        read.append(time.perf_counter() - begun)
    assert len(shown) == LIST_SIZE and all(item.in_corpus for item in shown)
    assert len(trail.notes.all()) == NOTES
    opened, read = opened[1:], read[1:]  # the first run warms the caches
    rows = [
        Row("8", f"A reading list of {LIST_SIZE:,} records opened (file read, every card found)", median(opened),
            "s", target=f"≤ {LIST_LIMIT * 1000:.0f} ms", met=median(opened) <= LIST_LIMIT),
        Row("8", f"{NOTES:,} notes read (on first use, not at the start)", median(read), "s",
            "warm start (step 2)" if warm_start else "", warm_start,
            "≤ 0.1× ref" if warm_start else "", median(read) <= 0.1 * warm_start if warm_start else None),
    ]
    queries = choose_queries(library)
    view = library.search_view()
    trail.find_notes("warm")  # the notes' word index is built once, after a change
    added: list[float] = []
    plain: list[float] = []
    found = 0
    for kind in PLAIN:
        for query in queries.get(kind, []):
            results = view.run(query.text, limit=50, partial=True)
            known = Known(view, results)  # the corpus's results as they were: what is timed is the notes' part
            search_with_notes(known, trail, query.text, library.card, limit=50, partial=True)  # untimed: warms
            for _ in range(RUNS):
                begun = time.perf_counter()
                view.run(query.text, limit=50, partial=True)
                middle = time.perf_counter()
                _results, by_notes = search_with_notes(known, trail, query.text, library.card, limit=50,
                                                       partial=True)
                plain.append(middle - begun)
                added.append(time.perf_counter() - middle)
            found += len(by_notes)
    log(f"  {len(added) // RUNS} queries; {found} records found by their notes alone on the first pages")
    p95 = percentile(added, 0.95)
    rows.append(Row("8", f"Search p95 added by {NOTES:,} notes ({', '.join(CLASSES[k] for k in PLAIN)})", p95, "s",
                    "search p95, the same queries", percentile(plain, 0.95), f"≤ {ADDED_LIMIT * 1000:.0f} ms",
                    p95 <= ADDED_LIMIT))
    return rows
