"""What the reader was doing, kept between starts: the history, the record open, the current list.

    current_list = "Chapter 3"
    last_record = "856403addf2b6c02"
    last_paragraph = 4
    at = 1                      # the history's current place (from 0)

    [[place]]
    query = "stalin"
    record = "856403addf2b6c02"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.history import History, Place
from tui.trail.files import Files, Notice
from tui.trail.tomlout import pairs, parse, string

FILE = "state.toml"


class State:
    """The reader's place: saved with `save`, read with `load`."""

    def __init__(self, files: Files, notify: Callable[[Notice], None]) -> None:
        self.files = files
        self.notify = notify
        self.history = History()
        self.current_list: str | None = None
        self.last_record: str | None = None
        self.last_paragraph: int | None = None
        self.broken = False  # the file doesn't parse: it is left alone, and nothing saved this session

    def load(self) -> None:
        data = self.files.read(FILE)
        if data is None:
            return
        table = parse(data, self.files.shown(FILE))
        if isinstance(table, dict):
            self._take(table)
        else:
            self.broken = True
            self.notify(Notice(table.path, table.message + "; the history is not kept until it is mended",
                               table.line, table.column))

    def _take(self, table: dict[str, Any]) -> None:
        places = []
        for item in table.get("place", []) if isinstance(table.get("place"), list) else []:
            if isinstance(item, dict):
                query, record = item.get("query", ""), item.get("record")
                places.append(Place(query if isinstance(query, str) else "",
                                    record if isinstance(record, str) and record else None))
        at = table.get("at", len(places) - 1)
        self.history = History(places[-self.history.limit:],
                               at if isinstance(at, int) and 0 <= at < len(places) else len(places) - 1)
        self.current_list = _text(table.get("current_list"))
        self.last_record = _text(table.get("last_record"))
        paragraph = table.get("last_paragraph")
        self.last_paragraph = paragraph if isinstance(paragraph, int) and paragraph > 0 else None

    def text(self) -> str:
        """The file, as `load` reads it back."""
        head = {"current_list": self.current_list, "last_record": self.last_record,
                "last_paragraph": self.last_paragraph, "at": self.history.index}
        lines = pairs(head)
        for place in self.history.places:
            lines += ["", "[[place]]", f"query = {string(place.query)}"]
            if place.record_id is not None:
                lines.append(f"record = {string(place.record_id)}")
        return "\n".join(lines) + "\n"

    def save(self) -> None:
        """Write the state; a file changed by hand meanwhile is kept beside, with a notice."""
        if self.broken:
            return
        if self.files.changed(FILE):
            data = self.files.read(FILE)
            if data is not None:
                kept = self.files.keep_beside(FILE, data.decode("utf-8", "replace"))
                self.notify(Notice(self.files.shown(FILE),
                                   f"changed outside Reading Room: that version kept as {self.files.shown(kept)}"))
        self.files.write(FILE, self.text())


def _text(item: object) -> str | None:
    return item if isinstance(item, str) and item else None
