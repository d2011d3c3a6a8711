"""The reading view as a reader meets it: the header kept in sight, the text first at every
width, a reading measure, find, moving between the results and the text, the tree's rows and
the metadata's labels. Each test does what the reader did and reads the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import make_app, ready, screen_lines, screen_text, settled, wait_for
from tui.app import ReadingRoom
from tui.screens.main import MainScreen
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.metadata import MetadataPane
from tui.widgets.reading import ReadingView
from tui.widgets.reading_pane import FindBar
from tui.widgets.results import ResultsList

SEED = "1950-10-08-stalin-kim"
SEED_TITLE = "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)"
TELEGRAM = "frus1961-63v05-d250"  # 16 October 1962, 17:00: one of a day's telegrams of one title


async def open_id(pilot: Pilot[None], screen: MainScreen, record_id: str) -> None:
    await pilot.press("colon", *record_id, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id, record_id)
    await settled(pilot)


async def search(pilot: Pilot[None], screen: MainScreen, query: str, *, open_top: bool = True) -> None:
    await pilot.press("slash", *[NAMES.get(c, c) for c in query])
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == query, "the results")
    if open_top:
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None, "the top result")
    await settled(pilot)


NAMES = {" ": "space", "-": "minus", ":": "colon"}


def reading_rows(app: ReadingRoom, screen: MainScreen) -> list[str]:
    """The rows of the screen that the reading view covers, cut to its columns."""
    region = screen.reading.region
    lines = screen_lines(app)
    return [line[region.x:region.right] for line in lines[region.y:region.bottom]]


def text_width(rows: list[str]) -> int:
    """The longest line of text shown (the scrollbar's column and the header's rule left out)."""
    return max(len(row[:-1].strip()) for row in rows if "──" not in row)


# The archival reference in sight


async def test_the_reference_is_under_the_date_and_near_the_top_of_the_metadata(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        rows = [row.strip() for row in reading_rows(app, screen)]
        date_row = next(n for n, row in enumerate(rows) if row.startswith("8 October 1950"))
        assert "Archive of the President, Russian Federation (APRF)" in rows[date_row + 1]
        assert "f. 45, op. 1, d. 347, listy 65-67" in " ".join(rows[date_row + 1:date_row + 3])
        pane = screen.metadata
        prompts = [str(pane.get_option_at_index(n).prompt).strip() for n in range(pane.option_count)]
        assert prompts.index("Reference") < 10 and prompts.index("Repository") < prompts.index("People")
        region = pane.region
        shown = "\n".join(line[region.x:region.right] for line in screen_lines(app)[region.y:region.bottom])
        assert "f. 45, op. 1, d. 347" in shown  # on screen, not below the fold


# The text first; a readable measure


@pytest.mark.parametrize(("size", "metadata"), [((100, 30), True), ((100, 30), False), ((120, 40), True),
                                                ((160, 48), True), ((200, 55), True)])
async def test_an_open_document_gets_its_measure_or_sixty_columns(
        bundled: Path, bundled_index: Path, config_dir: Path, size: tuple[int, int], metadata: bool) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        if metadata != screen.metadata.display:
            await pilot.press("i")
            await settled(pilot)
        assert screen.metadata.display == metadata
        document = screen.document
        assert document is not None
        columns = document.measure(screen.reading.size.width)
        assert columns >= 60
        longest = text_width(reading_rows(app, screen))
        assert 60 <= longest <= 76  # the measure (76 by default), never 98
        if size[0] >= 160:
            assert columns == 76 and screen.left.display and screen.left.size.width >= 40
            assert screen.metadata.size.width >= 33
        if size == (200, 55):  # what the measure leaves goes to the tree and the metadata
            assert screen.left.size.width > 60 and screen.metadata.size.width > 45


async def test_at_100_columns_the_tree_folds_for_the_text_and_d_brings_it_back(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        await pilot.press("i")  # the metadata too: the tree gives way
        await settled(pilot)
        assert not screen.left.display and screen.reading.size.width >= 64
        await pilot.press("d")
        await settled(pilot)
        assert screen.left.display and screen.left.size.width >= 20
        await pilot.press("d")
        await settled(pilot)
        assert not screen.left.display


async def test_at_80_columns_the_text_gets_the_width(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        assert screen.reading.region.width == 80 and not screen.left.display


async def test_the_measure_is_a_setting(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    (config_dir / "settings.toml").write_text("measure = 60\n", encoding="utf-8")
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(200, 55)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        longest = text_width(reading_rows(app, screen))
        assert 50 <= longest <= 60


# Tree rows that tell documents apart


async def test_the_narrowed_tree_opens_to_its_documents_with_their_times(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "date:1962-10-16", open_top=False)
        await pilot.press("down", "t")  # from the search box to the results, then the tree
        tree = screen.doc_tree
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data is not None
                       and tree.cursor_node.data.kind == "record", "the first document under the cursor")
        await settled(pilot)
        text = screen_text(app)
        for time in ("14:00", "17:00", "21:00"):
            assert f"16 Oct 1962 {time}  Telegram" in text
        rows = [line[:tree.region.right] for line in screen_lines(app) if "16 Oct 1962 17:00" in line]
        assert rows and rows[0].rstrip().endswith("…")  # cut titles end with an ellipsis


async def test_the_tree_widens_with_the_screen(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    widths = []
    for size in ((120, 40), (200, 55)):
        app = make_app(bundled, bundled_index, config_dir)
        async with app.run_test(size=size) as pilot:
            screen = await ready(pilot)
            widths.append(screen.left.size.width)
    assert widths[1] >= widths[0] + 25


# Between the results and the reader


async def test_escape_goes_back_to_the_result_and_J_opens_the_next(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "stalin korea", open_top=False)
        await pilot.press("down", "down", "down", "enter")  # the third result
        await wait_for(pilot, lambda: screen.record is not None, "the third result")
        await settled(pilot)
        results = screen.results_list
        third = results.cards[2].id
        assert screen.record is not None and screen.record.id == third
        await pilot.press("J")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == results.cards[3].id,
                       "the fourth result")
        assert isinstance(app.focused, ReadingView)  # still reading
        await pilot.press("K", "K")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == results.cards[1].id,
                       "the second result")
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.focused, ResultsList) and results.highlighted == 1


async def test_tab_reaches_every_pane_at_80x24(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "stalin korea")
        reached = set()
        for _ in range(6):
            await pilot.press("tab")
            await settled(pilot)
            focused = app.focused
            assert focused is not None and focused.region.width > 0  # in sight, not behind another pane
            reached.add(type(focused).__name__)
        assert {"SearchBar", "ResultsList", "ReadingView", "MetadataPane"} <= reached


async def test_the_pane_with_focus_shows_it(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        reading = screen.reading
        focused_title = reading.get_component_rich_style("reading--title").color
        accent = app.current_theme.accent
        assert accent is not None
        await pilot.press("escape")  # to the tree
        await settled(pilot)
        assert isinstance(app.focused, DocumentTree)
        assert reading.get_component_rich_style("reading--title").color != focused_title
        assert screen.left.styles.border_right[1] != screen.metadata.styles.border_left[1]


# A document keeps its title in sight


async def test_the_header_stays_while_the_text_scrolls(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, screen, "soviet ships fire")
        reading = screen.reading
        await pilot.press("space", "space")
        await settled(pilot)
        assert reading.scroll_offset.y > 0
        rows = reading_rows(app, screen)
        assert screen.record is not None
        assert rows[0].strip().startswith(screen.record.title[:30])
        assert any("Department of State, Central Files" in row for row in rows[:8])
        assert "──" in "".join(rows[:8])  # the rule the text scrolls under


async def test_paging_keeps_two_lines(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        reading = screen.reading
        before = reading_rows(app, screen)
        await pilot.press("space")
        await settled(pilot)
        after = reading_rows(app, screen)
        text_start = reading.pinned + 1
        assert after[text_start:text_start + 2] == before[-2:]


# Find like a reader expects


async def test_find_goes_on_after_escape_and_offers_the_last_term(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        await pilot.press("ctrl+underscore")  # how tmux sends ctrl+/
        bar = screen.query_one(FindBar)
        assert app.focused is bar
        assert "Find: Enter next, Esc close" in screen_text(app)  # the hint whole, at 80 columns
        await pilot.press(*"springboard")
        await wait_for(pilot, lambda: "match 1 of 4" in screen.status.place, "the first match")
        await pilot.press("escape")
        await pilot.press("n")
        await wait_for(pilot, lambda: "match 2 of 4" in screen.status.place, "n after Escape")
        await pilot.press("f")
        assert bar.value == "springboard"
        await pilot.press("escape")


async def test_n_goes_on_from_the_reading_position(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, SEED)
        reading = screen.reading
        await pilot.press("f", *"the", "enter", "escape")
        await settled(pilot)
        document = reading.document
        assert document is not None and len(document.finds) > 20
        await pilot.press("space", "space", "space")
        await settled(pilot)
        top = reading.top_line()
        await pilot.press("n")
        await settled(pilot)
        assert reading.current is not None
        line = document.line_of(document.finds[reading.current])
        assert line >= top  # not the one after the last match visited, far above
        assert all(document.line_of(mark) < top for mark in document.finds[:reading.current])


# Readable field names, nothing cut


async def test_fields_have_labels_and_long_values_open_whole(
        bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, TELEGRAM)
        pane: MetadataPane = screen.metadata
        prompts = [str(pane.get_option_at_index(n).prompt) for n in range(pane.option_count)]
        labels = [p.strip() for p in prompts if not p.startswith("  ")]
        assert {"Chapter", "Pages", "Source note"} <= set(labels)
        assert not any("." in label or label.islower() for label in labels)
        url = prompts[labels_index(prompts, "URL") + 1]
        assert "\n" not in url and url.endswith("…") and len(url) <= pane.size.width
        choice = next(c for c in pane.choices.values() if c.what == "URL")
        assert choice.value == "https://history.state.gov/historicaldocuments/frus1961-63v05/d250"
        await open_id(pilot, screen, SEED)
        prompts = [str(pane.get_option_at_index(n).prompt) for n in range(pane.option_count)]
        rights = labels_index(prompts, "Rights") + 1
        assert prompts[rights].endswith("…") and "[email protected]" not in prompts[rights]
        pane.focus()
        pane.highlighted = rights
        await pilot.press("enter")
        await settled(pilot)
        assert "History and Public Policy Program at" in str(pane.get_option_at_index(rights).prompt)


def labels_index(prompts: list[str], label: str) -> int:
    return next(n for n, prompt in enumerate(prompts) if prompt == label)
