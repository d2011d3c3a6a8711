"""The reading view with its find bar underneath."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from tui.widgets.reading import ReadingView


class FindBar(Input):
    """Find within the document: Enter for the next match, Escape to close (the matches stay for
    `n` and `N`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    class Closed(Message):
        """The reader closed the find bar."""


class ReadingPane(Vertical):
    """The document, and finding text within it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # tmux and most terminals send ctrl+/ as ctrl+_ (the same byte).
        Binding("f,ctrl+slash,ctrl+underscore", "find", "Find", show=False, id="reading.find",
                tooltip="Find text within this document"),
        Binding("J", "step(1)", "Next result", show=False, id="reading.next_result",
                tooltip="Open the next result (or the tree's next document) without leaving the text"),
        Binding("K", "step(-1)", "Previous result", show=False, id="reading.previous_result",
                tooltip="Open the previous result (or the tree's previous document)"),
        Binding("escape", "leave", "Back to list", show=False, id="reading.leave",
                tooltip="Back to the results (or the tree) where you were"),
    ]

    class Stepped(Message):
        """The reader asked for the next (`by` 1) or previous (-1) result from the text."""

        def __init__(self, by: int) -> None:
            super().__init__()
            self.by = by

    class Left(Message):
        """The reader left the text for the list they came from."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.last_find = ""
        self._origin: int | None = None  # the reading position when the find bar opened

    def compose(self) -> ComposeResult:
        yield ReadingView(id="reading")
        bar = FindBar(placeholder="Find: Enter next, Esc close", id="find")
        bar.cursor_blink = False
        bar.display = False
        yield bar

    @property
    def view(self) -> ReadingView:
        return self.query_one(ReadingView)

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        self._origin = self.view.top_line()
        with bar.prevent(Input.Changed):  # the last term is offered, selected, not searched again
            bar.value = self.last_find
        bar.select_on_focus = True
        bar.display = True
        self.screen.set_focus(bar)  # at once: the next keys are the text to find (or replace it)

    def action_step(self, by: int) -> None:
        self.post_message(self.Stepped(by))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.last_find = event.value
        found = self.view.find(event.value, self._origin)
        if event.value and not found:
            self.view.announce(0, 0, "find")

    @on(Input.Submitted, "#find")
    def _find_next(self, event: Input.Submitted) -> None:
        event.stop()
        document = self.view.document
        if event.value and document is not None and not document.finds:  # the last term, offered again
            self.last_find = event.value
            self.view.find(event.value, self._origin)
        else:
            self.view.action_next_mark()

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        if not self.last_find:
            self.view.find("")
        self.view.focus()
