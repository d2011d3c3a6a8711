"""The research trail's files: exact round trips, hand edits meanwhile, broken files, secure mode."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.config import Settings
from tui.index.cards import Card
from tui.trail.anchor import Anchor, anchor_at, place
from tui.trail.files import Folder, MemoryFolder, Notice
from tui.trail.lists import list_text, read_list
from tui.trail.notes import note_text, read_note
from tui.trail.saved import read_searches, searches_text
from tui.trail.tomlout import pairs, quick_parse
from tui.trail.trail import IN_CORPUS, Trail, trail_folder

ROOT = Path(__file__).resolve().parent.parent


def open_trail(folder: Path) -> Trail:
    trail = Trail(Folder(folder), Folder(folder / "state"))
    trail.load()
    return trail


def ids(trail: Trail, name: str) -> list[str]:
    reading = trail.lists.get(name)
    assert reading is not None
    return reading.ids


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_list_round_trips_exactly(tmp_path: Path) -> None:
    """Every kind of text a comment may hold reads back the same, and writing it again gives the same bytes;
    keys written by hand are kept."""
    trail = open_trail(tmp_path)
    trail.lists.create('Chapter 3: "the" \\ letters')
    trail.lists.add_many('Chapter 3: "the" \\ letters', ["a-1", "b 2", "ünï"], comment='see [sic] "p. 3"\ttab')
    trail.lists.add('Chapter 3: "the" \\ letters', "42", comment="line one\nline two")
    path = tmp_path / "lists" / "chapter-3-the-letters.toml"
    written = path.read_bytes()
    assert tomllib.loads(written.decode())["entry"][3]["comment"] == "line one line two"  # one line
    path.write_bytes(written.replace(b'comment = "line one line two"', b'comment = "line one line two"\npage = 7'))
    again = open_trail(tmp_path).lists.get("chapter 3: \"THE\" \\ letters")
    assert again is not None
    assert again.ids == ["a-1", "b 2", "ünï", "42"]
    assert again.entries[0].comment == 'see [sic] "p. 3" tab'
    assert again.entries[3].extra == {"page": 7}
    assert list_text(again) == path.read_text()
    parsed = read_list(path.read_bytes(), "lists/x.toml", "x")
    assert not isinstance(parsed, Notice) and list_text(parsed) == path.read_text()


def test_a_note_and_the_saved_searches_round_trip_exactly(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    note = trail.notes.add("rec-1", "# Doubt\n\nThe *translation* says \"rifle\"; [sic]?\n", Anchor(3, "The Soviet"))
    text = (tmp_path / note.file).read_text()
    assert text.startswith('+++\nrecord = "rec-1"\nparagraph = 3\nwords = "The Soviet"\ncreated = ')
    again = read_note(text.encode(), note.file, note.file)
    assert again == note and note_text(again) == text
    trail.searches.save("Stalin's telegrams", 'stalin type:telegram "big war"')
    searches = (tmp_path / "searches.toml").read_text()
    parsed = read_searches(searches.encode(), "searches.toml")
    assert not isinstance(parsed, Notice) and searches_text(parsed) == searches
    assert parsed[0].query == 'stalin type:telegram "big war"'


def test_lists_create_rename_delete_reorder_and_mark(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    assert trail.current_list == "Reading list"
    assert trail.toggle_mark("a") is True  # the first mark makes the list
    assert trail.is_marked("a")
    assert trail.toggle_mark("a") is False
    trail.lists.add_many("Reading list", ["a", "b", "c"])
    assert trail.lists.move("Reading list", "c", 0) == 0
    assert trail.lists.move("Reading list", "a", 99) == 2
    assert ids(trail, "Reading list") == ["c", "b", "a"]
    trail.lists.create("Article")
    trail.switch("article")
    assert trail.current_list == "Article"
    trail.toggle_mark("z")
    trail.lists.rename("Reading list", "Chapter 1")
    assert sorted(p.name for p in (tmp_path / "lists").iterdir()) == ["article.toml", "chapter-1.toml"]
    with pytest.raises(ValueError, match="already a list"):
        trail.lists.rename("Chapter 1", "ARTICLE")
    trail.lists.delete("Article")
    assert trail.current_list == "Chapter 1"
    reopened = open_trail(tmp_path)
    assert reopened.lists.names() == ["Chapter 1"]
    assert ids(reopened, "Chapter 1") == ["c", "b", "a"]
    assert reopened.lists.containing("b") == ["Chapter 1"]


def test_a_list_edited_by_hand_meanwhile_is_read_again_and_both_changes_kept(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.lists.add_many(trail.lists.create("Chapter 3").name, ["a", "b"])
    path = tmp_path / "lists" / "chapter-3.toml"
    path.write_text(path.read_text().replace('id = "a"', 'id = "by-hand"'))
    trail.lists.add("Chapter 3", "c")
    assert ids(open_trail(tmp_path), "Chapter 3") == ["by-hand", "b", "c"]
    assert [n.message for n in trail.notices] == ["changed outside Reading Room: read again, and the change made to it"]
    assert trail.notices[0].path == str(path)


def test_a_list_broken_by_hand_meanwhile_is_left_alone_and_the_change_kept_beside(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.lists.add(trail.lists.create("Chapter 3").name, "a")
    path = tmp_path / "lists" / "chapter-3.toml"
    broken = path.read_bytes() + b"oops = \n"
    path.write_bytes(broken)
    trail.lists.add("Chapter 3", "b")
    assert path.read_bytes() == broken
    beside = [p for p in (tmp_path / "lists").iterdir() if ".conflict-" in p.name]
    assert len(beside) == 1 and beside[0].suffix == ".toml"
    assert tomllib.loads(beside[0].read_text())["entry"][1]["id"] == "b"
    assert "no longer reads" in trail.notices[-1].message and beside[0].name in trail.notices[-1].message


def test_a_note_edited_in_both_places_keeps_both_versions(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    note = trail.notes.add("rec-1", "first thought")
    path = tmp_path / note.file
    path.write_text(path.read_text().replace("first thought", "edited by hand"))
    trail.notes.update(note, "second thought in the app")
    texts = sorted(n.text for n in trail.notes.of("rec-1"))
    assert texts == ["edited by hand", "second thought in the app"]
    assert sorted(n.text for n in open_trail(tmp_path).notes.of("rec-1")) == texts
    assert len(trail.notices) == 1 and "kept as it is, and this version as" in trail.notices[0].message


def test_a_file_touched_but_not_changed_is_written_without_a_notice(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.lists.create("A")
    path = tmp_path / "lists" / "a.toml"
    os.utime(path, ns=(0, 0))
    trail.lists.add("A", "x")
    assert trail.notices == []


def test_a_corrupt_list_is_named_in_one_line_and_the_rest_loads(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.lists.add(trail.lists.create("Good").name, "a")
    trail.notes.add("a", "a note")
    bad = tmp_path / "lists" / "bad.toml"
    bad.write_text('name = "Bad"\n\n[[entry]]\nid = "x\n')
    before = bad.read_bytes()
    notices: list[Notice] = []
    again = Trail(Folder(tmp_path), Folder(tmp_path / "state"), notify=notices.append)
    again.load()
    assert again.lists.names() == ["Good"] and len(again.notes.all()) == 1
    assert [str(n) for n in notices] == [f"{bad}:4:8: not valid TOML: Illegal character '\\n'"]
    assert bad.read_bytes() == before


def test_a_note_without_front_matter_or_record_is_named_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plain.md").write_text("just text\n")
    (tmp_path / "notes" / "norecord.md").write_text("+++\nparagraph = 2\n+++\n\ntext\n")
    (tmp_path / "notes" / "badtoml.md").write_text("+++\nrecord = 'a'\nwords = \n+++\n")
    trail = open_trail(tmp_path)
    assert trail.notes.all() == []
    assert sorted(str(n).removeprefix(str(tmp_path) + "/") for n in trail.notices) == [
        "notes/badtoml.md:3:9: not valid TOML: Invalid value",
        "notes/norecord.md:2:1: the front matter needs the record's id: record = \"...\"",
        "notes/plain.md:1:1: a note starts with a +++ line, then its TOML front matter",
    ]


def test_a_record_gone_from_the_corpus_stays_on_its_list_and_keeps_its_notes(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.lists.add_many(trail.lists.create("L").name, ["here", "gone"])
    trail.notes.add("gone", "a note on it")
    card = Card("here", "Here", None, None, (), (), "a.toml", 1, 0)

    def cards(record_ids: list[str]) -> dict[str, Card]:
        return {"here": card} if "here" in record_ids else {}

    assert trail.current_list == "L" and trail.marked() == {"here", "gone"}
    assert "## gone (not in the corpus now)" in trail.export_notes(cards)
    assert trail.export_list("L") == (tmp_path / "lists" / "l.toml").read_text()
    shown = trail.entries("L", cards)
    assert [(s.entry.id, s.in_corpus) for s in shown] == [("here", True), ("gone", False)]
    assert [(n.note.record_id, n.in_corpus) for n in trail.all_notes(cards)] == [("gone", False)]


def test_a_note_finds_its_paragraph_again_after_the_text_changed() -> None:
    old = ["Dear comrade,", "The Soviet government has decided.", "Yours, Filippov"]
    anchor = anchor_at(old, 2)
    assert anchor == Anchor(2, "The Soviet government has decided.")
    corrected = ["Top secret.", "Dear comrade,", "The Sóviet government has now decided.", "Yours"]
    assert place(anchor, corrected) == 2  # first words changed: by number
    moved = ["Top secret.", "Dear comrade,", "The soviet government has decided, again.", "Yours"]
    assert place(anchor, moved) == 3  # by first words, folded
    assert place(Anchor(7, "nothing like it"), old) is None  # on the whole record now


def test_notes_search_folds_like_the_corpus(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.notes.add("a", "Check the Tránslation of Stalin's letter")
    trail.notes.add("b", "Kim Il Sung asked for pilots")
    assert [h.note.record_id for h in trail.find_notes("translation stalin")] == ["a"]
    assert [h.note.record_id for h in trail.find_notes("note:pilot*")] == ["b"]
    assert [h.note.record_id for h in trail.find_notes('"kim il sung" OR translation')] == ["b", "a"]
    assert [h.note.record_id for h in trail.find_notes("-kim")] == ["a"]  # as in the corpus: all but
    assert [h.note.record_id for h in trail.find_notes("pilots -stalin")] == ["b"]
    assert trail.find_notes("title:kim", plain_only=True) == []
    hit = trail.find_notes("translation")[0]
    assert hit.snippet[hit.spans[0][0]:hit.spans[0][1]] == "Tránslation"
    note = trail.notes.of("b")[0]
    trail.notes.update(note, "now about aircraft")
    assert trail.find_notes("pilots") == [] and len(trail.find_notes("aircraft")) == 1


def test_the_history_and_the_last_record_last_between_starts(tmp_path: Path) -> None:
    from tui.history import Place

    trail = open_trail(tmp_path)
    trail.state.history.visit(Place("stalin", None))
    trail.state.history.visit(Place("stalin", "a-1"))
    trail.state.history.visit(Place("kim", "b-2"))
    trail.state.history.back()
    trail.state.last_record, trail.state.last_paragraph = "a-1", 4
    trail.state.save()
    again = open_trail(tmp_path).state
    assert again.history.places == trail.state.history.places and again.history.index == 1
    assert (again.last_record, again.last_paragraph) == ("a-1", 4)
    assert again.history.forward() == Place("kim", "b-2")


def test_where_the_trail_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGROOM_DATA", str(tmp_path / "data"))
    corpus = tmp_path / "My Corpus"
    corpus.mkdir()
    outside = trail_folder(corpus, Settings())
    assert outside.parent == tmp_path / "data" / "corpora" and outside.name.startswith("my-corpus-")
    assert trail_folder(corpus, Settings(trail_in_corpus=True)) == corpus / IN_CORPUS
    (corpus / IN_CORPUS).mkdir()
    assert trail_folder(corpus, Settings()) == corpus / IN_CORPUS  # a corpus that carries its trail


def test_the_record_format_skips_the_trail_folder_in_a_corpus(tmp_path: Path) -> None:
    from tui.model.discover import discover

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.toml").write_text('id = "a"\ntitle = "A"\n')
    trail = Trail.open(corpus, settings=Settings(trail_in_corpus=True))
    trail.lists.add(trail.lists.create("L").name, "a")
    trail.searches.save("s", "a")
    assert (corpus / IN_CORPUS / "lists" / "l.toml").is_file()
    assert [f.rel for f in discover(corpus).files] == ["a.toml"]


def test_secure_mode_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGROOM_DATA", str(tmp_path / "data"))
    corpus = tmp_path / "corpus"
    (corpus / IN_CORPUS / "lists").mkdir(parents=True)
    (corpus / IN_CORPUS / "lists" / "old.toml").write_text('name = "Old"\n')
    before = files_under(tmp_path)
    trail = Trail.open(corpus, secure=True, settings=Settings(trail_in_corpus=True))
    assert isinstance(trail.files, MemoryFolder) and trail.lists.names() == []
    trail.toggle_mark("a")
    trail.lists.create("Other")
    note = trail.notes.add("a", "private")
    trail.notes.update(note, "still private")
    trail.searches.save("s", "q")
    trail.state.last_record = "a"
    trail.state.save()
    assert trail.lists.names() == ["Other", "Reading list"] and trail.find_notes("private")
    assert files_under(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_writes_are_atomic_and_a_failed_one_changes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trail = open_trail(tmp_path)
    trail.lists.add(trail.lists.create("L").name, "a")
    path = tmp_path / "lists" / "l.toml"
    before = path.read_bytes()

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    trail.lists.add("L", "b")  # holds for the session, with a notice
    assert ids(trail, "L") == ["a", "b"]
    assert str(trail.notices[-1]) == f"{path}: can't write the file: No space left on device; the change holds " \
                                     "for this session only"
    assert path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "lists").iterdir()) == ["l.toml"]  # no temporary file left
    monkeypatch.undo()
    trail.lists.add("L", "c")  # the next write takes the session's list, unchanged on disk meanwhile
    assert ids(open_trail(tmp_path), "L") == ["a", "b", "c"]


def test_the_trail_imports_no_textual() -> None:
    code = ("import sys, tui.trail.trail, tui.trail.merge\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_times_are_kept_in_utc_to_the_second(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    reading = trail.lists.create("L")
    assert reading.created.tzinfo is not None and reading.created.microsecond == 0
    assert reading.created.utcoffset() == dt.timedelta(0)


KEYS = st.from_regex(r"[a-z_][a-z0-9_-]{0,5}", fullmatch=True)
VALUES = st.one_of(st.text(), st.integers(min_value=0, max_value=10**15), st.booleans(),
                   st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0)))


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(KEYS, VALUES), st.dictionaries(KEYS, VALUES))
def test_the_quick_reader_agrees_with_a_toml_parser(head: dict[str, Any], entry: dict[str, Any]) -> None:
    """What the writer gives is read by the quick reader (tried first) exactly as by a TOML parser."""
    text = "\n".join(pairs(head)) + "\n\n[[entry]]\n" + "\n".join(pairs(entry)) + "\n"
    assert quick_parse(text) == tomllib.loads(text)


def test_saved_searches_edited_by_hand_meanwhile_are_read_again(tmp_path: Path) -> None:
    trail = open_trail(tmp_path)
    trail.searches.save("One", "stalin")
    path = tmp_path / "searches.toml"
    path.write_text(path.read_text() + '\n[[search]]\nname = "By hand"\nquery = "kim"\n')
    trail.searches.save("Two", "mao")
    assert [s.name for s in open_trail(tmp_path).searches.all()] == ["One", "By hand", "Two"]
    path.write_text("[[search]]\nname = 1\n")
    trail.searches.save("Three", "zhou")
    assert path.read_text() == "[[search]]\nname = 1\n"  # left alone; the searches kept beside
    beside = [p for p in tmp_path.iterdir() if p.name.startswith("searches.conflict-")]
    assert len(beside) == 1 and [s["name"] for s in tomllib.loads(beside[0].read_text())["search"]] == [
        "One", "By hand", "Two", "Three"]
    assert "left as it is" in trail.notices[-1].message


def test_a_conflict_copy_is_named_at_each_start_and_a_broken_state_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "a.conflict-20261202T031500Z.toml").write_text('name = "A"\n')
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "state.toml").write_text("at = \n")
    trail = open_trail(tmp_path)
    assert trail.lists.names() == []
    assert [n.message.split(":")[0] for n in trail.notices] == ["a conflict copy kept beside its list",
                                                                 "not valid TOML"]
    trail.state.last_record = "x"
    trail.state.save()
    assert (tmp_path / "state" / "state.toml").read_text() == "at = \n"
