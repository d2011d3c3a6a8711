"""What the index refuses to do, and how a failed write is said: another corpus's index is never
taken over, `index` fails where it can't write, a full disk is one line, and file names that are
not UTF-8 are indexed like any other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.index_helpers import build, found, record, write_files
from tui.cli import main
from tui.index.library import IndexRefused, Library
from tui.session import Session

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READINGROOM_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)
    monkeypatch.delenv("READINGROOM_CORPUS", raising=False)
    return tmp_path / "cache"


def two_corpora(tmp_path: Path) -> tuple[Path, Path]:
    first = write_files(tmp_path / "first", {"a.toml": record("a", "Alpha", body="apple")})
    second = write_files(tmp_path / "second", {"b.toml": record("b", "Beta", body="apple")})
    return first, second


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- another corpus's index


def test_index_and_search_refuse_another_corpus_index_naming_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_corpora(tmp_path)
    shared = tmp_path / "shared-index"
    assert main(["index", str(first), "--out", str(shared)]) == 0
    capsys.readouterr()
    before = snapshot(shared)
    expected = (f"readingroom: the index at {shared} is of the corpus {first}, not {second}: give another index "
                f"folder, or rebuild it for this corpus with readingroom index {second} --out {shared} --rebuild\n")
    assert main(["index", str(second), "--out", str(shared)]) == 2
    assert capsys.readouterr() == ("", expected)
    assert main(["search", "apple", "--corpus", str(second), "--index", str(shared)]) == 2
    assert capsys.readouterr() == ("", expected)
    monkeypatch.setenv("READINGROOM_INDEX", str(shared))  # as a server's configuration names it
    assert main(["search", "apple", "--corpus", str(second)]) == 2
    assert capsys.readouterr().err == expected
    assert snapshot(shared) == before  # untouched
    assert main(["search", "apple", "--corpus", str(first)]) == 0  # still the first corpus's
    assert "1. Alpha" in capsys.readouterr().out


def test_rebuild_replaces_it_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = two_corpora(tmp_path)
    shared = tmp_path / "shared-index"
    assert main(["index", str(first), "--out", str(shared)]) == 0
    assert main(["index", str(second), "--out", str(shared), "--rebuild"]) == 0
    assert "1 records from 1 files; read 1 new" in capsys.readouterr().out
    assert main(["search", "apple", "--corpus", str(second), "--index", str(shared), "--format", "json"]) == 0
    assert '"id": "b"' in capsys.readouterr().out
    assert sorted(p.name for p in shared.glob("gen-*")) == ["gen-2"]
    assert main(["index", str(second), "--out", str(shared), "--rebuild"]) == 0  # afresh, even when good
    assert "read 1 new" in capsys.readouterr().out


def test_the_browser_keeps_an_index_in_memory_and_leaves_the_other_alone(tmp_path: Path) -> None:
    first, second = two_corpora(tmp_path)
    shared = tmp_path / "shared-index"
    build(first, shared).close()
    before = snapshot(shared)
    notices: list[str] = []
    session = Session(second, index_dir=str(shared), notify=notices.append)
    assert not session.open_existing()
    session.open()
    session.refresh()
    assert notices == [f"the index at {shared} is of the corpus {first}, not {second}: keeping an index in memory"]
    assert session.library is not None and session.library.location == "memory"
    assert [hit.card.id for hit in session.search("apple").hits] == ["b"]
    assert snapshot(shared) == before


def test_a_moved_corpus_rebuilds_its_own_index_beside_it(tmp_path: Path) -> None:
    first, _second = two_corpora(tmp_path)
    build(first, first / ".readingroom").close()  # found by itself, not named
    moved = tmp_path / "moved"
    first.rename(moved)
    notices: list[str] = []
    library = build(moved, None, notices.append)  # type: ignore[arg-type]
    assert len(notices) == 1 and "is of another corpus" in notices[0] and notices[0].endswith("building it again")
    assert found(library, "apple") == {"a"}


def test_library_open_refuses_without_touching(tmp_path: Path) -> None:
    first, second = two_corpora(tmp_path)
    build(first, tmp_path / "index").close()
    with pytest.raises(IndexRefused) as refused:
        Library.open(second, index_dir=tmp_path / "index")
    assert refused.value.brief == f"the index at {tmp_path / 'index'} is of the corpus {first}, not {second}"


# ---------------------------------------------------------------- a folder that can't be written


def test_index_into_a_folder_it_cannot_write_fails_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _second = two_corpora(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    out = blocked / "index"
    assert main(["index", str(first), "--out", str(out)]) == 2
    assert capsys.readouterr() == ("", f"readingroom: can't write the index folder {out}\n")


def test_index_into_a_generation_it_cannot_write_fails(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.index.library as library_module

    first, _second = two_corpora(tmp_path)
    build(first, tmp_path / "index").close()
    write_files(first, {"c.toml": record("c", "Gamma", body="apple")})
    real_access = os.access
    monkeypatch.setattr(library_module.os, "access",
                        lambda path, mode: False if Path(path).name == "gen-1" else real_access(path, mode))
    assert main(["index", str(first), "--out", str(tmp_path / "index")]) == 2
    assert capsys.readouterr() == ("", f"readingroom: can't write the index at {tmp_path / 'index' / 'gen-1'}\n")


# ---------------------------------------------------------------- a full disk


def index_with_file_limit(corpus: Path, out: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`readingroom index` where no file may grow past `limit` bytes: writes fail as on a full disk."""
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
            "from tui.cli import main\n"
            f"sys.exit(main(['index', {str(corpus)!r}, '--out', {str(out)!r}]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)


