"""The research trail in the browser: marks where records are listed, the Lists view, the
palette's list and saved-search commands, and the reader's place kept between starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import make_app, ready, screen_lines, screen_text, settled, wait_for
from tui.app import ReadingRoom
from tui.screens.main import MainScreen
from tui.widgets.marks import MARK

SEED = "1950-10-08-stalin-kim"
SEED_TITLE = "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reader's data folder (the trail of each corpus is under it), fresh for the test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("READINGROOM_DATA", str(folder))
    return folder


async def open_id(pilot: Pilot[None], screen: MainScreen, record_id: str) -> None:
    await pilot.press("colon", *record_id, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id, record_id)
    await settled(pilot)


def lines_with(app: ReadingRoom, words: str) -> list[str]:
    return [line for line in screen_lines(app) if words in line]


async def test_a_marked_record_carries_the_mark_in_the_tree_results_and_header(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        assert not any(MARK in line for line in screen_lines(app))
        await pilot.press("m")
        await wait_for(pilot, lambda: any(f"{MARK} Letter from Feng Xi" in line for line in screen_lines(app)),
                       "the mark on the open record's title")
        assert screen.trail.is_marked(SEED)
        assert "Marked on" not in screen_text(app)  # the mark says it: no notice
        # In the results
        await pilot.press("slash", *"feng xi kim", "down")
        await wait_for(pilot, lambda: any(f"1. {MARK} Letter from Feng Xi" in line for line in screen_lines(app)),
                       "the mark in the results")
        # In the tree narrowed to them
        await pilot.press("t")
        await wait_for(pilot, lambda: screen.doc_tree.cursor_node is not None
                       and screen.doc_tree.highlighted_card() is not None, "the tree's first record")
        await wait_for(pilot, lambda: any(f"{MARK} 8 Oct 1950  Letter from Feng Xi" in line
                                          for line in screen_lines(app)), "the mark in the tree")
        # Unmarked from the tree: every mark goes
        card = screen.doc_tree.highlighted_card()
        assert card is not None and card.id == SEED
        await pilot.press("m")
        await pilot.pause()
        assert not screen.trail.is_marked(SEED)
        assert not any(MARK in line for line in screen_lines(app))
        await pilot.press("t")
        await settled(pilot)
        assert not any(MARK in line for line in screen_lines(app))
