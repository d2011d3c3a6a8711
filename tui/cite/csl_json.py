"""CSL-JSON, the data Zotero, Pandoc's citeproc and most reference managers read.

Letters, telegrams and memoranda are `personal_communication` with the record's type as
`genre`; other types go to the nearest CSL type. The archive keeps its own variables:
`archive` (repository), `archive_location` (reference), `archive_collection`, `archive-place`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.cite.dates import MONTH_FIRST, csl_date
from tui.cite.edition import edition_of
from tui.cite.names import parse_name
from tui.cite.notes import one_line

if TYPE_CHECKING:
    from tui.cite import Options
    from tui.model import Manifests, Record

COMMUNICATIONS = ("letter", "telegram", "cable", "airgram", "memorandum", "memo", "despatch", "dispatch", "note",
                  "message", "circular", "instruction", "aide-mémoire", "aide-memoire", "telephone")
NEAREST = {  # the first word of a record's type, lower-cased, to CSL's type
    "report": "report", "estimate": "report", "intelligence": "report", "study": "report", "paper": "report",
    "analysis": "report", "assessment": "report", "survey": "report", "minutes": "document",
    "transcript": "document", "record": "document", "editorial": "document", "resolution": "document",
    "directive": "document", "order": "document", "decree": "legislation", "law": "legislation",
    "treaty": "treaty", "agreement": "treaty", "speech": "speech", "statement": "speech", "address": "speech",
    "interview": "interview", "diary": "manuscript", "notes": "manuscript", "map": "map",
    "photograph": "graphic", "article": "article-newspaper", "bulletin": "report", "broadcast": "broadcast",
}
DEFAULT_TYPE = "manuscript"  # an unpublished document kept in an archive
# C1 controls, DEL and bidi controls: JSON leaves them raw; escaped, the data reads back the same
# and no terminal acts on them.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def csl_type(kind: str | None) -> str:
    """CSL's type for a record's type: "Telegram" -> personal_communication, "Minutes" -> document."""
    words = (kind or "").lower().replace("-", " ").split()
    if not words:
        return DEFAULT_TYPE
    if words[0] in COMMUNICATIONS or (words[0] == "memorandum"):
        return "personal_communication"
    return NEAREST.get(words[0], DEFAULT_TYPE)


def csl_name(text: str) -> dict[str, Any]:
    """A person as family and given names where safely split; an organisation or any other name as `literal`."""
    name = parse_name(text)
    # Family-first names (Kim Il Sung) too: CSL processors would print them given name first.
    if not name.split or name.organisation or name.text.startswith(f"{name.family} "):
        return {"literal": one_line(name.text)}
    assert name.family is not None and name.given is not None
    value: dict[str, Any] = {"family": one_line(name.family), "given": one_line(name.given)}
    if name.suffix:
        value["suffix"] = name.suffix
    return value


def item(record: Record, *, date_style: str = MONTH_FIRST, manifests: Manifests | None = None) -> dict[str, Any]:
    """The record as one CSL-JSON item."""
    edition = edition_of(record, manifests)
    # A numbered document of a published edition is a `document` in its container (the volume):
    # Chicago styles then print "in Series, doc. 48, V, Volume title" and the full date.
    data: dict[str, Any] = {"id": record.id, "type": "document" if edition else csl_type(record.text("type"))}
    data["title"] = one_line(record.title)
    kind = record.text("type")
    if kind and kind.strip() and edition is None:  # styles print genre before number: "Telegram doc. 48"
        data["genre"] = one_line(kind)
    for key, variable in (("authors", "author"), ("recipients", "recipient"), ("translators", "translator")):
        names = [csl_name(n) for n in record.names(key) if n.strip()]
        if names:
            data[variable] = names
    issued = csl_date(record.date, date_style)
    if issued is not None:
        data["issued"] = issued
    source = {
        "archive": record.source_text("repository"),
        "archive_location": record.source_text("reference"),
        "archive_collection": "; ".join(c for c in record.names("collections") if c.strip()) or None,
        "archive-place": record.source.get("place") if isinstance(record.source.get("place"), str) else None,
        "URL": record.source_text("url"),
        "language": record.text("language"),
        "abstract": record.text("summary"),
    }
    rights = record.source_text("rights") or (manifests.rights(record.path) if manifests else None)
    source["note"] = rights
    data.update({key: one_line(value) for key, value in source.items() if value and value.strip()})
    if edition is not None:
        data["container-title"] = one_line(edition.series)
        for key, value in (("volume", edition.volume), ("part", edition.part), ("volume-title", edition.subject),
                           ("number", f"doc. {edition.document}"), ("page", edition.pages)):
            if value:
                data[key] = one_line(value)
    return data


def safe_json(value: Any, *, indent: int | None = None) -> str:
    """JSON with non-ASCII kept, and the characters a terminal would act on escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if _UNSAFE.search(text) is None:  # the usual case, and a scan is cheaper than a rewrite
        return text
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def dumps(records: Iterable[Record], options: Options, *, indent: int | None = 2) -> str:
    """A CSL-JSON array of the records."""
    items = [item(r, date_style=options.date_style, manifests=options.manifests) for r in records]
    return safe_json(items, indent=indent)
