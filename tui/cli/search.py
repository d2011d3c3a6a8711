"""`readingroom search QUERY`: ranked results with snippets, as text or JSON."""

from __future__ import annotations

import argparse
import sys

from tui.cli import CliError
from tui.cli.common import corpus_folder, print_json
from tui.index.library import IndexRefused, IndexWriteFailed, Library, say
from tui.index.search import Results
from tui.model.text import visible


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CliError("--limit takes a number of results, 0 or more")
    try:
        library = Library.open(corpus_folder(args.corpus), index_dir=args.index)
    except IndexRefused as error:
        raise CliError(str(error)) from None
    try:
        library.refresh(quick=not args.rescan)
    except IndexWriteFailed as error:
        say(f"{error}: searching the index as it was")
    # Text and JSON give the browser's list: past the records with every word, those with most of
    # them; --all-words keeps to the query's letter.
    results = library.search(args.query, limit=args.limit, partial=not args.all_words)
    if results.error is not None:
        pointer = results.error.pointer(visible(args.query, keep_layout=False))
        print(f"readingroom: malformed query\n{pointer}", file=sys.stderr)
        return 2
    for notice in results.notices:
        say(notice)
    if args.format == "json":
        print_json(as_json(results))
    else:
        print_text(results)
    return 0


def as_json(results: Results) -> dict[str, object]:
    """The documented shape of `readingroom search --format json`."""
    return {
        "query": results.query,
        "total": results.total,
        "full": results.full,
        "words": results.words,
        "results": [
            {"id": hit.card.id, "title": hit.card.title, "date": hit.card.date, "score": round(hit.score, 4),
             "snippet": hit.snippet, "matched": hit.matched}
            for hit in results.hits
        ],
        "corrections": [list(pair) for pair in results.corrections],
    }


def print_text(results: Results) -> None:
    """One block per result: title, date and id, then the snippet with the hits emphasised."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, markup=False, emoji=False)
    heading = f"{results.total} result{'s' * (results.total != 1)} for {visible(results.query, keep_layout=False)}"
    heading += f" ({results.seconds * 1000:.0f} ms)"
    if results.partial:
        heading += f"; {results.note}"
    if results.corrections:
        heading += "; also matched: " + ", ".join(f"{a} → {b}" for a, b in results.corrections)
    console.print(Text(heading, style="dim"))
    for number, hit in enumerate(results.hits, 1):
        card = hit.card
        console.print()
        console.print(Text(f"{number}. {visible(card.title, keep_layout=False)}", style="bold"))
        console.print(Text(f"   {card.date or 'Undated'} · {visible(card.id, keep_layout=False)}", style="dim"))
        if hit.snippet:
            snippet = Text("   " + hit.snippet)
            for start, end in hit.spans:
                snippet.stylize("bold reverse", start + 3, end + 3)
            console.print(snippet)
