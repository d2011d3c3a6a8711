"""The status line: hits and time, corrections, a malformed query's message, indexing progress."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """One line under the search bar; every part is text, never markup."""

    search: reactive[Text] = reactive(Text, layout=False)
    index: reactive[str] = reactive("")
    place: reactive[str] = reactive("")
    activity: reactive[str] = reactive("")

    def render(self) -> Text:
        parts = [part for part in (self.search, Text(self.place, style="dim"), Text(self.index, style="dim"),
                                   Text(self.activity, style="dim italic")) if part.plain]
        return Text("  ·  ").join(parts) if parts else Text(" ")
