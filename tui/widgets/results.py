"""The ranked results: title, date and id, and a snippet with the hits emphasised."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.text import visible
from tui.session import Card
from tui.widgets.marks import mark_text

if TYPE_CHECKING:
    from tui.session import Hit, Results


class ResultsList(OptionList):
    """Results of the current search; Enter opens one, the last option loads more."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"results--hit", "results--meta"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g,home", "first", "First", show=False, id="results.first"),
        Binding("G,end", "last", "Last", show=False, id="results.last"),
    ]

    class ResultChosen(Message):
        def __init__(self, card: Card) -> None:
            super().__init__()
            self.card = card

    class MoreWanted(Message):
        """The reader asked for the next page of results."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self.hits: list[Hit] = []  # what the options show, to draw them again in another theme
        self.total = 0
        self.marked: frozenset[str] = frozenset()  # the records on the current list: drawn with a mark
        self.by_notes: set[str] = set()  # records found only through the reader's notes

    def _prompt(self, number: int, hit: Hit) -> Text:
        card = hit.card
        meta_style = self.get_component_rich_style("results--meta")
        prompt = Text(overflow="fold")
        prompt.append(f"{number}. ", style=meta_style)
        prompt.append_text(mark_text(card.id in self.marked))
        prompt.append(visible(card.title, keep_layout=False), style="bold")
        prompt.append(f"\n{card.date or 'Undated'} · {visible(card.id, keep_layout=False)}", style=meta_style)
        if card.id in self.by_notes:
            prompt.append(" · ", style=meta_style)
            prompt.append("in your notes", style=meta_style + Style(italic=True, dim=True))
        if hit.snippet:
            snippet = Text("\n" + hit.snippet)
            hit_style = self.get_component_rich_style("results--hit")
            for start, end in hit.spans:
                snippet.stylize(hit_style, start + 1, end + 1)
            prompt.append_text(snippet)
        return prompt

    def show_results(self, results: Results, *, append: bool = False) -> None:
        """Show a page of results (or add the next page to those shown)."""
        if not append:
            self.clear_options()
            self.cards = []
            self.hits = []
            self.by_notes = set()
        elif self.option_count and self.get_option_at_index(self.option_count - 1).id == "more":
            self.remove_option_at_index(self.option_count - 1)
        self.total = results.total
        self.by_notes |= results.by_notes
        start = len(self.cards)
        options = []
        for n, hit in enumerate(results.hits):
            if start + n == results.full and start + n and hit.matched < results.words:
                # Past the records with every word: those that lack some (never first in the list).
                options.append(Option(Text("these have some of the words", style="italic"), id="divider",
                                      disabled=True))
            options.append(Option(self._prompt(start + n + 1, hit), id=f"r{start + n}"))
        self.cards += [hit.card for hit in results.hits]
        self.hits += results.hits
        if len(self.cards) < results.total:
            more = Text(f"… {results.total - len(self.cards):,} more: Enter to show the next 50", style="italic")
            options.append(Option(more, id="more"))
        self.add_options(options)
        if not append and self.cards:
            self.highlighted = 0

    def show_nothing(self, lines: list[str]) -> None:
        """No result: say so in the list, in plain words (the lines are the reader's own text)."""
        self.clear_options()
        self.cards, self.hits, self.total = [], [], 0
        meta_style = self.get_component_rich_style("results--meta")
        text = Text(lines[0], style="bold")
        for line in lines[1:]:
            text.append("\n" + line, style=meta_style)
        self.add_option(Option(text, id="nothing", disabled=True))

    def show_marks(self, marked: frozenset[str], changed: frozenset[str]) -> None:
        """Mark the records on the current list: only the results whose mark came or went are
        drawn again. Where a result keeps its height (as nearly always) the others are not
        measured again: re-measuring fifty wrapped results would cost a frame."""
        self.marked = marked
        measure_all = False
        lines: list[tuple[int, int]] = []  # (first line, count) of the results drawn again
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        for number, hit in enumerate(self.hits):
            if hit.card.id not in changed:
                continue
            option_id = f"r{number}"
            index = self.get_option_index(option_id)
            option = self.get_option_at_index(index)
            before = self._line_cache.heights.get(index)
            option._set_prompt(self._prompt(number + 1, hit))
            if before is None or width - padding.width <= 0:
                measure_all = True  # not measured yet, or out of sight: measured when shown
                continue
            after = self._get_visual(option).get_height(self.styles, width - padding.width) + option._divider  # type: ignore[arg-type]
            if before != after:
                measure_all = True
            else:  # the same lines: only this result's drawing is forgotten
                for key in [key for key in self._option_render_cache.keys() if key[0] is option]:  # noqa: SIM118
                    self._option_render_cache.discard(key)
                lines.append((self._line_cache.index_to_line[index], after))
        if measure_all:
            self._clear_caches()
        for first, count in lines:
            self.refresh_lines(first, count)

    def refresh_styles(self) -> None:
        """Draw the results again in the theme's colours (their prompts carry styles)."""
        for number, hit in enumerate(self.hits):  # by id: a divider may stand between two hits
            self.replace_option_prompt(f"r{number}", self._prompt(number + 1, hit))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "more":
            self.post_message(self.MoreWanted(len(self.cards)))
        elif event.option.id is not None and event.option.id.startswith("r"):
            self.post_message(self.ResultChosen(self.cards[int(event.option.id[1:])]))
