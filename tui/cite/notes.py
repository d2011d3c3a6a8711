"""The Chicago Manual of Style's note, shortened note and bibliography entry for archival documents.

The pattern is the manual's for letters and documents in archives: sender to recipient,
the kind of document, date, the archive's reference, collection, repository, place. A
numbered document of a documentary edition is cited in the edition instead (see edition.py).
A citation is built as parts, some in italics, and rendered as plain text or Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.cite.dates import MONTH_FIRST, date_words
from tui.cite.edition import Edition, edition_of
from tui.cite.names import join_names, parse_name
from tui.model.text import visible

if TYPE_CHECKING:
    from tui.model import Manifests, Record

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
SHORT_TITLE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Part:
    """A run of a citation's text, in italics or not."""

    text: str
    italic: bool = False


Citation = list[Part]


def one_line(text: str) -> str:
    """Corpus text fit for a citation: one line, single spaces, control characters made visible."""
    return visible(" ".join(text.split()), keep_layout=False)


def plain(parts: Iterable[Part]) -> str:
    return "".join(part.text for part in parts)


def markdown(parts: Iterable[Part]) -> str:
    """The citation in Markdown: corpus text escaped, italics as *...*."""
    out = []
    for part in parts:
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", part.text)
        out.append(f"*{text}*" if part.italic and text.strip() else text)
    return "".join(out)


def kind_words(kind: str) -> str:
    """A record's type inside a sentence: "telegram", "memorandum of conversation", "NIE"."""
    return " ".join(word if word.isupper() else word.lower() for word in one_line(kind).split())


def _finish(parts: Citation) -> Citation:
    """End the citation with one period (not two after "Jr." or a URL's own period)."""
    while parts and not parts[-1].text.strip():
        parts.pop()
    if parts and (parts[-1].italic or not parts[-1].text.rstrip().endswith((".", "?", "!"))):
        parts.append(Part("."))
    return parts


def _join(items: list[Citation], separator: str) -> Citation:
    out: Citation = []
    for item in items:
        if not item:
            continue
        if out:
            ends = out[-1].text.rstrip().endswith(".") and separator.startswith(".")
            out.append(Part(separator[1:] if ends else separator))
        out += item
    return out


def _edition_parts(edition: Edition) -> Citation:
    """*Foreign Relations of the United States, 1961–1963*, vol. V, pt. 2, *Soviet Union*, doc. 48, pp. 106–108"""
    parts: Citation = [Part(one_line(edition.series), italic=True)]
    if edition.volume:
        parts.append(Part(f", vol. {one_line(edition.volume)}"))
    if edition.part:
        parts.append(Part(f", pt. {one_line(edition.part)}"))
    if edition.subject:
        parts += [Part(", "), Part(one_line(edition.subject), italic=True)]
    parts.append(Part(f", doc. {one_line(edition.document)}"))
    if edition.pages:
        parts.append(Part(f", {'pp' if re.search(r'[–-]', edition.pages) else 'p'}. {one_line(edition.pages)}"))
    return parts


def _quoted_title(record: Record, *, short: bool = False, stop: str = ",") -> str:
    """The title in quotes, with the punctuation that follows inside them, as Chicago wants."""
    title = one_line(record.title).rstrip(",.")
    if short:
        words = title.split()
        if len(words) > SHORT_TITLE_WORDS:
            title = " ".join(words[:SHORT_TITLE_WORDS]).rstrip(",;:") + "…"
    return f"\u201c{title}{stop}\u201d"


