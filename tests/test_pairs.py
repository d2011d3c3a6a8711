"""Word-pair terms: a phrase of two words, one of them common, looked up as one term finds what the
phrase did."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import tantivy

from tests.gen import generate
from tests.index_helpers import build, found, record, write_files
from tui.index import pairs
from tui.index.fold import fold
from tui.index.library import Library
from tui.index.pairs import COMMON, pair_term, pair_terms, pair_terms_of
from tui.index.schema import build_schema


def test_pairs_follow_the_index_words() -> None:
    # Case, accents and any run of punctuation fold away, as they do for the words themselves.
    assert pair_terms("Of, THE war — ōf thé") == "of_the the_war war_of of_the"
    assert pair_terms("out of the house") == "out_of of_the the_house"
    assert pair_terms("the Politburo of the") == "the_politburo politburo_of of_the"
    assert pair_terms("Politburo Kremlin") == ""  # neither word is common
    # A word too long to be indexed keeps its place: no pair is made across it, nor with it.
    assert pair_terms("of " + "x" * 70 + " the") == ""
    assert pair_terms("") == ""
    assert pair_terms_of(["Office of", "the Prime Minister"]) == "office_of the_prime"  # none across names


def test_only_a_phrase_of_two_words_one_of_them_common_is_one_term() -> None:
    assert pair_term(["of", "the"]) == "of_the"
    assert pair_term(["of", "stalin"]) == "of_stalin"
    assert pair_term(["telegram", "from"]) == "telegram_from"
    assert pair_term(["foreign", "minister"]) is None
    assert pair_term(["out", "of", "the"]) is None
    assert pair_term(["the"]) is None


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
    assert "TermQuery" in repr(pairs.phrase_query(schema, "body", ["of", "the"]))
    assert "TermQuery" in repr(pairs.phrase_query(schema, "body", ["of", "stalin"]))
    assert "PhraseQuery" in repr(pairs.phrase_query(schema, "body", ["foreign", "minister"]))
    assert "TermQuery" in repr(pairs.phrase_query(schema, "title", ["of", "the"]))
    assert "TermQuery" in repr(pairs.phrase_query(schema, "person", ["of", "the"]))
    assert "PhraseQuery" in repr(pairs.phrase_query(schema, "place", ["of", "the"]))
