"""Citations: a record cited in the Chicago style for archival documents.

"Joseph Stalin to Kim Il Sung, letter, 8 October 1950, f. 45, op. 1,
d. 347, listy 65-67, Archive of the President, Russian Federation (APRF)."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import Record


_SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV"}


def natural_name(name: str) -> str:
    """ "Khrushchev, Nikita S." -> "Nikita S. Khrushchev"; other names stay as written."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2 and all(parts):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2] in _SUFFIXES and parts[0] and parts[1]:
        return f"{parts[1]} {parts[0]} {parts[2]}"
    return name


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """ "A", "A and B", "A, B, and C" (Chicago's serial comma)."""
    names = [natural_name(n) for n in names]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def chicago(record: Record) -> str:
    """The record cited as an archival document, in one sentence."""
    authors = record.names("authors")
    recipients = record.names("recipients")
    if authors and recipients:
        lead = f"{join_names(authors)} to {join_names(recipients)},"
    elif authors:
        lead = f"{join_names(authors)},"
    else:
        lead = f"\u201c{record.title.strip().rstrip(',')},\u201d"  # Chicago puts the comma inside
    parts = []
    kind = record.text("type")
    if kind:
        parts.append(" ".join(word if word.isupper() else word.lower() for word in kind.split()))
    parts.append(record.date.day_display if record.date else "undated")
    for key in ("reference", "repository", "url"):
        value = record.source_text(key)
        if value and value.strip():
            parts.append(value.strip())
    sentence = f"{lead} {', '.join(parts)}"
    return sentence if sentence.endswith(".") else sentence + "."
