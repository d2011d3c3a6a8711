"""Carrying the reader's own trail out: the notes as Markdown, a reading list as its TOML file.

To a file outside secure mode; to the reader's own clipboard (OSC 52, over SSH too) or, in a web
browser, as a download, always. In secure mode this is the only way a trail leaves the session:
nothing of it is written on the server.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tui.model.text import for_clipboard, visible
from tui.screens.export_dialog import CLIPBOARD_LIMIT, ConfirmScreen, osc52_size
from tui.screens.notices import shortened
from tui.widgets.answers import Answer, Requests, post_answer


class TrailText(Answer):
    """The text to carry out, made in a worker (reading every note may take a moment)."""

    kind = "trail-text"

    def __init__(self, request: int, where: str, text: str, path: Path | None) -> None:
        super().__init__(request)
        self.where, self.text, self.path = where, text, path


class TrailExportDialog(ModalScreen[None]):
    """Save, copy or download one text of the reader's trail."""

    DEFAULT_CSS = """
    TrailExportDialog { align: center middle; }
    TrailExportDialog .dialog { width: 76; max-width: 95%; height: auto; border: round $primary;
                                background: $surface; padding: 1 2; }
    TrailExportDialog Input { margin-top: 1; }
    TrailExportDialog #trail-buttons { height: auto; margin-top: 1; }
    TrailExportDialog #trail-buttons Button { margin-right: 1; }
    TrailExportDialog #trail-status { margin-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="trail-export.cancel")]

    def __init__(self, what: str, make: Callable[[], str], file_name: str, mime: str, *, secure: bool,
                 folder: Path | None = None) -> None:
        super().__init__()
        self.what, self.make, self.file_name, self.mime = what, make, file_name, mime
        self.secure = secure
        self.folder = folder or Path.cwd()
        self.requests = Requests()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(visible(f"Export {self.what}", keep_layout=False), markup=False)
            if not self.secure:
                yield Input(str(self.folder / self.file_name), id="trail-path")
            with Horizontal(id="trail-buttons"):
                if not self.secure:
                    yield Button("Save to file", id="trail-file", variant="primary")
                yield Button("Copy to clipboard", id="trail-clipboard", variant="default" if not self.secure
                             else "primary")
                if self.app.is_web:
                    yield Button("Download", id="trail-download")
            note = ("Secure mode: your trail is kept for this session only; copy or download it to keep it"
                    if self.secure else "Tab: the next part · Escape: cancel")
            yield Label(note, id="trail-status", markup=False)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "trail-file":
            self.save()
        elif event.button.id == "trail-clipboard":
            self._make(self.requests.start(TrailText.kind), "clipboard", None)
        elif event.button.id == "trail-download":
            self._make(self.requests.start(TrailText.kind), "download", None)

    @on(Input.Submitted, "#trail-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        if self.secure:
            return
        text = self.query_one("#trail-path", Input).value.strip()
        path = Path(text).expanduser() if text else None
        if path is None:
            self.say("Give the file a name")
            return
        path = path if path.is_absolute() else self.folder / path
        if path.is_dir() or not path.parent.is_dir():
            self.say(f"Cannot write {path}: name a file in a folder that is there")
        elif path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    self._make(self.requests.start(TrailText.kind), "file", path)

            self.app.push_screen(ConfirmScreen(visible(f"{path} is there already. Replace it?",
                                                       keep_layout=False)), answered)
        else:
            self._make(self.requests.start(TrailText.kind), "file", path)

    def say(self, message: str) -> None:
        self.query_one("#trail-status", Label).update(visible(message, keep_layout=False))

    @work(thread=True, exclusive=True, group="trail-export")
    def _make(self, request: int, where: str, path: Path | None) -> None:
        post_answer(self, TrailText(request, where, self.make(), path))

    @on(TrailText)
    def _made(self, answer: TrailText) -> None:
        if not self.requests.is_current(answer):
            return
        app, name = self.app, self.file_name
        if answer.where == "file" and answer.path is not None:
            try:
                write_whole(answer.path, answer.text)
            except OSError as error:
                self.say(f"Cannot write {answer.path}: {error.strerror or error}")
                return
            app.notify(shortened(str(answer.path)), title=f"Wrote {self.what}", timeout=4, markup=False)
        elif answer.where == "clipboard":
            text = for_clipboard(answer.text, keep_layout=True)
            app.copy_to_clipboard(text)
            if osc52_size(text) > CLIPBOARD_LIMIT:
                app.notify(f"{osc52_size(text) // 1000} KB: many terminals keep no more than about "
                           f"{CLIPBOARD_LIMIT // 1000} KB of a copy, so part may be lost",
                           title=f"Copied {self.what}", severity="warning", timeout=10, markup=False)
            else:
                app.notify(shortened(name), title=f"Copied {self.what}", timeout=3, markup=False)
        else:
            app.deliver_text(io.StringIO(answer.text), save_filename=name, mime_type=self.mime)
            app.notify(shortened(name), title=f"Downloading {self.what}", timeout=4, markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.requests.start(TrailText.kind)
        self.dismiss(None)


def write_whole(path: Path, text: str) -> None:
    """Write `path` through a temporary file beside it, put in place only when whole."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
