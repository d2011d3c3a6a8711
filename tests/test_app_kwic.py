"""The concordance screen, driven with keys: every occurrence of a query's words in aligned columns,
sorted three ways, counted per year, opened at the occurrence; answering keys while it streams."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.apptools import make_app, ready, screen_text, settled, wait_for
from tests.conftest import WriteCorpus
from tests.test_app_letters import LETTERS
from tui.model.loader import load_corpus
from tui.screens.concordance import ConcordanceScreen
from tui.screens.jump import AskScreen
from tui.session import Concordance, Occurrence
from tui.widgets.timeline import Timeline


@pytest.fixture
def letters_corpus(write_corpus: WriteCorpus) -> Path:
    return write_corpus(LETTERS)


def scanned(corpus: Path, word: str) -> tuple[int, int]:
    """Occurrences and records counted here from the bodies, not through the index."""
    counts = [len(re.findall(rf"\b{word}\b", rec.body, re.IGNORECASE)) for rec in load_corpus(corpus).records]
    return sum(counts), sum(1 for c in counts if c)


async def test_concordance_of_the_query_in_columns_sorted_and_opened_at_the_hit(
        letters_corpus: Path, tmp_path: Path, config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("slash", *"armistice")
        await wait_for(pilot, lambda: main.results is not None and main.results.query == "armistice", "the results")
        await pilot.press("down", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        view = app.screen
        assert isinstance(view, ConcordanceScreen)
        await wait_for(pilot, lambda: view.complete, "every occurrence")
        await settled(pilot)
        occurrences, records = scanned(letters_corpus, "armistice")
        text = screen_text(app)
        assert f"{occurrences} occurrences in {records} records" in text
        assert "sorted by date" in text
        lines = [line for line in text.splitlines() if re.search("armistice", line, re.IGNORECASE)
                 and re.search(r"\d{4}-\d\d-\d\d", line)]
        assert len(lines) == occurrences == 6
        # The keyword in one column: left context right-aligned against it, the right after it.
        column = lines[0].lower().index("armistice")
        assert column > 20 and all(line[column:column + 9].lower() == "armistice" for line in lines)
        for line, occurrence in zip(lines, view.kwic.lines, strict=True):  # the left ends at the keyword
            assert line[:column - 1].endswith(occurrence.left.rstrip()) or not occurrence.left.strip()
        assert [line.split()[-1] for line in lines] == ["b", "a", "a", "f", "f", "c"]  # by date
        assert lines[1].rstrip().endswith("1950-10-01  a")
        assert " ".join(lines[1].split()) == "The armistice talks must wait. On the armistice line, 1950-10-01 a"
        # Counts per year on the timeline.
        assert view.years == {1950: 5, 1951: 1}
        timeline = view.query_one("#kwic-timeline", Timeline)
        assert timeline.span == (1950, 1951) and "1950" in text and "1951" in text
        await pilot.press("s")  # by the words after
        await wait_for(pilot, lambda: not view.sorting, "the new order")
        assert "sorted by the words after" in screen_text(app)
        assert [o.card.id for o in view.kwic.lines] == ["b", "f", "a", "c", "f", "a"]
        await pilot.press("s")  # by the words before
        await wait_for(pilot, lambda: not view.sorting, "the new order")
        assert "sorted by the words before" in screen_text(app)
        befores = [o.left.split()[-1].lower() if o.left.split() else "" for o in view.kwic.lines]
        assert befores == sorted(befores)
        await pilot.press("s")  # by date again
        await wait_for(pilot, lambda: not view.sorting, "the new order")
        await pilot.press("g", "down", "down")  # the second of record a
        assert view.kwic.current is not None
        assert (view.kwic.current.card.id, view.kwic.current.right.split()[0]) == ("a", "line,")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is main and main.record is not None
                       and main.record.id == "a" and main.reading.current is not None, "the record at the hit")
        await settled(pilot)
        document = main.reading.document
        assert document is not None and len(document.hits) == 2
        assert main.reading.current == 1  # the second occurrence is the one under the cursor
        assert main.status.place == "hit 2 of 2"
        current = document.hits[1]
        assert document.blocks[current.block].text[current.start:current.end] == "armistice"
        assert "armistice line" in document.blocks[current.block].text


async def test_concordance_asks_for_a_query_and_says_what_it_cannot_do(
        letters_corpus: Path, tmp_path: Path, config_dir: Path) -> None:
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("x")  # no query typed: one is asked for
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), "the question")
        await pilot.press(*"type:letter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        await wait_for(pilot, lambda: "Can't make a concordance" in screen_text(app), "the reason")
        assert "no word, phrase or prefix" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"concordance")
        await wait_for(pilot, lambda: "Concordance…" in screen_text(app), "the command")
        await settled(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen), "the question")
        await pilot.press(*"armist*", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        view = app.screen
        assert isinstance(view, ConcordanceScreen)
        await wait_for(pilot, lambda: view.complete, "every occurrence")
        assert len(view.found) == 6


async def test_keys_are_answered_while_a_large_concordance_streams(
        letters_corpus: Path, tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    copies = 500
    yielded: list[int] = []  # occurrences handed to the screen so far

    def slow(concordance: Concordance) -> Iterator[list[Occurrence]]:
        """The real occurrences, then thousands more; the rest waits until the test lets it go."""
        real = [o for batch in concordance.batches() for o in batch]
        yielded.append(len(real))
        yield real
        for batch in range(40):
            if batch == 10:
                assert gate.wait(30), "the test never let the stream go on"
            more = [dataclasses.replace(o, offset=o.offset + 1000 * (batch * copies + n))
                    for n in range(copies // len(real)) for o in real]
            yielded.append(len(more))
            yield more

    monkeypatch.setattr(ConcordanceScreen, "batches", staticmethod(slow))
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.show_concordance("armistice")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        view = app.screen
        assert isinstance(view, ConcordanceScreen)
        # Thousands of lines, and every one the stream gave before it waits at the gate.
        await wait_for(pilot, lambda: len(yielded) == 11 and len(view.found) == sum(yielded) > 4000,
                       "thousands of lines")
        assert not view.complete
        assert "occurrences so far" in screen_text(app)
        shown = len(view.found)
        await pilot.press("s")  # sorted by the words after, while the worker waits to read on
        assert "by the words after" in screen_text(app)  # answered at once (sorting, or sorted)
        await wait_for(pilot, lambda: not view.sorting, "the new order")
        assert not view.complete
        assert "sorted by the words after" in screen_text(app)
        keys = [(o.right.split() or [""])[0].lower().strip(".,;") for o in view.kwic.lines]
        assert len(keys) == shown and keys == sorted(keys)
        await pilot.press("G")  # and the cursor goes where it is sent
        assert view.kwic.cursor == shown - 1
        gate.set()
        await wait_for(pilot, lambda: view.complete, "the end of the stream")
        assert len(view.kwic.lines) == len(view.found) > shown
        keys = [(o.right.split() or [""])[0].lower().strip(".,;") for o in view.kwic.lines]
        assert keys == sorted(keys)  # what came after the key went in its place
        assert f"{len(view.found):,} occurrences in 4 records" in screen_text(app)


async def test_leaving_the_concordance_stops_its_worker(
        letters_corpus: Path, tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    read: list[int] = []

    def endless(concordance: Concordance) -> Iterator[list[Occurrence]]:
        first = [o for batch in concordance.batches() for o in batch]
        while True:
            read.append(len(first))
            yield first
            gate.wait(0.01)

    monkeypatch.setattr(ConcordanceScreen, "batches", staticmethod(endless))
    app = make_app(letters_corpus, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.show_concordance("armistice")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        await wait_for(pilot, lambda: len(read) > 3, "a few batches")
        await pilot.press("escape")
        await settled(pilot)  # the worker ends: cancelled, it reads no further batch
        assert app.screen is main
        count = len(read)
        await pilot.pause(0.1)
        assert len(read) <= count + 1
