"""The export formats: each record rendered alone (in a worker where the corpus is large), then
framed by a writer that streams to its file (a JSON array's brackets, a CSV header, unique keys).

Rendering takes only the record and Options, so any selection of records (the whole corpus, a
query's results, a list of ids) streams through the same writers. The Markdown writer takes a
`notes` provider, a function from a record id to the reader's notes on it, to print under each.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from tui.cite import Options
from tui.export import plain, record_json

if TYPE_CHECKING:
    from tui.model import FileResult, Problem, Record

FORMATS = ("csl-json", "biblatex", "ris", "markdown", "csv", "jsonl", "cmif")
NotesProvider = Callable[[str], Iterable[str]]
CSV_COLUMNS = (
    "id", "title", "date", "type", "summary", "authors", "recipients", "people", "places", "subjects",
    "collections", "language", "original_language", "translators", "related", "repository", "reference", "url",
    "rights", "uploaded", "other", "body", "path", "line",
)
_BIB_KEY = re.compile(r"@(\w+)\{([^,]*),")


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_csv_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(plain(value), ensure_ascii=False)
    return str(plain(value))


def csv_row(record: Record) -> list[str]:
    """One row: a column per field of the format, lists joined with "; ", unknown keys as JSON in `other`."""
    fields, source = record.fields, record.source
    values: dict[str, object] = {key: fields.get(key) for key in CSV_COLUMNS}
    values.update({key: source.get(key) for key in ("repository", "reference", "url", "rights", "uploaded")})
    values["id"] = record.id
    unknown = dict(record.unknown())
    values["other"] = unknown or None
    values["path"], values["line"] = record.path, record.line
    return [_csv_value(values[key]) for key in CSV_COLUMNS]


def render(record: Record, fmt: str, options: Options) -> str:
    """The record's text in `fmt`, without the framing its writer adds."""
    if fmt == "csl-json":
        from tui.cite.csl_json import item, safe_json

        return safe_json(item(record, date_style=options.date_style, manifests=options.manifests))
    if fmt == "biblatex":
        from tui.cite.biblatex import entry

        return entry(record, options)
    if fmt == "ris":
        from tui.cite.ris import entry as ris_entry

        return ris_entry(record, options)
    if fmt == "markdown":
        from tui.cite.notes import markdown, note_parts

        return markdown(note_parts(record, date_style=options.date_style, manifests=options.manifests))
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(csv_row(record))
        return buffer.getvalue()
    if fmt == "jsonl":
        from tui.cite.csl_json import safe_json

        return safe_json(record_json(record))
    if fmt == "cmif":
        from tui.export.cmif import render as cmif_letter

        return cmif_letter(record, options)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def render_file(result: FileResult, context: tuple[str, Options]) -> tuple[list[tuple[str, str]], list[Problem]]:
    """A parse worker's transform: every record of one file rendered, as (id, text) pairs, and the
    file's problems (a record that did not load is not exported, and the reader is told)."""
    fmt, options = context
    return [(record.id, render(record, fmt, options)) for record in result.records], result.problems


class Writer:
    """Frames rendered records as one document of a format, written as they come."""

    def __init__(self, out: TextIO, fmt: str, *, notes: NotesProvider | None = None) -> None:
        self.out, self.fmt, self.notes = out, fmt, notes
        self.count = 0
        self._keys: set[str] = set()

    def begin(self) -> None:
        if self.fmt == "csl-json":
            self.out.write("[")
        elif self.fmt == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS)
            self.out.write(buffer.getvalue())
        elif self.fmt == "biblatex":
            self.out.write("% Encoding: UTF-8\n\n")

    def write(self, record_id: str, text: str) -> None:
        if self.fmt == "csl-json":
            self.out.write(("\n" if not self.count else ",\n") + text)
        elif self.fmt == "biblatex":
            self.out.write(self._unique_key(text) + "\n")
        elif self.fmt == "markdown":
            self.out.write(("\n" if self.count else "") + text + "\n")
            for note in self.notes(record_id) if self.notes else ():
                self.out.write("\n" + "\n".join("> " + line for line in note.splitlines()) + "\n")
        elif self.fmt == "jsonl":
            self.out.write(text + "\n")
        else:
            self.out.write(text + ("\n" if self.fmt == "ris" else ""))
        self.count += 1

    def end(self) -> None:
        if self.fmt == "csl-json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()

    def _unique_key(self, text: str) -> str:
        """The entry with a key no earlier entry has (ids repeat only in a corpus with problems)."""
        match = _BIB_KEY.match(text)
        if match is None:
            return text
        key, number = match[2], 2
        while key in self._keys:
            key, number = f"{match[2]}-{number}", number + 1
        self._keys.add(key)
        return text if key == match[2] else f"@{match[1]}{{{key}," + text[match.end():]
