"""The research trail of one corpus: reading lists, notes, saved searches and the reader's place.

Kept in the user's data folder, one folder per corpus, or (a setting, or the
folder being there) in the corpus's own `_readingroom/` folder, which the
record format skips. In secure mode everything is kept in memory only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.config import Settings
from tui.index.cards import Card
from tui.locations import data_home
from tui.trail.files import Files, Folder, MemoryFolder, Notice
from tui.trail.find import NoteHit, NoteIndex
from tui.trail.lists import Entry, Lists, list_text
from tui.trail.notes import Note, Notes
from tui.trail.saved import Searches
from tui.trail.state import State

IN_CORPUS = "_readingroom"
Cards = Callable[[list[str]], Mapping[str, Card]]  # record ids -> the cards of those in the corpus
DEFAULT_LIST = "Reading list"


def corpus_key(corpus: Path) -> str:
    """The data folder's name for a corpus: its folder's name and a hash of its full path."""
    resolved = str(corpus.expanduser().resolve())
    slug = "-".join(re.findall(r"\w+", corpus.resolve().name.casefold()))[:40] or "corpus"
    return f"{slug}-{hashlib.sha256(resolved.encode()).hexdigest()[:12]}"


def trail_folder(corpus: Path, settings: Settings | None = None) -> Path:
    """Where a corpus's lists, notes and saved searches live."""
    inside = corpus / IN_CORPUS
    if (settings is not None and settings.trail_in_corpus) or inside.is_dir():
        return inside
    return data_home() / "corpora" / corpus_key(corpus)


def state_folder(corpus: Path) -> Path:
    """The reader's own place (history, current list): always in the user's data folder."""
    return data_home() / "corpora" / corpus_key(corpus)


@dataclass(frozen=True, slots=True)
class Shown:
    """A list entry as a view shows it: the card where the record is in the corpus now."""

    entry: Entry
    card: Card | None

    @property
    def in_corpus(self) -> bool:
        return self.card is not None


@dataclass(frozen=True, slots=True)
class ShownNote:
    note: Note
    card: Card | None

    @property
    def in_corpus(self) -> bool:
        return self.card is not None


class Trail:
    """Lists, notes, saved searches and the reader's place for one corpus.

    Notices (a file that doesn't parse, one changed by hand meanwhile) go to `notify` and are
    kept in `notices` for a caller that shows them later. Notes are read on first use.
    """

    def __init__(self, files: Files, state_files: Files, *, notify: Callable[[Notice], None] | None = None,
                 secure: bool = False) -> None:
        self.files = files
        self.secure = secure
        self.notices: list[Notice] = []
        self._notify = notify
        files.notify = state_files.notify = self.notice
        self.lists = Lists(files, self.notice)
        self.notes = Notes(files, self.notice)
        self.searches = Searches(files, self.notice)
        self.state = State(state_files, self.notice)
        self.finder = NoteIndex(self.notes)

    @classmethod
    def open(cls, corpus: Path, *, secure: bool = False, settings: Settings | None = None,
             notify: Callable[[Notice], None] | None = None, load: bool = True) -> Trail:
        """The trail of a corpus, its lists, saved searches and state read unless `load` is False
        (notes wait for first use)."""
        if secure:
            memory = MemoryFolder()
            trail = cls(memory, memory, notify=notify, secure=True)
        else:
            trail = cls(Folder(trail_folder(corpus, settings)), Folder(state_folder(corpus)), notify=notify)
        if load:
            trail.load()
        return trail

    @classmethod
    def in_memory(cls, notify: Callable[[Notice], None] | None = None) -> Trail:
        memory = MemoryFolder()
        return cls(memory, memory, notify=notify, secure=True)

    @property
    def where(self) -> str:
        return self.files.where

    def listen(self, notify: Callable[[Notice], None]) -> None:
        """Send later notices to `notify` (those before are in `notices`)."""
        self._notify = notify

    def notice(self, notice: Notice) -> None:
        self.notices.append(notice)
        if self._notify is not None:
            self._notify(notice)

    def load(self) -> None:
        self.lists.load()
        self.searches.load()
        self.state.load()

    # Marks

    @property
    def current_list(self) -> str:
        """The list `m` marks on: the one chosen last, else the first, else "Reading list"."""
        chosen = self.lists.get(self.state.current_list) if self.state.current_list else None
        if chosen is not None:
            return chosen.name
        names = self.lists.names()
        return names[0] if names else DEFAULT_LIST

    def switch(self, name: str) -> None:
        """Make another list the current one (it must exist)."""
        reading = self.lists.get(name)
        if reading is None:
            raise KeyError(f"no list named {name!r}")
        self.state.current_list = reading.name
        self.state.save()

    def toggle_mark(self, record_id: str) -> bool:
        """Mark or unmark a record on the current list (made where there is none yet);
        True when it is marked afterwards."""
        name = self.current_list
        if self.lists.get(name) is None:
            self.lists.create(name)
        return self.lists.toggle(name, record_id)

    def is_marked(self, record_id: str) -> bool:
        """True when the record is on the current list."""
        reading = self.lists.get(self.current_list)
        return reading is not None and record_id in reading

    def marked(self) -> frozenset[str]:
        """The ids on the current list: what the tree and the results mark."""
        reading = self.lists.get(self.current_list)
        return frozenset(reading.ids) if reading is not None else frozenset()

    # Exports (to the reader's clipboard or a download: nothing is written here)

    def export_list(self, name: str) -> str:
        """A list as its file would be: TOML."""
        reading = self.lists.get(name)
        if reading is None:
            raise KeyError(f"no list named {name!r}")
        return list_text(reading)

    def export_notes(self, cards: Cards) -> str:
        """Every note, newest first, as one Markdown document: a heading per note naming its
        record (its title where it is in the corpus) and passage."""
        parts = []
        for shown in self.all_notes(cards):
            note = shown.note
            title = shown.card.title if shown.card else f"{note.record_id} (not in the corpus now)"
            where = f", paragraph {note.anchor.paragraph} (“{note.anchor.words}…”)" if note.anchor else ""
            parts.append(f"## {title}\n\n`{note.record_id}`{where}, {note.updated:%Y-%m-%d %H:%M} UTC\n\n{note.text}\n")
        return "\n".join(parts)

    # What views show

    def entries(self, name: str, cards: Cards) -> list[Shown]:
        """A list's entries in order, each with its card, or None: not in the corpus now."""
        reading = self.lists.get(name)
        if reading is None:
            raise KeyError(f"no list named {name!r}")
        found = cards(reading.ids)
        return [Shown(entry, found.get(entry.id)) for entry in reading.entries]

    def all_notes(self, cards: Cards) -> list[ShownNote]:
        """Every note, newest first, each with its record's card, or None: not in the corpus now."""
        notes = self.notes.all()
        found = cards(list({note.record_id: None for note in notes}))
        return [ShownNote(note, found.get(note.record_id)) for note in notes]

    def find_notes(self, query: str, *, plain_only: bool = False) -> list[NoteHit]:
        """The notes a query matches, newest first (see `NoteIndex.search`)."""
        return self.finder.search(query, plain_only=plain_only)
