"""The palette's export commands: the results, the tree's branch, a reading list, the open record.

Each opens the export dialog. The reader's notes come from the session's trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.session import Selection

if TYPE_CHECKING:
    from tui.screens.main_base import MainBase


def open_export(screen: MainBase, selection: Selection) -> None:
    """The export dialog for `selection` (any screen may call it)."""
    from tui.screens.export_dialog import ExportDialog  # the dialogs are loaded when first wanted

    screen.app.push_screen(ExportDialog(screen.session, selection, date_style=screen.settings.date_style))


def export_commands(screen: MainBase) -> Iterable[SystemCommand]:
    """An export command for each thing there is to export now."""
    if not screen.session.ready:
        return
    trail = screen.trail
    notes = trail.notes.of
    if screen.results is not None and screen.results.query.strip():
        selection = Selection.results(screen.results.query)
        yield SystemCommand("Export results…", "Every record the search finds: CSL-JSON, biblatex, RIS, Markdown, "
                            "CSV or JSON Lines", lambda: open_export(screen, replace(selection, notes=notes)))
    node = screen.doc_tree.cursor_node
    while node is not None and (node.data is None or node.data.group is None or node.data.kind != "group"):
        node = node.parent
    if node is not None and node.data is not None and node.data.group is not None:
        group, tree = node.data.group, screen.doc_tree
        branch = Selection.branch(tree.grouping, group.path, group.label, tree.scope)
        yield SystemCommand("Export tree branch…", f"The {group.count} records under “{group.label}”",
                            lambda: open_export(screen, replace(branch, notes=notes)))
    if screen.record is not None:
        record = Selection.record(screen.record.id, notes)
        yield SystemCommand("Export open record…", "The open record, in a format of your choice",
                            lambda: open_export(screen, record))
    for name in trail.lists.names():
        reading = trail.lists.get(name)
        if reading is not None:
            chosen = Selection.reading_list(reading.name, reading.ids, notes)
            yield SystemCommand(f"Export list “{reading.name}”…",
                                f"Its {len(reading.entries)} records in the list's order",
                                lambda chosen=chosen: open_export(screen, chosen))
            yield SystemCommand(f"Export list “{reading.name}” as its file…",
                                "The list itself (TOML): ids, when added, comments",
                                lambda name=reading.name, file=reading.file: export_trail(
                                    screen, f"the list “{name}”", lambda: trail.export_list(name),
                                    PurePosixPath(file).name, "application/toml"))
    yield SystemCommand("Export my notes…", "Every note, newest first, as one Markdown document",
                        lambda: export_trail(screen, "your notes", lambda: trail.export_notes(screen.session.cards),
                                             "notes.md", "text/markdown"))


def export_trail(screen: MainBase, what: str, make: Callable[[], str], file_name: str, mime: str) -> None:
    from tui.screens.trail_export import TrailExportDialog

    screen.app.push_screen(TrailExportDialog(what, make, file_name, mime, secure=screen.session.secure))

