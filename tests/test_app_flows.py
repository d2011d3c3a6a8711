"""The browser's flows, driven with keys as a reader would, checked on what the screen shows."""

from __future__ import annotations

from pathlib import Path

from tests.apptools import make_app, ready, screen_text, settled, wait_for
from tui.cite import chicago
from tui.config import Settings
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.metadata import MetadataPane
from tui.widgets.reading import ReadingView
from tui.widgets.results import ResultsList

SEED = "1950-10-08-stalin-kim"
SEED_TITLE = "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)"


async def test_first_screen_shows_the_tree_with_counts(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "1950s  567" in text
        assert "1960s  255" in text
        assert "Undated  168" in text
        assert "990 records" in text


async def test_open_a_record_from_the_tree(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")  # 1950s
        await wait_for(pilot, lambda: len(screen.doc_tree.root.children[0].children) > 1, "the years of the 1950s")
        await pilot.press("down", "enter")  # 1950
        await wait_for(pilot, lambda: "October" in screen_text(app), "the months of 1950")
        await pilot.press("down", "enter")  # October
        await wait_for(pilot, lambda: "8 Oct 1950" in screen_text(app), "the record of 8 October 1950")
        await pilot.press("down", "enter")  # the letter
        await wait_for(pilot, lambda: screen.record is not None, "the record to open")
        text = screen_text(app)
        assert SEED_TITLE in text
        assert "8 October 1950 · Joseph Stalin → Kim Il Sung · Letter" in text
        assert "Comrade Kim Il Sung!" in text
        assert "f. 45, op. 1, d. 347, listy" in text  # the metadata pane
        assert app.focused is screen.reading


async def test_search_then_enter_opens_the_top_result_with_hits_marked(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"feng xi", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the top result to open")
        assert screen.record is not None and screen.record.id == SEED
        assert "1 hit in" in screen.status.search.plain
        document = screen.reading.document
        assert document is not None and document.hits
        marked = {document.blocks[m.block].text[m.start:m.end] for m in document.hits}
        assert "Feng Xi" in marked
        assert SEED_TITLE in screen_text(app)


async def test_n_and_shift_n_move_between_hits(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"stalin divisions", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the top result")
        reading = screen.reading
        total = len(reading.marks)
        assert total >= 3
        first = reading.current
        assert first is not None
        await pilot.press("n")
        assert reading.current == first + 1
        assert f"hit {first + 2} of {total}" in screen.status.place
        await pilot.press("N", "N")
        assert reading.current == (first - 1) % total  # N twice from first + 1, wrapping to the last
        assert f"of {total}" in screen_text(app)


async def test_follow_a_related_link_then_back_and_forward(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *"frus1955-57v23p2-d8", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record to open")
        source = screen.record
        assert source is not None and source.related
        target = source.related[0]
        metadata = screen.query_one(MetadataPane)
        index = next(i for i, c in metadata.choices.items() if c.kind == "open" and c.value == target)
        metadata.focus()
        metadata.highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == target, "the related record")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == source.id, "going back")
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == target, "going forward")
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == source.id, "alt+left")


async def test_back_restores_the_search_too(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"feng xi", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the first search's result")
        await pilot.press("slash")
        screen.search_bar.value = "gromyko dobrynin"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id != SEED, "the second result")
        await pilot.press("escape")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "going back")
        assert screen.search_bar.value == "feng xi"


