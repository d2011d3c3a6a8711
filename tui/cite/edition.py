"""A record that is a numbered document of a published documentary edition (such as FRUS).

Such a document is cited as the edition prescribes: "..., in *Foreign Relations of the
United States, 1961–1963*, vol. V, *Soviet Union*, doc. 48." The edition is read from, in
turn: the record's own `[source]` keys `edition`, `volume` and `document`; the title of the
nearest manifest holding the record; its first collection. The document's number comes
from `[source] document`, else the end of its URL (".../d48") or of its id ("...-d48").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import Manifests, Record

# Series known by their initials in collection names, spelt out for the citation.
SERIES = {"FRUS": "Foreign Relations of the United States"}

_TITLE = re.compile(
    r"(?P<series>[^,]+?)[ ,]+(?P<years>\d{4}(?:[–-]\d{2,4})?)"
    r"(?:, (?P<before>(?:(?!Volume )[^,])+(?:, (?:(?!Volume )[^,])+)*))?"
    r", Volume (?P<volume>[IVXLCDM]+|\d+)(?:, Part (?P<part>\d+))?(?:, (?P<after>.+))?"
)
_NUMBER = re.compile(r"(?:/|-|^)d(?:oc(?:ument)?)?[-_]?(\d+)$")


@dataclass(frozen=True, slots=True)
class Edition:
    """Where a document sits in a documentary edition."""

    series: str  # "Foreign Relations of the United States, 1961–1963"
    volume: str | None
    part: str | None
    subject: str | None  # the volume's own title: "Soviet Union"
    document: str
    pages: str | None

    @property
    def initials(self) -> str:
        """The series shortened as historians write it in later notes: "FRUS, 1961–1963"."""
        name, _, years = self.series.rpartition(", ")
        if not name or not years[:1].isdigit():
            name, years = self.series, ""
        letters = "".join(word[0] for word in name.split() if word[:1].isupper())
        short = letters if len(letters) >= 2 else name
        return f"{short}, {years}" if years else short


def parse_title(text: str) -> tuple[str, str | None, str | None, str | None] | None:
    """(series with years, volume, part, volume title) from a title such as
    "Foreign Relations of the United States, 1951, Korea and China, Volume VII, Part 2"."""
    match = _TITLE.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    series = SERIES.get(match["series"].strip(), match["series"].strip())
    subject = match["after"] or match["before"]
    return f"{series}, {match['years']}", match["volume"], match["part"], subject


def document_number(record: Record) -> str | None:
    """The document's number in its edition, where one is written or can be read off its URL or id."""
    given = record.source.get("document")
    if isinstance(given, int | str) and not isinstance(given, bool) and str(given).strip():
        return str(given).strip()
    for text in (record.source_text("url") or "", record.id):
        match = _NUMBER.search(text.rstrip("/"))
        if match:
            return match[1]
    return None


def edition_of(record: Record, manifests: Manifests | None = None) -> Edition | None:
    """The edition the record is a numbered document of, or None for any other record."""
    number = document_number(record)
    if number is None:
        return None
    pages = record.source_text("pages")
    own = record.source.get("edition")
    titles: list[str] = []
    if isinstance(own, str):
        volume = record.source.get("volume")
        if isinstance(volume, str | int) and not isinstance(volume, bool):
            return Edition(own, str(volume), None, None, number, pages)
        titles.append(own)
    if manifests is not None:
        titles += [m.title for m in reversed(manifests.parts(record.path)) if m.title]
    titles += list(record.names("collections")[:1])
    for title in titles:
        parsed = parse_title(title)
        if parsed is not None:
            return Edition(*parsed, number, pages)
    return None
