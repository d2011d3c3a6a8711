"""The index's life: first build, incremental refreshes, damage and other versions, read-only and
secure use, processes that start together, and the `search` command's output."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui.index.library as library_module
from tests.gen import generate
from tests.index_helpers import build, found, ids, record, write_files
from tui.cli import main
from tui.index.ledger import Ledger
from tui.index.library import Library
from tui.index.store import Store, default_index_dir

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus"
SEED_LETTER = "1950-10-08-stalin-kim"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Whatever a test leaves to the defaults goes to a cache of its own, never the user's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("READINGROOM_CACHE", str(cache))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)
    monkeypatch.delenv("READINGROOM_CORPUS", raising=False)
    return cache


class Reads:
    """Records the files each refresh hands to the parser."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    @property
    def files(self) -> list[str]:
        return sorted(rel for call in self.calls for rel in call)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    spy = Reads()
    parse = library_module.parse_files

    def parse_files(files, *args, **kwargs):  # type: ignore[no-untyped-def]
        spy.calls.append([f.rel for f in files])
        return parse(files, *args, **kwargs)

    monkeypatch.setattr(library_module, "parse_files", parse_files)
    return spy


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below `folder` with its size and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("gen-*"))


SMALL = {
    "corpus.toml": 'title = "Small"\n[aliases]\n"Joseph Stalin" = ["Stalin"]\n',
    "a.toml": record("a", "Alpha letter", date="1950-10-08", body="apple banana"),
    "b.toml": record("b", "Beta memo", body="banana cherry"),
    "sub/c.toml": record("c", "Gamma telegram", body="cherry damson"),
}


def small(tmp_path: Path) -> Path:
    return write_files(tmp_path / "corpus", SMALL)


# ---------------------------------------------------------------- first build


def test_open_reads_nothing_and_refresh_builds(tmp_path: Path, reads: Reads, own_cache: Path) -> None:
    corpus = small(tmp_path)
    before = snapshot(corpus)
    library = Library.open(corpus, index_dir=tmp_path / "index")
    assert reads.calls == [] and library.search("banana").total == 0  # open reads no records file
    changes = library.refresh()
    assert sorted(f.rel for f in changes.added) == ["a.toml", "b.toml", "sub/c.toml"]
    assert not changes.changed and not changes.removed
    assert reads.files == ["a.toml", "b.toml", "sub/c.toml"]
    assert library.counts() == (3, 3)
    assert found(library, "banana") == {"a", "b"}
    assert library.record("c").title == "Gamma telegram"  # type: ignore[union-attr]
    assert library.problems() == []
    assert library.location == str(tmp_path / "index" / "gen-1")
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == ["CURRENT", "gen-1", "lock"]
    assert snapshot(corpus) == before  # nothing written into the corpus
    assert not own_cache.exists()  # nor into the cache


