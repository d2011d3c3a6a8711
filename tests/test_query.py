"""The query language: every construct parsed, every refusal placed, and no input that breaks it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.index_helpers import build, record, write_files
from tui.index.library import Library
from tui.index.query import FIELDS, And, DateRange, Not, Or, Phrase, QueryError, Word, parse_query

D = dt.date


# ---------------------------------------------------------------- constructs


def test_words_all_must_match() -> None:
    assert parse_query("armistice  talks") == And((Word("armistice", start=0), Word("talks", start=11)))


def test_single_word_is_the_word() -> None:
    assert parse_query("  Kaesong ") == Word("Kaesong", start=2)


def test_quoted_phrase() -> None:
    assert parse_query('"naval blockade" China') == And(
        (Phrase("naval blockade", start=0), Word("China", start=17))
    )


def test_prefix() -> None:
    assert parse_query("milit*") == Word("milit", prefix=True, start=0)
    assert parse_query("Gomuł*") == Word("Gomuł", prefix=True, start=0)


@pytest.mark.parametrize("bar", ["OR", "|"])
def test_or(bar: str) -> None:
    assert parse_query(f"Formosa {bar} Taiwan") == Or((Word("Formosa", start=0), Word("Taiwan", start=9 + len(bar))))


def test_or_binds_looser_than_and() -> None:
    assert parse_query("a b OR c") == Or((And((Word("a", start=0), Word("b", start=2))), Word("c", start=7)))


def test_explicit_and_is_the_same_as_a_space() -> None:
    assert parse_query("a AND b") == And((Word("a", start=0), Word("b", start=6)))


def test_lower_case_operators_are_words() -> None:
    assert parse_query("war or peace") == And((Word("war", start=0), Word("or", start=4), Word("peace", start=7)))


def test_minus_and_not() -> None:
    assert parse_query("Korea -Japan") == And((Word("Korea", start=0), Not(Word("Japan", start=7))))
    assert parse_query("Korea NOT Japan") == And((Word("Korea", start=0), Not(Word("Japan", start=10))))
    assert parse_query("-Japan") == Not(Word("Japan", start=1))


def test_minus_inside_a_word_is_part_of_it() -> None:
    assert parse_query("Sino-Soviet") == Word("Sino-Soviet", start=0)
    assert parse_query("Kai-shek -x") == And((Word("Kai-shek", start=0), Not(Word("x", start=10))))


def test_a_lone_minus_is_a_word_not_an_operator() -> None:
    assert parse_query("a -") == And((Word("a", start=0), Word("-", start=2)))


def test_parentheses_group() -> None:
    assert parse_query("(Formosa OR Taiwan) -Japan") == And(
        (Or((Word("Formosa", start=1), Word("Taiwan", start=12))), Not(Word("Japan", start=21)))
    )
    assert parse_query("-(a b)") == Not(And((Word("a", start=2), Word("b", start=4))))
    assert parse_query("((a))") == Word("a", start=2)


def test_double_negation_parses_as_two() -> None:
    assert parse_query("NOT -a") == Not(Not(Word("a", start=5)))


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_takes_a_word_a_phrase_and_a_prefix(field: str) -> None:
    start = len(field) + 1
    assert parse_query(f"{field}:Kim") == Word("Kim", field, False, start)
    assert parse_query(f'{field}:"Kim Il Sung"') == Phrase("Kim Il Sung", field, start)
    assert parse_query(f"{field}:Ki*") == Word("Ki", field, True, start)
    assert parse_query(f"{field.upper()}:Kim") == Word("Kim", field, False, start)


def test_fields_combine_with_words_and_operators() -> None:
    assert parse_query("author:Stalin Mao OR -place:Korea") == Or(
        (And((Word("Stalin", "author", start=7), Word("Mao", start=14))), Not(Word("Korea", "place", start=28)))
    )


def test_a_colon_in_a_url_is_not_a_field() -> None:
    assert parse_query("https://history.state.gov") == Word("https://history.state.gov", start=0)


def test_a_word_before_a_colon_that_names_no_field_is_the_word() -> None:
    from tui.index.query import parse_bounded

    bounded = parse_bounded("Ike: Korean crowds cheering Americans")
    assert bounded.node == And((Word("Ike", None, False, 0), Word("Korean", None, False, 5),
                                Word("crowds", None, False, 12), Word("cheering", None, False, 19),
                                Word("Americans", None, False, 28)))
    assert bounded.notices == ("Ike: is not a field: searched as a word",)
    bounded = parse_bounded("autor:khrushchev colour:red")
    assert bounded.node == And((Word("autor"), Word("khrushchev", None, False, 6), Word("colour", None, False, 17),
                                Word("red", None, False, 24)))
    assert bounded.notices == ("autor: is not a field (did you mean author:?): searched as a word",
                               "colour: is not a field: searched as a word")
    assert parse_query("Title:Korea") == Word("Korea", "title", False, 6)  # a field in any case


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("date:1950", D(1950, 1, 1), D(1950, 12, 31)),
        ("date:1950-10", D(1950, 10, 1), D(1950, 10, 31)),
        ("date:1952-02", D(1952, 2, 1), D(1952, 2, 29)),
        ("date:1950-10-08", D(1950, 10, 8), D(1950, 10, 8)),
        ("date:1950-06..1951-03", D(1950, 6, 1), D(1951, 3, 31)),
        ("date:1950..1953", D(1950, 1, 1), D(1953, 12, 31)),
        ("date:1950-10-15..1950-11-02", D(1950, 10, 15), D(1950, 11, 2)),
        ("date:..1950", None, D(1950, 12, 31)),
        ("date:1962..", D(1962, 1, 1), None),
        ("date:1950-10-08..", D(1950, 10, 8), None),
        ("DATE:1950", D(1950, 1, 1), D(1950, 12, 31)),
    ],
)
def test_dates(query: str, start: D | None, end: D | None) -> None:
    assert parse_query(query) == DateRange(start, end)


def test_a_date_combines_with_words() -> None:
    assert parse_query("Stalin date:1950") == And((Word("Stalin", start=0), DateRange(D(1950, 1, 1), D(1950, 12, 31))))


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("query", "position", "says"),
    [
        ("", 0, "type a word"),
        ("   ", 0, "type a word"),
        ('"naval blockade', 0, "quote is never closed"),
        ('China "naval', 6, "quote is never closed"),
        ("(Formosa OR Taiwan", 0, "( is never closed"),
        ("a (b", 2, "( is never closed"),
        ("(", 0, "( is never closed"),
        ("Formosa)", 7, ") closes nothing"),
        (")", 0, ") closes nothing"),
        ("a -)", 3, ") closes nothing"),
        ("()", 0, "empty parentheses"),
        ("a OR", 2, "OR needs something"),
        ("OR a", 0, "OR needs something"),
        ("a OR OR b", 2, "OR needs something"),
        ("(a OR)", 3, "OR needs something"),
        ("AND a", 0, "AND needs something"),
        ("a AND", 2, "AND needs something"),
        ("a AND AND b", 2, "AND needs something"),
        ("a NOT", 2, "NOT needs"),
        ("NOT", 0, "NOT needs"),
        ("a NOT OR b", 2, "NOT needs"),
        ("*", 0, "letters before the *"),
        ("a *", 2, "letters before the *"),
        ("mi*lit", 2, "can only end a word"),
        ("x author:", 2, "needs a word"),
        ("author: Stalin", 0, "needs a word"),
        ("author:(Stalin)", 0, "needs a word"),
        ("date:", 0, "needs a word"),
        ("date:1950-13", 10, "no month 13"),
        ("date:1950-00", 10, "no month 00"),
        ("date:1950-02-30", 13, "no day 30"),
        ("date:1951-02-29", 13, "no day 29"),
        ("date:0000", 5, "no year 0000"),
        ("date:195", 5, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:1950-1", 5, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:October", 5, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:1950-10-08T10:00", 5, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:1950..1950-13", 16, "no month 13"),
        ("date:..", 5, "at least one end"),
        ("date:1951..1950", 5, "ends before it starts"),
        ("date:1950-10-08..1950-10-07", 5, "ends before it starts"),
        ('date:"1950"', 5, "date: takes"),
        ("date:195*", 5, "date: takes"),
        ("Stalin date:1950-13 Mao", 17, "no month 13"),
    ],
)
def test_malformed_queries_say_where(query: str, position: int, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.position == position
    assert says in caught.value.message


def test_pointer_puts_the_caret_under_the_spot() -> None:
    query = 'China "naval'
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    query_line, caret_line = caught.value.pointer(query).splitlines()
    assert query_line == query
    assert caret_line.index("^") == 6 and caret_line.endswith(caught.value.message)


def test_pointer_makes_controls_visible_and_counts_their_width() -> None:
    query = 'a\x1b[2J "open'
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    query_line, caret_line = caught.value.pointer(query).splitlines()
    assert "\x1b" not in query_line
    assert query_line[caret_line.index("^")] == '"'


# ---------------------------------------------------------------- any input

# Words, operators, fields, dates and the characters that mean something, glued in any order.
PIECES = st.sampled_from(
    ["(", ")", '"', "*", "-", ":", " ", "OR", "AND", "NOT", "|", "+", "..", "title", "author", "date", "id",
     "lang", "ref", "colour", "1950", "1950-10", "1950-13", "Kim", "Gomułka", "militery", "Feng Xi", "\x1b", "é"]
)
QUERIES = st.one_of(
    st.text(),
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(PIECES, max_size=10).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(QUERIES)
@example('id:"A-1 x"')
@example("lang:\"en\"")
@example("NOT NOT a")
def test_the_parser_raises_only_query_errors_inside_the_query(query: str) -> None:
    try:
        parse_query(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
        assert error.message
        assert error.pointer(query).count("\n") == 1


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("query")
    corpus = write_files(root / "corpus", {
        "corpus.toml": 'title = "T"\n[aliases]\n"Joseph Stalin" = ["Stalin", "Feng Xi"]\n',
        "a.toml": record("A-1 x", "Letter from Feng Xi", date="1950-10", language="en", type="Letter",
                         body="Gomułka and the militia. Kim \\u001b[2J."),
        "b/c.toml": record("b#2", "Telegram", date="@1950-10-08T22:15:00", language="zh-Hant",
                           source={"reference": "f. 45, op. 1"}),
    })
    return build(corpus, root / "index")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
@example('id:"A-1 x"')
@example('lang:"zh"')
@example("-NOT Kim")
@example("date:..0001")
@example("date:9999..")
@example("militery*")
@example("id:a[b*")
def test_search_never_raises(library: Library, query: str) -> None:
    results = library.search(query, limit=5)
    if results.error is not None:
        assert results.total == 0 and results.hits == []
        with pytest.raises(QueryError):
            parse_query(query)
    else:
        assert results.total >= len(results.hits)
        assert all(hit.card.id in ("A-1 x", "b#2") for hit in results.hits)


def test_an_id_or_language_in_quotes_is_the_whole_value(library: Library) -> None:
    assert [hit.card.id for hit in library.search('id:"A-1 x"').hits] == ["A-1 x"]
    assert [hit.card.id for hit in library.search('lang:"zh"').hits] == ["b#2"]


def test_search_reports_a_malformed_query_as_an_error(library: Library) -> None:
    results = library.search("date:1950-13")
    assert isinstance(results.error, QueryError) and results.error.position == 10
    assert results.total == 0 and results.hits == []
