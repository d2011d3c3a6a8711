"""Import safety: hostile XML, interrupted imports, files it did not write, --update, the TOML it writes."""

from __future__ import annotations

import builtins
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.import_helpers import REPO, check_clean, read_folder, sources
from tui.importers import SourceError, run_import, toml_out, writer

CSV = "id,title,date\na,Alpha,1950\nb,Beta,1951\nc,Gamma,1952\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _source(tmp_path: Path, text: str = CSV, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    source = _source(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text>\n    <p>open</div>\n</TEI>',
                     "broken.xml")
    with pytest.raises(SourceError, match=r"broken\.xml:3:14: not well-formed XML \(mismatched tag\)"):
        run_import([source], tmp_path / "out", fmt="tei")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd">',
])
def test_document_type_declarations_are_refused(tmp_path: Path, declaration: str) -> None:
    source = _source(tmp_path, f'<?xml version="1.0"?>{declaration}<TEI xmlns="http://www.tei-c.org/ns/1.0">'
                               "<text><body><p>&b;</p></body></text></TEI>", "hostile.xml")
    with pytest.raises(SourceError, match=r"document type declaration .* refused"):
        run_import([source], tmp_path / "out", fmt="tei")


def test_a_file_it_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.toml").write_text('id = "a"\ntitle = "Mine"\n', encoding="utf-8")
    (out / "corpus.toml").write_text('title = "My corpus"\n', encoding="utf-8")
    for update in (False, True):
        outcome = run_import([_source(tmp_path)], out, update=update)
        assert dict(outcome.skipped) == {"a.toml": "exists and was not written by an import; never overwritten",
                                         "corpus.toml": "exists and was not written by an import; never overwritten"}
    assert (out / "a.toml").read_text(encoding="utf-8") == 'id = "a"\ntitle = "Mine"\n'
    assert (out / "corpus.toml").read_text(encoding="utf-8") == 'title = "My corpus"\n'
    assert sorted(read_folder(out)) == ["a", "b", "c"]


def test_update_rewrites_only_its_own_unchanged_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = _source(tmp_path)
    first = run_import([source], out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert sorted(first.written) == ["a.toml", "b.toml", "c.toml", "corpus.toml"]
    assert (out / "a.toml").read_text(encoding="utf-8").startswith(
        "# readingroom import: list.csv 2026-01-01T00:00:00Z sha256:")
    again = run_import([source], out)
    assert again.written == [] and len(again.skipped) == 4 and "--update rewrites it" in again.skipped[0][1]
    edited = (out / "b.toml").read_text(encoding="utf-8").replace("Beta", "Beta, corrected by hand")
    (out / "b.toml").write_text(edited, encoding="utf-8")
    (out / "mine.toml").write_text('id = "m"\ntitle = "Mine"\n', encoding="utf-8")
    other = _source(tmp_path, "id,title\nz,Zeta\n", "other.csv")
    run_import([other], tmp_path / "other")
    os.replace(tmp_path / "other" / "z.toml", out / "z.toml")  # a file another import wrote
    corrected = _source(tmp_path, "id,title,date\na,Alpha corrected,1950\nb,Beta,1951\n")  # c is gone
    outcome = run_import([corrected], out, update=True)
    assert sorted(outcome.rewritten) == ["a.toml", "corpus.toml"]
    assert outcome.removed == ["c.toml"]
    assert dict(outcome.skipped)["b.toml"].startswith("changed since the import of list.csv wrote it")
    records = read_folder(out)
    assert records["a"]["title"] == "Alpha corrected" and records["b"]["title"] == "Beta, corrected by hand"
    assert sorted(records) == ["a", "b", "m", "z"]
    check_clean(out)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    outcome = run_import([_source(tmp_path)], tmp_path / "out", dry_run=True)
    assert len(outcome.written) == 4 and not (tmp_path / "out").exists()


def _fail_after(monkeypatch: pytest.MonkeyPatch, module: object, name: str, calls: int) -> None:
    real = getattr(module, name, None) or getattr(builtins, name)
    count = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        count["n"] += 1
        if count["n"] == calls + 1:  # once, as Ctrl+C would
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing, raising=False)  # `open` shadows the builtin in that module


@pytest.mark.parametrize("stage", ["writing", "moving"])
def test_an_interrupted_import_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          stage: str) -> None:
    out = tmp_path / "out"
    run_import([_source(tmp_path)], out)
    (out / "notes.toml").write_text('id = "n"\ntitle = "Notes"\n', encoding="utf-8")
    before = _snapshot(out)
    bigger = _source(tmp_path, CSV.replace("Alpha", "Alpha 2") + "d,Delta,1953\ne,Eta,1954\n")
    if stage == "writing":
        _fail_after(monkeypatch, writer, "open", 2)
    else:
        _fail_after(monkeypatch, writer.os, "replace", 2)
    with pytest.raises(KeyboardInterrupt):
        run_import([bigger], out, update=True)
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.import-")] == []


def test_an_interrupted_new_folder_is_not_there_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_after(monkeypatch, writer, "open", 1)
    with pytest.raises(KeyboardInterrupt):
        run_import([_source(tmp_path)], tmp_path / "out")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_a_killed_import_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """SIGKILL in the middle of writing a FRUS volume over an earlier import of it."""
    volume = sources() / "tei" / "frus1955-57v23p2.xml"
    out = tmp_path / "out"
    run_import([volume], out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    before = _snapshot(out)
    command = [sys.executable, "-m", "tui", "import", str(volume), "--into", str(out), "--update"]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".out.import-") for p in tmp_path.iterdir()):
        assert child.poll() is None and time.monotonic() < deadline, "the import ended before it could be killed"
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    # Killed while writing beside the folder, the folder is untouched; killed while moving files in,
    # the journal beside it puts back every file (which the next import does first).
    said = writer.recover(out)
    assert said and _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.import-")] == []
    run_import([volume], out, update=True)
    check_clean(out)


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(title=texts, body=texts, names=st.lists(texts, max_size=4), key=texts.filter(bool))
def test_written_toml_reads_back_exactly(title: str, body: str, names: list[str], key: str) -> None:
    record = {"id": "x", "title": title, "body": body + "\n" + body, "authors": names, key: title,
              "date": dt.date(1950, 10, 8), "source": {"url": body, key: "v"}}
    assert tomllib.loads(toml_out.document(record, comment="made\nhere")) == record
