"""The research trail in the reading room: the Lists view (L), the palette's commands for
reading lists and saved searches, and reopening where the reader left off.

Every change is the trail's (written at once); what can go wrong (a name taken, a disk that
can't be written) is said in one line, and the reading goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.widget import Widget

from tui.history import Place
from tui.screens.confirm import ConfirmScreen
from tui.screens.jump import AskScreen
from tui.screens.main_messages import RecordLoaded
from tui.screens.main_views import ArchiveViews
from tui.screens.notices import shortened
from tui.session import SavedSearch
from tui.widgets.lists_view import ListsView

LIST_BINDINGS = [
    Binding("L", "toggle_lists", "Lists", show=False, id="main.lists",
            tooltip="Show your reading lists and saved searches in the left pane, or hide them"),
]


class ReadingLists(ArchiveViews):
    """Reading lists and saved searches, shown in the left pane and kept by the palette's commands."""

    _left_before = "tree"  # what the left pane showed before the Lists view
    _reopen_at: tuple[str, int | None] | None = None  # the record opened at start, and its paragraph

    @property
    def lists_view(self) -> ListsView:
        return self.query_one(ListsView)

    # The Lists view

    def action_toggle_lists(self) -> None:
        if self.left.current == "lists" and not (self.left_hidden or self.has_class("-fold-left")
                                                 or (self.narrower and self.reading_shown)):
            self.show_left(self._left_before if self._left_before != "lists" else "tree")
            target: Widget = self.results_list if self.left.current == "results" else self.doc_tree
            self.call_after_refresh(self.set_focus, target)
            return
        self.show_lists()

    def show_lists(self) -> None:
        """The Lists view in the left pane, in sight and with focus."""
        if self.left.current != "lists":
            self._left_before = self.left.current or "tree"
        view = self.lists_view
        view.session = self.session
        view.show_trail(self.trail)
        self.show_left("lists")
        self.show_left_pane()
        self.call_after_refresh(self.set_focus, view)

    def lists_changed(self, keep: tuple[str, str] | None = None) -> None:
        """The trail changed: the marks and the Lists view (where it shows) follow; its cursor
        stays on `keep` (see `ListsView.show_trail`)."""
        super().marks_changed()
        if self.left.current == "lists":
            self.lists_view.show_trail(self.trail, keep=keep)

    def marks_changed(self) -> None:
        self.lists_changed()

    @on(ListsView.EntryChosen)
    def _entry_chosen(self, event: ListsView.EntryChosen) -> None:
        event.stop()
        if event.card is not None:
            self.open_card(event.card)
        else:
            self.open_id(event.record_id)

    @on(ListsView.ListChosen)
    def _list_chosen(self, event: ListsView.ListChosen) -> None:
        event.stop()
        self.switch_list(event.name)

    @on(ListsView.SearchChosen)
    def _search_chosen(self, event: ListsView.SearchChosen) -> None:
        event.stop()
        self.run_saved(event.search)

    @on(ListsView.EntryAction)
    def _entry_action(self, event: ListsView.EntryAction) -> None:
        event.stop()
        name, entry = event.list_name, event.entry
        keep = (name, entry.id)
        if event.what in ("up", "down"):
            to = event.number - 1 + (1 if event.what == "down" else -1)
            if to < 0:
                return
            self._trail_change(lambda: self.trail.lists.move(name, entry.id, to), "Not moved", keep)
        elif event.what == "remove":
            if self._trail_change(lambda: self.trail.lists.remove(name, entry.id), "Not removed"):
                self.notify(f"Taken off “{shortened(name)}”", timeout=2, markup=False)
        elif event.what == "comment":
            def answered(comment: str | None) -> None:
                if comment is not None:
                    self._trail_change(lambda: self.trail.lists.set_comment(name, entry.id, comment),
                                       "The comment was not kept", keep)

            self.app.push_screen(CommentScreen("Comment on this record (one line; empty to clear):",
                                               "a line of your own", value=entry.comment), answered)

    def _trail_change(self, change: Callable[[], object], failed: str,
                      keep: tuple[str, str] | None = None) -> bool:
        """Make a change to the trail; a refusal or a write that fails is said in one line."""
        try:
            with self.trail_lock:
                change()
        except (OSError, ValueError, KeyError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            if isinstance(error, KeyError) and error.args:
                reason = error.args[0]
            self.notify(f"{failed}: {reason}", severity="error", timeout=6, markup=False)
            self.lists_changed(keep)
            return False
        self.lists_changed(keep)
        return True

    # Lists and saved searches, from the view and the palette

    def switch_list(self, name: str) -> None:
        if self._trail_change(lambda: self.trail.switch(name), "Not switched", ("", name)):
            self.notify(f"m now marks on “{shortened(self.trail.current_list)}”", timeout=2, markup=False)

    def new_list(self) -> None:
        def answered(name: str | None) -> None:
            if name and self._trail_change(lambda: self._create_and_switch(name), "No list made", ("", name)):
                self.notify(f"“{shortened(self.trail.current_list)}” made: m now marks on it", timeout=3,
                            markup=False)

        self.app.push_screen(AskScreen("Name of the new reading list:", "e.g. Chapter 3"), answered)

    def _create_and_switch(self, name: str) -> None:
        made = self.trail.lists.create(name)
        self.trail.switch(made.name)

    def rename_list(self) -> None:
        old = self.trail.current_list
        if self.trail.lists.get(old) is None:
            self.notify("There is no reading list to rename yet: m makes one", timeout=3, markup=False)
            return

        def answered(new: str | None) -> None:
            if new and new != old:
                self._trail_change(lambda: self._rename(old, new), "Not renamed", ("", new))

        self.app.push_screen(AskScreen(f"Rename “{shortened(old)}” to:", "a new name", value=old), answered)

    def _rename(self, old: str, new: str) -> None:
        renamed = self.trail.lists.rename(old, new)
        if self.trail.state.current_list is None or self.trail.state.current_list.casefold() == old.casefold():
            self.trail.switch(renamed.name)

    def delete_list(self, name: str | None = None) -> None:
        name = name or self.trail.current_list
        reading = self.trail.lists.get(name)
        if reading is None:
            self.notify("There is no reading list to delete", timeout=3, markup=False)
            return
        count = len(reading.entries)

        def answered(yes: bool | None) -> None:
            if yes and self._trail_change(lambda: self.trail.lists.delete(name), "Not deleted"):
                self.notify(f"“{shortened(name)}” deleted", timeout=3, markup=False)

        records = f"its {count:,} record{'s' if count != 1 else ''}" if count else "it is empty"
        self.app.push_screen(ConfirmScreen(f"Delete the reading list “{name}” ({records})?"), answered)

    def save_search(self) -> None:
        query = self.search_bar.value.strip()
        if not query:
            self.notify("Type a search first: then save it under a name", timeout=3, markup=False)
            return

        def answered(name: str | None) -> None:
            if name and self._trail_change(lambda: self.trail.searches.save(name, query), "Not saved",
                                           ("?", name)):
                self.notify(f"Saved as “{shortened(name)}”: L shows your saved searches", timeout=3,
                            markup=False)

        self.app.push_screen(AskScreen(f"Save “{shortened(query)}” as:", "a name for this search"), answered)

    def run_saved(self, search: SavedSearch) -> None:
        """Put the saved query in the search bar and show its results."""
        self.search_bar.set_query(search.query)
        self.left_mode = "results"
        self.show_left("results")
        self.left_hidden = self.reading_shown = False
        self.results_list.focus()

    def delete_saved(self, name: str) -> None:
        if self._trail_change(lambda: self.trail.searches.delete(name), "Not deleted"):
            self.notify(f"Saved search “{shortened(name)}” deleted", timeout=3, markup=False)

    # The palette

    def _palette(self) -> list[tuple[str, str, Callable[[], None], str]]:
        return [*super()._palette(),
                ("Lists", "Your reading lists and saved searches, in the left pane", self.action_toggle_lists,
                 "main.lists")]

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        yield SystemCommand("New reading list…", "Make a reading list; m then marks on it", self.new_list)
        current = self.trail.current_list
        if self.trail.lists.get(current) is not None:
            yield SystemCommand("Rename reading list…", f"Give “{current}” another name", self.rename_list)
            yield SystemCommand("Delete reading list…", f"Delete “{current}” (asks first)", self.delete_list)
        for name in self.trail.lists.names():
            if name != current:
                yield SystemCommand(f"Switch to list “{name}”", "m then marks on this list",
                                    lambda n=name: self.switch_list(n))
        yield SystemCommand("Save this search…", "Keep the query in the search bar under a name", self.save_search)
        for saved in self.trail.searches.all():
            yield SystemCommand(f"Run saved search “{saved.name}”", saved.query, lambda s=saved: self.run_saved(s))
            yield SystemCommand(f"Delete saved search “{saved.name}”", saved.query,
                                lambda n=saved.name: self.delete_saved(n))

    # Where the reader left off

    def reopen_last(self) -> None:
        """With the setting on (never in secure mode), open the record the reader last had open,
        at the paragraph they were reading."""
        state = self.trail.state
        if not self.settings.reopen_last or self.secure or not state.last_record or self.record is not None:
            return
        self._reopen_at = (state.last_record, state.last_paragraph)
        self.open_id(state.last_record, remember=False)

    @on(RecordLoaded)
    def _reopened(self, answer: RecordLoaded) -> None:
        at = self._reopen_at
        if at is None or not self.requests.is_current(answer):
            return
        self._reopen_at = None
        if answer.record.id == at[0] and at[1]:
            self.call_after_refresh(self._go_to_paragraph, at[1])  # once the text is laid out

    def _go_to_paragraph(self, paragraph: int) -> None:
        document = self.document
        if document is None:
            return
        seen = 0
        for number, line in enumerate(document.lines):
            if document.blocks[line.block].kind in ("body", "markdown") and line.start == 0:
                seen += 1
                if seen == paragraph:
                    self.reading.scroll_to(y=max(number - self.reading.pinned, 0), animate=False)
                    self.keep_place(document.record.id, paragraph)
                    return

    def paragraph_in_view(self) -> int | None:
        """The paragraph (from 1) at the top of the reading view, or None above the text."""
        document = self.document
        if document is None or not document.lines:
            return None
        top = min(self.reading.top_line(), len(document.lines) - 1)
        last_block = document.lines[top].block
        count = sum(1 for number, block in enumerate(document.blocks[:last_block + 1])
                    if block.kind in ("body", "markdown"))
        return count or None

    def keep_reading_place(self) -> None:
        """At quitting: the marks not yet written, then the record open and the paragraph in
        view, for the next start."""
        self.flush_marks()
        if self.record is not None:
            self.keep_place(self.record.id, self.paragraph_in_view())

    def action_quit(self) -> None:
        self.keep_reading_place()
        super().action_quit()

    def _restore(self, place: Place | None, otherwise: str) -> None:
        super()._restore(place, otherwise)
        if place is not None and place.record_id is None:  # no record opens to keep the place
            with contextlib.suppress(OSError):
                self.trail.state.save()


class CommentScreen(AskScreen):
    """The one-line comment on a record of a list: offered as it is, Enter keeps it; an empty line
    clears it (unlike the other questions, where it cancels)."""

    def answer_of(self, typed: str) -> str | None:
        return typed.strip()
