"""Steps 4 and 5 of the benchmark: search latency by query class against SQLite FTS5, and the
command line's search against ripgrep.

Queries come from the corpus itself: words are picked from the index's term dictionary by how
many records hold them, phrases from word pairs that recur in the bodies.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from random import Random

import tantivy

from tests.bench_common import PYTHON, Row, log, median, percentile, ratio_row, run_timed
from tui.index.fold import fold
from tui.index.library import Library

PER_CLASS = 10
RUNS = 5  # timed runs of each query, after one untimed
P95_LIMIT = 0.030
FTS_RANKED = ("SELECT rowid, title, snippet(docs, -1, '', '', '…', 32) FROM docs WHERE docs MATCH ? "
              "ORDER BY bm25(docs) LIMIT 50")
FTS_COUNT = "SELECT count(*) FROM docs WHERE docs MATCH ?"
# Records whose date overlaps the range, by date, as the app orders a query with no words.
FTS_DATES = ("SELECT d.id, docs.title, substr(docs.body, 1, 400) FROM dates AS d JOIN docs ON docs.rowid = d.id "
             "WHERE d.earliest <= ? AND d.latest >= ? ORDER BY d.earliest LIMIT 50")
FTS_DATES_COUNT = "SELECT count(*) FROM dates WHERE earliest <= ? AND latest >= ?"
CLASSES = {
    "rare": "a rare word (in 3–20 records)",
    "common": "a common word (in 10–30%)",
    "two": "two common words",
    "phrase": "a phrase (a recurring word pair)",
    "pair": "a phrase of two words in most records",
    "prefix": "a 3-letter prefix (`abc*`)",
    "field": "a field filter (type:, person:)",
    "date": "a date range (date:a..b)",
    "every": "a word in every record (≥ 99%)",
}


@dataclass(frozen=True)
class Query:
    """One query in the app's language and in FTS5's."""

    text: str
    match: str | None = None  # an FTS5 MATCH expression
    dates: tuple[int, int] | None = None  # (first day, last day) as ordinals, for a date range


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sample(rng: Random, items: list[str], count: int = PER_CLASS) -> list[str]:
    return rng.sample(items, min(count, len(items)))


def choose_queries(library: Library) -> dict[str, list[Query]]:
    """About ten queries of each class, picked from the index with a fixed seed."""
    rng = Random(0)
    searcher = library.searcher()
    records = searcher.num_docs
    terms = [(t, n) for t, n in searcher.terms_with_prefix("body", "") if t.isalpha()]
    words = sorted(terms)

    def between(low: float, high: float, shortest: int = 1) -> list[str]:
        return [t for t, n in words if low <= n <= high and len(t) >= shortest]

    queries: dict[str, list[Query]] = {}
    rare = between(3, 20, 4)
    if len(rare) < PER_CLASS:
        # A generated vocabulary of ~20,000 words over 100,000 records has no word that rare:
        # take the rarest there are (the row's label says how rare).
        rare = [t for t, n in sorted(words, key=lambda item: item[1]) if len(t) >= 4][:PER_CLASS * 3]
    queries["rare"] = [Query(w, _quoted(w)) for w in _sample(rng, rare)]
    common = between(0.10 * records, 0.30 * records, 3)
    queries["common"] = [Query(w, _quoted(w)) for w in _sample(rng, common)]
    pairs = [tuple(rng.sample(common, 2)) for _ in range(PER_CLASS)] if len(common) >= 2 else []
    queries["two"] = [Query(f"{a} {b}", f"{_quoted(a)} {_quoted(b)}") for a, b in pairs]
    queries["phrase"] = [Query(f'"{a} {b}"', _quoted(f"{a} {b}")) for a, b in _pairs(library, dict(terms), records)]
    queries["pair"] = [Query(f'"{a} {b}"', _quoted(f"{a} {b}"))
                       for a, b in _pairs(library, dict(terms), records, common=True)]
    # Prefixes of the words a reader would type: those in at least 1% of the records.
    stems = sorted({t[:3] for t, n in words if len(t) >= 5 and n >= 0.01 * records})
    queries["prefix"] = [Query(f"{s}*", f"{s}*") for s in _sample(rng, stems)]
    kinds = [t for t, _ in searcher.terms_with_prefix("type_raw", "", limit=5) if t and '"' not in t]
    people = [t for t, _ in searcher.terms_with_prefix("correspondent_raw", "", limit=30) if t and '"' not in t]
    people = _sample(rng, people, PER_CLASS - len(kinds))
    queries["field"] = ([Query(f'type:"{k}"', f"type:{_quoted(k)}") for k in kinds]
                        + [Query(f'person:"{p}"', f"person:{_quoted(p)}") for p in people])
    queries["date"] = _date_ranges(library, rng)
    queries["every"] = [Query(w, _quoted(w)) for w in _sample(rng, between(0.99 * records, records))]
    return queries


def _pairs(library: Library, df: dict[str, int], records: int, *, common: bool = False) -> list[tuple[str, str]]:
    """The most frequent adjacent word pairs of a sample of bodies, leaving out pairs of mere
    function words (one of the two must be in under half of the records); with `common`, only
    those (both in over half of the records: `"of the"`)."""
    searcher = library.searcher()
    counts: Counter[tuple[str, str]] = Counter()
    for _score, address in searcher.search(tantivy.Query.all_query(), 300).hits:
        body = fold(searcher.doc(address).get_first("body") or "")
        counts.update(itertools.pairwise(body))
    if common:
        return [pair for pair, _n in counts.most_common()
                if all(w.isalpha() for w in pair) and min(df.get(w, 0) for w in pair) > 0.5 * records][:PER_CLASS]
    chosen = [pair for pair, _n in counts.most_common()
              if all(len(w) >= 3 and w.isalpha() for w in pair) and min(df.get(w, 0) for w in pair) < 0.5 * records]
    return chosen[:PER_CLASS]


def _date_ranges(library: Library, rng: Random) -> list[Query]:
    found = library.searcher().aggregate(tantivy.Query.all_query(),
                                         {"years": {"terms": {"field": "year", "size": 10000}}})
    years = sorted(int(bucket["key"]) for bucket in found["years"]["buckets"])
    if not years:
        return []
    spans = [(1962, 10, 1963, 3)] if years[0] <= 1962 and years[-1] >= 1963 else []
    while len(spans) < PER_CLASS:
        year, month = rng.randint(years[0], years[-1]), rng.randint(1, 12)
        last = year * 12 + month - 1 + rng.randint(0, 11)
        spans.append((year, month, last // 12, last % 12 + 1))
    queries = []
    for y1, m1, y2, m2 in spans:
        first = dt.date(y1, m1, 1).toordinal()
        final = dt.date(y2, m2, calendar.monthrange(y2, m2)[1]).toordinal()
        queries.append(Query(f"date:{y1}-{m1:02d}..{y2}-{m2:02d}", dates=(first, final)))
    return queries


def build_fts(corpus: Path, path: Path) -> int:
    """An FTS5 table of the same records, written as they are read (never all in memory)."""
    from tui.model import discover
    from tui.model.loader import parse_files

    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE docs USING fts5(title, body, type, person,
                                             tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE dates(id INTEGER PRIMARY KEY, earliest INTEGER NOT NULL, latest INTEGER NOT NULL);
    """)
    rowid = since_commit = 0
    for result in parse_files(discover(corpus).files):
        for record in result.records:
            rowid += 1
            person = "\n".join([*record.names("authors"), *record.names("recipients"), *record.names("people")])
            db.execute("INSERT INTO docs(rowid, title, body, type, person) VALUES (?, ?, ?, ?, ?)",
                       (rowid, record.title, record.body, record.text("type") or "", person))
            date = record.date
            if date is not None:
                db.execute("INSERT INTO dates VALUES (?, ?, ?)", (
                    rowid, date.earliest.toordinal() if date.earliest else 1,
                    date.latest.toordinal() if date.latest else dt.date.max.toordinal()))
        since_commit += len(result.records)
        if since_commit >= 5000:
            db.commit()
            since_commit = 0
    db.execute("CREATE INDEX dates_range ON dates(earliest, latest)")
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return rowid


