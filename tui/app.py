"""The Reading Room app: settings, secure mode, the corpus, and the screen that reads it.

The App is a router: it makes the session and the main screen, passes the
settings down, and keeps what belongs to the whole program (theme, suspend,
another corpus). Each screen owns its keys and palette commands.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui import collector
from tui.config import Settings
from tui.keymap import keys_label
from tui.screens.help import reader_keymap
from tui.screens.jump import AskScreen
from tui.screens.main import MainScreen
from tui.session import Notice, OpenAhead, Session, Trail

COLLECT_AFTER = 3.0  # seconds


class ReadingRoom(App[None]):
    """A reading room for one corpus.

    In secure mode (in the spirit of `less`'s LESSSECURE) there is no editor,
    no suspending to a shell, no other corpus, no file written but the
    user's settings, and copying goes only to the clipboard.
    """

    CSS_PATH = "app.tcss"
    TITLE = "Reading Room"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend", "Suspend", show=False, id="app.suspend",
                tooltip="Suspend to the shell (not in secure mode)"),
    ]

    def __init__(self, corpus: Path, *, secure: bool = False, index_dir: str | None = None,
                 config_dir: Path | None = None, ahead: OpenAhead | None = None) -> None:
        # NO_COLOR: the terminal's own colours only (Textual alone would still send greys).
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.corpus = corpus
        self.secure = secure
        self.index_dir = index_dir
        self.config_dir = config_dir
        self.settings = Settings.load(config_dir)
        self.animation_level = "none"  # nothing moves that would cost over SSH
        self.session = self._session(corpus, ahead)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.keymap = reader_keymap(self.settings.keys, MainScreen.BINDINGS, self.BINDINGS)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.keys)
        # The first screen lets the collector go (see collector); one still building its index
        # must not wait for it.
        self.set_timer(COLLECT_AFTER, collector.release)
        self._opening_notices()
        if self.keymap.problems:  # one line, and everything else works
            self.notify(self.keymap.message(), title="settings.toml", severity="warning", timeout=12, markup=False)

    def _session(self, corpus: Path, ahead: OpenAhead | None = None) -> Session:
        def notify(message: str) -> None:
            self.call_from_thread(self.notify, message, title="Index", timeout=6, markup=False)

        # Lists, saved searches and the reader's place are read now (small files); notes on first use.
        trail = Trail.open(corpus, secure=self.secure, settings=self.settings)
        trail.listen(self._trail_notice)  # those of the opening are shown once the screen is up
        return Session(corpus, index_dir=self.index_dir, secure=self.secure, notify=notify, trail=trail,
                       ahead=ahead)

    def _trail_notice(self, notice: Notice) -> None:
        """A trail file that doesn't parse, or changed by hand meanwhile: one line (from any thread)."""
        message = str(notice)
        if threading.get_ident() == self._thread_id:
            self.notify(message, title="Your trail", severity="warning", timeout=10, markup=False)
        else:
            self.call_from_thread(self.notify, message, title="Your trail", severity="warning", timeout=10,
                                  markup=False)

    def _main_screen(self) -> MainScreen:
        screen = MainScreen(self.session, self.settings, config_dir=self.config_dir, secure=self.secure)
        screen.keymap = self.keymap.keys
        return screen

    def get_default_screen(self) -> Screen:
        """The reading room itself is the first screen (no blank screen drawn before it)."""
        return self._main_screen()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            if not self.secure:  # in secure mode a choice holds for the session: nothing is written
                self.settings.save(self.config_dir)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands (but the screenshot in secure mode: it writes a file), and another
        corpus; each screen adds its own through its `COMMANDS`."""
        quit_keys = next(keys_label(b, self.keymap.keys) for b in MainScreen.BINDINGS
                         if isinstance(b, Binding) and b.id == "main.quit")
        for command in super().get_system_commands(screen):
            if self.secure and command.title == "Screenshot":
                continue
            if command.title == "Quit" and isinstance(screen, MainScreen):
                command = command._replace(title=f"Quit  {quit_keys}")  # the key, as the screen's commands show it
            yield command
        if not self.secure and isinstance(screen, MainScreen):
            yield SystemCommand("Open corpus…", "Open another corpus folder", self.ask_corpus)

    async def action_quit(self) -> None:
        """Quit (ctrl+q, the palette's Quit): the reading room keeps the reader's place first."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.keep_reading_place()
        await super().action_quit()

    # What secure mode forbids

    def action_suspend(self) -> None:
        if self.secure:
            self.notify("Secure mode: no suspending to a shell", severity="warning", timeout=3, markup=False)
            return
        self.action_suspend_process()

    def ask_corpus(self) -> None:
        if self.secure:
            return

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
        self.corpus = folder
        self.session = self._session(folder)
        self.switch_screen(self._main_screen())
        self._opening_notices()

    def _opening_notices(self) -> None:
        for notice in self.session.trail.notices:
            self._trail_notice(notice)
