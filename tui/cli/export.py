"""`readingroom export [QUERY]`: the records a query matches (or all), streamed in a format."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tui.cite import Options, saved_date_style
from tui.cli import CliError
from tui.cli.common import corpus_folder
from tui.export.cmif import CmifWriter
from tui.export.formats import Writer
from tui.model.problems import Problem
from tui.model.text import visible


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
    problems: list[Problem] = []
    if args.query is not None and args.query.strip():
        from tui.export.select import at_places, query_places
        from tui.index.library import Library

        library = Library.open(root, index_dir=args.index)
        library.refresh(quick=True)
        try:
            places = query_places(library, args.query)
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
    with _output(args.out) as out:
        writer: Writer | CmifWriter = Writer(out, args.format)
        if args.format == "cmif":
            writer = CmifWriter(out, manifests, url=Path(args.out).resolve().as_uri() if args.out and args.out != "-"
                                else None)
        # On a terminal, what a record holds is shown, never obeyed; files and pipes get it exactly.
        shown = (lambda text: visible(text)) if out.isatty() else (lambda text: text)
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
