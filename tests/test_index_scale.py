"""What the browser asks of the index on its first screen costs the same at any size of corpus."""

from __future__ import annotations

from pathlib import Path

from tests.index_helpers import build, write_files
from tui.index.library import Library


def _counted(library: Library) -> tuple[int, int]:
    db = library.ledger.db
    return (db.execute("SELECT count(*) FROM files").fetchone()[0],
            db.execute("SELECT count(*) FROM records").fetchone()[0])


def _many(rid: str, n: int) -> str:
    return "".join(f'[[record]]\nid = "{rid}-{i}"\ntitle = "t"\n' for i in range(n))


def test_counts_are_kept_not_counted(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "corpus", {"a.toml": _many("a", 3), "b.toml": _many("b", 2),
                                               "c.toml": 'id = "c"\ntitle = "c"\n'})
    library = build(corpus, tmp_path / "index")
    assert library.counts() == _counted(library) == (3, 6)
    write_files(corpus, {"a.toml": _many("a", 1), "d.toml": _many("d", 4)})  # fewer records, a new file
    (corpus / "b.toml").unlink()
    library.refresh()
    assert library.counts() == _counted(library) == (3, 6)
    write_files(corpus, {"a.toml": _many("a", 1) + "title = oops\n"})  # a file with a problem still counts
    library.refresh()
    assert library.counts() == _counted(library)
    # A question the first screen asks reads one row, however many records there are.
    plan = " ".join(str(row) for row in library.ledger.db.execute(
        "EXPLAIN QUERY PLAN SELECT n FROM counts WHERE name = 'records'"))
    assert "SCAN" not in plan


def test_problems_are_read_without_reading_every_file_row(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "corpus", {"a.toml": 'id = "a"\ntitle = "a"\n', "b.toml": 'id = "b"\n'})
    library = build(corpus, tmp_path / "index")
    assert [p.path for p in library.ledger.file_problems()] == ["b.toml"]
    plan = " ".join(str(row) for row in library.ledger.db.execute(
        "EXPLAIN QUERY PLAN SELECT problems FROM files WHERE problems IS NOT NULL"))
    assert "files_with_problems" in plan
