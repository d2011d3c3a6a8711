"""The mark a record on the current reading list carries, wherever it is listed or open.

One diamond before the record's title in the tree, the results, the Lists view and the
reading view's header; what changes when the reader marks is worked out here, so a pane
draws again only the lines of the records whose mark came or went.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

MARK = "◆"
MARK_STYLE = Style(bold=True)
UNMARKED = "  "  # the room a mark takes, where marked and unmarked lines should line up


def mark_text(marked: bool, style: Style | None = None) -> Text:
    """"◆ " for a marked record, "" for another."""
    if not marked:
        return Text()
    return Text(MARK + " ", style=(style or Style()) + MARK_STYLE)


def with_mark(label: Text, marked: bool, style: Style | None = None) -> Text:
    """`label` with the mark before it when `marked` (a new Text: the label is left as it is)."""
    if not marked:
        return label
    marked_label = mark_text(True, style)
    marked_label.append_text(label)
    marked_label.no_wrap, marked_label.overflow = label.no_wrap, label.overflow
    return marked_label


def changed(before: frozenset[str], after: frozenset[str]) -> frozenset[str]:
    """The records whose mark came or went."""
    return before ^ after
