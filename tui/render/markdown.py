"""A Markdown body rendered by Rich, within bounds, with nothing unsafe left in its segments.

Rich lays Markdown out in more than linear time (a table of 3,000 columns took half a
minute), so a body too long or with a structure too large is shown as plain text instead.
Rendering can also make what the source did not hold: a character reference (`&#27;`)
becomes a control character, a link any URL. Every segment's text is made visible again
and a link kept only to a well-formed http, https or mailto URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style

from tui.model.text import link_target, one_line, visible

MAX_CHARS = 100_000
"""Longer Markdown is shown as text: Rich takes about a second for 100,000 characters."""
MAX_TABLE_COLUMNS = 32
"""More columns than a reading measure can hold, one cell each."""
MAX_TABLE_CELLS = 5_000
MAX_TOKENS = 50_000
PLAIN_NOTICE = "Markdown too large to lay out: shown as plain text."


def fits(body: str) -> bool:
    """True if Rich can lay `body` out as Markdown in reasonable time and memory."""
    if len(body) > MAX_CHARS:
        return False
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().enable("strikethrough").enable("table").parse(body)
    if len(tokens) > MAX_TOKENS:
        return False
    cells = columns = 0
    for token in tokens:
        if token.type == "tr_open":
            columns = 0
        elif token.type in ("th_open", "td_open"):
            columns += 1
            cells += 1
            if columns > MAX_TABLE_COLUMNS or cells > MAX_TABLE_CELLS:
                return False
    return True


def safe_style(style: Style | None) -> Style | None:
    """`style` with its link kept only if it is a link we make."""
    if style is None or not style.link:
        return style
    return style.update_link(link_target(style.link))


def clean_line(segments: Iterable[Segment]) -> Iterator[Segment]:
    """One rendered line's segments: control segments dropped, text made visible, links checked."""
    for segment in segments:
        if segment.control:
            continue
        yield Segment(one_line(segment.text), safe_style(segment.style))


def render_lines(body: str, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]]:
    """The lines of `body` rendered as Markdown (check `fits` first), each one cleaned."""
    from rich.markdown import Markdown

    for line in console.render_lines(Markdown(visible(body)), options, pad=False):
        yield list(clean_line(line))
