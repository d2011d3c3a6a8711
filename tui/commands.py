"""The command palette: every command of the app, and "open record…" by title."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider

from tui.index.fold import fold
from tui.model.text import visible

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class RecordProvider(Provider):
    """Open a record by (part of) its title, found through the index."""

    async def search(self, query: str) -> Hits:
        screen = self.app.screen
        from tui.screens.main import MainScreen

        if not isinstance(screen, MainScreen) or not screen.session.ready or not query.strip():
            return
        words = fold(query)
        if not words:
            return
        # Every word a prefix of a title word: "kim let" finds "Letter ... Kim Il Sung".
        text = " ".join(f"title:{word}*" for word in words)
        results = await asyncio.get_running_loop().run_in_executor(
            None, lambda: screen.session.search(text, limit=20))
        matcher = self.matcher(query)
        for hit in results.hits:
            title = visible(hit.card.title, keep_layout=False)
            score = max(matcher.match(title), 0.1)
            label = Text.assemble(("Open: ", "dim"), matcher.highlight(title))
            yield Hit(score, label, lambda card=hit.card: _open(screen, card),
                      help=f"{hit.card.date or 'Undated'} · {visible(hit.card.id, keep_layout=False)}")


def _open(screen: MainScreen, card: object) -> None:
    screen.open_card(card)  # type: ignore[arg-type]
