"""The Reading Room app (skeleton: replaced by the full browser)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Static


class ReadingRoom(App[None]):
    """A reading room for one corpus."""

    TITLE = "Reading Room"
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(self, corpus: Path, *, secure: bool = False, index_dir: str | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.secure = secure
        self.index_dir = index_dir

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search")
        yield Static(f"Corpus: {self.corpus}", markup=False, id="body")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#body", Static).update(f"You typed: {event.value}")
