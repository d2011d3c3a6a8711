"""Spreadsheets saved as CSV: a header row, then one record per row.

Columns are named by record keys (`id`, `title`, `date`, `authors`, ..., and `repository`,
`reference`, `url`, `rights`, `uploaded` or `source.KEY` for the `[source]` table), or laid out as
csv2cmi's (`sender`, `senderID`, `senderPlace`, `senderPlaceID`, `senderDate`, `addressee`, ...,
`edition`, `key`, `note`). Any other column is kept as a key of its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tui.importers import dates
from tui.importers.base import Collection, SourceError, settle
from tui.importers.letters import letter_title
from tui.model.dates import DateError
from tui.model.record import NAME_KEYS

LIST_KEYS = (*NAME_KEYS, "related")
SOURCE_COLUMNS = {"repository", "reference", "url", "rights", "uploaded"}
CSV2CMI = {"sender", "addressee", "senderID", "addresseeID", "senderPlace", "addresseePlace", "senderDate",
           "addresseeDate"}
GND = re.compile(r"\d[\d-]*[\dX]")


def read_csv(path: Path, label: str, separator: str = "|",
             progress: Callable[[int, int], None] | None = None) -> Collection:
    """Every row of a CSV file with a header row, as records."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{label}: cannot be read ({error.strerror or error})") from None
    return read_text(_decode(raw, label), label, separator, progress, stem=path.stem)


