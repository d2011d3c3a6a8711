"""Where a search's words stand in a text, as offsets, and snippets around them.

Offsets, never markup: the browser and the command line style the spans
themselves. Words are matched by a regular expression over a copy of the
text in which accented Latin letters are folded to their base letter one
for one, so offsets in the copy are offsets in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from tui.index import scripts
from tui.model.text import blanked, visible

Span = tuple[int, int]
_FOLDABLE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")  # Latin letters that fold to others
_SPACE = re.compile(r"\s+")
SNIPPET_WIDTH = 200
LEAD = 60
# Letters whose base letter Unicode does not spell out as a decomposition.
_PLAIN = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t",
          "Ŧ": "T", "ƀ": "b", "ɨ": "i", "ʉ": "u"}


@functools.cache
def _fold_table() -> dict[int, str]:
    """Each Latin letter with a diacritic mapped to its one base letter (length kept)."""
    table = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = _PLAIN.get(char) or "".join(c for c in unicodedata.normalize("NFKD", char)
                                           if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base != char:
            table[code] = base
    return table


def folded(text: str) -> str:
    """`text` with accented letters folded one for one (ß, æ and the like are kept)."""
    text = text.translate(_fold_table()) if _FOLDABLE.search(text) else text
    return text.translate(scripts.fold_table()) if scripts.has_other_script(text) else text


@dataclass(frozen=True)
class Highlight:
    """The folded words (and prefixes, and phrases) a search matched on."""

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
        pattern = self._pattern
        if pattern is None:
            return []
        return [m.span() for m in pattern.finditer(folded(text), start, len(text) if end is None else end)]

    def first(self, text: str) -> int | None:
        """The offset of the first match, or None."""
        pattern = self._pattern
        match = pattern.search(folded(text)) if pattern is not None else None
        return match.start() if match else None


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
    return passage(raw, highlight, before=start > 0, after=start + len(raw) < len(chosen), width=width)


def passage(raw: str, highlight: Highlight, *, before: bool, after: bool,
            width: int = SNIPPET_WIDTH) -> tuple[str, list[Span]]:
    """`raw` as one line of at most `width` characters, controls visible, "…" where the text goes
    on, and the offsets of its matches."""
    flat = _SPACE.sub(" ", raw).strip()
    window = visible(flat, keep_layout=False)
    # Words are found in a copy where each control character's visible symbol is blanked: the
    # symbol (^G) must not join the word beside it, as the control character did not in the index.
    words = blanked(flat)
    cut = len(window) > width
    if cut:
        space = window.rfind(" ", 0, width)
        window = window[: space if space > width // 2 else width]
    lead = "…" if before else ""
    tail = "…" if cut or after else ""
    return lead + window + tail, highlight.spans(lead + words[: len(window)] + tail)
