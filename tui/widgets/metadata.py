"""The metadata pane: every field in a fixed order, each value a way onward.

Choosing a person, place, subject or collection searches for it; choosing
a related record opens it; choosing the citation, the id or the URL copies
it; choosing a long value (cut with an ellipsis) shows it whole. Labels are
headings between values, so the pane reads well narrow; a URL stays on one
line, never broken inside a word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.text import visible

if TYPE_CHECKING:
    from tui.model import Record
    from tui.render.metadata import MetaRow


@dataclass(frozen=True, slots=True)
class Choice:
    """What choosing a value does: search, open a related record, or copy."""

    kind: str  # "search", "open", "copy", "expand", "passage" (a note's paragraph, "0" the whole record)
    value: str
    what: str = ""


SECTION_HEADINGS = {"Other": "Other fields, as written"}  # keys the format does not name, kept apart
LONG = 180  # characters: a longer value is cut with an ellipsis until chosen
LONG_LINES = 3


def cut(value: str) -> str | None:
    """A long value's beginning, cut at a word and ended with an ellipsis; None if it is short."""
    lines = value.split("\n")
    if len(value) <= LONG and len(lines) <= LONG_LINES:
        return None
    head = "\n".join(lines[:LONG_LINES])[:LONG]
    space = head.rfind(" ")
    return (head[:space] if space > LONG // 2 else head).rstrip(" ,;:") + "…"


class MetadataPane(OptionList):
    """The current record's fields."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"metadata--invalid", "metadata--section"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="metadata.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="metadata.up"),
        Binding("g,home", "first", "First", show=False, id="metadata.first"),
        Binding("G,end", "last", "Last", show=False, id="metadata.last"),
    ]

    class Chosen(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: dict[int, Choice] = {}
        self.record: Record | None = None
        self._shown_with: tuple[str | None, dict[str, str] | None] = (None, None)
        self._shown_width = 0
        self.notes: list[tuple[int | None, str]] = []  # the reader's notes: paragraph (or None), first line

    def on_resize(self) -> None:
        # A URL is cut to the pane's width: cut it again at the new one, the cursor kept.
        if self.record is not None and self.scrollable_content_region.width != self._shown_width:
            highlighted = self.highlighted
            self.show_record(self.record, rights=self._shown_with[0], related_titles=self._shown_with[1])
            if highlighted is not None and highlighted < self.option_count:
                self.highlighted = highlighted

    def show_record(self, record: Record | None, *, rights: str | None = None,
                    related_titles: dict[str, str] | None = None) -> None:
        """Show every field of `record` (or nothing), and the reader's notes on it."""
        if record is None or self.record is None or record.id != self.record.id:
            self.notes = []
        self.record = record
        self._shown_with = (rights, related_titles)
        self._shown_width = self.scrollable_content_region.width
        self.clear_options()
        self.choices = {}
        if record is None:
            self.add_option(Option(Text("No document open", style="dim italic"), disabled=True))
            return
        from tui.render.metadata import metadata_rows  # the first record shown pays for it

        options: list[Option] = []
        section = "Document"
        for row in metadata_rows(record, rights=rights):
            if row.section != section:
                section = row.section
                heading = SECTION_HEADINGS.get(section, section)
                options.append(Option(Text(heading.upper(), style="bold underline"), disabled=True))
            options.append(Option(Text(row.label, style="bold"), disabled=True))
            for index, value in enumerate(row.values):
                choice = self._choice(row, index, related_titles or {})
                short = cut(value) if choice is None and not row.invalid else None
                if short is not None:
                    choice = Choice("expand", value)
                if choice is not None:
                    self.choices[len(options)] = choice
                options.append(Option(self._value_text(row, short or value, related_titles or {}),
                                      disabled=choice is None))
        if self.notes:
            options.append(Option(Text("NOTES", style="bold underline"), disabled=True))
            for paragraph, line in self.notes:
                self.choices[len(options)] = Choice("passage", str(paragraph or 0))
                where = f"¶{paragraph}" if paragraph is not None else "record"
                options.append(Option(Text.assemble("  ", (where, "bold"), " ", visible(line, keep_layout=False),
                                                    overflow="fold")))
        self.add_options(options)
        first = min(self.choices, default=None)
        if first is not None:
            self.highlighted = first

    def show_notes(self, notes: list[tuple[int | None, str]]) -> None:
        """List the reader's notes on the record shown: the passage's number and the note's first line."""
        if notes == self.notes or self.record is None:
            return
        highlighted = self.highlighted
        self.notes = notes
        self.show_record(self.record, rights=self._shown_with[0], related_titles=self._shown_with[1])
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def _value_text(self, row: MetaRow, value: str, titles: dict[str, str]) -> Text:
        text = Text("  ", overflow="fold")
        if row.url:  # one line, cut with an ellipsis: the whole URL is what is copied
            text = Text("  ", no_wrap=True, overflow="ellipsis")
            text.append(value, style=Style(link=row.url, underline=True))
            text.truncate(max(self.scrollable_content_region.width - 2, 12), overflow="ellipsis")
        elif row.label == "Related" and value in titles:
            text.append(value, style="bold")
            text.append(f"\n  {visible(titles[value], keep_layout=False)}")
        else:
            text.append(value)
        if row.invalid:
            text.append("\n  not valid: shown as written", style=self.get_component_rich_style("metadata--invalid"))
        return text

    @staticmethod
    def _choice(row: MetaRow, index: int, titles: dict[str, str]) -> Choice | None:
        value = row.values[index]
        if row.invalid:
            return None
        if row.label == "Related":
            return Choice("open", value)
        if row.label == "Chicago":
            return Choice("copy", value, "citation")
        if row.label == "Id":
            return Choice("copy", value, "record id")
        if row.url:
            return Choice("copy", row.url, "URL")
        query = row.query(index)
        return Choice("search", query) if query else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self.choices.get(event.option_index)
        if choice is None:
            return
        if choice.kind == "expand":  # shown whole, in place; nothing more to do with it
            del self.choices[event.option_index]
            self.replace_option_prompt_at_index(event.option_index, Text("  " + choice.value, overflow="fold"))
            return
        self.post_message(self.Chosen(choice))
