"""The library: one corpus and its index, behind a small interface for the CLI and the app.

`Library.open` never reads a records file: it opens the index as it is (or
an empty one) at once, so a screen can appear. `refresh` then reads only
what changed since the index was written; the first time, that is
everything. A missing, corrupt or outdated index is rebuilt with a
one-line notice; where the index folder can't be written, it is kept in
memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tantivy

from tui.index.cards import Card
from tui.index.changes import Diff, changes_between, folder_states, folders_unchanged
from tui.index.errors import ForeignIndex, IndexRefused, IndexUnusable, IndexWriteFailed
from tui.index.integrity import engine_failure, fingerprint, one_line
from tui.index.ledger import FileState, Ledger, problem_json, problems_from
from tui.index.names import real, storable
from tui.index.opening import open_parts
from tui.index.pairs import Pairs
from tui.index.store import Store, default_index_dir
from tui.model.problems import Problem

if TYPE_CHECKING:
    from tui.index.browse import Browse
    from tui.index.fold import AliasIndex
    from tui.index.related import RelatedWords
    from tui.index.search import Results, Search
    from tui.model import Manifests, Record
    from tui.model.discover import Discovery

# The model's loader and the search planner are imported where they are used: a browser
# shows its first screen before it reads any records file or runs any search.


def parse_files(*args: Any, **kwargs: Any) -> Any:
    """The model's `parse_files`, imported on first use."""
    from tui.model.loader import parse_files as parse

    return parse(*args, **kwargs)

# One indexing thread makes few segments, and so few merges: merging many small segments is what
# costs memory (measured at 100,000 records: 0.25 GB against 0.8 GB). The heap bounds what the
# writer holds whatever the vocabulary (the engine writes a segment out when it is full); commits
# end segments sooner, so a larger heap only costs memory (100 MB: 50 MB less at the same speed).
WRITER_HEAP = 100_000_000
WRITER_THREADS = 1
FIRST_COMMIT_SECONDS = 1.0  # a first build shows records early...
COMMIT_EVERY_SECONDS = 5.0  # ...then commits seldom, for the same reason
PAIR_WORDS = "pair_words"  # the ledger's key for the corpus's own common words (see pair_words)


