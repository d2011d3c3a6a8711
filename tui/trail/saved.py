"""Saved searches: one TOML file, `searches.toml`, a `[[search]]` table for each, in order.

    [[search]]
    name = "Stalin's telegrams"
    query = "stalin type:telegram"
    created = 2026-12-02T03:15:00Z
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tui.trail.files import Files, Notice
from tui.trail.lists import one_line
from tui.trail.tomlout import as_time, now, parse, string, value

FILE = "searches.toml"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query kept under a name."""

    name: str
    query: str
    created: dt.datetime


def searches_text(searches: list[SavedSearch]) -> str:
    """The file, as `read_searches` reads it back."""
    blocks = [f"[[search]]\nname = {string(s.name)}\nquery = {string(s.query)}\ncreated = {value(s.created)}\n"
              for s in searches]
    return "\n".join(blocks)


def read_searches(data: bytes, shown: str) -> list[SavedSearch] | Notice:
    table = parse(data, shown)
    if isinstance(table, Notice):
        return table
    items = table.get("search", [])
    if not isinstance(items, list):
        return Notice(shown, "'search' must be [[search]] tables", 1, 1)
    found = []
    for number, item in enumerate(items, 1):
        if not (isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("query"), str)):
            return Notice(shown, f"search {number} needs a name and a query, as text", 1, 1)
        found.append(SavedSearch(item["name"], item["query"], as_time(item.get("created")) or now()))
    return found


class Searches:
    """The saved searches of a corpus, in the order saved; written at once on every change."""

    def __init__(self, files: Files, notify: Callable[[Notice], None]) -> None:
        self.files = files
        self.notify = notify
        self._items: list[SavedSearch] = []
        self.broken = False

    def load(self) -> None:
        self._items, self.broken = [], False
        data = self.files.read(FILE)
        if data is None:
            return
        found = read_searches(data, self.files.shown(FILE))
        if isinstance(found, Notice):
            self.broken = True
            self.notify(found)
        else:
            self._items = found

    def all(self) -> list[SavedSearch]:
        return list(self._items)

    def get(self, name: str) -> SavedSearch | None:
        """The saved search with this name (case does not matter)."""
        return next((item for item in self._items if item.name.casefold() == name.casefold()), None)

    def save(self, name: str, query: str) -> SavedSearch:
        """Keep a query under a name; a search saved before under that name is replaced."""
        name = one_line(name)
        if not name:
            raise ValueError("a saved search needs a name")
        if not query.strip():
            raise ValueError("there is no query to save")
        saved = SavedSearch(name, query, now())

        def change(items: list[SavedSearch]) -> list[SavedSearch]:
            at = next((i for i, item in enumerate(items) if item.name.casefold() == name.casefold()), None)
            return [*items, saved] if at is None else [*items[:at], saved, *items[at + 1:]]

        self._write(change)
        return saved

    def delete(self, name: str) -> bool:
        """Forget a saved search; False where there was none of that name."""
        if self.get(name) is None:
            return False
        self._write(lambda items: [item for item in items if item.name.casefold() != name.casefold()])
        return True

    def _write(self, change: Callable[[list[SavedSearch]], list[SavedSearch]]) -> None:
        """Change the searches as they are on disk now; a file that no longer parses is left
        alone and this version kept beside it."""
        shown = self.files.shown(FILE)
        if self.files.changed(FILE) or self.broken:
            data = self.files.read(FILE)
            fresh = read_searches(data, shown) if data is not None else []
            if isinstance(fresh, Notice):
                self._items = change(self._items)
                kept = self.files.keep_beside(FILE, searches_text(self._items))
                self.notify(Notice(shown, f"doesn't read ({fresh}): left as it is, the saved searches kept "
                                          f"as {self.files.shown(kept)}"))
                return
            if not self.broken:
                self.notify(Notice(shown, "changed outside Reading Room: read again, and the change made to it"))
            self._items, self.broken = fresh, False
        self._items = change(self._items)
        self.files.write(FILE, searches_text(self._items))
