"""`readingroom search QUERY`: ranked results with snippets, as text or JSON."""

from __future__ import annotations

import argparse
import sys

from tui.cli import CliError
from tui.cli.common import corpus_folder, print_json
from tui.index.errors import IndexRefused, IndexWriteFailed
from tui.index.library import Library, say
from tui.index.search import Results
from tui.model.text import one_line, visible
from tui.trail.merge import search_with_notes
from tui.trail.trail import Trail


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CliError("--limit takes a number of results, 0 or more")
    root = corpus_folder(args.corpus)
    trail = saved_query(args)
    try:
        library = Library.open(root, index_dir=args.index)
    except IndexRefused as error:
        raise CliError(str(error)) from None
    try:
        library.refresh(quick=not args.rescan)
    except IndexWriteFailed as error:
        say(f"{error}: searching the index as it was")
    # Text and JSON give the browser's list: past the records with every word, those with most of
    # them (and, below, records whose notes match); --all-words keeps to the query's letter.
    results, by_notes = search_with_notes(library.search_view(), trail, args.query, library.card, limit=args.limit,
                                          partial=not args.all_words)
    if results.error is not None:
        pointer = results.error.pointer(visible(args.query, keep_layout=False))
        print(f"readingroom: malformed query\n{pointer}", file=sys.stderr)
        return 2
    if args.save:
        trail.searches.save(args.save, args.query)
        if not trail.notices:
            print(f"readingroom: saved as {visible(args.save, keep_layout=False)!r}", file=sys.stderr)
    for notice in results.notices:
        say(notice)
    if args.format == "json":
        print_json(as_json(results, by_notes))
    else:
        print_text(results, by_notes)
    return 0


def saved_query(args: argparse.Namespace) -> Trail:
    """The corpus's trail; with --saved, the saved query becomes the query."""
    from tui.cli.trail_common import open_trail

    _root, trail = open_trail(args, load=False)
    if args.saved is not None or args.save:
        trail.searches.load()
    if args.saved is not None:
        if args.query is not None:
            raise CliError("give a QUERY or --saved NAME, not both")
        saved = trail.searches.get(args.saved)
        if saved is None:
            names = ", ".join(s.name for s in trail.searches.all()) or "none yet"
            raise CliError(f"no saved search {visible(args.saved, keep_layout=False)!r} (saved: {names})")
        args.query = saved.query
    elif args.query is None:
        raise CliError("give a QUERY (or --saved NAME)")
    return trail


def as_json(results: Results, by_notes: frozenset[str] = frozenset()) -> dict[str, object]:
    """The documented shape of `readingroom search --format json`."""
    return {
        "query": results.query,
        "total": results.total,
        "full": results.full,
        "words": results.words,
        "results": [
            {"id": hit.card.id, "title": hit.card.title, "date": hit.card.date, "score": round(hit.score, 4),
             "snippet": hit.snippet, "matched": hit.matched,
             "found_in": "note" if hit.card.id in by_notes else "text"}
            for hit in results.hits
        ],
        "corrections": [list(pair) for pair in results.corrections],
    }


def print_text(results: Results, by_notes: frozenset[str] = frozenset()) -> None:
    """One block per result: title, date and id, then the snippet with the hits emphasised."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, markup=False, emoji=False)
    heading = f"{results.total} result{'s' * (results.total != 1)} for {one_line(results.query)}"
    heading += f" ({results.seconds * 1000:.0f} ms)"
    if results.partial:
        heading += f"; {results.note}"
    if results.corrections:
        heading += "; also matched: " + ", ".join(f"{one_line(a)} → {one_line(b)}" for a, b in results.corrections)
    console.print(Text(heading, style="dim"))
    for number, hit in enumerate(results.hits, 1):
        card = hit.card
        console.print()
        console.print(Text(f"{number}. {one_line(card.title)}", style="bold"))
        found = " · found in your note" if card.id in by_notes else ""
        console.print(Text(f"   {one_line(card.date or 'Undated')} · {one_line(card.id)}{found}", style="dim"))
        if hit.snippet:
            snippet = Text("   " + one_line(hit.snippet))  # idempotent: the spans still hold
            for start, end in hit.spans:
                snippet.stylize("bold reverse", start + 3, end + 3)
            console.print(snippet)
