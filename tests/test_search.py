"""Searching an index: operators, fields, folding, aliases, typos, dates, ranking and snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index_helpers import build, found, ids, record, write_files
from tui.index import plan
from tui.index.fold import fold
from tui.index.highlight import Highlight
from tui.index.library import Library

BUNDLED = Path(__file__).resolve().parent.parent / "corpus"
SEED_LETTER = "1950-10-08-stalin-kim"


def make(tmp_path_factory: pytest.TempPathFactory, name: str, files: dict[str, str | bytes]) -> Library:
    """A small corpus and its index, in a folder of their own."""
    root = tmp_path_factory.mktemp(name)
    return build(write_files(root / "corpus", files), root / "index")


# ---------------------------------------------------------------- operators


@pytest.fixture(scope="module")
def fruit(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "fruit", {
        "a.toml": record("a", "alpha", body="apple banana"),
        "b.toml": record("b", "beta", body="banana cherry"),
        "c.toml": record("c", "gamma", body="cherry damson"),
        "d.toml": record("d", "delta", body="elder"),
    })


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banana", {"a", "b"}),
        ("banana cherry", {"b"}),
        ("banana AND cherry", {"b"}),
        ('"banana cherry"', {"b"}),
        ('"cherry banana"', set()),
        ("ban*", {"a", "b"}),
        ("ch* d*", {"c"}),
        ("banana OR elder", {"a", "b", "d"}),
        ("apple | elder", {"a", "d"}),
        ("banana -cherry", {"a"}),
        ("banana NOT cherry", {"a"}),
        ("-banana", {"c", "d"}),
        ("NOT banana", {"c", "d"}),
        ("-banana -cherry", {"d"}),
        ("-(banana OR cherry)", {"d"}),
        ("(apple OR damson) -banana", {"c"}),
        ("(apple OR cherry) banana", {"a", "b"}),
        ("apple OR -cherry", {"a", "d"}),
        ("NOT banana OR apple", {"a", "c", "d"}),
        ("NOT NOT banana", {"a", "b"}),
        ("-NOT banana", {"a", "b"}),
        ("cherry -NOT banana", {"b"}),
        ("apple -apple", set()),
        ("-nothing", {"a", "b", "c", "d"}),
        ("title:alpha OR title:delta", {"a", "d"}),
    ],
)
def test_operators(fruit: Library, query: str, expected: set[str]) -> None:
    assert found(fruit, query) == expected


def test_a_query_of_no_searchable_words_finds_nothing(fruit: Library) -> None:
    for query in ('""', "-", "--", "…"):
        results = fruit.search(query)
        assert results.error is None and results.total == 0 and results.hits == []


# ---------------------------------------------------------------- some of the words


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "partial", {
        "one.toml": record("one", "first", date="1950", body="apple banana cherry"),
        "two.toml": record("two", "second", date="1951", body="apple banana " + "filler " * 50),
        "three.toml": record("three", "third", date="1952", body="apple apple apple apple elder"),
        "none.toml": record("none", "fourth", date="1953", body="nothing here"),
    })


def test_the_records_with_every_word_come_first_then_those_with_some(partial: Library) -> None:
    strict = partial.search("apple banana")
    assert set(ids(strict)) == {"one", "two"} and not strict.partial and strict.words == 2
    assert [hit.matched for hit in strict.hits] == [2, 2]
    results = partial.search("apple banana", partial=True)
    assert results.partial and results.full == 2 and results.total == 3 and results.words == 2
    assert set(ids(results)[:2]) == {"one", "two"} and ids(results)[2] == "three"
    assert [hit.matched for hit in results.hits] == [2, 2, 1]
    assert results.hits[2].lacks == ("banana",) and results.dropped == ("banana",)
    assert results.note == "2 with every word, then these lack banana"


def test_a_full_page_of_records_with_every_word_is_not_filled(partial: Library) -> None:
    results = partial.search("apple banana", partial=True, limit=2)
    assert set(ids(results)) == {"one", "two"} and not results.partial and results.total == 2


def test_a_page_is_ranked_once_and_its_snippets_built_once(partial: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a million records each ranking reads every match: a full page costs one, a filled one two."""
    from tui.index.search import Search

    calls: list[str] = []
    rows, hits = Search._rows, Search._hits
    monkeypatch.setattr(Search, "_rows", lambda self, *a: calls.append("rank") or rows(self, *a))
    monkeypatch.setattr(Search, "_hits", lambda self, *a: calls.append("snippets") or hits(self, *a))
    assert ids(partial.search("apple banana", partial=True, limit=2)) != []
    assert calls == ["rank", "snippets"]
    calls.clear()
    assert partial.search("apple banana", partial=True).partial
    assert calls == ["rank", "rank", "snippets"]


