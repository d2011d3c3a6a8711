"""A record of the corpus and the type rules of its keys.

A record keeps every key exactly as it was written (unknown keys included,
in the order written). Keys that break a rule are kept too, but listed in
`invalid`, so they are shown and never used to sort, group or filter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tui.model.dates import ArchivalDate, DateError, parse_date
from tui.model.spelling import meant
from tui.model.text import quote

NAME_KEYS = ("authors", "recipients", "people", "places", "subjects", "collections", "translators")
TEXT_KEYS = ("type", "summary", "language", "original_language", "body", "body_format")
SOURCE_TEXT_KEYS = ("repository", "reference", "url", "rights")
# Every key the format names, in the order the format's table gives them.
KNOWN_KEYS = (
    "id", "title", "date", "type", "summary", "authors", "recipients", "people", "places", "subjects",
    "collections", "language", "original_language", "translators", "related", "body", "body_format", "source",
)
SOURCE_KEYS = (*SOURCE_TEXT_KEYS, "uploaded")
BODY_FORMATS = ("text", "markdown")

# RFC 5646 language tags: language, script, region, variants, extensions, private use.
_BCP47 = re.compile(
    r"(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?)"
    r"|[Xx](?:-[A-Za-z\d]{1,8})+"
)


def kind_of(value: object) -> str:
    """What a TOML value is, in words, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time of day"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class Issue:
    """A broken rule inside one record, before it is placed in its file."""

    key: tuple[str, ...]
    message: str


@dataclass(slots=True)
class Record:
    """One document of the corpus, with every key as written."""

    id: str
    title: str
    path: str
    line: int
    position: int
    fields: dict[str, Any]
    date: ArchivalDate | None = None
    invalid: frozenset[str] = field(default_factory=frozenset)

    def names(self, key: str) -> tuple[str, ...]:
        """A list key (authors, people, ...) as a tuple; empty when absent or invalid."""
        if key in self.invalid:
            return ()
        value = self.fields.get(key)
        if isinstance(value, str):
            return (value,)
        return tuple(value) if isinstance(value, list) else ()

    def text(self, key: str) -> str | None:
        """A string key, or None when absent or invalid."""
        value = self.fields.get(key)
        return value if isinstance(value, str) and key not in self.invalid else None

    @property
    def body(self) -> str:
        return self.text("body") or ""

    @property
    def body_format(self) -> str:
        """"markdown" or "text"; an unknown format shows the body as text."""
        return "markdown" if self.text("body_format") == "markdown" else "text"

    @property
    def source(self) -> dict[str, Any]:
        """The [source] table as written; empty when absent or not a table."""
        value = self.fields.get("source")
        return value if isinstance(value, dict) else {}

    def source_text(self, key: str) -> str | None:
        """A string key of [source], or None when absent or invalid."""
        value = self.source.get(key)
        return value if isinstance(value, str) and f"source.{key}" not in self.invalid else None

    @property
    def uploaded(self) -> dt.date | None:
        value = self.source.get("uploaded")
        return value if isinstance(value, dt.date) and "source.uploaded" not in self.invalid else None

    @property
    def related(self) -> tuple[str, ...]:
        """The ids this record links to, each as a string."""
        if "related" in self.invalid:
            return ()
        value = self.fields.get("related")
        return tuple(normal_id(item) for item in value) if isinstance(value, list) else ()

    def unknown(self) -> list[tuple[str, Any]]:
        """Keys the format does not name, top level then [source], in the order written."""
        items = [(key, value) for key, value in self.fields.items() if key not in KNOWN_KEYS]
        items += [(f"source.{key}", value) for key, value in self.source.items() if key not in SOURCE_KEYS]
        return items


def normal_id(value: object) -> str:
    """An id as a string: the integer 77 and the string "77" are one id."""
    return str(value)


