"""Opening records: by card, by id, from the history; each read in a worker, the latest shown."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work

from tui.history import Place
from tui.render.document import Document, Highlight, problem_document
from tui.screens.main_base import MainBase
from tui.screens.main_messages import CardFound, RecordLoaded, RecordMissing
from tui.screens.notices import shortened
from tui.session import Card, Session
from tui.widgets.answers import post_answer
from tui.widgets.doc_tree import DocumentTree

RELATED_TITLES = 50  # related records whose titles the metadata pane shows


class RecordOpening(MainBase):
    """Opening a record: asked for by card or id, answered by `RecordLoaded` (or `RecordMissing`)."""

    def open_card(self, card: Card, *, from_search: bool = False, remember: bool = True) -> None:
        """Read a record and show it (in a worker: its file is read now)."""
        highlight = self.results.highlight if self.results is not None and from_search else None
        request = self.requests.start(RecordLoaded.kind)
        self._load_record(request, card, highlight, self.reading.show_editorial, self._text_width(),
                          from_search=from_search, remember=remember)

    def _text_width(self) -> int:
        """The reading view's width once the document is in (the panes make room for it)."""
        if self.document is not None or self.narrower or not self.size.width:
            return self.reading.size.width or 80
        return max(self.size.width - self.left_width_for_text() - 1, 20)

    def left_width_for_text(self) -> int:
        """The columns beside the text with a document open (tree and metadata)."""
        from tui.screens.layout import pane_widths

        widths = pane_widths(self.size.width, measure=self.settings.measure,
                             metadata=not self.metadata_hidden and (not self.narrow or self.metadata_asked),
                             narrow=self.narrow, document=True)
        return widths.left + widths.metadata

    @work(thread=True, exclusive=True, group="record")
    def _load_record(self, request: int, card: Card, highlight: Highlight | None, show_editorial: bool,
                     width: int, *, from_search: bool, remember: bool) -> None:
        session = self.session
        record = session.record(card)
        if record is None:
            post_answer(self, RecordMissing(request, f"Record {shortened(card.id)} is no longer "
                                                     "in its file"))
            return
        document = Document(record, highlight=highlight, show_editorial=show_editorial,
                            measure=self.settings.measure)
        document.layout(width)
        post_answer(self, RecordLoaded(request, record, document, session.rights(record.path),
                                       related_titles(session, record.related),
                                       from_search=from_search, remember=remember))

    @on(RecordLoaded)
    def _record_loaded(self, answer: RecordLoaded) -> None:
        if not self.requests.is_current(answer):
            return  # the reader asked for another record since
        record, document = answer.record, answer.document
        self.record = record
        self.document = document
        self.reading.marked = self.trail.is_marked(record.id)
        self.reading.show(document)
        self.metadata.show_record(record, rights=answer.rights, related_titles=answer.titles)
        self.reading_shown = True
        self.left_wanted = False  # the text first: the tree makes room, or folds till wanted
        self.lay_out()
        if answer.from_search and document.hits:
            first_body_hit = next((n for n, mark in enumerate(document.hits)
                                   if document.blocks[mark.block].kind in ("body", "markdown")), 0)
            self.reading.go_to_mark(first_body_hit)
        self.reading.focus()
        self.refresh_bindings()
        if answer.remember:
            self.history.visit(Place(self.search_bar.value, record.id))
        self.keep_place(record.id)

    def keep_place(self, record_id: str, paragraph: int | None = None) -> None:
        """Remember the record open (and the paragraph in view) for the next start."""
        state = self.trail.state
        state.last_record, state.last_paragraph = record_id, paragraph
        try:
            state.save()
        except OSError as error:  # a full disk or a read-only home: the reading goes on
            self.notify(f"Your place could not be kept: {error.strerror or error}", severity="warning",
                        timeout=6, markup=False)

    @on(RecordMissing)
    def _record_missing(self, answer: RecordMissing) -> None:
        if self.requests.is_current(answer):
            self.notify(answer.message, severity="warning", markup=False)

    # By id

    def open_id(self, record_id: str, *, from_search: bool = False, remember: bool = True) -> None:
        """Open the record with this id (its card is looked up in a worker)."""
        self._find_card(self.requests.start(CardFound.kind), record_id, from_search=from_search, remember=remember)

    @work(thread=True, exclusive=True, group="record")
    def _find_card(self, request: int, record_id: str, *, from_search: bool, remember: bool) -> None:
        card = self.session.card(record_id)
        if card is None:
            post_answer(self, RecordMissing(request, f"No record has the id {shortened(record_id)}"))
        else:
            post_answer(self, CardFound(request, card, from_search=from_search, remember=remember))

    @on(CardFound)
    def _card_found(self, answer: CardFound) -> None:
        if self.requests.is_current(answer):
            self.open_card(answer.card, from_search=answer.from_search, remember=answer.remember)

    # Other things the reading view shows

    @on(DocumentTree.ProblemChosen)
    def _problem_chosen(self, event: DocumentTree.ProblemChosen) -> None:
        self.requests.start(RecordLoaded.kind)  # a record still being read is no longer wanted
        self.record = None
        self.document = problem_document(event.problem)
        self.reading.marked = False
        self.reading.show(self.document)
        self.metadata.show_record(None)
        self.reading_shown = True
        self.lay_out()


def related_titles(session: Session, related: Sequence[str]) -> dict[str, str]:
    """The titles of a record's related records, by id (for the metadata pane)."""
    titles = {}
    for record_id in related[:RELATED_TITLES]:
        card = session.card(record_id)
        titles[record_id] = card.title if card else "(not in this corpus)"
    return titles
