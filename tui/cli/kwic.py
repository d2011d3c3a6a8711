"""`readingroom kwic QUERY`: every occurrence of the query's words in the texts, in context."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from typing import Any

from tui.cli import CliError
from tui.cli.common import print_json
from tui.index.kwic import SORTS, WIDTH, Concordance, NothingToFind, Occurrence
from tui.model.text import visible

DESCRIPTION = ("A concordance: every occurrence in the records' texts of the words, \"phrases\" and prefix* "
               "of a query, one a line, with the words before and after it, the record's date and id. The "
               "rest of the query (field:word, date:, -word) chooses the records. Exit status: 0 (also "
               "when nothing is found), 2 for a malformed query or one with no word to find.")
CSV_COLUMNS = ("id", "date", "day", "left", "keyword", "right", "offset", "length", "title")


def add_parser(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    """The `kwic` subcommand's arguments."""
    command = commands.add_parser("kwic", help="a concordance: each occurrence of a word in its context",
                                  description=DESCRIPTION)
    command.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    command.add_argument("--corpus", metavar="CORPUS",
                         help="corpus folder (default: $READINGROOM_CORPUS, else the bundled corpus)")
    command.add_argument("--index", metavar="DIR", help="index folder to use (default: as for search)")
    command.add_argument("--width", type=int, default=WIDTH, metavar="N",
                         help=f"characters of context on each side (default: {WIDTH})")
    command.add_argument("--sort", choices=SORTS, default="date",
                         help="order: by the words to the right, to the left, or by date (default: date)")
    command.add_argument("--limit", type=int, metavar="N", help="lines to show (default: all)")
    command.add_argument("--format", choices=("text", "json", "csv"), default="text",
                         help="output format (default: text)")
    command.set_defaults(handler=handler)


def run(args: argparse.Namespace) -> int:
    from tui.cli.letters import open_library
    from tui.index.library import say
    from tui.index.query import QueryError

    if args.width < 1:
        raise CliError("--width takes a number of characters, 1 or more")
    if args.limit is not None and args.limit < 0:
        raise CliError("--limit takes a number of lines, 0 or more")
    library = open_library(args)
    try:
        concordance = Concordance(library, args.query, width=args.width)
    except QueryError as error:
        print(f"readingroom: malformed query\n{error.pointer(args.query)}", file=sys.stderr)
        return 2
    except NothingToFind as error:
        print(f"readingroom: {error}: {visible(args.query, keep_layout=False)}", file=sys.stderr)
        return 2
    for notice in concordance.notices:
        say(notice)
    lines = concordance.first(args.sort, args.limit)
    if args.format == "json":
        print_json(as_json(concordance, lines, args.sort))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows([row[key] for key in CSV_COLUMNS] for row in map(line_json, lines))
    else:
        print_text(concordance, lines, args.width)
    return 0


def line_json(o: Occurrence) -> dict[str, Any]:
    return {"id": o.card.id, "title": o.card.title, "date": o.card.date,
            "day": o.day.isoformat() if o.day else None, "left": o.left, "keyword": o.keyword, "right": o.right,
            "offset": o.offset, "length": o.length, "path": o.card.path}


def as_json(concordance: Concordance, lines: list[Occurrence], sort: str) -> dict[str, Any]:
    """The documented shape of `readingroom kwic --format json`."""
    terms = concordance.highlight
    return {
        "query": concordance.query,
        "terms": {"words": sorted(terms.terms), "prefixes": list(terms.prefixes),
                  "phrases": [list(p) for p in terms.phrases]},
        "sort": sort,
        "records": concordance.records,
        "total": concordance.total,
        "years": {str(year): count for year, count in sorted(concordance.years.items())},
        "occurrences": [line_json(o) for o in lines],
    }


def print_text(concordance: Concordance, lines: list[Occurrence], width: int) -> None:
    """A heading, then a line each: date, left context, keyword, right context, id."""
    total = concordance.total or 0
    shown = f" (the first {len(lines)})" if len(lines) < total else ""
    print(f"{total} occurrence{'s' * (total != 1)} in {concordance.records} record"
          f"{'s' * (concordance.records != 1)}{shown} for {visible(concordance.query, keep_layout=False)}")
    date_width = max((len(o.card.short) for o in lines), default=0)
    keyword_width = min(30, max((len(o.keyword) for o in lines), default=0))
    for o in lines:
        print(f"{o.card.short:<{date_width}}  {o.left:>{width}} {o.keyword:^{keyword_width}} "
              f"{o.right:<{width}}  {visible(o.card.id, keep_layout=False)}")
