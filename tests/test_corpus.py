"""A corpus as a folder: discovery, skipped names, links, manifests, unreadable places."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import WriteCorpus
from tui.model import discover, load_corpus, toml_file


def record(record_id: str, **extra: str) -> str:
    lines = [f'id = "{record_id}"', f'title = "Title of {record_id}"']
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def test_files_at_any_depth_in_path_order(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "z.toml": record("z"),
            "a/b/c/deep.toml": record("deep"),
            "a-b/x.toml": record("ab"),
            "a/one.toml": record("one"),
            "notes.txt": "not a record",
            "a/readme.md": "neither",
        }
    )
    found = discover(root)
    assert [f.rel for f in found.files] == ["a/b/c/deep.toml", "a/one.toml", "a-b/x.toml", "z.toml"]
    assert found.problems == []


def test_dot_and_underscore_names_are_skipped(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "keep.toml": record("keep"),
            ".hidden.toml": record("hidden"),
            "_draft.toml": record("draft"),
            ".git/x.toml": record("git"),
            "_cache/y.toml": record("cache"),
            "sub/.z.toml": record("z"),
        }
    )
    assert [r.id for r in load_corpus(root).records] == ["keep"]


def test_a_link_loop_is_reported_and_never_followed(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a/x.toml": record("x")})
    (root / "a" / "back").symlink_to("..")
    corpus = load_corpus(root)
    assert [r.id for r in corpus.records] == ["x"]
    (problem,) = corpus.problems
    assert problem.path == "a/back" and "loop" in problem.message


def test_a_link_out_of_the_corpus_is_followed_once(tmp_path: Path, write_corpus: WriteCorpus) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "o.toml").write_text(record("outside"))
    root = write_corpus({"a.toml": record("a")})
    (root / "linked").symlink_to(outside)
    (root / "again").symlink_to(outside)  # the same folder through a second link
    corpus = load_corpus(root)
    assert sorted(r.id for r in corpus.records) == ["a", "outside"]
    assert corpus.problems == []
    assert corpus.by_id["outside"].path == "again/o.toml"


def test_a_link_inside_the_corpus_never_loads_a_record_twice(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"real/r.toml": record("r")})
    (root / "alias").symlink_to("real")
    (root / "file-link.toml").symlink_to("real/r.toml")
    corpus = load_corpus(root)
    assert [r.path for r in corpus.records] == ["real/r.toml"]
    assert corpus.problems == []


def test_a_dangling_link_is_a_problem(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": record("a")})
    (root / "gone.toml").symlink_to("nowhere.toml")
    corpus = load_corpus(root)
    (problem,) = corpus.problems
    assert problem.path == "gone.toml" and "leads nowhere" in problem.message
    assert [r.id for r in corpus.records] == ["a"]


def test_an_unreadable_folder_and_file_are_problems(write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_corpus({"locked/x.toml": record("x"), "secret.toml": record("s"), "ok.toml": record("ok")})
    real_scandir = os.scandir
    real_read = toml_file.read_regular

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def read_regular(path: Path) -> bytes:
        if path.name == "secret.toml":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(toml_file, "read_regular", read_regular)
    corpus = load_corpus(root)
    assert [r.id for r in corpus.records] == ["ok"]
    messages = {p.path: p.message for p in corpus.problems}
    assert messages["locked"] == "cannot read the folder: Permission denied"
    assert messages["secret.toml"] == "cannot read the file: Permission denied"


def test_manifests_hold_below_their_folder_and_deeper_ones_add(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "corpus.toml": (
                'title = "All"\nrights = "Root rights"\n[aliases]\n"Joseph Stalin" = ["Stalin", "Feng Xi"]\n'
            ),
            "part/corpus.toml": 'title = "Part"\ndescription = "A part"\n[aliases]\n"Mao Zedong" = "Mao Tse-tung"\n',
            "part/deeper/corpus.toml": 'rights = "Deeper rights"\n',
            "part/deeper/d.toml": record("d"),
            "part/p.toml": record("p"),
            "top.toml": record("top"),
        }
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    manifests = corpus.manifests
    assert corpus.title == "All"
    assert manifests.rights("top.toml") == "Root rights"
    assert manifests.rights("part/p.toml") == "Root rights"
    assert manifests.rights("part/deeper/d.toml") == "Deeper rights"
    assert [m.label for m in manifests.parts("part/deeper/d.toml")] == ["Part", "deeper"]
    groups = {g.names[0]: g for g in manifests.alias_groups()}
    assert groups["Joseph Stalin"].folder == "" and groups["Joseph Stalin"].names == (
        "Joseph Stalin",
        "Stalin",
        "Feng Xi",
    )
    assert groups["Mao Zedong"].folder == "part" and groups["Mao Zedong"].names == ("Mao Zedong", "Mao Tse-tung")


def test_a_record_rights_beat_the_manifest(write_corpus: WriteCorpus) -> None:
    from tui.render.metadata import metadata_rows

    root = write_corpus(
        {
            "corpus.toml": 'rights = "Default"\n',
            "a.toml": record("a") + '[source]\nrights = "Own"\n',
            "b.toml": record("b"),
        }
    )
    corpus = load_corpus(root)

    def rights(record_id: str) -> str:
        rec = corpus.by_id[record_id]
        rows = metadata_rows(rec, rights=corpus.manifests.rights(rec.path))
        return next(row.values[0] for row in rows if row.label == "Rights")

    assert rights("a") == "Own"
    assert rights("b") == "Default"


def test_manifest_problems_are_located(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "corpus.toml": 'title = 5\n[aliases]\n"X" = 3\n',
            "broken/corpus.toml": "title = \n",
            "a.toml": record("a"),
        }
    )
    corpus = load_corpus(root)
    located = sorted((p.path, p.line, p.column) for p in corpus.problems)
    assert located == [("broken/corpus.toml", 1, 9), ("corpus.toml", 1, 1), ("corpus.toml", 3, 1)]
    assert [r.id for r in corpus.records] == ["a"]


def test_many_files_load_in_parallel_the_same_as_in_one_process(write_corpus: WriteCorpus) -> None:
    files = {f"f{i:03d}.toml": record(f"r{i}", date=f"19{50 + i % 40}") for i in range(60)}
    files["bad.toml"] = 'id = "bad"\ntitle = "B"\ndate = "1950-13"\n'
    root = write_corpus(files)
    one = load_corpus(root, workers=1)
    two = load_corpus(root, workers=2)
    assert [r.id for r in one.records] == [r.id for r in two.records]
    assert one.problems == two.problems
    assert len(one.problems) == 1


def test_long_paths_and_long_records_never_stall_the_parallel_load(write_corpus: WriteCorpus) -> None:
    """The file names sent to the parse processes and the records they send back both outgrow a
    pipe's buffer (64 KB) here; each side must be able to write while the other does."""
    folder = "/".join(["a-folder-with-a-long-name-" + "x" * 200] * 3)
    body = "A long letter. " * 800
    root = write_corpus({f"{folder}/letter-{i:03d}.toml": record(f"r{i}", body=body) for i in range(400)})
    loaded: list[int] = []
    loading = threading.Thread(target=lambda: loaded.append(len(load_corpus(root, workers=2).records)), daemon=True)
    loading.start()
    loading.join(timeout=120)  # a guard: a stalled load fails here rather than hanging the suite
    assert not loading.is_alive(), "the parallel load stalled"
    assert loaded == [400]
