"""Chicago citations: notes, shortened notes, bibliography entries; names, dates and FRUS documents."""

from __future__ import annotations

import pytest

from tests.cite_helpers import BAD_DATA, FRUS, STALIN, corpus_record, make
from tui.cite import Options, chicago, chicago_bib, chicago_short, cite
from tui.cite.dates import date_words, edtf
from tui.cite.names import parse_name
from tui.export.formats import render
from tui.model import parse_date


def test_the_stalin_letter_in_every_chicago_style() -> None:
    record, _ = corpus_record(STALIN)
    assert chicago(record, date_style="month-first") == (
        "Joseph Stalin to Kim Il Sung, October 8, 1950, f. 45, op. 1, d. 347, listy 65-67, "
        "Archive of the President, Russian Federation (APRF).")
    assert chicago_short(record, date_style="day-first") == "Stalin to Kim, 8 October 1950."
    assert chicago_bib(record, date_style="month-first") == (
        "Stalin, Joseph. Letter to Kim Il Sung, October 8, 1950. f. 45, op. 1, d. 347, listy 65-67. "
        "Archive of the President, Russian Federation (APRF).")


def test_a_frus_document_is_cited_in_its_edition() -> None:
    record, manifests = corpus_record(FRUS)
    note = chicago(record, date_style="month-first", manifests=manifests)
    assert note == (
        "Telegram From the Embassy in the Soviet Union to the Department of State, March 20, 1961, in "
        "Foreign Relations of the United States, 1961–1963, vol. V, Soviet Union, doc. 48, pp. 106–108, "
        "https://history.state.gov/historicaldocuments/frus1961-63v05/d48.")
    # Without the manifests (the browser's `c`), the collection's name gives the same edition.
    assert chicago(record, date_style="month-first") == note
    assert chicago_short(record, date_style="month-first", manifests=manifests) == (
        "Embassy in the Soviet Union to Department of State, March 20, 1961, FRUS, 1961–1963, vol. V, doc. 48.")
    assert "*Foreign Relations of the United States, 1961–1963*, vol. V, *Soviet Union*, doc. 48" in \
        render(record, "markdown", Options(manifests=manifests))


def test_a_frus_volume_in_parts() -> None:
    record, manifests = corpus_record("frus1951v07p2-d101")
    assert ", in Foreign Relations of the United States, 1951, vol. VII, pt. 2, Korea and China, doc. 101, " \
           "pp. 1697–1698," in chicago(record, manifests=manifests)


@pytest.mark.parametrize(("text", "family", "given", "organisation"), [
    ("Joseph Stalin", "Stalin", "Joseph", False),
    ("Khrushchev, Nikita S.", "Khrushchev", "Nikita S.", False),
    ("Kim Il Sung", "Kim", "Il Sung", False),
    ("Department of State", None, None, True),
    ("Embassy in the Soviet Union", None, None, True),
    ("Politburo of the CC CPSU", None, None, True),
    ("Ministry of Foreign Affairs, PRC", None, None, True),
])
def test_names_of_organisations_are_never_split(text: str, family: str | None, given: str | None,
                                                 organisation: bool) -> None:
    name = parse_name(text)
    assert (name.family, name.given, name.organisation) == (family, given, organisation)


@pytest.mark.parametrize(("value", "month_first", "day_first", "as_edtf"), [
    ("1950-10-08", "October 8, 1950", "8 October 1950", "1950-10-08"),
    ("1950-10", "October 1950", "October 1950", "1950-10"),
    ("1950?", "1950?", "1950?", "1950?"),
    ("1950-10~", "ca. October 1950", "ca. October 1950", "1950-10~"),
    ("1950-10-07/1950-10-09", "October 7–9, 1950", "7–9 October 1950", "1950-10-07/1950-10-09"),
    ("1950-10-30/1950-11-02", "October 30–November 2, 1950", "30 October–2 November 1950", None),
    ("1950/1953", "1950–1953", "1950–1953", "1950/1953"),
    ("1950/..", "1950 or later", "1950 or later", "1950/.."),
    ("../1950-10", "October 1950 or earlier", "October 1950 or earlier", "../1950-10"),
])
def test_dates_in_either_order(value: str, month_first: str, day_first: str, as_edtf: str | None) -> None:
    date = parse_date(value)
    assert date_words(date, "month-first") == month_first
    assert date_words(date, "day-first") == day_first
    assert edtf(date) == (as_edtf or value)


def test_references_are_kept_as_the_archive_writes_them() -> None:
    record = make(authors=["Joseph Stalin"], source={"reference": "f. 45, op. 1, d. 347, ll. 65–67ob."})
    assert "f. 45, op. 1, d. 347, ll. 65–67ob." in chicago(record)
    assert chicago(record).count("..") == 0


@pytest.mark.parametrize(("name", "record"), BAD_DATA, ids=[name for name, _ in BAD_DATA])
def test_bad_data_still_gets_a_chicago_citation(name: str, record: object) -> None:
    for style in ("chicago", "chicago-short", "chicago-bib"):
        text = cite(record, style, Options())  # type: ignore[arg-type]
        assert text.endswith(".") and ".." not in text and ", ," not in text and "None" not in text
        assert text[0].isupper() or text[0] in "\u201c"


def test_each_bad_case_reads_as_a_historian_writes_it() -> None:
    cases = dict(BAD_DATA)
    assert chicago(cases["no author"], date_style="month-first") == (
        "\u201cReport on the harvest,\u201d report, March 2, 1951, f. 17, op. 3, d. 1, RGASPI.")
    assert chicago(cases["no date"]) == "John Foster Dulles to Syngman Rhee, n.d., National Archives."
    assert chicago(cases["interval"], date_style="day-first") == "Joseph Stalin, telegram, 7–9 October 1950, APRF."
    assert chicago(cases["open date"], date_style="month-first") == "Joseph Stalin, October 1950 or later, APRF."
    assert chicago(cases["uncertain and approximate"]) == "Joseph Stalin, memorandum, ca. 1950."
    assert chicago(cases["organisation recipient"], date_style="month-first") == (
        "Embassy in the Soviet Union to Department of State, telegram, October 16, 1962, RG 59, 611.61/10-1662, NARA.")
    assert chicago_short(cases["organisation recipient"], date_style="month-first") == (
        "Embassy in the Soviet Union to Department of State, October 16, 1962.")
    assert chicago(cases["only a URL"]) == \
        "\u201cLetter from Feng Xi,\u201d n.d., https://digitalarchive.example/document/1."


def test_control_characters_in_a_record_never_reach_a_citation() -> None:
    record = make(title="Evil \x1b[2J title", authors=["A\x9bB Person"])
    for style in ("chicago", "chicago-short", "chicago-bib", "biblatex", "ris"):
        text = cite(record, style, Options())
        assert "\x1b" not in text and "\x9b" not in text


def test_citations_and_exports_import_no_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, tui.cite, tui.cite.csl_json, tui.cite.biblatex, tui.cite.ris, tui.export.formats, "
            "tui.export.select, tui.cli.cite, tui.cli.export; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
