"""`readingroom index`: build the search index ahead of time, or bring it up to date."""

from __future__ import annotations

import argparse
import sys
import time

from tui.cli import CliError
from tui.cli.common import one_corpus
from tui.index.errors import IndexRefused, IndexWriteFailed
from tui.index.library import Library, Progress


def run(args: argparse.Namespace) -> int:
    root = one_corpus(args.corpus_arg, args.corpus)
    started = time.perf_counter()
    try:
        # The index is this command's output: a folder it can't write is a failure, never an
        # index kept in memory and thrown away.
        library = Library.open(root, index_dir=args.out, rebuild=args.rebuild, in_memory=False)
    except (IndexRefused, IndexWriteFailed) as error:
        raise CliError(str(error)) from None
    interactive = sys.stderr.isatty()

    def show(progress: Progress) -> None:
        if interactive and progress.phase == "reading" and progress.total:
            sys.stderr.write(f"\rreading {progress.done}/{progress.total} files")
            sys.stderr.flush()

    try:
        if library.store is None or not library.writable:
            raise CliError(f"can't write the index at {library.location}")
        changes = library.refresh(show)
    except IndexWriteFailed as error:
        raise CliError(str(error)) from None
    finally:
        if interactive:
            sys.stderr.write("\r\x1b[K")
    files, records = library.counts()
    problems = len(library.problems())
    seconds = time.perf_counter() - started
    what = (f"read {len(changes.added)} new, {len(changes.changed)} changed and {len(changes.removed)} removed files"
            if changes.files else "nothing changed")
    print(f"{library.location}: {records} records from {files} files; {what} ({seconds:.1f} s)"
          + (f"; {problems} problems (see readingroom check)" if problems else ""))
    return 0
