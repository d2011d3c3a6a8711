"""The app as `readingroom serve` runs it: a quit asked for during start-up waits until the app is up.

textual-serve asks an app to quit when its connection closes (and the server sends SIGTERM if it
does not). Textual's web driver turns either into an immediate exit, which, arriving while the
first screen is still mounting, tears the screen down under its own `on_mount` (`NoMatches`, a
traceback in the server's log, and an app that no longer ends). Here the quit is noted and the
app exits once it is ready (its first frame drawn), which takes a moment at most. SIGTERM,
which the server sends only once the quit has taken too long, ends an app that is not ready
yet at once (it has nothing to save), and asks one that is to quit.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from textual import events, on
from textual.driver import Driver
from textual.drivers.web_driver import WebDriver
from textual.message import Message

from tui import app as reading_room_app
from tui.app import ReadingRoom


class QuitAsked(Message):
    """The server asked the app to end (its connection closed, or SIGTERM)."""


class ServedDriver(WebDriver):
    """Textual's web driver, whose quit message and SIGTERM ask the app to quit rather than exit at once."""

    def start_application_mode(self) -> None:
        super().start_application_mode()
        # Replaces the driver's own SIGTERM handler, which exits at once.
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self) -> None:
        if getattr(self._app, "ready", True):
            self.ask_to_quit()
        else:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)  # the default: end the process
            signal.raise_signal(signal.SIGTERM)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "quit":
            self.ask_to_quit()
        else:
            super().on_meta(packet_type, payload)

    def ask_to_quit(self) -> None:
        """Tell the app; safe from any thread (the quit message arrives on the input thread)."""
        self._app.post_message(QuitAsked())


class ServedReadingRoom(ReadingRoom):
    """Reading Room for one web connection: ends when asked, but never before its first frame."""

    # Textual looks for a relative CSS_PATH beside the class that uses it.
    CSS_PATH = str(Path(reading_room_app.__file__).parent / str(ReadingRoom.CSS_PATH))
    ready = False
    """Set once the first frame is drawn."""
    quit_asked = False

    def get_driver_class(self) -> type[Driver]:
        return ServedDriver

    def on_ready(self, _event: events.Ready) -> None:
        self.ready = True
        if self.quit_asked:
            self.exit()

    @on(QuitAsked)
    def quit_when_ready(self) -> None:
        self.quit_asked = True
        if self.ready:
            self.exit()
