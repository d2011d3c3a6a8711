"""The keys every list drawn line by line shares: a line, a page, either end (vim's and less's)."""

from __future__ import annotations

from textual.binding import Binding


def cursor_bindings(view: str) -> list[Binding]:
    """Up, down, a page either way and either end, with ids under `view` (as `kwic.down`) so that
    a reader's `[keys]` table can change them one view at a time."""
    return [
        Binding("j,down", "move(1)", "Down", show=False, id=f"{view}.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id=f"{view}.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id=f"{view}.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id=f"{view}.page_up"),
        Binding("g,home", "edge(0)", "First", show=False, id=f"{view}.first"),
        Binding("G,end", "edge(1)", "Last", show=False, id=f"{view}.last"),
    ]
