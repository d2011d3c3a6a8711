"""The export formats: each record rendered alone (in a worker where the corpus is large), then
framed by a writer that streams to its file (a JSON array's brackets, a CSV header, unique keys).

Rendering takes only the record and Options, so any selection of records (the whole corpus, a
query's results, a list of ids) streams through the same writers. A writer may take a `notes`
provider, a function from a record id to the reader's notes on it, and adds them where the format
has a place for them (NOTES_FIELD): under each Markdown note, CSL's `annote`, RIS `N1` lines, a
`reader_notes` column or key.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from tui.cite import Options
from tui.export import plain, record_json

if TYPE_CHECKING:
    from tui.model import FileResult, Problem, Record
    from tui.trail.notes import Note

FORMATS = ("csl-json", "biblatex", "ris", "markdown", "csv", "jsonl", "cmif")
# Where each format keeps the reader's notes; biblatex's `annotation` holds the rights already.
NOTES_FIELD = {"markdown": "under each note", "csl-json": "annote", "ris": "N1", "csv": "reader_notes",
               "jsonl": "reader_notes"}


@dataclass(frozen=True, slots=True)
class ReaderNote:
    """A reader's note on a record as an export gives it (times as ISO 8601 strings)."""

    text: str
    paragraph: int | None = None
    words: str = ""
    created: str = ""
    updated: str = ""

    def json(self) -> dict[str, Any]:
        return {"text": self.text, "paragraph": self.paragraph, "words": self.words or None,
                "created": self.created, "updated": self.updated}

    def markdown(self) -> str:
        """A block quote, led by the passage it is on: "¶ 3 (“I will keep you…”):"."""
        words = self.words.rstrip(".,;: ")
        lead = f"¶ {self.paragraph}" + (f" (“{words}…”)" if words else "") + ": " if self.paragraph else ""
        return "\n".join("> " + line if line else ">" for line in (lead + self.text).splitlines() or [""])


NotesProvider = Callable[[str], Sequence[ReaderNote]]


def trail_notes(notes_of: Callable[[str], Sequence[Note]],
                shown: Callable[[str], str] = lambda text: text) -> NotesProvider:
    """The provider for a trail's notes (`trail.notes.of`), each text passed through `shown`."""
    def provider(record_id: str) -> list[ReaderNote]:
        return [ReaderNote(shown(note.text), note.anchor.paragraph if note.anchor else None,
                           shown(note.anchor.words) if note.anchor else "",
                           f"{note.created:%Y-%m-%dT%H:%M:%SZ}", f"{note.updated:%Y-%m-%dT%H:%M:%SZ}")
                for note in notes_of(record_id)]

    return provider
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
        if notes is not None and fmt not in NOTES_FIELD:
            raise ValueError(f"{fmt} has no place for the reader's notes; one of {', '.join(NOTES_FIELD)} has")
        self.out, self.fmt, self.notes = out, fmt, notes
        self.count = 0
        self._keys: set[str] = set()

    def begin(self) -> None:
        if self.fmt == "csl-json":
            self.out.write("[")
        elif self.fmt == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS + (("reader_notes",) if self.notes else ()))
            self.out.write(buffer.getvalue())
        elif self.fmt == "biblatex":
            self.out.write("% Encoding: UTF-8\n\n")

    def write(self, record_id: str, text: str) -> None:
        if self.notes is not None:
            text = self._with_notes(text, self.notes(record_id))
        if self.fmt == "csl-json":
            self.out.write(("\n" if not self.count else ",\n") + text)
        elif self.fmt == "biblatex":
            self.out.write(self._unique_key(text) + "\n")
        elif self.fmt == "markdown":
            self.out.write(("\n" if self.count else "") + text + "\n")
        elif self.fmt == "jsonl":
            self.out.write(text + "\n")
        else:
            self.out.write(text + ("\n" if self.fmt == "ris" else ""))
        self.count += 1

    def end(self) -> None:
        if self.fmt == "csl-json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()

    def _with_notes(self, text: str, notes: Sequence[ReaderNote]) -> str:
        """The rendered record with the reader's notes where its format keeps them."""
        if self.fmt == "markdown":
            return "".join([text, *("\n\n" + note.markdown() for note in notes)])
        if self.fmt == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(["\n\n".join(note.text for note in notes)])
            return text.removesuffix("\r\n") + "," + buffer.getvalue()
        if not notes and self.fmt != "jsonl":  # a jsonl line has the key always: one shape for every line
            return text
        if self.fmt == "ris":  # one N1 per note, as Zotero reads each N1 as a note of its own
            lines = "".join(f"N1  - {' '.join(note.text.split())}\n" for note in notes)
            return text.replace("\nER  - \n", "\n" + lines + "ER  - \n", 1)
        from tui.cite.csl_json import safe_json

        data = json.loads(text)
        if self.fmt == "csl-json":
            data["annote"] = "\n\n".join(note.text for note in notes)
        else:
            data.setdefault("reader_notes", [note.json() for note in notes])
        return safe_json(data)

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
