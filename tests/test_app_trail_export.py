"""Carrying the trail out of the browser: the notes as Markdown and a list as its TOML file, to a
file, the reader's clipboard or a download; in secure mode never a file, and nothing written."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import TextIO

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from tests.apptools import make_app, ready, settled, wait_for
from tui.app import ReadingRoom
from tui.screens.main import MainScreen
from tui.screens.trail_export import TrailExportDialog
from tui.trail.anchor import Anchor
from tui.trail.trail import Trail

SEED = "1950-10-08-stalin-kim"


def tree_state(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file under these folders, with its size and time: what a session must not change."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*") if folder.exists() else ():
            if path.is_file():
                found[str(path)] = (path.stat().st_size, path.stat().st_mtime_ns)
    return found


async def open_seed(pilot: Pilot[None], screen: MainScreen) -> None:
    await pilot.press("colon", *SEED, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the seed letter")
    await settled(pilot)


async def palette(pilot: Pilot[None], command: str) -> TrailExportDialog:
    app = pilot.app
    await pilot.press("ctrl+p", *command)
    await settled(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TrailExportDialog), "the trail's export dialog")
    dialog = app.screen
    assert isinstance(dialog, TrailExportDialog)
    return dialog


async def closed(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the dialog to close")
    await settled(pilot)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("READINGROOM_DATA", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


async def test_secure_mode_copies_the_notes_and_writes_nothing(bundled: Path, bundled_index: Path,
                                                                config_dir: Path, data: Path) -> None:
    before = tree_state(bundled, config_dir, data, bundled_index)
    app = make_app(bundled, bundled_index, config_dir, secure=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot, screen)
        await pilot.press("m")  # marked, in memory
        await settled(pilot)
        assert app.session.trail.is_marked(SEED)
        app.session.trail.notes.add(SEED, "Feng Xi is Stalin's pseudonym.", Anchor(2, "I will keep you"))
        dialog = await palette(pilot, "export my notes")
        assert [button.id for button in dialog.query(Button)] == ["trail-clipboard"]  # no file, no download here
        await pilot.click("#trail-clipboard")
        await closed(pilot)
        assert app.clipboard.startswith("## Letter from Feng Xi (Stalin) to Kim Il Sung")
        assert "Feng Xi is Stalin's pseudonym." in app.clipboard
        assert f"`{SEED}`, paragraph 2 (“I will keep you…”)" in app.clipboard
    assert tree_state(bundled, config_dir, data, bundled_index) == before
    assert not data.exists()


async def test_a_list_as_its_file_reads_back_as_the_list(bundled: Path, bundled_index: Path, config_dir: Path,
                                                         data: Path, tmp_path: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot, screen)
        await pilot.press("m")
        await settled(pilot)
        dialog = await palette(pilot, "as its file")
        assert [button.id for button in dialog.query(Button)] == ["trail-file", "trail-clipboard"]
        await pilot.click("#trail-file")
        await closed(pilot)
    written = tmp_path / "reading-list.toml"
    kept = next(data.rglob("lists/reading-list.toml"))
    assert written.read_text(encoding="utf-8") == kept.read_text(encoding="utf-8")
    table = tomllib.loads(written.read_text(encoding="utf-8"))
    assert table["name"] == "Reading list" and [entry["id"] for entry in table["entry"]] == [SEED]


async def test_in_a_web_browser_the_notes_are_a_download(bundled: Path, bundled_index: Path, config_dir: Path,
                                                        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReadingRoom, "is_web", property(lambda _app: True))
    delivered: list[tuple[str, str | None, str | None]] = []

    def deliver_text(file: TextIO, *, save_filename: str | None = None, mime_type: str | None = None,
                     **_: object) -> str:
        delivered.append((file.read(), save_filename, mime_type))
        return "key"

    app = make_app(bundled, bundled_index, config_dir, secure=True)
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        app.session.trail.notes.add(SEED, "Read with the Shtykov cables.")
        dialog = await palette(pilot, "export my notes")
        assert [button.id for button in dialog.query(Button)] == ["trail-clipboard", "trail-download"]
        await pilot.click("#trail-download")
        await closed(pilot)
    [(text, name, mime)] = delivered
    assert name == "notes.md" and mime == "text/markdown"
    assert "Read with the Shtykov cables." in text
    assert not data.exists()


def test_the_trail_of_a_secure_session_is_its_own(bundled: Path, data: Path) -> None:
    """Two secure sessions of one corpus (two readers of one account) share nothing."""
    first, second = Trail.open(bundled, secure=True), Trail.open(bundled, secure=True)
    first.toggle_mark(SEED)
    first.notes.add(SEED, "mine")
    assert not second.is_marked(SEED) and second.notes.all() == []
    assert not data.exists() and not any(name.startswith("_readingroom") for name in os.listdir(bundled))


@pytest.mark.parametrize("secure", [True, False])
async def test_the_help_says_where_the_trail_is_kept(bundled: Path, bundled_index: Path, config_dir: Path,
                                                    data: Path, secure: bool) -> None:
    from tui.screens.help import HelpScreen

    app = make_app(bundled, bundled_index, config_dir, secure=secure)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = " ".join(app.screen.plain_text().split())
    if secure:
        assert "kept in memory for this session only, and nothing of them is written on the server" in text
        assert "Export my notes" in text
    else:
        assert f"kept in {data / 'corpora'}" in text