def test_a_field_filter_or_a_phrase_is_never_dropped(partial: Library) -> None:
    # Only the plain words may be missing: the title and the phrase hold for every record shown.
    results = partial.search("title:first apple damson", partial=True)
    assert ids(results) == ["one"] and results.partial and results.hits[0].lacks == ("damson",)
    results = partial.search('"apple banana" cherry damson', partial=True)
    assert ids(results) == ["one"] and results.full == 0 and results.words == 3
    assert results.hits[0].matched == 2 and results.note == "none has every word: these lack damson, best first"


def test_a_filter_that_matches_nothing_is_named(partial: Library) -> None:
    results = partial.search("title:nowhere apple banana", partial=True)
    assert results.total == 0 and "no record has title nowhere" in results.notices
    results = partial.search('apple "cherry apple" date:1950', partial=True)
    assert results.total == 0 and 'no record has "cherry apple"' in results.notices


def test_where_no_record_has_every_word_those_with_the_rarer_words_come_first(partial: Library) -> None:
    strict = partial.search("apple banana cherry damson")
    assert strict.total == 0 and not strict.partial
    results = partial.search("apple banana cherry damson", partial=True)
    assert results.partial and results.total == 3 and results.full == 0
    assert results.dropped == ("banana", "cherry", "damson")
    # Ranked by the engine's score of the words each holds: the one record with cherry first.
    assert ids(results)[0] == "one"
    assert {"apple", "banana", "cherry"} <= results.highlight.terms


@pytest.fixture(scope="module")
def rare(tmp_path_factory: pytest.TempPathFactory) -> Library:
    # "plain" holds two words five of eleven records hold; "rare" one word no other record has.
    files = {f"f{n}.toml": record(f"f{n}", f"filler {n}", body="harbour convoy some other words")
             for n in range(4)}
    files |= {f"g{n}.toml": record(f"g{n}", f"other {n}", body="quite different words here") for n in range(5)}
    files["plain.toml"] = record("plain", "plain", body="harbour convoy some other words")
    files["rare.toml"] = record("rare", "rare", body="tungsten and some other words")
    return make(tmp_path_factory, "rare", files)


def test_a_rare_word_outranks_two_common_ones(rare: Library) -> None:
    # A description's one telling word counts for more than two words many records share.
    results = rare.search("harbour convoy tungsten damson", partial=True)
    assert results.partial and results.full == 0 and results.total == 6
    assert ids(results)[0] == "rare"
    # With every word, the records that have them all still come first.
    results = rare.search("harbour convoy tungsten", partial=True)
    assert results.full == 0 and ids(results)[0] == "rare"
    results = rare.search("harbour convoy plain tungsten", partial=True)
    assert ids(results)[0] == "plain"
    results = rare.search("harbour convoy", partial=True, limit=10)
    assert results.full == 5 and set(ids(results)[:5]) == {"f0", "f1", "f2", "f3", "plain"}


def test_filters_and_exclusions_still_hold_for_some_of_the_words(partial: Library) -> None:
    results = partial.search("apple banana cherry damson date:1951..", partial=True)
    assert results.partial and set(ids(results)) == {"two", "three"}
    results = partial.search("apple banana cherry damson -elder", partial=True)
    assert results.partial and ids(results) == ["one", "two"]


@pytest.mark.parametrize("query", ["damson", "damson OR quince", "-apple -nothing", "damson -apple",
                                   "type:letter damson", '"banana apple"'])
def test_a_query_of_one_word_or_alternatives_is_not_loosened(partial: Library, query: str) -> None:
    results = partial.search(query, partial=True)
    assert results.total == 0 and not results.partial


def test_the_narrowing_follows_the_partial_results(partial: Library) -> None:
    search = partial.search_view()
    plan = search.plan("apple banana cherry damson", partial=True)
    assert plan is not None
    assert search.searcher.search(plan.query, 10, count=True).count == 3


# ---------------------------------------------------------------- fields


@pytest.fixture(scope="module")
def fielded(tmp_path_factory: pytest.TempPathFactory) -> Library:
    # "other-2" holds every word of "ki-1" too, but in its body: a field must tell them apart.
    return make(tmp_path_factory, "fields", {
        "a.toml": record(
            "ki-1", "Grain shipments to Seoul", authors=["Walter Robertson"], recipients=["Noel Hemmendinger"],
            people=["Syngman Rhee"], places=["Pusan"], subjects=["Military aid"], collections=["Korea papers"],
            type="Telegram", language="ko", source={"repository": "National Archives", "reference": "RG 59, box 12"},
        ),
        "b.toml": record(
            "other-2", "Other", type="Memo", language="en",
            body="Walter Robertson wrote to Noel Hemmendinger about Syngman Rhee in Pusan: military aid, "
                 "Korea papers, a telegram on grain shipments, National Archives, RG 59 box 12, ko, ki-1",
        ),
        "part/corpus.toml": 'title = "Wilson Center sample"\n',
        "part/c.toml": record("in-part", "Third", body="nothing else"),
    })


