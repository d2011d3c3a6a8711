"""The research trail in the browser: marks where records are listed, the Lists view, the
palette's list and saved-search commands, and the reader's place kept between starts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import make_app, ready, screen_lines, screen_text, settled, wait_for
from tui.app import ReadingRoom
from tui.screens.confirm import ConfirmScreen
from tui.screens.jump import AskScreen
from tui.screens.main import MainScreen
from tui.trail.trail import Trail
from tui.widgets.lists_view import ListsView
from tui.widgets.marks import MARK

SEED = "1950-10-08-stalin-kim"
SEED_TITLE = "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)"



async def open_id(pilot: Pilot[None], screen: MainScreen, record_id: str) -> None:
    await pilot.press("colon", *record_id, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id, record_id)
    await settled(pilot)


def lines_with(app: ReadingRoom, words: str) -> list[str]:
    return [line for line in screen_lines(app) if words in line]


async def test_a_marked_record_carries_the_mark_in_the_tree_results_and_header(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        assert not any(MARK in line for line in screen_lines(app))
        await pilot.press("m")
        await wait_for(pilot, lambda: any(f"{MARK} Letter from Feng Xi" in line for line in screen_lines(app)),
                       "the mark on the open record's title")
        await settled(pilot)  # the list's file written
        assert screen.trail.is_marked(SEED)
        assert "Marked on" not in screen_text(app)  # the mark says it: no notice
        # In the results
        await pilot.press("slash", *"feng xi kim", "down")
        await wait_for(pilot, lambda: any(f"1. {MARK} Letter from Feng Xi" in line for line in screen_lines(app)),
                       "the mark in the results")
        assert screen.focused is screen.results_list
        await pilot.press("m")  # off, from the results, then on again: their line follows
        await wait_for(pilot, lambda: any(line.strip().startswith("1. Letter from Feng Xi")
                                          for line in screen_lines(app)), "the mark gone from the result")
        await pilot.press("m")
        await wait_for(pilot, lambda: any(f"1. {MARK} Letter from Feng Xi" in line for line in screen_lines(app)),
                       "the mark back on the result")
        await settled(pilot)
        assert screen.trail.is_marked(SEED)
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
        assert not any(MARK in line for line in screen_lines(app))  # at once, before the file is written
        await settled(pilot)
        assert not screen.trail.is_marked(SEED)
        assert not any(MARK in line for line in screen_lines(app))
        await pilot.press("t")
        await settled(pilot)
        assert not any(MARK in line for line in screen_lines(app))


OTHER = "frus1961-63v05-d339"  # Memorandum of Conversation, 26 July 1963
THIRD = "frus1955-57v23p2-d8"
GONE_ID = "a-record-no-longer-here"


def list_on_disk(data: Path, name: str) -> dict[str, object]:
    """The list's file as the trail wrote it."""
    files = [path for path in data.rglob("lists/*.toml")]
    for path in files:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        if table.get("name") == name:
            return table
    raise AssertionError(f"no file holds the list {name!r}: {files}")


def ids_on_disk(data: Path, name: str) -> list[str]:
    entries = list_on_disk(data, name).get("entry", [])
    assert isinstance(entries, list)
    return [entry["id"] for entry in entries]


def make_list(corpus: Path, name: str, ids: list[str]) -> None:
    """A list kept before the app starts (as `readingroom mark` would keep it)."""
    trail = Trail.open(corpus)
    trail.lists.create(name)
    for record_id in ids:
        trail.lists.add(name, record_id)


async def show_lists(pilot: Pilot[None], screen: MainScreen) -> ListsView:
    await pilot.press("L")
    view = screen.lists_view
    await wait_for(pilot, lambda: screen.focused is view, "the Lists view with focus")
    await settled(pilot)
    return view


def line_index(app: ReadingRoom, words: str) -> int:
    return next(n for n, line in enumerate(screen_lines(app)) if words in line)


