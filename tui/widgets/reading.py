"""The reading view: a record's text wrapped to a readable measure, drawn line by line.

Only the lines on screen are drawn (Textual's line API), so a megabyte
opens at once. Search hits, find matches and editorial insertions are
styles laid over the text, never markup in it. The header (title, date,
repository and reference) stays on the top rows while the text scrolls
under it, so a document read from its first hit still says what it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.render.document import NOTE_INDENT
from tui.widgets.marks import MARK, MARK_STYLE

if TYPE_CHECKING:
    from tui.render.document import Block, Document, Highlight, Line, Mark, PlacedNote


OVERLAP = 2  # lines a page keeps of the one before


class ReadingView(ScrollView, can_focus=True):
    """Draws a `Document`; keys like `less`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading--title", "reading--facts", "reading--source", "reading--summary", "reading--editorial",
        "reading--rule",
        "reading--hit", "reading--find", "reading--current", "reading--empty",
        "reading--note", "reading--marker", "reading--passage",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False, id="reading.page_down"),
        Binding("b,pageup,ctrl+u", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("j,down", "scroll_down", "Line down", show=False, id="reading.down"),
        Binding("k,up", "scroll_up", "Line up", show=False, id="reading.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reading.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reading.bottom"),
        Binding("n", "next_mark", "Next", id="reading.next", tooltip="Jump to the next search hit or match"),
        Binding("N", "previous_mark", "Previous", show=False, id="reading.previous",
                tooltip="Jump to the previous search hit or match"),
        Binding("B", "toggle_editorial", "[Brackets]", show=False, id="reading.brackets",
                tooltip="Hide or show the transcriber's [bracketed] insertions"),
    ]

    class MarkMoved(Message):
        """The reader moved to hit (or find match) `index` of `total`."""

        def __init__(self, index: int, total: int, kind: str) -> None:
            super().__init__()
            self.index, self.total, self.kind = index, total, kind

    show_editorial = reactive(True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.placeholder = "Choose a document, or press / to search."
        self.current: int | None = None
        self.pinned = 0  # the header's lines, drawn on the top rows whatever the scroll
        self.passage: int | None = None  # the paragraph (from 1) gone to from a note: marked in its margin
        self._passage_scroll = -1  # the scroll that showed it
        self._cache: dict[int, Strip] = {}
        self.marked = False  # the record shown is on the current reading list: its title carries the mark

    # Content

    def show(self, document: Document | None, *, placeholder: str | None = None) -> None:
        """Show a document (laid out already for some width, or not), from its top."""
        self.document = document
        if placeholder is not None:
            self.placeholder = placeholder
        self.current = None
        self.passage = None
        if document is not None:
            document.set_editorial(self.show_editorial)
        self._relayout()
        self.scroll_to(0, 0, animate=False)
        self.refresh_bindings()

    def set_notes(self, notes: list[PlacedNote], *, folded: bool | None = None) -> None:
        """Show the reader's notes beside their paragraphs; the paragraph at the top stays there."""
        document = self.document
        if document is None:
            return
        paragraph = self.reading_paragraph(use_mark=False)
        offset = self.top_line() - (document.line_of_paragraph(paragraph) or 0) if paragraph else 0
        document.set_notes(notes, folded=folded)
        self.current = None
        self._relayout()
        if paragraph is not None and self.scroll_offset.y:
            line = document.line_of_paragraph(paragraph)
            if line is not None:
                self.scroll_to(y=max(line + max(offset, 0) - self.pinned, 0), animate=False)

    def reading_paragraph(self, *, use_mark: bool = True) -> int | None:
        """The paragraph (from 1) the reader is at: the hit or match last gone to while it is in
        sight, else the one in view at the top of the text."""
        document = self.document
        if document is None:
            return None
        top = self.top_line()
        if use_mark and self.current is not None and self.current < len(self.marks):
            line = document.line_of(self.marks[self.current])
            if top <= line < top + self.body_height:
                return document.paragraph_at(line)
        if self.at_passage():
            return self.passage  # gone to from a note, and not moved since
        return document.paragraph_at(top)

    def go_to_paragraph(self, paragraph: int) -> None:
        """Show paragraph `paragraph` (from 1) at the top of the text, marked in the margin."""
        if self.document is None:
            return
        self.passage = paragraph
        self._scroll_to_passage()
        self._repaint()
        self.call_after_refresh(self._scroll_to_passage)  # once laid out at its size

    def _scroll_to_passage(self) -> None:
        if self.passage is not None and self.document is not None:
            self._passage_scroll = self._scroll_for_paragraph(self.passage)
            self.scroll_to(y=self._passage_scroll, animate=False, immediate=True, force=True)

    def at_passage(self) -> bool:
        """Whether the text is still where going to the passage put it (the reader has not scrolled)."""
        if self.passage is None or self.document is None:
            return False
        y = round(self.scroll_offset.y)
        return y == self._passage_scroll or (y == round(self.max_scroll_y) and self._passage_scroll >= y)

    def _scroll_for_paragraph(self, paragraph: int) -> int:
        assert self.document is not None
        line = self.document.line_of_paragraph(paragraph)
        if line is None:
            return 0
        return min(max(line - self.pinned, 0), max(round(self.max_scroll_y), 0)) if self.size.height else \
            max(line - self.pinned, 0)

    def set_highlight(self, highlight: Highlight | None) -> None:
        if self.document is not None:
            self.document.set_highlight(highlight)
            self.current = None
            self._repaint()
            self.refresh_bindings()

    def find(self, needle: str, origin: int | None = None) -> int:
        """Mark every place `needle` stands and go to the first from line `origin` (the reading
        position when the find began; the top if None); returns how many."""
        if self.document is None:
            return 0
        found = self.document.find(needle)
        self.current = None
        self._repaint()
        self.refresh_bindings()
        if found:
            start = origin or 0
            document = self.document
            self.go_to_mark(next((n for n, mark in enumerate(found) if document.line_of(mark) >= start), 0))
        return len(found)

    @property
    def marks(self) -> list[Mark]:
        if self.document is None:
            return []
        return self.document.finds or self.document.hits

    def go_to_mark(self, index: int) -> None:
        marks = self.marks
        if not marks or self.document is None:
            return
        self.current = index % len(marks)
        self.scroll_to(y=self._scroll_for(self.document.line_of(marks[self.current])), animate=False)
        self._repaint()
        self.announce(self.current + 1, len(marks), "find" if self.document.finds else "hit")

    def announce(self, index: int, total: int, kind: str) -> None:
        """Tell the screen where the reader is, from this widget's own turn: a message made while
        another widget runs counts as sent by it, and Textual does not bubble it back there."""
        self.call_next(lambda: self.post_message(self.MarkMoved(index, total, kind)))

    def _scroll_for(self, line: int) -> int:
        """The scroll that shows document line `line` a third of the way down the text's rows."""
        if line < self.pinned:
            return 0
        return max(line - self.pinned - self.body_height // 3, 0)

    @property
    def body_height(self) -> int:
        """The rows the text scrolls in, under the pinned header and its rule."""
        return max(self.size.height - self._header_rows, 1)

    @property
    def _header_rows(self) -> int:
        return self.pinned + 1 if self.pinned else 0

    def top_line(self) -> int:
        """The document line at the top of the scrolling rows: where the reader is."""
        return self.pinned + round(self.scroll_offset.y)

    def _next_from_reading(self, forward: bool) -> int:
        """The mark to go to from where the reader is reading (not from the last one visited)."""
        assert self.document is not None
        marks = self.marks
        top = self.top_line()
        bottom = top + self.body_height
        if self.current is not None and self.current < len(marks):
            line = self.document.line_of(marks[self.current])
            if top <= line < bottom or (line < self.pinned and self.scroll_offset.y == 0):
                return self.current + (1 if forward else -1)  # still in sight: step on from it
        lines = [self.document.line_of(mark) for mark in marks]
        if forward:
            return next((n for n, line in enumerate(lines) if line >= top), 0)
        return next((n for n in range(len(lines) - 1, -1, -1) if lines[n] < top), len(lines) - 1)

    # Layout

    def _relayout(self) -> None:
        width = self.size.width or 80
        if self.document is not None:
            self.document.layout(width)
            header = self.document.header_lines
            # Pinned only while it leaves most of the rows to the text.
            self.pinned = header if self.size.height and header + 1 <= self.size.height // 3 else 0
            self.virtual_size = Size(width, len(self.document.lines) - self.pinned + self._header_rows)
        else:
            self.pinned = 0
            self.virtual_size = Size(width, 1)
        self._repaint()

    def show_mark(self, marked: bool) -> None:
        """Mark the title (the record is on the current list) or take the mark away: one line drawn again."""
        if marked != self.marked:
            self.marked = marked
            self._cache.pop(0, None)
            self.refresh(Region(0, 0, self.size.width, 1))  # the title's first line: the top row, or out of sight

    def refresh_styles(self) -> None:
        """Draw again in the theme's colours (the drawn lines are kept)."""
        self._repaint()

    def _repaint(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        # The paragraph at the top stays there, wrapped to the new width.
        paragraph = self.reading_paragraph(use_mark=False) if self.document is not None and \
            (self.scroll_offset.y or self.passage is not None) else None
        at_passage = self.at_passage()
        self._relayout()
        if paragraph is not None and self.document is not None:
            if at_passage:
                self._scroll_to_passage()
                self.call_after_refresh(self._scroll_to_passage)
            else:
                line = self.document.line_of_paragraph(paragraph)
                if line is not None:
                    self.scroll_to(y=max(line - self.pinned, 0), animate=False)

    def watch_show_editorial(self, shown: bool) -> None:
        if self.document is not None:
            self.document.set_editorial(shown)
            self.current = None
            self._relayout()

    # Drawing

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        number = scroll_y + y
        if self.document is None:
            if y == 1:
                text = Text("  " + self.placeholder)
                text.stylize(self.rich_style + self.get_component_rich_style("reading--empty"))
                return Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if y < self._header_rows:
            if y == self.pinned:  # the rule under the header: drawn once the text runs under it
                rule = "─" * self.document.measure(width) if scroll_y else ""
                style = base + self.get_component_rich_style("reading--rule")
                margin = self.document.left_margin(width)
                return Strip([Segment(" " * margin, base), Segment(rule, style)]).crop_extend(0, width, base)
            number = y
        else:
            number = scroll_y + y - self._header_rows + self.pinned
        if number >= len(self.document.lines):
            return Strip.blank(width, base)
        strip = self._cache.get(number)
        if strip is None:
            strip = self._draw(number, width)
            self._cache[number] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _draw(self, number: int, width: int) -> Strip:
        document = self.document
        assert document is not None
        line = document.lines[number]
        block = document.blocks[line.block]
        text = Text(block.text[line.start:line.end])
        # Text.render applies spans only: the base style goes in as the first span.
        text.stylize(self.rich_style + self._block_style(block.kind))
        for start, end, style in block.styles:
            self._stylize(text, line, start, end, style)
        editorial = self.get_component_rich_style("reading--editorial")
        for start, end in document.editorial_on(line):
            self._stylize(text, line, start, end, editorial)
        marks = self.marks
        is_find = bool(document.finds)
        mark_style = self.get_component_rich_style("reading--find" if is_find else "reading--hit")
        current = marks[self.current] if self.current is not None and self.current < len(marks) else None
        for mark in document.marks_on(marks, line):
            if mark.block == line.block:
                style = self.get_component_rich_style("reading--current") if mark is current else mark_style
                self._stylize(text, line, mark.start, mark.end, style)
        margin = document.left_margin(width)
        # Empty segments (a blank line) carry no style, which Textual's NO_COLOR filter can't take.
        if number == 0 and self.marked and block.kind == "title":
            # In the margin where there is room for it, else before the title.
            style = self.rich_style + self._block_style("title") + MARK_STYLE
            before = margin - 2 if margin > 2 else 1
            lead = [Segment(" " * before, self.rich_style), Segment(MARK + " ", style)]
        else:
            lead = self._margin(block, line, margin)
        segments = [*lead, *(segment for segment in text.render(self.app.console) if segment.text)]
        return Strip(segments)

    def _margin(self, block: Block, line: Line, margin: int) -> list[Segment]:
        """The margin: a ✎ beside the first line of a noted paragraph, a bar beside the passage
        gone to from a note, a note's own indent."""
        base = self.rich_style
        document = self.document
        assert document is not None
        marker = " "
        style = base
        if block.noted and line.start == 0 and margin >= 2:
            marker, style = "✎", base + self.get_component_rich_style("reading--marker")
        elif self.passage is not None and margin >= 2 and document.paragraph_blocks[self.passage - 1:self.passage] \
                and document.paragraph_blocks[self.passage - 1] == line.block:
            marker, style = "▌", base + self.get_component_rich_style("reading--passage")
        pieces = [Segment(" " * (margin - 2), base), Segment(marker, style), Segment(" ", base)] \
            if marker != " " else [Segment(" " * margin, base)]
        if block.kind == "note":
            pieces.append(Segment(" " * NOTE_INDENT, base))
        return [piece for piece in pieces if piece.text]

    @staticmethod
    def _stylize(text: Text, line: Line, start: int, end: int, style: Style) -> None:
        first, last = line.start, line.end
        if end <= first or start >= last:
            return
        text.stylize(style, max(start, first) - first, min(end, last) - first)

    def _block_style(self, kind: str) -> Style:
        if kind in ("title", "facts", "source", "summary", "note"):
            return self.get_component_rich_style(f"reading--{kind}")
        return Style()

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_mark", "previous_mark"):
            return bool(self.marks)  # out of the footer when there is nothing to jump to
        if action == "toggle_editorial":
            return self.document is not None
        return True

    def action_page_down(self) -> None:
        self.scroll_relative(y=self._page(), animate=False)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-self._page(), animate=False)

    def _page(self) -> int:
        """A page of the text's rows less two lines, kept in sight as the thread of the reading."""
        return max(self.body_height - OVERLAP, 1)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_next_mark(self) -> None:
        if self.marks:
            self.go_to_mark(self._next_from_reading(forward=True))

    def action_previous_mark(self) -> None:
        if self.marks:
            self.go_to_mark(self._next_from_reading(forward=False))

    def on_focus(self) -> None:
        self._repaint()  # the title takes the accent colour while the view has focus

    def on_blur(self) -> None:
        self._repaint()

    def action_toggle_editorial(self) -> None:
        self.show_editorial = not self.show_editorial
        self.notify("Bracketed insertions shown" if self.show_editorial else "Bracketed insertions hidden",
                    timeout=2, markup=False)
