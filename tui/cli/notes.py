"""`readingroom notes [QUERY]`: the reader's notes, newest first, or those a query finds."""

from __future__ import annotations

import argparse

from tui.cli.common import print_json
from tui.cli.trail_common import NOT_IN_CORPUS, library, open_trail, stamp
from tui.model.text import visible


def run(args: argparse.Namespace) -> int:
    root, trail = open_trail(args)
    hits = trail.find_notes(args.query or "")
    found = library(root, args).cards_of_ids(list({hit.note.record_id: None for hit in hits})) if hits else {}
    card = found.get
    if args.format == "json":
        print_json({"query": args.query or "", "folder": trail.where, "notes": [
            {"record": hit.note.record_id, "title": (c := card(hit.note.record_id)) and c.title,
             "in_corpus": c is not None,
             "paragraph": hit.note.anchor.paragraph if hit.note.anchor else None,
             "words": hit.note.anchor.words if hit.note.anchor else None,
             "created": stamp(hit.note.created), "updated": stamp(hit.note.updated),
             "file": trail.files.shown(hit.note.file), "text": hit.note.text, "snippet": hit.snippet}
            for hit in hits]})
        return 0
    if not hits:
        print("No notes" + (" match" if args.query else f" yet (kept in {trail.where})") + ".")
        return 0
    for hit in hits:
        c = card(hit.note.record_id)
        title = c.title if c else f"({NOT_IN_CORPUS})"
        where = f" ¶{hit.note.anchor.paragraph}" if hit.note.anchor else ""
        print(visible(f"{stamp(hit.note.updated)}  {hit.note.record_id}{where}  {title}", keep_layout=False))
        print(visible(f"    {hit.snippet}", keep_layout=False))
    return 0