@pytest.mark.parametrize(
    ("field", "word", "phrase", "prefix"),
    [
        ("title", "grain", '"grain shipments"', "gra*"),
        ("author", "Robertson", '"Walter Robertson"', "Rob*"),
        ("recipient", "Hemmendinger", '"Noel Hemmendinger"', "Hemm*"),
        ("person", "Rhee", '"Syngman Rhee"', "Syng*"),
        ("place", "Pusan", '"Pusan"', "Pus*"),
        ("subject", "military", '"military aid"', "milit*"),
        ("collection", "papers", '"Korea papers"', "Kor*"),
        ("type", "telegram", '"Telegram"', "tele*"),
        ("id", "KI-1", '"ki-1"', "ki*"),
        ("lang", "ko", '"KO"', "k*"),
        ("repository", "archives", '"National Archives"', "nat*"),
        ("ref", "box", '"RG 59"', "RG*"),
    ],
)
def test_every_field_with_a_word_a_phrase_and_a_prefix(
    fielded: Library, field: str, word: str, phrase: str, prefix: str
) -> None:
    for value in (word, phrase, prefix):
        assert found(fielded, f"{field}:{value}") == {"ki-1"}, f"{field}:{value}"


def test_without_a_field_the_body_counts_too(fielded: Library) -> None:
    for query in ("Robertson", '"Syngman Rhee"', "Pus*", "telegram"):
        assert found(fielded, query) == {"ki-1", "other-2"}, query


def test_person_covers_authors_and_recipients(fielded: Library) -> None:
    assert found(fielded, "person:Robertson") == {"ki-1"}
    assert found(fielded, "person:Hemmendinger") == {"ki-1"}


def test_a_part_title_is_a_collection(fielded: Library) -> None:
    assert found(fielded, 'collection:"Wilson Center"') == {"in-part"}


def test_id_is_the_whole_id(fielded: Library) -> None:
    assert found(fielded, "id:ki") == set()
    assert found(fielded, "id:other-2 OR id:in-part") == {"other-2", "in-part"}


# ---------------------------------------------------------------- folding


@pytest.fixture(scope="module")
def folding(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "folding", {
        "a.toml": record("accented", "Letter", body="Władysław Gomułka met the Politburo."),
        "b.toml": record("plain", "Note", body="GOMULKA again, and Hammarskjold."),
        "c.toml": record("other", "Other", body="Nothing here."),
        "d.toml": record("turkish", "Telegram", body="From İSTANBUL, by way of İzmir."),
    })


@pytest.mark.parametrize(
    "query", ["Gomulka", "Gomułka", "gomułka", "GOMUŁKA", "gOmUlKa", '"Gomułka"', "Gomu*", "Gomuł*"]
)
def test_folding_both_ways_and_case(folding: Library, query: str) -> None:
    assert found(folding, query) == {"accented", "plain"}


def test_folded_words_are_marked_as_written(folding: Library) -> None:
    for query in ("Gomulka", "Gomułka"):
        marked = {hit.card.id: [hit.snippet[a:b] for a, b in hit.spans] for hit in folding.search(query).hits}
        assert marked == {"accented": ["Gomułka"], "plain": ["GOMULKA"]}
    assert found(folding, "Wladyslaw") == {"accented"}
    assert found(folding, "Hammarskjöld") == {"plain"}


def test_folding_from_many_threads_at_once() -> None:
    """Searches run in worker threads: folding must not share the engine's analyzer between them."""
    from concurrent.futures import ThreadPoolExecutor

    from tui.index.fold import fold_whole

    text = "Władysław Gomułka met the Politburo in Warszawa. " * 200

    def fold_often(_n: int) -> tuple[list[str], str]:
        for _ in range(200):
            words, whole = fold(text), fold_whole("Gomułka-1956")
        return words, whole

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(fold_often, range(8)))
    assert all(words[:2] == ["wladyslaw", "gomulka"] and whole == "gomulka-1956" for words, whole in answers)


@pytest.mark.parametrize("query", ["istanbul", "İstanbul", "İSTANBUL", "izmir", "İzmir", "İzm*"])
def test_a_capital_with_a_dot_folds_like_any_other(folding: Library, query: str) -> None:
    assert found(folding, query) == {"turkish"}


