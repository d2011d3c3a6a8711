"""Properties: random, garbled and deeply nested TOML and random queries, through every command
and the browser's session, never raise; each problem is one located line."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import BUNDLED
from tests.hostile_toml import queries, records_files
from tests.test_hostile_input import run_main
from tui.model import load_corpus
from tui.render.metadata import metadata_rows
from tui.session import Session

# PROPERTY_EXAMPLES=500 runs a longer, randomised search; by default the run is short and repeatable.
EXAMPLES = os.environ.get("PROPERTY_EXAMPLES")
SLOW = settings(max_examples=int(EXAMPLES or 40), deadline=None, derandomize=EXAMPLES is None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
QUICK = settings(SLOW, max_examples=int(EXAMPLES or 150))

files_of_a_corpus = st.lists(st.one_of(records_files(), st.binary(max_size=200)), min_size=1, max_size=3)


@pytest.fixture(autouse=True)
def _tracebacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure here shows where it happened, not only that it did."""
    monkeypatch.setenv("READINGROOM_DEBUG", "1")


def _write(root: Path, files: list[str | bytes]) -> None:
    root.mkdir()
    for number, content in enumerate(files):
        path = root / f"f{number}.toml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _search_args(query: str) -> list[str]:
    """The query as a reader would type it: bare when it can be, else after "--"."""
    return [query] if not query.startswith("--") else ["--", query]


@SLOW
@given(files=files_of_a_corpus, query=queries)
def test_random_corpora_through_every_command(files: list[str | bytes], query: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, index = Path(folder) / "corpus", Path(folder) / "index"
        _write(root, files)
        code, out, err = run_main("check", str(root))
        assert code in (0, 1), err
        assert err == ""
        code, out, err = run_main("check", str(root), "--format", "json")
        assert code in (0, 1), err
        report = json.loads(out)
        for problem in report["problems"]:
            assert "\n" not in problem["message"]
            event(problem["message"].split(" ", 1)[0])  # what kinds came up: see --hypothesis-show-statistics
            assert problem["line"] is not None or problem["column"] is None
        code, out, err = run_main("index", str(root), "--out", str(index))
        assert code == 0, err
        ids = [record.id for record in load_corpus(root).records]
        for record_id in [*ids, query]:
            for form in ("text", "json"):
                code, out, err = run_main("show", "--corpus", str(root), "--format", form, "--", record_id)
                assert code in (0, 1), err
        for form in ("text", "json"):
            code, out, err = run_main("search", "--corpus", str(root), "--index", str(index), "--format", form,
                                      *_search_args(query))
            assert code in (0, 2), err
        _through_the_session(root, index, query, expect=len(ids))


def _through_the_session(root: Path, index: Path, query: str, *, expect: int | None = None) -> Session:
    """What the browser asks of a corpus: open, refresh, search, narrow, list, open each record."""
    session = Session(root, index_dir=str(index), secure=True)
    session.refresh_here = True
    session.open()
    session.refresh()
    session.problems()
    for text in (query, "title", ""):
        results = session.search(text)
        scope = session.scope(text)
        session.count(scope)
        session.years(scope)
        for grouping in ("date", "folder", "collection"):
            for group in session.groups(grouping, (), scope):
                if group.leaves:
                    session.records(grouping, group.path, scope)
        for hit in results.hits:
            record = session.record(hit.card)
            if record is not None:
                metadata_rows(record, rights=session.rights(record.path))
    if expect is not None:
        assert session.count() == expect
    return session


@QUICK
@given(query=queries)
def test_random_queries_through_search_and_the_session(query: str, bundled_index: Path) -> None:
    for form in ("text", "json"):
        code, _, err = run_main("search", "--corpus", str(BUNDLED), "--index", str(bundled_index),
                                "--format", form, *_search_args(query))
        assert code in (0, 2), err
    session = Session(BUNDLED, index_dir=str(bundled_index), secure=True)
    session.open()
    results = session.search(query)
    session.count(session.scope(query))
    for hit in results.hits[:3]:
        session.record(hit.card)


def test_the_session_on_the_hostile_fixtures(tmp_path: Path) -> None:
    from tests.hostile_toml import special_files, write_cases

    root = tmp_path / "c"
    write_cases(root)
    made = special_files(root)
    session = _through_the_session(root, tmp_path / "index", "k0 OR deep")
    assert session.count() == 4  # fine, p, q, r
    assert len(session.problems()) == 17 + len(made)


DEEP_QUERIES = ["(" * 400 + "korea" + ")" * 400, "(" * 5000 + "korea" + ")" * 5000, "NOT " * 1000 + "korea",
                "(" * 2000 + "korea"]


@pytest.mark.parametrize("query", DEEP_QUERIES, ids=["parens-400", "parens-5000", "not-1000", "unclosed-2000"])
def test_deeply_nested_queries_are_answered_or_refused(query: str, bundled_index: Path) -> None:
    code, _, err = run_main("search", "--corpus", str(BUNDLED), "--index", str(bundled_index), "--", query)
    assert code in (0, 2), err
    session = Session(BUNDLED, index_dir=str(bundled_index), secure=True)
    session.open()
    session.search(query)
    session.scope(query)
