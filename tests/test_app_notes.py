"""Notes in the browser: `a` writes one on the passage being read, the text shows it beside its
paragraph, `z` folds it, `A` lists every note, searches find records through them, and in secure
mode a note lasts for the session only."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import make_app, ready, screen_lines, screen_text, settled, wait_for
from tests.test_app_trail_export import tree_state
from tui.app import ReadingRoom
from tui.screens.export_dialog import ConfirmScreen
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.trail.anchor import anchor_at
from tui.trail.notes import read_note
from tui.trail.trail import trail_folder

SEED = "1950-10-08-stalin-kim"
OTHER = "frus1951v07p2-d132"  # a second record of the bundled corpus, which never names Stalin



async def open_record(pilot: Pilot[None], screen: MainScreen, record_id: str = SEED) -> None:
    await pilot.press("colon", *record_id, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id, record_id)
    await wait_for(pilot, lambda: screen.notes_ready, "the notes to be read")
    await settled(pilot)


async def write_note(pilot: Pilot[None], text: str, *, key: str = "a") -> NoteEditor:
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
    editor = app.screen
    assert isinstance(editor, NoteEditor)
    await pilot.press(*text)
    return editor


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the editor to close")
    await settled(pilot)


async def scroll_to(pilot: Pilot[None], screen: MainScreen, paragraph: int) -> None:
    """Line by line (j), until the paragraph is the first in view under the header."""
    document = screen.document
    assert document is not None
    line = document.line_of_paragraph(paragraph)
    assert line is not None
    await pilot.press(*["j"] * (line - screen.reading.pinned))
    await settled(pilot)
    assert screen.reading.top_line() == line
    assert screen.reading.reading_paragraph() == paragraph


def note_files(data: Path, corpus: Path) -> list[Path]:
    """The note files of the corpus's trail under the data folder."""
    assert str(trail_folder(corpus)).startswith(str(data))
    return sorted((trail_folder(corpus) / "notes").glob("*.md"))


def row_of(app: ReadingRoom, needle: str) -> int:
    lines = screen_lines(app)
    found = next((n for n, line in enumerate(lines) if needle in line), None)
    assert found is not None, f"{needle!r} is not on the screen:\n" + "\n".join(lines)
    return found


async def test_a_note_on_the_passage_in_view_is_written_shown_folded_and_edited(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        document = screen.document
        assert document is not None
        texts = document.paragraph_texts()
        paragraph = next(n for n, text in enumerate(texts, 1) if text.startswith("1) the USA"))
        await scroll_to(pilot, screen, paragraph)
        expected = anchor_at(texts, paragraph)

        await write_note(pilot, "Compare the Mao telegram")
        await save(pilot)

        files = note_files(data, bundled)
        assert len(files) == 1
        note = read_note(files[0].read_bytes(), files[0].name, files[0].name)
        assert not isinstance(note, str) and hasattr(note, "record_id")
        assert note.record_id == SEED  # type: ignore[union-attr]
        assert note.anchor == expected  # type: ignore[union-attr]
        assert note.text == "Compare the Mao telegram"  # type: ignore[union-attr]

        # The marker beside the paragraph's first words, the note's text under the paragraph.
        first_words = " ".join(texts[paragraph - 1].split()[:4])
        marker_row = row_of(app, first_words)
        assert "✎" in screen_lines(app)[marker_row]
        note_row = row_of(app, "Compare the Mao telegram")
        assert note_row > marker_row
        assert screen_lines(app)[note_row].index("Compare") > screen_lines(app)[marker_row].index(first_words[:6])

        # z folds the note's text away; the marker stays.
        await pilot.press("z")
        await settled(pilot)
        assert "Compare the Mao telegram" not in screen_text(app)
        assert "✎" in screen_lines(app)[row_of(app, first_words)]
        await pilot.press("z")
        await settled(pilot)
        assert "Compare the Mao telegram" in screen_text(app)

        # The metadata lists it, at its end: the passage and the first line.
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.metadata.has_focus, "the metadata pane")
        await pilot.press("G")
        await settled(pilot)
        assert "NOTES" in screen_text(app)
        assert f"¶{paragraph} Compare the Mao telegram" in screen_text(app)
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: screen.reading.has_focus, "the text again")

        # a again, at the same passage, edits the same note.
        editor = await write_note(pilot, " of 1 October")
        assert editor.text == "Compare the Mao telegram of 1 October"
        await save(pilot)
        files = note_files(data, bundled)
        assert len(files) == 1
        assert "Compare the Mao telegram of 1 October" in files[0].read_text()
        assert "Compare the Mao telegram of 1 October" in screen_text(app)


async def test_escape_asks_before_throwing_a_changed_note_away_and_an_empty_note_is_deleted(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await pilot.press("escape")  # nothing typed: closed without a question
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the editor to close")
        await write_note(pilot, "draft")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")  # no: back to the note
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor), "the editor again")
        await save(pilot)
        assert len(note_files(data, bundled)) == 1

        editor = await write_note(pilot, "")
        editor.text_area.clear()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question to delete")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the editor to close")
        await settled(pilot)
        assert note_files(data, bundled) == []
        assert "✎" not in screen_text(app)


