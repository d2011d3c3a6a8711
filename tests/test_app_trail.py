"""The trail as a reader meets it in the browser: `m` writes the list file at once, a list changed
by hand meanwhile is read again, a broken one is named in one line at the start and left alone,
and a secure session writes nothing anywhere."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import make_app, ready, screen_text, settled, wait_for
from tests.test_app_trail_export import SEED, open_seed, tree_state
from tui.screens.main import MainScreen
from tui.trail.trail import trail_folder

OTHER = "frus1951v07p2-d2"



@pytest.fixture
def corpus(bundled: Path, tmp_path: Path) -> Path:
    """A copy of the bundled corpus: its trail folder is found by its path, so each test has its own."""
    copy = tmp_path / "corpus"
    shutil.copytree(bundled, copy)
    return copy


def list_ids(path: Path) -> list[str]:
    return [entry["id"] for entry in tomllib.loads(path.read_text("utf-8")).get("entry", [])]


async def press_m(pilot: Pilot[None]) -> None:
    await pilot.press("m")
    await settled(pilot)


async def test_m_writes_the_list_file_at_once_and_m_again_takes_the_record_off(
        corpus: Path, data: Path, tmp_path: Path, config_dir: Path) -> None:
    app = make_app(corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot, screen)
        await press_m(pilot)
        listed = trail_folder(corpus) / "lists" / "reading-list.toml"
        assert list_ids(listed) == [SEED]
        assert tomllib.loads(listed.read_text("utf-8"))["name"] == "Reading list"
        await press_m(pilot)
        assert list_ids(listed) == []


async def test_a_list_changed_by_hand_meanwhile_is_read_again_and_both_changes_kept(
        corpus: Path, data: Path, tmp_path: Path, config_dir: Path) -> None:
    app = make_app(corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot, screen)
        await press_m(pilot)
        listed = trail_folder(corpus) / "lists" / "reading-list.toml"
        listed.write_text(listed.read_text("utf-8") + f'\n[[entry]]\nid = "{OTHER}"\n'
                          'added = 2026-01-02T03:04:05Z\ncomment = "added in an editor"\n', "utf-8")
        await pilot.press("colon", *OTHER, "enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == OTHER, "the other record")
        await press_m(pilot)  # it looked unmarked: m marks it, once, and what the editor wrote stays
        assert "changed outside Reading Room" in screen_text(app)
        assert list_ids(listed) == [SEED, OTHER]
        assert tomllib.loads(listed.read_text("utf-8"))["entry"][1]["comment"] == "added in an editor"
        assert screen.trail.is_marked(OTHER)
        await press_m(pilot)
        assert list_ids(listed) == [SEED]


async def test_a_broken_list_is_named_at_the_start_left_alone_and_the_rest_loads(
        corpus: Path, data: Path, tmp_path: Path, config_dir: Path) -> None:
    lists = trail_folder(corpus) / "lists"
    lists.mkdir(parents=True)
    (lists / "good.toml").write_text(f'name = "Good"\ncreated = 2026-01-01T00:00:00Z\n\n[[entry]]\nid = "{SEED}"\n'
                                     'added = 2026-01-01T00:00:00Z\n', "utf-8")
    broken = lists / "broken.toml"
    broken.write_bytes(b'name = "Broken"\n\n[[entry]]\nid = "x\n')
    app = make_app(corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        told = [f"{n.title} {n.message}" for n in app._notifications]
        assert any(f"{broken}:4:8: not valid TOML" in line for line in told), told
        assert "broken.toml" in screen_text(app).replace("\n", "")
        assert screen.trail.lists.names() == ["Good"] and screen.trail.is_marked(SEED)
        await open_seed(pilot, screen)
        await press_m(pilot)
    assert broken.read_bytes() == b'name = "Broken"\n\n[[entry]]\nid = "x\n'
    assert list_ids(lists / "good.toml") == []


async def test_a_secure_session_marks_for_itself_and_writes_nothing(
        corpus: Path, data: Path, tmp_path: Path, config_dir: Path) -> None:
    index = tmp_path / "index"
    app = make_app(corpus, index, config_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # the index made beforehand, as a server does
        await ready(pilot)
    before = tree_state(data, config_dir, corpus)
    app = make_app(corpus, index, config_dir, secure=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        assert isinstance(screen, MainScreen)
        await open_seed(pilot, screen)
        await press_m(pilot)
        assert screen.trail.is_marked(SEED)
        assert "◆" in screen_text(app)  # the reading view's title carries the mark
    assert tree_state(data, config_dir, corpus) == before