# ---------------------------------------------------------------- aliases


@pytest.fixture(scope="module")
def aliased(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "aliases", {
        "corpus.toml": 'title = "All"\n[aliases]\n"Chiang Kai-shek" = ["Jiang Jieshi", "Generalissimo"]\n',
        "seed/corpus.toml": 'title = "Seed"\n[aliases]\n"Joseph Stalin" = ["Stalin", "Feng Xi", "Filippov"]\n',
        "seed/letter.toml": record("letter", "Letter from Feng Xi to Kim Il Sung", body="Comrade Kim Il Sung!"),
        "other/memo.toml": record("memo", "Memorandum", body="A cable signed Feng Xi reached Pyongyang."),
        "other/speech.toml": record("speech", "Speech", body="Stalin spoke at length."),
        "other/chiang.toml": record("chiang", "Conversation", body="Chiang Kai-shek received the ambassador."),
    })


def test_an_alias_finds_the_other_names(aliased: Library) -> None:
    assert found(aliased, "Jiang Jieshi") == {"chiang"}
    assert found(aliased, '"Jiang Jieshi"') == {"chiang"}
    assert found(aliased, "Generalissimo") == {"chiang"}


def test_an_alias_of_a_sub_folder_holds_only_below_it(aliased: Library) -> None:
    # The seed's manifest makes Feng Xi a name of Stalin for the seed's records only.
    assert found(aliased, "Stalin") == {"letter", "speech"}
    assert found(aliased, "Filippov") == {"letter"}
    assert found(aliased, "Feng Xi") == {"letter", "memo"}
    assert found(aliased, '"Joseph Stalin"') == {"letter"}


def test_aliases_combine_with_other_words(aliased: Library) -> None:
    assert found(aliased, "Stalin Kim") == {"letter"}
    assert found(aliased, "Stalin -Kim") == {"speech"}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return build(BUNDLED, tmp_path_factory.mktemp("bundled") / "index")


def test_stalin_finds_the_letter_signed_feng_xi(bundled: Library) -> None:
    assert ids(bundled.search("Stalin", limit=3))[0] == SEED_LETTER
    # The letter is signed Feng Xi; Filippov is named only in the seed's aliases.
    assert ids(bundled.search("Filippov Kim", limit=3)) == [SEED_LETTER]


def test_jiang_jieshi_finds_chiang_kai_shek(bundled: Library) -> None:
    # Only the seed letter and the manifests say Jiang Jieshi: every other hit is there by the alias.
    hits = found(bundled, "Jiang Jieshi")
    assert SEED_LETTER in hits and len(hits) > 10
    assert "frus1955-57v23p2-d232" in hits  # says only "the Generalissimo"
    assert found(bundled, "Chiang Kai-shek") == hits


def test_seed_aliases_do_not_reach_the_frus_volumes(bundled: Library) -> None:
    # "Feng Xi" is a name of Stalin in the seed's manifest only.
    assert found(bundled, "Feng Xi") == {SEED_LETTER}


# ---------------------------------------------------------------- typos


@pytest.fixture(scope="module")
def typos(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "typos", {
        "a.toml": record("tanks", "One", body="The tanks rolled."),
        "b.toml": record("tank", "Two", body="A tank stood."),
        "c.toml": record("armistice", "Three", body="The armistice held."),
        "d.toml": record("military", "Four", body="The military moved."),
    })


@pytest.mark.parametrize(
    ("query", "expected", "corrections"),
    [
        ("tenks", {"tanks"}, [("tenks", "tanks")]),  # five letters: one edit
        ("tenk", set(), []),  # four letters: none
        ("tnak", set(), []),
        ("militery", {"military"}, [("militery", "military")]),  # eight letters: one edit
        ("milatery", set(), []),  # ... but not two
        ("armistyse", {"armistice"}, [("armistyse", "armistice")]),  # nine letters: two edits
        ("Armistyce", {"armistice"}, [("Armistyce", "armistice")]),
        ("armestyse", set(), []),  # ... but not three
        ("militery moved", {"military"}, [("militery", "military")]),
    ],
)
def test_typo_tolerance(typos: Library, query: str, expected: set[str], corrections: list[tuple[str, str]]) -> None:
    results = typos.search(query)
    assert set(ids(results)) == expected
    assert results.corrections == corrections


def test_a_correction_is_marked_in_the_snippet(typos: Library) -> None:
    (hit,) = typos.search("militery").hits
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["military"]


def test_no_typo_tolerance_in_a_negation_or_phrase(typos: Library) -> None:
    assert found(typos, "-militery") == {"tanks", "tank", "armistice", "military"}
    assert found(typos, '"militery moved"') == set()


