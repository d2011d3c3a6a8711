"""`readingroom import`: TEI, CMIF and CSV sources made into a corpus folder.

Only argparse is imported at start-up; the importers load when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

DESCRIPTION = ("Turn TEI (FRUS volumes and other editions), CMIF letter lists and CSV spreadsheets into a "
               "corpus: one TOML file per record, named by its id, and a corpus.toml manifest. The format is "
               "recognised from the content unless --from gives it. Files the import did not write are never "
               "overwritten; --update rewrites those an earlier import of the same source wrote (the first "
               "line of each says which). Exit status: 0 imported cleanly, 1 imported with problems or "
               "skipped files, 2 cannot run (nothing written).")


def add_parser(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    """The `import` subcommand's arguments."""
    command = commands.add_parser("import", help="make a corpus from TEI, CMIF or CSV files",
                                  description=DESCRIPTION)
    command.add_argument("sources", nargs="+", metavar="SOURCE", help="files to import (several go into "
                         "one sub-folder each)")
    command.add_argument("--into", required=True, metavar="FOLDER", help="the corpus folder to write")
    command.add_argument("--from", dest="fmt", choices=("tei", "cmif", "csv"),
                         help="the sources' format (default: recognised from the content)")
    command.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
    command.add_argument("--update", action="store_true",
                         help="rewrite the files an earlier import of the same source wrote (and only those)")
    command.add_argument("--list-separator", choices=("|", ";"), default="|",
                         help="what separates names in a CSV cell of a list key (default: |)")
    command.set_defaults(handler=handler)


class _Bar:
    """A one-line progress bar on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.shown, self.last = stream, False, 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 or not total:
            return
        self.last = now
        width = 30
        filled = min(width, width * done // total)
        name = Path(label).name[:40]
        self.stream.write(f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from tui.cli import CliError
    from tui.importers import SourceError, run_import
    from tui.model.text import visible

    sources = [Path(source) for source in args.sources]
    for source in sources:
        if not source.is_file():
            raise CliError(f"no such file: {source}")
    into = Path(args.into)
    if into.exists() and not into.is_dir():
        raise CliError(f"not a folder: {into}")
    bar = _Bar(sys.stderr) if sys.stderr.isatty() else None
    try:
        outcome = run_import(sources, into, fmt=args.fmt, dry_run=args.dry_run, update=args.update,
                             separator=args.list_separator, progress=bar)
    except SourceError as error:
        raise CliError(visible(str(error), keep_layout=False)) from None
    except OSError as error:
        raise CliError(f"{into}: cannot be written ({error.strerror or error}); nothing was changed") from None
    finally:
        if bar:
            bar.clear()
    out = sys.stdout
    for note in outcome.notes:
        out.write(f"note: {note}\n")
    for problem in outcome.problems:
        out.write(visible(problem, keep_layout=False) + "\n")
    for rel, reason in outcome.skipped:
        out.write(f"skipped {visible(rel, keep_layout=False)}: {reason}\n")
    would = "would be " if args.dry_run else ""
    kinds = ", ".join(sorted(set(outcome.formats))).upper()
    out.write(
        f"{outcome.records} record{'s' * (outcome.records != 1)} from {len(sources)} {kinds} "
        f"source{'s' * (len(sources) != 1)}: {len(outcome.written)} files {would}written, "
        f"{len(outcome.rewritten)} {would}rewritten, {len(outcome.removed)} {would}removed, "
        f"{len(outcome.skipped)} skipped; {len(outcome.problems)} problem{'s' * (len(outcome.problems) != 1)}\n")
    if outcome.made_ids or outcome.made_titles:
        out.write(f"{outcome.made_ids} ids and {outcome.made_titles} titles were made from the records' other "
                  "fields (row number, sender, addressee, date)\n")
    if not args.dry_run and (outcome.written or outcome.rewritten):
        out.write(f"open it with: readingroom {into}\n")
    return 1 if outcome.problems or outcome.skipped else 0
