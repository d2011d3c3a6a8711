"""Greedy word wrapping by terminal cells, as offsets into the text.

Offsets (not copies) let styles, search hits and find matches be laid
over the wrapped lines without wrapping again. A megabyte wraps in tens
of milliseconds: lines of single-cell characters take a fast path.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

Line = tuple[int, int]


def wrap(text: str, width: int) -> list[Line]:
    """The (start, end) offsets of each line of `text` wrapped to `width` cells.

    Line breaks in the text are kept; a word longer than the width is cut.
    """
    width = max(width, 1)
    lines: list[Line] = []
    offset = 0
    for hard_line in text.split("\n"):
        if len(hard_line) <= width and hard_line.isascii():
            lines.append((offset, offset + len(hard_line)))
        else:
            lines.extend(_wrap_line(hard_line, width, offset))
        offset += len(hard_line) + 1
    return lines


def _wrap_line(line: str, width: int, base: int) -> list[Line]:
    single_cells = line.isascii() or cell_len(line) == len(line)
    out: list[Line] = []
    start = 0
    n = len(line)
    while start < n:
        limit = start + width if single_cells else _fit(line, start, width)
        if limit >= n:
            out.append((base + start, base + n))
            break
        space = line.rfind(" ", start, limit + 1)
        if space > start:
            end = space
            following = space + 1
            while end > start and line[end - 1] == " ":
                end -= 1
            while following < n and line[following] == " ":
                following += 1
        else:
            end = following = max(limit, start + 1)
        out.append((base + start, base + end))
        start = following
    if not out:
        out.append((base, base))
    return out


def _fit(line: str, start: int, width: int) -> int:
    """The offset after the last character from `start` that fits in `width` cells."""
    used = 0
    index = start
    for index in range(start, len(line)):
        used += get_character_cell_size(line[index])
        if used > width:
            return index
    return len(line)
