"""A damaged index is noticed at open and built again: every file of it damaged in turn, and the
search then finds exactly the records of the corpus, with nothing printed over the screen."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.index_helpers import build, record, write_files
from tui.cli import main
from tui.index.library import Library

RECORDS = 30  # every one holds the word "apple"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGROOM_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)


def corpus_in(root: Path, count: int, start: int = 0) -> None:
    write_files(root, {f"r{n:03}.toml": record(f"r{n}", f"Record {n}", body=f"apple number{n}")
                       for n in range(start, start + count)})


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and its index of three segments, one with deletes (built once, copied per test)."""
    root = tmp_path_factory.mktemp("pristine")
    corpus, index = root / "corpus", root / "index"
    corpus_in(corpus, 10)
    build(corpus, index).close()
    corpus_in(corpus, 10, start=10)
    build(corpus, index).close()
    write_files(corpus, {"r003.toml": record("r3", "Record 3 again", body="apple number3")})
    corpus_in(corpus, 10, start=20)
    build(corpus, index).close()
    meta = json.loads((index / "gen-1" / "text" / "meta.json").read_text())
    assert len(meta["segments"]) >= 3 and any(s["deletes"] for s in meta["segments"])
    return corpus, index


@pytest.fixture
def copy(pristine: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The pristine corpus (which no test changes) and a copy of its index, with its files' times."""
    index = tmp_path / "index"
    shutil.copytree(pristine[1], index)
    return pristine[0], index


def text_dir(index: Path) -> Path:
    return index / "gen-1" / "text"


def segment_files(index: Path) -> list[str]:
    return sorted(p.name for p in text_dir(index).iterdir() if p.name[0] != "." and p.name != "meta.json")


def garble(path: Path) -> None:
    """Random bytes over the middle of a file, its size kept."""
    data = bytearray(path.read_bytes())
    rng = random.Random(path.name)
    for _ in range(max(len(data) // 8, 4)):
        data[rng.randrange(len(data) // 4, max(len(data) * 3 // 4, len(data) // 4 + 1))] = rng.randrange(256)
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def drop_a_segment(text: Path) -> None:
    meta = json.loads((text / "meta.json").read_text())
    meta["segments"] = meta["segments"][:1]
    (text / "meta.json").write_text(json.dumps(meta))


Damage = Callable[[Path], None]
DAMAGED: dict[str, Damage] = {
    "ledger deleted": lambda index: (index / "gen-1" / "ledger.sqlite").unlink(),
    "ledger garbage": lambda index: (index / "gen-1" / "ledger.sqlite").write_bytes(os.urandom(8192)),
    "ledger truncated": lambda index: truncate(index / "gen-1" / "ledger.sqlite"),
    "meta.json with a segment dropped": lambda index: drop_a_segment(text_dir(index)),
    "meta.json garbage": lambda index: (text_dir(index) / "meta.json").write_bytes(os.urandom(600)),
    "meta.json deleted": lambda index: (text_dir(index) / "meta.json").unlink(),
    "text folder emptied": lambda index: [p.unlink() for p in text_dir(index).iterdir()],
    "engine's file list garbage": lambda index: (text_dir(index) / ".managed.json").write_bytes(b"\x00{garbage"),
}
def engine_locks(index: Path) -> list[Path]:
    return sorted(text_dir(index).glob(".tantivy-*.lock"))


HARMLESS: dict[str, Damage] = {
    "engine lock files deleted": lambda index: [p.unlink() for p in engine_locks(index)],
    "engine lock files garbage": lambda index: [p.write_bytes(b"\x00garbage") for p in engine_locks(index)],
    "writers' lock garbage": lambda index: (index / "lock").write_bytes(b"\x1b[2Jgarbage"),
    "engine's file list deleted": lambda index: (text_dir(index) / ".managed.json").unlink(),
}


def assert_right(corpus: Path, index: Path, capfd: pytest.CaptureFixture[str]) -> list[str]:
    """Open and refresh as a command does; the search finds every record once. Returns the notices."""
    notices: list[str] = []
    library = build(corpus, index, notices.append)
    results = library.search("apple", limit=100, snippets=False)
    assert results.total == RECORDS and len({hit.card.id for hit in results.hits}) == RECORDS
    assert library.search("number3", snippets=False).total == 1
    assert library.counts() == (RECORDS, RECORDS)
    library.close()
    assert capfd.readouterr().err == ""  # no panic, no traceback on the terminal
    return notices


@pytest.mark.parametrize("damage", list(DAMAGED), ids=list(DAMAGED))
def test_damage_to_the_ledger_or_the_engine_list_is_rebuilt(
        copy: tuple[Path, Path], damage: str, capfd: pytest.CaptureFixture[str]) -> None:
    corpus, index = copy
    DAMAGED[damage](index)
    notices = assert_right(corpus, index, capfd)
    assert len(notices) == 1 and notices[0].endswith("; building it again"), notices
    assert "damaged" in notices[0] or "could not be read" in notices[0]
    assert (index / "CURRENT").read_text().strip() == "gen-2"
    assert assert_right(corpus, index, capfd) == []  # and then it stays good


@pytest.mark.parametrize("how", [garble, truncate], ids=["garbage", "truncated"])
def test_each_segment_file_damaged_is_found_by_its_checksum_and_rebuilt(
        copy: tuple[Path, Path], how: Callable[[Path], None], capfd: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    names = segment_files(copy[1])
    assert {name.rpartition(".")[2] for name in names} >= {"idx", "pos", "term", "store", "fast", "fieldnorm", "del"}
    corpus = copy[0]
    for name in names:
        index = tmp_path / name / "index"
        shutil.copytree(copy[1], index)
        how(text_dir(index) / name)
        notices = assert_right(corpus, index, capfd)
        assert len(notices) == 1 and f"is damaged ({name}" in notices[0], (name, notices)


@pytest.mark.parametrize("damage", list(HARMLESS), ids=list(HARMLESS))
def test_lock_files_damaged_change_nothing(copy: tuple[Path, Path], damage: str,
                                          capfd: pytest.CaptureFixture[str]) -> None:
    corpus, index = copy
    HARMLESS[damage](index)
    assert assert_right(corpus, index, capfd) == []
    assert (index / "CURRENT").read_text().strip() == "gen-1"


def test_an_index_whose_files_were_copied_is_verified_once_and_kept(
        copy: tuple[Path, Path], capfd: pytest.CaptureFixture[str]) -> None:
    corpus, index = copy
    for path in text_dir(index).iterdir():  # new times, same bytes: a copy without -p
        path.touch()
    assert assert_right(corpus, index, capfd) == []
    assert (index / "CURRENT").read_text().strip() == "gen-1"


def test_a_sound_index_is_opened_without_reading_its_segments(
        copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.index.opening as opening

    def verify(text: Path) -> None:
        raise AssertionError(f"{text} read in full")

    monkeypatch.setattr(opening, "verify", verify)
    corpus, index = copy
    for _ in range(2):  # opening, searching and refreshing leave the engine's files as noted
        library = Library.open(corpus, index_dir=index)
        assert library.search("apple", limit=0).total == RECORDS and not library.refresh()
        library.close()


def test_the_index_command_repairs_a_damaged_segment_and_a_lost_ledger(
        copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index = copy
    garble(text_dir(index) / next(n for n in segment_files(index) if n.endswith(".term")))
    assert main(["index", str(corpus), "--out", str(index)]) == 0
    out, err = capsys.readouterr()
    assert f"read {RECORDS} new" in out and "is damaged" in err and err.count("\n") == 1
    (index / "gen-2" / "ledger.sqlite").unlink()
    assert main(["index", str(corpus), "--out", str(index)]) == 0
    out, err = capsys.readouterr()
    assert f"{RECORDS} records from {RECORDS} files; read {RECORDS} new" in out
    assert "is damaged (it holds 30 documents for 0 records); building it again" in err
    assert main(["search", "apple", "--corpus", str(corpus), "--index", str(index), "--limit", "0"]) == 0
    assert capsys.readouterr().out.startswith(f"{RECORDS} results for apple")


def test_a_panic_while_searching_is_a_notice(copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Damage the open-time check can't see (bytes changed, times put back) may make the engine
    panic mid-search: the reader gets a notice, not a crash."""
    from tui.index.plan import Planner

    class PanicException(BaseException):  # pyo3's, which no module exports
        pass

    def panicking(*_args: object, **_kwargs: object) -> None:
        raise PanicException("index out of bounds: the len is 179822 but the index is 18446744073702040677")

    library = build(*copy)
    monkeypatch.setattr(Planner, "plan", panicking)
    results = library.search("apple")
    assert results.total == 0 and results.error is None
    assert results.notices == ["the index could not be read (index out of bounds: the len is 179822 but the "
                               "index is 18446744073702040677): rebuild it with readingroom index --rebuild"]

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Planner, "plan", interrupted)
    with pytest.raises(KeyboardInterrupt):  # only the engine's failures are caught
        library.search("apple")


def test_a_library_opened_on_a_damaged_index_never_reaches_the_engine(
        copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import tantivy

    corpus, index = copy
    garble(text_dir(index) / next(n for n in segment_files(index) if n.endswith(".store")))
    opened: list[str] = []
    real_index = tantivy.Index

    def watched(*args: object, **kwargs: object) -> tantivy.Index:
        opened.append(str(kwargs.get("path")))
        return real_index(*args, **kwargs)

    monkeypatch.setattr(tantivy, "Index", watched)
    assert Library.open_existing(corpus, index_dir=index) is None
    assert str(text_dir(index)) not in opened
