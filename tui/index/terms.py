"""The positive terms of a parsed query: the words, phrases and prefixes it looks for in the text.

A concordance shows these in context; everything else in the query (fields, dates, negations)
only chooses the records. A word in a field other than the text's own is a filter, not a term.
"""

from __future__ import annotations

from tui.index.fold import fold
from tui.index.highlight import Highlight
from tui.index.query import And, DateRange, Node, Not, Or, Phrase, Word

TEXT_FIELDS = (None, "title")  # the fields whose words are looked for in a body


def positive_terms(node: Node) -> Highlight:
    """The folded words, prefixes and phrases `node` asks for outside any negation."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def visit(item: Node) -> None:
        if isinstance(item, And | Or):
            for child in item.items:
                visit(child)
        elif isinstance(item, Not | DateRange) or item.field not in TEXT_FIELDS:
            return
        elif isinstance(item, Word):
            words = fold(item.text)
            if item.prefix and len(words) == 1:
                prefixes.add(words[0])
            elif len(words) == 1:
                terms.add(words[0])
            elif words:
                phrases.add(tuple(words))  # "Kim-Il" is two words of the index, standing together
        elif isinstance(item, Phrase):
            words = fold(item.text)
            if len(words) == 1:
                terms.add(words[0])
            elif words:
                phrases.add(tuple(words))

    visit(node)
    return Highlight(frozenset(terms), tuple(sorted(prefixes)), tuple(sorted(phrases)))
