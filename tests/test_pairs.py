"""Word-pair terms: a phrase of two words, one of them common, looked up as one term finds what the
phrase did."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import tantivy

from tests.gen import generate
from tests.index_helpers import build, found, record, write_files
from tui.index import pair_words, pairs
from tui.index.fold import fold
from tui.index.library import PAIR_WORDS, Library
from tui.index.pair_words import common_words
from tui.index.pairs import COMMON, Pairs
from tui.index.schema import build_schema

ENGLISH = Pairs()


def test_pairs_follow_the_index_words() -> None:
    # Case, accents and any run of punctuation fold away, as they do for the words themselves.
    assert ENGLISH.terms("Of, THE war — ōf thé") == "of_the the_war war_of of_the"
    assert ENGLISH.terms("out of the house") == "out_of of_the the_house"
    assert ENGLISH.terms("the Politburo of the") == "the_politburo politburo_of of_the"
    assert ENGLISH.terms("Politburo Kremlin") == ""  # neither word is common
    # A word too long to be indexed keeps its place: no pair is made across it, nor with it.
    assert ENGLISH.terms("of " + "x" * 70 + " the") == ""
    assert ENGLISH.terms("") == ""
    assert ENGLISH.terms_of(["Office of", "the Prime Minister"]) == "office_of the_prime"  # none across names


def test_only_a_phrase_of_two_words_one_of_them_common_is_one_term() -> None:
    assert ENGLISH.term(["of", "the"]) == "of_the"
    assert ENGLISH.term(["of", "stalin"]) == "of_stalin"
    assert ENGLISH.term(["telegram", "from"]) == "telegram_from"
    assert ENGLISH.term(["foreign", "minister"]) is None
    assert ENGLISH.term(["out", "of", "the"]) is None
    assert ENGLISH.term(["the"]) is None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("pairs")
    generate(root / "corpus", 150, seed=3)
    write_files(root / "corpus", {
        "edge/a.toml": record("edge-a", "Of the title only", body="nothing here"),
        "edge/b.toml": record("edge-b", "b", body="OF, THÉ end"),
        "edge/c.toml": record("edge-c", "c", body="the of reversed"),
        "edge/d.toml": record("edge-d", "c", summary="of the summary", body="of" + " x" * 3 + " the"),
        "edge/e.toml": record("edge-e", "e", body="of " + "y" * 70 + " the"),
        "edge/f.toml": record("edge-f", "f", people=["Ministry of the Interior"], body="nothing here"),
        "edge/g.toml": record("edge-g", "g", people=["Office of", "The Prime Minister"], body="nothing here"),
    })
    return build(root / "corpus", root / "index")


def _phrases(library: Library) -> list[str]:
    """Every pair of words with a common one in a sample of the corpus's bodies, and pairs it
    never has."""
    searcher = library.searcher()
    seen: set[tuple[str, str]] = set()
    for _score, address in searcher.search(tantivy.Query.all_query(), 400).hits:
        words = fold(searcher.doc(address).get_first("body") or "")
        seen.update(p for p in itertools.pairwise(words) if p[0] in COMMON or p[1] in COMMON)
    never = [("the", "the"), ("him", "year"), ("the", "of"), ("of", "zzyzx")]
    every = sorted(seen - {("of", "the")})
    sample = every[::max(1, len(every) // 400)]  # a few hundred, spread over the alphabet
    return [f'"{a} {b}"' for a, b in [("of", "the"), *sample, *never]]


def test_phrases_with_a_common_word_find_exactly_what_positions_find(
        corpus: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = _phrases(corpus)
    assert len(queries) > 50
    queries += ['"of the" -"in the"', 'title:"of the"', '"of the" OR "to the"', '"out of the"']
    with_pairs = {q: found(corpus, q) for q in queries}
    assert with_pairs['"of the"'] >= {"edge-a", "edge-b", "edge-d", "edge-f"}  # title, folded, summary, a name
    assert not with_pairs['"of the"'] & {"edge-c", "edge-e", "edge-g"}  # never across two names
    assert with_pairs['title:"of the"'] >= {"edge-a"}
    monkeypatch.setattr(pairs, "PAIR_FIELDS", {})  # positions only, as before
    for query in queries:
        assert with_pairs[query] == found(corpus, query), query


def test_a_phrase_of_common_words_ranks_what_it_finds(corpus: Library) -> None:
    results = corpus.search('"of the"', limit=5)
    assert results.error is None and results.total > 100
    assert all(hit.score > 0 for hit in results.hits)


def test_the_pair_field_is_in_the_schema(tmp_path: Path) -> None:
    library = build(write_files(tmp_path / "c", {"a.toml": record("a", "t", body="one of the two")}),
                    tmp_path / "i")
    searcher = library.searcher()
    assert searcher.doc_freq("body_pairs", "of_the") == 1
    assert searcher.doc_freq("body_pairs", "the_two") == 1
    assert searcher.doc_freq("title_pairs", "of_the") == 0


def test_a_body_phrase_with_a_common_word_asks_for_one_term() -> None:
    schema = build_schema()
    assert "TermQuery" in repr(ENGLISH.phrase_query(schema, "body", ["of", "the"]))
    assert "TermQuery" in repr(ENGLISH.phrase_query(schema, "body", ["of", "stalin"]))
    assert "PhraseQuery" in repr(ENGLISH.phrase_query(schema, "body", ["foreign", "minister"]))
    assert "TermQuery" in repr(ENGLISH.phrase_query(schema, "title", ["of", "the"]))
    assert "TermQuery" in repr(ENGLISH.phrase_query(schema, "person", ["of", "the"]))
    assert "PhraseQuery" in repr(ENGLISH.phrase_query(schema, "place", ["of", "the"]))


def test_a_corpus_own_common_words_are_those_in_more_than_a_fifth_of_its_bodies() -> None:
    bodies = (["Printed, Telegram!"] * 50 + ["telegram from Moscow"] * 30 + ["Kremlin: printed"] * 20
              + ["of the"] * 100)
    # "printed" is in 70 of 200 bodies, "telegram" in 80, "moscow" in 30 and "kremlin" in 20 (a
    # tenth); "from", "of" and "the" were common already.
    assert common_words(bodies) == ["telegram", "printed"]
    assert common_words(bodies[:199]) == []  # too few to tell
    many = [" ".join(f"w{n}" for n in range(400))] * 200
    assert len(common_words(many)) == pair_words.MOST


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("pairs-large")
    generate(root / "corpus", 300, seed=5)
    return build(root / "corpus", root / "index")


def test_a_phrase_of_two_of_the_corpus_own_common_words_is_one_term(
        large: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    own = large.pairs().common - COMMON
    assert {"footnote", "printed", "secretary"} <= own
    plan = large.search_view().plan('"printed footnote"')
    assert plan is not None and "PhraseQuery" not in repr(plan.query) and "printed_footnote" in repr(plan.query)
    searcher = large.searcher()
    seen: set[tuple[str, str]] = set()
    for _score, address in searcher.search(tantivy.Query.all_query(), 300).hits:
        words = fold(searcher.doc(address).get_first("body") or "")
        seen.update(p for p in itertools.pairwise(words) if p[0] in own and p[1] in own)
    assert len(seen) > 20
    queries = [f'"{a} {b}"' for a, b in sorted(seen)]
    with_pairs = {q: found(large, q) for q in queries}
    assert any(with_pairs.values())
    monkeypatch.setattr(pairs, "PAIR_FIELDS", {})  # positions only
    for query in queries:
        assert with_pairs[query] == found(large, query), query


def test_the_corpus_own_common_words_stay_with_the_index_until_it_is_built_afresh(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, 250, seed=6)
    library = build(corpus, tmp_path / "index")
    chosen = library.pairs()
    assert chosen.common > COMMON and "zebra" not in chosen.common
    library.close()
    # Records added later, however many, are indexed with the same words: the index's phrases
    # and its pairs agree.
    late = {f"late/{n}.toml": record(f"late-{n}", "t", body="A zebra quagga ran.") for n in range(120)}
    write_files(corpus, late)
    library = build(corpus, tmp_path / "index")
    assert library.pairs() == chosen
    assert found(library, '"zebra quagga"') == {f"late-{n}" for n in range(120)}
    library.close()
    # Built afresh, the index chooses again from the corpus as it is now.
    library = Library.open(corpus, index_dir=tmp_path / "index", notify=lambda _m: None, rebuild=True)
    library.refresh()
    assert {"zebra", "quagga"} <= library.pairs().common
    assert library.searcher().doc_freq("body_pairs", "zebra_quagga") == 120
    assert found(library, '"zebra quagga"') == {f"late-{n}" for n in range(120)}


@pytest.mark.parametrize("damaged", ["{not json", '{"a": 1}', "[1, 2]"])
def test_a_damaged_list_of_the_corpus_own_words_loses_no_phrase(large: Library, damaged: str) -> None:
    before = found(large, '"printed footnote"')
    assert before
    stored = large.ledger.get(PAIR_WORDS)
    assert stored is not None
    large.ledger.put(PAIR_WORDS, damaged)
    try:
        assert large.pairs().common == COMMON  # by positions now, as a phrase of rarer words is
        assert found(large, '"printed footnote"') == before
    finally:
        large.ledger.put(PAIR_WORDS, stored)
