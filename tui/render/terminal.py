"""A record rendered for a terminal by Rich: header, body, metadata, citation.

Everything from the corpus enters as `Text` (never markup), controls made
visible, so a record can't change what the terminal does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from tui.model.text import visible
from tui.render.body import facts_line, paragraphs
from tui.render.metadata import metadata_rows

if TYPE_CHECKING:
    from tui.model import Record

EDITORIAL_STYLE = "italic dim"


def header_text(record: Record) -> Text:
    """Title, then date, correspondents and type on one line."""
    header = Text(visible(record.title, keep_layout=False), style="bold")
    header.append("\n")
    header.append(facts_line(record), style="dim")
    return header


def body_renderable(record: Record) -> RenderableType:
    """The body: paragraphs apart, line breaks kept, editorial insertions styled."""
    if record.body_format == "markdown":
        from rich.markdown import Markdown

        return Markdown(visible(record.body))
    texts = []
    for paragraph in paragraphs(record.body):
        text = Text(paragraph.text)
        for start, end in paragraph.editorial:
            text.stylize(EDITORIAL_STYLE, start, end)
        texts.append(text)
    return Text("\n\n").join(texts)


def record_renderable(record: Record, *, rights: str | None = None, width: int = 100) -> RenderableType:
    """The whole record for `readingroom show`."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for row in metadata_rows(record, rights=rights):
        value = Text("; ".join(row.values))
        if row.invalid:
            value.append("  (not valid: see readingroom check)", style="red")
        table.add_row(Text(row.label), value)
    parts: list[RenderableType] = [header_text(record)]
    if record.body.strip():
        parts += [Text(""), Padding(body_renderable(record), (0, 0, 0, 2))]
    parts += [Text(""), Rule(style="dim"), table]
    return Group(*parts)


def print_trimmed(console: Console, renderable: RenderableType, width: int) -> None:
    """Print without the trailing spaces Rich pads lines with (they clutter pipes and files)."""
    options = console.options.update(width=width)
    for line in console.render_lines(renderable, options, pad=False):
        while line and not line[-1].control and line[-1].text != line[-1].text.rstrip(" "):
            last = line.pop()
            if last.text.strip():
                line.append(Segment(last.text.rstrip(" "), last.style))
                break
        console.print(Segments([*line, Segment.line()]), end="")