def test_a_second_start_reads_nothing(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    build(corpus, tmp_path / "index").close()
    reads.calls.clear()
    library = Library.open(corpus, index_dir=tmp_path / "index")
    assert found(library, "cherry") == {"b", "c"}  # searchable before any refresh
    changes = library.refresh()
    assert not changes and reads.files == []
    assert library.refresh(quick=True).files == 0 and reads.files == []
    assert generations(tmp_path / "index") == ["gen-1"]


def test_default_index_folder_is_in_the_cache(tmp_path: Path, own_cache: Path) -> None:
    corpus = small(tmp_path)
    library = build(corpus, None)  # type: ignore[arg-type]
    assert Path(library.location).parent == default_index_dir(corpus)
    assert default_index_dir(corpus).parent == own_cache / "indexes"
    assert found(library, "damson") == {"c"}


# ---------------------------------------------------------------- incremental


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return generate(tmp_path / "gen", 150, seed=5).root


def test_incremental_add_change_delete_reads_only_those_files(tmp_path: Path, generated: Path, reads: Reads) -> None:
    library = build(generated, tmp_path / "index")
    files, records = library.counts()
    assert records == 150 and len(reads.files) == files
    reads.calls.clear()

    record_files = sorted(p for p in generated.rglob("gen-*.toml"))
    changed, removed = record_files[3], record_files[7]
    changed_rel, removed_rel = (p.relative_to(generated).as_posix() for p in (changed, removed))
    removed_id = removed.stem
    changed.write_text(record(changed.stem, "Rewritten", body="zanzibar quokka"), encoding="utf-8")
    removed.unlink()
    write_files(generated, {"new/added.toml": record("added-1", "Added", body="quokka marmalade")})

    changes = library.refresh()
    assert [f.rel for f in changes.added] == ["new/added.toml"]
    assert [f.rel for f in changes.changed] == [changed_rel]
    assert changes.removed == [removed_rel]
    assert reads.files == sorted(["new/added.toml", changed_rel])
    assert library.counts() == (files, records)  # one file and record in, one out
    assert found(library, "quokka") == {changed.stem, "added-1"}
    assert found(library, "zanzibar") == {changed.stem}
    assert found(library, f"id:{removed_id}") == set()
    assert library.record(removed_id) is None
    assert library.record(changed.stem).title == "Rewritten"  # type: ignore[union-attr]

    reads.calls.clear()
    assert not library.refresh() and reads.files == []


def test_quick_refresh_trusts_folder_times(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    library = build(corpus, tmp_path / "index")
    reads.calls.clear()
    (corpus / "a.toml").write_text(record("a", "Alpha letter", body="edited in place"), encoding="utf-8")
    assert library.refresh(quick=True).files == 0 and reads.files == []  # the folder did not change
    write_files(corpus, {"sub/d.toml": record("d", "Delta", body="new file")})
    changes = library.refresh(quick=True)  # a new name changes its folder: a full look
    assert [f.rel for f in changes.added] == ["sub/d.toml"] and [f.rel for f in changes.changed] == ["a.toml"]
    assert reads.files == ["a.toml", "sub/d.toml"]
    assert found(library, "edited") == {"a"} and found(library, "delta") == {"d"}


def test_a_new_alias_needs_no_records_read(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    library = build(corpus, tmp_path / "index")
    reads.calls.clear()
    assert found(library, "Generalissimo") == set()
    (corpus / "corpus.toml").write_text('title = "Small"\n[aliases]\n"Gamma" = ["Generalissimo"]\n')
    changes = library.refresh()
    assert changes.manifests_changed and changes.files == 0 and reads.files == []
    assert found(library, "Generalissimo") == {"c"}


def test_a_part_retitled_reads_its_records_again_and_only_them(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    write_files(corpus, {"sub/corpus.toml": 'title = "Old part"\n'})
    library = build(corpus, tmp_path / "index")
    assert found(library, 'collection:"Old part"') == {"c"}
    reads.calls.clear()
    (corpus / "sub/corpus.toml").write_text('title = "New part"\n')
    assert [f.rel for f in library.refresh().changed] == ["sub/c.toml"]
    assert reads.files == ["sub/c.toml"]
    assert found(library, 'collection:"New part"') == {"c"} and found(library, 'collection:"Old part"') == set()
    # The root's title names the whole corpus, no part of it: no record holds it.
    reads.calls.clear()
    (corpus / "corpus.toml").write_text('title = "Renamed"\n[aliases]\n"Joseph Stalin" = ["Stalin"]\n')
    changes = library.refresh()
    assert changes.manifests_changed and changes.files == 0 and reads.files == []


def test_a_manifest_without_a_title_still_makes_a_part(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    library = build(corpus, tmp_path / "index")
    reads.calls.clear()
    write_files(corpus, {"sub/corpus.toml": '[aliases]\n"Gamma" = ["Generalissimo"]\n'})
    library.refresh()
    assert reads.files == ["sub/c.toml"]
    assert found(library, "collection:sub") == {"c"} and found(library, "Generalissimo") == {"c"}
    (corpus / "sub/corpus.toml").unlink()
    library.refresh()
    assert found(library, "collection:sub") == set() and found(library, "Generalissimo") == set()


def test_problems_come_and_go_with_their_file(tmp_path: Path, reads: Reads) -> None:
    corpus = small(tmp_path)
    library = build(corpus, tmp_path / "index")
    (corpus / "b.toml").write_text('id = "b"\ntitle = "Beta memo"\ndate = "1950-13"\n', encoding="utf-8")
    library.refresh()
    assert [(p.path, p.line) for p in library.problems()] == [("b.toml", 3)]
    assert found(library, "Beta") == {"b"}  # the record still loads
    (corpus / "b.toml").write_text('id = "b"\ntitle = "Beta memo"\n', encoding="utf-8")
    library.refresh()
    assert library.problems() == []


# ---------------------------------------------------------------- damage and other versions


def garble_text(generation: Path) -> None:
    for path in (generation / "text").iterdir():
        if path.is_file():
            path.write_bytes(b"\x00garbage\x1b[31m\nnot an index\n" * 20)


def garble_segments(generation: Path) -> None:
    """The engine's data files, its list of them (meta.json) left as it is."""
    for path in (generation / "text").iterdir():
        if path.is_file() and not path.name.endswith(".json") and not path.name.startswith("."):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble_ledger(generation: Path) -> None:
    (generation / "ledger.sqlite").write_bytes(b"garbage, not SQLite\n" * 50)


def other_version(generation: Path) -> None:
    db = sqlite3.connect(generation / "ledger.sqlite")
    db.execute("UPDATE meta SET value = 'readingroom 0.0.1' WHERE key = 'version'")
    db.commit()
    db.close()


def other_corpus(generation: Path) -> None:
    db = sqlite3.connect(generation / "ledger.sqlite")
    db.execute("UPDATE meta SET value = '/somewhere/else' WHERE key = 'corpus'")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (garble_text, "is damaged"),
        (garble_segments, "is damaged"),
        (garble_ledger, "could not be read"),
        (other_version, "another version"),
    ],
)
def test_a_damaged_or_foreign_index_is_built_again_with_one_line(
    tmp_path: Path, reads: Reads, damage, says: str  # type: ignore[no-untyped-def]
) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    build(corpus, index).close()
    damage(index / "gen-1")
    reads.calls.clear()
    notices: list[str] = []
    library = Library.open(corpus, index_dir=index, notify=notices.append)
    assert len(notices) == 1
    assert says in notices[0] and notices[0].endswith("building it again")
    assert "\n" not in notices[0] and "\x1b" not in notices[0]
    library.refresh()
    assert reads.files == ["a.toml", "b.toml", "sub/c.toml"]
    assert found(library, "banana") == {"a", "b"}
    assert generations(index) == ["gen-2"]  # the damaged one is gone
    assert (index / "CURRENT").read_text().strip() == "gen-2"
    library.close()
    reads.calls.clear()
    notices.clear()
    again = Library.open(corpus, index_dir=index, notify=notices.append)
    assert not again.refresh() and notices == [] and reads.files == []


def test_an_open_library_follows_a_rebuild_by_another(tmp_path: Path) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    first = build(corpus, index)
    other_version(index / "gen-1")
    second = build(corpus, index)  # finds the index foreign and starts gen-2, removing gen-1
    assert generations(index) == ["gen-2"]
    assert found(first, "banana") == {"a", "b"}  # still reading the files it has open
    write_files(corpus, {"e.toml": record("e", "Epsilon", body="banana")})
    assert [f.rel for f in first.refresh().added] == ["e.toml"]
    assert first.location == str(index / "gen-2") and found(first, "banana") == {"a", "b", "e"}
    second.reload()
    assert found(second, "banana") == {"a", "b", "e"} and not second.refresh()


def test_a_failed_background_refresh_is_said_in_one_line_and_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from tui.index.background import refresh_elsewhere

    corpus = small(tmp_path)
    notices: list[str] = []
    library = Library.open(corpus, index_dir=tmp_path / "index", notify=notices.append)
    failing = tmp_path / "failing-python"
    failing.write_text("#!/bin/sh\necho 'Traceback (most recent call last):' >&2\n"
                       "printf 'OSError: no space left \\033[2J on device\\n' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(failing))
    assert refresh_elsewhere(library, lambda _step: None) == 3
    assert found(library, "banana") == {"a", "b"}
    assert notices[-1] == ("indexing in the background failed (OSError: no space left ^[[2J on device): "
                           "indexing here instead")
    assert capfd.readouterr().err == ""  # nothing reached the terminal the browser draws on


def test_a_garbled_current_pointer_starts_afresh(tmp_path: Path) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    build(corpus, index).close()
    (index / "CURRENT").write_text("../../etc\n")
    library = build(corpus, index)
    assert found(library, "banana") == {"a", "b"}
    assert generations(index) == ["gen-2"]


# ---------------------------------------------------------------- read-only and secure


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """An index folder this process may not write (root ignores chmod, so the check says so)."""
    monkeypatch.setattr(Store, "writable", lambda self: False)


def test_read_only_folder_without_an_index_keeps_it_in_memory(tmp_path: Path, read_only: None) -> None:
    corpus = small(tmp_path)
    notices: list[str] = []
    library = build(corpus, tmp_path / "index", notices.append)
    assert notices == [f"can't write the index folder {tmp_path / 'index'}: keeping the index in memory"]
    assert library.location == "memory"
    assert found(library, "banana") == {"a", "b"}
    assert not (tmp_path / "index").exists()


def test_read_only_index_is_used_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    build(corpus, index).close()
    before = snapshot(index)
    monkeypatch.setattr(Store, "writable", lambda self: False)
    notices: list[str] = []
    library = build(corpus, index, notices.append)
    assert notices == [] and library.location == str(index / "gen-1")
    assert found(library, "banana") == {"a", "b"}

    (corpus / "b.toml").unlink()
    library.refresh()
    assert len(notices) == 1 and "can't be written here: building a copy in memory" in notices[0]
    assert library.location == "memory"
    assert found(library, "banana") == {"a"}
    assert snapshot(index) == before


def test_a_generation_this_process_cannot_write_is_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    build(corpus, index).close()
    before = snapshot(index)
    real_access = os.access
    monkeypatch.setattr(library_module.os, "access",
                        lambda path, mode: False if Path(path).name == "gen-1" else real_access(path, mode))
    library = build(corpus, index)
    assert not library.writable and found(library, "cherry") == {"b", "c"}
    assert snapshot(index) == before


def test_secure_mode_writes_nothing(tmp_path: Path, own_cache: Path) -> None:
    corpus = small(tmp_path)
    before = snapshot(corpus)
    notices: list[str] = []
    library = Library.open(corpus, secure=True, notify=notices.append)
    library.refresh()
    assert notices == ["secure mode writes no index: keeping the index in memory"]
    assert found(library, "banana") == {"a", "b"} and library.location == "memory"
    assert not own_cache.exists()
    assert snapshot(corpus) == before
    library = Library.open(corpus, index_dir=tmp_path / "index", secure=True, notify=notices.append)
    library.refresh()
    assert not (tmp_path / "index").exists()


def test_secure_mode_reads_an_existing_index_and_leaves_it_alone(tmp_path: Path) -> None:
    corpus = small(tmp_path)
    index = tmp_path / "index"
    build(corpus, index).close()
    before = snapshot(index)
    notices: list[str] = []
    library = Library.open(corpus, index_dir=index, secure=True, notify=notices.append)
    assert not library.refresh() and found(library, "cherry") == {"b", "c"}
    write_files(corpus, {"e.toml": record("e", "Epsilon", body="cherry")})
    library.refresh()
    assert found(library, "cherry") == {"b", "c", "e"} and library.location == "memory"
    assert len(notices) == 1
    assert snapshot(index) == before


# ---------------------------------------------------------------- processes at once


def cli(*args: str, cache: Path) -> subprocess.Popen[str]:
    """Start `python -m tui` in a fresh process with its own cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READINGROOM_")}
    env.update(READINGROOM_CACHE=str(cache), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tui", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


@pytest.fixture
def generated_big(tmp_path: Path) -> Iterator[Path]:
    yield generate(tmp_path / "big", 1500, seed=9).root


def test_two_processes_building_at_once_leave_one_good_index(
    tmp_path: Path, generated_big: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "shared-cache"
    query = "Stalin OR Gomulka"
    first = cli("search", query, "--corpus", str(generated_big), "--format", "json", "--limit", "1000", cache=cache)
    second = cli("search", query, "--corpus", str(generated_big), "--format", "json", "--limit", "1000", cache=cache)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    answers = [json.loads(out) for out, _err in outputs]
    # One of them built the index; the other waited for it or found it built.
    notices = [err for _out, err in outputs]
    assert sum("building the index of" in err for err in notices) == 1, notices
    for answer in answers:
        for hit in answer["results"]:
            hit.pop("snippet")  # the rest must be the same, score included

    monkeypatch.setenv("READINGROOM_CACHE", str(cache))
    index = default_index_dir(generated_big)
    assert generations(index) == ["gen-1"]
    assert (index / "CURRENT").read_text().strip() == "gen-1"
    library = Library.open(generated_big, index_dir=index)
    assert not library.refresh() and reads.files == []  # a third start reads nothing
    _files, records = library.counts()
    assert records == 1500 and library.problems() == []
    expected = library.search(query, limit=1000, snippets=False)
    assert expected.total > 0
    for answer in answers:
        assert answer["total"] == expected.total
        assert [hit["id"] for hit in answer["results"]] == ids(expected)
    assert answers[0] == answers[1]


# ---------------------------------------------------------------- the search command


def search_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code = main(["search", *args, "--format", "json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else {}), captured.err


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One index of the bundled corpus for the command's tests (each names it with --index)."""
    return str(tmp_path_factory.mktemp("bundled") / "index")


def test_search_json_has_exactly_the_documented_shape(
    capsys: pytest.CaptureFixture[str], bundled_index: str
) -> None:
    code, data, _err = search_json(capsys, "militery Kim", "--corpus", str(BUNDLED), "--index", bundled_index,
                                   "--limit", "3")
    assert code == 0
    assert list(data) == ["query", "total", "full", "words", "results", "corrections"]
    assert data["query"] == "militery Kim" and data["words"] == 2
    assert isinstance(data["full"], int) and 0 <= data["full"] <= data["total"]
    assert isinstance(data["total"], int) and data["total"] >= 3
    results = data["results"]
    assert isinstance(results, list) and len(results) == 3
    for hit in results:
        assert list(hit) == ["id", "title", "date", "score", "snippet", "matched", "found_in"]
        assert isinstance(hit["matched"], int) and 1 <= hit["matched"] <= 2
        assert hit["found_in"] == "text"
        assert isinstance(hit["id"], str) and isinstance(hit["title"], str) and isinstance(hit["snippet"], str)
        assert hit["date"] is None or isinstance(hit["date"], str)
        assert isinstance(hit["score"], float)
    assert data["corrections"] == [["militery", "military"]]


def test_search_json_of_the_seed_letter(capsys: pytest.CaptureFixture[str], bundled_index: str) -> None:
    code, data, _err = search_json(capsys, '"Feng Xi"', "--corpus", str(BUNDLED), "--index", bundled_index)
    assert code == 0 and data["total"] == 1
    (hit,) = data["results"]  # type: ignore[misc]
    assert hit["id"] == SEED_LETTER and hit["date"] == "8 October 1950"
    assert hit["title"] == "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)"


def test_search_with_no_results_exits_zero(capsys: pytest.CaptureFixture[str], bundled_index: str) -> None:
    code, data, _err = search_json(capsys, "xylophone zeppelin", "--corpus", str(BUNDLED), "--index", bundled_index)
    assert code == 0
    assert data == {"query": "xylophone zeppelin", "total": 0, "full": 0, "words": 2, "results": [], "corrections": []}
    assert main(["search", "xylophone", "--corpus", str(BUNDLED), "--index", bundled_index]) == 0
    assert capsys.readouterr().out.startswith("0 results for xylophone")


def test_text_and_json_offer_some_of_the_words_where_none_has_all_and_all_words_keeps_to_all(
    capsys: pytest.CaptureFixture[str], bundled_index: str
) -> None:
    query = "Vyshinsky Kirk message Americans"  # no record has all four
    code, data, _err = search_json(capsys, query, "--corpus", str(BUNDLED), "--index", bundled_index, "--all-words")
    assert code == 0 and data["total"] == 0 and data["results"] == [] and data["words"] == 4
    code, data, _err = search_json(capsys, query, "--corpus", str(BUNDLED), "--index", bundled_index)
    assert code == 0 and data["total"] > 1 and data["full"] == 0 and data["results"][0]["matched"] == 3
    assert data["results"][0]["title"].startswith("The Ambassador in the Soviet Union (Kirk) to the Secretary")
    assert main(["search", query, "--corpus", str(BUNDLED), "--index", bundled_index, "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "none has every word: these lack" in " ".join(out.split())
    assert "1. The Ambassador in the Soviet Union (Kirk) to the Secretary of State" in out.splitlines()


@pytest.mark.parametrize("output", ["json", "text"])
def test_malformed_query_exits_two_with_the_message_on_stderr(
    capsys: pytest.CaptureFixture[str], bundled_index: str, output: str
) -> None:
    code = main(["search", "Stalin date:1950-13", "--corpus", str(BUNDLED), "--index", bundled_index,
                 "--format", output])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "there is no month 13" in captured.err
    lines = captured.err.splitlines()
    assert lines[-2:] == ["Stalin date:1950-13", " " * 17 + "^ there is no month 13"]


def test_search_limit_and_text_output(capsys: pytest.CaptureFixture[str], bundled_index: str) -> None:
    code, data, _err = search_json(capsys, "Kaesong", "--corpus", str(BUNDLED), "--index", bundled_index,
                                   "--limit", "0")
    assert code == 0 and data["results"] == [] and data["total"] > 10  # type: ignore[operator]
    assert main(["search", "Feng Xi", "--corpus", str(BUNDLED), "--index", bundled_index]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 result for Feng Xi")
    assert f"8 October 1950 · {SEED_LETTER}" in out


def test_search_rescan_sees_an_edit_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = small(tmp_path)
    index = str(tmp_path / "index")
    assert search_json(capsys, "banana", "--corpus", str(corpus), "--index", index)[1]["total"] == 2
    (corpus / "a.toml").write_text(record("a", "Alpha letter", body="apple only"), encoding="utf-8")
    assert search_json(capsys, "banana", "--corpus", str(corpus), "--index", index)[1]["total"] == 2
    assert search_json(capsys, "banana", "--corpus", str(corpus), "--index", index, "--rescan")[1]["total"] == 1


def test_index_command_then_search_reads_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 reads: Reads) -> None:
    corpus = small(tmp_path)
    out = tmp_path / "prebuilt"
    assert main(["index", str(corpus), "--out", str(out)]) == 0
    assert "3 records from 3 files" in capsys.readouterr().out
    reads.calls.clear()
    code, data, _err = search_json(capsys, "cherry", "--corpus", str(corpus), "--index", str(out))
    assert code == 0 and data["total"] == 2 and reads.files == []


def test_index_reports_duplicates_and_dangling_links_as_check_does(tmp_path: Path) -> None:
    """The index finds the rules across records in its ledger, placed as `readingroom check` places them."""
    from tui.model import load_corpus

    root = write_files(tmp_path / "corpus", {
        "a/one.toml": 'id = "dup"\ntitle = "First"\n',
        "b.toml": '# second\nid = "dup"\ntitle = "Second"\n',
        "c.toml": ('[[record]]\nid = "c"\ntitle = "C"\n\n'
                   '[[record]]\nid = "d"\ntitle = "D"\nrelated = ["dup", "zz", 7]\n'),
    })
    library = Library.open(root, index_dir=tmp_path / "index", notify=lambda _message: None)
    library.refresh()
    assert library.problems() == load_corpus(root).problems
    assert [(p.path, p.line, p.column, p.id) for p in library.problems()] == [
        ("b.toml", 2, 1, "dup"), ("c.toml", 8, 1, "d"), ("c.toml", 8, 1, "d")]


def test_the_ledger_counts_its_rows_when_the_count_is_missing_and_keeps_it_by_triggers(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    ledger = Ledger(path)
    ledger.db.execute("INSERT INTO files VALUES ('a.toml', 1, 1, NULL)")
    ledger.db.execute("INSERT INTO files VALUES ('b.toml', 1, 1, NULL)")
    ledger.db.commit()
    assert ledger.file_count() == 2
    ledger.db.execute("DELETE FROM counts WHERE name = 'files'")  # as a ledger from before the counts
    ledger.db.commit()
    ledger.close()
    assert Ledger(path).file_count() == 2  # counted when missing
    with sqlite3.connect(path) as db:  # a count that is there is kept as it is
        db.execute("UPDATE counts SET n = 7 WHERE name = 'files'")
    reopened = Ledger(path)
    assert reopened.file_count() == 7
    reopened.db.execute("INSERT INTO files VALUES ('c.toml', 1, 1, NULL)")
    assert reopened.file_count() == 8
