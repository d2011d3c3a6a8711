"""A note's place in a record: the paragraph's number and its first words.

When the text is corrected the note finds its paragraph again by the first
words (folded as the search folds them; the nearest to the old number where
several start alike), and by the number only where no paragraph starts so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.index.fold import fold

WORDS = 8  # first words kept: enough to tell paragraphs apart, short enough to read


@dataclass(frozen=True, slots=True)
class Anchor:
    """Paragraph `paragraph` (1 is the first) of the record's text, which began with `words`."""

    paragraph: int
    words: str


def anchor_at(paragraphs: Sequence[str], number: int) -> Anchor:
    """The anchor of paragraph `number` (from 1) of a text split into paragraphs."""
    if not 1 <= number <= len(paragraphs):
        raise IndexError(f"no paragraph {number}: the text has {len(paragraphs)}")
    return Anchor(number, " ".join(paragraphs[number - 1].split()[:WORDS]))


def place(anchor: Anchor, paragraphs: Sequence[str]) -> int | None:
    """The paragraph (from 1) the note belongs to now, or None (then it is on the whole record)."""
    wanted = fold(anchor.words)
    if wanted:
        starts = [number for number, text in enumerate(paragraphs, 1)
                  if fold(" ".join(text.split()[:WORDS + 4]))[:len(wanted)] == wanted]
        if starts:
            return min(starts, key=lambda number: abs(number - anchor.paragraph))
    return anchor.paragraph if 1 <= anchor.paragraph <= len(paragraphs) else None
