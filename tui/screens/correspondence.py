"""Correspondence: everyone a person wrote to or heard from, and the letters of one exchange.

The correspondents are on the left, most letters first; the exchange with the one under the
cursor fills the right, in date order, each letter marked → (sent) or ← (received) with the
time since the one before, and its years on a timeline. Enter on a letter hands it, with its
exchange, to the main screen, which opens it and steps through the exchange with > and <.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.commands import ScreenCommands
from tui.model.text import visible
from tui.session import Card, Correspondent, Exchange, Session
from tui.widgets.answers import Answer, Requests, post_answer
from tui.widgets.timeline import Timeline


class CorrespondentsFound(Answer):
    """Everyone a person wrote to or heard from (under the name their alias group goes by)."""

    kind = "correspondents"

    def __init__(self, request: int, person: str, people: list[Correspondent]) -> None:
        super().__init__(request)
        self.person, self.people = person, people


class ExchangeFound(Answer):
    """The letters between two people."""

    kind = "exchange"

    def __init__(self, request: int, exchange: Exchange) -> None:
        super().__init__(request)
        self.exchange = exchange


def gap_words(days: int) -> str:
    """ "the same day", "3 days later", "2 weeks later", "3 months later", "2 years later"."""
    if days <= 0:
        return "the same day"
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if days >= size * (2 if unit != "day" else 1):
            count = round(days / size)
            return f"{count} {unit}{'s' * (count != 1)} later"
    return f"{days} days later"


def plain(text: str) -> str:
    return visible(text, keep_layout=False)


class CorrespondenceScreen(Screen[tuple[Exchange, Card] | None]):
    """A person's correspondents and exchanges; dismissed with the letter to open."""

    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="letters.close", tooltip="Back to the reading room"),
        Binding("tab", "switch", "Switch list", id="letters.switch",
                tooltip="Between the correspondents and the letters"),
    ]

    def __init__(self, session: Session, name: str) -> None:
        super().__init__()
        self.session = session
        self.asked = name
        self.person = name
        self.requests = Requests()
        self.people: list[Correspondent] = []
        self.exchange: Exchange | None = None
        self._letter_rows: dict[int, int] = {}  # option index -> letter index

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Correspondents of ", "bold"), plain(self.asked)), id="letters-title")
        with Horizontal(id="letters-panes"):
            table: DataTable[Text] = DataTable(id="correspondents", cursor_type="row", zebra_stripes=True)
            yield table
            with Vertical(id="exchange-pane"):
                yield Static(id="exchange-title", markup=False)
                timeline = Timeline(id="exchange-timeline")
                timeline.can_focus = False
                yield timeline
                yield OptionList(id="letters")
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#correspondents", DataTable)

    @property
    def letters(self) -> OptionList:
        return self.query_one("#letters", OptionList)

    def on_mount(self) -> None:
        table = self.table
        for label, key in (("Correspondent", "name"), ("→ sent", "sent"), ("← received", "received"),
                           ("First", "first"), ("Last", "last")):
            table.add_column(label, key=key)
        table.focus()
        self.query_one("#exchange-title", Static).update(Text("Reading the letters…", style="dim italic"))
        self._find_people(self.requests.start(CorrespondentsFound.kind), self.asked)

    @work(thread=True, exclusive=True, group="correspondents")
    def _find_people(self, request: int, name: str) -> None:
        person = self.session.resolve(name)
        post_answer(self, CorrespondentsFound(request, person, self.session.correspondents(name)))

    @on(CorrespondentsFound)
    def _people_found(self, answer: CorrespondentsFound) -> None:
        if not self.requests.is_current(answer):
            return
        self.person, self.people = answer.person, answer.people
        title = Text.assemble(("Correspondents of ", "bold"), (plain(answer.person), "bold"),
                              f"  ·  {len(answer.people):,} correspondent{'s' * (len(answer.people) != 1)}, "
                              "most letters first  ·  Enter: the letters, Tab: switch, Escape: back")
        self.query_one("#letters-title", Static).update(title)
        table = self.table
        table.clear()
        for number, person in enumerate(answer.people):
            table.add_row(Text(plain(person.name)), Text(f"{person.sent:,}", justify="right"),
                          Text(f"{person.received:,}", justify="right"), Text(plain(person.first or "undated")),
                          Text(plain(person.last or "undated")), key=str(number))
        if not answer.people:
            self.query_one("#exchange-title", Static).update(
                Text(f"No letters from or to {plain(answer.person)} in this corpus", style="italic"))

    @on(DataTable.RowHighlighted, "#correspondents")
    def _person_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.people):
            other = self.people[event.cursor_row].name
            self._find_exchange(self.requests.start(ExchangeFound.kind), self.person, other)

    @on(DataTable.RowSelected, "#correspondents")
    def _person_chosen(self, event: DataTable.RowSelected) -> None:
        self.letters.focus()

    @work(thread=True, exclusive=True, group="exchange")
    def _find_exchange(self, request: int, person: str, other: str) -> None:
        post_answer(self, ExchangeFound(request, self.session.exchange(person, other)))

    @on(ExchangeFound)
    def _exchange_found(self, answer: ExchangeFound) -> None:
        if self.requests.is_current(answer):
            self.show_exchange(answer.exchange)

    def show_exchange(self, exchange: Exchange) -> None:
        """The letters between the two, both ways, with the time between them."""
        self.exchange = exchange
        years = exchange.years()
        span = "" if not years else f", {min(years)}" if len(years) == 1 else f", {min(years)}–{max(years)}"
        self.query_one("#exchange-title", Static).update(Text.assemble(
            (plain(exchange.person), "bold"), " and ", (plain(exchange.other), "bold"),
            f": {len(exchange.letters):,} letter{'s' * (len(exchange.letters) != 1)} "
            f"({exchange.sent:,} →, {exchange.received:,} ←){span}"))
        timeline = self.query_one(Timeline)
        timeline.span = (min(years), max(years)) if years else None
        timeline.counts = years
        options: list[Option] = []
        self._letter_rows = {}
        for number, letter in enumerate(exchange.letters):
            if letter.gap_days is not None and number:
                options.append(Option(Text(f"   · {gap_words(letter.gap_days)}", style="dim italic"),
                                      disabled=True))
            self._letter_rows[len(options)] = number
            when = plain(letter.card.date or "undated")
            options.append(Option(Text.assemble((f" {letter.arrow} ", "bold"), (when, "bold"), "  ",
                                                plain(letter.card.title))))
        letters = self.letters
        letters.clear_options()
        letters.add_options(options)
        if options:
            letters.highlighted = min(self._letter_rows)

    @on(OptionList.OptionSelected, "#letters")
    def _letter_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = self._letter_rows.get(event.option_index)
        if number is not None and self.exchange is not None:
            self.dismiss((self.exchange, self.exchange.letters[number].card))

    def action_switch(self) -> None:
        (self.table if self.letters.has_focus else self.letters).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[SystemCommand]:
        return [SystemCommand("Back to the reading room", "Close the correspondence", self.action_close)]
