"""A record as the index holds it: searched text, dates, grouping keys, and a card to list it by."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from tui.index.pairs import PAIR_FIELDS, Pairs
from tui.index.schema import UNDATED
from tui.model import FileResult, Manifests, Problem, Record
from tui.model.record import KNOWN_KEYS, SOURCE_KEYS

_DAY_SECONDS = 1 << 17  # room for the seconds of a day below the day number


def folders_above(path: str) -> list[str]:
    """Every folder holding `path` but the root: "a", "a/b" for "a/b/c.toml"."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def sort_value(record: Record) -> int:
    """The earliest day allowed (and time of day), as one integer; undated last."""
    date = record.date
    if date is None:
        return UNDATED
    earliest = date.earliest.toordinal() if date.earliest else 0
    seconds = 0
    if date.time is not None:
        seconds = date.time.hour * 3600 + date.time.minute * 60 + date.time.second
    return earliest * _DAY_SECONDS + seconds


def _strings(value: Any) -> list[str]:
    """Every string inside a value of an unknown key, for searching."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def card(record: Record) -> dict[str, Any]:
    """What a list or tree shows of a record without opening it."""
    return {
        "id": record.id,
        "title": record.title,
        "date": record.date.display if record.date else None,
        "short": record.date.short if record.date else "Undated",
        "type": record.text("type"),
        "from": list(record.names("authors")),
        "to": list(record.names("recipients")),
        "path": record.path,
        "line": record.line,
        "position": record.position,
    }


@dataclass(slots=True)
class PreparedFile:
    """A records file made ready for the index where it was parsed: documents and ledger rows."""

    path: str
    problems: list[Problem]
    documents: list[dict[str, Any]]
    rows: list[tuple[str, int, int, bool, tuple[str, ...], str]]  # id, position, line, many, related, card


@dataclass(frozen=True, slots=True)
class Preparing:
    """What a parse worker needs to know of the index to make its documents."""

    manifests: Manifests
    pairs: Pairs


def prepare(result: FileResult, preparing: Preparing) -> PreparedFile:
    """The index documents and ledger rows of one file (runs in a parse worker)."""
    many = len(result.records) > 1 or any(r.position for r in result.records)
    return PreparedFile(
        result.path,
        result.problems,
        [fields(record, preparing.manifests, preparing.pairs) for record in result.records],
        [(r.id, r.position, r.line, many, r.related, json.dumps(card(r), ensure_ascii=False))
         for r in result.records],
    )


def fields(record: Record, manifests: Manifests, pairs: Pairs) -> dict[str, Any]:
    """The index document of one record, as field -> value(s)."""
    authors, recipients = record.names("authors"), record.names("recipients")
    parts = [m.label for m in manifests.parts(record.path)]
    collections = list(dict.fromkeys([*parts, *record.names("collections")]))
    kind = record.text("type") or ""
    repository = record.source_text("repository") or ""
    reference = record.source_text("reference") or ""
    meta = [
        *record.names("places"), *record.names("subjects"), *collections, kind, repository, reference,
        *record.names("translators"), record.id,
    ]
    for key, value in record.fields.items():
        if key not in KNOWN_KEYS:
            meta += _strings(value)
    for key, value in record.source.items():
        if key not in SOURCE_KEYS:
            meta += _strings(value)
    doc: dict[str, Any] = {
        "id": record.id,
        "id_fold": record.id,
        "path": record.path,
        "folders": folders_above(record.path),
        "title": record.title,
        "summary": record.text("summary") or "",
        "body": record.body,
        # One value: values joined are as searchable and far cheaper to index one by one.
        "meta": "\n".join(v for v in meta if v),
        "author": list(authors),
        "recipient": list(recipients),
        "person": [*authors, *recipients, *record.names("people")],
        "place": list(record.names("places")),
        "subject": list(record.names("subjects")),
        "collection": collections,
        "type": kind,
        "repository": repository,
        "ref": reference,
        "lang": [t for key in ("language", "original_language") if (t := record.text(key))],
        "type_raw": kind,
        "repository_raw": repository,
        "ref_raw": reference,
        "folder_raw": record.path.rpartition("/")[0],
        "collection_raw": collections or [""],
        "correspondent_raw": list(dict.fromkeys([*authors, *recipients])) or [""],
        "sort": sort_value(record),
    }
    for name, pair_field in PAIR_FIELDS.items():
        doc[pair_field] = pairs.terms_of(doc[name])
    date = record.date
    if date is not None:
        point = date.start or date.end
        anchor = date.anchor
        doc["date_lo"] = date.earliest.toordinal() if date.earliest else 1
        doc["date_hi"] = date.latest.toordinal() if date.latest else dt.date.max.toordinal()
        doc["decade"] = anchor.year // 10 * 10
        doc["year"] = anchor.year
        doc["month"] = anchor.month if point is not None and point.month else 0
    return {key: value for key, value in doc.items() if (value != [] and value != "")
            or key in ("type_raw", "repository_raw", "ref_raw", "folder_raw")}