def say(message: str) -> None:
    """The default notice: one line on stderr."""
    print(f"readingroom: {message}", file=sys.stderr)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a refresh has come: files read of those to read, and what it is doing."""

    done: int
    total: int
    phase: str  # "reading", "waiting", "done"


class Library:
    """A corpus and its index."""

    def __init__(self, corpus: Path, store: Store | None, generation: Path | None, *,
                 writable: bool, notify: Callable[[str], None]) -> None:
        self.corpus = corpus
        self.root = corpus.resolve()
        self.store = store
        self.generation = generation
        self.writable = writable
        self.notify = notify
        # `lock` guards swapping the index and ledger, and is held only briefly, never while
        # reporting progress; `refreshing` lets one refresh run at a time. (SQLite itself
        # serialises the ledger's use by several threads.)
        self.lock = threading.RLock()
        self.refreshing = threading.Lock()
        self.verified_files: str | None = None  # engine files verified in full at open, not yet noted
        self.index, self.ledger = self._open_parts(generation, writable)
        self.manifests: Manifests = self.ledger.manifests()
        self._aliases_for: Manifests | None = None
        self._aliases: AliasIndex | None = None
        self._related: RelatedWords | None = None
        self._pairs_from = ""
        self._pairs: Pairs | None = None

    # Opening

    @classmethod
    def open(cls, corpus: Path, *, index_dir: str | Path | None = None, secure: bool = False,
             notify: Callable[[str], None] = say, rebuild: bool = False, in_memory: bool = True) -> Library:
        """Open (or start) the index of `corpus`, reading no records file.

        An index of another corpus in a folder given by name (`index_dir`, $READINGROOM_INDEX) is
        refused with IndexRefused unless `rebuild`, which also starts afresh whatever the index
        holds. Without `in_memory`, a folder that can't be written is refused too, where it would
        otherwise hold the index in memory.
        """
        named = bool(index_dir or os.environ.get("READINGROOM_INDEX"))
        folder = Path(index_dir).expanduser() if index_dir else default_index_dir(corpus)
        store = Store(folder)
        writable = not secure and store.writable()
        if not writable and not in_memory:
            raise IndexRefused(f"can't write the index folder {folder}")
        if rebuild and writable:
            with store.lock():
                return cls._start(corpus, store, notify, in_memory)
        generation = store.current()
        reason = ""
        # A generation without its ledger is being started by another process, under the lock.
        if generation is not None and (generation / "ledger.sqlite").exists():
            try:
                return cls(corpus, store, generation, writable=writable and os.access(generation, os.W_OK),
                           notify=notify)
            except ForeignIndex as error:
                if named:
                    raise error.refusal(folder, corpus) from error
                reason = str(error)
            except IndexUnusable as error:
                reason = str(error)
        if not writable and not in_memory:
            raise IndexRefused(f"{reason}; can't write the index folder {folder} to build it again")
        if not writable:
            why = "secure mode writes no index" if secure else f"can't write the index folder {folder}"
            notify(f"{reason + '; ' if reason else ''}{why}: keeping the index in memory")
            return cls(corpus, None, None, writable=True, notify=notify)
        with store.lock():
            # Try again under the lock: what failed may have been another process half-way through
            # starting the generation. Failing here too, the index is rebuilt.
            generation = store.current()
            if generation is not None:
                try:
                    return cls(corpus, store, generation, writable=True, notify=notify)
                except ForeignIndex as error:
                    if named:
                        raise error.refusal(folder, corpus) from error
                    reason = str(error)
                except IndexUnusable as error:
                    reason = str(error)
            if reason:
                notify(f"{reason}; building it again")
            return cls._start(corpus, store, notify, in_memory)

    @classmethod
    def _start(cls, corpus: Path, store: Store, notify: Callable[[str], None], in_memory: bool) -> Library:
        """A new generation (under the writers' lock); where it can't be written (a full disk),
        IndexWriteFailed, or an index in memory with a notice."""
        try:
            generation = store.new_generation()
            return cls(corpus, store, generation, writable=True, notify=notify)
        except (OSError, IndexUnusable) as error:
            why: object = error.strerror if isinstance(error, OSError) and error.strerror else error
            if isinstance(error, IndexUnusable) and isinstance(error.__cause__, sqlite3.Error):
                why = error.__cause__
            failure = IndexWriteFailed(f"could not start the index in {store.folder} ({why})")
        if not in_memory:
            raise failure
        notify(f"{failure}: keeping the index in memory")
        return cls.open_memory(corpus, notify=notify)

    @classmethod
    def open_memory(cls, corpus: Path, *, notify: Callable[[str], None] = say) -> Library:
        """An empty index of `corpus` in memory, for `refresh` to fill."""
        return cls(corpus, None, None, writable=True, notify=notify)

    @classmethod
    def open_existing(cls, corpus: Path, *, index_dir: str | Path | None = None, secure: bool = False,
                      notify: Callable[[str], None] = say) -> Library | None:
        """The index as it is, when there is a usable one; None otherwise. Takes no lock and
        writes nothing, so it is quick enough to run before a first screen."""
        folder = Path(index_dir).expanduser() if index_dir else default_index_dir(corpus)
        store = Store(folder)
        generation = store.current()
        if generation is None or not (generation / "ledger.sqlite").exists():
            return None
        writable = not secure and os.access(folder, os.W_OK) and os.access(generation, os.W_OK)
        try:
            return cls(corpus, store, generation, writable=writable, notify=notify)
        except IndexUnusable:  # Library.open says why, and rebuilds or refuses
            return None

    def _open_parts(self, generation: Path | None, writable: bool) -> tuple[tantivy.Index, Ledger]:
        parts = open_parts(self.root, generation, writable)
        if parts.verified is not None:
            self.verified_files = parts.verified
        return parts.index, parts.ledger

    @property
    def location(self) -> str:
        return str(self.generation) if self.generation else "memory"

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def reload(self) -> None:
        """See what other processes or threads committed."""
        self.index.reload()

    # Refreshing

    def diff(self, discovery: Discovery, manifests: Manifests) -> Diff:
        """What changed since the index was written."""
        with self.lock:
            known = self.ledger.file_states()
            old_manifests = self.ledger.manifest_data()
            walk_problems = self.ledger.get("walk_problems")
        return changes_between(known, old_manifests, walk_problems, discovery, manifests)

    def unchanged_folders(self) -> bool:
        """True when no folder has gained, lost or renamed a file and no manifest changed since the
        last refresh: a check of a few hundred names, where a full one reads every file's time."""
        with self.lock:
            states = self.ledger.get("folder_states")
        return folders_unchanged(self.corpus, states)

    def refresh(self, progress: Callable[[Progress], None] | None = None, *, quick: bool = False) -> Diff:
        """Bring the index up to date with the corpus; returns what changed.

        `quick` trusts the folders' times (see `unchanged_folders`): a file edited in place is then
        seen at the next full refresh (the browser's start, `readingroom index`).
        """
        report = progress or (lambda _p: None)
        if quick and self.unchanged_folders():
            report(Progress(0, 0, "done"))
            return Diff()
        from tui.model.discover import discover
        from tui.model.manifest import read_manifests

        with self.refreshing:
            discovery = storable(discover(self.corpus, stat=True))
            manifests, manifest_problems = read_manifests(discovery.manifests)
            seen = self._ledger_state()
            changes = self.diff(discovery, manifests)
            if not changes:
                if self.writable and self.ledger.get("folder_states") != folder_states(discovery):
                    self._note_folders(discovery)
                    self.ledger.commit()
                if self.writable and self.verified_files and self._note_engine_files(self.verified_files):
                    self.ledger.commit()  # files verified at open (copied with new times, say), unchanged since
                report(Progress(0, 0, "done"))
                return changes
            if self.store is not None and not self.writable:
                self.notify(f"the index at {self.location} is older than the corpus and can't be written "
                            "here: building a copy in memory")
                with self.lock:
                    self.store, self.generation = None, None
                    self.index, self.ledger = self._open_parts(None, True)
                changes = self.diff(discovery, manifests)
            if self.store is None:
                self._apply(changes, discovery, manifests, manifest_problems, report)
                return changes
            with self._writers_lock(report):
                if self.store.current() != self.generation:
                    self._reopen()
                if self._ledger_state() != seen:  # another process may have done the work
                    changes = self.diff(discovery, manifests)
                if changes:
                    self._apply(changes, discovery, manifests, manifest_problems, report)
                else:
                    report(Progress(0, 0, "done"))
            return changes

    def _ledger_state(self) -> tuple[Ledger, int]:
        """Which ledger this is, and how far other processes have written to it."""
        with self.lock:
            return self.ledger, self.ledger.data_version()

    @contextlib.contextmanager
    def _writers_lock(self, report: Callable[[Progress], None]):  # type: ignore[no-untyped-def]
        assert self.store is not None
        with self.store.lock(wait=False) as held:
            if held:
                yield
                return
        waited = False
        while True:
            with self.store.lock(wait=False) as held:
                if held:
                    if waited:
                        self._reopen()
                    yield
                    return
            if not waited:
                self.notify("another Reading Room is updating this index: waiting for it")
                waited = True
            report(Progress(0, 0, "waiting"))
            self.reload()
            time.sleep(0.25)  # polling a lock held by another process

    def _note_folders(self, discovery: Discovery) -> None:
        self.ledger.put("folder_states", folder_states(discovery))

    def _note_engine_files(self, expected: str | None = None) -> bool:
        """Keep the engine's files' sizes and times as this writer leaves them (see integrity), or
        only if they are still `expected`; True when noted."""
        if self.generation is None:
            return False
        now = fingerprint(self.generation / "text")
        if self.ledger.get("engine_files") == now or (expected is not None and now != expected):
            return False
        self.ledger.put("engine_files", now)
        self.verified_files = None
        return True

    def reread(self) -> None:
        """See what another process committed: a new generation, new records, new manifests."""
        if self.store is not None and self.store.current() != self.generation:
            self._reopen()
            return
        self.index.reload()
        with self.lock:
            self.manifests = self.ledger.manifests()

    def _reopen(self) -> None:
        """Move to the generation now current; while it can't be used (another process is still
        writing it, say), keep the one open, whose files stay readable."""
        assert self.store is not None
        with self.lock:
            generation = self.store.current()
            try:
                index, ledger = self._open_parts(generation, self.writable)
            except IndexUnusable:
                return
            self.ledger.close()
            self.generation, self.index, self.ledger = generation, index, ledger
            self.manifests = self.ledger.manifests()

    def _apply(self, changes: Diff, discovery: Discovery, manifests: Manifests,
               manifest_problems: list[Problem], report: Callable[[Progress], None]) -> None:
        """Write the changes; a full disk or a failing engine is IndexWriteFailed, the ledger left
        as of its last commit (which the engine's last commit matches)."""
        try:
            self._write(changes, discovery, manifests, manifest_problems, report)
        except BaseException as error:
            if not (isinstance(error, sqlite3.Error) or engine_failure(error)):
                raise
            with contextlib.suppress(sqlite3.Error):
                self.ledger.db.rollback()
            self.manifests = self.ledger.manifests()
            try:
                self.index.reload()
            except BaseException as failure:
                if not engine_failure(failure):
                    raise
            raise IndexWriteFailed(f"could not write the index at {self.location} ({one_line(error)})") from None

    def _write(self, changes: Diff, discovery: Discovery, manifests: Manifests,
               manifest_problems: list[Problem], report: Callable[[Progress], None]) -> None:
        from tui.model.discover import path_order

        to_read = sorted(changes.added + changes.changed, key=lambda f: path_order(f.rel))
        states = {f.rel: FileState(f.size, f.mtime_ns) for f in to_read}
        first_build = self.ledger.file_count() == 0
        if first_build and len(to_read) > 200:
            once = " (once: later starts read only what changed)" if self.store is not None else ""
            self.notify(f"building the index of {len(to_read)} files in {self.location}{once}")
        writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        for rel in changes.removed + [f.rel for f in changes.changed]:
            writer.delete_documents_by_term("path", rel)
        self.ledger.forget_files(changes.removed)
        self.manifests = manifests
        last_commit = time.monotonic()
        every = FIRST_COMMIT_SECONDS
        total = len(to_read)
        report(Progress(0, total, "reading"))
        schema = self.index.schema
        from tui.index.documents import Preparing

        if first_build:
            from tui.index.pair_words import corpus_words

            self.ledger.put(PAIR_WORDS, json.dumps(corpus_words(to_read)))
        preparing = Preparing(manifests, self.pairs())
        prepared_files = parse_files(to_read, transform="tui.index.documents:prepare", context=preparing)
        for done, prepared in enumerate(prepared_files, 1):
            keys = self.ledger.record_file(prepared.path, states[prepared.path], prepared.problems, prepared.rows)
            for key, fields in zip(keys, prepared.documents, strict=True):
                fields["key"] = key
                writer.add_document(tantivy.Document.from_dict(fields, schema))
            if time.monotonic() - last_commit > every:
                every = COMMIT_EVERY_SECONDS
                writer.commit()
                self.ledger.commit()
                self.index.reload()
                last_commit = time.monotonic()
                report(Progress(done, total, "reading"))
        writer.commit()
        self.ledger.replace_manifests(manifests, manifest_problems)
        self.ledger.put("walk_problems", problem_json(discovery.problems))
        self._note_folders(discovery)
        self.ledger.put("link_problems", problem_json(self.ledger.link_problems(self.corpus)))
        self.ledger.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self._note_engine_files()
        self.ledger.commit()
        self._share_locks()
        report(Progress(total, total, "done"))

    def _share_locks(self) -> None:
        """Let other users read this index: the engine opens its lock file for writing even to read,
        so a shared index built by one account must leave that file writable to the others."""
        if self.generation is None:
            return
        for lock in (self.generation / "text").glob(".tantivy-*.lock"):
            with contextlib.suppress(OSError):
                lock.chmod(0o666)

    # Searching

    def cards(self, keys: list[int]) -> list[Card | None]:
        """The cards of the records with these keys (an index document's "key"), in order."""
        return [Card.from_json(json.loads(text)) if text else None for text in self.ledger.cards(keys)]

    def card(self, record_id: str) -> Card | None:
        """The card of the first record (in path order) with this id."""
        text = self.ledger.card_of_id(record_id)
        return Card.from_json(json.loads(text)) if text else None

    def cards_of_ids(self, record_ids: list[str]) -> dict[str, Card]:
        """The cards of these ids' records at once (as `card` gives them); ids not in the corpus left out."""
        with self.lock:
            found = self.ledger.cards_of_ids(record_ids)
        return {record_id: Card.from_json(json.loads(text)) for record_id, text in found.items()}

    def search_view(self) -> Search:
        """A search over the index as it is now (build another after a refresh)."""
        from tui.index.fold import AliasIndex
        from tui.index.related import RelatedWords
        from tui.index.search import Search

        with self.lock:
            manifests = self.manifests
        if self._aliases is None or self._related is None or self._aliases_for is not manifests:
            self._aliases = AliasIndex(manifests.alias_groups())
            self._related = RelatedWords.with_declared(manifests.related_groups())
            self._aliases_for = manifests
        return Search(self.index.schema, self.index.searcher(), self._aliases, self.cards, self.pairs(),
                      self._related)

    def pairs(self) -> Pairs:
        """The word pairs of this index (see pair_words): English's commonest words and its corpus's."""
        with self.lock:
            stored = self.ledger.get(PAIR_WORDS) or "[]"
        if self._pairs is None or self._pairs_from != stored:
            try:
                words = json.loads(stored)
            except ValueError:
                words = None
            # A phrase is found by positions wherever the index has no pair for it, so a damaged
            # list loses no record: the English words alone still hold.
            valid = isinstance(words, list) and all(isinstance(word, str) for word in words)
            self._pairs = Pairs.with_words(words if valid else [])
            self._pairs_from = stored
        return self._pairs

    def views(self) -> tuple[Search, Browse]:
        """A search and the tree's groups over one searcher of the index as it is now."""
        from tui.index.browse import Browse

        search = self.search_view()
        return search, Browse(self.index.schema, search.searcher, self.cards)

    def search(self, text: str, *, limit: int = 50, offset: int = 0, snippets: bool = True,
               partial: bool = False) -> Results:
        """Ranked results for a query; a malformed query gives Results with `error` set. See
        `Search.run` for `partial`."""
        return self.search_view().run(text, limit=limit, offset=offset, snippets=snippets, partial=partial)

    # Reading

    def problems(self) -> list[Problem]:
        """Every problem of the corpus as of the last refresh, in path order."""
        with self.lock:
            problems = (problems_from(self.ledger.get("manifest_problems"))
                        + problems_from(self.ledger.get("walk_problems"))
                        + self.ledger.file_problems()
                        + problems_from(self.ledger.get("link_problems")))
        return sorted(problems, key=Problem.sort_key)

    def record(self, record_id: str) -> Record | None:
        """The record with this id (the first in path order when ids repeat), read from its file."""
        with self.lock:
            places = self.ledger.places(record_id)
        for place in places:
            record = self.record_at(place.path, place.position)
            if record is not None and record.id == record_id:
                return record
        return None

    def record_at(self, path: str, position: int) -> Record | None:
        """The record at `position` in the file at `path`, read now."""
        from tui.model.parse import parse_records_file

        result = parse_records_file(self.corpus / real(path), path)
        for record in result.records:
            if record.position == position:
                return record
        return None

    def counts(self) -> tuple[int, int]:
        """(files, records) the index holds."""
        with self.lock:
            return self.ledger.file_count(), self.ledger.record_count()

    def close(self) -> None:
        with self.lock:
            self.ledger.close()
