"""The reading room: search bar, timeline, tree or results, reading view, metadata.

The screen routes: widgets report what the reader did by messages, and
the screen asks the session (in worker threads) and hands the answers down.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Input

from tui.history import History
from tui.index.browse import GROUPINGS
from tui.index.highlight import Highlight
from tui.index.library import Progress
from tui.index.query import with_years
from tui.screens.main_actions import MainActions
from tui.session import Scope, Session
from tui.widgets.deliver import deliver
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.metadata import Choice, MetadataPane
from tui.widgets.reading import ReadingView
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusLine
from tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from tui.app import ReadingRoom
    from tui.index.search import Results
    from tui.model import Record
    from tui.render.document import Document

SEARCH_PAUSE = 0.15  # seconds of quiet typing before a search runs
TREE_REFRESH_SECONDS = 1.0  # while indexing, the tree shows new records at most this often
NARROW = 110  # below this width the metadata pane folds away
NARROWER = 90  # below this width the tree and the reading view take turns


class MainScreen(MainActions, Screen[None]):
    """The reading room."""

    AUTO_FOCUS = "#tree"

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the keys typed right after / (a paste, a slow link) must land in the bar.
        Binding("slash", "focus_search", "Search", id="main.search", priority=True,
                tooltip="Type a query; results follow"),
        Binding("t", "toggle_left", "Tree/list", id="main.left",
                tooltip="Switch between the ranked results and the tree narrowed to them"),
        Binding("o", "next_grouping", "Group", id="main.grouping",
                tooltip="Group the tree by date, collection, repository, type, correspondent or folder"),
        Binding("d", "toggle_tree", "Tree", show=False, id="main.tree", tooltip="Fold or unfold the document tree"),
        Binding("m", "toggle_metadata", "Metadata", show=False, id="main.metadata",
                tooltip="Fold or unfold the metadata"),
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
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.history = History()
        self.results: Results | None = None
        self.scope: Scope | None = None
        self.record: Record | None = None
        self.document: Document | None = None
        self.left_mode = "results"  # what a search shows on the left: "results" or "tree" (narrowed)
        self._search_timer: Timer | None = None
        self._search_number = 0
        self._open_top = False
        self._pending = False
        self._last_tree_refresh = 0.0
        self._refresh_started = False
        self.index_ready = False  # the index has been brought up to date since the start

    @property
    def room(self) -> ReadingRoom:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield SearchBar(id="search")
            yield StatusLine(id="status")
            yield Timeline(id="timeline")
        with Horizontal(id="panes"):
            with ContentSwitcher(id="left", initial="tree"):
                yield DocumentTree(id="tree")
                yield ResultsList(id="results")
            yield ReadingPane(id="reading-pane")
            yield MetadataPane(id="metadata")
        yield Footer()

    # Parts

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def tree(self) -> DocumentTree:
        return self.query_one(DocumentTree)

    @property
    def results_list(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def reading(self) -> ReadingView:
        return self.query_one(ReadingView)

    @property
    def metadata(self) -> MetadataPane:
        return self.query_one(MetadataPane)

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    # Start

    def on_mount(self) -> None:
        settings = self.room.settings
        self.tree.session = self.session
        self.tree.grouping = settings.grouping if settings.grouping in GROUPINGS else "date"
        self.reading.show_editorial = settings.show_editorial
        self.set_class(not settings.show_timeline, "-no-timeline")
        self.metadata.show_record(None)
        self.set_focus(self.tree)
        self.status.index = "opening the index…"
        # An index that is there already opens in milliseconds: the first frame shows the tree.
        if self.session.open_existing():
            self.status.activity = "checking for changes…"  # from the first frame, until done
            self._session_opened(at_once=True)
        else:
            self._open_session()

    def on_resize(self) -> None:
        width = self.size.width
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width < NARROWER, "-narrower")
        self.set_class(self.size.height < 30, "-short")

    @work(thread=True, exclusive=True, group="open")
    def _open_session(self) -> None:
        self.session.open()
        deliver(self, self._session_opened)

    def _session_opened(self, *, at_once: bool = False) -> None:
        self.title = self.session.title
        self.sub_title = str(self.session.corpus)
        self._show_counts(None)
        self.tree.reload(at_once=at_once)

    @on(DocumentTree.Filled)
    def _first_screen_shown(self) -> None:
        # Only once the first screen is up: checking 100,000 files' times would otherwise
        # compete with drawing it.
        if not self._refresh_started:
            self._refresh_started = True
            self.status.activity = "checking for changes…"
            self._load_timeline(None)
            self._refresh_index()

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh_index(self) -> None:
        self.session.refresh(lambda step: deliver(self, self._indexing, step))
        deliver(self, self._index_ready)

    def _show_counts(self, problems: int | None) -> None:
        self.status.show_counts(self.session.counts()[1], problems, self.session.title)

    def _indexing(self, step: Progress) -> None:
        self.status.show_progress(step)
        if step.phase == "reading":
            self._show_counts(None)
        now = time.monotonic()
        if now - self._last_tree_refresh >= TREE_REFRESH_SECONDS:  # it fills as records arrive
            self._last_tree_refresh = now
            self.tree.reload(keep_open=True)
            self._load_timeline(self.scope)

    def _index_ready(self) -> None:
        self.index_ready = True
        self.status.activity = ""
        problems = self.session.problems()
        self._show_counts(len(problems))
        self.tree.set_problems(problems)
        self.tree.reload(keep_open=True)
        self._load_timeline(self.scope)
        if self.search_bar.value.strip():
            self._run_search(self.search_bar.value)

    # Searching

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_number += 1
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
        self._search(text, self._search_number)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str, number: int) -> None:
        results = self.session.search(text, limit=50)
        scope = self.session.scope(text, partial=results.partial) if results.error is None else Scope(text, None)
        years = self.session.years(scope) if scope.query is not None else {}
        deliver(self, self._show_results, number, results, scope, years)

    def _show_results(self, number: int, results: Results, scope: Scope, years: dict[int, int]) -> None:
        if number != self._search_number:
            return  # the query changed since: a newer answer is coming
        self.results = results
        self.scope = scope
        self.status.show_results(results)
        self.results_list.show_results(results)
        self.timeline.counts = years
        self.reading.set_highlight(results.highlight)
        if self.left_mode == "tree":  # the reader chose the tree narrowed to the results
            self._narrow_tree()
            self._set_left("tree")
        else:
            self._set_left("results")
        self.refresh_bindings()
        if self._open_top:
            self._open_top = False
            self._open_top_result()

    def _clear_search(self) -> None:
        self.results = None
        self.scope = None
        self.status.search = Text()
        self.results_list.clear_options()
        self.reading.set_highlight(Highlight())
        self.remove_class("-tree-narrowed")
        self.tree.scope = None
        self.tree.reload()
        self._set_left("tree")
        self._load_timeline(None)
        self.refresh_bindings()

    def _open_top_result(self) -> None:
        if self.results is not None and self.results.hits:
            self.open_card(self.results.hits[0].card, from_search=True)
        elif self.results is not None and self.results.error is None:
            self.notify("Nothing matches this search", timeout=3, markup=False)

    @work(thread=True, exclusive=True, group="timeline")
    def _load_timeline(self, scope: Scope | None) -> None:
        if not self.session.ready:
            return
        everything = self.session.years(None)
        counts = self.session.years(scope) if scope is not None and scope.query is not None else everything
        span = (min(everything), max(everything)) if everything else None
        deliver(self, self._show_timeline, span, counts)

    def _show_timeline(self, span: tuple[int, int] | None, counts: dict[int, int]) -> None:
        self.timeline.span = span
        self.timeline.counts = counts

    @on(Timeline.YearsChosen)
    def _years_chosen(self, event: Timeline.YearsChosen) -> None:
        self.search_bar.value = with_years(self.search_bar.value, event.first, event.last)
        self._set_left("results")
        self.left_mode = "results"

    # Left pane: results or the tree narrowed to them

    def _set_left(self, which: str) -> None:
        self.query_one("#left", ContentSwitcher).current = which

    def _narrow_tree(self) -> None:
        self.add_class("-tree-narrowed")
        self.tree.scope = self.scope
        self.tree.reload()

    def action_toggle_left(self) -> None:
        if self.results is None:
            self.notify("Search first: the tree then narrows to the results", timeout=3, markup=False)
            return
        if self.query_one("#left", ContentSwitcher).current == "results":
            self.left_mode = "tree"
            self._narrow_tree()
            self._set_left("tree")
            self.tree.focus()
        else:
            self.left_mode = "results"
            self._set_left("results")
            self.results_list.focus()

    @on(SearchBar.MoveDown)
    def _into_results(self) -> None:
        current = self.query_one("#left", ContentSwitcher).current
        (self.results_list if current == "results" else self.tree).focus()

    @on(SearchBar.Left)
    def _left_search(self) -> None:
        if self.document is not None:
            self.reading.focus()
        else:
            self._into_results()

    @on(ResultsList.MoreWanted)
    def _more_results(self, event: ResultsList.MoreWanted) -> None:
        if self.results is not None:
            self._more(self.results.query, event.offset)

    @work(thread=True, group="search-more")
    def _more(self, text: str, offset: int) -> None:
        results = self.session.search(text, limit=50, offset=offset)
        deliver(self, self.results_list.show_results, results, append=True)

    # Opening records

    @on(DocumentTree.RecordChosen)
    def _tree_chose(self, event: DocumentTree.RecordChosen) -> None:
        self.open_card(event.card, from_search=self.scope is not None)

    @on(ResultsList.ResultChosen)
    def _result_chosen(self, event: ResultsList.ResultChosen) -> None:
        self.open_card(event.card, from_search=True)

    @on(DocumentTree.ProblemChosen)
    def _problem_chosen(self, event: DocumentTree.ProblemChosen) -> None:
        from tui.render.document import problem_document

        self.record = None
        self.document = problem_document(event.problem)
        self.reading.show(self.document)
        self.metadata.show_record(None)
        self.add_class("-reading")

    @on(ReadingView.MarkMoved)
    def _mark_moved(self, event: ReadingView.MarkMoved) -> None:
        what = "match" if event.kind == "find" else "hit"
        self.status.place = f"{what} {event.index} of {event.total}" if event.total else f"no {what}es"

    # Metadata choices

    @on(MetadataPane.Chosen)
    def _metadata_chosen(self, event: MetadataPane.Chosen) -> None:
        choice: Choice = event.choice
        if choice.kind == "search":
            self.search_bar.value = choice.value
            self.left_mode = "results"
            self.search_bar.focus()
        elif choice.kind == "open":
            self._open_by_id(choice.value)
        elif choice.kind == "copy":
            self._copy(choice.value, choice.what)
