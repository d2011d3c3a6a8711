"""How the main screen shares its width between the tree, the text and the metadata.

The text comes first: with a document open it gets its reading measure
where the screen allows, and at least `TEXT_MIN` columns from 100 up; the
tree narrows, then folds, to make room. Whatever is left beyond the measure
goes to the tree and the metadata, which hold more as the screen widens.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_MIN = 60  # the fewest columns of text a document gets at 100 columns or more
TEXT_FRAME = 5  # a margin each side of the measure, and the scrollbar
LEFT_MIN = 24  # a tree narrower than this folds away instead
LEFT_BASE = 40  # the tree's width before it shares what the text leaves over
METADATA = 36  # the metadata pane, where there is room
METADATA_NARROW = 30  # narrower than NARROW, when the reader asks for it
METADATA_MIN = 28
LEFT_SHARE = 0.6  # of the width the text does not need, the tree's part (the rest: the metadata's)


@dataclass(frozen=True, slots=True)
class Widths:
    """Columns for the tree (0: folded) and the metadata (0: hidden); the text has the rest."""

    left: int
    metadata: int

    def text(self, total: int) -> int:
        return total - self.left - self.metadata


def pane_widths(total: int, *, measure: int, metadata: bool, narrow: bool, document: bool,
                tree: bool = False) -> Widths:
    """Widths for a screen `total` columns wide; `tree` when the reader wants the tree in sight."""
    meta = (METADATA_NARROW if narrow else METADATA) if metadata else 0
    want = measure + TEXT_FRAME
    if not document:  # nothing to read yet: the tree and the metadata take what they need
        left = max(LEFT_MIN + 4, min(round((total - meta) * 0.45), total - meta - 30))
        return Widths(left, meta)
    need = min(TEXT_MIN + TEXT_FRAME, want)
    if meta and not narrow:  # the metadata gives way first, down to its least
        meta = max(METADATA_MIN, min(meta, total - need - LEFT_MIN))
    room = total - meta - need
    if room < LEFT_MIN:
        return Widths(LEFT_MIN if tree else 0, meta)  # the tree folds (shown when wanted, at its least)
    spare = total - meta - want - LEFT_BASE
    if spare <= 0:
        return Widths(max(LEFT_MIN, min(room, total - meta - want)), meta)
    return Widths(LEFT_BASE + round(spare * LEFT_SHARE) if meta else LEFT_BASE + spare,
                  meta + spare - round(spare * LEFT_SHARE) if meta else 0)
