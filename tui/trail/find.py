"""Searching notes, folded as the corpus search folds: words, "phrases", prefix*, OR, NOT.

`note:` at the start of a query searches notes alone (the rest of the query
is read as usual); a plain query (no field, no date) also searches notes,
and the records whose notes match are shown below those whose text does.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tui.index.fold import fold
from tui.index.highlight import Highlight, Span, snippet
from tui.index.query import And, DateRange, Node, Not, Or, Phrase, QueryError, Word, parse_query
from tui.trail.notes import Note, Notes

NOTE_FIELD = "note:"


@dataclass(frozen=True, slots=True)
class NoteHit:
    """A note that matches, with a snippet of it and the matched words' offsets."""

    note: Note
    snippet: str
    spans: tuple[Span, ...]


def notes_only(text: str) -> str | None:
    """The query for notes where `text` starts with `note:`; None for any other query."""
    stripped = text.lstrip()
    if stripped[:len(NOTE_FIELD)].casefold() != NOTE_FIELD:
        return None
    return stripped[len(NOTE_FIELD):]


class NoteIndex:
    """The folded words of every note, built again when the notes change."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self._built = -1
        self._words: dict[str, list[str]] = {}  # note file -> its folded words
        self._postings: dict[str, set[str]] = {}  # folded word -> note files
        self._vocabulary: list[str] = []  # the words, sorted: a prefix's words are a slice

    def _build(self) -> None:
        if self._built == self.notes.generation:
            return
        loaded = self.notes.loaded
        self._words = {name: fold(note.text) for name, note in loaded.items()}
        self._postings = {}
        for name, words in self._words.items():
            for word in words:
                self._postings.setdefault(word, set()).add(name)
        self._vocabulary = sorted(self._postings)
        self._built = self.notes.generation

    def search(self, text: str, *, plain_only: bool = False) -> list[NoteHit]:
        """The notes a query matches (`note:` at its start is allowed), newest first, each with
        its snippet; see `match`."""
        notes, highlight = self.match(text, plain_only=plain_only)
        return [hit(note, highlight) for note in notes]

    def match(self, text: str, *, plain_only: bool = False) -> tuple[list[Note], Highlight]:
        """The notes a query matches (`note:` at its start is allowed), newest first, and the words
        to mark in them: every note for an empty query; none for a malformed query, or (with
        `plain_only`) for one with a field or a date, which notes have not."""
        only = notes_only(text)
        text = text if only is None else only
        if not text.strip():
            return self.notes.all(), Highlight()
        try:
            node = parse_query(text)
        except QueryError:
            return [], Highlight()
        if node is None or (plain_only and not _plain(node)):
            return [], Highlight()
        self._build()
        found = self._match(node)
        if not found:
            return [], Highlight()
        loaded = self.notes.loaded
        notes = [loaded[name] for name in found if name in loaded]
        notes.sort(key=lambda note: (note.updated, note.file), reverse=True)
        return notes, _highlight(node)

    def _match(self, node: Node) -> set[str]:
        everything = set(self._words)
        if isinstance(node, Word):
            if node.field is not None:
                return set()
            words = fold(node.text)
            if not words:
                return set()
            if node.prefix:
                stem = words[-1]
                first = bisect.bisect_left(self._vocabulary, stem)
                last = bisect.bisect_left(self._vocabulary, stem + "\U0010ffff")
                return set().union(*(self._postings[word] for word in self._vocabulary[first:last]))
            return set.intersection(*(self._postings.get(word, set()) for word in words))
        if isinstance(node, Phrase):
            words = fold(node.text)
            if node.field is not None or not words:
                return set()
            candidates = set.intersection(*(self._postings.get(word, set()) for word in words))
            return {name for name in candidates if _contains(self._words[name], words)}
        if isinstance(node, And):
            result = everything
            for item in node.items:
                result = result - self._match(item.item) if isinstance(item, Not) else result & self._match(item)
            return result
        if isinstance(node, Or):
            return set().union(*(self._match(item) for item in node.items))
        if isinstance(node, Not):
            return everything - self._match(node.item)
        return set()  # a date: notes have none


def _plain(node: Node) -> bool:
    """True for a query of words and phrases only (no field, no date)."""
    if isinstance(node, Word | Phrase):
        return node.field is None
    if isinstance(node, DateRange):
        return False
    if isinstance(node, Not):
        return _plain(node.item)
    return all(_plain(item) for item in node.items)


def _contains(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def _highlight(node: Node) -> Highlight:
    terms: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []

    def walk(item: Node) -> None:
        if isinstance(item, Word):
            words = fold(item.text)
            if item.prefix and words:
                prefixes.append(words[-1])
                words = words[:-1]
            terms.update(words)
        elif isinstance(item, Phrase):
            phrases.append(tuple(fold(item.text)))
        elif isinstance(item, And | Or):
            for part in item.items:
                walk(part)

    walk(node)
    return Highlight(frozenset(terms), tuple(prefixes), tuple(phrases))


def hit(note: Note, highlight: Highlight) -> NoteHit:
    """A note with a snippet of it (on one line) and the words of the search marked."""
    shown, spans = snippet([" ".join(note.text.split())], highlight)
    return NoteHit(note, shown, tuple(spans))