async def test_the_lists_view_shows_the_records_in_order_and_reorders_comments_and_removes(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    make_list(bundled, "Chapter 3", [SEED, OTHER, GONE_ID])
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await show_lists(pilot, screen)
        await wait_for(pilot, lambda: "not in the corpus now" in screen_text(app), "the records' titles")
        text = screen_text(app)
        assert "Chapter 3  3  current" in text
        assert line_index(app, "1. Letter from Feng Xi") < line_index(app, "2. Memorandum of Conversation")
        assert line_index(app, f"3. {GONE_ID}") == line_index(app, "not in the corpus now") - 1
        assert "8 October 1950" in screen_lines(app)[line_index(app, "1. Letter from Feng Xi") + 1]
        assert "Saved searches" in text
        # J moves the first record down: on screen and in the list's file
        await pilot.press("j", "J")
        await wait_for(pilot, lambda: ids_on_disk(data, "Chapter 3") == [OTHER, SEED, GONE_ID], "the move written")
        assert line_index(app, "1. Memorandum of Conversation") < line_index(app, "2. Letter from Feng Xi")
        await pilot.press("alt+up")  # and back up: the cursor went with it
        await wait_for(pilot, lambda: ids_on_disk(data, "Chapter 3") == [SEED, OTHER, GONE_ID], "moved back")
        await pilot.press("K")  # the first stays first
        await pilot.pause()
        assert ids_on_disk(data, "Chapter 3") == [SEED, OTHER, GONE_ID]
        # C: a one-line comment
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), "the comment's question")
        await pilot.press(*"Stalin's answer", "enter")
        await wait_for(pilot, lambda: "“Stalin's answer”" in screen_text(app), "the comment shown")
        entries = list_on_disk(data, "Chapter 3")["entry"]
        assert isinstance(entries, list) and entries[0]["comment"] == "Stalin's answer"
        # Delete takes the record off
        await pilot.press("delete")
        await wait_for(pilot, lambda: ids_on_disk(data, "Chapter 3") == [OTHER, GONE_ID], "the record taken off")
        await pilot.pause()
        assert "Letter from Feng Xi" not in screen_text(app)
        assert "1. Memorandum of Conversation" in screen_text(app)
        # Enter opens the record under the cursor
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == OTHER, "the record opened")
        # L again: the tree is back
        await pilot.press("L")
        await wait_for(pilot, lambda: screen.left.current == "tree", "the tree back")


async def test_a_list_made_renamed_switched_and_deleted_from_the_palette(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        trail = screen.trail
        await command(pilot, "new reading list")
        await answer(pilot, "Chapter 1")
        await command(pilot, "new reading list")
        await answer(pilot, "Chapter 2")
        assert trail.lists.names() == ["Chapter 1", "Chapter 2"] and trail.current_list == "Chapter 2"
        await command(pilot, "new reading list")
        await answer(pilot, "chapter 1")  # a name taken: said, nothing made
        await wait_for(pilot, lambda: "already a list named" in screen_text(app), "the refusal")
        assert trail.lists.names() == ["Chapter 1", "Chapter 2"]
        await open_id(pilot, screen, SEED)
        await pilot.press("m")
        await settled(pilot)
        assert ids_on_disk(data, "Chapter 2") == [SEED]
        await command(pilot, "switch to list")
        assert trail.current_list == "Chapter 1"
        await wait_for(pilot, lambda: not any(f"{MARK} Letter" in line for line in screen_lines(app)),
                       "the mark gone: the record is not on this list")
        await command(pilot, "rename reading list")
        await answer(pilot, "First chapter", clear=True)
        assert trail.lists.names() == ["Chapter 2", "First chapter"] and trail.current_list == "First chapter"
        assert ids_on_disk(data, "First chapter") == []
        await command(pilot, "delete reading list")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")  # kept
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the question answered")
        assert trail.lists.names() == ["Chapter 2", "First chapter"]
        await command(pilot, "delete reading list")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: trail.lists.names() == ["Chapter 2"], "the list deleted")
        assert not list((data).rglob("lists/first-chapter.toml"))
        # The view: Enter on a list's name makes it current
        await show_lists(pilot, screen)
        assert "Chapter 2  1" in screen_text(app)


async def command(pilot: Pilot[None], words: str) -> None:
    """Run a palette command as a reader does: ctrl+p, its words, Enter."""
    await pilot.press("ctrl+p", *words)
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)