@pytest.mark.parametrize("limit", [30_000, 400_000], ids=["ledger", "engine"])
def test_a_full_disk_is_one_line_and_exit_two_and_the_index_stays_right(tmp_path: Path, limit: int) -> None:
    from tests.gen import generate

    corpus = generate(tmp_path / "corpus", 400, seed=5).root
    done = index_with_file_limit(corpus, tmp_path / "index", limit)
    assert done.returncode == 2 and done.stdout == ""
    failure = done.stderr.splitlines()[-1]
    assert failure.startswith("readingroom: could not ") and str(tmp_path / "index") in failure
    assert "Traceback" not in done.stderr and "panicked at" not in done.stderr
    library = build(corpus, tmp_path / "index")  # with room again: right, whatever was left
    assert library.counts()[1] == library.searcher().num_docs == 400
    assert library.search("NOT zzqqxx", limit=0).total == 400


# ---------------------------------------------------------------- file names that are not UTF-8


def test_file_and_folder_names_that_are_not_utf8_are_indexed_and_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_files(tmp_path / "corpus", {"a.toml": record("a", "Alpha", body="apple")})
    latin = os.fsdecode(b"caf\xe9.toml")
    folder = corpus / os.fsdecode(b"d\xe9p\xf4t")
    folder.mkdir()
    (corpus / latin).write_text(record("b", "Beta", body="apple"), encoding="utf-8")
    (folder / "corpus.toml").write_text('title = "D\\u00e9p\\u00f4t"\n', encoding="utf-8")
    (folder / "c.toml").write_text(record("c", "Gamma", body="apple", related=["zz"]), encoding="utf-8")
    assert main(["index", str(corpus), "--out", str(tmp_path / "index")]) == 0
    assert "3 records from 3 files; read 3 new" in capsys.readouterr().out
    assert main(["index", str(corpus), "--out", str(tmp_path / "index")]) == 0
    assert "nothing changed" in capsys.readouterr().out
    library = Library.open(corpus, index_dir=tmp_path / "index")
    assert found(library, "apple") == {"a", "b", "c"}
    assert library.record("b").title == "Beta"  # type: ignore[union-attr]
    assert library.record("c").title == "Gamma"  # type: ignore[union-attr]
    assert [p.message for p in library.problems()] and all("\udce9" not in p.path for p in library.problems())
    (corpus / latin).unlink()
    assert [f.rel for f in library.refresh().added] == [] and found(library, "apple") == {"a", "c"}