def _fts_run(db: sqlite3.Connection, query: Query) -> int:
    """The first 50 ranked rows with snippets, and the total, as the app gives them."""
    if query.dates is not None:
        first, final = query.dates
        db.execute(FTS_DATES, (final, first)).fetchall()
        return int(db.execute(FTS_DATES_COUNT, (final, first)).fetchone()[0])
    db.execute(FTS_RANKED, (query.match,)).fetchall()
    return int(db.execute(FTS_COUNT, (query.match,)).fetchone()[0])


def search_latency(library: Library, corpus: Path, work: Path) -> list[Row]:
    """p50 and p95 of `Library.search` per query class, against FTS5 with the same queries."""
    log("step 4: choosing queries, building the FTS5 reference")
    queries = choose_queries(library)
    fts_path = work / "fts5.sqlite"
    started = time.perf_counter()
    count = build_fts(corpus, fts_path)
    log(f"  FTS5 table of {count:,} records in {time.perf_counter() - started:.1f} s")
    db = sqlite3.connect(fts_path)
    rows: list[Row] = []
    try:
        for kind, label in CLASSES.items():
            chosen = queries.get(kind, [])
            if not chosen:
                rows.append(Row("4", f"Search, {label}: no such query in this corpus", None))
                continue
            if kind == "rare":
                counts = sorted(library.searcher().doc_freq("body", q.text) for q in chosen)
                if counts[-1] > 20:  # the rarest words there are: say how rare
                    label = f"the rarest words (in {counts[0]:,}–{counts[-1]:,} records)"
            app_times: list[float] = []
            fts_times: list[float] = []
            empty = []
            totals = [0, 0]  # matches found by each, to see that the queries agree
            for query in chosen:
                # As the browser and `search` ask: with the fill where few records have every word.
                results = library.search(query.text, limit=50, partial=True)  # untimed: warms its pages
                if results.error is not None:
                    raise RuntimeError(f"the app can't read {query.text!r}: {results.error.message}")
                if results.total == 0:
                    empty.append(query.text)
                totals[0] += results.total
                totals[1] += _fts_run(db, query)
                for _ in range(RUNS):
                    begun = time.perf_counter()
                    library.search(query.text, limit=50, partial=True)
                    app_times.append(time.perf_counter() - begun)
                    begun = time.perf_counter()
                    _fts_run(db, query)
                    fts_times.append(time.perf_counter() - begun)
            shown = ", ".join(q.text for q in chosen[:3]) + ("…" if len(chosen) > 3 else "")
            log(f"  {kind}: {len(chosen)} queries ({shown}); p95 {percentile(app_times, 0.95) * 1000:.1f} ms; "
                f"{totals[0]:,} matches in all (FTS5 {totals[1]:,})" + (f"; none for {empty}" if empty else ""))
            rows.append(Row("4", f"Search p50, {label}, {len(chosen)} queries × {RUNS}: e.g. `{chosen[0].text}`",
                            median(app_times), "s", "SQLite FTS5", median(fts_times)))
            p95 = percentile(app_times, 0.95)
            rows.append(Row("4", f"Search p95, {label}", p95, "s", "SQLite FTS5", percentile(fts_times, 0.95),
                            f"≤ {P95_LIMIT * 1000:.0f} ms", p95 <= P95_LIMIT))
    finally:
        db.close()
        fts_path.unlink(missing_ok=True)
    return rows


