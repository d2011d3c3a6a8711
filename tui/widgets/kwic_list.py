"""The concordance's lines: left context right-aligned, the keyword, right context, date and id.

Drawn with Textual's line API (only the lines on screen are made), so tens of thousands of
occurrences scroll at once. Every piece of context is data: it goes in as `Text`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.text import visible
from tui.session import Occurrence
from tui.widgets.cursor_keys import cursor_bindings

DATE = 10  # "1950-06-25"
ID = 24  # the id column, cut with an ellipsis beyond


class KwicList(ScrollView, can_focus=True):
    """Occurrences one a line, with a cursor; Enter chooses the one under it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"kwic--keyword", "kwic--meta", "kwic--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("kwic"),
        Binding("enter", "choose", "Open", id="kwic.open", tooltip="Open the record at this occurrence"),
    ]

    class Chosen(Message):
        """The reader chose an occurrence."""

        def __init__(self, occurrence: Occurrence) -> None:
            super().__init__()
            self.occurrence = occurrence

    cursor = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Occurrence] = []
        self.context = 40

    def show(self, lines: list[Occurrence], *, keep: Occurrence | None = None) -> None:
        """Show these lines (in this order); the cursor stays on `keep` when it is among them."""
        self.lines = lines
        self.virtual_size = Size(self.size.width, len(lines))
        if keep is not None:
            where = next((n for n, o in enumerate(lines) if o is keep), None)
            if where is not None:
                self.cursor = where
        self.cursor = min(self.cursor, max(len(lines) - 1, 0))
        self.refresh()

    @property
    def current(self) -> Occurrence | None:
        return self.lines[self.cursor] if 0 <= self.cursor < len(self.lines) else None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        number = self.scroll_offset.y + y
        base = self.rich_style
        if number >= len(self.lines):
            return Strip.blank(width, base)
        return Strip(self._line(self.lines[number], width, number == self.cursor), width).crop_extend(0, width, base)

    def _line(self, o: Occurrence, width: int, current: bool) -> list[Segment]:
        side = max((width - len(o.keyword) - DATE - ID - 6) // 2, 8)
        side = min(side, self.context)
        left = o.left.rstrip()[-side:].rjust(side)
        right = o.right.lstrip()[:side].ljust(side)
        ident = visible(o.card.id, keep_layout=False)
        ident = ident if len(ident) <= ID else ident[:ID - 1] + "…"
        day = o.day.isoformat() if o.day is not None else "undated"
        meta = self.get_component_rich_style("kwic--meta")
        text = Text.assemble(" ", left, " ", (o.keyword, self.get_component_rich_style("kwic--keyword")), " ",
                             right, "  ", day.ljust(DATE),
                             "  ", (ident, meta), no_wrap=True, end="")
        text.stylize(self.rich_style, 0, len(text))
        if current:
            text.stylize(self.get_component_rich_style("kwic--cursor") if self.has_focus else Style(reverse=True))
        return [segment for segment in text.render(self.app.console) if segment.text]

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.lines:
            self.cursor = max(0, min(self.cursor + step, len(self.lines) - 1))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(self.size.height - 1, 1))

    def action_edge(self, end: int) -> None:
        if self.lines:
            self.cursor = len(self.lines) - 1 if end else 0

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
