"""The reader's notes in the reading room: `a` writes one on the passage being read, `z` folds
them in the text, `A` lists every note (Enter opens its record at its passage).

Notes are read once, in a worker, at the start; until then the reading view shows none and `a`
says they are still being read. A note is drawn beside its paragraph (`PlacedNote`), found again
by its first words where the text changed (`note_place`), at the top where it has no place.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.render.document import PlacedNote
from tui.screens.main_messages import RecordLoaded
from tui.screens.main_views import ArchiveViews
from tui.screens.notices import shortened
from tui.session import Anchor, Note, ShownNote, anchor_at, note_place
from tui.widgets.answers import Answer, post_answer
from tui.widgets.metadata import MetadataPane
from tui.widgets.notes_view import NotesView, first_line

NOTE_BINDINGS: list[BindingType] = [
    Binding("a", "note", "Note", show=False, id="main.note",
            tooltip="Write a note on the passage you are reading (or edit the note there)"),
    Binding("z", "fold_notes", "Fold notes", show=False, id="main.fold_notes",
            tooltip="Fold or unfold the notes' text in the document (their ✎ markers stay)"),
    Binding("A", "notes", "Notes", show=False, id="main.notes",
            tooltip="Show or hide every note of yours, newest first"),
]


class NotesRead(Message):
    """The notes have been read from their files (at the start, in a worker)."""

    bubble = False


class NotesListed(Answer):
    """Every note with its record's card, for the Notes view."""

    kind = "notes-listed"

    def __init__(self, request: int, notes: list[ShownNote]) -> None:
        super().__init__(request)
        self.notes = notes


