"""Hostile queries: nesting past the bound is a message at its spot, a pasted page is cut and
said, and a query's typo and prefix look-ups are bounded and said. Nothing raises."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input

from tests.apptools import make_app, ready, settled, wait_for
from tests.index_helpers import build, record, write_files
from tui.cli import main
from tui.index.library import Library
from tui.index.plan import MAX_EXPANDED
from tui.index.query import MAX_DEPTH, MAX_QUERY_CHARS, MAX_WORDS, QueryError, parse_bounded, parse_query
from tui.session import Session

NESTED = "(" * 330 + "korea" + ")" * 330
NEGATED = "NOT " * 200 + "korea"
MINUS_GROUPS = "-(" * 330 + "korea" + ")" * 330
TOO_DEEP = f"groups and negations nest too deep here (at most {MAX_DEPTH})"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("bounds")
    words = ["korea", "military", "government", "telegram", "embassy", "minister", "treaty", "border"]
    corpus = write_files(root / "corpus", {
        f"r{n}.toml": record(f"r{n}", f"Record {n}", body=" ".join(words[: 1 + n % len(words)]) + f" word{n}")
        for n in range(40)
    })
    return build(corpus, root / "index")


@pytest.mark.parametrize("query", [NESTED, NEGATED, MINUS_GROUPS], ids=["parentheses", "NOT", "-("])
def test_nesting_past_the_bound_is_a_message_at_its_spot(library: Library, query: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert error.value.message == TOO_DEEP
    assert query[error.value.position] in "(N-"
    results = library.search(query)
    assert results.total == 0 and results.error is not None and results.error.message == TOO_DEEP


def test_nesting_within_the_bound_still_works(library: Library) -> None:
    depth = MAX_DEPTH - 1
    assert library.search("(" * depth + "korea" + ")" * depth).total == 40
    assert library.search("NOT " * 2 + "korea").total == 40


def test_the_command_line_says_where_and_exits_two(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", NESTED, "--corpus", str(library.corpus), "--index", str(Path(library.location).parent)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("readingroom: malformed query\n") and err.rstrip().endswith(TOO_DEEP)


def test_a_pasted_page_is_cut_said_and_searched(library: Library) -> None:
    rng = random.Random(4)
    page = " ".join(rng.choice(["korea", "military", "(embassy OR treaty)", '"big war"', "-border", "milit*"])
                    for _ in range(12_000))
    assert len(page) > 90_000
    bounded = parse_bounded(page)
    assert bounded.notices[0].startswith("the query is long: searched its first ")
    results = library.search(page)
    assert results.error is None
    assert results.notices[0] == bounded.notices[0]
    assert any(notice.endswith(f"searched the first {MAX_WORDS}") for notice in results.notices)
    kept = int(bounded.notices[0].split("first ")[1].split(" ")[0].replace(",", ""))
    assert kept <= MAX_QUERY_CHARS


def test_a_long_query_of_one_group_is_cut_at_a_space_and_closed(library: Library) -> None:
    query = "(" + " OR ".join(["korea"] * 400) + ") treaty"
    results = library.search(query)
    assert results.error is None and results.total == 40
    assert results.notices[0].startswith("the query is long: searched its first 99")


def test_misspelled_words_are_looked_up_for_a_few_only_and_said(library: Library) -> None:
    typos = " OR ".join(["militery", "governmant", "telegrem", "embasy", "ministar", "treatty", "bordar",
                         "koreaa", "militory", "govermnent", "telegran", "embessy"] * 6)
    results = library.search(typos)
    assert results.error is None and results.total > 0
    assert f"typos and prefixes looked up for the first {MAX_EXPANDED} such words only" in results.notices
    assert len({typed for typed, _correction in results.corrections}) <= MAX_EXPANDED
    assert len(results.notices) == 2 and results.notices[0].startswith("the query has 72 words")


def test_prefixes_past_the_bound_still_find_every_match(library: Library) -> None:
    query = " ".join(["kor*"] * MAX_EXPANDED + ["milit*", "gover*"])
    results = library.search(query, limit=100)
    expected = library.search("korea military government", limit=100)
    assert {hit.card.id for hit in results.hits} == {hit.card.id for hit in expected.hits}
    assert results.notices == [f"typos and prefixes looked up for the first {MAX_EXPANDED} such words only"]


def test_session_scope_and_search_never_raise(library: Library) -> None:
    session = Session(library.corpus, index_dir=str(Path(library.location).parent))
    assert session.open_existing()
    for query in (NESTED, NEGATED, MINUS_GROUPS, "x " * 46_000, "((((", ")))", '"', "-", "*"):
        results = session.search(query)
        scope = session.scope(query, partial=results.partial)
        assert results.error is not None or results.total >= 0
        assert scope.text == query


async def test_the_browser_in_secure_mode_stays_up_and_says_so(tmp_path: Path, config_dir: Path) -> None:
    corpus = write_files(tmp_path / "corpus", {"a.toml": record("a", "Korea letter", body="korea")})
    build(corpus, tmp_path / "index").close()
    app = make_app(corpus, tmp_path / "index", config_dir, secure=True)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        search = screen.query_one("#search", Input)
        search.post_message(events.Paste(NESTED))
        await wait_for(pilot, lambda: "nest too deep" in screen.status.search.plain, "the message")
        assert f"Can't read this query at column {MAX_DEPTH + 1}: {TOO_DEEP}" in screen.status.search.plain
        search.value = ""
        search.post_message(events.Paste("korea " * 15_000))
        await wait_for(pilot, lambda: "searched its first" in screen.status.search.plain, "the notice")
        await settled(pilot)
        assert "1 hit" in screen.status.search.plain
        assert app.is_running


# Pieces that nest, repeat and expand, glued into queries of up to thousands of characters.
HOSTILE = st.lists(st.sampled_from(["(", ")", "NOT ", "-", "-(", '"', "korea ", "milit* ", "militery ", "OR ",
                                    "AND ", "embasy ", "date:1950 ", "title:", " "]), max_size=700).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE)
@example(NESTED)
@example("korea " * 300)
def test_hostile_queries_never_raise_anywhere(library: Library, query: str) -> None:
    try:
        bounded = parse_bounded(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
    else:
        assert len(bounded.notices) <= 2
    results = library.search(query, limit=5, partial=True)
    assert results.error is not None or results.total >= len(results.hits)