def medium_word(library: Library) -> str:
    """A body word held by about 5% of the records (at least six letters, so it is a real word)."""
    searcher = library.searcher()
    goal = 0.05 * searcher.num_docs
    terms = [(t, n) for t, n in searcher.terms_with_prefix("body", "") if t.isalpha() and len(t) >= 6]
    return min(terms, key=lambda item: (abs(item[1] - goal), item[0]))[0]


def cli_against_rg(library: Library, corpus: Path, index: Path, timeout: float, runs: int = 7) -> list[Row]:
    """`readingroom search WORD --format json` against `rg -l -i WORD`, medians of warm runs; each
    run gets `timeout` seconds (over a million files `rg` takes minutes)."""
    word = medium_word(library)
    log(f"step 5: readingroom search {word!r} against rg")
    app = [PYTHON, "-m", "tui", "search", word, "--corpus", str(corpus), "--index", str(index), "--format", "json"]
    grep = ["rg", "-l", "-i", word, str(corpus)]
    _seconds, out = run_timed(app, timeout=timeout)
    total = json.loads(out)["total"]
    _seconds, listed = run_timed(grep, timeout=timeout)
    app_times, grep_times = [], []
    for _ in range(runs):
        app_times.append(run_timed(app, timeout=timeout)[0])
        grep_times.append(run_timed(grep, timeout=timeout)[0])
    row = ratio_row("5", f"`readingroom search {word} --format json` ({total:,} hits), median of {runs}",
                    median(app_times), f"`rg -l -i {word}` ({len(listed.splitlines()):,} files)",
                    median(grep_times), 0.5)
    row.target = "< 0.5× ref"
    row.met = row.ratio is not None and row.ratio < 0.5
    return [row]
