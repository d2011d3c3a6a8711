"""Small dialogs: jump to a record by id; open another corpus."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AskScreen(ModalScreen[str | None]):
    """One line of input; Enter answers, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, prompt: str, placeholder: str = "", *, value: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.placeholder = placeholder
        self.value = value  # offered, to be edited (Enter keeps it)

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Label(self.prompt, markup=False)
            field = Input(self.value, placeholder=self.placeholder, id="answer")
            field.cursor_blink = False
            yield field

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.answer_of(event.value))

    def answer_of(self, typed: str) -> str | None:
        """What the line typed answers: None (nothing) where it is empty."""
        return typed.strip() or None

    def action_cancel(self) -> None:
        self.dismiss(None)
