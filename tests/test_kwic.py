"""The concordance: every occurrence equal to a scan of the bodies made here, in every order, and
`readingroom kwic` in its documented JSON and CSV shapes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, WriteCorpus
from tests.index_helpers import build, record
from tui.cli import main
from tui.index.highlight import folded
from tui.index.kwic import Concordance, NothingToFind, sort_occurrences
from tui.index.library import Library
from tui.index.query import QueryError
from tui.model.loader import load_corpus

_TOKEN = re.compile(r"[^\W_]+")


def _scan(body: str, words: tuple[str, ...], prefix: bool) -> list[int]:
    """Where the words stand in a body, found token by token (the highlighter's folding)."""
    tokens = [(m.start(), m.group().lower()) for m in _TOKEN.finditer(folded(body))]
    found, i = [], 0
    while i + len(words) <= len(tokens):
        run = [token for _start, token in tokens[i:i + len(words)]]
        if run[:-1] == list(words[:-1]) and (run[-1].startswith(words[-1]) if prefix else run[-1] == words[-1]):
            found.append(tokens[i][0])
            i += len(words)
        else:
            i += 1
    return found


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus(BUNDLED)


@pytest.mark.parametrize(("query", "words", "prefix", "kind"), [
    ("armistice", ("armistice",), False, None),
    ('"United Nations"', ("united", "nations"), False, None),
    ("negotiat*", ("negotiat",), True, None),
    ("Syngman type:telegram", ("syngman",), False, "telegram"),
])
def test_occurrences_equal_a_scan_of_the_bodies(query: str, words: tuple[str, ...], prefix: bool, kind: str | None,
                                                 corpus, bundled_index: Path) -> None:  # type: ignore[no-untyped-def]
    expected = {(rec.id, offset) for rec in corpus.records
                if kind is None or kind in (rec.text("type") or "").lower().split()
                for offset in _scan(rec.body, words, prefix)}
    concordance = Concordance(Library.open(BUNDLED, index_dir=bundled_index), query)
    assert concordance.total is None  # not known before every record is read
    batches = list(concordance.batches(records=7))
    found = [o for batch in batches for o in batch]
    assert {(o.card.id, o.offset) for o in found} == expected and expected
    assert concordance.total == len(found) == len(expected)
    assert len(batches) == -(-concordance.records // 7) and concordance.records == len({o.card.id for o in found})
    assert concordance.years == Counter(o.year for o in found if o.year)
    bodies = {rec.id: rec.body for rec in corpus.records}
    for o in found:
        body = bodies[o.card.id]
        assert folded(body[o.offset:o.offset + o.length]).lower().startswith(words[0])
        assert o.keyword == re.sub(r"\s+", " ", body[o.offset:o.offset + o.length])
        assert re.sub(r"\s+", " ", body[o.offset + o.length:o.offset + o.length + 200]).startswith(o.right)
        assert re.sub(r"\s+", " ", body[max(0, o.offset - 200):o.offset]).endswith(o.left)
        assert len(o.left) <= 40 and len(o.right) <= 40
    # Date order is the stream's own order.
    assert found == sort_occurrences(found, "date")


def test_sorting_by_the_words_right_and_left(bundled_index: Path) -> None:
    concordance = Concordance(Library.open(BUNDLED, index_dir=bundled_index), "armistice", width=30)
    right = concordance.first("right")
    keys = [[w.lower() for w in _TOKEN.findall(folded(o.right))] for o in right]
    assert keys == sorted(keys)
    left = concordance.first("left", limit=25)
    keys = [[w.lower() for w in _TOKEN.findall(folded(o.left))][::-1] for o in left]
    assert keys == sorted(keys) and len(left) == 25
    everything = concordance.first("left")
    assert left == everything[:25] and concordance.total == len(everything)


def test_controls_in_a_body_are_shown_never_passed_on(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    root = write_corpus({"a.toml": record("a", "A", body="bell \\u0007 then the \\u001b[31m treaty\\u001b[0m here")})
    concordance = Concordance(build(root, tmp_path / "index"), "treaty")
    [occurrence] = concordance.first()
    assert occurrence.left == "bell ^G then the ^[[31m " and occurrence.right == "^[[0m here"
    assert "\x1b" not in occurrence.left + occurrence.right + occurrence.keyword


def test_a_query_without_words_to_find_is_refused(bundled_index: Path) -> None:
    library = Library.open(BUNDLED, index_dir=bundled_index)
    with pytest.raises(NothingToFind):
        Concordance(library, "type:telegram -armistice")
    with pytest.raises(QueryError):
        Concordance(library, '"open')


def test_cli_json_and_csv_shapes(bundled_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--corpus", str(BUNDLED), "--index", str(bundled_index)]
    assert main(["kwic", "armistice date:1951", *common, "--limit", "3", "--width", "20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["query", "terms", "sort", "records", "total", "years", "occurrences"]
    assert data["terms"] == {"words": ["armistice"], "prefixes": [], "phrases": []}
    assert data["sort"] == "date" and data["years"] == {"1951": data["total"]} and len(data["occurrences"]) == 3
    first = data["occurrences"][0]
    assert list(first) == ["id", "title", "date", "day", "left", "keyword", "right", "offset", "length", "path"]
    assert first["keyword"].lower() == "armistice" and len(first["left"]) <= 20 and first["day"].startswith("1951")
    assert main(["kwic", "armistice", *common, "--sort", "right", "--format", "csv", "--limit", "2"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["id", "date", "day", "left", "keyword", "right", "offset", "length", "title"]
    assert len(rows) == 3 and rows[1][4].lower() == "armistice"
    assert main(["kwic", "armistice", *common, "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"\d+ occurrences in \d+ records \(the first 2\) for armistice", lines[0])
    assert len(lines) == 3 and " armistice " in lines[1].lower()
    assert main(["kwic", "type:telegram", *common]) == 2
    assert "no word, phrase or prefix" in capsys.readouterr().err


def test_records_sharing_a_file_and_a_file_changed_since_indexing(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    many = ('[[record]]\nid = "m1"\ntitle = "M1"\ndate = 1950-01-02\nbody = "one treaty, two treaty"\n'
            '[[record]]\nid = "m2"\ntitle = "M2"\ndate = 1950-01-01\nbody = "a Treaty"\n')
    root = write_corpus({"many.toml": many, "gone.toml": record("gone", "G", body="the treaty was", date="1951")})
    library = build(root, tmp_path / "index")
    (root / "gone.toml").write_text(record("other", "O", body="nothing here"))  # not indexed again
    found = [(o.card.id, o.offset, o.keyword) for o in Concordance(library, "treaty").first()]
    # The changed file no longer holds its record: its text is taken from the index.
    assert found == [("m2", 2, "Treaty"), ("m1", 4, "treaty"), ("m1", 16, "treaty"), ("gone", 4, "treaty")]