def _decode(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise SourceError(f"{label}:{line}:{column}: not UTF-8 (byte 0x{raw[start]:02x}); "
                          "save the spreadsheet as CSV UTF-8") from None


def read_text(text: str, label: str, separator: str = "|", progress: Callable[[int, int], None] | None = None,
              stem: str = "row") -> Collection:
    """The records of CSV text (the whole file, decoded)."""
    collection = Collection(label, "csv", title=stem)
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    rows = _rows(reader, collection)
    header = next(rows, None)
    if header is None:
        raise SourceError(f"{label}: empty; a CSV file needs a header row naming its columns")
    _, names = header
    names = [name.strip() for name in names]
    letters = bool({"sender", "addressee"} & set(names))
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "row"
    seen: dict[str, int] = {}
    total = max(text.count("\n"), 1)
    for number, (line, cells) in enumerate(rows, 1):
        if not any(cell.strip() for cell in cells):
            continue
        row = _Row(collection, line, names, cells, separator)
        record = row.letter() if letters else row.record()
        _unique_id(record, seen, line, stem, number, collection)
        collection.records.append(record)
        if progress and number % 2000 == 0:
            progress(number, total)
    collection.description = f"{len(collection.records)} records imported from the spreadsheet {Path(label).name}."
    return collection


def _delimiter(header: str) -> str:
    """The delimiter the header row uses: comma, semicolon (as European spreadsheets save) or tab."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(reader: Any, collection: Collection) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            collection.problem(line, None, f"row not read: {error}")
            line = reader.line_num + 1
            continue
        yield line, cells
        line = reader.line_num + 1


def _unique_id(record: dict[str, Any], seen: dict[str, int], line: int, stem: str, number: int,
               collection: Collection) -> None:
    if not record.get("id"):
        rest = {k: v for k, v in record.items() if k != "id"}
        record.clear()
        record["id"] = f"{stem}-{number}"  # first, where readers look for it
        record.update(rest)
        collection.made_ids += 1
    record_id = record["id"]
    if record_id in seen:
        new_id = f"{record_id}-row{number}"
        collection.problem(line, 1, f"id {record_id!r} is also the id of the row on line {seen[record_id]}; "
                                    f"this row is imported as {new_id!r}")
        record["id"] = new_id
    seen.setdefault(record["id"], line)


class _Row:
    """One row, read cell by cell; a cell that breaks a rule is a problem and is kept as written."""

    def __init__(self, collection: Collection, line: int, names: list[str], cells: list[str], separator: str):
        self.collection, self.line, self.separator = collection, line, separator
        self.cells: dict[str, tuple[int, str]] = {}
        for column, (name, cell) in enumerate(zip(names, cells, strict=False), 1):
            name = name or f"column_{column}"
            if name in self.cells:
                name = f"{name}_{column}"  # a second column of one name is kept apart
            if name and cell.strip():
                self.cells[name] = (column, cell.strip())
        if len(cells) > len(names):
            extra = [c for c in cells[len(names):] if c.strip()]
            if extra:
                self.cells["unnamed_columns"] = (len(names) + 1, self.separator.join(extra))
                collection.problem(line, len(names) + 1, f"{len(cells)} cells, but the header names {len(names)} "
                                   "columns; the cells beyond are kept as unnamed_columns")

    def get(self, name: str) -> str:
        return self.cells.get(name, (0, ""))[1]

    def split(self, name: str) -> list[str]:
        return [part.strip() for part in self.get(name).split(self.separator) if part.strip()]

    def date(self, name: str, record: dict[str, Any], key: str) -> None:
        """A date cell into `key`, or kept as written under `KEY_as_written` with a problem."""
        text = self.get(name)
        if not text:
            return
        try:
            value = dates.edtf(text)
        except (DateError, ValueError, IndexError) as error:
            column = self.cells[name][0]
            self.collection.problem(self.line, column, f"{name} {text!r} is not a date ({error}); "
                                    f"kept as {key}_as_written")
            record[f"{key}_as_written"] = text
            return
        record[key] = value
        if dates.as_text(value) != text and not isinstance(value, dates.dt.date):
            record[f"{key}_as_written"] = text

    def record(self) -> dict[str, Any]:
        """A row whose columns are named by record keys."""
        record: dict[str, Any] = {}
        source: dict[str, Any] = {}
        for name, (_, cell) in self.cells.items():
            if name == "date":
                self.date(name, record, "date")
            elif name in LIST_KEYS:
                record[name] = self.split(name)
            elif name in SOURCE_COLUMNS or name.startswith("source."):
                source[name.removeprefix("source.")] = cell
            else:
                record[name] = cell
        self._made_title(record, record.get("authors", []), record.get("recipients", []))
        if source:
            record["source"] = source
        return settle(record, self._report)

    def _report(self, key: str, message: str) -> None:
        column = self.cells.get(key, (None, ""))[0]
        self.collection.problem(self.line, column, message)

    def letter(self) -> dict[str, Any]:
        """A row laid out as csv2cmi's."""
        record: dict[str, Any] = {}
        if self.get("id"):
            record["id"] = self.get("id")
        authors, recipients = self._people("sender"), self._people("addressee")
        record["title"] = self.get("title")
        self.date("senderDate", record, "date")
        record["type"] = self.get("type") or "Letter"
        record["authors"], record["recipients"] = authors, recipients
        places = [self._place("sender"), self._place("addressee")]
        record["places"] = list(dict.fromkeys(p for p in places if p))
        if places[0]:
            record["sent_from"] = places[0]
        if places[1]:
            record["sent_to"] = places[1]
        self.date("addresseeDate", record, "received")
        for name in ("senderDateText", "addresseeDateText"):
            if self.get(name):
                record[name] = self.get(name)
        if self.get("edition"):
            record["collections"] = self.split("edition")
        if self.get("note"):
            record["summary"] = self.get("note")
        used = CSV2CMI | {"id", "title", "type", "edition", "key", "note", "senderPlaceID", "addresseePlaceID",
                          "senderDateText", "addresseeDateText"}
        for name, (_, cell) in self.cells.items():
            if name not in used:
                record[name] = self.split(name) if name in LIST_KEYS else cell
        self._made_title(record, authors, recipients)
        key = self.get("key")
        if key:
            record["source"] = {"url": key} if key.startswith("http") else {"reference": key}
        return settle({k: v for k, v in record.items() if v not in (None, [], "")}, self._report)

    def _made_title(self, record: dict[str, Any], authors: list[str], recipients: list[str]) -> None:
        if not record.get("title"):
            record["title"] = letter_title(authors, recipients, record.get("date"), f"line {self.line}")
            self.collection.made_titles += 1

    def _people(self, role: str) -> list[str]:
        names = [name.strip("[]").strip() if name.startswith("[") and name.endswith("]") else name
                 for name in self.split(role)]
        ids = self.get(f"{role}ID").split(self.separator)
        for name, identifier in zip(names, ids, strict=False):
            self.collection.identify(name, _authority(identifier.strip()))
        return names

    def _place(self, role: str) -> str | None:
        name = self.get(f"{role}Place")
        if not name:
            return None
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1].strip()
        self.collection.identify(name, _authority(self.get(f"{role}PlaceID")))
        return name


def _authority(identifier: str) -> str | None:
    """An authority URI; a bare number is a GND number, as csv2cmi reads it."""
    if not identifier:
        return None
    if GND.fullmatch(identifier):
        return f"https://d-nb.info/gnd/{identifier}"
    return identifier
