"""The ledger: what the index was built from, in SQLite beside the full-text index.

It holds each file's size and modification time (to see what changed),
each record's id, place and links (for the rules across records, and to
find a record by id), each manifest, and the problems found, so a start
that finds nothing changed reads no records file at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui.index.names import stored
from tui.model.manifest import Manifest, Manifests
from tui.model.problems import Problem

if TYPE_CHECKING:
    from tui.model.links import Place

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, problems TEXT);
CREATE TABLE IF NOT EXISTS records (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL, path TEXT NOT NULL, position INTEGER, line INTEGER,
    many INTEGER, related TEXT, card TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_id ON records (id);
CREATE INDEX IF NOT EXISTS records_path ON records (path);
CREATE TABLE IF NOT EXISTS manifests (folder TEXT PRIMARY KEY, path TEXT, data TEXT, problems TEXT);
CREATE INDEX IF NOT EXISTS files_with_problems ON files (path) WHERE problems IS NOT NULL;
""" + "".join(f"""
CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO counts SELECT '{table}', (SELECT count(*) FROM {table})
    WHERE NOT EXISTS (SELECT 1 FROM counts WHERE name = '{table}');
CREATE TRIGGER IF NOT EXISTS {table}_added AFTER INSERT ON {table}
    BEGIN UPDATE counts SET n = n + 1 WHERE name = '{table}'; END;
CREATE TRIGGER IF NOT EXISTS {table}_removed AFTER DELETE ON {table}
    BEGIN UPDATE counts SET n = n - 1 WHERE name = '{table}'; END;
""" for table in ("files", "records"))
# (The counts are kept by triggers: counting a million rows takes a browser's first screen's time.
# They are counted once, when the table is new: the count is not even asked for after that.)


class FileState(NamedTuple):
    """A file as it was read: a plain (size, mtime_ns) tuple compares equal to it."""

    size: int
    mtime_ns: int


def problem_json(problems: Iterable[Problem]) -> str:
    # A file name that is not UTF-8 may be in the path or the message: kept as the index keeps names.
    return json.dumps([[stored(p.path), p.line, p.column, p.id and stored(p.id), stored(p.message)]
                       for p in problems], ensure_ascii=False)


def problems_from(text: str | None) -> list[Problem]:
    return [Problem(*row) for row in json.loads(text or "[]")]


def manifest_json(manifest: Manifest) -> str:
    fields: dict[str, object] = {
        "title": manifest.title, "description": manifest.description, "rights": manifest.rights,
        "aliases": manifest.aliases, "extra_keys": sorted(manifest.extra),
    }
    if manifest.related:  # only where declared: an index written before keeps its manifests as they were
        fields["related"] = manifest.related
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


