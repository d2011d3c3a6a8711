"""`readingroom export [QUERY] [--list NAME] [--notes]`: the records a query matches (or all, or a
reading list's in its order), streamed in a format, with the reader's notes where asked."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.cite import Options, saved_date_style
from tui.cli import CliError
from tui.cli.common import corpus_folder
from tui.export.cmif import CmifWriter
from tui.export.formats import NOTES_FIELD, NotesProvider, Writer, trail_notes
from tui.model.problems import Problem
from tui.model.text import visible

if TYPE_CHECKING:
    from tui.trail.trail import Trail


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written beside its final name and put in place only when complete."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    if target.is_dir():
        raise CliError(f"--out names a folder, not a file: {path}")
    temporary = target.with_name(f".{target.name}.part")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def run(args: argparse.Namespace) -> int:
    root = corpus_folder(args.corpus)
    date_style = args.date_style or saved_date_style()
    query = args.query if args.query is not None and args.query.strip() else None
    if query is not None and args.list is not None:
        raise CliError("give a query or --list NAME, not both")
    if args.notes and args.format not in NOTES_FIELD:
        raise CliError(f"--notes: {args.format} has no place for the reader's notes; use {', '.join(NOTES_FIELD)}")
    problems: list[Problem] = []
    trail = _trail(args) if args.list is not None or args.notes else None
    tty = sys.stdout.isatty() if args.out in (None, "-") else False
    if args.list is not None:
        from tui.cli.trail_common import library as open_library
        from tui.export.select import id_places, in_given_order

        assert trail is not None
        reading = trail.lists.get(args.list)
        if reading is None:
            names = ", ".join(trail.lists.names()) or "none yet"
            raise CliError(f"no list named {visible(args.list, keep_layout=False)!r} (lists: {names})")
        opened = open_library(root, args)
        places, missing = id_places(opened, reading.ids)
        if missing:
            shown_ids = visible(", ".join(missing), keep_layout=False)
            print(f"readingroom: {len(missing)} record{'s' * (len(missing) != 1)} of the list not in the corpus "
                  f"now, not exported: {shown_ids}", file=sys.stderr)
        manifests = opened.manifests
        if args.format == "cmif":
            from tui.index.letters import full_manifests

            manifests = full_manifests(root, manifests)
        records = in_given_order(root, places, args.format, Options(date_style, manifests))
    elif query is not None:
        from tui.export.select import at_places, query_places
        from tui.index.library import Library

        library = Library.open(root, index_dir=args.index)
        library.refresh(quick=True)
        try:
            places = query_places(library, query)
        except ValueError as error:
            print(f"readingroom: malformed query\n{visible(str(error))}", file=sys.stderr)
            return 2
        manifests = library.manifests
        if args.format == "cmif":  # names' identifiers and organisations: the manifests' own files
            from tui.index.letters import full_manifests

            manifests = full_manifests(root, manifests)
        options = Options(date_style, manifests)
        records = at_places(root, places, args.format, options)
    else:
        from tui.export.select import whole_corpus
        from tui.model.loader import CorpusScan

        scan = CorpusScan(root)
        problems += scan.problems
        manifests = scan.manifests
        records = whole_corpus(scan, args.format, Options(date_style, manifests), problems)
    notes = _notes(trail, tty) if args.notes and trail is not None else None
    with _output(args.out) as out:
        writer: Writer | CmifWriter = Writer(out, args.format, notes=notes)
        if args.format == "cmif":
            writer = CmifWriter(out, manifests, url=Path(args.out).resolve().as_uri() if args.out and args.out != "-"
                                else None)
        # On a terminal, what a record holds is shown, never obeyed; files and pipes get it exactly.
        shown = (lambda text: visible(text)) if tty else (lambda text: text)
        writer.begin()
        for record_id, text in records:
            writer.write(record_id, shown(text))
        writer.end()
    for problem in sorted(problems, key=Problem.sort_key):
        print(problem, file=sys.stderr)
    if problems:
        print(f"readingroom: {len(problems)} problem{'s' * (len(problems) != 1)} in the corpus; a record that "
              "did not load is not exported (readingroom check lists them all)", file=sys.stderr)
    if args.out and args.out != "-":
        print(f"{writer.count} record{'s' * (writer.count != 1)} written to {args.out}", file=sys.stderr)
    return 0


def _trail(args: argparse.Namespace) -> Trail:
    from tui.cli.trail_common import open_trail

    return open_trail(args)[1]


def _notes(trail: Trail, tty: bool) -> NotesProvider:
    """The reader's notes on each record (made visible on a terminal, as the records are)."""
    noted = trail.notes.record_ids()
    return trail_notes(lambda record_id: trail.notes.of(record_id) if record_id in noted else [],
                       (lambda text: visible(text)) if tty else (lambda text: text))
