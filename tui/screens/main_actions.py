"""The main screen's keys and palette commands: layout, grouping, copying, going to, history, editing."""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
from collections.abc import Callable, Iterable

from textual import work
from textual.app import SystemCommand
from textual.css.query import QueryType
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from tui.history import Place
from tui.keymap import keys_label
from tui.model.text import for_clipboard
from tui.screens.export_commands import export_commands
from tui.screens.jump import AskScreen
from tui.screens.main_messages import CardFound, IndexProgressed, IndexRefreshed
from tui.screens.main_records import RecordOpening
from tui.screens.notices import NOTICE, shortened
from tui.session import GROUPINGS, Card
from tui.widgets.answers import post_answer
from tui.widgets.marks import changed
from tui.widgets.reading_pane import ReadingPane


def clipboard_text(text: str, *, keep_layout: bool = False) -> str:
    """What goes to the reader's clipboard: no control character a paste could act on, and
    one line unless the text's own lines are wanted (a document's body)."""
    return for_clipboard(text, keep_layout=keep_layout)


CITATION_SHOWN = 1000  # characters of a copied citation the notice shows (a citation is shorter)
# Seconds without a mark before the list is written: marks made one after another are drawn at
# once and written together (a list of thousands takes milliseconds to write, which would hold
# up the next mark's drawing); quitting writes what is left.
MARK_WRITE_PAUSE = 0.3


