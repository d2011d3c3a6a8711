"""`readingroom show ID`: one record, as JSON or rendered for a terminal.

The index says where the record is, so one file is read; without a usable
index (or where the file changed since) the corpus's files are scanned.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.common import corpus_folder, print_json
from tui.model.lookup import find_record
from tui.model.manifest import Manifests
from tui.model.record import Record
from tui.model.text import visible


def locate(root: Path, record_id: str, index_dir: str | None) -> tuple[Record | None, Manifests]:
    """The record with `record_id` and the corpus's manifests: by the index if there is one."""
    from tui.index.library import Library

    # Opened as it is, read-only: showing a record writes nothing and waits for no one.
    library = Library.open_existing(root, index_dir=index_dir, secure=True, notify=lambda _message: None)
    if library is not None:
        try:
            record = library.record(record_id)
            manifests = library.manifests
        finally:
            library.close()
        if record is not None:
            return record, manifests
    return find_record(root, record_id)


def run(args: argparse.Namespace) -> int:
    root = corpus_folder(args.corpus)
    record, manifests = locate(root, args.id, args.index)
    if record is None:
        print(f"readingroom: no record with id {visible(args.id, keep_layout=False)!r} in {root}", file=sys.stderr)
        return 1
    if args.format == "json":
        from tui.export import record_json

        print_json(record_json(record))
        return 0
    from rich.console import Console

    from tui.render.terminal import print_record

    console = Console(highlight=False, emoji=False, markup=False)
    width = min(console.width, 100)
    print_record(console, record, rights=manifests.rights(record.path), width=width)
    return 0

