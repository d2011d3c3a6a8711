"""Layout stays linear in a text's size, and Markdown too large to lay out is shown as text.

Work is counted, not timed: the Python operations (bytecodes) that laying out a body runs,
and the memory it holds at most, for a body and for one four times as long. Linear work
grows four times; a line that scanned every editorial mark of its paragraph, or a layout
that kept a copy per line, would grow faster.
"""

from __future__ import annotations

import io
import random
import sys
import tracemalloc
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from rich.console import Console

from tui.model.record import Record
from tui.render import markdown
from tui.render.document import Document
from tui.render.terminal import print_record

SIZE = 50_000  # and four times as much: enough lines for the per-line work to show


def body(size: int, shape: str) -> str:
    """About `size` characters of text with editorial insertions and some wide characters:
    many paragraphs, one paragraph of lines, or one long line."""
    rng = random.Random(7)
    words = ["letter", "comrade", "[sic]", "Korea", "金日成", "situation", "[illegible]", "the", "[of]"]
    separator = {"paragraphs": "\n\n", "lines": "\n", "line": " "}[shape]
    parts = []
    length = 0
    while length < size:
        part = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
        parts.append(part)
        length += len(part) + len(separator)
    return separator.join(parts)


def record(text: str, body_format: str = "text") -> Record:
    return Record("big", "Big", "big.toml", 1, 0, {"body": text, "body_format": body_format})


def operations(task: Callable[[], object]) -> int:
    """The bytecodes `task` runs."""
    count = 0

    def trace(frame: FrameType, event: str, _arg: Any) -> Callable[[FrameType, str, Any], Any]:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return trace

    task()  # once untraced: imports and caches are not the layout's work
    sys.settrace(trace)
    try:
        task()
    finally:
        sys.settrace(None)
    return count


def peak_memory(task: Callable[[], object]) -> int:
    """The most memory `task` holds at once."""
    task()
    tracemalloc.start()
    try:
        task()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def show(text: str) -> Callable[[], object]:
    def run() -> None:
        print_record(Console(file=io.StringIO(), width=100, color_system=None), record(text))

    return run


def lay_out(text: str) -> Callable[[], object]:
    return lambda: Document(record(text)).layout(90)


@pytest.mark.parametrize("shape", ["paragraphs", "line"])
@pytest.mark.parametrize("task", [show, lay_out], ids=["show", "reading view"])
def test_layout_work_grows_linearly(shape: str, task: Callable[[str], Callable[[], object]]) -> None:
    small, large = operations(task(body(SIZE, shape))), operations(task(body(4 * SIZE, shape)))
    assert large < 4.4 * small, (small, large)
    # Memory is measured on larger bodies: at small sizes Python's free lists blur it.
    small, large = peak_memory(task(body(4 * SIZE, shape))), peak_memory(task(body(16 * SIZE, shape)))
    assert large < 4.4 * small, (small, large)


def wide_table(columns: int, rows: int = 3) -> str:
    line = "|" + "|".join(f"c{n}" for n in range(columns)) + "|\n"
    return line + "|" + "---|" * columns + "\n" + line * rows


def test_markdown_too_large_to_lay_out_is_shown_as_text() -> None:
    assert markdown.fits("# A heading\n\n" + wide_table(8))
    assert not markdown.fits(wide_table(3000))  # too many columns
    assert not markdown.fits(wide_table(20, rows=300))  # too many cells
    assert not markdown.fits("word " * (markdown.MAX_CHARS // 4))  # too long
    document = Document(record(wide_table(3000), "markdown"))
    assert not document.is_markdown
    texts = [block.text for block in document.blocks]
    assert markdown.PLAIN_NOTICE in texts
    assert any(text.startswith("|c0|c1|c2|") for text in texts)
    buffer = io.StringIO()
    print_record(Console(file=buffer, width=100, color_system=None), record(wide_table(3000), "markdown"))
    assert markdown.PLAIN_NOTICE in buffer.getvalue() and "|c2999|" in buffer.getvalue()


def test_markdown_that_fits_is_laid_out_as_markdown() -> None:
    document = Document(record("# Heading\n\nSome *text*.\n\n" + wide_table(4), "markdown"))
    assert document.is_markdown
    texts = [block.text for block in document.blocks]
    assert markdown.PLAIN_NOTICE not in texts and "Heading" in "".join(texts) and "c3" in "".join(texts)


def test_a_line_finds_its_own_marks_without_scanning_the_paragraph() -> None:
    from tui.index.highlight import Highlight

    document = Document(record(body(4 * SIZE, "line")), highlight=Highlight(frozenset({"comrade"})))
    lines = document.layout(90)
    spans = sum(len(block.editorial) for block in document.blocks)
    assert spans > 1000 and len(document.hits) > 1000
    visited = 0
    for line in lines:
        editorial = list(document.editorial_on(line))
        marks = list(document.marks_on(document.hits, line))
        block = document.blocks[line.block]
        assert editorial == [(s, e) for s, e in block.editorial if e > line.start and s < line.end]
        assert marks == [m for m in document.hits if m.block == line.block and m.end > line.start
                         and m.start < line.end]
        visited += len(editorial) + len(marks)
    # A span or mark across a line break is seen by both lines: at most one extra visit a line.
    assert visited <= spans + len(document.hits) + 2 * len(lines)
