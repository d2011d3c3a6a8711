"""Command palette providers: the commands of the screen it was opened on, and "open record…".

A screen takes part by naming these in its `COMMANDS` and having the methods
of `CommandSource` (its commands) or `RecordOpener` (a session and a way to
open a card); the providers know screens only by those protocols.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.model.text import visible
from tui.session import Card, Session


@runtime_checkable
class CommandSource(Protocol):
    """A screen with palette commands of its own."""

    def palette_commands(self) -> Iterable[SystemCommand]: ...

    def command_keys(self) -> dict[str, str]:
        """The key of each command that has one, by the command's title (as the reader set it)."""
        ...


@runtime_checkable
class RecordOpener(Protocol):
    """A screen that can open a record by its card."""

    session: Session

    def open_card(self, card: Card, *, from_search: bool = False, remember: bool = True) -> None: ...


class ScreenCommands(Provider):
    """The screen's own commands, listed and matched like Textual's system commands."""

    def _commands(self) -> list[SystemCommand]:
        screen = self.screen
        return list(screen.palette_commands()) if isinstance(screen, CommandSource) else []

    def _keys(self) -> dict[str, str]:
        screen = self.screen
        return screen.command_keys() if isinstance(screen, CommandSource) else {}

    async def discover(self) -> Hits:
        keys = self._keys()
        for title, help_text, callback, discover in sorted(self._commands(), key=lambda command: command.title):
            if discover:
                yield DiscoveryHit(_with_key(Content(title), keys.get(title)), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        keys = self._keys()
        for title, help_text, callback, _discover in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, _with_key(matcher.highlight(title), keys.get(title)), callback, text=title,
                          help=help_text)


def _with_key(title: Content, key: str | None) -> Content:
    """A command's title and, set apart, the key that does it too."""
    return Content.assemble(title, ("  ", ""), (key, "bold $text-accent")) if key else title


class RecordProvider(Provider):
    """Open a record by words of its title, found through the index as the search finds them."""

    async def search(self, query: str) -> Hits:
        # The screen the palette was opened on (while it is open, `app.screen` is the palette).
        screen = self.screen
        if not isinstance(screen, RecordOpener) or not screen.session.ready or not query.strip():
            return
        session = screen.session
        results = await asyncio.get_running_loop().run_in_executor(None, lambda: session.titled(query, limit=20))
        if results is None:
            return
        matcher = self.matcher(query)
        for hit in results.hits:
            title = visible(hit.card.title, keep_layout=False)
            score = max(matcher.match(title), 0.1)
            label = Content.assemble(("Open: ", "dim"), matcher.highlight(title))

            def open_it(card: Card = hit.card) -> None:
                screen.open_card(card)

            yield Hit(score, label, open_it, text=f"Open: {title}",
                      help=f"{hit.card.date or 'Undated'} · {visible(hit.card.id, keep_layout=False)}")
