"""`readingroom cite ID...`: records cited in a style, to paste into a draft or a reference manager."""

from __future__ import annotations

import argparse
import sys

from tui.cite import STYLES, Options, saved_date_style
from tui.cli.common import corpus_folder
from tui.model.lookup import find_record
from tui.model.text import visible

DATA_STYLES = ("csl-json", "biblatex", "ris")


def run(args: argparse.Namespace) -> int:
    root = corpus_folder(args.corpus)
    date_style = args.date_style or saved_date_style()
    found, missing = [], []
    for record_id in args.ids:
        record, manifests = find_record(root, record_id)
        if record is None:
            missing.append(record_id)
        else:
            found.append((record, manifests))
    out = sys.stdout
    if args.style == "csl-json":
        from tui.cite.csl_json import item, safe_json

        items = [item(r, date_style=date_style, manifests=m) for r, m in found]
        out.write(safe_json(items, indent=2) + "\n")
    else:
        texts = [STYLES[args.style](r, Options(date_style, m)) for r, m in found]
        if args.style in DATA_STYLES:
            out.write("\n".join(text.rstrip("\n") + "\n" for text in texts))
        else:
            out.write("".join(visible(text, keep_layout=False) + "\n" for text in texts))
    for record_id in missing:
        print(f"readingroom: no record with id {visible(record_id, keep_layout=False)!r} in {root}", file=sys.stderr)
    return 1 if missing else 0
