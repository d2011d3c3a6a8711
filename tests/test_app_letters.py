"""The correspondence view, driven with keys as a reader would: a person's correspondents from the
metadata and from the palette, an exchange in date order, and > and < through its letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.apptools import main_screen, make_app, ready, screen_text, settled, wait_for
from tests.conftest import WriteCorpus
from tests.index_helpers import record
from tui.screens.ask_name import NameScreen
from tui.screens.correspondence import CorrespondenceScreen, gap_words

MANIFEST = """title = "Letters"
[aliases]
"Joseph Stalin" = ["Stalin", "Feng Xi", "Filippov"]
"Kim Il Sung" = ["Kim Il-sung"]
"""
LETTERS = {
    "corpus.toml": MANIFEST,
    "a.toml": record("a", "Feng Xi to Kim", authors=["Feng Xi"], recipients=["Kim Il-sung"], date="1950-10-01",
                     body="The armistice talks must wait.\\n\\nOn the armistice line, hold."),
    "b.toml": record("b", "Kim to Stalin", authors=["Kim Il Sung"], recipients=["Stalin"], date="1950-09-20",
                     body="We ask for help before any armistice."),
    "c.toml": record("c", "Stalin to Kim and Mao", authors=["Joseph Stalin"], recipients=["Kim Il Sung", "Mao Zedong"],
                     date="1951-01-08", body="An armistice now would be a mistake."),
    "d.toml": record("d", "Committee to Filippov", authors=["Central Committee"], recipients=["Filippov"],
                     date="1951"),
    "e.toml": record("e", "Filippov to Kim", authors=["Filippov"], recipients=["Kim Il Sung"]),  # undated: last
    "f.toml": record("f", "Mao to Kim", authors=["Mao Zedong"], recipients=["Kim Il Sung"], date="1950-10-02",
                     body="Armistice is not a word for today; the ARMISTICE of others is theirs."),
}


@pytest.fixture
def letters_corpus(write_corpus: WriteCorpus) -> Path:
    return write_corpus(LETTERS)


async def open_by_id(pilot: Pilot[None], record_id: str) -> None:
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    await pilot.press("colon", *record_id, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == record_id, f"record {record_id}")
    await settled(pilot)


def test_gaps_in_words() -> None:
    assert [gap_words(d) for d in (0, 1, 3, 11, 14, 45, 90, 800)] == [
        "the same day", "1 day later", "3 days later", "11 days later", "2 weeks later", "6 weeks later",
        "3 months later", "2 years later"]


async def test_correspondents_from_a_name_in_the_metadata(letters_corpus: Path, tmp_path: Path,
                                                         config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        main = await ready(pilot)
        await open_by_id(pilot, "a")
        main.metadata.focus()
        await pilot.pause()
        # The first value under the cursor is the author, Feng Xi: his letters are Stalin's.
        assert main.metadata.choices[main.metadata.highlighted or 0].value == 'person:"Feng Xi"'
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrespondenceScreen), "the correspondence view")
        view = app.screen
        assert isinstance(view, CorrespondenceScreen)
        await wait_for(pilot, lambda: view.people and view.exchange is not None, "the correspondents")
        await settled(pilot)
        lines = screen_text(app).splitlines()
        assert "Correspondents of Joseph Stalin  ·  3 correspondents" in lines[0]
        table = [" ".join(line.split("▕")[0].split()) for line in lines[1:5]]
        assert table[0] == "Correspondent → sent ← received First Last"
        # Sorted by count, then by name; each way, first and last date.
        table = table[1:]
        assert table[0].startswith("Kim Il Sung 3 1 20 September 1950 8 January 1951")
        assert table[1].startswith("Central Committee 0 1 1951 1951")
        assert table[2].startswith("Mao Zedong 1 0 8 January 1951 8 January 1951")


async def test_an_exchange_opens_letters_and_steps_through_them(letters_corpus: Path, tmp_path: Path,
                                                               config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        main = await ready(pilot)
        main.show_correspondents("Stalin")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrespondenceScreen), "the correspondence view")
        view = app.screen
        assert isinstance(view, CorrespondenceScreen)
        await wait_for(pilot, lambda: view.exchange is not None, "the exchange with Kim Il Sung")
        await settled(pilot)
        text = screen_text(app)
        assert "Joseph Stalin and Kim Il Sung: 4 letters (3 →, 1 ←), 1950–1951" in text
        letters = [line.split("▕")[-1].strip() for line in text.splitlines()[4:]
                   if line.split("▕")[-1].strip()[:1] in ("→", "←", "·")]
        assert letters == [
            "← 20 September 1950  Kim to Stalin",
            "· 11 days later",
            "→ 1 October 1950  Feng Xi to Kim",
            "· 3 months later",
            "→ 8 January 1951  Stalin to Kim and Mao",
            "→ undated  Filippov to Kim",
        ]
        assert "1950" in text and "1951" in text  # the timeline's years
        await pilot.press("enter")  # from the correspondents into the letters
        assert app.focused is view.letters
        await pilot.press("enter")  # the first letter
        await wait_for(pilot, lambda: app.screen is main and main.record is not None, "the letter to open")
        await settled(pilot)
        assert main.record is not None and main.record.id == "b"
        assert "letter 1 of 4 between Joseph Stalin and Kim Il Sung" in screen_text(app)
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: main.record is not None and main.record.id == "a", "the next letter")
        await settled(pilot)
        assert "letter 2 of 4 between Joseph Stalin and Kim Il Sung" in screen_text(app)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await wait_for(pilot, lambda: main.record is not None and main.record.id == "e", "the last letter")
        await settled(pilot)
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: "This is the last letter between" in screen_text(app), "the notice at the end")
        await pilot.press("less_than_sign")
        await wait_for(pilot, lambda: main.record is not None and main.record.id == "c", "the previous letter")
        await settled(pilot)
        assert "letter 3 of 4 between Joseph Stalin and Kim Il Sung" in screen_text(app)


async def test_next_letter_from_a_letter_opened_anywhere(letters_corpus: Path, tmp_path: Path,
                                                         config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        main = await ready(pilot)
        await open_by_id(pilot, "b")  # Kim to Stalin: the exchange is Kim's with Stalin
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: main.record is not None and main.record.id == "a", "the next letter")
        await settled(pilot)
        assert "letter 2 of 4 between Kim Il Sung and Joseph Stalin" in screen_text(app)
        await open_by_id(pilot, "d")  # a committee's letter to Filippov: an exchange of two as well
        assert "letter " not in main.status.place
        await open_by_id(pilot, "a")
        await pilot.press("less_than_sign")
        await wait_for(pilot, lambda: main.record is not None and main.record.id == "b", "the previous letter")


async def test_correspondents_from_the_palette_offer_the_records_people(letters_corpus: Path, tmp_path: Path,
                                                                        config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await open_by_id(pilot, "f")
        await pilot.press("ctrl+p", *"correspondents of")
        await wait_for(pilot, lambda: "Correspondents of…" in screen_text(app), "the command")
        await settled(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NameScreen), "the question")
        text = screen_text(app)
        assert "Correspondents of:" in text and "Mao Zedong" in text and "Kim Il Sung" in text
        await pilot.press("down", "down", "enter")  # the second name offered: Kim Il Sung
        await wait_for(pilot, lambda: isinstance(app.screen, CorrespondenceScreen), "the correspondence view")
        view = app.screen
        assert isinstance(view, CorrespondenceScreen)
        await wait_for(pilot, lambda: bool(view.people), "the correspondents")
        assert view.person == "Kim Il Sung"
        assert [p.name for p in view.people] == ["Joseph Stalin", "Mao Zedong"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CorrespondenceScreen), "the way back")
        # Typed, not chosen: an alias finds its person.
        await pilot.press("r", *"kim il-sung", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrespondenceScreen), "the correspondence view")
        view = app.screen
        assert isinstance(view, CorrespondenceScreen)
        await wait_for(pilot, lambda: bool(view.people), "the correspondents")
        assert view.person == "Kim Il Sung"


async def test_names_and_titles_are_shown_as_written_never_as_markup(write_corpus: WriteCorpus, tmp_path: Path,
                                                                     config_dir: Path) -> None:
    corpus = write_corpus({
        "a.toml": record("a", "[bold]Loud[/bold] \\u001b[2J", authors=["[red]Mal[/red]"], recipients=["Kim"],
                         date="1950-01-01"),
        "b.toml": record("b", "Back", authors=["Kim"], recipients=["[red]Mal[/red]"], date="1950-02-01"),
    })
    app = make_app(corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        main = await ready(pilot)
        main.show_correspondents("Kim")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrespondenceScreen), "the correspondence view")
        view = app.screen
        assert isinstance(view, CorrespondenceScreen)
        await wait_for(pilot, lambda: view.exchange is not None, "the exchange")
        await settled(pilot)
        text = screen_text(app)
        assert "Kim and [red]Mal[/red]: 2 letters (1 →, 1 ←), 1950" in text and "1950–1950" not in text
        assert "[red]Mal[/red]" in text
        assert "[bold]Loud[/bold] ^[[2J" in text
        assert "\x1b" not in text