async def test_a_search_finds_a_record_through_its_note_below_the_text_matches(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen, OTHER)
        await write_note(pilot, "Stalin would have read this: zanzibarite")
        await save(pilot)

        await search(pilot, screen, "zanzibarite")
        assert [hit.card.id for hit in screen.results.hits] == [OTHER]  # type: ignore[union-attr]
        assert "in your notes" in screen_text(app)
        assert "found in your notes" in screen_text(app)  # the status line says so

        # A word in the note and in many texts: the text matches first, the noted record after them.
        await search(pilot, screen, "Stalin")
        results = screen.results
        assert results is not None and results.total > 2
        assert OTHER in results.by_notes
        listed = screen.results_list
        listed.focus()
        while len(listed.cards) < results.total:  # every page, to the last
            shown = len(listed.cards)
            await pilot.press("end", "enter")
            await wait_for(pilot, lambda: len(listed.cards) > shown, "the next page")  # noqa: B023
            await settled(pilot)
        assert [card.id for card in screen.results_list.cards][-1] == OTHER
        assert OTHER not in [card.id for card in screen.results_list.cards][:-1]

        # note: searches the notes alone.
        await search(pilot, screen, "note:stalin")
        assert [hit.card.id for hit in screen.results.hits] == [OTHER]  # type: ignore[union-attr]
        assert "1 record with notes matching" in screen_text(app)
        await search(pilot, screen, "note:nowhere")
        assert "No note of yours matches" in screen_text(app)


async def search(pilot: Pilot[None], screen: MainScreen, query: str) -> None:
    await pilot.press("slash")
    screen.search_bar.value = ""
    await pilot.press(*query)
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == query, f"results for {query}")
    await settled(pilot)


