"""The export dialog: a selection of records in a format, to a file, the clipboard or a download.

Any screen can open it: `app.push_screen(ExportDialog(session, Selection.reading_list(...)))`.
The export runs in a thread worker, which answers with `Exported`; Escape stops it. A file is
offered outside secure mode only, never written over without asking, and put in place only when
whole; a download only when the app runs in a web browser (textual-serve).
"""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet
from textual.worker import get_current_worker

from tui.model.text import for_clipboard, visible
from tui.screens.notices import shortened
from tui.session import EXPORT_FORMATS, Exported, Selection, Session
from tui.widgets.answers import Answer, Requests, post_answer

# Terminals keep only so much of an OSC 52 copy (tmux and xterm about 100 KB of its base64).
CLIPBOARD_LIMIT = 100_000


class ExportFinished(Answer):
    """An export's outcome: the text (clipboard, download) or the file, or why it failed."""

    kind = "export"

    def __init__(self, request: int, where: str, done: Exported | None, text: str = "",
                 path: Path | None = None, error: str = "") -> None:
        super().__init__(request)
        self.where, self.done, self.text, self.path, self.error = where, done, text, path, error


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question: y or Enter says yes, n or Escape no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen .dialog { width: 76; max-width: 95%; height: auto; border: round $warning;
                            background: $surface; padding: 1 2; }
    ConfirmScreen .dim { color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
                                             Binding("n,escape", "answer(False)", "No", id="confirm.no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label(self.question, markup=False)
            yield Label("y: yes   n: no", classes="dim")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def osc52_size(text: str) -> int:
    """The bytes a copy of `text` sends the terminal."""
    return len(base64.b64encode(text.encode("utf-8")))


class ExportDialog(ModalScreen[None]):
    """Choose a format, and the reader's notes or not; then a file, the clipboard or a download."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog .dialog {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: round $primary; background: $surface; padding: 1 2;
    }
    ExportDialog RadioSet { width: 100%; margin: 1 0; }
    ExportDialog #export-buttons { height: auto; margin-top: 1; }
    ExportDialog #export-buttons Button { margin-right: 1; }
    ExportDialog #export-status { margin-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, session: Session, selection: Selection, *, date_style: str | None = None,
                 fmt: str = "csl-json", folder: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.selection = selection
        self.date_style = date_style
        self.fmt = fmt if fmt in EXPORT_FORMATS else "csl-json"
        self.folder = folder or Path.cwd()
        self.requests = Requests()
        self.running = False

    @property
    def files_allowed(self) -> bool:
        return not self.session.secure

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Label(visible(f"Export {self.selection.what}", keep_layout=False), markup=False, id="export-what")
            with RadioSet(id="export-format"):
                for fmt, about in EXPORT_FORMATS.items():
                    yield RadioButton(about.label, value=fmt == self.fmt, name=fmt)
            if self.selection.notes is not None:
                yield Checkbox("With my notes", value=False, id="export-notes")
            if self.files_allowed:
                yield Input(str(self.folder / self.selection.file_name(self.fmt)), id="export-path")
            with Horizontal(id="export-buttons"):
                if self.files_allowed:
                    yield Button("Save to file", id="to-file", variant="primary")
                yield Button("Copy to clipboard", id="to-clipboard")
                if self.app.is_web:
                    yield Button("Download", id="to-download")
            yield Label("↑↓ Enter: a format · Tab: the next part · Escape: cancel", id="export-status", markup=False)

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._notes_allowed()

    @on(RadioSet.Changed)
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        old, self.fmt = self.fmt, event.pressed.name or self.fmt
        if self.files_allowed:  # the suggested name follows the format, unless the reader changed it
            field = self.query_one("#export-path", Input)
            if field.value == str(self.folder / self.selection.file_name(old)):
                field.value = str(self.folder / self.selection.file_name(self.fmt))
        self._notes_allowed()

    def _notes_allowed(self) -> None:
        for box in self.query("#export-notes").results(Checkbox):
            box.disabled = not EXPORT_FORMATS[self.fmt].notes
            box.tooltip = None if not box.disabled else "This format has no place for notes"

    @property
    def with_notes(self) -> bool:
        boxes = list(self.query("#export-notes").results(Checkbox))
        return bool(boxes) and boxes[0].value and not boxes[0].disabled

    # Where to

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "to-file":
            self.save()
        elif event.button.id == "to-clipboard":
            self.start("clipboard")
        elif event.button.id == "to-download":
            self.start("download")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        """To the file the path field names: asked first where one is there already."""
        if not self.files_allowed:
            return
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.say("Give the file a name")
            return
        path = Path(text).expanduser()
        path = path if path.is_absolute() else self.folder / path
        if path.is_dir():
            self.say(f"{path} is a folder: name a file in it")
        elif not path.parent.is_dir():
            self.say(f"No such folder: {path.parent}")
        elif path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    self.start("file", path)

            self.app.push_screen(ConfirmScreen(visible(f"{path} is there already. Replace it?",
                                                       keep_layout=False)), answered)
        else:
            self.start("file", path)

    def say(self, message: str) -> None:
        self.query_one("#export-status", Label).update(visible(message, keep_layout=False))

    def start(self, where: str, path: Path | None = None) -> None:
        if self.running:
            return
        self.running = True
        for button in self.query(Button):
            button.disabled = True
        self.say("Exporting… (Escape stops)")
        selection = self.selection if self.with_notes else replace(self.selection, notes=None)
        self._export(self.requests.start(ExportFinished.kind), where, selection, self.fmt, path)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: int, where: str, selection: Selection, fmt: str, path: Path | None) -> None:
        worker = get_current_worker()
        stop = lambda: worker.is_cancelled  # noqa: E731
        try:
            if path is not None:
                done = self.session.export_file(selection, fmt, path, date_style=self.date_style, stop=stop)
                post_answer(self, ExportFinished(request, where, done, path=path))
            else:
                text, done = self.session.export_text(selection, fmt, date_style=self.date_style, stop=stop)
                post_answer(self, ExportFinished(request, where, done, text=text))
        except OSError as error:
            post_answer(self, ExportFinished(request, where, None, path=path,
                                             error=f"Cannot write {path}: {error.strerror or error}"))

    @on(ExportFinished)
    def _finished(self, answer: ExportFinished) -> None:
        if not self.requests.is_current(answer):
            return
        self.running = False
        if answer.done is None:
            for button in self.query(Button):
                button.disabled = False
            self.say(answer.error)
            return
        done, app = answer.done, self.app
        count = f"{done.count} record{'s' * (done.count != 1)}"
        if done.missing:
            app.notify(shortened(", ".join(done.missing)), title=f"Not in the corpus now: {len(done.missing)}",
                       severity="warning", timeout=6, markup=False)
        if answer.where == "file":
            app.notify(shortened(str(answer.path)), title=f"Wrote {count}", timeout=4, markup=False)
        elif answer.where == "clipboard":
            text = for_clipboard(answer.text, keep_layout=True)
            app.copy_to_clipboard(text)
            size = osc52_size(text)
            if size > CLIPBOARD_LIMIT:
                app.notify(f"{size // 1000} KB: many terminals (tmux, xterm) keep no more than about "
                           f"{CLIPBOARD_LIMIT // 1000} KB of a copy, so part may be lost. "
                           + ("Save to a file instead." if self.files_allowed else "Export fewer records."),
                           title=f"Copied {count}", severity="warning", timeout=10, markup=False)
            else:
                app.notify(f"{EXPORT_FORMATS[self.fmt].label}", title=f"Copied {count}", timeout=3, markup=False)
        else:
            name = self.selection.file_name(self.fmt)
            app.deliver_text(io.StringIO(answer.text), save_filename=name, mime_type=EXPORT_FORMATS[self.fmt].mime)
            app.notify(shortened(name), title=f"Downloading {count}", timeout=4, markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "export")
            self.requests.start(ExportFinished.kind)  # what it would have answered is not wanted now
            self.app.notify("Export stopped: nothing written", timeout=3, markup=False)
        self.dismiss(None)
