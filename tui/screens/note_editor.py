"""Writing a note: the note's text in an editor over the reading room.

ctrl+s keeps it, Escape leaves it (asking first when it was changed); outside
secure mode ctrl+e hands the text to $VISUAL or $EDITOR in a temporary file and
brings it back. A note saved empty is deleted, once the reader says so.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.screens.export_dialog import ConfirmScreen
from tui.screens.note_keys import NOTE_EDITOR_BINDINGS


def markdown_language() -> str | None:
    """ "markdown" where the editor can colour it (tree-sitter installed), else plain text."""
    from importlib.util import find_spec

    return "markdown" if find_spec("tree_sitter") and find_spec("tree_sitter_markdown") else None


class NoteEditor(ModalScreen[str | None]):
    """A note's text: answers the text to keep ("" to delete the note), or None to leave it as it was."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor #note-editor { width: 84; max-width: 96%; height: 80%; min-height: 10; border: round $primary;
                              background: $surface; padding: 0 1; }
    NoteEditor #note-editor > Label { width: 100%; }
    NoteEditor #note-where { text-style: bold; }
    NoteEditor #note-keys { color: $text-muted; }
    NoteEditor TextArea { height: 1fr; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = NOTE_EDITOR_BINDINGS

    def __init__(self, where: str, text: str = "", *, existing: bool = False, secure: bool = False) -> None:
        super().__init__()
        self.where = where
        self.original = text
        self.existing = existing
        self.secure = secure

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Label(self.where, id="note-where", markup=False)
            area = TextArea(self.original, language=markdown_language(), soft_wrap=True, id="note-text")
            area.cursor_blink = False
            yield area
            keys = "ctrl+s save · Esc cancel" + ("" if self.secure else " · ctrl+e your $EDITOR")
            yield Label(keys + (" · save it empty to delete it" if self.existing else ""), id="note-keys",
                        markup=False)

    def on_mount(self) -> None:
        area = self.text_area
        area.move_cursor(area.document.end)
        area.focus()

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    @property
    def text(self) -> str:
        return self.text_area.text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "external":
            return not self.secure
        return True

    def action_save(self) -> None:
        text = self.text
        if text.strip():
            self.dismiss(text)
        elif not self.existing:
            self.dismiss(None)  # an empty new note: nothing to keep
        else:
            self.app.push_screen(ConfirmScreen("Delete this note? (it was saved empty)"), self._deleting)

    def action_cancel(self) -> None:
        if self.text == self.original:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmScreen("Discard the changes to this note?"), self._discarding)

    def _deleting(self, yes: bool | None) -> None:
        if yes:
            self.dismiss("")

    def _discarding(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)

    def action_external(self) -> None:
        """The note in $VISUAL or $EDITOR, in a temporary file; its text comes back here to be saved."""
        if self.secure:
            self.notify("Secure mode: no editor", severity="warning", timeout=3, markup=False)
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            handle, name = tempfile.mkstemp(prefix="readingroom-note-", suffix=".md")
            path = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self.text)
            try:
                with self.app.suspend():
                    subprocess.call([*shlex.split(editor), str(path)])
                text = path.read_text(encoding="utf-8", errors="replace")
            finally:
                path.unlink(missing_ok=True)
        except (OSError, ValueError, SuspendNotSupported) as error:  # no such editor, or a full disk
            self.notify(f"The editor could not be used: {getattr(error, 'strerror', None) or error}",
                        severity="error", timeout=6, markup=False)
            return
        self.text_area.load_text(text.removesuffix("\n"))
        self.notify("Back from your editor: ctrl+s keeps the note", timeout=3, markup=False)
