"""Where a search's words stand in a text, as offsets, and snippets around them.

Offsets, never markup: the browser and the command line style the spans
themselves. Latin text without diacritics takes a regular-expression fast
path; text with them is walked word by word and folded like the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from tui.index.fold import fold_word
from tui.model.text import visible

Span = tuple[int, int]
_WORD = re.compile(r"[^\W_]+")
_FOLDABLE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")  # Latin letters that fold to others
_SPACE = re.compile(r"\s+")
SNIPPET_WIDTH = 200
LEAD = 60


@dataclass(frozen=True)
class Highlight:
    """The folded words (and prefixes) a search matched on."""

    terms: frozenset[str] = field(default_factory=frozenset)
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        alternatives = [r"[\W_]+".join(map(re.escape, p)) for p in sorted(self.phrases, key=len, reverse=True)]
        alternatives += [re.escape(t) for t in sorted(self.terms, key=len, reverse=True)]
        alternatives += [re.escape(p) + r"[^\W_]*" for p in self.prefixes]
        if not alternatives:
            return None
        return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[Span]:
        """The (start, end) offsets of every match (a word, or a whole phrase) in text[start:end]."""
        end = len(text) if end is None else end
        pattern = self._pattern
        if pattern is None:
            return []
        if not _FOLDABLE.search(text, start, end):
            return [m.span() for m in pattern.finditer(text, start, end)]
        return self._folded_spans(text, start, end)

    def _folded_spans(self, text: str, start: int, end: int) -> list[Span]:
        words = [(m.start(), m.end(), fold_word(m.group())) for m in _WORD.finditer(text, start, end)]
        longest = max((len(p) for p in self.phrases), default=0)
        spans: list[Span] = []
        index = 0
        while index < len(words):
            begin, finish, folded = words[index]
            size = next((n for n in range(min(longest, len(words) - index), 1, -1)
                         if tuple(w[2] for w in words[index:index + n]) in self.phrases), 0)
            if size:
                spans.append((begin, words[index + size - 1][1]))
                index += size
                continue
            if folded in self.terms or folded.startswith(self.prefixes):
                spans.append((begin, finish))
            index += 1
        return spans

    def first(self, text: str) -> int | None:
        """The offset of the first match, or None."""
        pattern = self._pattern
        if pattern is None:
            return None
        if not _FOLDABLE.search(text):
            match = pattern.search(text)
            return match.start() if match else None
        spans = self._folded_spans(text, 0, len(text))
        return spans[0][0] if spans else None


def snippet(texts: list[str], highlight: Highlight, width: int = SNIPPET_WIDTH) -> tuple[str, list[Span]]:
    """A short one-line passage around the first match in the first text that has one.

    With no match anywhere, the start of the first non-empty text.
    """
    chosen, first = next(((t, f) for t in texts if t and (f := highlight.first(t)) is not None), (None, None))
    if chosen is None:
        chosen = next((t for t in texts if t and t.strip()), "")
        first = 0
    assert first is not None
    start = 0
    if first > LEAD:
        start = chosen.find(" ", first - LEAD, first)
        start = first if start < 0 else start + 1
    raw = chosen[start : start + width * 2]
    flat = _SPACE.sub(" ", raw).strip()
    window = visible(flat, keep_layout=False)
    # Words are found in a copy where each control character's visible symbol is blanked: the
    # symbol (^G) must not join the word beside it, as the control character did not in the index.
    words = window if window == flat else "".join(c if (v := visible(c, keep_layout=False)) == c else " " * len(v)
                                                 for c in flat)
    cut = len(window) > width
    if cut:
        space = window.rfind(" ", 0, width)
        window = window[: space if space > width // 2 else width]
    lead = "…" if start > 0 else ""
    tail = "…" if cut or start + len(raw) < len(chosen) else ""
    return lead + window + tail, highlight.spans(lead + words[: len(window)] + tail)
