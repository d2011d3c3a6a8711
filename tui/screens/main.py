"""The reading room: search bar, timeline, tree or results, reading view, metadata.

The screen routes: widgets report what the reader did by messages, the
screen asks the session in thread workers, which answer by messages
(`tui.screens.main_messages`), and it hands the answers down. Its keys and
palette commands are in `main_actions`, opening records in `main_records`,
its parts and layout state in `main_base`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Input

from tui import collector
from tui.commands import RecordProvider, ScreenCommands
from tui.config import Settings
from tui.screens.main_lists import LIST_BINDINGS, ReadingLists
from tui.screens.main_messages import (
    IndexProgressed,
    IndexRefreshed,
    ResultsFound,
    ResultsPageFetched,
    SessionOpened,
    TimelineCounted,
)
from tui.screens.main_notes import NOTE_BINDINGS, ReadingNotes
from tui.screens.main_views import VIEW_BINDINGS
from tui.session import GROUPINGS, Scope, Session, with_years
from tui.widgets.answers import post_answer
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.lists_view import ListsView
from tui.widgets.metadata import Choice, MetadataPane
from tui.widgets.notes_view import NotesView
from tui.widgets.reading import ReadingView
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusLine, nothing_found
from tui.widgets.timeline import Timeline

SEARCH_PAUSE = 0.15  # seconds of quiet typing before a search runs
TREE_REFRESH_SECONDS = 1.0  # while indexing, the tree shows new records at most this often


class MainScreen(ReadingNotes, ReadingLists):
    """The reading room."""

    AUTO_FOCUS = "#tree"
    COMMANDS: ClassVar = {ScreenCommands, RecordProvider}

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the keys typed right after / (a paste, a slow link) must land in the bar.
        Binding("slash", "focus_search", "Search", id="main.search", priority=True,
                tooltip="Type a query; results follow"),
        Binding("t", "toggle_left", "Tree/list", id="main.left",
                tooltip="Switch between the ranked results and the tree narrowed to them"),
        Binding("o", "next_grouping", "Group", id="main.grouping",
                tooltip="Group the tree by date, collection, repository, type, correspondent or folder"),
        Binding("d", "toggle_tree", "Tree", show=False, id="main.tree", tooltip="Fold or unfold the document tree"),
        Binding("i", "toggle_metadata", "Info", show=False, id="main.metadata",
                tooltip="Fold or unfold the metadata (info)"),
        Binding("m", "mark", "Mark", show=False, id="main.mark",
                tooltip="Put the record in focus on the current reading list, or take it off"),
        Binding("w", "toggle_timeline", "Timeline", show=False, id="main.timeline",
                tooltip="Show or hide the timeline of years"),
        Binding("c", "copy('citation')", "Cite", id="main.copy_citation",
                tooltip="Copy the Chicago citation to your clipboard (works over SSH)"),
        Binding("y", "copy('id')", "Copy id", show=False, id="main.copy_id", tooltip="Copy the record id"),
        Binding("Y", "copy('body')", "Copy text", show=False, id="main.copy_body", tooltip="Copy the document's text"),
        Binding("colon", "jump", "Go to id", show=False, id="main.jump", tooltip="Open a record by its id"),
        Binding("alt+left,left_square_bracket", "back", "Back", show=False, id="main.back",
                tooltip="Back to the previous record or search"),
        Binding("alt+right,right_square_bracket", "forward", "Forward", show=False, id="main.forward",
                tooltip="Forward again"),
        Binding("question_mark,f1", "help", "Help", id="main.help", tooltip="Every key, and the query language"),
        # alt+q too: Escape then q sent in one burst (a slow link) arrives as alt+q.
        Binding("q,alt+q", "quit", "Quit", id="main.quit", tooltip="Leave Reading Room"),
        Binding("e", "edit", "Edit", show=False, id="main.edit",
                tooltip="Open the record's file in $EDITOR at its line (not in secure mode)"),
        *VIEW_BINDINGS,
        *LIST_BINDINGS,
        *NOTE_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield SearchBar(id="search")
            yield StatusLine(id="status")
            yield Timeline(id="timeline")
        with Horizontal(id="panes"):
            with ContentSwitcher(id="left", initial="tree"):
                yield DocumentTree(id="tree")
                yield ResultsList(id="results")
                yield ListsView(id="lists")
                yield NotesView(id="notes")
            yield ReadingPane(id="reading-pane")
            yield MetadataPane(id="metadata")
        yield Footer()

    # Start

    def __init__(self, session: Session, settings: Settings, *, config_dir: Path | None = None,
                 secure: bool = False) -> None:
        super().__init__(session, settings, config_dir=config_dir, secure=secure)
        self._search_timer: Timer | None = None
        self._open_top = False  # open the top result when the pending search answers
        self._pending = False  # a search is waiting for the typing to pause
        self._last_tree_refresh = 0.0
        self._refresh_started = False

    def on_mount(self) -> None:
        settings = self.settings
        self.doc_tree.session = self.session
        self.lists_view.session = self.session
        self.marks_changed()
        self.doc_tree.grouping = settings.grouping if settings.grouping in GROUPINGS else "date"
        self.reading.show_editorial = settings.show_editorial
        self.watch(self.reading, "show_editorial", self._editorial_toggled, init=False)
        self.timeline_hidden = not settings.show_timeline
        self.metadata.show_record(None)
        self.set_focus(self.doc_tree)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.status.index = "opening the index…"
        # An index that is there already opens in milliseconds: the first frame shows the tree.
        if self.session.open_existing():
            self.status.activity = "checking for changes…"  # from the first frame, until done
            self._session_opened(at_once=True)
        else:
            self._open_session()

    def _theme_changed(self, _theme: object) -> None:
        # Panes that keep what they drew draw it again in the new colours.
        self.reading.refresh_styles()
        self.results_list.refresh_styles()
        if self.results is not None:
            self.status.show_results(self.results, self.timeline.span)

    @work(thread=True, exclusive=True, group="open")
    def _open_session(self) -> None:
        self.session.open()
        self.post_message(SessionOpened())

    @on(SessionOpened)
    def _session_opened(self, _event: SessionOpened | None = None, *, at_once: bool = False) -> None:
        self.title = self.session.title
        self.sub_title = str(self.session.corpus)
        self._show_counts(None)
        self.doc_tree.reload(at_once=at_once)

    @on(DocumentTree.Filled)
    def _first_screen_shown(self) -> None:
        # Only once the first screen is up: checking 100,000 files' times would otherwise
        # compete with drawing it.
        if not self._refresh_started:
            self._refresh_started = True
            collector.release()
            self.status.activity = "checking for changes…"
            self._load_timeline(None)
            self._refresh_index()
            self.reopen_last()

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh_index(self) -> None:
        self.session.refresh(lambda step: self.post_message(IndexProgressed(step)))
        self.post_message(IndexRefreshed())

    def _show_counts(self, problems: int | None) -> None:
        self.status.show_counts(self.session.counts()[1], problems, self.session.title)

    @on(IndexProgressed)
    def _indexing(self, event: IndexProgressed) -> None:
        step = event.step
        self.status.show_progress(step)
        if step.phase == "reading":
            self._show_counts(None)
        now = time.monotonic()
        if now - self._last_tree_refresh >= TREE_REFRESH_SECONDS:  # it fills as records arrive
            self._last_tree_refresh = now
            self.doc_tree.reload(keep_open=True)
            self._load_timeline(self.scope)

    @on(IndexRefreshed)
    def _index_ready(self) -> None:
        self.index_ready = True
        self.status.activity = ""
        problems = self.session.problems()
        self._show_counts(len(problems))
        self.doc_tree.set_problems(problems)
        self.doc_tree.reload(keep_open=True)
        self.lists_view.forget_cards()  # a record may have come or gone
        if self.left.current == "lists":
            self.lists_view.show_trail(self.trail)
        self._load_timeline(self.scope)
        if self.search_bar.value.strip():
            self._run_search(self.search_bar.value)

    # Searching

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self.status.place = ""  # "hit 1 of 3" was about the query being replaced
        self.requests.start(ResultsFound.kind)  # what an older query finds is no longer wanted
        self._pending = True
        self._search_timer = self.set_timer(SEARCH_PAUSE, lambda: self._run_search(event.value))

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results is not None and self.results.query == event.value and not self._pending:
            self._open_top_result()
        else:
            self._open_top = True
            if self._search_timer is not None:
                self._search_timer.stop()
            self._run_search(event.value)

    def _run_search(self, text: str) -> None:
        self._pending = False
        if not text.strip():
            self._clear_search()
            return
        if not self.session.ready:
            return  # the index opens in a moment; _index_ready searches again
        self._search(self.requests.start(ResultsFound.kind), text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, request: int, text: str) -> None:
        session = self.session
        results = session.search(text, limit=50)
        scope = session.scope(text, partial=results.partial) if results.error is None else Scope(text, None)
        years = session.years(scope) if scope.query is not None else {}
        post_answer(self, ResultsFound(request, results, scope, years))

    @on(ResultsFound)
    def _show_results(self, answer: ResultsFound) -> None:
        if not self.requests.is_current(answer):
            return  # the query changed since: a newer answer is coming
        results = answer.results
        self.results = results
        self.scope = answer.scope
        self.status.place = ""
        self.status.show_results(results, self.timeline.span)
        if results.total or results.error is not None:
            self.results_list.show_results(results)
        else:
            self.results_list.show_nothing(nothing_found(results, self.timeline.span))
        self.requests.start(TimelineCounted.kind)  # counts asked for before this search are stale
        self.timeline.counts = answer.years
        self.reading.set_highlight(results.highlight)
        if self.left_mode == "tree":  # the reader chose the tree narrowed to the results
            self.narrow_tree()
            self.show_left("tree")
        else:
            self.show_left("results")
        self.refresh_bindings()
        if self._open_top:
            self._open_top = False
            self._open_top_result()

    def _clear_search(self) -> None:
        self.requests.start(ResultsFound.kind)
        self.results = None
        self.scope = None
        self.status.search = Text()
        self.status.place = ""
        self.results_list.clear_options()
        self.reading.set_highlight(None)
        self.tree_narrowed = False
        self.doc_tree.scope = None
        self.doc_tree.reload()
        self.show_left("tree")
        self._load_timeline(None)
        self.refresh_bindings()

    def _open_top_result(self) -> None:
        if self.results is not None and self.results.hits:
            self.open_card(self.results.hits[0].card, from_search=True)
        elif self.results is not None and self.results.error is None:
            self.notify("Nothing matches this search", timeout=3, markup=False)

    @on(ResultsList.MoreWanted)
    def _more_results(self, event: ResultsList.MoreWanted) -> None:
        if self.results is not None:
            self._more(self.requests.latest(ResultsPageFetched.kind), self.results.query, event.offset)

    @work(thread=True, exclusive=True, group="search-more")
    def _more(self, request: int, text: str, offset: int) -> None:
        post_answer(self, ResultsPageFetched(request, self.session.search(text, limit=50, offset=offset)))

    @on(ResultsPageFetched)
    def _more_fetched(self, answer: ResultsPageFetched) -> None:
        if self.requests.is_current(answer):  # not for a search typed since
            self.results_list.show_results(answer.results, append=True)

    # The timeline

    def _load_timeline(self, scope: Scope | None) -> None:
        if self.session.ready:
            self._count_years(self.requests.start(TimelineCounted.kind), scope)

    @work(thread=True, exclusive=True, group="timeline")
    def _count_years(self, request: int, scope: Scope | None) -> None:
        everything = self.session.years(None)
        counts = self.session.years(scope) if scope is not None and scope.query is not None else everything
        span = (min(everything), max(everything)) if everything else None
        post_answer(self, TimelineCounted(request, span, counts))

    @on(TimelineCounted)
    def _show_timeline(self, answer: TimelineCounted) -> None:
        if self.requests.is_current(answer):
            self.timeline.span = answer.span
            self.timeline.counts = answer.counts

    @on(Timeline.YearsChosen)
    def _years_chosen(self, event: Timeline.YearsChosen) -> None:
        # The years become a visible part of the query, which the reader edits or clears like any.
        self.search_bar.set_query(with_years(self.search_bar.value, event.first, event.last))
        self.show_left("results")
        self.left_mode = "results"

    # Moving between panes

    @on(SearchBar.MoveDown)
    def _into_results(self) -> None:
        current = self.left.current
        (self.results_list if current == "results" else self.lists_view if current == "lists"
         else self.doc_tree).focus()

    @on(ReadingPane.Left)
    def _reading_left(self) -> None:
        self.back_to_list()

    @on(ReadingPane.Stepped)
    def _step(self, event: ReadingPane.Stepped) -> None:
        """The next or previous result (or the tree's document) opened from the text."""
        if self.left.current == "results" and self.results_list.cards:
            results = self.results_list
            index = (results.highlighted if results.highlighted is not None else -1) + event.by
            if 0 <= index < len(results.cards):
                results.highlighted = index
                self.open_card(results.cards[index], from_search=True)
            else:
                self.notify("No more results" if event.by > 0 else "This is the first result", timeout=2,
                            markup=False)
            return
        card = self.doc_tree.step_record(event.by)
        if card is None:
            self.notify("No further document in the open branches", timeout=2, markup=False)
        else:
            self.open_card(card, from_search=self.scope is not None)

    @on(SearchBar.Left)
    def _left_search(self) -> None:
        if self.document is not None:
            self.reading.focus()
        else:
            self._into_results()

    # What the panes report

    @on(DocumentTree.RecordChosen)
    def _tree_chose(self, event: DocumentTree.RecordChosen) -> None:
        self.open_card(event.card, from_search=self.scope is not None)

    @on(ResultsList.ResultChosen)
    def _result_chosen(self, event: ResultsList.ResultChosen) -> None:
        self.open_card(event.card, from_search=True)

    @on(ReadingView.MarkMoved)
    def _mark_moved(self, event: ReadingView.MarkMoved) -> None:
        what = "match" if event.kind == "find" else "hit"
        self.status.place = f"{what} {event.index} of {event.total}" if event.total else f"no {what}es"

    def _editorial_toggled(self, shown: bool) -> None:
        self.settings.show_editorial = shown
        self.save_settings()

    @on(MetadataPane.Chosen)
    def _metadata_chosen(self, event: MetadataPane.Chosen) -> None:
        choice: Choice = event.choice
        if choice.kind == "search":
            # Searched on the reader's behalf: the keys typed next are not part of the query.
            self.search_bar.set_query(choice.value)
            self.left_mode = "results"
            self.show_left("results")
            self.left_hidden = self.reading_shown = False  # the results in sight, at any width
            self.results_list.focus()
        elif choice.kind == "open":
            self.open_id(choice.value)
        elif choice.kind == "copy":
            self.copy_text(choice.value, choice.what)
