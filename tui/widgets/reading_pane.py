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
    """Find within the document: Enter for the next match, Escape to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def action_close(self) -> None:
        self.value = ""
        self.display = False
        self.post_message(self.Closed())

    class Closed(Message):
        """The reader closed the find bar."""


class ReadingPane(Vertical):
    """The document, and finding text within it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f,ctrl+slash", "find", "Find", show=False, id="reading.find",
                tooltip="Find text within this document"),
    ]

    def compose(self) -> ComposeResult:
        yield ReadingView(id="reading")
        bar = FindBar(placeholder="Find in document (Enter: next, Escape: close)", id="find")
        bar.cursor_blink = False
        bar.display = False
        yield bar

    @property
    def view(self) -> ReadingView:
        return self.query_one(ReadingView)

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        bar.display = True
        self.screen.set_focus(bar)  # at once: the next keys are the text to find

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        found = self.view.find(event.value)
        if event.value and not found:
            self.view.announce(0, 0, "find")

    @on(Input.Submitted, "#find")
    def _find_next(self, event: Input.Submitted) -> None:
        event.stop()
        self.view.action_next_mark()

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.view.find("")
        self.view.focus()
