"""`readingroom lists` and `readingroom list NAME`: the reading lists, and one list's records."""

from __future__ import annotations

import argparse

from tui.cli import CliError
from tui.cli.common import print_json
from tui.cli.trail_common import NOT_IN_CORPUS, library, open_trail, stamp
from tui.model.text import visible
from tui.trail.trail import Shown, Trail


def run(args: argparse.Namespace) -> int:
    root, trail = open_trail(args)
    if args.command == "lists":
        return show_lists(trail, args.format)
    reading = trail.lists.get(args.name)
    if reading is None:
        names = ", ".join(trail.lists.names()) or "none yet"
        raise CliError(f"no list named {visible(args.name, keep_layout=False)!r} (lists: {names})")
    shown = trail.entries(reading.name, library(root, args).cards_of_ids)
    if args.format == "json":
        print_json({"name": reading.name, "created": stamp(reading.created), "file": trail.files.shown(reading.file),
                    "entries": [entry_json(item) for item in shown]})
        return 0
    print(visible(f"{reading.name} ({len(shown)} record{'s' * (len(shown) != 1)})", keep_layout=False))
    for number, item in enumerate(shown, 1):
        title = item.card.title if item.card else f"({NOT_IN_CORPUS})"
        date = (item.card.date or "Undated") if item.card else ""
        line = f"{number:>4}. {item.entry.id}  {title}" + (f"  {date}" if date else "")
        print(visible(line, keep_layout=False))
        if item.entry.comment:
            print(visible(f"      {item.entry.comment}", keep_layout=False))
    return 0


def entry_json(item: Shown) -> dict[str, object]:
    """The documented shape of one entry of `readingroom list NAME --format json`."""
    return {"id": item.entry.id, "title": item.card.title if item.card else None,
            "date": item.card.date if item.card else None, "added": stamp(item.entry.added),
            "comment": item.entry.comment, "in_corpus": item.in_corpus}


def show_lists(trail: Trail, format: str) -> int:
    current = trail.current_list
    lists = [trail.lists.get(name) for name in trail.lists.names()]
    if format == "json":
        print_json({
            "folder": trail.where,
            "current": current if trail.lists.get(current) else None,
            "lists": [{"name": item.name, "created": stamp(item.created), "records": len(item.entries),
                       "file": trail.files.shown(item.file)} for item in lists if item],
            "searches": [{"name": s.name, "query": s.query, "created": stamp(s.created)}
                         for s in trail.searches.all()],
        })
        return 0
    if not lists and not trail.searches.all():
        print(f"No reading lists yet (kept in {trail.where}).")
        return 0
    for item in lists:
        if item:
            mark = "*" if item.name == current else " "
            count = len(item.entries)
            print(visible(f"{mark} {item.name}  ({count} record{'s' * (count != 1)}, since {stamp(item.created)[:10]})",
                          keep_layout=False))
    if trail.searches.all():
        print("Saved searches:")
        for saved in trail.searches.all():
            print(visible(f"  {saved.name}: {saved.query}", keep_layout=False))
    return 0
