"""What the browser tells and where it leaves the reader: focus after a search made for them,
clearing, themes, empty results, the help, the palette's keys and the reader's own keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll

from tests.apptools import make_app, ready, screen_lines, screen_text, settled, wait_for
from tui.cite import chicago
from tui.config import Settings
from tui.screens.help import HelpScreen
from tui.screens.jump import AskScreen
from tui.widgets.metadata import MetadataPane
from tui.widgets.results import ResultsList

SEED = "1950-10-08-stalin-kim"


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_a_search_from_the_metadata_leaves_the_keys_typed_next_out_of_the_query(
    bundled: Path, bundled_index: Path, config_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        metadata = screen.query_one(MetadataPane)
        if not metadata.display or screen.metadata_hidden or screen.narrow:
            await pilot.press("i")  # a narrow screen shows the metadata when asked
        metadata.focus()
        metadata.highlighted = next(i for i, c in metadata.choices.items() if c.value == 'person:"Mao Zedong"')
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.results is not None, "the search")
        await settled(pilot)
        assert app.focused is screen.query_one(ResultsList)
        assert "1. " in screen_text(app)  # the results in sight
        await pilot.press("colon")  # "go to id", not a character of the query
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), "the go-to dialog")
        await pilot.press("escape")
        assert screen.search_bar.value == 'person:"Mao Zedong"'
        await pilot.press("slash", *"x")  # the cursor was left at the end of the query
        assert screen.search_bar.value == 'person:"Mao Zedong"x'


async def test_years_from_the_timeline_are_part_of_the_query_and_clearing_clears_them(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"korea")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "korea", "the results")
        screen.timeline.focus()
        await pilot.press("home", "right", "enter")  # 1951
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "korea date:1951",
                       "the narrowed search")
        assert "korea date:1951" in screen_lines(app)[0]  # in sight, in the bar
        await pilot.press("slash", "ctrl+u")
        assert screen.search_bar.value == ""
        await wait_for(pilot, lambda: screen.results is None, "the search to be cleared")
        await pilot.press(*"stalin")
        # The whole query's results (a slow machine may search a prefix while it is typed).
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "stalin",
                       "the next search")
        assert "date:" not in screen_lines(app)[0]


def colours(svg: str) -> set[str]:
    return set(re.findall(r"#[0-9a-fA-F]{6}\b", svg))


async def test_a_theme_applies_to_every_pane_at_once(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    """The screen after switching themes is the screen of an app started in that theme."""

    async def shown(theme_from_start: str, switch_to: list[str]) -> set[str]:
        Settings(theme=theme_from_start).save(config_dir)
        app = make_app(bundled, bundled_index, config_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            await pilot.press("slash", *"stalin", "enter")
            await wait_for(pilot, lambda: screen.document is not None, "the top result open")
            await settled(pilot)
            for theme in switch_to:
                app.theme = theme
                await settled(pilot)
            return colours(app.export_screenshot())

    light = await shown("solarized-light", [])
    dark = await shown("textual-dark", [])
    assert light != dark
    assert await shown("textual-dark", ["solarized-light"]) == light
    assert await shown("solarized-light", ["textual-dark"]) == dark


async def test_nothing_found_says_what_was_looked_for_and_what_there_is(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        years = screen.session.years(None)
        covers = f"The corpus covers {min(years)}–{max(years)}"
        await pilot.press("slash", *"date:1953")
        await wait_for(pilot, lambda: screen.results is not None, "the answer")
        await settled(pilot)
        lines = screen_lines(app)
        assert f"No record matches date:1953 · {covers}" in lines[1]  # the status line
        text = screen_text(app)
        assert "No record matches date:1953" in text.split("\n", 4)[4]  # and the list
        assert covers in text.split("\n", 4)[4]
        assert f"No record in {min(years)}–{max(years)} matches this search" in text  # the timeline


async def test_a_copied_citation_is_shown_whole(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        assert screen.record is not None
        citation = chicago(screen.record)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Copied the citation" in screen_text(app), "the notice")
        shown = " ".join(" ".join(line.split()) for line in screen_lines(app))
        assert "…" not in citation and "…" not in shown
        for word in citation.split():  # every word, the last ones too
            assert word in shown, word


async def test_the_status_forgets_the_hit_of_a_query_cleared_or_replaced(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"stalin", "enter")
        await wait_for(pilot, lambda: re.search(r"hit \d+ of", screen_lines(app)[1]), "the hit counter")
        await pilot.press("slash", *" korea")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "stalin korea",
                       "the new results")
        assert not re.search(r"hit \d+ of", screen_lines(app)[1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: re.search(r"hit \d+ of", screen_lines(app)[1]), "the counter of the new query")
        await pilot.press("slash", "ctrl+u")
        await wait_for(pilot, lambda: screen.results is None, "the cleared search")
        assert "hit" not in screen_lines(app)[1]


async def test_help_says_how_to_close_and_moves_like_every_pane(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.pause()
        assert "Escape closes" in "\n".join(screen_lines(app)[:5])
        scroller = app.screen.query_one("#help", VerticalScroll)
        await pilot.press("space")
        assert scroller.scroll_y > 10
        await pilot.press("G")
        assert scroller.scroll_y == scroller.max_scroll_y > 0
        assert "close spellings" in screen_text(app)  # the last line of the help
        await pilot.press("g")
        assert scroller.scroll_y == 0
        text = app.screen.plain_text()  # type: ignore[attr-defined]
        for key, does in (("Enter", "Open the top result"), ("Down", "Move down into the results"),
                          ("Escape", "Back to the document"), ("Ctrl+u", "Clear the whole query")):
            assert re.search(rf"Search box\s+{re.escape(key)}\s+\w+: {does}", text), key
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), "the help to close")


async def palette_offers(pilot, typed: str) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.press(*typed)
    await settled(pilot)
    commands = pilot.app.screen.query_one(CommandList)
    offered = [str(getattr(p, "plain", p)) for p in
               (commands.get_option_at_index(i).prompt for i in range(commands.option_count))]
    await pilot.press("escape")
    return offered


async def test_the_palette_shows_each_commands_key(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        offered = await palette_offers(pilot, "copy citation")
        assert offered[0].split("\n")[0] == "Copy citation  c"
        offered = await palette_offers(pilot, "back")
        assert offered[0].split("\n")[0] == "Back  Alt+Left ["
        offered = await palette_offers(pilot, "quit")
        assert "Quit  q Alt+q" in [line.split("\n")[0] for line in offered]


async def test_the_readers_keys_are_used_shown_and_their_mistakes_said_in_one_line(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    (config_dir / "settings.toml").write_text(
        'theme = "textual-dark"\n[keys]\n"main.quit" = "Q"\n"main.copy_citation" = "c,ctrl+k"\n'
        '"main.nothing" = "z"\n"main.help" = "ctrl+nope"\n"main.grouping" = "n"\n', encoding="utf-8")
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        said = "Keys in settings.toml left out: no binding has the id 'main.nothing'; main.help: no such key " \
               "'ctrl+nope'; main.grouping: n is taken by reading.next"
        await wait_for(pilot, lambda: "Keys in settings.toml left out" in screen_text(app), "the one line")
        shown = " ".join(" ".join(line.split()) for line in screen_lines(app))
        assert all(word in shown for word in said.split())
        assert "Q Quit" in screen_lines(app)[-1]  # the footer
        offered = await palette_offers(pilot, "copy citation")
        assert offered[0].split("\n")[0] == "Copy citation  c Ctrl+k"
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = app.screen.plain_text()  # type: ignore[attr-defined]
        assert re.search(r"Everywhere\s+Q\s+Quit", text)
        assert re.search(r"Everywhere\s+\?, F1\s+Help", text)  # the bad entry left the default
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), "the help to close")
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        await pilot.press("ctrl+k")
        assert screen.record is not None and app.clipboard == chicago(screen.record)
        app.theme = "solarized-light"  # saving the settings keeps the reader's table
        await pilot.pause()
        assert Settings.load(config_dir).keys["main.quit"] == "Q"
        await pilot.press("Q")
        await wait_for(pilot, lambda: app.return_code is not None or not app.is_running, "quitting")
