"""The parts of an all-of query as the reader wrote them, and which of them a record may lack."""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from tui.index.query import And, DateRange, Node, Or, Phrase, Word


@dataclass(frozen=True, slots=True)
class Clause:
    """One positive part of an all-of query and how to name it to the reader."""

    query: tantivy.Query
    label: str


def label_of(node: Node) -> str:
    """How the reader wrote a part of the query: `Rhee`, `author Khrushchev`, `"modern weapons"`."""
    if isinstance(node, Word):
        text = node.text + ("*" if node.prefix else "")
        return text if node.field is None else f"{node.field} {text}"
    if isinstance(node, Phrase):
        return f'"{node.text}"' if node.field is None else f'{node.field} "{node.text}"'
    if isinstance(node, DateRange):
        low = node.start.isoformat() if node.start else ""
        high = node.end.isoformat() if node.end else ""
        return f"a date in {low}..{high}"
    return "a group of the query"


def may_lack(node: Node) -> bool:
    """True for a part of the query a record may lack among the records with some of the words: a
    plain word or a group; never a field, a phrase, a date or an exclusion."""
    return (isinstance(node, Word) and node.field is None) or isinstance(node, And | Or)