async def test_jump_to_a_record_by_id(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon")
        assert "Go to the record with id" in screen_text(app)
        await pilot.press(*"frus1951v07p2-d10", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        title = "The Secretary of State to the Embassy in the Republic of China"
        await wait_for(pilot, lambda: title in screen_text(app), "the record's title")
        await pilot.press("colon", *"no-such-id", "enter")
        await wait_for(pilot, lambda: "No record has the id no-such-id" in screen_text(app), "a notice")


async def test_switch_groupings_with_a_key_and_the_palette(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("o")  # date -> collection
        await wait_for(pilot, lambda: "FRUS 1951, Volume VII, Part 2, Korea and China" in screen_text(app),
                       "the collections")
        assert screen.doc_tree.grouping == "collection"
        await pilot.press("o")  # -> repository
        await wait_for(pilot, lambda: "▶ Archive of the President, Russian Federation (APRF)" in screen_text(app),
                       "the repositories")
        await pilot.press("ctrl+p", *"group by type")
        await wait_for(pilot, lambda: "Group by type" in screen_text(app), "the command")
        await settled(pilot)  # every provider has answered: the list no longer changes under Enter
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Telegram  343" in screen_text(app), "the types")
        assert screen.doc_tree.grouping == "type"
        assert app.settings.grouping == "type"  # remembered
        await pilot.press("ctrl+p", *"group by correspondent")
        await wait_for(pilot, lambda: "Group by correspondent" in screen_text(app), "the command")
        await settled(pilot)  # every provider has answered: the list no longer changes under Enter
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Acting Secretary of State  16" in screen_text(app), "the correspondents")
        await pilot.press("ctrl+p", *"group by folder")
        await wait_for(pilot, lambda: "Group by folder" in screen_text(app), "the command")
        await settled(pilot)  # every provider has answered: the list no longer changes under Enter
        await pilot.press("enter")
        await wait_for(pilot, lambda: "frus-1961-63v05/  390" in screen_text(app), "the folders")


async def test_copy_the_citation_id_and_text(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        assert screen.record is not None
        await pilot.press("c")
        assert app.clipboard == chicago(screen.record)
        assert app.clipboard.startswith("Joseph Stalin to Kim Il Sung, October 8, 1950, f. 45, op. 1")
        await wait_for(pilot, lambda: "Copied the citation" in screen_text(app), "the notice")
        await pilot.press("y")
        assert app.clipboard == SEED
        await pilot.press("Y")
        assert app.clipboard == screen.record.body


async def test_copy_goes_out_through_osc_52(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    import base64

    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        written: list[str] = []
        driver = app._driver
        assert driver is not None
        original = driver.write
        driver.write = lambda data: (written.append(data), original(data))[1]  # type: ignore[method-assign]
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        await pilot.press("y")
        assert f"\x1b]52;c;{base64.b64encode(SEED.encode()).decode()}\a" in written


async def test_metadata_choice_searches_for_a_person(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        metadata = screen.query_one(MetadataPane)
        index = next(i for i, c in metadata.choices.items() if c.value == 'person:"Mao Zedong"')
        metadata.focus()
        metadata.highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == 'person:"Mao Zedong"',
                       "the search")
        assert screen.search_bar.value == 'person:"Mao Zedong"'
        assert screen.results is not None and screen.results.total >= 1


async def test_results_list_and_narrowed_tree(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"stalin")
        await wait_for(pilot, lambda: screen.results is not None, "the results")
        results = screen.query_one(ResultsList)
        assert results.display and screen.query_one("#left").current == "results"  # type: ignore[attr-defined]
        first = "1. " + SEED_TITLE.split(" (via")[0]
        await wait_for(pilot, lambda: first in screen_text(app), "the first result on screen")
        await pilot.press("down")
        assert app.focused is results
        await pilot.press("t")
        await wait_for(pilot, lambda: "1950s  1" in screen_text(app), "the tree narrowed to the results")
        assert "1960s  39" in screen_text(app)
        assert app.focused is screen.query_one(DocumentTree)
        await pilot.press("t")
        assert app.focused is results


async def test_malformed_query_shows_its_message_in_place(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *'"big war')
        await wait_for(pilot, lambda: screen.results is not None, "the answer")
        message = "Can't read this query at column 1: this quote is never closed"
        await wait_for(pilot, lambda: message in screen_text(app), "the query's message")


async def test_typo_is_corrected_and_said(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"militery")
        await wait_for(pilot, lambda: screen.results is not None, "the results")
        await wait_for(pilot, lambda: "also matched: militery → military" in screen_text(app), "the correction")


async def test_timeline_narrows_to_a_year(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: screen.timeline.span is not None, "the timeline")
        screen.timeline.focus()
        await pilot.press("home", "right")  # 1950 -> 1951
        assert "1951: 316 documents" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.results is not None, "the narrowed search")
        assert screen.search_bar.value == "date:1951"
        assert screen.results is not None and screen.results.total == 316


async def test_find_within_the_document(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        await pilot.press("f", *"springboard")
        reading = screen.query_one(ReadingView)
        assert len(reading.marks) == 4
        await wait_for(pilot, lambda: "match 1 of 4" in screen.status.place, "the first match")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "match 2 of 4" in screen.status.place, "the second match")
        await pilot.press("escape")  # the matches stay: n goes on through them
        assert len(reading.marks) == 4 and app.focused is reading


async def test_less_keys_scroll_the_document(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        reading = screen.reading
        assert reading.scroll_y == 0
        await pilot.press("space")
        page = reading.scroll_y
        assert page > 10
        await pilot.press("j", "j")
        assert reading.scroll_y == page + 2
        await pilot.press("k")
        assert reading.scroll_y == page + 1
        await pilot.press("b")
        assert reading.scroll_y < page
        await pilot.press("G")
        assert reading.scroll_y == reading.max_scroll_y
        await pilot.press("g")
        assert reading.scroll_y == 0


async def test_bracketed_insertions_hide_and_show(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: "[nedovol'stvo]" in screen_text(app), "the editorial gloss")
        await pilot.press("B")
        assert "[nedovol'stvo]" not in screen_text(app)
        assert screen.reading.document is not None
        assert "great dissatisfaction in China." in screen.reading.document.plain_text()
        await pilot.press("B")
        assert "[nedovol'stvo]" in screen_text(app)


async def test_hidden_insertions_stay_hidden_next_time(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: "[nedovol'stvo]" in screen_text(app), "the editorial gloss")
        await pilot.press("B")
        assert Settings.load(config_dir).show_editorial is False  # saved at once
    again = make_app(bundled, bundled_index, config_dir)
    async with again.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        assert screen.reading.show_editorial is False
        await pilot.press("colon", *SEED, "enter")
        await wait_for(pilot, lambda: screen.document is not None, "the record")
        await wait_for(pilot, lambda: "Comrade Kim Il Sung!" in screen_text(again), "the record drawn")
        assert "[nedovol'stvo]" not in screen_text(again)
        assert "great dissatisfaction in China." in screen.document.plain_text()
        await pilot.press("B")
        assert Settings.load(config_dir).show_editorial is True


async def test_q_quits(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "the app to end")


async def test_a_new_search_keeps_the_narrowed_tree(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"stalin")
        await wait_for(pilot, lambda: screen.results is not None, "the results")
        await pilot.press("down", "t")
        await wait_for(pilot, lambda: "1950s  1" in screen_text(app), "the tree narrowed to stalin")
        await pilot.press("slash")
        screen.search_bar.value = "shtykov"
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "shtykov",
                       "the second search")
        await wait_for(pilot, lambda: "1950s  1" in screen_text(app) and "1960s" not in screen_text(app),
                       "the tree narrowed to shtykov")
        assert screen.query_one("#left").current == "tree"  # type: ignore[attr-defined]


def test_years_replace_a_date_filter() -> None:
    from tui.index.query import with_years

    assert with_years("stalin", 1950, 1950) == "stalin date:1950"
    assert with_years("stalin date:1962..1963 korea", 1950, 1953) == "stalin korea date:1950..1953"
    assert with_years("", 1951, 1951) == "date:1951"


async def test_where_no_record_has_every_word_the_list_offers_those_with_most(
    bundled: Path, bundled_index: Path, config_dir: Path
) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"vyshinsky kirk message americans")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query.endswith("americans"),
                       "the results")
        await wait_for(pilot, lambda: "none has every word: these lack" in screen_text(app),
                       "the notice that no record has every word")
        assert screen.results is not None and screen.results.partial and screen.results.total > 1
        await wait_for(pilot, lambda: "1. The Ambassador in the Soviet Union (Kirk) to" in screen_text(app),
                       "the record with most of the words, first in the list")
        await pilot.press("down", "t")  # the tree narrowed to the same records
        total = screen.results.total
        await wait_for(pilot, lambda: screen.doc_tree.scope is not None
                       and screen.session.count(screen.doc_tree.scope) == total,
                       "the tree narrowed to the records with some of the words")
        await pilot.press("slash")
        screen.search_bar.value = "vyshinsky kirk"  # a record has both: every word again
        await wait_for(pilot, lambda: screen.results is not None and screen.results.query == "vyshinsky kirk",
                       "the second search")
        await wait_for(pilot, lambda: "none has every word" not in screen_text(app), "the notice to go")
        # Two records have both words: the list goes on, below a divider, with those that have one.
        assert screen.results.full == 2 and screen.results.partial
        await wait_for(pilot, lambda: "2 with every word, then these lack" in screen_text(app), "the status")
        listed = screen.results_list
        await wait_for(pilot, lambda: listed.option_count == 7, "the six results and the divider")
        shown = [listed.get_option_at_index(i) for i in range(listed.option_count)]
        assert [option.id for option in shown] == ["r0", "r1", "divider", "r2", "r3", "r4", "r5"]
        assert str(shown[2].prompt) == "these have some of the words" and shown[2].disabled
        listed.highlighted = 1
        listed.action_cursor_down()  # the cursor steps over the divider
        assert listed.highlighted == 3
