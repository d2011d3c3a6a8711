"""`readingroom letters A [B]`: A's correspondents, or the letters between A and B."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.cli import CliError
from tui.cli.common import corpus_folder, print_json
from tui.index.letters import Correspondence, Correspondent, Exchange
from tui.model.text import visible

if TYPE_CHECKING:
    from tui.index.library import Library

DESCRIPTION = ("With one name, everyone that person wrote to or heard from, with the letters each way and "
               "the first and last date, most letters first; with two, the letters between them in date order, "
               "→ sent by the first, ← received, with the days since the previous letter. Names are joined "
               "through the manifests' aliases.")


def add_parser(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    """The `letters` subcommand's arguments."""
    command = commands.add_parser("letters", help="a person's correspondents, or the letters between two",
                                  description=DESCRIPTION)
    command.add_argument("person", metavar="A", help="a person's or organisation's name (any alias)")
    command.add_argument("other", nargs="?", metavar="B", help="a correspondent of A: show their exchange")
    command.add_argument("--corpus", metavar="CORPUS",
                         help="corpus folder (default: $READINGROOM_CORPUS, else the bundled corpus)")
    command.add_argument("--index", metavar="DIR", help="index folder to use (default: as for search)")
    command.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    command.set_defaults(handler=handler)


def open_library(args: argparse.Namespace) -> Library:
    """The corpus's index, brought up to date where it can be (as `search` opens it)."""
    from tui.index.errors import IndexRefused, IndexWriteFailed
    from tui.index.library import Library, say

    try:
        library = Library.open(corpus_folder(args.corpus), index_dir=args.index)
    except IndexRefused as error:
        raise CliError(str(error)) from None
    try:
        library.refresh(quick=True)
    except IndexWriteFailed as error:
        say(f"{error}: reading the index as it was")
    return library


def run(args: argparse.Namespace) -> int:
    letters = Correspondence(open_library(args))
    if args.other:
        exchange = letters.exchange(args.person, args.other)
        if args.format == "json":
            print_json(exchange_json(exchange))
        else:
            print_exchange(exchange)
        return 0
    people = letters.correspondents(args.person)
    name = letters.resolve(args.person)
    if args.format == "json":
        print_json(correspondents_json(name, people))
    else:
        print_correspondents(name, people)
    return 0


def correspondents_json(name: str, people: list[Correspondent]) -> dict[str, Any]:
    """The documented shape of `readingroom letters A --format json`."""
    return {
        "name": name,
        "correspondents": [
            {"name": c.name, "organisation": c.organisation, "sent": c.sent, "received": c.received,
             "total": c.total, "first": c.first, "last": c.last,
             "first_day": c.first_day.isoformat() if c.first_day else None,
             "last_day": c.last_day.isoformat() if c.last_day else None}
            for c in people
        ],
    }


def exchange_json(exchange: Exchange) -> dict[str, Any]:
    """The documented shape of `readingroom letters A B --format json`."""
    return {
        "person": exchange.person,
        "other": exchange.other,
        "total": len(exchange.letters),
        "sent": exchange.sent,
        "received": exchange.received,
        "letters": [
            {"position": number, "id": letter.card.id, "title": letter.card.title, "date": letter.card.date,
             "day": letter.day.isoformat() if letter.day else None,
             "direction": "sent" if letter.outgoing else "received", "gap_days": letter.gap_days,
             "authors": list(letter.card.authors), "recipients": list(letter.card.recipients),
             "path": letter.card.path}
            for number, letter in enumerate(exchange.letters, 1)
        ],
    }


def _shown(text: str | None) -> str:
    return visible(text or "", keep_layout=False)


def print_correspondents(name: str, people: list[Correspondent]) -> None:
    print(f"{len(people)} correspondent{'s' * (len(people) != 1)} of {_shown(name)}")
    if not people:
        return
    width = min(40, max(len(_shown(c.name)) for c in people))
    print(f"{'name':<{width}}  {'sent':>5}  {'recv':>5}  first — last")
    for c in people:
        span = f"{c.first or 'undated'} — {c.last or 'undated'}" if c.first != c.last else (c.first or "undated")
        kind = " (organisation)" if c.organisation else ""
        print(f"{_shown(c.name)[:width]:<{width}}  {c.sent:>5}  {c.received:>5}  {span}{kind}")


def print_exchange(exchange: Exchange) -> None:
    count = len(exchange.letters)
    print(f"{count} letter{'s' * (count != 1)} between {_shown(exchange.person)} and {_shown(exchange.other)}: "
          f"{exchange.sent} sent (→), {exchange.received} received (←)")
    for number, letter in enumerate(exchange.letters, 1):
        gap = f"+{letter.gap_days}d" if letter.gap_days is not None else ""
        print(f"{number:>4}. {letter.arrow} {_shown(letter.card.date or 'Undated'):<20} {gap:>7}  "
              f"{_shown(letter.card.id)}  {_shown(letter.card.title)}")
