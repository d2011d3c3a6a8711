"""Every rule of the record format, and every kind of problem, each at its line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import WriteCorpus
from tui.model import Problem, load_corpus

MINIMAL = 'id = "a"\ntitle = "A"\n'


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_one_record_file_keeps_every_key_in_order(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "a.toml": (
                'id = "a"\ntitle = "A"\nzeta = 1\ndate = 1950-10-08\nalpha = "x"\nbody = "text"\n'
                '[source]\nrepository = "R"\nnote = "kept"\npages = "1–2"\n'
            )
        }
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    record = corpus.by_id["a"]
    assert list(record.fields) == ["id", "title", "zeta", "date", "alpha", "body", "source"]
    assert record.unknown() == [("zeta", 1), ("alpha", "x"), ("source.note", "kept"), ("source.pages", "1–2")]
    assert record.date is not None and record.date.display == "8 October 1950"
    assert record.source_text("repository") == "R"
    assert record.line == 1


def test_records_files_hold_many_records_with_their_own_source(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "many.toml": (
                '# a file of two\n\n[[record]]\nid = "a-1"\ntitle = "One"\n\n'
                '[[record]]\nid = "a-2"\ntitle = "Two"\n\n[record.source]\nrepository = "Archive"\n'
            )
        }
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    one, two = corpus.records
    assert (one.id, one.line, one.position) == ("a-1", 3, 0)
    assert (two.id, two.line, two.position) == ("a-2", 7, 1)
    assert one.source == {}
    assert two.source_text("repository") == "Archive"


def test_integer_ids_are_their_decimal_string(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {"a.toml": 'id = 77\ntitle = "Int"\nrelated = ["78"]\n', "b.toml": 'id = "78"\ntitle = "Str"\nrelated = [77]\n'}
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert corpus.by_id["77"].related == ("78",)
    assert corpus.by_id["78"].related == ("77",)


def test_string_or_list_for_name_keys(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": MINIMAL + 'authors = "One"\npeople = ["A", "B"]\ntranslators = []\n'})
    record = load_corpus(root).by_id["a"]
    assert record.names("authors") == ("One",)
    assert record.names("people") == ("A", "B")
    assert record.names("translators") == ()


def test_both_body_formats(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "t.toml": 'id = "t"\ntitle = "T"\nbody = "x"\n',
            "m.toml": 'id = "m"\ntitle = "M"\nbody = "# Head"\nbody_format = "markdown"\n',
            "u.toml": 'id = "u"\ntitle = "U"\nbody = "x"\nbody_format = "html"\n',
        }
    )
    corpus = load_corpus(root)
    assert corpus.by_id["t"].body_format == "text"
    assert corpus.by_id["m"].body_format == "markdown"
    assert corpus.by_id["u"].body_format == "text"
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column, problem.id) == ("u.toml", 4, 1, "u")
    assert 'body_format "html"' in problem.message and '"text" or "markdown"' in problem.message


def test_offset_date_time_is_a_date(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": MINIMAL + "date = 1950-10-07T22:15:00+03:00\n"})
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert corpus.by_id["a"].date is not None
    assert corpus.by_id["a"].date.time == dt.time(22, 15, tzinfo=dt.timezone(dt.timedelta(hours=3)))


def test_bom_is_skipped(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": b"\xef\xbb\xbf" + MINIMAL.encode()})
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert corpus.by_id["a"].title == "A"


def test_strings_are_kept_byte_for_byte(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": MINIMAL + 'body = "esc \\u001b[2J bell \\u0007 [bold]x[/] tab\\t"\n'})
    body = load_corpus(root).by_id["a"].body
    assert body == "esc \x1b[2J bell \x07 [bold]x[/] tab\t"


# Problems: each kind, with its file, line, column and id.


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('id = "a"\ntitle = "A"\ndate = "1950-13-01"\n', 3, 1, 'date "1950-13-01": there is no month 13'),
        ('id = "a"\ntitle = "A"\ndate = "1950-02-30"\n', 3, 1, "February 1950 has no day 30"),
        ('id = "a"\ntitle = "A"\n  date = 1950\n', 3, 3, "date 1950: a number, not a date"),
        ('id = "a"\ntitle = "A"\ndate = 22:15:00\n', 3, 1, "a time of day without a day"),
        ('id = "a"\ntitle = "A"\nauthors = 5\n', 3, 1, "authors 5: a number, not a list of strings"),
        ('id = "a"\ntitle = "A"\npeople = ["x", 5]\n', 3, 1, "item 2 is a number"),
        ('id = "a"\ntitle = "A"\nsummary = ["x"]\n', 3, 1, "summary"),
        ('id = "a"\ntitle = "A"\nlanguage = "english language"\n', 3, 1, "not a BCP 47 language tag"),
        ('id = "a"\ntitle = "A"\nrelated = "b"\n', 3, 1, "not a list of record ids"),
        ('id = "a"\ntitle = "A"\nsource = "a string"\n', 3, 1, 'source "a string": a string, not a table'),
        ('id = "a"\ntitle = "A"\n\n[source]\nurl = 5\n', 5, 1, "source.url 5: a number, not a string"),
        ('id = "a"\ntitle = "A"\n[source]\nuploaded = "2019-01-01"\n', 4, 1, "not a TOML date"),
        ('id = "a"\ntitle = "A"\nsource = { repository = 1 }\n', 3, 12, "source.repository 1"),
    ],
)
def test_a_bad_optional_key_is_a_problem_and_the_record_still_loads(
    write_corpus: WriteCorpus, text: str, line: int, column: int, fragment: str
) -> None:
    corpus = load_corpus(write_corpus({"a.toml": text}))
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column, problem.id) == ("a.toml", line, column, "a")
    assert fragment in problem.message
    record = corpus.by_id["a"]
    assert record.title == "A"  # every other key still loads


def test_a_bad_key_is_kept_as_written_but_not_used(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(
        write_corpus({"a.toml": MINIMAL + 'date = "1950-13-01"\nauthors = ["x", 5]\ntype = "Letter"\n'})
    )
    record = corpus.by_id["a"]
    assert record.fields["date"] == "1950-13-01"
    assert record.date is None
    assert record.fields["authors"] == ["x", 5]
    assert record.names("authors") == ()
    assert record.text("type") == "Letter"
    assert record.invalid == {"date", "authors"}


@pytest.mark.parametrize(
    ("text", "line", "column", "record_id", "fragment"),
    [
        ('title = "No id"\n', 1, 1, None, "has no id"),
        ('id = true\ntitle = "T"\n', 1, 1, None, "id true: a boolean"),
        ('id = 1.5\ntitle = "T"\n', 1, 1, None, "id 1.5: a number"),
        ('id = ""\ntitle = "T"\n', 1, 1, None, 'id "": empty'),
        ('id = "x"\n', 1, 1, "x", 'record "x" has no title'),
        ('id = "x"\n\ntitle = 5\n', 3, 1, "x", "title 5: a number, not a string"),
        ('id = "x"\ntitle = "  "\n', 2, 1, "x", "empty"),
    ],
)
def test_missing_or_mistyped_required_keys_mean_no_record(
    write_corpus: WriteCorpus, text: str, line: int, column: int, record_id: str | None, fragment: str
) -> None:
    corpus = load_corpus(write_corpus({"a.toml": text, "ok.toml": 'id = "ok"\ntitle = "Fine"\n'}))
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column, problem.id) == ("a.toml", line, column, record_id)
    assert fragment in problem.message and "not loaded" in problem.message
    assert [r.id for r in corpus.records] == ["ok"]


def test_a_key_a_letter_or_two_from_a_known_one_gets_a_hint(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({
        "a.toml": 'id = "a"\ntitel = "Typed in haste"\n',
        "b.toml": 'id = "b"\ntitle = "B"\nsumary = "A summary"\nnotes = "an extra key of our own"\n',
        "c.toml": 'di = "c"\ntitle = "C"\n',
    }))
    by_path = {problem.path: problem for problem in corpus.problems}
    assert set(by_path) == {"a.toml", "b.toml", "c.toml"}  # `notes` is far from every key: no problem
    assert by_path["a.toml"].message.endswith("has no title, so it is not loaded; add title = \"...\" "
                                              "(did you mean `title` for `titel`?)")
    assert (by_path["b.toml"].line, by_path["b.toml"].column) == (3, 1)
    assert by_path["b.toml"].message == "sumary: not a key of the format, kept as written; did you mean `summary`?"
    assert "did you mean `id` for `di`?" in by_path["c.toml"].message
    assert [r.id for r in corpus.records] == ["b"] and corpus.by_id["b"].fields["sumary"] == "A summary"


def test_near_misses() -> None:
    from tui.model.spelling import distance, meant

    assert distance("titel", "title") == 1 and distance("sumary", "summary") == 1 and distance("abc", "") == 3
    assert meant("titel", ["title", "type"]) == "title"
    assert meant("Autor", ["author", "authors"]) == "author"
    assert meant("title", ["title"]) is None and meant("notes", ["title", "date"]) is None
    assert meant("xy", ["id"]) is None  # two letters: one edit at most


def test_missing_id_in_a_records_file_points_at_its_table(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"m.toml": '[[record]]\nid = "a"\ntitle = "A"\n\n[[record]]\ntitle = "no id"\n'})
    corpus = load_corpus(root)
    problem = only(corpus.problems)
    assert (problem.line, problem.column) == (5, 1)
    assert [r.id for r in corpus.records] == ["a"]


def test_not_utf8_names_line_and_column(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({"bad.toml": b'id = "a"\ntitle = "caf\xe9"\n', "ok.toml": MINIMAL}))
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column) == ("bad.toml", 2, 13)
    assert "not valid UTF-8" in problem.message and "0xe9" in problem.message
    assert [r.id for r in corpus.records] == ["a"]


def test_not_toml_names_where_the_parser_stopped(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({"bad.toml": 'id = "b"\ntitle = "open\n', "ok.toml": MINIMAL}))
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column) == ("bad.toml", 2, 14)
    assert problem.message.startswith("not valid TOML")
    assert [r.id for r in corpus.records] == ["a"]


@pytest.mark.parametrize("text", ["", "\n\n  \n", "# only a comment\n# and another\n"])
def test_a_file_with_no_record_is_a_problem(write_corpus: WriteCorpus, text: str) -> None:
    problem = only(load_corpus(write_corpus({"empty.toml": text})).problems)
    assert problem.path == "empty.toml"
    assert "holds no record" in problem.message


def test_top_level_keys_beside_records_tables(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"m.toml": '# x\ntitle = "stray"\n\n[[record]]\nid = "a"\ntitle = "A"\n'})
    corpus = load_corpus(root)
    problem = only(corpus.problems)
    assert (problem.line, problem.column) == (2, 1)
    assert "outside [[record]]" in problem.message
    assert [r.id for r in corpus.records] == ["a"]


def test_duplicate_ids_both_load_and_links_go_to_the_first(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "a/one.toml": 'id = "dup"\ntitle = "First"\n',
            "b.toml": '# second\nid = "dup"\ntitle = "Second"\n',
            "c.toml": 'id = "c"\ntitle = "C"\nrelated = ["dup"]\n',
        }
    )
    corpus = load_corpus(root)
    problem = only(corpus.problems)
    assert (problem.path, problem.line, problem.column, problem.id) == ("b.toml", 2, 1, "dup")
    assert "a/one.toml:1" in problem.message
    assert [r.title for r in corpus.records if r.id == "dup"] == ["First", "Second"]
    assert corpus.by_id["dup"].title == "First"


def test_related_id_that_does_not_exist(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "m.toml": (
                '[[record]]\nid = "a"\ntitle = "A"\n\n[[record]]\nid = "b"\ntitle = "B"\n  related = ["a", "zz"]\n'
            )
        }
    )
    problem = only(load_corpus(root).problems)
    assert (problem.path, problem.line, problem.column, problem.id) == ("m.toml", 8, 3, "b")
    assert 'related "zz": no record has this id' in problem.message


def test_a_problem_message_never_holds_raw_control_characters(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": MINIMAL + 'date = "\\u001b[2J\\u0007"\nlanguage = "\\u009b31m"\n'})
    problems = load_corpus(root).problems
    assert len(problems) == 2
    for problem in problems:
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in problem.message)
    assert "^[[2J^G" in problems[0].message


def test_problem_text_form_is_path_line_column(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"sub/a.toml": MINIMAL + 'date = "x"\n'})
    problem = only(load_corpus(root).problems)
    assert str(problem).startswith('sub/a.toml:3:1: date "x"')
    assert problem.to_json() == {"path": "sub/a.toml", "line": 3, "column": 1, "id": "a", "message": problem.message}


def test_bundled_corpus_has_no_problems(bundled: Path) -> None:
    corpus = load_corpus(bundled)
    assert corpus.problems == []
    assert len(corpus.records) == 990
    assert "1950-10-08-stalin-kim" in corpus.by_id
