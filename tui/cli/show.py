"""`readingroom show ID`: one record, as JSON or rendered for a terminal."""

from __future__ import annotations

import argparse
import sys

from tui.cli.common import corpus_folder, print_json
from tui.model.lookup import find_record
from tui.model.text import visible


def run(args: argparse.Namespace) -> int:
    root = corpus_folder(args.corpus)
    record, manifests = find_record(root, args.id)
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

