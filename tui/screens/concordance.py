"""The concordance: every occurrence of a query's words, one a line, streamed from a worker.

The worker reads the records a batch at a time and posts each batch (`OccurrencesRead`); the
screen keeps them in date order and in the order the reader chose, so a key is answered at
once while the rest arrive. Enter hands the occurrence to the main screen, which opens the
record there with the hit marked.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui.commands import ScreenCommands
from tui.model.text import visible
from tui.session import SORTS, Concordance, Highlight, NothingToFind, Occurrence, QueryError, Session, Sort, sort_key
from tui.widgets.answers import Answer, Requests, post_answer
from tui.widgets.kwic_list import KwicList
from tui.widgets.timeline import Timeline

SORT_WORDS = {"right": "the words after", "left": "the words before", "date": "date"}


class ConcordanceStarted(Answer):
    """The query was read: how many records hold its words, and what marks them."""

    kind = "kwic"

    def __init__(self, request: int, records: int, highlight: Highlight, notices: list[str]) -> None:
        super().__init__(request)
        self.records, self.highlight, self.notices = records, highlight, notices


class OccurrencesRead(Answer):
    """One more batch of occurrences (in date order); `complete` once the last is read."""

    kind = "kwic"

    def __init__(self, request: int, batch: list[Occurrence], complete: bool) -> None:
        super().__init__(request)
        self.batch, self.complete = batch, complete


class OccurrencesSorted(Answer):
    """The first `count` occurrences read, in the order asked for, with their keys."""

    kind = "kwic-sort"

    def __init__(self, request: int, count: int, keys: list[Any], shown: list[Occurrence]) -> None:
        super().__init__(request)
        self.count, self.keys, self.shown = count, keys, shown


class ConcordanceFailed(Answer):
    """The query can't be read, or has no word to show."""

    kind = "kwic"

    def __init__(self, request: int, message: str) -> None:
        super().__init__(request)
        self.message = message