def _archive(record: Record) -> list[str]:
    """Reference, collection, repository, place: what says where the original is kept."""
    values = [record.source_text("reference")]
    collections = [one_line(c) for c in record.names("collections") if c.strip()]
    values.append("; ".join(collections) or None)
    values += [record.source_text("repository"), _text(record.source.get("place")), record.source_text("url")]
    return [one_line(v) for v in values if v and v.strip()]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def note_parts(record: Record, *, date_style: str = MONTH_FIRST, manifests: Manifests | None = None) -> Citation:
    """The full note."""
    date = date_words(record.date, date_style)
    edition = edition_of(record, manifests)
    if edition is not None:
        title = one_line(record.title).rstrip(",.")
        if title.endswith(date):  # FRUS titles may end with the place and date: not said twice
            title = title[: -len(date)].rstrip(", ")
        parts = [Part(f"{title}, {date}, in "), *_edition_parts(edition)]
        url = record.source_text("url")
        if url and url.strip():
            parts.append(Part(f", {one_line(url)}"))
        return _finish(parts)
    authors, recipients = record.names("authors"), record.names("recipients")
    kind = record.text("type")
    words: list[str] = []
    if authors:
        lead = f"{one_line(join_names(authors))} to {one_line(join_names(recipients))}" if recipients \
            else one_line(join_names(authors))
        if kind and not (recipients and kind.strip().lower() == "letter"):  # "A to B" says letter already
            words.append(kind_words(kind))
        head = lead + ", "
    else:
        if kind:
            words.append(kind_words(kind))
        head = _quoted_title(record) + " "
    words.append(date)
    words += _archive(record)
    return _finish([Part(head + ", ".join(words))])


def short_parts(record: Record, *, date_style: str = MONTH_FIRST, manifests: Manifests | None = None) -> Citation:
    """The shortened note for later references: "Stalin to Kim, October 8, 1950."."""
    authors, recipients = record.names("authors"), record.names("recipients")
    date = date_words(record.date, date_style)
    edition = edition_of(record, manifests)
    if authors:
        lead = one_line(join_names(authors, short=True))
        if recipients:
            lead += " to " + one_line(join_names(recipients, short=True))
        parts = [Part(f"{lead}, {date}")]
    elif edition is not None:  # an edition's titles describe the document: not quoted
        parts = [Part(f"{_quoted_title(record, short=True, stop='')[1:-1]}, {date}")]
    else:
        parts = [Part(f"{_quoted_title(record, short=True)} {date}")]
    if edition is not None:
        parts += [Part(", "), Part(one_line(edition.initials), italic=True)]
        if edition.volume:
            parts.append(Part(f", vol. {one_line(edition.volume)}"))
        if edition.part:
            parts.append(Part(f", pt. {one_line(edition.part)}"))
        parts.append(Part(f", doc. {one_line(edition.document)}"))
    return _finish(parts)


def bibliography_parts(record: Record, *, date_style: str = MONTH_FIRST,
                       manifests: Manifests | None = None) -> Citation:
    """The bibliography entry: "Stalin, Joseph. Letter to Kim Il Sung, October 8, 1950. f. 45, .... APRF."."""
    authors, recipients = record.names("authors"), record.names("recipients")
    date = date_words(record.date, date_style)
    kind = record.text("type")
    edition = edition_of(record, manifests)
    sections: list[Citation] = []
    if authors:
        names = [parse_name(n) for n in authors]
        first = names[0].inverted
        rest = [n.natural for n in names[1:]]
        sections.append([Part(one_line(", ".join([first, *rest[:-1]]) + (f", and {rest[-1]}" if rest else "")))])
    if edition is not None:
        sections.append([Part(f"{one_line(record.title).rstrip(',.')}, {date}")])
        sections.append([Part("In "), *_edition_parts(edition)])
        url = record.source_text("url")
        if url and url.strip():
            sections.append([Part(one_line(url))])
        return _finish(_join(sections, ". "))
    if authors and recipients:
        what = one_line(kind).strip() if kind and kind.strip() else "Letter"
        what = what[:1].upper() + what[1:]
        sections.append([Part(f"{what} to {one_line(join_names(recipients))}, {date}")])
    else:
        described = f" {kind_words(kind)}," if kind else ""
        sections.append([Part(f"{_quoted_title(record)}{described} {date}")])
    sections += [[Part(value)] for value in _archive(record)]
    return _finish(_join(sections, ". "))
