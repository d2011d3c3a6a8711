"""A few SVG snapshots where layout matters: the main screen at 80×24 and 160×48, search
results, help, and a search with its top result open at 80×24, 120×40 and 200×55 (and a
document with its metadata at 100×30). Deterministic: a prebuilt index, settings in a test folder, no blinking
cursor, and search timings fixed at zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

import tui.index.search as search_module
from tests.apptools import make_app, ready, settled, wait_for
from tui.app import ReadingRoom


class _FrozenClock:
    @staticmethod
    def perf_counter() -> float:
        return 0.0


@pytest.fixture
def app(bundled: Path, bundled_index: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> ReadingRoom:
    monkeypatch.setattr(search_module, "time", _FrozenClock)
    return make_app(bundled, bundled_index, config_dir)


async def _ready(pilot: Pilot[None]) -> None:
    await ready(pilot)


def test_main_screen_80x24(snap_compare, app: ReadingRoom) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_main_screen_160x48(snap_compare, app: ReadingRoom) -> None:  # type: ignore[no-untyped-def]
    async def open_record(pilot: Pilot[None]) -> None:
        screen = await ready(pilot)
        await pilot.press("colon", *"1950-10-08-stalin-kim", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_record)


def test_search_results_120x36(snap_compare, app: ReadingRoom) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[None]) -> None:
        screen = await ready(pilot)
        await pilot.press("slash", *"stalin korea")
        # The whole query's results (a slow machine may search a prefix while it is typed).
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "stalin korea",
                       "the results")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=search)


def test_help_100x40(snap_compare, app: ReadingRoom) -> None:  # type: ignore[no-untyped-def]
    async def show_help(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 40), run_before=show_help)


async def _search_and_read(pilot: Pilot[None], *, metadata: bool = False) -> None:
    """A search shown in the results and its top result open, as a reader leaves it."""
    screen = await ready(pilot)
    await pilot.press("slash", *"khrushchev", "space", *"hooligan")
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "khrushchev hooligan",
                   "the results")
    await settled(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.record is not None, "the top result")
    if metadata:
        await pilot.press("i")
    await settled(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 55)])
def test_search_and_document(snap_compare, app: ReadingRoom, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=_search_and_read)


def test_document_with_metadata_100x30(snap_compare, app: ReadingRoom) -> None:  # type: ignore[no-untyped-def]
    async def open_record(pilot: Pilot[None]) -> None:
        screen = await ready(pilot)
        await pilot.press("colon", *"1950-10-08-stalin-kim", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        await pilot.press("i")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_record)
