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
        Binding("down", "to_results", "To results", show=False, id="search.down"),
        Binding("escape", "leave", "Leave search", show=False, id="search.leave"),
    ]

    class MoveDown(Message):
        """The reader wants to move from the bar into the results."""

    class Left(Message):
        """The reader left the bar with Escape."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, compact=True, select_on_focus=False)
        self.cursor_blink = False

    def action_to_results(self) -> None:
        self.post_message(self.MoveDown())

    def action_leave(self) -> None:
        self.post_message(self.Left())
