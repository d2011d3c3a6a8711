"""Related words: a reader's "truce" ranks a record's "armistice" among the records with some of
the words, and a manifest's [related] adds groups of a corpus's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index_helpers import build, ids, record, write_files
from tui.index.library import Library
from tui.index.related import RelatedWords, built_in, inflections
from tui.model import load_corpus


def test_a_word_in_any_of_its_forms_finds_the_other_words_of_its_groups() -> None:
    related = RelatedWords.with_declared([])
    assert (("telegram",), "") in related.of(("cables",))
    assert (("abolish",), "") in related.of(("scrapped",))
    assert (("armistice",), "") in related.of(("truce",))
    assert (("legal", "adviser"), "") in related.of(("lawyer",))
    # The reader's own word in another form is not a related word (that would be stemming).
    assert all(member != ("riot",) for member, _folder in related.of(("rioting",)))
    assert related.of(("harbour",)) == []


def test_inflections_cover_the_regular_english_endings() -> None:
    assert {"scrap", "scraps", "scrapped", "scrapping"} <= inflections("scrap")
    assert {"dine", "dines", "dined", "dining"} <= inflections("dine")
    assert {"ally", "allies", "allied"} <= inflections("ally")


def test_every_built_in_group_has_two_words_or_more_folded_as_the_index_folds() -> None:
    groups = built_in()
    assert len(groups) > 80
    for folder, members in groups:
        assert folder == "" and len(members) > 1
        assert all(word == word.lower() and word.strip() for member in members for word in member)


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> Library:
    # A reader remembers "truce" and "lawyer"; the document says "armistice" and "legal adviser".
    root = tmp_path_factory.mktemp("related")
    filler = {f"f{n}.toml": record(f"f{n}", f"Memorandum {n}", body="the talks on Korea went on " * 3)
              for n in range(6)}
    return build(write_files(root / "corpus", {
        **filler,
        "meant.toml": record("meant", "Memorandum", body="The Legal Adviser warns that rockets in Korea "
                             "would break the armistice."),
        "rockets.toml": record("rockets", "Memorandum", body="Rockets were shipped to Europe."),
        "korea.toml": record("korea", "Memorandum", body="He says rockets in Korea would hurt the talks."),
    }), root / "index")


def test_a_related_word_ranks_a_record_among_those_with_some_of_the_words(described: Library) -> None:
    query = "lawyer says rockets in Korea would wreck the truce"
    results = described.search(query, partial=True)
    assert results.partial and ids(results)[0] == "meant"
    # The related words are marked in the text as the reader's own are.
    assert "armistice" in results.highlight.terms
    # They only rank: "meant" still lacks the reader's words, and is counted so.
    meant = results.hits[0]
    assert "truce" in meant.lacks and "lawyer" in meant.lacks


def test_without_related_words_the_record_meant_ranks_lower(described: Library,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.index import plan

    monkeypatch.setattr(plan.Planner, "_with_related", lambda self, query, words: None)
    results = described.search("lawyer says rockets in Korea would wreck the truce", partial=True)
    assert ids(results)[0] == "korea"


def test_a_related_word_never_finds_a_record_without_one_of_the_reader_s_words(described: Library) -> None:
    # "meant" says "armistice" and "Legal Adviser", but neither "truce" nor "lawyer".
    results = described.search("truce lawyer", partial=True)
    assert results.total == 0 and results.hits == []
    assert ids(described.search("truce lawyer rockets", partial=True))[0] == "meant"


def test_a_query_kept_to_every_word_never_finds_a_related_word(described: Library) -> None:
    assert described.search("truce").total == 0
    assert ids(described.search("armistice rockets")) == ["meant"]
    assert described.search("truce rockets").total == 0


def test_a_manifest_declares_related_words_that_hold_below_its_folder(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "corpus", {
        "part/corpus.toml": 'title = "Charters"\n[related]\n"charter" = ["deed", "grant"]\n',
        "part/a.toml": record("a", "Grant", body="A charter of land to the abbey."),
        "part/b.toml": record("b", "Letter", body="The abbey and its land."),
        "c.toml": record("c", "Grant", body="A charter of land to the abbey."),
        "d.toml": record("d", "Letter", body="Nothing of the abbey here."),
    })
    library = build(corpus, tmp_path / "index")
    results = library.search("deed abbey", partial=True)
    assert results.partial and ids(results)[0] == "a"
    # Outside the folder the manifest's words are not related: "c", the same text as "a", ranks lower.
    score = {hit.card.id: hit.score for hit in results.hits}
    assert score["a"] > score["c"]


def test_a_bad_related_table_is_a_located_problem_and_the_rest_holds(tmp_path: Path) -> None:
    root = write_files(tmp_path / "corpus", {
        "corpus.toml": 'title = "All"\n[related]\n"truce" = 3\n"deed" = ["charter"]\n',
        "a.toml": record("a", "A"),
    })
    corpus = load_corpus(root)
    assert [(p.path, p.line, p.column) for p in corpus.problems] == [("corpus.toml", 3, 1)]
    assert "not a list of words" in corpus.problems[0].message
    assert corpus.manifests.by_folder[""].related == {"deed": ("charter",)}
