"""The main screen's ways into the correspondence and the concordance, and back to a record.

`r` shows a person's correspondents (the name under the metadata's cursor, or one asked
for, the open record's people offered); `x` the concordance of the current query (or one
asked for). A letter chosen there opens here, and > and < step through its exchange; an
occurrence opens with the hit under the cursor.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding

from tui.screens.ask_name import NameScreen
from tui.screens.jump import AskScreen
from tui.screens.main_actions import ReaderActions
from tui.screens.main_messages import RecordLoaded
from tui.session import Card, Highlight
from tui.widgets.answers import Answer, post_answer

if TYPE_CHECKING:
    from tui.session import Exchange, Occurrence

VIEW_BINDINGS = [
    Binding("r", "correspondents", "Letters", show=False, id="main.correspondents",
            tooltip="Correspondents of the name under the cursor, or of a name you give"),
    Binding("x", "concordance", "Concordance", show=False, id="main.concordance",
            tooltip="Every occurrence of the query's words in context"),
    Binding("greater_than_sign", "letter(1)", "Next letter", show=False, id="main.next_letter",
            tooltip="The next letter of this exchange"),
    Binding("less_than_sign", "letter(-1)", "Previous letter", show=False, id="main.previous_letter",
            tooltip="The previous letter of this exchange"),
]


class ExchangeOfLetter(Answer):
    """The exchange the open letter belongs to (None when it is no letter between two people)."""

    kind = "exchange"

    def __init__(self, request: int, record_id: str, exchange: Exchange | None, step: int) -> None:
        super().__init__(request)
        self.record_id, self.exchange, self.step = record_id, exchange, step


class ArchiveViews(ReaderActions):
    """Correspondence and concordance, opened from the reading room and answered into it."""

    exchange: Exchange | None = None  # the exchange whose letters > and < step through
    _at_occurrence: tuple[int, Occurrence, Highlight] | None = None  # a record opening at a hit

    # Correspondence

    def person_under_cursor(self) -> str | None:
        """The name of the metadata's person row under the cursor, when the metadata has focus."""
        pane = self.metadata
        if not pane.has_focus or pane.highlighted is None:
            return None
        choice = pane.choices.get(pane.highlighted)
        if choice is None or choice.kind != "search" or not choice.value.startswith('person:"'):
            return None
        return choice.value[len('person:"'):-1].strip() or None

    def record_people(self) -> list[str]:
        record = self.record
        if record is None:
            return []
        return [*record.names("authors"), *record.names("recipients"), *record.names("people")]

    def action_correspondents(self) -> None:
        name = self.person_under_cursor()
        if name is not None:
            self.show_correspondents(name)
        else:
            self.ask_correspondents()

    def ask_correspondents(self) -> None:
        def answered(name: str | None) -> None:
            if name:
                self.show_correspondents(name)

        self.app.push_screen(NameScreen("Correspondents of:", self.record_people()), answered)

    def show_correspondents(self, name: str) -> None:
        if not self.session.ready:
            self.notify("The index is still opening", timeout=2, markup=False)
            return

        def answered(chosen: tuple[Exchange, Card] | None) -> None:
            if chosen is not None:
                self.open_letter(*chosen)

        from tui.screens.correspondence import CorrespondenceScreen  # loaded when first wanted

        self.app.push_screen(CorrespondenceScreen(self.session, name), answered)

    def open_letter(self, exchange: Exchange, card: Card) -> None:
        """Open a letter of an exchange; > and < then go through the exchange."""
        self.exchange = exchange
        self.open_card(card)

    def action_letter(self, step: int) -> None:
        record = self.record
        if record is None:
            self.notify("Open a letter first", timeout=2, markup=False)
            return
        if self.exchange is not None and self.exchange.position(record.id) is not None:
            self._step_exchange(self.exchange, record.id, step)
        else:
            self._exchange_of(self.requests.start(ExchangeOfLetter.kind), record.id, step)

    @work(thread=True, exclusive=True, group="exchange")
    def _exchange_of(self, request: int, record_id: str, step: int) -> None:
        exchanges = self.session.exchange_of(record_id)
        post_answer(self, ExchangeOfLetter(request, record_id, exchanges[0] if exchanges else None, step))

    @on(ExchangeOfLetter)
    def _exchange_known(self, answer: ExchangeOfLetter) -> None:
        if not self.requests.is_current(answer):
            return
        if answer.exchange is None or answer.exchange.position(answer.record_id) is None:
            self.notify("This record is not a letter from one person to another", timeout=3, markup=False)
            return
        self.exchange = answer.exchange
        self._step_exchange(answer.exchange, answer.record_id, answer.step)

    def _step_exchange(self, exchange: Exchange, record_id: str, step: int) -> None:
        letter = exchange.next(record_id) if step > 0 else exchange.previous(record_id)
        if letter is None:
            which = "last" if step > 0 else "first"
            self.notify(f"This is the {which} letter between {exchange.person} and {exchange.other}",
                        timeout=3, markup=False)
            self.show_letter_place()
            return
        self.open_card(letter.card)

    def show_letter_place(self) -> None:
        """ "letter 4 of 17 between Joseph Stalin and Kim Il Sung" in the status line, while one is open."""
        label = self.exchange.label(self.record.id) if self.exchange and self.record else None
        if label is not None:
            self.status.place = label
        elif self.status.place.startswith("letter "):
            self.status.place = ""

    # Concordance

    def action_concordance(self) -> None:
        query = self.search_bar.value.strip()
        if query:
            self.show_concordance(query)
            return

        def answered(text: str | None) -> None:
            if text:
                self.show_concordance(text)

        self.app.push_screen(AskScreen("Concordance of:", "a word, a \"phrase\" or a prefix*, with filters"),
                             answered)

    def show_concordance(self, query: str) -> None:
        if not self.session.ready:
            self.notify("The index is still opening", timeout=2, markup=False)
            return

        def answered(chosen: tuple[Occurrence, Highlight] | None) -> None:
            if chosen is not None:
                self.open_occurrence(*chosen)

        from tui.screens.concordance import ConcordanceScreen  # loaded when first wanted

        self.app.push_screen(ConcordanceScreen(self.session, query), answered)

    def open_occurrence(self, occurrence: Occurrence, highlight: Highlight) -> None:
        """Open the occurrence's record with the concordance's words marked and this one current."""
        request = self.requests.start(RecordLoaded.kind)
        self._at_occurrence = (request, occurrence, highlight)
        self._load_record(request, occurrence.card, highlight, self.reading.show_editorial,
                          self.reading.size.width or 80, from_search=False, remember=True)

    @on(RecordLoaded)
    def _loaded_here(self, answer: RecordLoaded) -> None:
        # Runs before the record is shown: what follows waits until it is.
        if not self.requests.is_current(answer):
            return
        at = self._at_occurrence
        if at is not None and at[0] == answer.request:
            self.call_next(self._go_to_occurrence, at[1], at[2])
        self._at_occurrence = None
        self.call_next(self.show_letter_place)

    def _go_to_occurrence(self, occurrence: Occurrence, highlight: Highlight) -> None:
        """The hit that is the occurrence: the same count of the words' places into the body."""
        document = self.document
        if document is None or self.record is None:
            return
        before = sum(1 for start, _end in highlight.spans(self.record.body) if start < occurrence.offset)
        in_body = [n for n, mark in enumerate(document.hits)
                   if document.blocks[mark.block].kind in ("body", "markdown")]
        if in_body:
            self.reading.go_to_mark(in_body[min(before, len(in_body) - 1)])

    # The palette

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        yield SystemCommand("Correspondents of…", "Everyone a person wrote to or heard from, and their letters",
                            self.ask_correspondents)
        yield SystemCommand("Concordance…", "Every occurrence of a word or phrase in context",
                            self.action_concordance)
        yield SystemCommand("Next letter", "The next letter of this exchange", lambda: self.action_letter(1))
        yield SystemCommand("Previous letter", "The previous letter of this exchange", lambda: self.action_letter(-1))
