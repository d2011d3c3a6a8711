"""The command line: exit codes, exact JSON shapes, help, and what headless commands import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WriteCorpus
from tui.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui` in a fresh process, as a user would."""
    environment = {key: value for key, value in os.environ.items() if key != "READINGROOM_CORPUS"}
    environment.update(env or {})
    environment["PYTHONPATH"] = str(ROOT)  # the checkout, also when the test runs from elsewhere
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd or ROOT,
        timeout=120,
    )


BROKEN = {
    "good.toml": 'id = "good"\ntitle = "Good"\n',
    "bad.toml": 'id = "bad"\ntitle = "Bad"\ndate = "1950-13-01"\n',
    "sub/worse.toml": 'id = "w"\ntitle = "oops\n',
}


def test_check_text_lists_problems_then_a_summary(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus(BROKEN)
    assert main(["check", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith('bad.toml:3:1: date "1950-13-01": there is no month 13')
    assert lines[1].startswith("sub/worse.toml:2:14: not valid TOML")
    assert lines[2] == "2 problems in 2 files; 2 records loaded from 3 files"


def test_check_json_has_exactly_the_documented_shape(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus(BROKEN)
    assert main(["check", "--corpus", str(root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"corpus", "files", "records", "problems"}
    assert report["files"] == 3 and report["records"] == 2
    assert isinstance(report["corpus"], str)
    for problem in report["problems"]:
        assert set(problem) == {"path", "line", "column", "id", "message"}
    assert report["problems"][0] == {
        "path": "bad.toml",
        "line": 3,
        "column": 1,
        "id": "bad",
        "message": 'date "1950-13-01": there is no month 13; write YYYY-MM-DD, YYYY-MM or YYYY, '
        "optionally with ?, ~ or %, or an interval A/B",
    }
    assert report["problems"][1]["id"] is None


def test_check_clean_corpus_exits_zero(bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(bundled)]) == 0
    assert capsys.readouterr().out.strip() == "990 records loaded from 990 files; no problems"


@pytest.mark.parametrize(
    "args", [["check", "/no/such/folder"], ["check", "--format", "xml"], ["show"], ["check", "a", "--corpus", "b"],
             ["serve", "--port", "0"], ["serve", "--max-apps", "0"]]
)
def test_cannot_run_exits_two_with_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_check_of_a_file_is_refused(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": 'id = "a"\ntitle = "A"\n'})
    result = run("check", str(root / "a.toml"))
    assert result.returncode == 2 and "not a folder" in result.stderr


FRUIT = {
    "one.toml": 'id = "one"\ntitle = "First"\ndate = 1950-01-01\nbody = "apple banana"\n',
    "two.toml": 'id = "two"\ntitle = "Second"\ndate = 1951-01-01\nbody = "apple cherry"\n',
}


def test_search_json_has_exactly_the_documented_shape_and_the_browsers_list(
    write_corpus: WriteCorpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus(FRUIT)
    common = ["search", "apple banana", "--corpus", str(root), "--index", str(tmp_path / "index"), "--format", "json"]
    assert main(common) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"query", "total", "full", "words", "results", "corrections"}
    assert (report["total"], report["full"], report["words"]) == (2, 1, 2)
    assert [(r["id"], r["matched"]) for r in report["results"]] == [("one", 2), ("two", 1)]
    assert set(report["results"][0]) == {"id", "title", "date", "score", "snippet", "matched", "found_in"}
    assert main([*common, "--all-words"]) == 0
    strict = json.loads(capsys.readouterr().out)
    assert (strict["total"], strict["full"], strict["words"]) == (1, 1, 2)
    assert [(r["id"], r["matched"]) for r in strict["results"]] == [("one", 2)]
    assert main([*common[:-2], "--format", "text"]) == 0
    assert "1 with every word, then these lack banana" in capsys.readouterr().out


def test_a_word_before_a_colon_is_searched_as_a_word_and_the_reader_told(
    write_corpus: WriteCorpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus(FRUIT)
    assert main(["search", "Apple: banana", "--corpus", str(root), "--index", str(tmp_path / "i"),
                 "--format", "json", "--all-words"]) == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in json.loads(captured.out)["results"]] == ["one"]
    assert "Apple: is not a field: searched as a word" in captured.err
    assert main(["search", "date:soon", "--corpus", str(root), "--index", str(tmp_path / "i")]) == 2


def test_show_json_holds_every_key_as_loaded(write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus(
        {
            "x/a.toml": (
                '# comment\nid = 77\ntitle = "Seventy-seven"\ndate = "1950-10?"\nchapter = "kept"\n'
                'body = "esc \\u001b[2J [bold]x[/]"\n[source]\nuploaded = 2019-01-31\nnote = "n"\n'
            )
        }
    )
    assert main(["show", "77", "--corpus", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "77"
    assert data["chapter"] == "kept"
    assert data["body"] == "esc \x1b[2J [bold]x[/]"
    assert data["source"] == {"uploaded": "2019-01-31", "note": "n"}
    assert data["path"] == "x/a.toml" and data["line"] == 1
    assert data["date"] == "1950-10?"
    assert data["parsed_date"] == {
        "display": "October 1950 (uncertain)",
        "earliest": "1950-10-01",
        "latest": "1950-10-31",
        "uncertain": True,
        "approximate": False,
        "interval": False,
        "time": None,
    }
    assert list(data)[:4] == ["id", "title", "date", "chapter"]


def test_show_text_makes_escapes_harmless(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {"a.toml": 'id = "a"\ntitle = "T \\u001b]52;c;aGk=\\u0007"\nbody = "x \\u001b[2J [bold]y[/]"\n'}
    )
    result = run("show", "a", "--corpus", str(root))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "T ^[]52;c;aGk=^G" in result.stdout
    assert "x ^[[2J [bold]y[/]" in result.stdout


def test_show_finds_the_record_through_the_index(write_corpus: WriteCorpus, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus({f"r{n}.toml": f'id = "r{n}"\ntitle = "Record {n}"\n' for n in range(20)})
    index = tmp_path / "index"
    assert main(["index", str(root), "--out", str(index)]) == 0
    (root / "late.toml").write_text('id = "late"\ntitle = "Added after indexing"\n')
    capsys.readouterr()

    import tui.cli.show as show

    scanned: list[str] = []
    scan = show.find_record

    def find_record(corpus: Path, record_id: str):  # type: ignore[no-untyped-def]
        scanned.append(record_id)
        return scan(corpus, record_id)

    monkeypatch.setattr(show, "find_record", find_record)
    assert main(["show", "r7", "--corpus", str(root), "--index", str(index), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Record 7"
    assert scanned == []  # one file read, where the index said
    # Not in the index yet: the files are scanned, and it is found all the same.
    assert main(["show", "late", "--corpus", str(root), "--index", str(index), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Added after indexing"
    assert scanned == ["late"]
    # No index at all: scanned too.
    assert main(["show", "r3", "--corpus", str(root), "--index", str(tmp_path / "none"), "--format", "json"]) == 0
    assert scanned == ["late", "r3"]
    assert not (tmp_path / "none").exists()  # showing writes no index


def test_show_unknown_id_exits_one(bundled: Path) -> None:
    result = run("show", "no-such-id", "--corpus", str(bundled))
    assert result.returncode == 1 and "no record" in result.stderr


def test_corpus_from_the_environment(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": 'id = "env"\ntitle = "From env"\n'})
    result = run("show", "env", "--format", "json", env={"READINGROOM_CORPUS": str(root)})
    assert result.returncode == 0 and json.loads(result.stdout)["title"] == "From env"


def test_bundled_corpus_by_default(tmp_path: Path) -> None:
    result = run("show", "1950-10-08-stalin-kim", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["authors"] == ["Joseph Stalin"]


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[attr-defined]
        assert sub.description, name
        result = run(name, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_version() -> None:
    from tui import __version__

    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"readingroom {__version__}"


def test_browse_without_a_terminal_ends_with_a_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr


IMPORTS = """
import sys
from tui.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in ("textual", "tui.app") if m in sys.modules)
print("IMPORTED:" + ",".join(heavy))
"""


@pytest.mark.parametrize("args", [["check"], ["show", "1950-10-08-stalin-kim"], ["--help"]])
def test_headless_commands_do_not_import_textual(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS, *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.endswith("IMPORTED:\n"), result.stdout[-200:]


def test_search_and_index_do_not_import_textual(bundled_index: Path, tmp_path: Path) -> None:
    for args in (["search", "stalin", "--index", str(bundled_index)], ["index", "--out", str(tmp_path / "index")]):
        result = subprocess.run([sys.executable, "-c", IMPORTS, *args], capture_output=True, text=True, cwd=ROOT,
                                timeout=120)
        assert result.stdout.endswith("IMPORTED:\n"), (args, result.stdout[-200:], result.stderr[-500:])


def test_model_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, tui.model, tui.model.lookup\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "[]"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert command in readme
    assert ci.rstrip().splitlines()[-1] == command
