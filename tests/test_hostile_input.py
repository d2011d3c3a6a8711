"""A hostile corpus: each class of value that once crashed a command is a located problem, values
are shown flat and bounded, and what is not a regular file is reported, never waited on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.hostile_toml import DEEP, Case, cases, special_files, write_cases
from tui.cli import main
from tui.model import discover, load_corpus
from tui.model.loader import parse_files
from tui.model.text import quote
from tui.model.values import DISPLAY_CHARS, describe, toml_inline
from tui.render.metadata import metadata_rows

ROOT = Path(__file__).resolve().parent.parent
CASES = cases()


def run_main(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_class_is_a_located_problem_and_the_rest_loads(case: Case, tmp_path: Path) -> None:
    write_cases(tmp_path / "c", [case])
    corpus = load_corpus(tmp_path / "c")
    assert "fine" in corpus.by_id
    mine = [problem for problem in corpus.problems if problem.path == case.name]
    if case.message is None:
        assert mine == []
        return
    (problem,) = mine
    assert case.message in problem.message
    assert (problem.line, problem.column) == (case.line, case.column)
    assert "\n" not in str(problem) and len(str(problem)) < 400


def test_a_file_nested_too_deep_loads_none_of_its_records(tmp_path: Path) -> None:
    write_cases(tmp_path / "c")
    corpus = load_corpus(tmp_path / "c")
    assert "s1" not in corpus.by_id  # records-deep.toml: its first record is fine, the file is not loaded
    loaded = {"fine", "p", "q", "r"}
    assert set(corpus.by_id) == loaded
    assert len([p for p in corpus.problems if DEEP in p.message]) == 11


def test_check_reports_each_class_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write_cases(root)
    code, out, err = run_main("check", str(root))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert "int-4400-digits.toml:3:5: not valid TOML: integer 999999999999999999999999…99999999 (4400 characters) " \
           "is out of range (TOML integers are 64-bit, -9223372036854775808 to 9223372036854775807), so the " \
           "file is not loaded; write a larger number as a string" in lines
    assert "people-399.toml:3:109: arrays and tables nested more than 100 levels deep (counting dotted keys), " \
           "so the file is not loaded; flatten the value, or write it as a string" in lines
    assert lines[-1] == "17 problems in 17 files; 4 records loaded from 20 files"
    code, out, _ = run_main("check", str(root), "--format", "json")
    assert code == 1 and len(json.loads(out)["problems"]) == 17


def test_index_search_and_show_take_the_hostile_corpus(tmp_path: Path) -> None:
    root, index = tmp_path / "c", tmp_path / "index"
    write_cases(root)
    code, out, err = run_main("index", str(root), "--out", str(index))
    assert code == 0, err
    assert "4 records from 20 files" in out and "17 problems" in out
    code, out, _ = run_main("search", "title", "--corpus", str(root), "--index", str(index), "--format", "json")
    assert code == 0 and json.loads(out)["total"] == 4
    # An unknown key holding tables 90 deep, and one holding 5,000 keys: flat and cut short.
    code, out, _ = run_main("show", "q", "--corpus", str(root))
    assert code == 0
    assert "k = {k = {k = {k = {k = {k = {k = {k = {…}}}}}}}}" in out
    code, out, _ = run_main("show", "r", "--corpus", str(root))
    assert code == 0 and "k0 = [0, {a = 0}]; k1 = [1, {a = 1}]" in out and "k4999" not in out
    code, out, _ = run_main("show", "q", "--corpus", str(root), "--format", "json")
    assert code == 0 and json.loads(out)["extra"]["k"]["k"]["k"]


def test_values_are_described_without_recursion_and_cut_short() -> None:
    deep_list: list[object] = []
    inner = deep_list
    for _ in range(50_000):  # far past any recursion limit
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    deep_table: dict[str, object] = {}
    table = deep_table
    for _ in range(50_000):
        table["k"] = {}
        table = table["k"]  # type: ignore[assignment]
    assert describe(deep_list) == "[[[[[[[[…]]]]]]]]"
    assert describe(deep_table).startswith("k = {k = {")
    assert toml_inline(deep_list) == "[[[[…]]]]"
    assert quote(deep_table) == "{k = {k = {k = {…}}}}"
    huge = describe({"key": list(range(1_000_000))})
    assert len(huge) == DISPLAY_CHARS + 1 and huge.endswith("…")
    assert quote(list(range(100))) == "[0, 1, 2, 3, 4, ...]"
    assert describe({"a b": True, "c": [1, "x"], "d": {}}) == 'a b = true; c = [1, x]; d = {}'.replace(
        "a b", '"a b"')
    assert describe(2**10_000) == "(an integer of 10001 bits)"


def test_the_metadata_rows_of_a_deep_record_are_bounded(tmp_path: Path) -> None:
    write_cases(tmp_path / "c")
    corpus = load_corpus(tmp_path / "c")
    for record_id, key in (("q", "extra"), ("r", "wide")):
        (row,) = [row for row in metadata_rows(corpus.by_id[record_id]) if row.label == key]
        assert row.section == "Other" and len(row.values[0]) <= DISPLAY_CHARS + 1


def test_parse_workers_give_the_same_results_as_one_process(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write_cases(root)
    files = discover(root).files
    alone = list(parse_files(files, workers=1))
    shared = list(parse_files(files, workers=2))
    assert [(r.path, r.problems, [x.id for x in r.records]) for r in alone] == \
           [(r.path, r.problems, [x.id for x in r.records]) for r in shared]


# ---------------------------------------------------------------- files that are not regular


def test_pipes_devices_and_sockets_are_reported_never_read(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write_cases(root, [])
    made = special_files(root)
    corpus = load_corpus(root)
    assert [r.id for r in corpus.records] == ["fine"]
    messages = {p.path: p.message for p in corpus.problems}
    assert messages == {name: f"not a regular file ({what}), so it is not read; only regular files hold records"
                        for name, what in made.items()}


@pytest.mark.parametrize("command", ["check", "index", "show"])
def test_commands_over_a_pipe_finish(tmp_path: Path, command: str) -> None:
    """As a reader runs them: in a process of their own, which must end by itself."""
    root = tmp_path / "c"
    write_cases(root, [])
    special_files(root)
    args = {"check": [str(root)], "index": [str(root), "--out", str(tmp_path / "index")],
            "show": ["nothing", "--corpus", str(root)]}[command]
    done = subprocess.run([sys.executable, "-m", "tui", command, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == {"check": 1, "index": 0, "show": 1}[command], done.stderr
    if command == "check":
        assert "pipe.toml: not a regular file (a named pipe)" in done.stdout


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_swapped_for_a_pipe_after_the_walk_is_a_problem(tmp_path: Path, workers: int) -> None:
    root = tmp_path / "c"
    write_cases(root, [])
    (root / "later.toml").write_text('id = "later"\ntitle = "Later"\n')
    files = discover(root).files
    (root / "later.toml").unlink()
    os.mkfifo(root / "later.toml")  # nobody will ever write to it
    results: list[object] = []
    reader = threading.Thread(target=lambda: results.extend(parse_files(files, workers=workers)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "reading waited on the pipe"
    problems = {p.path: p.message for r in results for p in r.problems}  # type: ignore[attr-defined]
    assert problems == {"later.toml": "not a regular file (a named pipe), so it is not read; only regular files "
                                      "hold records"}


# ---------------------------------------------------------------- the browser


async def test_the_browser_lives_through_the_hostile_corpus(tmp_path: Path, config_dir: Path) -> None:
    from tests.apptools import make_app, ready, screen_text, wait_for

    root = tmp_path / "c"
    write_cases(root)
    made = special_files(root)
    app = make_app(root, tmp_path / "index", config_dir, secure=True)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: f"4 records, {17 + len(made)} problems" in screen_text(app), "the counts")
        for record_id, label, shown in (("q", "extra", "k = {k = {k = {k = {k = {k = {k = {k = {…}}}}}}}}"),
                                        ("r", "wide", "k0 = [0, {a = 0}]; k1 = [1, {a = 1}]; k2 = ")):
            await pilot.press("colon", *record_id, "enter")
            await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id,  # noqa: B023
                           f"record {record_id}")
            pane = screen.metadata
            prompts = [str(pane.get_option_at_index(n).prompt) for n in range(pane.option_count)]
            value = prompts[prompts.index(label) + 1]
            assert value.startswith("  " + shown) and len(value) <= DISPLAY_CHARS + 3
        screen.doc_tree.focus()
        screen.doc_tree.move_cursor(screen.doc_tree.root.children[-1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: "people-399.toml:3:109" in screen_text(app), "the problems")
        assert "pipe.toml  not a regular file (a" in screen_text(app)  # cut with an ellipsis beside the text
    assert app.return_code in (0, None)


# ---------------------------------------------------------------- sizes that once took minutes


def test_a_file_of_many_records_places_each_at_its_line(tmp_path: Path) -> None:
    count = 20_000
    titles = [str(n) if n % 2 else '"T"' for n in range(count)]  # odd ones are numbers: a problem each
    text = "".join(f'# record {n}\n[[record]]\nid = "r{n}"\ntitle = {titles[n]}\n\n' for n in range(count))
    (tmp_path / "many.toml").write_text(text)
    corpus = load_corpus(tmp_path)
    assert len(corpus.records) == count // 2
    assert [r.line for r in corpus.records[:2]] == [2, 12]
    assert corpus.records[-1].line == 5 * (count - 2) + 2
    assert len(corpus.problems) == count // 2
    last = corpus.problems[-1]
    assert (last.line, last.column) == (5 * (count - 1) + 4, 1) and last.message.startswith("title 19999: a number")


def test_each_file_is_scanned_once_for_the_problems_across_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.model import links

    count = 3_000
    (tmp_path / "a.toml").write_text("".join(f'[[record]]\nid = "same"\ntitle = "T"\nrelated = ["gone{n}"]\n\n'
                                             for n in range(count)))
    scans: list[int] = []
    real_scan = links.scan_keys
    monkeypatch.setattr(links, "scan_keys", lambda text: (scans.append(1), real_scan(text))[1])
    corpus = load_corpus(tmp_path)
    assert len(corpus.problems) == 2 * count - 1  # every id but the first is a duplicate; every link dangles
    assert len(scans) == 1
    assert {(p.line, p.column) for p in corpus.problems if p.message.startswith("related")} == \
           {(5 * n + 4, 1) for n in range(count)}