async def test_the_notes_view_lists_newest_first_and_opens_a_note_at_its_passage(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        assert screen.document is not None
        paragraph = next(n for n, text in enumerate(screen.document.paragraph_texts(), 1)
                         if text.startswith("In this regard"))
        await scroll_to(pilot, screen, paragraph)
        await write_note(pilot, "older note deep in the letter")
        await save(pilot)
        await open_record(pilot, screen, OTHER)
        await write_note(pilot, "newer note on another record")
        await save(pilot)

        await pilot.press("A")
        await wait_for(pilot, lambda: screen.notes_view.has_focus and len(screen.notes_view.notes) == 2,
                       "the notes view")
        text = screen_text(app)
        assert text.index("newer note on another record") < text.index("older note deep in the letter")
        assert f"¶{paragraph}" in text

        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the noted record")
        await settled(pilot)
        assert screen.reading.passage == paragraph
        assert screen.reading.reading_paragraph() == paragraph
        # The passage first under the header, its ✎ beside it and a bar down its margin.
        rows = screen_lines(app)
        first = row_of(app, "In this regard")
        assert first == screen.reading.region.y + screen.reading.pinned + 1  # under the header and its rule
        assert "✎" in rows[first] and "▌" in rows[first + 1]
        # The passage is at the top of the text: a pressed there edits this note.
        editor = await write_note(pilot, "")
        assert editor.text == "older note deep in the letter"
        await pilot.press("escape")

        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the editor to close")
        await pilot.press("A")  # from the text: the notes view comes back
        await wait_for(pilot, lambda: screen.notes_view.has_focus, "the notes view focused")
        await pilot.press("A")  # and goes
        await wait_for(pilot, lambda: screen.left.current != "notes", "the notes view hidden")


async def test_in_secure_mode_a_note_lasts_for_the_session_and_nothing_is_written(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    before = tree_state(bundled, config_dir, data, bundled_index)
    app = make_app(bundled, bundled_index, config_dir, secure=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        editor = await write_note(pilot, "kept in memory only")
        assert "ctrl+e" not in screen_text(app)  # no $EDITOR offered
        await pilot.press("ctrl+e")
        assert app.screen is editor
        await save(pilot)
        assert "kept in memory only" in screen_text(app)
        assert "✎" in screen_text(app)
        await pilot.press("A")
        await wait_for(pilot, lambda: len(screen.notes_view.notes) == 1, "the notes view")
        assert "kept in memory only" in screen_text(app)
    assert tree_state(bundled, config_dir, data, bundled_index) == before


async def test_a_note_whose_paragraph_changed_is_found_by_its_words_or_shown_at_the_top(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    from tui.trail.anchor import Anchor
    from tui.trail.trail import Trail

    trail = Trail.open(bundled)
    trail.notes.add(SEED, "moved paragraph note", Anchor(2, "I will keep you informed about further"))
    trail.notes.add(SEED, "a note on the whole letter [bold]not markup[/bold] \x1b[31mred?")
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        assert "a note on the whole letter" in screen_text(app)  # at the top of the text
        assert "[bold]not markup[/bold]" in screen_text(app)  # data, never markup
        assert "\x1b" not in app.export_screenshot()
        assert "✎" in screen_lines(app)[row_of(app, "a note on the whole letter")]
        document = screen.document
        assert document is not None
        target = next(n for n, text in enumerate(document.paragraph_texts(), 1) if text.startswith("I will keep"))
        screen.reading.go_to_paragraph(target)
        await settled(pilot)
        assert "moved paragraph note" in screen_text(app)
        rows, start = screen_lines(app), row_of(app, "I will keep you")
        under = row_of(app, "moved paragraph note")
        assert 0 < under - start <= 2  # right under the paragraph's lines (it wraps to two)
        assert "✎" in rows[start] and all(rows[n][50:].strip(" ▕▏") for n in range(start, under))


async def test_ctrl_e_writes_the_note_in_the_readers_editor(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor_script = tmp_path / "editor"
    editor_script.write_text("#!/bin/sh\nprintf 'written in my editor\\n' >> \"$1\"\n")
    editor_script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor_script))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the note's temporary file goes
    app = make_app(bundled, bundled_index, config_dir)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # the headless driver cannot suspend
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        editor = await write_note(pilot, "begun here, ")
        made = []
        real_mkstemp = tempfile.mkstemp
        monkeypatch.setattr(tempfile, "mkstemp", lambda **kw: made.append(real_mkstemp(**kw)) or made[-1])
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: "written in my editor" in editor.text, "the editor's text back")
        assert made and Path(made[0][1]).parent == tmp_path
        assert editor.text == "begun here, written in my editor"
        assert not list(tmp_path.glob("readingroom-note-*"))  # the temporary file is gone
        await save(pilot)
        [file] = note_files(data, bundled)
        assert "begun here, written in my editor" in file.read_text()


async def test_a_note_that_cannot_be_written_is_said_in_one_line(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        files = screen.trail.notes.files

        def full_disk(name: str, text: str) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(files, "write", full_disk)
        await write_note(pilot, "lost to a full disk")
        await save(pilot)
        # One line, the error's own words (the toast is drawn over the screen, not in its export).
        assert [n.message for n in app._notifications][-1] == "The note could not be written: No space left on device"
        assert "✎" not in screen_text(app) and note_files(data, bundled) == []


async def test_a_note_listed_in_the_metadata_goes_to_its_passage(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_record(pilot, screen)
        assert screen.document is not None
        paragraph = next(n for n, text in enumerate(screen.document.paragraph_texts(), 1)
                         if text.startswith("Of course, I took"))
        await scroll_to(pilot, screen, paragraph)
        await write_note(pilot, "stand firm")
        await save(pilot)
        await pilot.press("g")  # back to the top of the text
        await settled(pilot)
        assert screen.reading.reading_paragraph() == 1
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.metadata.has_focus, "the metadata pane")
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: screen.reading.has_focus, "the text")
        await settled(pilot)
        assert screen.reading.reading_paragraph() == paragraph
        assert "✎" in screen_lines(app)[row_of(app, "Of course, I took")]


def test_a_document_puts_notes_under_their_paragraphs_and_keeps_its_layout() -> None:
    from tui.model.record import Record
    from tui.render.document import NOTE_ON_RECORD, Document, PlacedNote

    record = Record("r", "Title", "r.toml", 1, 0, {"body": "First one.\n\nSecond [ins] one.\n\nThird one."})
    document = Document(record)
    first = document.layout(80)
    assert document.layout(80) is first and document.width == 80
    document.set_notes([PlacedNote(2, "under the second"), PlacedNote(None, "on the record"), PlacedNote(9, "gone")])
    assert document.width == 80
    kinds = [(block.kind, block.text, block.noted) for block in document.blocks if block.kind in ("body", "note")]
    assert kinds == [("note", "on the record", True), ("note", "gone", True), ("body", "First one.", False),
                     ("body", "Second [ins] one.", True), ("note", "under the second", False),
                     ("body", "Third one.", False)]
    # Where the reader is: the paragraph of a line, or of the note under it; the next one after a blank.
    at = {document.blocks[line.block].text: document.paragraph_at(n) for n, line in enumerate(document.lines)}
    assert at["under the second"] == 2 and at["Second [ins] one."] == 2 and at["on the record"] == 1
    assert document.blocks[document.lines[document.line_of_paragraph(3) or 0].block].text == "Third one."
    # Folded: the markers stay, the notes' text goes; one line says a note on the record is there.
    document.set_notes(document.notes, folded=True)
    assert [b.text for b in document.blocks if b.kind == "note"] == [NOTE_ON_RECORD]
    assert [b.noted for b in document.blocks if b.kind == "body"] == [False, True, False]
    # Hiding the insertions lays the text out again, the notes kept.
    document.set_editorial(False)
    assert [b.noted for b in document.blocks if b.kind == "body"] == [False, True, False]