def test_corrections_over_the_bundled_corpus(bundled: Library) -> None:
    results = bundled.search("militery", limit=5)
    assert results.corrections == [("militery", "military")]
    assert results.total > 100
    assert all("military" in fold(hit.snippet) for hit in results.hits)


# ---------------------------------------------------------------- dates


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Library:
    dates = {
        "month": '"1950-10"',
        "uncertain": '"1950-10?"',
        "approximate": '"1950-10~"',
        "both": '"1950-10-20%"',
        "later": '"1950/.."',
        "earlier": '"../1950"',
        "interval": '"1950-10-07/1950-10-09"',
        "years": '"1948/1949"',
        "local-time": "1950-10-07T22:15:00",
        "offset-time": "1950-10-07T23:15:00+03:00",
        "day": "1950-10-08",
        "year": '"1951"',
    }
    files = {f"{name}.toml": record(name, name, date="@" + value) for name, value in dates.items()}
    files["undated.toml"] = record("undated", "undated")
    return make(tmp_path_factory, "dates", files)


OPEN = {"later", "earlier"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A month matches every day of it, and ranges that reach into it, and no other month.
        ("date:1950-10-31", {"month", "uncertain", "approximate"} | OPEN),
        ("date:1950-10-01", {"month", "uncertain", "approximate"} | OPEN),
        ("date:1950-10-15..1950-11-02", {"month", "uncertain", "approximate", "both"} | OPEN),
        ("date:1950-11", OPEN),
        ("date:1950-09", OPEN),
        ("date:1950-09-01..1950-09-30", OPEN),
        # Uncertain and approximate dates match as the date written.
        ("date:1950-10-20", {"month", "uncertain", "approximate", "both"} | OPEN),
        ("date:1950-10-21", {"month", "uncertain", "approximate"} | OPEN),
        # Open intervals.
        ("date:1990", {"later"}),
        ("date:1962..", {"later"}),
        ("date:1951", {"later", "year"}),
        ("date:1900..1949", {"earlier", "years"}),
        ("date:..1949", {"earlier", "years"}),
        ("date:1949-12-31..", set(OPEN) | {
            "month", "uncertain", "approximate", "both", "interval", "years", "local-time", "offset-time", "day",
            "year"}),
        # Intervals overlap at their edges.
        ("date:1950-10-09", {"month", "uncertain", "approximate", "interval"} | OPEN),
        ("date:1950-10-10..1950-10-19", {"month", "uncertain", "approximate"} | OPEN),
        ("date:1950-10-05..1950-10-07", {"month", "uncertain", "approximate", "interval", "local-time",
                                         "offset-time"} | OPEN),
        ("date:1947..1948", {"years", "earlier"}),
        ("date:1949-12-31", {"years", "earlier"}),
        ("date:1950-01-01", {"earlier", "later"}),
        # A date-time is its day.
        ("date:1950-10-07", {"month", "uncertain", "approximate", "interval", "local-time", "offset-time"} | OPEN),
        ("date:1950-10-08", {"month", "uncertain", "approximate", "interval", "day"} | OPEN),
        ("date:1950-10-06", {"month", "uncertain", "approximate"} | OPEN),
    ],
)
def test_date_ranges_overlap(dated: Library, query: str, expected: set[str]) -> None:
    assert found(dated, query) == expected


@pytest.mark.parametrize("query", ["date:..9999", "date:0001..", "date:0001..9999", "date:1950", "undated date:1950"])
def test_undated_records_never_match_a_date_filter(dated: Library, query: str) -> None:
    assert "undated" not in found(dated, query)


def test_every_dated_record_matches_an_unbounded_range(dated: Library) -> None:
    assert len(found(dated, "date:..9999")) == len(found(dated, "date:0001..")) == 12
    assert found(dated, "-date:0001..") == {"undated"}


def test_a_date_filter_lists_by_earliest_day_then_time(dated: Library) -> None:
    order = ids(dated.search("date:1950-10-07", limit=20))
    assert order[:2] == ["earlier", "later"]  # open at the start sorts first; then 1 January 1950
    assert set(order[2:5]) == {"month", "uncertain", "approximate"}  # all from 1 October
    assert order[5:] == ["interval", "local-time", "offset-time"]  # 7 October: the day, 22:15, 23:15


