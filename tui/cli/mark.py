"""`readingroom mark NAME ID...` and `readingroom unmark NAME ID...`: a reading list from a script."""

from __future__ import annotations

import argparse

from tui.cli import CliError
from tui.cli.trail_common import library, open_trail
from tui.model.text import visible
from tui.trail.files import WRITE_FAILED
from tui.trail.trail import Trail


def run(args: argparse.Namespace) -> int:
    root, trail = open_trail(args)
    name = visible(args.name, keep_layout=False)
    ids = list(dict.fromkeys(args.ids))
    if args.command == "unmark":
        if trail.lists.get(args.name) is None:
            raise CliError(f"no list named {name!r}")
        removed = trail.lists.remove_many(args.name, ids)
        rest = len(ids) - len(removed)
        print(f"Took {records(len(removed))} off {name!r}" + (f"; {was(rest)} not on it" if rest else ""))
        return failed(trail)
    known = library(root, args).cards_of_ids(ids)
    unknown = [record_id for record_id in ids if record_id not in known]
    if unknown:
        raise CliError("not in the corpus: " + ", ".join(visible(i, keep_layout=False) for i in unknown)
                       + " (nothing marked)")
    created = trail.lists.get(args.name) is None
    if created:
        trail.lists.create(args.name)
    reading = trail.lists.get(args.name)
    assert reading is not None
    added = trail.lists.add_many(reading.name, ids, comment=args.comment or "")
    if created:
        print(f"Made the list {visible(reading.name, keep_layout=False)!r}.")
    count = len(added)
    rest = len(ids) - count
    print(f"Added {records(count)} to {visible(reading.name, keep_layout=False)!r}"
          + (f"; {was(rest)} on it already" if rest else ""))
    return failed(trail)


def failed(trail: Trail) -> int:
    """1 where a file could not be written (the notice said which and why), else 0."""
    return int(any(notice.message.startswith(WRITE_FAILED) for notice in trail.notices))


def records(count: int) -> str:
    return f"{count} record{'s' * (count != 1)}"


def was(count: int) -> str:
    return f"{count} {'was' if count == 1 else 'were'}"
