"""Exporting from the browser's palette: the results, a branch, a list, the open record; to a file,
the clipboard or a download; none of it a file in secure mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import pytest
import rispy
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input

from tests.apptools import make_app, ready, settled, wait_for
from tui.app import ReadingRoom
from tui.screens.export_dialog import CLIPBOARD_LIMIT, ConfirmScreen, ExportDialog
from tui.screens.main import MainScreen
from tui.session import Selection, Session
from tui.trail.anchor import Anchor
from tui.trail.trail import Trail

SEED = "1950-10-08-stalin-kim"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the browser runs in (where a file goes by default), and the trail in tmp."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("READINGROOM_DATA", str(tmp_path / "data"))
    return folder


async def search(pilot: Pilot[None], screen: MainScreen, query: str) -> None:
    await pilot.press("slash", *query)
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == query, "the results")
    await settled(pilot)


async def palette(pilot: Pilot[None], command: str) -> ExportDialog:
    app = pilot.app
    await pilot.press("ctrl+p", *command)
    await settled(pilot)  # every provider has answered: the list no longer changes under Enter
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def choose(pilot: Pilot[None], dialog: ExportDialog, steps: int) -> None:
    """Move down the formats `steps` times from CSL-JSON and choose that one, with keys."""
    dialog.query_one("#export-format").focus()
    await pilot.press(*["down"] * steps, "enter")
    await pilot.pause()


async def closed(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the dialog to close")
    await settled(pilot)


def result_ids(screen: MainScreen) -> set[str]:
    assert screen.results is not None and screen.results.total == len(screen.results.hits)
    return {hit.card.id for hit in screen.results.hits}


async def test_the_results_to_a_file_as_csl_json(bundled: Path, bundled_index: Path, config_dir: Path,
                                                 here: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "pilots")
        dialog = await palette(pilot, "export results")
        assert dialog.query_one("#export-path", Input).value == str(here / "pilots.json")
        await pilot.click("#to-file")
        await closed(pilot)
        items = json.loads((here / "pilots.json").read_text(encoding="utf-8"))
        assert {item["id"] for item in items} == result_ids(screen)
        assert [n.title for n in app._notifications] == [f"Wrote {len(items)} records"]


async def test_a_file_there_already_is_replaced_only_when_the_reader_says_so(
    bundled: Path, bundled_index: Path, config_dir: Path, here: Path
) -> None:
    (here / "pilots.ris").write_text("mine")
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "pilots")
        dialog = await palette(pilot, "export results")
        await choose(pilot, dialog, 2)  # RIS: the suggested name follows
        assert dialog.query_one("#export-path", Input).value == str(here / "pilots.ris")
        await pilot.click("#to-file")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and (here / "pilots.ris").read_text() == "mine"
        await pilot.click("#to-file")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await closed(pilot)
        entries = rispy.loads((here / "pilots.ris").read_text(encoding="utf-8"))
        assert {entry["id"] for entry in entries} == result_ids(screen)
        assert not list(here.glob(".*.part"))


async def test_the_open_record_to_the_clipboard_as_ris(bundled: Path, bundled_index: Path, config_dir: Path,
                                                        here: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "feng xi")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the record")
        dialog = await palette(pilot, "export open record")
        await choose(pilot, dialog, 2)
        await pilot.click("#to-clipboard")
        await closed(pilot)
        [entry] = rispy.loads(app.clipboard)
        assert entry["id"] == SEED and entry["type_of_reference"] == "PCOMM"
        assert entry["name_of_database"] == "Archive of the President, Russian Federation (APRF)"
        assert list(here.iterdir()) == []  # a copy writes nothing


async def test_a_branch_of_the_tree_as_csv(bundled: Path, bundled_index: Path, config_dir: Path, here: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        assert screen.doc_tree.cursor_node is not None
        dialog = await palette(pilot, "export tree branch")  # the 1950s, where the cursor is
        assert "1950s" in str(dialog.query_one("#export-what").render())
        await choose(pilot, dialog, 4)
        await pilot.click("#to-clipboard")
        await closed(pilot)
        lines = app.clipboard.splitlines()
        assert lines[0].startswith("id,title,date,") and len(lines) > 567  # a body may take several lines
        assert app.clipboard.count("\n1950-") >= 1


async def test_a_list_with_notes_as_markdown(bundled: Path, bundled_index: Path, config_dir: Path,
                                            here: Path) -> None:
    trail = Trail.open(bundled)
    trail.lists.create("Chapter 3")
    trail.lists.add("Chapter 3", SEED)
    trail.lists.add("Chapter 3", "frus1961-63v05-d339")
    trail.notes.add(SEED, "Check the translation.", Anchor(2, "I will keep you informed"))
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        dialog = await palette(pilot, "export list chapter")
        await choose(pilot, dialog, 3)
        box = dialog.query_one("#export-notes", Checkbox)
        box.focus()
        await pilot.press("space")
        assert box.value
        await pilot.click("#to-clipboard")
        await closed(pilot)
        parts = app.clipboard.split("\n\n")
        assert parts[0].startswith("Joseph Stalin to Kim Il Sung, October 8, 1950")
        assert parts[1] == "> ¶ 2 (“I will keep you informed…”): Check the translation."
        assert parts[2].startswith("Memorandum of Conversation, July 26, 1963")


async def test_biblatex_has_no_notes_box_to_tick(bundled: Path, bundled_index: Path, config_dir: Path,
                                                 here: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "pilots")
        dialog = await palette(pilot, "export results")
        assert not dialog.query_one("#export-notes", Checkbox).disabled
        await choose(pilot, dialog, 1)
        assert dialog.query_one("#export-notes", Checkbox).disabled


async def test_a_copy_too_large_for_some_terminals_is_made_with_a_warning(
    bundled: Path, bundled_index: Path, config_dir: Path, here: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "korea")
        dialog = await palette(pilot, "export results")
        await choose(pilot, dialog, 5)  # JSON Lines: every field, bodies too
        await pilot.click("#to-clipboard")
        await closed(pilot)
        assert len(app.clipboard) > CLIPBOARD_LIMIT
        [notice] = app._notifications
        assert notice.severity == "warning" and "Save to a file instead" in notice.message


async def test_secure_mode_offers_no_file_and_writes_nothing(bundled: Path, bundled_index: Path, config_dir: Path,
                                                             here: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir, secure=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "pilots")
        dialog = await palette(pilot, "export results")
        assert not dialog.query("#export-path") and not dialog.query("#to-file")
        assert [button.id for button in dialog.query(Button)] == ["to-clipboard"]  # no download outside a browser
        await pilot.click("#to-clipboard")
        await closed(pilot)
        assert {item["id"] for item in json.loads(app.clipboard)} == result_ids(screen)
        with pytest.raises(PermissionError):
            app.session.export_file(dialog.selection, "ris", here / "x.ris")
    assert list(here.iterdir()) == [] and not (here.parent / "data").exists()


def test_an_export_stopped_midway_leaves_no_file(bundled: Path, bundled_index: Path, here: Path) -> None:
    session = Session(bundled, index_dir=str(bundled_index))
    session.open()
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3

    done = session.export_file(Selection.results("korea"), "csl-json", here / "korea.json", stop=stop)
    assert done.stopped and done.count == 3
    assert list(here.iterdir()) == []
    whole = session.export_file(Selection.results("korea"), "csl-json", here / "korea.json")
    assert not whole.stopped and len(json.loads((here / "korea.json").read_text(encoding="utf-8"))) == whole.count


async def test_in_a_web_browser_the_export_is_a_download(bundled: Path, bundled_index: Path, config_dir: Path,
                                                         here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under textual-serve (secure mode always) the dialog offers a download, handed to Textual's delivery."""
    monkeypatch.setattr(ReadingRoom, "is_web", property(lambda _app: True))
    delivered: list[tuple[str, str | None, str | None]] = []

    def deliver_text(file: TextIO, *, save_filename: str | None = None, mime_type: str | None = None,
                     **_: object) -> str:
        delivered.append((file.read(), save_filename, mime_type))
        return "key"

    app = make_app(bundled, bundled_index, config_dir, secure=True)
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "pilots")
        dialog = await palette(pilot, "export results")
        assert [button.id for button in dialog.query(Button)] == ["to-clipboard", "to-download"]
        await choose(pilot, dialog, 1)
        await pilot.click("#to-download")
        await closed(pilot)
    [(text, name, mime)] = delivered
    assert name == "pilots.bib" and mime == "text/x-bibtex"
    assert text.startswith("% Encoding: UTF-8") and text.count("\n@") == len(result_ids(screen))
    assert list(here.iterdir()) == []
