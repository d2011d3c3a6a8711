"""Every note of the reader's, newest first: date, record, passage and the note's first line.

Drawn with Textual's line API (only the lines on screen are made), so thousands of notes
scroll at once. A note's text and a record's title are data: they go in as `Text`, never markup.
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
from tui.session import ShownNote
from tui.widgets.cursor_keys import cursor_bindings

NOT_IN_CORPUS = "not in the corpus now"
ROWS = 2  # a note's rows: its date, passage and record; its first line


def first_line(text: str) -> str:
    """A note's first line with words in it, on one line."""
    line = next((line for line in text.split("\n") if line.strip()), "")
    return visible(line.strip(), keep_layout=False)


def passage(shown: ShownNote) -> str:
    anchor = shown.note.anchor
    return f"¶{anchor.paragraph}" if anchor is not None else "record"


class NotesView(ScrollView, can_focus=True):
    """The reader's notes, two rows each, with a cursor; Enter opens the note's record at its passage."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"notes--meta", "notes--title", "notes--cursor", "notes--missing"}
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("notes"),
        Binding("enter", "choose", "Open", id="notes.open", tooltip="Open the note's record at its passage"),
    ]

    class Chosen(Message):
        """The reader chose a note."""

        def __init__(self, shown: ShownNote) -> None:
            super().__init__()
            self.shown = shown

    cursor = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: list[ShownNote] = []
        self.placeholder = "Reading your notes…"

    def show(self, notes: list[ShownNote]) -> None:
        """Show these notes (newest first); the cursor stays on the same note where it can."""
        kept = self.current.note.file if self.current is not None else None
        self.notes = notes
        self.placeholder = "No notes yet: press a on a passage you are reading to write one"
        self.virtual_size = Size(self.size.width, max(len(notes) * ROWS, 1))
        where = next((n for n, shown in enumerate(notes) if shown.note.file == kept), None) if kept else None
        self.cursor = where if where is not None else min(self.cursor, max(len(notes) - 1, 0))
        self.refresh()

    @property
    def current(self) -> ShownNote | None:
        return self.notes[self.cursor] if 0 <= self.cursor < len(self.notes) else None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = self.scroll_offset.y + y
        base = self.rich_style
        if not self.notes:
            if y == 1:
                text = Text(" " + self.placeholder, style=base + Style(italic=True, dim=True), no_wrap=True)
                return Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(0, width, base)
            return Strip.blank(width, base)
        number, part = divmod(row, ROWS)
        if number >= len(self.notes):
            return Strip.blank(width, base)
        return Strip(self._line(self.notes[number], part, number == self.cursor, width)).crop_extend(0, width, base)

    def _line(self, shown: ShownNote, part: int, current: bool, width: int) -> list[Segment]:
        note = shown.note
        meta = self.get_component_rich_style("notes--meta")
        if part == 0:
            title = visible(shown.card.title, keep_layout=False) if shown.card is not None else \
                f"{visible(note.record_id, keep_layout=False)} ({NOT_IN_CORPUS})"
            style = self.get_component_rich_style("notes--title" if shown.card is not None else "notes--missing")
            text = Text.assemble(" ", (f"{note.updated:%Y-%m-%d %H:%M}", meta), " ", (passage(shown).ljust(6), meta),
                                 " ", (title, style), no_wrap=True, end="")
        else:
            text = Text.assemble("   ", first_line(note.text) or "(empty)", no_wrap=True, end="")
        text.truncate(max(width, 1), overflow="ellipsis", pad=True)
        text.stylize(self.rich_style, 0, len(text))
        if current:
            text.stylize(self.get_component_rich_style("notes--cursor") if self.has_focus else Style(reverse=True))
        return [segment for segment in text.render(self.app.console) if segment.text]

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new * ROWS, 1, ROWS), animate=False)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.notes:
            self.cursor = max(0, min(self.cursor + step, len(self.notes) - 1))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(self.size.height // ROWS - 1, 1))

    def action_edge(self, end: int) -> None:
        if self.notes:
            self.cursor = len(self.notes) - 1 if end else 0

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
