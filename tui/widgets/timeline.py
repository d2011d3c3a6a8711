"""The timeline: how the current results (or the whole corpus) spread over the years.

Left and right choose a year; Enter narrows the search to it.
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


class Timeline(Widget, can_focus=True):
    """A histogram of documents per year, one column per year (or per span of years)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--bar", "timeline--cursor", "timeline--label"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right,l", "move(1)", "Later", show=False, id="timeline.later"),
        Binding("home,g", "edge(0)", "First year", show=False, id="timeline.first"),
        Binding("end,G", "edge(1)", "Last year", show=False, id="timeline.last"),
        Binding("enter", "choose", "Narrow to year", id="timeline.choose",
                tooltip="Narrow the search to the chosen years"),
    ]

    class YearsChosen(Message):
        """The reader chose the years first..last."""

        def __init__(self, first: int, last: int) -> None:
            super().__init__()
            self.first, self.last = first, last

    counts: reactive[dict[int, int]] = reactive(dict, always_update=True)
    span: reactive[tuple[int, int] | None] = reactive(None)
    cursor = reactive(0)

    def buckets(self) -> list[tuple[int, int, int]]:
        """(first year, last year, count) for each column group that fits the width."""
        if self.span is None:
            return []
        first, last = self.span
        years = last - first + 1
        width = max(self.size.width - 2, 1)
        step = max(math.ceil(years / width), 1)
        columns = []
        for start in range(first, last + 1, step):
            end = min(start + step - 1, last)
            columns.append((start, end, sum(self.counts.get(y, 0) for y in range(start, end + 1))))
        return columns

    def render(self) -> Text:
        columns = self.buckets()
        if not columns:
            return Text("")
        self.cursor = min(self.cursor, len(columns) - 1)
        # Each column is as wide as the width allows, so a few decades still fill the line.
        cell = max((self.size.width - 2) // len(columns), 1)
        peak = max(count for _a, _b, count in columns) or 1
        bar_style = self.get_component_rich_style("timeline--bar")
        cursor_style = self.get_component_rich_style("timeline--cursor")
        label_style = self.get_component_rich_style("timeline--label")
        bars = Text(" ")
        labels = Text(" ", style=label_style)
        next_label = 0
        for number, (start, _end, count) in enumerate(columns):
            level = 0 if not count else max(1, round(math.sqrt(count / peak) * (len(BARS) - 1)))
            chosen = number == self.cursor and self.has_focus
            glyph = BARS[level] if level else ("·" if chosen else " ")
            bars.append(glyph * cell, cursor_style if chosen else bar_style)
            position = number * cell
            if position >= next_label:
                label = str(start)
                labels.append(" " * (position - labels.cell_len + 1) + label)
                next_label = labels.cell_len + 2
        if not any(count for _a, _b, count in columns):  # a search that found nothing
            labels = Text(f" No record in {columns[0][0]}–{columns[-1][1]} matches this search", style=label_style)
        elif self.has_focus:
            start, end, count = columns[self.cursor]
            years = str(start) if start == end else f"{start}–{end}"
            labels = Text(f" {years}: {count:,} document{'s' * (count != 1)}   ←/→ choose, Enter narrows the search",
                          style=label_style)
        return Text("\n").join([bars, labels])

    def action_move(self, step: int) -> None:
        columns = self.buckets()
        if columns:
            self.cursor = (self.cursor + step) % len(columns)

    def action_edge(self, end: int) -> None:
        self.cursor = (len(self.buckets()) - 1) if end else 0

    def action_choose(self) -> None:
        columns = self.buckets()
        if columns:
            start, end, _count = columns[self.cursor]
            self.post_message(self.YearsChosen(start, end))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