def read_id(value: object) -> str | None:
    """The record id, or None when `value` can't be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def build_record(data: dict[str, Any], *, path: str, line: int, position: int) -> tuple[Record | None, list[Issue]]:
    """Check one record's keys against the format; a record without id or title is None."""
    issues: list[Issue] = []
    record_id = _required_id(data, issues)
    title = _required_title(data, record_id, issues)
    invalid: set[str] = set()

    def bad(key: str, message: str) -> None:
        invalid.add(key)
        issues.append(Issue(tuple(key.split(".")), message))

    date = None
    if "date" in data:
        try:
            date = parse_date(data["date"])
        except DateError as error:
            bad("date", str(error))
    for key in NAME_KEYS:
        if key in data and (message := _names_problem(key, data[key])):
            bad(key, message)
    for key in TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            bad(key, f'{key} {quote(data[key])}: {kind_of(data[key])}, not a string; write {key} = "..."')
    for key in ("language", "original_language"):
        value = data.get(key)
        if isinstance(value, str) and not _BCP47.fullmatch(value):
            bad(key, f'{key} {quote(value)}: not a BCP 47 language tag; write a tag such as "en", "ru" or "zh-Hant"')
    body_format = data.get("body_format")
    if isinstance(body_format, str) and body_format not in BODY_FORMATS:
        bad("body_format", f'body_format {quote(body_format)}: not a known format; '
            'write "text" or "markdown" (the body is shown as text)')
    if "related" in data and (message := _related_problem(data["related"])):
        bad("related", message)
    if "source" in data:
        _check_source(data["source"], bad)
    for known, key in _near_misses(data).items():
        if known not in ("id", "title"):  # those two are named where the record is refused
            issues.append(Issue((key,), f"{key}: not a key of the format, kept as written; "
                                        f"did you mean `{known}`?"))
    if record_id is None or title is None:
        return None, issues
    record = Record(record_id, title, path, line, position, data, date, frozenset(invalid))
    return record, issues


def _near_misses(data: dict[str, Any]) -> dict[str, str]:
    """Each known key the record lacks, by the unknown key of the record that was likely meant for it."""
    unknown = [key for key in data if key not in KNOWN_KEYS]
    misses: dict[str, str] = {}
    for key in unknown:
        known = meant(key, [k for k in KNOWN_KEYS if k not in data and k not in misses])
        if known is not None:
            misses[known] = key
    return misses


def _hint(misses: dict[str, str], key: str) -> str:
    return f" (did you mean `{key}` for `{misses[key]}`?)" if key in misses else ""


def _required_id(data: dict[str, Any], issues: list[Issue]) -> str | None:
    if "id" not in data:
        issues.append(Issue((), 'record has no id, so it is not loaded; add id = "..." (a string or an integer, '
                                 f"unique in the corpus){_hint(_near_misses(data), 'id')}"))
        return None
    record_id = read_id(data["id"])
    if record_id is None:
        value = data["id"]
        what = "empty" if isinstance(value, str) else f"{kind_of(value)}, not a string or an integer"
        issues.append(Issue(("id",), f'id {quote(value)}: {what}, so the record is not loaded; write id = "..."'))
    return record_id


def _required_title(data: dict[str, Any], record_id: str | None, issues: list[Issue]) -> str | None:
    who = f"record {quote(record_id)}" if record_id else "record"
    if "title" not in data:
        issues.append(Issue((), f'{who} has no title, so it is not loaded; add title = "..."'
                                f"{_hint(_near_misses(data), 'title')}"))
        return None
    title = data["title"]
    if not isinstance(title, str):
        issues.append(Issue(("title",), f'title {quote(title)}: {kind_of(title)}, not a string, '
                                        f'so {who} is not loaded; write title = "..."'))
        return None
    if not title.strip():
        issues.append(Issue(("title",), f"title {quote(title)}: empty, so {who} is not loaded; "
                                        "write the document's title"))
        return None
    return title


def _names_problem(key: str, value: object) -> str | None:
    advice = f'write {key} = ["Name", "Other Name"] or {key} = "Name"'
    if isinstance(value, str):
        return None
    if not isinstance(value, list):
        return f"{key} {quote(value)}: {kind_of(value)}, not a list of strings; {advice}"
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            return f"{key} {quote(value)}: item {number} is {kind_of(item)}, not a string; {advice}"
    return None


def _related_problem(value: object) -> str | None:
    advice = 'write related = ["record-id", "other-id"]'
    if not isinstance(value, list):
        return f"related {quote(value)}: {kind_of(value)}, not a list of record ids; {advice}"
    for number, item in enumerate(value, 1):
        if read_id(item) is None:
            return f"related {quote(value)}: item {number} is {kind_of(item)}, not a record id; {advice}"
    return None


def _check_source(source: object, bad: Any) -> None:
    if not isinstance(source, dict):
        bad("source", f"source {quote(source)}: {kind_of(source)}, not a table; write a [source] table "
                      "with repository, reference, url, rights and uploaded")
        return
    for key in SOURCE_TEXT_KEYS:
        if key in source and not isinstance(source[key], str):
            value = source[key]
            bad(f"source.{key}", f'source.{key} {quote(value)}: {kind_of(value)}, not a string; write {key} = "..."')
    if "uploaded" in source:
        value = source["uploaded"]
        if not isinstance(value, dt.date):
            bad("source.uploaded", f"source.uploaded {quote(value)}: {kind_of(value)}, not a TOML date; "
                                   "write uploaded = 2019-01-31 (no quotes)")
