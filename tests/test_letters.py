"""Correspondence: a person's correspondents and an exchange, checked against counts made here
from the records themselves, and `readingroom letters` in its documented JSON shapes."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, WriteCorpus
from tests.index_helpers import build, record
from tui.cli import main
from tui.index.letters import Correspondence
from tui.model.loader import load_corpus

MANIFEST = """title = "Letters"
organisations = ["Central Committee"]
[aliases]
"Joseph Stalin" = ["Stalin", "Feng Xi", "Filippov"]
"Kim Il Sung" = ["Kim Il-sung"]
"""
LETTERS = {
    "corpus.toml": MANIFEST,
    "a.toml": record("a", "A", authors=["Feng Xi"], recipients=["Kim Il-sung"], date="1950-10-01"),
    "b.toml": record("b", "B", authors=["Kim Il Sung"], recipients=["Stalin"], date="1950-09-20"),
    "c.toml": record("c", "C", authors=["Joseph Stalin"], recipients=["Kim Il Sung", "Mao Zedong"],
                     date="1950-10-08"),
    "d.toml": record("d", "D", authors=["Central Committee"], recipients=["Filippov"], date="1951"),
    "e.toml": record("e", "E", authors=["Filippov"], recipients=["Kim Il Sung"]),  # undated: last
    "f.toml": record("f", "F", authors=["Mao Zedong"], recipients=["Kim Il Sung"], date="1950-10-02"),
    # Below a folder whose manifest makes "Stalin" someone else's name, that name is not Joseph Stalin's.
    "other/corpus.toml": '[aliases]\n"Stalin (the nephew)" = ["Stalin"]\n',
    "other/g.toml": record("g", "G", authors=["Stalin"], recipients=["Kim Il Sung"], date="1960-01-01"),
}


@pytest.fixture
def letters(write_corpus: WriteCorpus, tmp_path: Path) -> Correspondence:
    return Correspondence(build(write_corpus(LETTERS), tmp_path / "index"))


def test_correspondents_join_aliases_count_each_way_and_sort_by_count(letters: Correspondence) -> None:
    people = {c.name: c for c in letters.correspondents("Feng Xi")}
    assert list(people) == ["Kim Il Sung", "Central Committee", "Mao Zedong"]
    kim = people["Kim Il Sung"]
    assert (kim.sent, kim.received, kim.total) == (3, 1, 4)
    assert (kim.first, kim.last) == ("20 September 1950", "8 October 1950")
    assert str(kim.first_day) == "1950-09-20" and not kim.organisation
    committee = people["Central Committee"]
    assert (committee.sent, committee.received, committee.organisation) == (0, 1, True)
    assert (committee.first, committee.last) == ("1951", "1951")
    assert (people["Mao Zedong"].sent, people["Mao Zedong"].received) == (1, 0)
    # The nephew below other/ is his own correspondent of Kim's, not Joseph Stalin.
    kims = {c.name: c.total for c in letters.correspondents("kim il-sung")}
    assert kims == {"Joseph Stalin": 4, "Mao Zedong": 1, "Stalin (the nephew)": 1}


def test_an_exchange_in_date_order_both_ways_with_gaps_and_positions(letters: Correspondence) -> None:
    exchange = letters.exchange("Stalin", "Kim Il-sung")
    assert (exchange.person, exchange.other) == ("Joseph Stalin", "Kim Il Sung")
    assert [(x.card.id, x.arrow, x.gap_days) for x in exchange.letters] == [
        ("b", "←", None), ("a", "→", 11), ("c", "→", 7), ("e", "→", None)]
    assert (exchange.sent, exchange.received) == (3, 1) and exchange.years() == {1950: 3}
    assert exchange.label("c") == "letter 3 of 4 between Joseph Stalin and Kim Il Sung"
    assert exchange.next("c").card.id == "e" and exchange.previous("c").card.id == "a"
    assert exchange.previous("b") is None and exchange.next("e") is None
    assert exchange.label("g") is None and exchange.position("d") is None
    # From the other side, the arrows turn round.
    assert [x.arrow for x in letters.exchange("Kim Il Sung", "Feng Xi").letters] == ["→", "←", "←", "←"]
    # A record's exchanges: one for each writer and addressee it names.
    pairs = {(e.person, e.other): len(e.letters) for e in letters.exchange_of("c")}
    assert pairs == {("Joseph Stalin", "Kim Il Sung"): 4, ("Joseph Stalin", "Mao Zedong"): 1}


# The bundled corpus, counted here from the records, with aliases resolved by this test's own code.

def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l"))
    return " ".join(re.findall(r"[a-z0-9]+", "".join(c for c in decomposed if not unicodedata.combining(c)).lower()))


def _independent_counts(person: str) -> dict[str, tuple[int, int]]:
    corpus = load_corpus(BUNDLED)
    groups = [(g.folder, [_key(n) for n in g.names], g.names[0]) for g in corpus.manifests.alias_groups()]

    def main_name(name: str, path: str) -> str:
        best: tuple[int, str] | None = None
        for folder, keys, main_name in groups:
            inside = not folder or path.startswith(folder + "/")
            if inside and _key(name) in keys and (best is None or len(folder) >= best[0]):
                best = (len(folder), main_name)
        return best[1] if best else name.strip()

    sent: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for rec in corpus.records:
        authors = {main_name(a, rec.path) for a in rec.names("authors")}
        recipients = {main_name(r, rec.path) for r in rec.names("recipients")}
        if person in authors:
            sent.update(recipients - {person})
        if person in recipients:
            received.update(authors - {person})
    return {name: (sent[name], received[name]) for name in sent | received}


@pytest.mark.parametrize("person", ["Kennedy, John F.", "Rusk, Dean", "Secretary of State", "Robertson, Walter S.",
                                    "Joseph Stalin"])
def test_bundled_correspondents_equal_a_count_from_the_records(person: str, bundled_index: Path) -> None:
    letters = Correspondence(build(BUNDLED, bundled_index))
    found = {c.name: (c.sent, c.received) for c in letters.correspondents(person)}
    assert found == _independent_counts(person) and found
    counts = [sum(pair) for pair in found.values()]
    assert counts == sorted(counts, reverse=True)
    best = letters.correspondents(person)[0]
    exchange = letters.exchange(person, best.name)
    assert (exchange.sent, exchange.received) == (best.sent, best.received)
    days = [x.day for x in exchange.letters if x.day]
    assert days == sorted(days)


def test_cli_json_shapes(write_corpus: WriteCorpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus(LETTERS)
    index = str(tmp_path / "index")
    assert main(["letters", "Stalin", "--corpus", str(root), "--index", index, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Joseph Stalin"
    assert data["correspondents"][0] == {
        "name": "Kim Il Sung", "organisation": False, "sent": 3, "received": 1, "total": 4,
        "first": "20 September 1950", "last": "8 October 1950", "first_day": "1950-09-20", "last_day": "1950-10-08"}
    assert main(["letters", "Stalin", "Kim Il Sung", "--corpus", str(root), "--index", index,
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("person", "other", "total", "sent", "received")} == {
        "person": "Joseph Stalin", "other": "Kim Il Sung", "total": 4, "sent": 3, "received": 1}
    assert data["letters"][1] == {
        "position": 2, "id": "a", "title": "A", "date": "1 October 1950", "day": "1950-10-01",
        "direction": "sent", "gap_days": 11, "authors": ["Feng Xi"], "recipients": ["Kim Il-sung"], "path": "a.toml"}
    assert main(["letters", "Stalin", "Kim Il Sung", "--corpus", str(root), "--index", index]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "4 letters between Joseph Stalin and Kim Il Sung: 3 sent (→), 1 received (←)"
    assert text[1].split()[:2] == ["1.", "←"] and "+11d" in text[2]
