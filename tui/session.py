"""What the browser asks of a corpus, behind one small interface (no Textual here).

Every method may be called from a worker thread; none touches the screen.
A `Scope` is an opaque narrowing (a search's query) the tree and the
timeline can be limited to. The types the answers are made of are named
here too, so the browser imports this module and nothing below it.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import tantivy

from tui.export.browser import EXPORT_FORMATS, Exported, NotesOf, Selection
from tui.index.ahead import OpenAhead
from tui.index.browse import GROUPINGS, Browse, Group, Key
from tui.index.cards import Card
from tui.index.errors import IndexRefused, IndexWriteFailed
from tui.index.fold import fold
from tui.index.highlight import Highlight
from tui.index.library import Library, Progress
from tui.index.query import QueryError, with_years
from tui.trail.anchor import Anchor, anchor_at
from tui.trail.anchor import place as note_place
from tui.trail.files import Notice
from tui.trail.find import notes_only
from tui.trail.lists import Entry
from tui.trail.notes import Note
from tui.trail.saved import SavedSearch
from tui.trail.trail import Shown, ShownNote, Trail

if TYPE_CHECKING:
    from tui.index.kwic import SORTS, Concordance, NothingToFind, Occurrence, Sort, sort_key
    from tui.index.letters import Correspondence, Correspondent, Exchange, Letter
    from tui.index.search import Hit, Results, Search
    from tui.model import Problem, Record

__all__ = [
    "EXPORT_FORMATS",
    "GROUPINGS",
    "SORTS",
    "Anchor",
    "Card",
    "Concordance",
    "Correspondent",
    "Entry",
    "Exchange",
    "Exported",
    "Group",
    "Highlight",
    "Hit",
    "Key",
    "Letter",
    "Note",
    "NotesOf",
    "NothingToFind",
    "Notice",
    "Occurrence",
    "OpenAhead",
    "Progress",
    "QueryError",
    "Results",
    "SavedSearch",
    "Scope",
    "Selection",
    "Session",
    "Shown",
    "ShownNote",
    "Sort",
    "Trail",
    "anchor_at",
    "note_place",
    "notes_only",
    "sort_key",
    "with_years",
]


# The concordance's and the correspondence's types are read when first asked for: the first
# screen does without them.
_LATER = {name: "tui.index.kwic" for name in ("SORTS", "Concordance", "NothingToFind", "Occurrence", "Sort",
                                              "sort_key")}
_LATER.update({name: "tui.index.letters" for name in ("Correspondence", "Correspondent", "Exchange", "Letter")})


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


@dataclass(frozen=True)
class Scope:
    """The records a search matches, for narrowing the tree and the timeline."""

    text: str
    query: tantivy.Query | None


class Session:
    """One corpus opened for browsing."""

    def __init__(self, corpus: Path, *, index_dir: str | None = None, secure: bool = False,
                 notify: Callable[[str], None] | None = None, trail: Trail | None = None,
                 ahead: OpenAhead | None = None) -> None:
        self.corpus = corpus
        # The reader's lists, notes, saved searches and place; in memory unless one is given
        # (the app opens the corpus's own, or a secure session's in memory).
        self.trail = trail if trail is not None else Trail.in_memory()
        self.index_dir = index_dir
        self.secure = secure
        self.notify = notify or (lambda _message: None)
        self.library: Library | None = None
        self._lock = threading.Lock()
        self._view: tuple[Search, Browse] | None = None
        self._letters: Correspondence | None = None
        self._ahead = ahead  # the index being opened already (see OpenAhead), taken by open_existing
        self._first: tuple[str, list[Group]] | None = None  # the tree's first level it counted
        self.refresh_here = False  # refresh in this process (tests that watch the indexing do)

    def open(self) -> None:
        """Open the index, or start one: reads no records file, but may wait for another process.
        An index that must not be touched (another corpus's) is left alone for one in memory."""
        try:
            self.library = Library.open(self.corpus, index_dir=self.index_dir, secure=self.secure,
                                        notify=self.notify)
        except IndexRefused as error:
            self.notify(f"{error.brief}: keeping an index in memory")
            self.library = Library.open_memory(self.corpus, notify=self.notify)

    def open_existing(self) -> bool:
        """Open the index as it is, if there is a usable one: a few milliseconds, no waiting."""
        ahead, self._ahead = self._ahead, None
        if ahead is None:
            self.library = Library.open_existing(self.corpus, index_dir=self.index_dir, secure=self.secure,
                                                 notify=self.notify)
            return self.library is not None
        opened = ahead.result()
        if opened is None:
            return False
        opened.library.notify = self.notify
        self.library = opened.library
        with self._lock:
            self._view = opened.views
            self._first = (opened.grouping, opened.groups)
        return True

    @property
    def ready(self) -> bool:
        return self.library is not None

    def refresh(self, progress: Callable[[Progress], object] | None = None) -> int:
        """Read what changed in the corpus since the index was written (in a child process, so
        the browser stays small); returns how many files were read again or dropped."""
        from tui.index.background import refresh_elsewhere

        assert self.library is not None

        def report(step: Progress) -> None:
            self.invalidate()
            if progress is not None:
                progress(step)

        here = self.refresh_here or self.library.store is None
        try:
            files = self.library.refresh(report).files if here else refresh_elsewhere(self.library, report)
        except IndexWriteFailed as error:
            self.notify(f"{error}: showing the index as it was")
            files = 0
        self.invalidate()
        return files

    def invalidate(self) -> None:
        """Forget the current searcher: the next call sees what was committed since."""
        with self._lock:
            self._view = None
            self._first = None
            self._letters = None  # a manifest's aliases may have changed

    def _views(self) -> tuple[Search, Browse]:
        assert self.library is not None
        with self._lock:
            view = self._view
        if view is None:
            view = self.library.views()  # built outside the lock: the library takes its own locks
            with self._lock:
                self._view = view
        return view

    # Search

    def search(self, text: str, *, limit: int = 50, offset: int = 0) -> Results:
        """Ranked results; where no record has every word, those with some (`Results.partial`).
        The records only the reader's notes match come after those whose text does (`Results.by_notes`);
        a query starting `note:` searches the notes alone."""
        from tui.trail.merge import search_with_notes

        results, by_notes = search_with_notes(self._views()[0], self.trail, text, self.card, limit=limit,
                                              offset=offset, partial=True)
        return dataclasses.replace(results, by_notes=by_notes) if by_notes else results

    def cards(self, ids: list[str]) -> dict[str, Card]:
        """The cards of those of these records that are in the corpus, by id (for the trail's views)."""
        return self.library.cards_of_ids(ids) if self.library is not None and ids else {}

    def titled(self, words: str, *, limit: int = 20) -> Results | None:
        """Records whose title has a word starting with each word of `words` (folded as the index
        folds: "kim let" finds "Letter ... Kim Il Sung"); None when `words` has no word."""
        folded = fold(words)
        if not folded:
            return None
        return self.search(" ".join(f"title:{word}*" for word in folded), limit=limit)

    def scope(self, text: str, *, partial: bool = False) -> Scope:
        """The narrowing for a query (for its partial results: `Results.partial`); an empty or
        malformed query narrows nothing."""
        if not text.strip():
            return Scope("", None)
        try:
            plan = self._views()[0].plan(text, partial=partial)
        except ValueError:
            return Scope(text, None)
        return Scope(text, plan.query if plan else None)

    def years(self, scope: Scope | None = None) -> dict[int, int]:
        search, _browse = self._views()
        if scope is None or scope.query is None:
            return search.years(None)
        found = search.searcher.aggregate(scope.query, {"years": {"terms": {"field": "year", "size": 10000}}})
        return {int(b["key"]): int(b["doc_count"]) for b in found["years"]["buckets"]}

    # Tree

    def groups(self, grouping: str, path: Key = (), scope: Scope | None = None) -> list[Group]:
        if not path and scope is None:
            with self._lock:
                first, self._first = self._first, None
            if first is not None and first[0] == grouping:  # counted while the screens loaded
                return first[1]
        return self._views()[1].groups(grouping, path, scope.query if scope else None)

    def records(self, grouping: str, path: Key, scope: Scope | None = None, *, offset: int = 0,
                limit: int = 500) -> tuple[list[Card], int]:
        return self._views()[1].records(grouping, path, scope.query if scope else None, offset=offset, limit=limit)

    def count(self, scope: Scope | None = None) -> int:
        return self._views()[1].count(scope.query if scope else None)

    # Records

    def card(self, record_id: str) -> Card | None:
        assert self.library is not None
        return self.library.card(record_id)

    def record(self, card: Card) -> Record | None:
        """The full record a card stands for, read from its file now."""
        assert self.library is not None
        record = self.library.record_at(card.path, card.position)
        if record is not None and record.id == card.id:
            return record
        return self.library.record(card.id)  # the file changed since it was indexed

    def citation(self, record: Record) -> str:
        """The record's Chicago citation."""
        from tui.cite import chicago

        return chicago(record)

    def export(self, selection: Selection, fmt: str, out: TextIO, *, date_style: str | None = None,
               stop: Callable[[], bool] = lambda: False) -> Exported:
        """Write the selection's records to `out` in `fmt`, as they are read (see `tui.export.browser`);
        `stop` is asked before each record."""
        from tui.export.browser import write

        assert self.library is not None
        cards: list[Card] = []
        if selection.query is not None:  # what the results list shows, records with some words too
            while True:
                results = self.search(selection.query, limit=1000, offset=len(cards))
                cards += [hit.card for hit in results.hits]
                if not results.hits or len(cards) >= results.total:
                    break
        elif selection.grouping is not None:
            scope = selection.scope if isinstance(selection.scope, Scope) else None
            while True:
                page, total = self.records(selection.grouping, selection.path, scope, offset=len(cards), limit=1000)
                cards += page
                if not page or len(cards) >= total:
                    break
        return write(self.library, [(card.path, card.position) for card in cards], selection, fmt, out,
                     date_style=date_style, stop=stop)

    def export_text(self, selection: Selection, fmt: str, *, date_style: str | None = None,
                    stop: Callable[[], bool] = lambda: False) -> tuple[str, Exported]:
        """The selection's records in `fmt`, as one text (for the clipboard or a download)."""
        buffer = io.StringIO()
        done = self.export(selection, fmt, buffer, date_style=date_style, stop=stop)
        return buffer.getvalue(), done

    def export_file(self, selection: Selection, fmt: str, path: Path, *, date_style: str | None = None,
                    stop: Callable[[], bool] = lambda: False) -> Exported:
        """The selection's records written to a file, put in place only when whole (raises OSError);
        refused in secure mode (PermissionError), which writes no file."""
        from tui.export.browser import new_file

        if self.secure:
            raise PermissionError("secure mode writes no file")
        with new_file(path, keep=lambda: not stop()) as out:
            return self.export(selection, fmt, out, date_style=date_style, stop=stop)

    def problems(self) -> list[Problem]:
        return self.library.problems() if self.library else []

    def rights(self, path: str) -> str | None:
        return self.library.manifests.rights(path) if self.library else None

    @property
    def title(self) -> str:
        if self.library is not None and self.library.manifests.title:
            return self.library.manifests.title
        return self.corpus.resolve().name

    def counts(self) -> tuple[int, int]:
        return self.library.counts() if self.library else (0, 0)

    # Letters and concordance

    def _correspondence(self) -> Correspondence:
        assert self.library is not None
        with self._lock:
            letters = self._letters
        if letters is None:
            from tui.index.letters import Correspondence

            letters = Correspondence(self.library)  # reads the few manifests again
            with self._lock:
                self._letters = letters
        return letters

    def resolve(self, name: str) -> str:
        """The main name of `name`'s alias group ("Feng Xi" -> "Joseph Stalin")."""
        return self._correspondence().resolve(name)

    def correspondents(self, name: str) -> list[Correspondent]:
        """Everyone `name` wrote to or heard from, most letters first."""
        return self._correspondence().correspondents(name)

    def exchange(self, person: str, other: str) -> Exchange:
        """The letters between two people, both ways, in date order."""
        return self._correspondence().exchange(person, other)

    def exchange_of(self, record_id: str) -> list[Exchange]:
        """The exchanges a letter belongs to (one for each author and recipient it names)."""
        return self._correspondence().exchange_of(record_id)

    def concordance(self, query: str, width: int = 40) -> Concordance:
        """Every occurrence of a query's words, to be read by `batches()`; raises QueryError for a
        malformed query and NothingToFind for one with no word to show."""
        from tui.index.kwic import Concordance

        assert self.library is not None
        return Concordance(self.library, query, width)
