"""The search bar: the query language, typed; results follow after a short pause."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = 'Search: words  "a phrase"  prefix*  person:Name  date:1950..1953  -word   (? for help)'


class SearchBar(Input):
    """Typing searches; Enter opens the top result; Down goes to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Results", show=False, id="search.down",
                tooltip="Move down into the results (or the tree)"),
        Binding("escape", "leave", "Leave", show=False, id="search.leave",
                tooltip="Back to the document, or to the results; the query stays"),
        Binding("ctrl+u", "clear", "Clear", show=False, id="search.clear", tooltip="Clear the whole query"),
    ]

    class MoveDown(Message):
        """The reader wants to move from the bar into the results."""

    class Left(Message):
        """The reader left the bar with Escape."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, compact=True, select_on_focus=False)
        self.cursor_blink = False

    def set_query(self, text: str) -> None:
        """Put a query in the bar on the reader's behalf: the cursor goes to its end, so that
        what the reader types or deletes next never lands inside it."""
        self.value = text
        self.cursor_position = len(text)

    def action_clear(self) -> None:
        """Clear the whole query, wherever the cursor is."""
        self.set_query("")

    def action_to_results(self) -> None:
        self.post_message(self.MoveDown())

    def action_leave(self) -> None:
        self.post_message(self.Left())
