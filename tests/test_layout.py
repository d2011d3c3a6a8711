"""Unit tests for what the reading view is made of: history, wrapping, the document's layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tui.history import History, Place
from tui.model.parse import parse_records_file
from tui.model.record import Record
from tui.render.document import MEASURE, Document
from tui.render.wrap import wrap
from tui.session import Highlight

# History


def test_history_goes_back_and_forward() -> None:
    history = History()
    assert history.back() is None and history.forward() is None and history.current is None
    for name in "abc":
        history.visit(Place("q", name))
    assert history.back() == Place("q", "b")
    assert history.back() == Place("q", "a")
    assert history.back() is None
    assert history.forward() == Place("q", "b")
    assert history.current == Place("q", "b")


def test_a_visit_drops_the_places_ahead_and_repeats_are_one() -> None:
    history = History()
    for name in "abc":
        history.visit(Place("", name))
    history.back()
    history.back()
    history.visit(Place("", "d"))
    history.visit(Place("", "d"))
    assert history.places == [Place("", "a"), Place("", "d")]
    assert history.forward() is None


def test_history_keeps_its_limit() -> None:
    history = History(limit=3)
    for number in range(5):
        history.visit(Place("", str(number)))
    assert [p.record_id for p in history.places] == ["2", "3", "4"]
    assert history.current == Place("", "4")


# Wrapping


def lines_of(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap(text, width)]


def test_wrap_breaks_at_spaces_and_keeps_line_breaks() -> None:
    assert lines_of("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert lines_of("one\n\ntwo", 10) == ["one", "", "two"]
    assert lines_of("", 10) == [""]


def test_wrap_cuts_a_word_longer_than_the_width() -> None:
    assert lines_of("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_wrap_counts_cells_not_characters() -> None:
    text = "漢字漢字漢字 漢字"
    lines = lines_of(text, 6)
    assert all(cell_len(line) <= 6 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("width", [1, 3, 7, 20])
def test_wrap_loses_no_text(width: int) -> None:
    text = "Lorem ipsum  dolor sit amet,\nconsectetur adipiscing élit, sed do eiusmod"
    lines = wrap(text, width)
    assert all(end - start <= width for start, end in lines)
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


# Document layout


@pytest.fixture
def record(tmp_path: Path) -> Record:
    words = " ".join(f"word{n}" for n in range(200))
    (tmp_path / "r.toml").write_text(
        f'id = "r"\ntitle = "A title"\ndate = 1950-10-08\nbody = """\n{words} [an insertion] stalin end.\n"""\n')
    records = parse_records_file(tmp_path / "r.toml", "r.toml").records
    assert len(records) == 1
    return records[0]


def test_layout_wraps_to_the_measure_and_centres_it(record: Record) -> None:
    document = Document(record)
    lines = document.layout(200)
    assert document.measure(200) == MEASURE
    assert all(line.end - line.start <= MEASURE for line in lines)
    assert document.left_margin(200) == (200 - MEASURE) // 2
    narrow = Document(record)
    assert len(narrow.layout(40)) > len(lines)
    assert narrow.left_margin(40) == 2


def test_layout_is_kept_until_the_width_changes(record: Record) -> None:
    document = Document(record)
    first = document.layout(80)
    assert document.layout(80) is first
    assert document.layout(81) is not first


def test_marks_find_their_lines(record: Record) -> None:
    document = Document(record, highlight=Highlight(terms=frozenset({"stalin"})))
    document.layout(60)
    assert len(document.hits) == 1
    hit = document.hits[0]
    line = document.lines[document.line_of(hit)]
    assert line.block == hit.block and line.start <= hit.start < line.end
    assert document.blocks[hit.block].text[hit.start:hit.end] == "stalin"
    found = document.find("WORD199")
    assert len(found) == 1 and document.lines[document.line_of(found[0])].start <= found[0].start


def test_hiding_insertions_lays_the_text_out_again(record: Record) -> None:
    document = Document(record)
    document.layout(80)
    assert "[an insertion]" in document.plain_text()
    document.set_editorial(False)
    assert "[an insertion]" not in document.plain_text()
    assert document.lines and document.width == 80
