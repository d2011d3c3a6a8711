"""Asking for a person: a line to type a name in, with the open record's people offered."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.model.text import visible


class NameScreen(ModalScreen[str | None]):
    """Enter answers with the name typed (or, with nothing typed, the one offered under the
    cursor); Down moves to the names offered; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="name.cancel"),
        Binding("down", "to_names", "Names", show=False, id="name.offered"),
    ]

    def __init__(self, prompt: str, offered: list[str]) -> None:
        super().__init__()
        self.prompt = prompt
        self.offered = list(dict.fromkeys(offered))

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Label(self.prompt, markup=False)
            field = Input(placeholder="a name, e.g. Stalin", id="name")
            field.cursor_blink = False
            yield field
            names = OptionList(*(Option(Text(visible(n, keep_layout=False))) for n in self.offered), id="offered")
            names.display = bool(self.offered)
            yield names

    def on_mount(self) -> None:
        if self.offered:
            self.query_one(OptionList).highlighted = 0  # Enter on an empty line takes it

    def action_to_names(self) -> None:
        if isinstance(self.focused, Input) and self.offered:
            self.query_one(OptionList).focus()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        names = self.query_one(OptionList)
        if not typed and self.offered and names.highlighted is not None:
            typed = self.offered[names.highlighted]
        self.dismiss(typed or None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.offered[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