async def answer(pilot: Pilot[None], text: str, *, clear: bool = False) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), "the question")
    if clear:
        await pilot.press("ctrl+u")
    await pilot.press(*text, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the question answered")
    await settled(pilot)


async def test_enter_on_a_list_makes_it_current(bundled: Path, bundled_index: Path, config_dir: Path,
                                                data: Path) -> None:
    make_list(bundled, "Alpha", [SEED])
    make_list(bundled, "Beta", [OTHER])
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        assert screen.trail.current_list == "Alpha"
        await show_lists(pilot, screen)
        view = screen.lists_view
        while view.current_row is not None and view.current_row.list_name != "Beta":
            await pilot.press("j")
        assert view.current_row is not None and view.current_row.kind == "list"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.trail.current_list == "Beta", "Beta current")
        await wait_for(pilot, lambda: "Beta  1  current" in screen_text(app), "the view saying so")


async def test_a_search_saved_then_run_from_the_lists_view_and_the_palette(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"feng xi")
        await wait_for(pilot, lambda: screen.results is not None, "the results")
        await command(pilot, "save this search")
        await answer(pilot, "Stalin's pseudonym")
        assert [(s.name, s.query) for s in screen.trail.searches.all()] == [("Stalin's pseudonym", "feng xi")]
        searches = tomllib.loads(next(data.rglob("searches.toml")).read_text(encoding="utf-8"))
        assert searches["search"][0]["query"] == "feng xi"
        # Another search, then the saved one from the Lists view
        screen.search_bar.value = "gromyko"
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "gromyko", "gromyko")
        await pilot.press("down")  # out of the search bar, where L is a letter
        await show_lists(pilot, screen)
        assert "Stalin's pseudonym  feng xi" in screen_text(app)
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "feng xi",
                       "the saved search run")
        assert screen.search_bar.value == "feng xi" and screen.left.current == "results"
        await wait_for(pilot, lambda: "1. Letter from Feng Xi" in screen_text(app), "its results")
        # From the palette
        screen.search_bar.value = "gromyko"
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "gromyko", "gromyko")
        await command(pilot, "run saved search")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "feng xi",
                       "the saved search run from the palette")
        await command(pilot, "delete saved search")
        assert screen.trail.searches.all() == []


async def test_the_next_start_opens_where_the_reader_left_off(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    (config_dir / "settings.toml").write_text("reopen_last = true\n", encoding="utf-8")
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, OTHER)
        await open_id(pilot, screen, SEED)
        await pilot.press("left_square_bracket")  # back, and forward again: the history is kept
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == OTHER, "going back")
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "going forward")
        await settled(pilot)
        await pilot.press("space", "space")  # two pages into the letter
        await pilot.pause()
        paragraph = screen.paragraph_in_view()
        assert paragraph is not None and paragraph > 1
        await pilot.press("q")
    state = tomllib.loads(next(data.rglob("state.toml")).read_text(encoding="utf-8"))
    assert state["last_record"] == SEED and state["last_paragraph"] == paragraph

    again = make_app(bundled, bundled_index, config_dir)
    async with again.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the letter reopened")
        await settled(pilot)
        assert screen.reading.scroll_offset.y > 0 and screen.paragraph_in_view() == paragraph
        await pilot.press("left_square_bracket")  # the history came back too
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == OTHER, "back after a restart")


async def test_without_the_setting_the_start_opens_no_record(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        await pilot.press("q")
    again = make_app(bundled, bundled_index, config_dir)
    async with again.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        assert screen.record is None
        assert screen.trail.state.last_record == SEED


async def test_a_mark_that_cannot_be_written_goes_again_and_says_why(
        bundled: Path, bundled_index: Path, config_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)

        def full_disk(_record_id: str) -> bool:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(screen.trail, "toggle_mark", full_disk)
        await pilot.press("m")
        await settled(pilot)
        await wait_for(pilot, lambda: "Not marked: No space left on device" in screen_text(app), "the notice")
        assert not any(MARK in line for line in screen_lines(app))
        assert not screen.trail.is_marked(SEED)


async def test_a_mark_made_just_before_quitting_is_kept(bundled: Path, bundled_index: Path, config_dir: Path,
                                                         data: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        await pilot.press("m", "q")  # no time for the worker: quitting writes it
    assert ids_on_disk(data, "Reading list") == [SEED]
