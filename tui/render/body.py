"""A text body as a reader sees it: paragraphs, kept line breaks, editorial insertions.

Nothing in a body is markup. Control characters are made visible before
anything else, so every offset here refers to the text as displayed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.model.text import visible

if TYPE_CHECKING:
    from tui.model import Record

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
TAB_SIZE = 4


@dataclass(slots=True)
class Paragraph:
    """One paragraph of display text and the spans of its editorial insertions."""

    text: str
    editorial: list[tuple[int, int]] = field(default_factory=list)


def display_text(text: str) -> str:
    """Text as shown: CRLF read as a line break, tabs as spaces, controls visible."""
    text = text.replace("\r\n", "\n")
    if "\t" in text:
        text = "\n".join(line.expandtabs(TAB_SIZE) for line in text.split("\n"))
    return visible(text)


def paragraphs(body: str) -> list[Paragraph]:
    """Split a text body at blank lines; single line breaks stay inside a paragraph."""
    text = display_text(body).strip("\n")
    if not text.strip():
        return []
    return [Paragraph(part, editorial_spans(part)) for part in _BLANK_LINES.split(text)]


def editorial_spans(text: str) -> list[tuple[int, int]]:
    """The [square-bracketed] insertions of a transcriber, outermost only, brackets included.

    An opening bracket that is never closed marks nothing.
    """
    if "[" not in text:
        return []
    spans = []
    depth = 0
    start = 0
    for match in re.finditer(r"[\[\]]", text):
        if match.group() == "[":
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, match.end()))
    return spans


def without_editorial(paragraph: Paragraph) -> Paragraph:
    """The paragraph with its editorial insertions taken out (a reader may hide them)."""
    if not paragraph.editorial:
        return paragraph
    pieces = []
    last = 0
    for start, end in paragraph.editorial:
        pieces.append(paragraph.text[last:start])
        last = end
    pieces.append(paragraph.text[last:])
    text = re.sub(r"[ \t]{2,}", " ", "".join(pieces))
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    return Paragraph(text.strip(" "), [])


def facts_line(record: Record) -> str:
    """Date (with its uncertainty), from → to, and type: the line under a record's title."""
    facts = []
    if record.date is not None:
        words = record.date.qualifier_words
        facts.append(record.date.display + (f" ({words})" if words else ""))
    elif "date" in record.invalid:
        facts.append(f"date as written: {record.fields['date']}")
    else:
        facts.append("Undated")
    authors, recipients = record.names("authors"), record.names("recipients")
    if authors or recipients:
        facts.append(f"{'; '.join(authors) or '?'} → {'; '.join(recipients) or '?'}")
    if record.text("type"):
        facts.append(record.text("type") or "")
    return visible(" · ".join(facts), keep_layout=False)
