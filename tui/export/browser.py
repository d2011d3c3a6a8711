"""Exports as the browser asks for them: a selection (a search's results, a branch of the tree, a
reading list, one record) written in a format, with the reader's notes where wanted.

No Textual here: the session calls `write` from a worker thread, and the browser knows the
types below through `tui.session`.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tui.index.browse import Key
    from tui.index.library import Library
    from tui.trail.notes import Note


@dataclass(frozen=True)
class Format:
    label: str  # what reads it
    suffix: str  # its files'
    mime: str
    notes: bool  # it has a place for the reader's notes


EXPORT_FORMATS = {  # CMIF, for a whole corpus's letters, is the command line's
    "csl-json": Format("CSL-JSON (Zotero, Pandoc)", ".json", "application/json", True),
    "biblatex": Format("biblatex (biber, biblatex-chicago)", ".bib", "text/x-bibtex", False),
    "ris": Format("RIS (EndNote, Zotero, Mendeley)", ".ris", "application/x-research-info-systems", True),
    "markdown": Format("Markdown: a Chicago note each", ".md", "text/markdown", True),
    "csv": Format("CSV (spreadsheets)", ".csv", "text/csv", True),
    "jsonl": Format("JSON Lines: every field", ".jsonl", "application/jsonl", True),
}
NotesOf = Callable[[str], Sequence["Note"]]  # a record id -> the reader's notes on it (`trail.notes.of`)


@dataclass(frozen=True)
class Selection:
    """Records to export, and how to speak of them ("the results for “stalin”") and name a file."""

    what: str
    name: str
    query: str | None = None  # a search's results, in corpus order
    grouping: str | None = None  # a branch of the tree, in corpus order: the grouping, path and scope
    path: Key = ()
    scope: object = None
    ids: tuple[str, ...] = ()  # given records (a list's, the open one), in the order given
    notes: NotesOf | None = None

    @classmethod
    def results(cls, query: str) -> Selection:
        return cls(f"the results for “{query}”", query, query=query)

    @classmethod
    def branch(cls, grouping: str, path: Key, label: str, scope: object = None) -> Selection:
        return cls(f"the branch “{label}”", label, grouping=grouping, path=path, scope=scope)

    @classmethod
    def reading_list(cls, name: str, ids: Sequence[str], notes: NotesOf | None = None) -> Selection:
        return cls(f"the list “{name}”", name, ids=tuple(ids), notes=notes)

    @classmethod
    def record(cls, record_id: str, notes: NotesOf | None = None) -> Selection:
        return cls("the open record", record_id, ids=(record_id,), notes=notes)

    def file_name(self, fmt: str) -> str:
        """A file name for it: its name's words joined by "-", and the format's suffix."""
        stem = "-".join(re.findall(r"\w+", self.name.casefold()))[:60] or "export"
        return stem + EXPORT_FORMATS[fmt].suffix


@dataclass(frozen=True)
class Exported:
    """What an export wrote: how many records, the ids not in the corpus now, and whether it stopped."""

    count: int
    missing: tuple[str, ...] = ()
    stopped: bool = False


def write(library: Library, places: list[tuple[str, int]], selection: Selection, fmt: str, out: TextIO, *,
          date_style: str | None = None, stop: Callable[[], bool] = lambda: False) -> Exported:
    """The selection's records (at `places`, or by its ids) written to `out` as they are read."""
    # Read here, not at the top: the browser's first screen does without the writers.
    from tui.cite import Options, saved_date_style
    from tui.export.formats import NOTES_FIELD, Writer, trail_notes
    from tui.export.select import at_places, id_places, in_given_order

    missing: list[str] = []
    options = Options(date_style or saved_date_style(), library.manifests)
    if selection.ids:
        places, missing = id_places(library, selection.ids)
        records: Iterator[tuple[str, str]] = in_given_order(library.root, places, fmt, options)
    else:
        records = at_places(library.root, places, fmt, options)
    notes = trail_notes(selection.notes) if selection.notes is not None and fmt in NOTES_FIELD else None
    writer = Writer(out, fmt, notes=notes)
    writer.begin()
    for record_id, text in records:
        if stop():
            return Exported(writer.count, tuple(missing), stopped=True)
        writer.write(record_id, text)
    writer.end()
    return Exported(writer.count, tuple(missing))


@contextlib.contextmanager
def new_file(path: Path, keep: Callable[[], bool] = lambda: True) -> Iterator[TextIO]:
    """A file written beside its final name and put in place only when written whole and `keep()`
    says so afterwards (raises OSError)."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        if keep():
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