class ReaderActions(RecordOpening):
    """What the keys of the main screen do (its bindings name these actions)."""

    shown_marks: frozenset[str] = frozenset()  # the records the panes show marked
    pending_marks: dict[str, int]  # `m` presses per record whose writing is under way
    mark_queue: list[str]  # the records whose mark is to be written, in the order asked
    trail_lock: threading.Lock  # one change to the trail's files at a time
    mark_timer: Timer | None  # the write of the marks, once the reader pauses

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

    # Layout

    def action_next_grouping(self) -> None:
        names = list(GROUPINGS)
        self.set_grouping(names[(names.index(self.doc_tree.grouping) + 1) % len(names)])

    def set_grouping(self, grouping: str) -> None:
        self.doc_tree.grouping = grouping
        self.doc_tree.reload()
        self.show_left("tree")
        if self.results is not None:
            self.left_mode = "tree"  # a grouping asked for while searching: the narrowed tree
        self.settings.grouping = grouping
        self.save_settings()
        self.notify(f"Grouped by {GROUPINGS[grouping].lower()}", timeout=2, markup=False)

    def action_toggle_left(self) -> None:
        if self.results is None:
            self.notify("Search first: the tree then narrows to the results", timeout=3, markup=False)
            return
        if self.left.current == "results":
            self.left_mode = "tree"
            self.narrow_tree()
            self.show_left("tree")
            self.doc_tree.focus()
        else:
            self.left_mode = "results"
            self.show_left("results")
            self.results_list.focus()

    def narrow_tree(self) -> None:
        """The tree shows only the current search's records."""
        self.tree_narrowed = True
        self.doc_tree.scope = self.scope
        self.doc_tree.reload(open_first=True)

    def action_toggle_tree(self) -> None:
        # Narrower than NARROWER the tree and the document take turns; wider, the tree folds
        # (and comes back, even where the text alone would have the room).
        if self.narrower:
            self.reading_shown = not self.reading_shown
        elif self.left_hidden or self.has_class("-fold-left"):
            self.show_left_pane()
        else:
            self.left_hidden = True
            self.left_wanted = False

    # Moving between panes: Tab reaches every pane, bringing a folded one into sight.

    @property
    def left_view(self) -> Widget:
        """What the left pane shows now: the tree, the results, the lists or the notes."""
        return self.left.get_child_by_id(self.left.current) if self.left.current else self.doc_tree

    def panes(self) -> list[Widget]:
        """The panes Tab moves between, in order."""
        panes: list[Widget] = [self.search_bar, self.left_view, self.reading, self.metadata]
        if not self.timeline_hidden or self.timeline_asked:
            panes.append(self.timeline)
        return panes

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._focus_pane(1)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._focus_pane(-1)

    def _focus_pane(self, step: int) -> Widget | None:
        panes = self.panes()
        focused = self.focused
        here = next((n for n, pane in enumerate(panes)
                     if focused is not None and (focused is pane or pane in focused.ancestors)), -1)
        target = panes[(here + step) % len(panes)]
        self.reveal(target)
        self.call_after_refresh(self.set_focus, target)  # once it is laid out: a hidden pane takes no focus
        return target

    def reveal(self, pane: Widget) -> None:
        """Bring `pane` into sight (a folded tree, the text or the metadata on a narrow screen)."""
        if pane.parent is self.left:
            self.show_left_pane()
        elif pane is self.reading:
            self.reading_shown = True
            self.left_wanted = False
        elif pane is self.metadata:
            self.metadata_hidden = False
            if self.narrow:
                self.metadata_asked = True
        elif pane is self.timeline and self.short:
            self.timeline_asked = True

    def back_to_list(self) -> None:
        """From the text to the left pane's list (the results, the tree, the lists or the notes),
        where the reader was in it."""
        target = self.left_view
        self.reveal(target)
        self.call_after_refresh(self.set_focus, target)

    def action_toggle_metadata(self) -> None:
        if self.narrow:
            self.metadata_asked = not self.metadata_asked
        else:
            self.metadata_hidden = not self.metadata_hidden

    def action_toggle_timeline(self) -> None:
        if self.short:
            self.timeline_asked = not self.timeline_asked  # a short terminal shows it only when asked
            return
        self.timeline_hidden = not self.timeline_hidden
        self.settings.show_timeline = not self.timeline_hidden
        self.save_settings()

    def action_toggle_editorial(self) -> None:
        self.reading.action_toggle_editorial()

    def action_find(self) -> None:
        self.query_one(ReadingPane).action_find()

    # Marking

    def record_in_focus(self) -> tuple[str, str] | None:
        """The id and title of the record the reader means: highlighted in the tree or the
        results when one of them has focus, else the open one."""
        card = self.card_under_cursor()
        if card is not None:
            return card.id, card.title
        if self.record is not None:
            return self.record.id, self.record.title
        return None

    def card_under_cursor(self) -> Card | None:
        """The record highlighted in the tree or the results, when one of them has focus."""
        focused = self.focused
        if focused is self.doc_tree:
            return self.doc_tree.highlighted_card()
        if focused is self.results_list:
            results = self.results_list
            index = results.highlighted
            if index is not None and 0 <= index < results.option_count:
                option = results.get_option_at_index(index).id or ""  # a divider may stand between two
                if option.startswith("r"):
                    return results.cards[int(option[1:])]
        return None

    def action_mark(self) -> None:
        """Put the record in focus on the current list, or take it off: the mark shows at once,
        and the list's file is written in a worker (a list of thousands takes tens of
        milliseconds to write safely); a write that fails takes the mark back, and says why."""
        target = self.record_in_focus()
        if target is None:
            self.notify("Highlight or open a record to mark it", timeout=2, markup=False)
            return
        record_id, title = target
        marked = record_id not in self.shown_marks
        self.pending_marks[record_id] = self.pending_marks.get(record_id, 0) + 1
        self.mark_queue.append(record_id)
        self.marks_changed()
        if not self.mark_in_sight(record_id):  # the mark itself says it where the record is in sight
            name = self.trail.current_list
            self.notify(shortened(title), title=f"{'Marked on' if marked else 'Taken off'} “{shortened(name)}”",
                        timeout=2, markup=False)
        if self.mark_timer is not None:
            self.mark_timer.stop()
        self.mark_timer = self.set_timer(MARK_WRITE_PAUSE, self._write_marks)

    @work(thread=True, group="mark")
    def _write_marks(self) -> None:
        written = self.flush_marks()
        if written:
            self.app.call_from_thread(self._marks_written, written)

    def flush_marks(self) -> list[tuple[str, OSError | None]]:
        """Write the marks asked for and not yet written (from a worker, or at quitting)."""
        written: list[tuple[str, OSError | None]] = []
        with self.trail_lock:
            while self.mark_queue:
                record_id = self.mark_queue.pop(0)
                try:
                    self.trail.toggle_mark(record_id)
                except OSError as error:
                    written.append((record_id, error))
                else:
                    written.append((record_id, None))
        return written

    def _marks_written(self, written: list[tuple[str, OSError | None]]) -> None:
        for record_id, error in written:
            left = self.pending_marks.get(record_id, 0) - 1
            if left > 0:
                self.pending_marks[record_id] = left
            else:
                self.pending_marks.pop(record_id, None)
            if error is not None:
                self.notify(f"Not marked: {error.strerror or error}", severity="error", timeout=6, markup=False)
        self.marks_changed()

    def mark_in_sight(self, record_id: str) -> bool:
        """The record's mark is on screen: its line in the tree or the results has focus, or it
        is open with its title in sight."""
        if self.card_under_cursor() is not None:
            return True  # its line, under the cursor
        reading = self.reading
        return (self.record is not None and self.record.id == record_id and reading.region.area > 0
                and (reading.pinned > 0 or reading.scroll_offset.y == 0))

    def marks_changed(self) -> None:
        """Show the marks again where records are listed (the tree, the results, the header): only
        the lines of the records whose mark came or went are drawn again."""
        marked = self.trail.marked()
        flipped = {record_id for record_id, count in self.pending_marks.items() if count % 2}
        if flipped:  # marks asked for whose writing is under way
            marked = marked ^ frozenset(flipped)
        gone_or_come = changed(self.shown_marks, marked)
        self.shown_marks = marked
        self.doc_tree.show_marks(marked, gone_or_come)
        self.results_list.show_marks(marked, gone_or_come)
        self.reading.show_mark(self.record is not None and self.record.id in marked)

    # Copying

    def action_copy(self, what: str) -> None:
        if self.record is None:
            self.notify("Open a document first", timeout=2, markup=False)
            return
        if what == "citation":
            self.copy_text(self.session.citation(self.record), "citation")
        elif what == "id":
            self.copy_text(self.record.id, "record id")
        else:
            self.copy_text(self.record.body, "document text", keep_layout=True)

    def copy_text(self, text: str, what: str, *, keep_layout: bool = False) -> None:
        """Put `text` on the reader's clipboard (OSC 52, so over SSH too) and say what went."""
        text = clipboard_text(text, keep_layout=keep_layout)
        self.app.copy_to_clipboard(text)
        # A citation is shown whole, to be checked; a document's text only begins.
        shown = shortened(text, CITATION_SHOWN if what == "citation" else NOTICE)
        self.notify(shown, title=f"Copied the {what}", timeout=3 + len(shown) / 40, markup=False)

    # Going places

    def action_jump(self) -> None:
        def answered(record_id: str | None) -> None:
            if record_id:
                self.open_id(record_id)

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
            self.search_bar.set_query(place.query)
        if place.record_id is not None:
            self.open_id(place.record_id, from_search=bool(place.query), remember=False)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(type(self).BINDINGS, self.app.BINDINGS, secure=self.secure,
                                            keymap=self.keymap, trail_where=self.trail.where))

    def action_quit(self) -> None:
        self.app.exit()

    # Editing

    def action_edit(self) -> None:
        """Open the record's file in $VISUAL or $EDITOR at its line; read it again afterwards."""
        if self.secure:
            self.notify("Secure mode: no editor", severity="warning", timeout=3, markup=False)
            return
        record = self.record
        if record is None:
            self.notify("Open a document first", timeout=2, markup=False)
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path = self.session.corpus / record.path
        with self.app.suspend():
            subprocess.call([*shlex.split(editor), f"+{record.line}", str(path)])
        self._reread(self.requests.start(CardFound.kind), record.id)

    @work(thread=True, exclusive=True, group="refresh")
    def _reread(self, request: int, record_id: str) -> None:
        self.session.refresh(lambda step: self.post_message(IndexProgressed(step)))
        self.post_message(IndexRefreshed())
        card = self.session.card(record_id)
        if card is not None:
            post_answer(self, CardFound(request, card, from_search=False, remember=False))

    # The palette

    def _palette(self) -> list[tuple[str, str, Callable[[], None], str]]:
        """(title, help, action, the id of the binding that does it too)."""
        return [
            ("Search", "Focus the search bar", self.action_focus_search, "main.search"),
            ("Results or tree", "Switch between the ranked results and the narrowed tree", self.action_toggle_left,
             "main.left"),
            ("Fold the tree", "Fold or unfold the document tree", self.action_toggle_tree, "main.tree"),
            ("Fold the metadata", "Fold or unfold the metadata pane", self.action_toggle_metadata, "main.metadata"),
            ("Mark", "Put the record in focus on the current reading list, or take it off", self.action_mark,
             "main.mark"),
            ("Timeline", "Show or hide the timeline of years", self.action_toggle_timeline, "main.timeline"),
            ("Copy citation", "Copy the Chicago citation of the open record", lambda: self.action_copy("citation"),
             "main.copy_citation"),
            ("Copy id", "Copy the open record's id", lambda: self.action_copy("id"), "main.copy_id"),
            ("Copy text", "Copy the open record's text", lambda: self.action_copy("body"), "main.copy_body"),
            ("Go to id", "Open a record by its id", self.action_jump, "main.jump"),
            ("Back", "Back to the previous record or search", self.action_back, "main.back"),
            ("Forward", "Forward again", self.action_forward, "main.forward"),
            ("Find in document", "Find text within the open record", self.action_find, "reading.find"),
            ("Bracketed insertions", "Hide or show the transcriber's [insertions]", self.action_toggle_editorial,
             "reading.brackets"),
            ("Help", "Every key, and the query language", self.action_help, "main.help"),
            ("Group the tree", "Group by date, collection, repository, type, correspondent or folder",
             self.action_next_grouping, "main.grouping"),
        ] + ([] if self.secure else [
            ("Edit record", "Open the record's file in $EDITOR at its line", self.action_edit, "main.edit"),
        ])

    def command_keys(self) -> dict[str, str]:
        """The key of each palette command that has one, as the reader set it."""
        from tui.screens.help import binding_groups

        bindings = {b.id: b for _pane, group in binding_groups(type(self).BINDINGS, self.app.BINDINGS)
                    for b in group if b.id}
        return {title: keys_label(bindings[binding], self.keymap)
                for title, _help, _action, binding in self._palette() if binding in bindings}

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's commands in the palette (its keys, by name)."""
        for grouping, label in GROUPINGS.items():
            yield SystemCommand(f"Group by {label.lower()}", f"Group the document tree by {label.lower()}",
                                lambda g=grouping: self.set_grouping(g))
        for title, help_text, action, _binding in self._palette():
            yield SystemCommand(title, help_text, action)
        yield from export_commands(self)
