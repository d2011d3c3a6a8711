"""The main screen's parts and state, which its routing and its actions share.

Layout state lives in typed reactives; their watchers set the CSS classes
that app.tcss lays the panes out by, so nothing reads a class back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher

from tui.config import Settings
from tui.history import History
from tui.screens.layout import pane_widths
from tui.session import Scope, Session, Trail
from tui.widgets.answers import Requests
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.metadata import MetadataPane
from tui.widgets.reading import ReadingView
from tui.widgets.results import ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusLine
from tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from tui.model import Record
    from tui.render.document import Document
    from tui.session import Results

NARROW = 110  # below this width the metadata pane folds away
NARROWER = 90  # below this width the tree and the reading view take turns
SHORT = 30  # below this height the timeline shows only when asked


class MainBase(Screen[None]):
    """The parts of the reading room, and what it shows now."""

    # The terminal's size.
    narrow = reactive(False, init=False)
    narrower = reactive(False, init=False)
    short = reactive(False, init=False)
    # What the reader chose to see.
    left_hidden = reactive(False, init=False)  # the tree (or results) folded away
    reading_shown = reactive(False, init=False)  # narrower than NARROWER: the document in place of the tree
    metadata_hidden = reactive(False, init=False)
    metadata_asked = reactive(False, init=False)  # narrower than NARROW: shown only when asked
    timeline_hidden = reactive(False, init=False)
    timeline_asked = reactive(False, init=False)  # a short terminal: shown only when asked
    tree_narrowed = reactive(False, init=False)  # the tree shows only the search's records
    left_mode = reactive("results", init=False)  # what a search shows on the left: "results" or "tree"
    left_wanted = reactive(False, init=False)  # the tree kept in sight beside a document that needs the room

    def __init__(self, session: Session, settings: Settings, *, config_dir: Path | None = None,
                 secure: bool = False) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.config_dir = config_dir
        self.secure = secure
        # The reader's place lasts between starts: the history is the trail's.
        self.history: History = session.trail.state.history
        self.pending_marks: dict[str, int] = {}
        self.mark_queue: list[str] = []
        self.trail_lock = threading.Lock()
        self.mark_timer: Timer | None = None
        self.requests = Requests()
        self.results: Results | None = None
        self.scope: Scope | None = None
        self.record: Record | None = None
        self.document: Document | None = None
        self.index_ready = False  # the index has been brought up to date since the start
        self.keymap: dict[str, str] = {}  # the reader's own keys, by binding id (set by the app)

    @property
    def trail(self) -> Trail:
        """The reader's lists, notes, saved searches and place (in memory only in secure mode)."""
        return self.session.trail

    def save_settings(self) -> None:
        """Keep the reader's choices (in secure mode they hold for this session: nothing is written)."""
        if not self.secure:
            self.settings.save(self.config_dir)

    # Parts

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def doc_tree(self) -> DocumentTree:
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

    @property
    def left(self) -> ContentSwitcher:
        """The left pane: the tree, or the ranked results."""
        return self.query_one("#left", ContentSwitcher)

    def show_left(self, which: str) -> None:
        self.left.current = which

    # Looks follow state

    def on_resize(self) -> None:
        self.narrow = self.size.width < NARROW
        self.narrower = self.size.width < NARROWER
        self.short = self.size.height < SHORT
        self.lay_out()

    def lay_out(self) -> None:
        """Share the width between the panes (`tui.screens.layout`); narrower than NARROWER
        the tree and the document take turns at the whole width instead (app.tcss)."""
        left, metadata = self.left, self.metadata
        if self.narrower or not self.size.width:
            left.styles.width = metadata.styles.width = None
            self.set_class(False, "-fold-left")
            return
        widths = pane_widths(self.size.width, measure=self.settings.measure,
                             metadata=not self.metadata_hidden and (not self.narrow or self.metadata_asked),
                             narrow=self.narrow, document=self.document is not None, tree=self.left_wanted)
        self.set_class(widths.left == 0, "-fold-left")
        if widths.left:
            left.styles.width = widths.left
        if widths.metadata:
            metadata.styles.width = widths.metadata

    def show_left_pane(self) -> None:
        """Bring the tree (or the results) back into sight, folded by the reader or for room."""
        self.left_hidden = False
        self.reading_shown = False if self.narrower else self.reading_shown
        self.left_wanted = True

    def watch_narrow(self, on: bool) -> None:
        self.set_class(on, "-narrow")

    def watch_narrower(self, on: bool) -> None:
        self.set_class(on, "-narrower")

    def watch_short(self, on: bool) -> None:
        self.set_class(on, "-short")

    def watch_left_hidden(self, on: bool) -> None:
        self.set_class(on, "-hide-left")

    def watch_left_wanted(self) -> None:
        self.lay_out()

    def watch_reading_shown(self, on: bool) -> None:
        self.set_class(on, "-reading")

    def watch_metadata_hidden(self, on: bool) -> None:
        self.set_class(on, "-hide-metadata")
        self.lay_out()

    def watch_metadata_asked(self, on: bool) -> None:
        self.set_class(on, "-show-metadata")
        self.lay_out()

    def watch_timeline_hidden(self, on: bool) -> None:
        self.set_class(on, "-no-timeline")

    def watch_timeline_asked(self, on: bool) -> None:
        self.set_class(on, "-show-timeline")

    def watch_tree_narrowed(self, on: bool) -> None:
        self.set_class(on, "-tree-narrowed")
