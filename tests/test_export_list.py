"""`readingroom export --list NAME` and `--notes`: a reading list in its order, the reader's notes with it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import rispy

from tests.conftest import WriteCorpus
from tests.test_trail_cli import RECORDS
from tui.cli import main
from tui.export.browser import EXPORT_FORMATS
from tui.export.formats import FORMATS, NOTES_FIELD
from tui.trail.anchor import Anchor
from tui.trail.trail import Trail

SCHEMA = json.loads((Path(__file__).resolve().parent / "csl" / "csl-data.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus(write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The trail commands' small corpus, a list "Chapter 3" (l-3, l-1) and two notes on l-1."""
    for variable in ("READINGROOM_DATA", "READINGROOM_CACHE", "READINGROOM_CONFIG"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)
    root = write_corpus(RECORDS)
    assert main(["mark", "Chapter 3", "l-3", "l-1", "--corpus", str(root)]) == 0
    trail = Trail.open(root)
    trail.notes.add("l-1", "Check the *translation*.\n\nAgainst the Russian.", Anchor(1, "Send the pilots at once."))
    trail.notes.add("l-1", "The key letter.")
    return root


def export(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str, status: int = 0) -> tuple[str, str]:
    capsys.readouterr()
    assert main(["export", "--corpus", str(corpus), *args]) == status
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_a_list_is_exported_in_its_order(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _err = export(capsys, corpus, "--list", "chapter 3", "--format", "csl-json")
    items = json.loads(out)
    jsonschema.validate(items, SCHEMA)
    assert [item["id"] for item in items] == ["l-3", "l-1"]
    assert all("annote" not in item for item in items)  # notes only when asked


def test_markdown_with_notes_puts_each_note_under_its_citation(corpus: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out, _err = export(capsys, corpus, "--list", "Chapter 3", "--format", "markdown", "--notes")
    assert out == (
        "“Minutes,” n.d.\n"
        "\n"
        "“Letter on pilots,” October 8, 1950.\n"
        "\n"
        "> The key letter.\n"
        "\n"
        "> ¶ 1 (“Send the pilots at once…”): Check the *translation*.\n"
        ">\n"
        "> Against the Russian.\n"
    )


def test_notes_in_jsonl_csl_json_ris_and_csv(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.loads(line) for line in export(capsys, corpus, "--list", "Chapter 3", "--format", "jsonl",
                                                  "--notes")[0].splitlines()]
    assert lines[0]["reader_notes"] == []
    notes = lines[1]["reader_notes"]
    assert [(n["text"], n["paragraph"], n["words"]) for n in notes] == [
        ("The key letter.", None, None),
        ("Check the *translation*.\n\nAgainst the Russian.", 1, "Send the pilots at once.")]
    assert set(notes[0]) == {"text", "paragraph", "words", "created", "updated"}

    items = json.loads(export(capsys, corpus, "l-1", "--format", "csl-json", "--notes")[0])
    jsonschema.validate(items, SCHEMA)
    assert items[0]["annote"] == "The key letter.\n\nCheck the *translation*.\n\nAgainst the Russian."

    entries = rispy.loads(export(capsys, corpus, "--list", "Chapter 3", "--format", "ris", "--notes")[0])
    assert [entry["id"] for entry in entries] == ["l-3", "l-1"]
    assert entries[1]["notes"] == ["The key letter.", "Check the *translation*. Against the Russian."]

    rows = list(csv.reader(io.StringIO(export(capsys, corpus, "--format", "csv", "--notes")[0])))
    assert rows[0][-1] == "reader_notes"
    assert {row[0]: row[-1] for row in rows[1:]}["l-1"] == (
        "The key letter.\n\nCheck the *translation*.\n\nAgainst the Russian.")


def test_a_record_gone_from_the_corpus_is_named_and_skipped(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letters = corpus / "letters.toml"
    (corpus / "kept.toml").write_text(letters.read_text().split('[[record]]\nid = "l-3"')[0])
    letters.unlink()
    out, err = export(capsys, corpus, "--list", "Chapter 3", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["l-1"]
    assert "1 record of the list not in the corpus now, not exported: l-3" in err


def test_what_cannot_be_exported_is_refused_with_a_reason(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _out, err = export(capsys, corpus, "--list", "Nope", "--format", "ris", status=2)
    assert "no list named 'Nope' (lists: Chapter 3)" in err
    _out, err = export(capsys, corpus, "pilots", "--list", "Chapter 3", "--format", "ris", status=2)
    assert "give a query or --list NAME, not both" in err
    _out, err = export(capsys, corpus, "--format", "biblatex", "--notes", status=2)
    assert "--notes: biblatex has no place for the reader's notes" in err


def test_every_format_the_browser_offers_has_a_writer_and_says_where_notes_go() -> None:
    assert set(EXPORT_FORMATS) <= set(FORMATS)
    assert {name for name, offered in EXPORT_FORMATS.items() if offered.notes} == set(NOTES_FIELD)
