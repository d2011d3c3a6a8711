"""The main screen's actions: opening records, and the keys and palette commands.

A part of MainScreen, kept apart so that the screen module holds the routing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Input

from tui.history import Place
from tui.index.browse import GROUPINGS
from tui.index.highlight import Highlight
from tui.model.text import visible
from tui.widgets.deliver import deliver

if TYPE_CHECKING:
    from tui.index.cards import Card
    from tui.model import Record
    from tui.render.document import Document


class MainActions:
    """Actions of the main screen (mixed into MainScreen, whose parts they use)."""

    # The parts of MainScreen these actions use.
    session: Any
    history: Any
    results: Any
    record: Record | None
    search_bar: Any
    tree: Any
    room: Any
    reading: Any
    metadata: Any
    document: Any

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that would do nothing now leave the footer (they still work, with a word why)."""
        if action == "focus_search":
            return not isinstance(self.focused, Input)  # in a text field, / is a character
        if action == "toggle_left":
            return self.results is not None
        if action == "copy":
            return self.record is not None
        return True

    def action_focus_search(self) -> None:
        # At once, not after the next refresh: keys typed right after / must land in the bar.
        self.set_focus(self.search_bar)

    def action_next_grouping(self) -> None:
        names = list(GROUPINGS)
        self.set_grouping(names[(names.index(self.tree.grouping) + 1) % len(names)])

    def set_grouping(self, grouping: str) -> None:
        self.tree.grouping = grouping
        self.tree.reload()
        self._set_left("tree")
        if self.results is not None:
            self.left_mode = "tree"  # a grouping asked for while searching: the narrowed tree
        self.room.settings.grouping = grouping
        self.room.save_settings()
        self.notify(f"Grouped by {GROUPINGS[grouping].lower()}", timeout=2, markup=False)

    def action_toggle_tree(self) -> None:
        # Narrower than NARROWER the tree and the document take turns; wider, the tree folds.
        self.toggle_class("-reading" if self.has_class("-narrower") else "-hide-left")

    def action_toggle_metadata(self) -> None:
        self.toggle_class("-show-metadata" if self.has_class("-narrow") else "-hide-metadata")

    def action_toggle_timeline(self) -> None:
        if self.has_class("-short"):
            self.toggle_class("-show-timeline")  # a short terminal shows it only when asked
            return
        self.toggle_class("-no-timeline")
        self.room.settings.show_timeline = not self.has_class("-no-timeline")
        self.room.save_settings()

    def action_copy(self, what: str) -> None:
        if self.record is None:
            self.notify("Open a document first", timeout=2, markup=False)
            return
        if what == "citation":
            from tui.cite import chicago

            self._copy(chicago(self.record), "citation")
        elif what == "id":
            self._copy(self.record.id, "record id")
        else:
            self._copy(self.record.body, "document text")

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(text)
        shown = visible(text, keep_layout=False)
        self.notify(shown if len(shown) < 120 else shown[:117] + "…", title=f"Copied the {what}", timeout=3,
                    markup=False)

    def action_jump(self) -> None:
        from tui.screens.jump import AskScreen

        def answered(record_id: str | None) -> None:
            if record_id:
                self._open_by_id(record_id)

        self.app.push_screen(AskScreen("Go to the record with id:", "an id, e.g. frus1951v07p2-d10"), answered)

    def action_back(self) -> None:
        self._restore(self.history.back(), "Nothing further back")

    def action_forward(self) -> None:
        self._restore(self.history.forward(), "Nothing further forward")

    def _restore(self, place: Place | None, otherwise: str) -> None:
        if place is None:
            self.notify(otherwise, timeout=2, markup=False)
            return
        if self.search_bar.value != place.query:
            self.search_bar.value = place.query
        if place.record_id is not None:
            self._open_place(place)

    @work(thread=True, group="record-lookup")
    def _open_place(self, place: Place) -> None:
        card = self.session.card(place.record_id or "")
        if card is not None:
            deliver(self, self.open_card, card, from_search=bool(place.query), remember=False)

    def action_help(self) -> None:
        self.room.show_help()

    def action_quit(self) -> None:
        self.app.exit()

    def action_edit(self) -> None:
        self.room.edit_record(self.record)

    def after_edit(self, record: Record) -> None:
        """The reader edited a record's file: read the corpus again, then the record."""
        self._reread(record.id)

    @work(thread=True, exclusive=True, group="refresh")
    def _reread(self, record_id: str) -> None:
        self.session.refresh(lambda step: deliver(self, self._indexing, step))
        deliver(self, self._index_ready)
        card = self.session.card(record_id)
        if card is not None:
            deliver(self, self.open_card, card, remember=False)

    # Opening records

    def open_card(self, card: Card, *, from_search: bool = False, remember: bool = True) -> None:
        """Read a record and show it (in a worker: its file is read now)."""
        self._open(card, from_search, remember, self.reading.size.width or 80)

    @work(thread=True, exclusive=True, group="record")
    def _open(self, card: Card, from_search: bool, remember: bool, width: int) -> None:
        record = self.session.record(card)
        if record is None:
            deliver(self, self.notify, f"Record {visible(card.id, keep_layout=False)} is no longer "
                    "in its file", severity="warning", markup=False)
            return
        from tui.render.document import Document

        highlight = self.results.highlight if self.results is not None and from_search else Highlight()
        document = Document(record, highlight=highlight, show_editorial=self.reading.show_editorial)
        document.layout(width)
        titles = {}
        for related in record.related[:50]:
            related_card = self.session.card(related)
            titles[related] = related_card.title if related_card else "(not in this corpus)"
        rights = self.session.rights(record.path)
        deliver(self, self._show_record, record, document, rights, titles, from_search, remember)

    def _show_record(self, record: Record, document: Document, rights: str | None, titles: dict[str, str],
                     from_search: bool, remember: bool) -> None:
        self.record = record
        self.document = document
        self.reading.show(document)
        self.metadata.show_record(record, rights=rights, related_titles=titles)
        self.add_class("-reading")
        if from_search and document.hits:
            first_body_hit = next((n for n, mark in enumerate(document.hits)
                                   if document.blocks[mark.block].kind in ("body", "markdown")), 0)
            self.reading.go_to_mark(first_body_hit)
        self.reading.focus()
        self.refresh_bindings()
        if remember:
            self.history.visit(Place(self.search_bar.value, record.id))

    @work(thread=True, group="record-lookup")
    def _open_by_id(self, record_id: str) -> None:
        card = self.session.card(record_id)
        if card is None:
            deliver(self, self.notify, f"No record has the id {visible(record_id, keep_layout=False)}",
                    severity="warning", markup=False)
            return
        deliver(self, self.open_card, card)