# ---------------------------------------------------------------- ranking


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> Library:
    filler = " ".join(["the meeting went on with other business"] * 6)
    files = {
        # The word in the title, once, in a long record; the same word three times in a short body.
        "title.toml": record("in-title", "Armistice talks at Kaesong", body=filler),
        "body.toml": record("in-body", "Memorandum", body="armistice, armistice and the armistice line"),
        "person.toml": record("in-people", "Conversation", people=["Wladyslaw Gomulka"], body=filler),
        "text.toml": record("in-text", "Conversation", body="Gomulka was there, Gomulka spoke"),
        "exact.toml": record("exact", "Report", body="the military situation"),
        "fuzzy.toml": record("fuzzy", "Report", body="the militery situation"),
    }
    # Six records alike but for their dates, written so that the file order is not the date order.
    for number, date in enumerate(["1955", "1954-06", "1953-02-01", "1953-01-31T09:00:00", "1951~"]):
        files[f"same/{number}.toml"] = record(f"same-{number}", "Same", date="@" + (
            date if "T" in date else f'"{date}"'), body="identical words")
    files["same/undated.toml"] = record("same-undated", "Same", body="identical words")
    return make(tmp_path_factory, "ranking", files)


def test_title_ranks_above_body(ranked: Library) -> None:
    assert ids(ranked.search("armistice")) == ["in-title", "in-body"]


def test_people_rank_above_body(ranked: Library) -> None:
    assert ids(ranked.search("Gomulka")) == ["in-people", "in-text"]


@pytest.mark.parametrize(("query", "first"), [("Armis*", "in-title"), ("Gomul*", "in-people"),
                                             ("Kaesong armistice", "in-title"), ('"Wladyslaw Gomulka"', "in-people")])
def test_title_and_people_rank_first_for_prefixes_and_phrases(ranked: Library, query: str, first: str) -> None:
    assert ids(ranked.search(query))[0] == first


@pytest.fixture(scope="module")
def many_words(tmp_path_factory: pytest.TempPathFactory) -> Library:
    # Forty words starting "zan", the first in forty records, the next in one fewer, and so on:
    # more than a prefix is ranked by (plan.PREFIX_TERMS). The rarest is also in one title.
    files = {f"w{n}-{k}.toml": record(f"w{n}-{k}", "a letter", body=f"zan{n:02d}x and more")
             for n in range(40) for k in range(40 - n)}
    files["named.toml"] = record("named", "zan39x in the title", body="nothing")
    return make(tmp_path_factory, "many-words", files)


@pytest.mark.parametrize(("flat", "listed"), [(plan.PREFIX_FLAT, plan.PREFIX_LISTED), (4, plan.PREFIX_LISTED), (4, 4)])
def test_a_prefix_of_many_words_finds_every_record_and_ranks_a_title_first(
        many_words: Library, monkeypatch: pytest.MonkeyPatch, flat: int, listed: int) -> None:
    # A prefix's rarer words are each a term of the query, or past PREFIX_FLAT one set of terms,
    # or past PREFIX_LISTED a pattern.
    monkeypatch.setattr(plan, "PREFIX_FLAT", flat)
    monkeypatch.setattr(plan, "PREFIX_LISTED", listed)
    results = many_words.search("zan*", limit=1000, snippets=False)
    assert results.total == sum(range(1, 41)) + 1
    assert {hit.card.id for hit in results.hits} >= {"w39-0", "w30-0", "named"}
    assert results.hits[0].card.id == "named"
    assert found(many_words, "zan3*") == {f"w{n}-{k}" for n in range(30, 40) for k in range(40 - n)} | {"named"}


@pytest.mark.parametrize(
    "word", ["Henderson", "Clubb", "telephone", "Switzerland", "Hammarskjöld", "Tsarapkin", "Sherman"]
)
def test_title_and_people_rank_above_the_rest_in_the_bundled_corpus(bundled: Library, word: str) -> None:
    hits = bundled.search(word, limit=1000, snippets=False).hits
    assert len(hits) >= 3
    folded = fold(word)[0]

    def named(rid: str) -> bool:
        record = bundled.record(rid)
        assert record is not None
        names = [record.title, *record.names("authors"), *record.names("recipients"), *record.names("people")]
        return any(folded in fold(name) for name in names)

    flags = [named(hit.card.id) for hit in hits]
    assert any(flags)
    assert flags == sorted(flags, reverse=True), word  # every named hit before every other


def test_exact_ranks_above_fuzzy(ranked: Library) -> None:
    assert ids(ranked.search("military")) == ["exact", "fuzzy"]
    assert ids(ranked.search("militery")) == ["fuzzy", "exact"]


SAME_BY_DATE = ["same-4", "same-3", "same-2", "same-1", "same-0", "same-undated"]


