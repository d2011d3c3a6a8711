"""The note editor's keys, apart from the editor: the help and the reader's keymap read them at
start, and the editor itself (a text area) is loaded only when a note is written."""

from __future__ import annotations

from textual.binding import Binding, BindingType

NOTE_EDITOR_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Keep the note (an empty note is deleted)"),
    Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Leave the note as it was"),
    # Before the text area's own ctrl+e (the line's end, which End does too).
    Binding("ctrl+e", "external", "$EDITOR", id="note.editor", priority=True,
            tooltip="Write the note in your $EDITOR (not in secure mode)"),
]
