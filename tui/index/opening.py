"""Opening one generation of an index: its ledger, then its engine, each checked before use.

The ledger must be of this program's version and of this corpus; the engine's files must be as
the last writer left them (see integrity) before the engine reads a byte; and the engine must
hold as many documents as the ledger has records. Anything else is IndexUnusable (ForeignIndex
for another corpus's), with a message saying why.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import tantivy

from tui import __version__
from tui.index.errors import ForeignIndex, IndexUnusable, guard
from tui.index.integrity import Damaged, fingerprint, verify
from tui.index.ledger import Ledger
from tui.index.schema import FORMAT, build_schema, register

VERSION = f"{FORMAT}/{__version__}/{tantivy.__version__}"


@dataclass(slots=True)
class Parts:
    """An open engine and ledger; `verified` is the engine files' state when read in full here."""

    index: tantivy.Index
    ledger: Ledger
    verified: str | None = None


def open_parts(root: Path, generation: Path | None, writable: bool) -> Parts:
    """The engine and ledger of `generation` (in memory for None) of the corpus at `root`."""
    schema = build_schema()
    if generation is None:
        index = tantivy.Index(schema)
        register(index)
        ledger = Ledger(None)
        stamp(ledger, root)
        return Parts(index, ledger)
    text = generation / "text"
    ledger_path = generation / "ledger.sqlite"
    fresh = not ledger_path.exists()
    if fresh:
        if not writable:
            raise IndexUnusable(f"the index at {generation} is empty")
        text.mkdir(exist_ok=True)
    try:
        ledger = Ledger(ledger_path, read_only=not writable)
        if fresh:
            stamp(ledger, root)
        version = ledger.get("version")
        corpus = ledger.get("corpus")
        records = ledger.record_count()
        kept = ledger.get("engine_files")
    except sqlite3.Error as error:
        raise IndexUnusable(f"the index at {generation} could not be read ({error})") from error
    try:
        if version != VERSION:
            raise IndexUnusable(f"the index at {generation} was made by another version of Reading Room")
        if corpus != str(root):
            raise ForeignIndex(f"the index at {generation} is of another corpus ({corpus})", str(corpus))
        verified = None
        try:
            seen = fingerprint(text)
            if seen != kept:
                verify(text)
                verified = seen
        except (Damaged, OSError) as error:
            raise IndexUnusable(f"the index at {generation} is damaged ({error})") from error
        index = guard(lambda: tantivy.Index(schema, path=str(text), reuse=True), "the index could not be read")
        register(index)
        documents = guard(lambda: index.searcher().num_docs, "the index could not be read")
        if documents != records:
            raise IndexUnusable(f"the index at {generation} is damaged (it holds {documents} documents for "
                                f"{records} records)")
    except IndexUnusable:
        ledger.close()
        raise
    return Parts(index, ledger, verified)


def stamp(ledger: Ledger, root: Path) -> None:
    """Mark a new ledger as this program's, for the corpus at `root`."""
    ledger.put("version", VERSION)
    ledger.put("corpus", str(root))
    ledger.commit()