def test_ties_are_broken_by_date_earlier_first(ranked: Library) -> None:
    results = ranked.search("identical")
    assert len({round(hit.score, 5) for hit in results.hits}) == 1
    assert ids(results) == SAME_BY_DATE


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_ties_are_broken_by_date_on_every_page(ranked: Library, limit: int) -> None:
    pages = [ids(ranked.search("identical", limit=limit, offset=offset)) for offset in range(0, 6, limit)]
    assert [rid for page in pages for rid in page] == SAME_BY_DATE
    assert all(ranked.search("identical", limit=limit, offset=offset).total == 6 for offset in (0, 5))


def test_ties_by_date_over_the_bundled_corpus(bundled: Library) -> None:
    # Many telegrams share the title words; the first page must hold the earliest of any tie.
    everything = bundled.search("Telegram Embassy", limit=1000, snippets=False).hits
    first = bundled.search("Telegram Embassy", limit=10, snippets=False).hits
    assert [hit.card.id for hit in first] == [hit.card.id for hit in everything[:10]]


def test_the_last_possible_moment_still_sorts_before_the_undated(tmp_path_factory: pytest.TempPathFactory) -> None:
    library = make(tmp_path_factory, "last", {
        "none.toml": record("none", "Same", body="identical words"),
        "last.toml": record("last", "Same", date="@9999-12-31T23:59:59", body="identical words"),
        "first.toml": record("first", "Same", date="0001-01-01", body="identical words"),
    })
    assert ids(library.search("identical")) == ["first", "last", "none"]
    assert ids(library.search("date:0001..9999")) == ["first", "last"]


