"""A record rendered for a terminal: header, body, metadata, citation.

Everything from the corpus enters as `Text` or segments (never markup), controls
made visible, so a record can't change what the terminal does. The body is wrapped
by `tui.render.wrap` and written as segments, so its time and memory grow linearly
with its size (Rich's own wrapping of a long text does not).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tui.model.text import one_line
from tui.render import markdown
from tui.render.body import Paragraph, facts_line, paragraphs
from tui.render.metadata import metadata_rows
from tui.render.wrap import wrap

if TYPE_CHECKING:
    from tui.model import Record

EDITORIAL_STYLE = Style(italic=True, dim=True)
INDENT = 2
BATCH = 1000  # lines per write: few calls into Rich, little held at once


def header_text(record: Record) -> Text:
    """Title, then date, correspondents and type on one line."""
    header = Text(one_line(record.title), style="bold")
    header.append("\n")
    header.append(facts_line(record), style="dim")
    return header


def metadata_table(record: Record, *, rights: str | None = None) -> Table:
    """Every field, labelled, one row each."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for row in metadata_rows(record, rights=rights):
        value = Text("; ".join(row.values))
        if row.invalid:
            value.append("  (not valid: see readingroom check)", style="red")
        table.add_row(Text(row.label), value)
    return table


def body_lines(record: Record, console: Console, width: int) -> Iterator[list[Segment]]:
    """The body's screen lines, `width` cells wide at most, indented; Markdown if it fits."""
    indent = Segment(" " * INDENT)
    measure = max(width - INDENT, 10)
    if record.body_format == "markdown":
        if markdown.fits(record.body):
            options = console.options.update(width=measure)
            for line in markdown.render_lines(record.body, console, options):
                trimmed = _trimmed(line)
                yield [indent, *trimmed] if trimmed else []
            return
        yield [indent, Segment(markdown.PLAIN_NOTICE, Style(dim=True))]
        yield []
    for number, paragraph in enumerate(paragraphs(record.body)):
        if number:
            yield []
        for line in _paragraph_lines(paragraph, measure):
            yield [indent, *line]


def _paragraph_lines(paragraph: Paragraph, measure: int) -> Iterator[list[Segment]]:
    """Wrapped lines with the editorial insertions styled; a span is visited only by lines it touches."""
    text, spans = paragraph.text, paragraph.editorial
    first = 0
    for start, end in wrap(text, measure):
        end = start + len(text[start:end].rstrip(" "))
        while first < len(spans) and spans[first][1] <= start:
            first += 1
        yield _pieces(text, start, end, spans, first)


def _pieces(text: str, cursor: int, end: int, spans: list[tuple[int, int]], index: int) -> list[Segment]:
    """The line from `cursor` to `end`, styled where the spans from number `index` on cover it."""
    line = []
    while index < len(spans) and spans[index][0] < end:
        span_start, span_end = spans[index]
        if span_start > cursor:
            line.append(Segment(text[cursor:span_start]))
        line.append(Segment(text[max(span_start, cursor):min(span_end, end)], EDITORIAL_STYLE))
        cursor = min(span_end, end)
        index += 1
    if cursor < end:
        line.append(Segment(text[cursor:end]))
    return line


def _trimmed(line: Iterable[Segment]) -> list[Segment]:
    """A rendered line without the trailing spaces Rich pads with (they clutter pipes and files)."""
    segments = list(line)
    while segments and not segments[-1].text.strip(" "):
        segments.pop()
    if segments:
        last = segments.pop()
        segments.append(Segment(last.text.rstrip(" "), last.style))
    return segments


def print_record(console: Console, record: Record, *, rights: str | None = None, width: int = 100) -> None:
    """The whole record, for `readingroom show`."""
    print_trimmed(console, header_text(record), width)
    if record.body.strip():
        console.print()
        batch: list[Segment] = []
        for number, line in enumerate(body_lines(record, console, width), 1):
            batch += [*line, Segment.line()]
            if number % BATCH == 0:
                console.print(Segments(batch), end="", crop=False)  # lines fit already
                batch = []
        console.print(Segments(batch), end="", crop=False)
    console.print()
    print_trimmed(console, Group(Rule(style="dim"), metadata_table(record, rights=rights)), width)


def print_trimmed(console: Console, renderable: RenderableType, width: int) -> None:
    """Print a small renderable without trailing spaces, its segments cleaned as the body's are."""
    options = console.options.update(width=width)
    lines = [[*_trimmed(markdown.clean_line(line)), Segment.line()]
             for line in console.render_lines(renderable, options, pad=False)]
    console.print(Segments([segment for line in lines for segment in line]), end="")
