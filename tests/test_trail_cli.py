"""The trail from the command line: lists, list, notes, mark, unmark, saved searches, notes in search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WriteCorpus
from tui.cli import main
from tui.trail.anchor import Anchor
from tui.trail.trail import Trail

RECORDS: dict[str, str | bytes] = {
    "letters.toml": """
[[record]]
id = "l-1"
title = "Letter on pilots"
date = 1950-10-08
body = "Send the pilots at once."

[[record]]
id = "l-2"
title = "Letter on rifles"
date = 1950-11-01
body = "The rifles arrived."

[[record]]
id = "l-3"
title = "Minutes"
body = "Nothing about aircraft here."
""",
}


@pytest.fixture
def corpus(write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small corpus, with the data, cache and settings folders in tmp."""
    for variable in ("READINGROOM_DATA", "READINGROOM_CACHE", "READINGROOM_CONFIG"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)
    return write_corpus(RECORDS)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main([*args, "--format", "json"]) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


def test_mark_then_list_shows_ids_titles_dates_and_comments_in_order(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mark", "Chapter 3", "l-2", "l-1", "--corpus", str(corpus), "--comment", "key"]) == 0
    assert capsys.readouterr().out == "Made the list 'Chapter 3'.\nAdded 2 records to 'Chapter 3'\n"
    assert main(["mark", "chapter 3", "l-1", "l-3", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out == "Added 1 record to 'Chapter 3'; 1 was on it already\n"
    shown = run_json(capsys, "list", "Chapter 3", "--corpus", str(corpus))
    assert set(shown) == {"name", "created", "file", "entries"}
    entries = shown["entries"]
    assert [set(e) for e in entries] == [{"id", "title", "date", "added", "comment", "in_corpus"}] * 3
    assert [(e["id"], e["title"], e["date"], e["comment"], e["in_corpus"]) for e in entries] == [
        ("l-2", "Letter on rifles", "1 November 1950", "key", True),
        ("l-1", "Letter on pilots", "8 October 1950", "key", True),
        ("l-3", "Minutes", None, "", True),
    ]
    assert main(["list", "chapter 3", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Chapter 3 (3 records)",
        "   1. l-2  Letter on rifles  1 November 1950", "      key",
        "   2. l-1  Letter on pilots  8 October 1950", "      key",
        "   3. l-3  Minutes  Undated",
    ]


def test_mark_refuses_ids_not_in_the_corpus_and_unmark_takes_records_off(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mark", "L", "l-1", "nope", "--corpus", str(corpus)]) == 2
    assert capsys.readouterr().err.strip().endswith("readingroom: not in the corpus: nope (nothing marked)")
    assert main(["mark", "L", "l-1", "l-2", "--corpus", str(corpus)]) == 0
    assert main(["unmark", "L", "l-1", "l-3", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Took 1 record off 'L'; 1 was not on it"
    assert main(["unmark", "M", "l-1", "--corpus", str(corpus)]) == 2


def test_a_record_gone_from_the_corpus_is_shown_as_such(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mark", "L", "l-1", "l-3", "--corpus", str(corpus)]) == 0
    Trail.open(corpus).notes.add("l-3", "minutes of what?")
    letters = corpus / "letters.toml"
    (corpus / "kept.toml").write_text(letters.read_text().split('[[record]]\nid = "l-3"')[0])
    letters.unlink()
    capsys.readouterr()
    entries = run_json(capsys, "list", "L", "--corpus", str(corpus))["entries"]
    assert [(e["id"], e["title"], e["in_corpus"]) for e in entries] == [
        ("l-1", "Letter on pilots", True), ("l-3", None, False)]
    assert main(["list", "L", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "   2. l-3  (not in the corpus now)"
    notes = run_json(capsys, "notes", "--corpus", str(corpus))["notes"]
    assert [(n["record"], n["in_corpus"]) for n in notes] == [("l-3", False)]


def test_lists_json_has_exactly_the_documented_shape(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.startswith("No reading lists yet (kept in ")
    assert main(["mark", "B list", "l-1", "--corpus", str(corpus)]) == 0
    assert main(["mark", "A list", "l-1", "l-2", "--corpus", str(corpus)]) == 0
    assert main(["search", "pilots", "--save", "Pilots", "--corpus", str(corpus)]) == 0
    capsys.readouterr()
    shown = run_json(capsys, "lists", "--corpus", str(corpus))
    assert set(shown) == {"folder", "current", "lists", "searches"}
    assert shown["current"] == "A list"
    assert [(item["name"], item["records"], set(item)) for item in shown["lists"]] == [
        ("A list", 2, {"name", "created", "records", "file"}), ("B list", 1, {"name", "created", "records", "file"})]
    assert [(s["name"], s["query"], set(s)) for s in shown["searches"]] == [
        ("Pilots", "pilots", {"name", "query", "created"})]
    assert main(["lists", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  B list  (1 record, since " + shown["lists"][1]["created"][:10] + ")",
        "Saved searches:", "  Pilots: pilots"]


def test_a_saved_search_runs_by_name(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "rifles", "--save", "Guns", "--corpus", str(corpus)]) == 0
    assert "saved as 'Guns'" in capsys.readouterr().err
    found = run_json(capsys, "search", "--saved", "guns", "--corpus", str(corpus))
    assert found["query"] == "rifles" and [r["id"] for r in found["results"]] == ["l-2"]
    assert main(["search", "--saved", "nothing", "--corpus", str(corpus)]) == 2
    assert "no saved search 'nothing' (saved: Guns)" in capsys.readouterr().err
    assert main(["search", "--corpus", str(corpus)]) == 2


def test_notes_are_searched_with_the_corpus_below_text_matches(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trail = Trail.open(corpus)
    trail.notes.add("l-3", "The pilots are mentioned elsewhere", Anchor(1, "Nothing about"))
    trail.notes.add("l-1", "pilots: see the telegram")
    found = run_json(capsys, "search", "pilots", "--corpus", str(corpus))
    assert found["total"] == 2
    assert [(r["id"], r["found_in"]) for r in found["results"]] == [
        ("l-1", "text"), ("l-3", "note")]
    assert found["results"][1]["snippet"] == "The pilots are mentioned elsewhere"
    only = run_json(capsys, "search", "note:pilots", "--corpus", str(corpus))
    assert sorted((r["id"], r["found_in"]) for r in only["results"]) == [
        ("l-1", "note"), ("l-3", "note")]
    fielded = run_json(capsys, "search", "title:pilots", "--corpus", str(corpus))
    assert [r["id"] for r in fielded["results"]] == ["l-1"]
    page = run_json(capsys, "search", "pilots", "--limit", "1", "--corpus", str(corpus))
    assert page["total"] == 2 and [r["id"] for r in page["results"]] == ["l-1"]


def test_notes_command_lists_and_searches_notes(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trail = Trail.open(corpus)
    trail.notes.add("l-2", "Rifles: which model?", Anchor(1, "The rifles arrived."))
    shown = run_json(capsys, "notes", "model", "--corpus", str(corpus))
    assert set(shown) == {"query", "folder", "notes"}
    [note] = shown["notes"]
    assert set(note) == {"record", "title", "in_corpus", "paragraph", "words", "created", "updated", "file", "text",
                         "snippet"}
    assert (note["record"], note["title"], note["paragraph"], note["words"], note["text"]) == (
        "l-2", "Letter on rifles", 1, "The rifles arrived.", "Rifles: which model?")
    assert run_json(capsys, "notes", "tanks", "--corpus", str(corpus))["notes"] == []
    assert main(["notes", "--corpus", str(corpus)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("  l-2 ¶1  Letter on rifles") and lines[1] == "    Rifles: which model?"


def test_a_corrupt_list_is_named_and_the_others_shown(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mark", "Good", "l-1", "--corpus", str(corpus)]) == 0
    folder = Path(Trail.open(corpus).where)
    (folder / "lists" / "bad.toml").write_text('name = "Bad\n')
    capsys.readouterr()
    assert main(["lists", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["* Good  (1 record, since " + out.split("since ")[1].split(")")[0] + ")"]
    assert err == f"readingroom: {folder}/lists/bad.toml:1:12: not valid TOML: Illegal character '\\n'\n"


def test_a_malformed_notes_query_is_pointed_at(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "note:(pilots", "--corpus", str(corpus)]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == ["note:(pilots", "     ^ this ( is never closed: add )"]


@pytest.mark.parametrize("args", [["lists"], ["notes"], ["search", "--saved", "none"]])
def test_the_trail_commands_do_not_import_textual(args: list[str], tmp_path: Path) -> None:
    from tests.test_cli import IMPORTS, ROOT

    environment = {**os.environ, "READINGROOM_DATA": str(tmp_path / "data"),
                   "READINGROOM_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", IMPORTS, *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, env=environment)
    assert result.stdout.endswith("IMPORTED:\n"), result.stdout[-200:] + result.stderr[-300:]