class ReadingNotes(ArchiveViews):
    """Notes written, shown beside their passages, folded, listed and gone to."""

    notes_ready = False  # read from their files: shown from then on
    notes_folded = False  # the notes' text folded away in the reading view (the markers stay)
    _to_passage: tuple[str, Note] | None = None  # a record opening at a note's passage

    @property
    def notes_view(self) -> NotesView:
        return self.query_one(NotesView)

    def on_mount(self) -> None:
        self._read_notes()

    @work(thread=True, exclusive=True, group="notes")
    def _read_notes(self) -> None:
        self.trail.notes.load()
        self.post_message(NotesRead())

    @on(NotesRead)
    def _notes_read(self) -> None:
        self.notes_ready = True
        self.show_notes()
        if self.left.current == "notes":
            self.list_notes()

    # Beside the text

    def placed_notes(self) -> list[tuple[Note, int | None]]:
        """The open record's notes, each with the paragraph (from 1) it is shown beside, or None."""
        record, document = self.record, self.document
        if record is None or document is None or not self.notes_ready:
            return []
        notes = self.trail.notes.of(record.id)
        if not notes:
            return []
        texts = document.paragraph_texts()
        return [(note, note_place(note.anchor, texts) if note.anchor is not None else None) for note in notes]

    def show_notes(self) -> None:
        """Draw the open record's notes beside their passages, and list them in the metadata."""
        document = self.document
        if document is None or self.record is None:
            return
        placed = self.placed_notes()
        if placed or document.notes:
            self.reading.set_notes([PlacedNote(paragraph, note.text) for note, paragraph in placed],
                                   folded=self.notes_folded)
        self.metadata.show_notes([(paragraph, first_line(note.text)) for note, paragraph in placed])

    @on(RecordLoaded)
    def _notes_of_record(self, answer: RecordLoaded) -> None:
        # Runs before the record is shown: the notes are drawn once it is.
        if not self.requests.is_current(answer):
            return
        wanted = self._to_passage
        self._to_passage = None
        self.call_next(self._after_record, wanted if wanted and wanted[0] == answer.record.id else None)

    def _after_record(self, wanted: tuple[str, Note] | None) -> None:
        self.show_notes()
        if wanted is None:
            return
        paragraph = next((paragraph for note, paragraph in self.placed_notes() if note.file == wanted[1].file),
                         None)
        if paragraph is not None:
            self.reading.go_to_paragraph(paragraph)

    @on(MetadataPane.Chosen)
    def _note_in_metadata(self, event: MetadataPane.Chosen) -> None:
        if event.choice.kind == "passage":
            paragraph = int(event.choice.value)
            if paragraph:
                self.reading.go_to_paragraph(paragraph)
            else:
                self.reading.scroll_to(y=0, animate=False)
            self.reading.focus()

    def action_fold_notes(self) -> None:
        self.notes_folded = not self.notes_folded
        document = self.document
        if document is not None and document.notes:
            self.reading.set_notes(document.notes, folded=self.notes_folded)
        self.notify("Notes folded: their ✎ markers stay" if self.notes_folded else "Notes shown",
                    timeout=2, markup=False)

    # Writing

    def action_note(self) -> None:
        """Write a note on the passage being read, or edit the note already there."""
        record, document = self.record, self.document
        if record is None or document is None:
            self.notify("Open a document first: a note is written on a passage of it", timeout=3, markup=False)
            return
        if not self.notes_ready:
            self.notify("Your notes are still being read: a moment", timeout=2, markup=False)
            return
        paragraph = self.reading.reading_paragraph()
        texts = document.paragraph_texts()
        anchor = anchor_at(texts, paragraph) if paragraph is not None and paragraph <= len(texts) else None
        existing = next((note for note, placed in self.placed_notes() if placed == paragraph), None)
        where = f"¶{paragraph}" if paragraph is not None else "the whole record"
        title = f"{'Your note' if existing else 'A note'} on {where} of “{shortened(record.title, 60)}”"
        record_id = record.id

        def answered(text: str | None) -> None:
            if text is not None:
                self._keep_note(record_id, paragraph, anchor, existing, text)

        from tui.screens.note_editor import NoteEditor  # a text area: loaded when first wanted

        self.app.push_screen(NoteEditor(title, existing.text if existing else "", existing=existing is not None,
                                        secure=self.secure), answered)

    def _keep_note(self, record_id: str, paragraph: int | None, anchor: Anchor | None, existing: Note | None,
                   text: str) -> None:
        notes = self.trail.notes
        kept_anchor = anchor
        try:
            if existing is None:
                notes.add(record_id, text, kept_anchor)
                said = "Note kept"
            elif not text.strip():
                notes.delete(existing)
                said = "Note deleted"
            else:
                notes.update(existing, text, kept_anchor)
                said = "Note kept"
        except OSError as error:  # a full disk or a read-only home: said in one line
            self.notify(f"The note could not be written: {error.strerror or error}", severity="error",
                        timeout=8, markup=False)
            return
        where = " (for this session only: secure mode)" if self.secure else ""
        self.notify(said + where, timeout=2, markup=False)
        if self.record is not None and self.record.id == record_id:
            self.show_notes()
            self.keep_place(record_id, paragraph)
        if self.left.current == "notes":
            self.list_notes()

    # The Notes view

    def action_notes(self) -> None:
        """Show every note in the left pane and go to them (from them: hide them again)."""
        if self.left.current == "notes" and self.notes_view.has_focus:
            self.show_left("results" if self.results is not None and self.left_mode == "results" else "tree")
            self.back_to_list()
            return
        self.show_left("notes")
        self.show_left_pane()
        self.list_notes()
        self.call_after_refresh(self.set_focus, self.notes_view)

    def list_notes(self) -> None:
        if self.notes_ready:
            self._list_notes(self.requests.start(NotesListed.kind))

    @work(thread=True, exclusive=True, group="notes-list")
    def _list_notes(self, request: int) -> None:
        post_answer(self, NotesListed(request, self.trail.all_notes(self.session.cards)))

    @on(NotesListed)
    def _notes_listed(self, answer: NotesListed) -> None:
        if self.requests.is_current(answer):
            self.notes_view.show(answer.notes)

    @on(NotesView.Chosen)
    def _note_chosen(self, event: NotesView.Chosen) -> None:
        shown = event.shown
        if shown.card is None:
            self.notify(f"Record {shortened(shown.note.record_id)} is not in the corpus now", timeout=3,
                        markup=False)
            return
        self._to_passage = (shown.card.id, shown.note)
        self.open_card(shown.card)

    # The palette

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        yield SystemCommand("Notes", "Every note of yours, newest first: Enter opens one at its passage",
                            self.action_notes)
        yield SystemCommand("Write a note", "A note on the passage you are reading (or edit the one there)",
                            self.action_note)
        yield SystemCommand("Fold the notes", "Fold or unfold the notes' text in the document", self.action_fold_notes)
