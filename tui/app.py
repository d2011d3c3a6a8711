"""The Reading Room app: settings, secure mode, the command palette, and the main screen."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.config import Settings
from tui.index.browse import GROUPINGS
from tui.session import Session

if TYPE_CHECKING:
    from textual.command import Provider

    from tui.model import Record


def record_provider() -> type[Provider]:
    """The "open record…" palette provider, imported when the palette first opens."""
    from tui.commands import RecordProvider

    return RecordProvider


class ReadingRoom(App[None]):
    """A reading room for one corpus.

    In secure mode (in the spirit of `less`'s LESSSECURE) there is no editor,
    no suspending to a shell, no other corpus, no file written but the
    user's settings, and copying goes only to the clipboard.
    """

    CSS_PATH = "app.tcss"
    TITLE = "Reading Room"
    COMMANDS: ClassVar = App.COMMANDS | {record_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", show=False, id="app.edit",
                tooltip="Open the record's file in $EDITOR at its line (not in secure mode)"),
        Binding("ctrl+z", "suspend", "Suspend", show=False, id="app.suspend",
                tooltip="Suspend to the shell (not in secure mode)"),
    ]

    def __init__(self, corpus: Path, *, secure: bool = False, index_dir: str | None = None,
                 config_dir: Path | None = None) -> None:
        # NO_COLOR: the terminal's own colours only (Textual alone would still send greys).
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.corpus = corpus
        self.secure = secure
        self.index_dir = index_dir
        self.config_dir = config_dir
        self.settings = Settings.load(config_dir)
        self.animation_level = "none"  # nothing moves that would cost over SSH
        self.session = self._session(corpus)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def _session(self, corpus: Path) -> Session:
        def notify(message: str) -> None:
            self.call_from_thread(self.notify, message, title="Index", timeout=6, markup=False)

        return Session(corpus, index_dir=self.index_dir, secure=self.secure, notify=notify)

    def get_default_screen(self) -> Screen:
        """The reading room itself is the first screen (no blank screen drawn before it)."""
        from tui.screens.main import MainScreen

        return MainScreen(self.session)

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self.save_settings()

    def save_settings(self) -> None:
        """Keep the reader's choices (in secure mode, for this session only: nothing is written)."""
        if not self.secure:
            self.settings.save(self.config_dir)

    # Help and palette

    def show_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups()))

    def binding_groups(self) -> list[tuple[str, list[Binding]]]:
        """Every binding the reader can use, by pane (what the help screen lists)."""
        from tui.screens.main import MainScreen
        from tui.widgets.doc_tree import DocumentTree
        from tui.widgets.metadata import MetadataPane
        from tui.widgets.reading import ReadingView
        from tui.widgets.reading_pane import ReadingPane
        from tui.widgets.results import ResultsList
        from tui.widgets.timeline import Timeline

        def bindings(owner: type) -> list[Binding]:
            return [b for b in owner.BINDINGS if isinstance(b, Binding) and self._allowed(b)]

        return [
            ("Everywhere", [*bindings(MainScreen), *bindings(ReadingRoom),
                            Binding("ctrl+p", "command_palette", "Commands",
                                    tooltip="Every command, and open record… by title"),
                            Binding("tab,shift+tab", "focus_next", "Next pane", tooltip="Move between the panes")]),
            ("Reading", bindings(ReadingView) + bindings(ReadingPane)),
            ("Tree", [*bindings(DocumentTree), Binding("enter", "select", "Open", tooltip="Open a record or a branch"),
                      Binding("space", "toggle", "Fold/unfold")]),
            ("Results", [*bindings(ResultsList), Binding("enter", "select", "Open the result")]),
            ("Metadata", [*bindings(MetadataPane),
                          Binding("enter", "select", "Search for this value, open the related record, or copy")]),
            ("Timeline", bindings(Timeline)),
        ]

    def _allowed(self, binding: Binding) -> bool:
        return not (self.secure and binding.action in ("edit", "suspend"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if self.secure and command.title == "Screenshot":
                continue  # it writes a file
            yield command
        from tui.screens.main import MainScreen

        if not isinstance(screen, MainScreen):
            return
        for grouping, label in GROUPINGS.items():
            yield SystemCommand(f"Group by {label.lower()}", f"Group the document tree by {label.lower()}",
                                lambda g=grouping: screen.set_grouping(g))
        for title, help_text, action in (
            ("Search", "Focus the search bar", screen.action_focus_search),
            ("Results or tree", "Switch between the ranked results and the narrowed tree", screen.action_toggle_left),
            ("Fold the tree", "Fold or unfold the document tree", screen.action_toggle_tree),
            ("Fold the metadata", "Fold or unfold the metadata pane", screen.action_toggle_metadata),
            ("Timeline", "Show or hide the timeline of years", screen.action_toggle_timeline),
            ("Copy citation", "Copy the Chicago citation of the open record", lambda: screen.action_copy("citation")),
            ("Copy id", "Copy the open record's id", lambda: screen.action_copy("id")),
            ("Copy text", "Copy the open record's text", lambda: screen.action_copy("body")),
            ("Go to id", "Open a record by its id", screen.action_jump),
            ("Back", "Back to the previous record or search", screen.action_back),
            ("Forward", "Forward again", screen.action_forward),
            ("Find in document", "Find text within the open record",
             lambda: screen.query_one("#reading-pane").action_find()),  # type: ignore[attr-defined]
            ("Bracketed insertions", "Hide or show the transcriber's [insertions]",
             screen.reading.action_toggle_editorial),
            ("Help", "Every key, and the query language", self.show_help),
        ):
            yield SystemCommand(title, help_text, action)
        if not self.secure:
            yield SystemCommand("Edit record", "Open the record's file in $EDITOR at its line", self.action_edit)
            yield SystemCommand("Open corpus…", "Open another corpus folder", self.ask_corpus)

    # What secure mode forbids

    def action_edit(self) -> None:
        from tui.screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            self.edit_record(self.screen.record)

    def edit_record(self, record: Record | None) -> None:
        """Open the record's file in $VISUAL or $EDITOR at its line; read it again afterwards."""
        if self.secure:
            self.notify("Secure mode: no editor", severity="warning", timeout=3, markup=False)
            return
        if record is None:
            self.notify("Open a document first", timeout=2, markup=False)
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path = self.corpus / record.path
        with self.suspend():
            subprocess.call([*shlex.split(editor), f"+{record.line}", str(path)])
        from tui.screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            self.screen.after_edit(record)

    def action_suspend(self) -> None:
        if self.secure:
            self.notify("Secure mode: no suspending to a shell", severity="warning", timeout=3, markup=False)
            return
        self.action_suspend_process()

    def ask_corpus(self) -> None:
        if self.secure:
            return
        from tui.screens.jump import AskScreen

        def answered(path: str | None) -> None:
            if not path:
                return
            folder = Path(path).expanduser()
            if not folder.is_dir():
                self.notify(f"No such folder: {folder}", severity="error", markup=False)
                return
            self.open_corpus(folder)

        self.push_screen(AskScreen("Open the corpus in the folder:", str(self.corpus)), answered)

    def open_corpus(self, folder: Path) -> None:
        """Leave this corpus for another (not in secure mode)."""
        if self.secure:
            return
        from tui.screens.main import MainScreen

        self.corpus = folder
        self.session = self._session(folder)
        self.switch_screen(MainScreen(self.session))
