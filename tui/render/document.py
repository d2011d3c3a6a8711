"""A record laid out for reading: blocks of display text, wrapped to a measure, with marks.

The reading view draws lines from this layout; nothing here knows Textual.
A line is an offset range into a block, so search hits, find matches and
editorial insertions (all offsets into a block's text) are laid over it
without copying or wrapping again. Layout is linear in the text's size (a
megabyte in tens of milliseconds); Markdown too large for Rich is laid out as text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rich.console import Console
from rich.style import Style

from tui.model.text import one_line, visible
from tui.render import markdown
from tui.render.body import Paragraph, facts_line, paragraphs, without_editorial
from tui.render.wrap import wrap

if TYPE_CHECKING:
    from tui.model import Problem, Record

Span = tuple[int, int]


class Highlight(Protocol):
    """Where a search's words stand in a text (the index's `Highlight` is one); falsy for none."""

    def __bool__(self) -> bool: ...

    def spans(self, text: str) -> list[Span]: ...


MEASURE = 76  # the widest a reading line gets by default: a book's measure (a setting)
MEASURES = (40, 120)  # the measures a setting may ask for
NOTE_INDENT = 4  # a note's text stands this far in from its paragraph
NOTE_ON_RECORD = "a note on the whole record: z shows it"  # a folded note with no paragraph


@dataclass(frozen=True, slots=True)
class PlacedNote:
    """A reader's note as the reading view shows it: under paragraph `paragraph` (from 1), or at
    the top of the text where it has no place (None)."""

    paragraph: int | None
    text: str


@dataclass(slots=True)
class Block:
    """A run of display text: a title, a facts line, a paragraph, or a pre-styled markdown line."""

    text: str
    kind: str  # "title", "facts", "source", "summary", "body", "markdown", "blank"
    editorial: list[Span] = field(default_factory=list)
    styles: list[tuple[int, int, Style]] = field(default_factory=list)  # markdown's own styles
    wrap: bool = True
    noted: bool = False  # a reader's note is on this paragraph: a marker in its margin


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: the part [start, end) of block `block`."""

    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked stretch (a search hit or a find match) of one block."""

    block: int
    start: int
    end: int


def source_line(record: Record) -> str:
    """Where the original is kept and how to ask for it: "APRF · f. 45, op. 1, d. 347"."""
    if "source" in record.invalid:
        return ""
    parts = [one_line(text.strip()) for text in (record.source_text("repository"), record.source_text("reference"))
             if text and text.strip()]
    return " · ".join(parts)


def header_blocks(record: Record) -> list[Block]:
    """Title; date with its uncertainty, from → to, type; repository and reference; summary."""
    blocks = [Block(one_line(record.title), "title"), Block(facts_line(record), "facts")]
    source = source_line(record)
    if source:
        blocks.append(Block(source, "source"))
    summary = record.text("summary")
    if summary:
        blocks += [Block("", "blank"), Block(visible(summary.strip()), "summary")]
    return blocks


class Document:
    """A record's reading layout; call `layout(width)` after a resize."""

    def __init__(self, record: Record, *, show_editorial: bool = True, highlight: Highlight | None = None,
                 console: Console | None = None, measure: int = MEASURE) -> None:
        self.record = record
        self.max_measure = min(max(measure, MEASURES[0]), MEASURES[1])
        self.show_editorial = show_editorial
        self.highlight: Highlight | None = highlight
        self.console = console
        self.blocks: list[Block] = []
        self.lines: list[Line] = []
        self.width = 0
        self.hits: list[Mark] = []
        self.finds: list[Mark] = []
        self._markdown_width = 0
        self._is_markdown: bool | None = None
        self.notes: list[PlacedNote] = []
        self.notes_folded = False
        self.paragraph_blocks: list[int | None] = []  # the block each paragraph (from 0) begins, if shown
        self._base: tuple[list[Block], list[int | None]] = ([], [])  # the blocks without the notes
        self._build(self.max_measure)

    @property
    def is_markdown(self) -> bool:
        """A Markdown body that Rich can lay out (checked once)."""
        if self._is_markdown is None:
            self._is_markdown = self.record.body_format == "markdown" and markdown.fits(self.record.body)
        return self._is_markdown

    def paragraph_texts(self) -> list[str]:
        """The body's paragraphs as a note's anchor counts them (1 is the first)."""
        return [paragraph.text for paragraph in paragraphs(self.record.body)]

    def _build(self, measure: int) -> None:
        blocks = header_blocks(self.record)
        body = self.record.body
        starts: list[int | None] = []
        if body.strip():
            blocks.append(Block("", "blank"))
            if self.is_markdown:
                first = len(blocks)
                blocks += self._markdown_blocks(measure)
                starts = _markdown_starts(self.paragraph_texts(), blocks, first)
            else:
                if self.record.body_format == "markdown":
                    blocks += [Block(markdown.PLAIN_NOTICE, "facts"), Block("", "blank")]
                for index, paragraph in enumerate(paragraphs(body)):
                    shown: Paragraph = paragraph if self.show_editorial else without_editorial(paragraph)
                    if not shown.text.strip():
                        starts.append(None)
                        continue
                    if index:
                        blocks.append(Block("", "blank"))
                    starts.append(len(blocks))
                    blocks.append(Block(shown.text, "body", shown.editorial))
        self._base = (blocks, starts)
        self._place_notes()

    def set_notes(self, notes: list[PlacedNote], *, folded: bool | None = None) -> None:
        """Show these notes beside their paragraphs (their text folded away or not); laid out again."""
        self.notes = list(notes)
        if folded is not None:
            self.notes_folded = folded
        self._place_notes()
        if self.width:
            self.layout(self.width, force=True)

    def _place_notes(self) -> None:
        """The blocks with the notes put in: each under its paragraph, the rest at the top of the text."""
        base, starts = self._base
        under: dict[int, list[str]] = {}
        top: list[str] = []
        for note in self.notes:
            number = note.paragraph
            start = starts[number - 1] if number is not None and 1 <= number <= len(starts) else None
            if start is None:
                top.append(note.text)
            else:
                under.setdefault(start, []).append(note.text)
        blocks: list[Block] = []
        moved: dict[int, int] = {}
        header = next((n for n, b in enumerate(base) if b.kind not in ("title", "facts", "source")), len(base))
        for number, block in enumerate(base):
            if number == header and top:
                blocks.append(Block("", "blank"))
                if self.notes_folded:
                    blocks.append(Block(NOTE_ON_RECORD, "note", noted=True))
                else:
                    blocks += [Block(visible(text), "note", noted=True) for text in top]
            moved[number] = len(blocks)
            if number in under:
                block = Block(block.text, block.kind, block.editorial, block.styles, block.wrap, noted=True)
            blocks.append(block)
            if number in under and not self.notes_folded:
                blocks += [Block(visible(text), "note") for text in under[number]]
        if header == len(base) and top:  # a record with nothing under its header
            blocks.append(Block("", "blank"))
            blocks += [Block(visible(text) if not self.notes_folded else NOTE_ON_RECORD, "note", noted=True)
                       for text in (top if not self.notes_folded else top[:1])]
        self.blocks = blocks
        self.paragraph_blocks = [moved[start] if start is not None else None for start in starts]
        highlight = self.highlight
        self.hits = self._marks(lambda text: highlight.spans(text)) if highlight else []
        self.finds = []

    def _markdown_blocks(self, measure: int) -> list[Block]:
        console = self.console or Console(width=measure, color_system="truecolor", force_terminal=True)
        options = console.options.update(width=measure)
        blocks = []
        for segments in markdown.render_lines(self.record.body, console, options):
            pieces = []
            styles = []
            length = 0
            for segment in segments:
                if segment.style is not None:
                    styles.append((length, length + len(segment.text), segment.style))
                pieces.append(segment.text)
                length += len(segment.text)
            blocks.append(Block("".join(pieces).rstrip(), "markdown", styles=styles, wrap=False))
        self._markdown_width = measure
        return blocks

    def set_editorial(self, shown: bool) -> None:
        """Show or hide the [bracketed] insertions; the layout is redone."""
        if shown != self.show_editorial:
            self.show_editorial = shown
            self._build(self.measure(self.width) if self.width else self.max_measure)
            if self.width:
                self.layout(self.width, force=True)

    def set_highlight(self, highlight: Highlight | None) -> None:
        self.highlight = highlight
        self.hits = self._marks(lambda text: highlight.spans(text)) if highlight else []

    def measure(self, width: int) -> int:
        """The text width for a pane `width` cells wide: at most the measure, with a margin."""
        return max(min(width - 4, self.max_measure), 10)

    @property
    def header_lines(self) -> int:
        """How many screen lines the title, the facts and the source take (kept in sight)."""
        count = 0
        for line in self.lines:
            if self.blocks[line.block].kind not in ("title", "facts", "source"):
                break
            count += 1
        return count

    def layout(self, width: int, *, force: bool = False) -> list[Line]:
        """Wrap every block to the measure of a pane `width` cells wide."""
        if width == self.width and not force:
            return self.lines
        measure = self.measure(width)
        if self.is_markdown and measure != self._markdown_width:
            self._build(measure)
        lines: list[Line] = []
        for number, block in enumerate(self.blocks):
            if not block.wrap or not block.text:
                lines.append(Line(number, 0, len(block.text)))
                continue
            wrap_at = max(measure - NOTE_INDENT, 10) if block.kind == "note" else measure
            lines.extend(Line(number, start, end) for start, end in wrap(block.text, wrap_at))
        self.lines = lines
        self.width = width
        return lines

    def left_margin(self, width: int) -> int:
        """Centres the measure when the pane is wider than it."""
        return max((width - self.measure(width)) // 2, 1)

    def _marks(self, find: Callable[[str], Iterable[Span]]) -> list[Mark]:
        marks = []
        for number, block in enumerate(self.blocks):
            if block.kind in ("blank", "facts", "source", "note"):
                continue
            for start, end in find(block.text):
                marks.append(Mark(number, start, end))
        return marks

    def find(self, needle: str) -> list[Mark]:
        """Every place `needle` stands (ignoring case); remembered for drawing."""
        if not needle:
            self.finds = []
            return self.finds
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        self.finds = self._marks(lambda text: [m.span() for m in pattern.finditer(text)])
        return self.finds

    def editorial_on(self, line: Line) -> Iterator[Span]:
        """The editorial spans of `line`'s block that touch it, found by bisection (a long
        paragraph may hold thousands, and a line is drawn often)."""
        spans = self.blocks[line.block].editorial  # in order, never overlapping
        for index in range(bisect_right(spans, line.start, key=lambda span: span[1]), len(spans)):
            if spans[index][0] >= line.end:
                return
            yield spans[index]

    @staticmethod
    def marks_on(marks: list[Mark], line: Line) -> Iterator[Mark]:
        """The marks (in document order, never overlapping) that touch `line`."""
        first = bisect_right(marks, (line.block, line.start), key=lambda mark: (mark.block, mark.end))
        for index in range(first, len(marks)):
            mark = marks[index]
            if (mark.block, mark.start) >= (line.block, line.end):
                return
            yield mark

    def line_of(self, mark: Mark) -> int:
        """The index of the screen line holding the start of `mark`."""
        low, high = 0, len(self.lines) - 1
        while low < high:  # lines are in block order, then offset order
            middle = (low + high + 1) // 2
            line = self.lines[middle]
            if (line.block, line.start) <= (mark.block, mark.start):
                low = middle
            else:
                high = middle - 1
        return low

    def paragraph_at(self, line: int) -> int | None:
        """The paragraph (from 1) at screen line `line`: the one it is part of (or the note under
        it), else the next one down, else the last; None for a text with no paragraph."""
        shown = [(block, number) for number, block in enumerate(self.paragraph_blocks, 1) if block is not None]
        if not shown or not self.lines:
            return None
        block = self.lines[min(max(line, 0), len(self.lines) - 1)].block
        here = [number for start, number in shown if start <= block]
        if here and self._belongs(here[-1], block):
            return here[-1]
        later = [number for start, number in shown if start > block]
        return later[0] if later else shown[-1][1]

    def _belongs(self, paragraph: int, block: int) -> bool:
        """Whether `block` is paragraph `paragraph`'s own block or a note under it."""
        start = self.paragraph_blocks[paragraph - 1]
        if start is None:
            return False
        end = start + 1
        if self.is_markdown:  # a paragraph is the markdown lines up to the next one's first
            following = [b for b in self.paragraph_blocks[paragraph:] if b is not None]
            end = following[0] if following else len(self.blocks)
        while end < len(self.blocks) and self.blocks[end].kind == "note":
            end += 1
        return start <= block < end

    def line_of_paragraph(self, paragraph: int) -> int | None:
        """The first screen line of paragraph `paragraph` (from 1), if it is shown."""
        if not 1 <= paragraph <= len(self.paragraph_blocks):
            return None
        block = self.paragraph_blocks[paragraph - 1]
        if block is None:
            return None
        return self.line_of(Mark(block, 0, 0))

    def plain_text(self) -> str:
        """The body as shown, for copying."""
        return "\n\n".join(b.text for b in self.blocks if b.kind in ("body", "markdown"))


def _markdown_starts(texts: list[str], blocks: list[Block], first: int) -> list[int | None]:
    """The markdown line each paragraph of the source begins on, found by its first word."""
    starts: list[int | None] = []
    at = first
    for text in texts:
        words = re.findall(r"\w+", text)
        found = None
        if words:
            word = words[0].casefold()
            found = next((n for n in range(at, len(blocks)) if word in blocks[n].text.casefold()), None)
        if found is not None:
            at = found + 1
        starts.append(found)
    return starts


def problem_document(problem: Problem) -> Document:
    """A problem of the corpus, shown in the reading view like a record."""
    from tui.model.record import Record

    body = (f"{problem.location()}\n\n{problem.message}\n\n"
            "Fix the file and Reading Room reads it again at its next start "
            "(or run: readingroom check, to see every problem).")
    fields: dict[str, object] = {"body": body, "type": "Problem"}
    return Document(Record(problem.id or "", f"Problem in {problem.path}", problem.path, problem.line or 1, 0, fields))
