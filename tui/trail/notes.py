"""Notes: Markdown files with a small TOML front matter naming the record and the passage.

    +++
    record = "856403addf2b6c02"
    paragraph = 3
    words = "The Soviet government has"
    created = 2026-12-02T03:15:00Z
    updated = 2026-12-02T03:15:00Z
    +++

    The note, in Markdown.

A note on the whole record has no `paragraph` and no `words`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.trail.anchor import Anchor
from tui.trail.files import Files, Notice
from tui.trail.tomlout import as_time, now, pairs, parse

FOLDER = "notes"
SUFFIX = ".md"
FENCE = "+++"


@dataclass(slots=True)
class Note:
    """A reader's note on a record, or on one passage of it."""

    record_id: str
    text: str
    created: dt.datetime
    updated: dt.datetime
    anchor: Anchor | None = None
    file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def note_text(note: Note) -> str:
    """The note's file, as `read_note` reads it back."""
    head: dict[str, Any] = {"record": note.record_id}
    if note.anchor is not None:
        head |= {"paragraph": note.anchor.paragraph, "words": note.anchor.words}
    head |= {"created": note.created, "updated": note.updated}
    head |= {k: v for k, v in note.extra.items() if isinstance(v, str | int | bool | dt.datetime)}
    return "\n".join([FENCE, *pairs(head), FENCE, "", note.text]) + "\n"


def clean(text: str) -> str:
    """A note's text as kept: no blank lines before or after, CRLF as LF."""
    return text.replace("\r\n", "\n").strip("\n")


def read_note(data: bytes, name: str, shown: str) -> Note | Notice:
    """A note from its file's bytes, or a notice naming where the file is wrong."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return Notice(shown, f"a note starts with a {FENCE} line, then its TOML front matter", 1, 1)
    try:
        end = next(number for number, line in enumerate(lines[1:], 1) if line.strip() == FENCE)
    except StopIteration:
        return Notice(shown, f"the front matter has no closing {FENCE} line", len(lines), 1)
    table = parse("\n".join(lines[1:end]).encode(), shown)
    if isinstance(table, Notice):  # lines counted from the file's top
        return Notice(shown, table.message, table.line + 1 if table.line else 0, table.column)
    record = table.get("record")
    if isinstance(record, int) and not isinstance(record, bool):
        record = str(record)
    if not isinstance(record, str) or not record:
        return Notice(shown, 'the front matter needs the record\'s id: record = "..."', 2, 1)
    anchor = None
    paragraph, words = table.get("paragraph"), table.get("words", "")
    if isinstance(paragraph, int) and not isinstance(paragraph, bool) and paragraph > 0:
        anchor = Anchor(paragraph, words if isinstance(words, str) else "")
    created = as_time(table.get("created")) or now()
    updated = as_time(table.get("updated")) or created
    extra = {k: v for k, v in table.items() if k not in ("record", "paragraph", "words", "created", "updated")}
    return Note(record, clean("\n".join(lines[end + 1:])), created, updated, anchor, name, extra)


def file_name(record_id: str, when: dt.datetime, taken: Callable[[str], bool]) -> str:
    """`notes/20261202T031500Z-<record>.md`: sorted by time, the record's id readable."""
    slug = "-".join(re.findall(r"\w+", record_id))[:60] or "record"
    base = f"{FOLDER}/{when.strftime('%Y%m%dT%H%M%SZ')}-{slug}"
    name, count = base + SUFFIX, 1
    while taken(name):
        count += 1
        name = f"{base}-{count}{SUFFIX}"
    return name


class Notes:
    """Every note of a corpus, read on first use (`load`), written at once on every change."""

    def __init__(self, files: Files, notify: Callable[[Notice], None]) -> None:
        self.files = files
        self.notify = notify
        self._notes: dict[str, Note] | None = None  # by file name
        self.broken: list[str] = []
        self.generation = 0  # goes up with every change (a search index checks it)

    def load(self) -> None:
        """Read every note file; one that doesn't parse gets a notice and is left alone."""
        notes: dict[str, Note] = {}
        self.broken = []
        for name in self.files.names(FOLDER, SUFFIX):
            data = self.files.read(name)
            if data is None:
                continue
            found = read_note(data, name, self.files.shown(name))
            if isinstance(found, Notice):
                self.broken.append(name)
                self.notify(found)
            else:
                notes[name] = found
        self._notes = notes
        self.generation += 1

    @property
    def loaded(self) -> dict[str, Note]:
        if self._notes is None:
            self.load()
        assert self._notes is not None
        return self._notes

    def all(self) -> list[Note]:
        """Every note, the newest (last written) first."""
        return sorted(self.loaded.values(), key=lambda note: (note.updated, note.file), reverse=True)

    def of(self, record_id: str) -> list[Note]:
        """A record's notes: on the whole record first, then by paragraph, then by time."""
        return sorted((note for note in self.loaded.values() if note.record_id == record_id),
                      key=lambda note: (note.anchor.paragraph if note.anchor else 0, note.created))

    def record_ids(self) -> set[str]:
        return {note.record_id for note in self.loaded.values()}

    def add(self, record_id: str, text: str, anchor: Anchor | None = None) -> Note:
        """A new note, written at once."""
        when = now()
        notes = self.loaded
        name = file_name(record_id, when, lambda n: n in notes or self.files.read(n) is not None)
        note = Note(record_id, clean(text), when, when, anchor, name)
        self.files.write(name, note_text(note))
        notes[name] = note
        self.generation += 1
        return note

    def update(self, note: Note, text: str, anchor: Anchor | None = None) -> Note:
        """New text (and, if given, a new anchor) for a note.

        Where the file was changed by hand meanwhile, it is left as it is and read again, and
        this version is kept beside it as a second note, with a notice: both are kept.
        """
        changed = Note(note.record_id, clean(text), note.created, now(), anchor or note.anchor, note.file,
                       dict(note.extra))
        notes = self.loaded
        self.generation += 1
        if self.files.changed(note.file):
            shown = self.files.shown(note.file)
            kept = self.files.keep_beside(note.file, note_text(changed))
            changed.file = kept
            notes[kept] = changed
            self._reread(note.file)
            self.notify(Notice(shown, f"changed outside Reading Room: kept as it is, and this version "
                                      f"as {self.files.shown(kept)}"))
            return changed
        self.files.write(note.file, note_text(changed))
        notes[note.file] = changed
        return changed

    def delete(self, note: Note) -> None:
        """Take a note away; a file changed by hand meanwhile is kept, with a notice."""
        notes = self.loaded
        self.generation += 1
        if self.files.changed(note.file):
            self._reread(note.file)
            self.notify(Notice(self.files.shown(note.file), "changed outside Reading Room: not deleted"))
            return
        self.files.delete(note.file)
        notes.pop(note.file, None)

    def _reread(self, name: str) -> None:
        notes = self.loaded
        data = self.files.read(name)
        notes.pop(name, None)
        if data is None:
            return
        found = read_note(data, name, self.files.shown(name))
        if isinstance(found, Notice):
            self.broken.append(name)
            self.notify(found)
        else:
            notes[name] = found