class ConcordanceScreen(Screen[tuple[Occurrence, Highlight] | None]):
    """Keyword in context for one query; dismissed with the occurrence to open."""

    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="kwic.close", tooltip="Back to the reading room"),
        Binding("s", "next_sort", "Sort", id="kwic.sort", tooltip="Sort by the words after, before, or date"),
        Binding("w", "toggle_timeline", "Timeline", show=False, id="kwic.timeline",
                tooltip="Show or hide the occurrences per year"),
    ]

    def __init__(self, session: Session, query: str, *, sort: Sort = "date") -> None:
        super().__init__()
        self.session = session
        self.query_text = query
        self.sort: Sort = sort
        self.requests = Requests()
        self.found: list[Occurrence] = []  # in date order, as read
        self.shown: list[Occurrence] = []  # in the reader's order
        self._keys: list[Any] = []  # the sort keys of `shown`
        self.records = 0
        self.highlight: Highlight | None = None
        self.complete = False
        self.years: Counter[int] = Counter()
        self.in_records: set[str] = set()
        self.error: str | None = None
        self.sorting = False  # a worker is putting the lines in another order

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-title", markup=False)
        yield Static(id="kwic-count", markup=False)
        timeline = Timeline(id="kwic-timeline")
        timeline.can_focus = False
        yield timeline
        yield KwicList(id="kwic")
        yield Footer()

    @property
    def kwic(self) -> KwicList:
        return self.query_one(KwicList)

    def on_mount(self) -> None:
        self.query_one("#kwic-title", Static).update(
            Text.assemble(("Concordance of ", "bold"), visible(self.query_text, keep_layout=False)))
        self.kwic.focus()
        self._show_count()
        self._stream(self.requests.start(OccurrencesRead.kind), self.query_text)

    # Reading, in a worker

    @work(thread=True, exclusive=True, group="kwic")
    def _stream(self, request: int, query: str) -> None:
        try:
            concordance = self.session.concordance(query)
        except (QueryError, NothingToFind) as error:
            post_answer(self, ConcordanceFailed(request, str(error)))
            return
        post_answer(self, ConcordanceStarted(request, concordance.records, concordance.highlight,
                                             concordance.notices))
        worker = get_current_worker()
        for batch in self.batches(concordance):
            if worker.is_cancelled:
                return
            post_answer(self, OccurrencesRead(request, batch, False))
        post_answer(self, OccurrencesRead(request, [], True))

    @staticmethod
    def batches(concordance: Concordance) -> Iterator[list[Occurrence]]:
        """Where the batches come from (a test slows this to watch the screen while it streams)."""
        return concordance.batches()

    @on(ConcordanceStarted)
    def _started(self, answer: ConcordanceStarted) -> None:
        if self.requests.is_current(answer):
            self.records, self.highlight = answer.records, answer.highlight
            for notice in answer.notices:
                self.notify(visible(notice, keep_layout=False), timeout=4, markup=False)
            self._show_count()

    @on(ConcordanceFailed)
    def _failed(self, answer: ConcordanceFailed) -> None:
        if self.requests.is_current(answer):
            self.error = answer.message
            self.complete = True
            self._show_count()

    @on(OccurrencesRead)
    def _read(self, answer: OccurrencesRead) -> None:
        if not self.requests.is_current(answer):
            return
        batch = answer.batch
        self.found += batch
        self.years.update(o.year for o in batch if o.year is not None)
        self.in_records.update(o.card.id for o in batch)
        if not self.sorting:  # else the sort's answer takes these in
            self._insert(batch)
        self.complete = answer.complete
        kwic = self.kwic
        keep = kwic.current if kwic.cursor else None
        kwic.show(self.shown, keep=keep)
        self._show_count()
        if batch or answer.complete:
            timeline = self.query_one(Timeline)
            if self.years:
                timeline.span = (min(self.years), max(self.years))
            timeline.counts = dict(self.years)

    def _insert(self, batch: list[Occurrence]) -> None:
        key = sort_key(self.sort)
        for occurrence in batch:  # each batch comes in date order, after the last
            k = key(occurrence)
            where = bisect_right(self._keys, k)
            self._keys.insert(where, k)
            self.shown.insert(where, occurrence)

    def _show_count(self) -> None:
        count = Text()
        if self.error is not None:
            count.append(f"Can't make a concordance: {visible(self.error, keep_layout=False)}", style="bold")
        else:
            n = len(self.found)
            count.append(f"{n:,} occurrence{'s' * (n != 1)}", style="bold")
            if self.complete:
                count.append(f" in {len(self.in_records):,} record{'s' * (len(self.in_records) != 1)}")
            else:
                count.append(f" so far, in {len(self.in_records):,} of {self.records:,} records", style="italic")
            doing = "sorting by" if self.sorting else "sorted by"
            count.append(f"  ·  {doing} {SORT_WORDS[self.sort]}  ·  s: sort, Enter: open", style="dim")
        self.query_one("#kwic-count", Static).update(count)

    # Keys

    def set_sort(self, sort: Sort) -> None:
        """Show the lines in another order; the cursor stays on its occurrence."""
        self.sort = sort
        self.sorting = True
        self._show_count()
        self._sort(self.requests.start(OccurrencesSorted.kind), sort, list(self.found))

    @work(thread=True, exclusive=True, group="kwic-sort")
    def _sort(self, request: int, sort: Sort, found: list[Occurrence]) -> None:
        # In a worker: tens of thousands of keys take seconds, and the screen must answer meanwhile.
        key = sort_key(sort)
        pairs = sorted(((key(o), n, o) for n, o in enumerate(found)), key=lambda p: (p[0], p[1]))
        post_answer(self, OccurrencesSorted(request, len(found), [k for k, _n, _o in pairs],
                                            [o for _k, _n, o in pairs]))

    @on(OccurrencesSorted)
    def _sorted(self, answer: OccurrencesSorted) -> None:
        if not self.requests.is_current(answer):
            return  # another order was asked for since
        keep = self.kwic.current
        self._keys, self.shown = answer.keys, answer.shown
        self._insert(self.found[answer.count:])  # what was read meanwhile
        self.sorting = False
        self.kwic.show(self.shown, keep=keep)
        self._show_count()

    def action_next_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def action_toggle_timeline(self) -> None:
        timeline = self.query_one(Timeline)
        timeline.display = not timeline.display

    def action_close(self) -> None:
        self.dismiss(None)

    @on(KwicList.Chosen)
    def _chosen(self, event: KwicList.Chosen) -> None:
        if self.highlight is not None:
            self.dismiss((event.occurrence, self.highlight))

    def palette_commands(self) -> list[SystemCommand]:
        commands = [SystemCommand(f"Sort by {SORT_WORDS[s]}", f"Order the concordance by {SORT_WORDS[s]}",
                                  lambda s=s: self.set_sort(s)) for s in SORTS]
        commands.append(SystemCommand("Back to the reading room", "Close the concordance", self.action_close))
        return commands