def test_a_word_in_most_records_earns_no_bonus_for_a_title_or_a_name(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The bonus is left out of the engine's query, which then runs twice as fast; a word that
    names something keeps it."""
    library = make(tmp_path_factory, "common", {
        f"{n}.toml": record(f"r{n}", "Report of the day" if n == 0 else "Report", body=f"notes of the meeting {n}")
        for n in range(5)
    } | {"rare.toml": record("rare", "Meeting", body="the armistice")})
    view = library.search_view()
    for words in ("of", '"of the"'):
        plan = view.plan(words)
        assert plan is not None and "Const" not in repr(plan.query), words
    plan = view.plan("armistice")
    assert plan is not None and "Const(score=1000" in repr(plan.query)
    assert ids(library.search("of"))[0] == "r0"  # the title still counts, as a field's words do


# ---------------------------------------------------------------- snippets


@pytest.fixture(scope="module")
def snippets(tmp_path_factory: pytest.TempPathFactory) -> Library:
    long_text = " ".join(f"word{n}" for n in range(120)) + " the armistice was signed " + " ".join(
        f"more{n}" for n in range(120))
    return make(tmp_path_factory, "snippets", {
        "corpus.toml": 'title = "S"\n[aliases]\n"Kim Il Sung" = ["Kim Il-sung"]\n',
        "a.toml": record("mixed", "Mixed", body="Władysław Gomułka met the militia; the military council and "
                                                "Kim Il Sung [sic] wrote *not bold* <b>tag</b> in 1950-10."),
        "b.toml": record("long", "Long", body=long_text),
        "c.toml": record("controls", "Controls", body="\\u001b[31mred\\u001b[0m about \\u0007bells and "
                                                      "\\u202eevil\\u202c words\\r\\nline\\tend \\u009b31m"),
        "d.toml": record("summary", "Summary", summary="The blockade of China.", body="No such word."),
        "e.toml": record("markup", "Markup", body="[bold]armistice[/bold] **armistice** <i>armistice</i>"),
        # Korea twice at the start, a phrase with a common word (one term of the index) far below.
        "f.toml": record("far", "Far", body="Korea and Korea. " + " ".join(f"filler{n}" for n in range(300))
                         + " In Korea the quagga was seen."),
    })


def _covers(highlight: Highlight, text: str) -> bool:
    """True when `text` folds to a matched word, a word starting with a matched prefix, or a phrase."""
    words = tuple(fold(text))
    if len(words) == 1 and (words[0] in highlight.terms or words[0].startswith(highlight.prefixes)):
        return True
    return words in highlight.phrases


@pytest.mark.parametrize(
    ("query", "rid", "marked"),
    [
        ("Gomulka", "mixed", ["Gomułka"]),
        ("gomułka wladyslaw", "mixed", ["Władysław", "Gomułka"]),
        ("milit*", "mixed", ["militia", "military"]),
        ('"military council"', "mixed", ["military council"]),
        ("militery council", "mixed", ["military", "council"]),
        ("Kim Il-sung", "mixed", ["Kim Il Sung"]),
        ("sic", "mixed", ["sic"]),
        ("armistice", "long", ["armistice"]),
        ("armistice", "markup", ["armistice"] * 3),
        ("bells evil", "controls", ["bells", "evil"]),
        ("blockade", "summary", ["blockade"]),
    ],
)
def test_spans_cover_the_matched_words(snippets: Library, query: str, rid: str, marked: list[str]) -> None:
    results = snippets.search(query)
    for hit in results.hits:
        for a, b in hit.spans:
            assert 0 <= a < b <= len(hit.snippet)
            assert _covers(results.highlight, hit.snippet[a:b]), (hit.snippet, hit.snippet[a:b])
    (hit,) = [hit for hit in results.hits if hit.card.id == rid]
    assert [hit.snippet[a:b] for a, b in hit.spans] == marked


def test_snippets_hold_no_markup(snippets: Library) -> None:
    (hit,) = snippets.search("Wladyslaw sic").hits
    assert hit.snippet == ("Władysław Gomułka met the militia; the military council and Kim Il Sung [sic] wrote "
                           "*not bold* <b>tag</b> in 1950-10.")
    (hit,) = snippets.search("armistice -word1").hits
    assert hit.snippet == "[bold]armistice[/bold] **armistice** <i>armistice</i>"
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["armistice"] * 3


def test_a_snippet_is_a_short_passage_around_the_match(snippets: Library) -> None:
    (hit,) = snippets.search("armistice -bold").hits
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 202 and "\n" not in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["armistice"]


def test_control_characters_are_made_visible_in_snippets(snippets: Library) -> None:
    (hit,) = snippets.search("bells").hits
    assert "\x1b" not in hit.snippet and "\x07" not in hit.snippet and "\x9b" not in hit.snippet
    assert "\u202e" not in hit.snippet and "\r" not in hit.snippet and "\t" not in hit.snippet
    assert hit.snippet.startswith("^[[31mred^[[0m about ^Gbells and <U+202E>evil<U+202C> words line end")
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["bells"]


def test_a_snippet_shows_a_phrase_the_index_holds_as_one_term(snippets: Library) -> None:
    # The engine picks a passage by the words it is asked for: a phrase's own words count, although
    # the index finds "the quagga" as one term in a field of pairs.
    (hit,) = snippets.search('"the quagga" korea').hits
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["Korea", "the quagga"]


def test_snippet_from_the_summary_when_the_body_lacks_the_word(snippets: Library) -> None:
    (hit,) = snippets.search("blockade").hits
    assert hit.snippet == "The blockade of China."


def test_no_snippets_when_not_asked(snippets: Library) -> None:
    (hit,) = snippets.search("blockade", snippets=False).hits
    assert hit.snippet == "" and hit.spans == ()


def test_snippets_over_the_bundled_corpus(bundled: Library) -> None:
    for query in ("Gomułka", "Khrushchev Berlin", '"naval blockade"', "milit*", "Peiping", "militery"):
        results = bundled.search(query, limit=20)
        assert results.hits, query
        for hit in results.hits:
            assert "\x1b" not in hit.snippet
            for a, b in hit.spans:
                assert _covers(results.highlight, hit.snippet[a:b]), (query, hit.snippet[a:b])
        assert any(hit.spans for hit in results.hits), query


# ---------------------------------------------------------------- accents in every script


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make(tmp_path_factory, "scripts", {
        "greek.toml": record("greek", "Ο Σίσυφος", body="Ο μύθος του Σίσυφου και η πέτρα"),
        "plain.toml": record("plain", "Ο Σισυφος ξανά", body="χωρίς τόνους: ο μυθος"),
        "russian.toml": record("russian", "Ёлка", body="Новогодняя ёлка в Кремле"),
        "other.toml": record("other", "Nothing", body="Sisyphus in Latin letters"),
    })


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Σισυφος", {"greek", "plain"}),  # no accent typed: the accented title too
        ("Σίσυφος", {"greek", "plain"}),  # an accent typed: the unaccented one too
        ("σισυφοσ", {"greek", "plain"}),  # a sigma for the final sigma
        ("μυθος", {"greek", "plain"}),
        ('"ο μυθος"', {"greek", "plain"}),
        ('"μυθος ξανα"', set()),
        ('"του σισυφου"', {"greek"}),
        ("елка", {"russian"}),
        ("ёлка кремле", {"russian"}),
        ("title:σισυφος", {"greek", "plain"}),
    ],
)
def test_accents_fold_in_every_script_both_ways(scripts: Library, query: str, expected: set[str]) -> None:
    assert found(scripts, query) == expected


def test_a_match_in_another_script_is_marked_where_it_stands(scripts: Library) -> None:
    results = scripts.search("Σισυφου πετρα")
    assert ids(results) == ["greek"]
    text, spans = results.hits[0].snippet, results.hits[0].spans
    assert [text[start:end] for start, end in spans] == ["Σίσυφου", "πέτρα"]