class Ledger:
    """One SQLite file (or memory) of what the index holds."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        if path is None:
            self.db = sqlite3.connect(":memory:", check_same_thread=False)
        elif read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 30000")
        self._next_key: int | None = None  # the next record key, once asked of the table
        if not read_only:
            self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # meta

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # files

    def file_states(self) -> dict[str, tuple[int, int]]:
        """Every file's (size, mtime_ns); plain tuples, as there may be hundreds of thousands."""
        return {path: (size, mtime) for path, size, mtime in
                self.db.execute("SELECT path, size, mtime_ns FROM files")}

    def data_version(self) -> int:
        """A number that changes when another connection commits to the ledger."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def forget_files(self, paths: Iterable[str]) -> None:
        self._next_key = None  # another process may have added records since: ask the table again
        rows = [(path,) for path in paths]
        self.db.executemany("DELETE FROM files WHERE path = ?", rows)
        self.db.executemany("DELETE FROM records WHERE path = ?", rows)

    def record_file(self, path: str, state: FileState, problems: list[Problem],
                    records: list[tuple[str, int, int, bool, tuple[str, ...], str]]) -> list[int]:
        """Note a file read again: its state, its problems, and its records' ids, links and cards;
        returns the records' keys (which the index documents carry)."""
        # An update, not a replacement: a replaced row fires no trigger of its deletion.
        self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                        "size = excluded.size, mtime_ns = excluded.mtime_ns, problems = excluded.problems",
                        (path, state.size, state.mtime_ns, problem_json(problems) if problems else None))
        self.db.execute("DELETE FROM records WHERE path = ?", (path,))
        if self._next_key is None:
            self._next_key = int(self.db.execute("SELECT coalesce(max(key), 0) + 1 FROM records").fetchone()[0])
        keys = list(range(self._next_key, self._next_key + len(records)))
        self._next_key += len(records)
        self.db.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, rid, path, pos, line, int(many), json.dumps(rel) if rel else None, card)
             for key, (rid, pos, line, many, rel, card) in zip(keys, records, strict=True)])
        return keys

    def cards(self, keys: list[int]) -> list[str | None]:
        """The cards (JSON) of these records, in the order asked."""
        found: dict[int, str] = {}
        for start in range(0, len(keys), 500):  # SQLite takes a bounded number of parameters
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, card FROM records WHERE key IN ({marks})", chunk))
        return [found.get(key) for key in keys]

    def card_of_id(self, record_id: str) -> str | None:
        """The card of the first record (in path order) with this id."""
        rows = self.db.execute("SELECT path, position, card FROM records WHERE id = ?", (record_id,)).fetchall()
        rows.sort(key=lambda row: (tuple(row[0].split("/")), row[1]))
        return rows[0][2] if rows else None

    def cards_of_ids(self, record_ids: list[str]) -> dict[str, str]:
        """The card of each id's first record (in path order); ids not in the corpus left out."""
        rows: list[tuple[str, str, int, str]] = []
        for start in range(0, len(record_ids), 500):  # SQLite takes a bounded number of parameters
            chunk = record_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT id, path, position, card FROM records WHERE id IN ({marks})", chunk)
        rows.sort(key=lambda row: (tuple(row[1].split("/")), row[2]), reverse=True)
        return {row[0]: row[3] for row in rows}  # the first in path order is written last

    def file_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for (text,) in self.db.execute("SELECT problems FROM files WHERE problems IS NOT NULL"):
            problems += problems_from(text)
        return problems

    def record_count(self) -> int:
        return self._count("records")

    def file_count(self) -> int:
        return self._count("files")

    def _count(self, table: str) -> int:
        try:
            row = self.db.execute("SELECT n FROM counts WHERE name = ?", (table,)).fetchone()
        except sqlite3.OperationalError:  # a ledger opened read-only from before the counts were kept
            row = None
        return int(row[0]) if row else int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def places(self, record_id: str) -> list[Place]:
        """Where each record with this id is written, in path order."""
        from tui.model.links import Place

        rows = self.db.execute("SELECT path, position, line, many FROM records WHERE id = ?", (record_id,))
        places = [Place(path, position, line, bool(many)) for path, position, line, many in rows]
        return sorted(places, key=lambda p: (tuple(p.path.split("/")), p.position))

    def link_problems(self, root: Path) -> list[Problem]:
        """Duplicate ids and links to no record, asked of SQLite so that only the records
        concerned are read into memory, however large the corpus."""
        from tui.model.links import LinkCheck, Place

        check = LinkCheck()
        duplicated = [row[0] for row in self.db.execute(
            "SELECT id FROM records GROUP BY id HAVING count(*) > 1")]
        for record_id in duplicated:
            for place in self.places(record_id):
                check.add(record_id, place)
        dangling = self.db.execute(
            "SELECT r.id, r.path, r.position, r.line, r.many, link.value FROM records AS r, json_each(r.related) "
            "AS link WHERE r.related IS NOT NULL AND link.value NOT IN (SELECT id FROM records)")
        for record_id, path, position, line, many, target in dangling:
            check.links.append((record_id, Place(path, position, line, bool(many)), (str(target),)))
        return check.problems(root, exists=lambda _target: False)

    # manifests

    def manifests(self) -> Manifests:
        found = Manifests()
        for folder, data in self.db.execute("SELECT folder, data FROM manifests"):
            fields = json.loads(data)
            found.by_folder[folder] = Manifest(
                folder, fields["title"], fields["description"], fields["rights"],
                {name: tuple(others) for name, others in fields["aliases"].items()},
                {word: tuple(others) for word, others in fields.get("related", {}).items()},
            )
        return found

    def manifest_data(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT folder, data FROM manifests"))

    def replace_manifests(self, manifests: Manifests, problems: list[Problem]) -> None:
        self.db.execute("DELETE FROM manifests")
        self.db.executemany("INSERT INTO manifests VALUES (?, ?, ?, NULL)",
                            [(folder, folder, manifest_json(m)) for folder, m in manifests.by_folder.items()])
        self.put("manifest_problems", problem_json(problems))

    def commit(self) -> None:
        self.db.commit()
