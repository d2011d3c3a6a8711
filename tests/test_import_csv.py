"""CSV import: record-key columns, csv2cmi's layout, dates as spreadsheets write them, bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.import_helpers import check_clean, read_folder
from tui.importers import run_import
from tui.importers.csv_rows import read_text
from tui.importers.dates import edtf
from tui.importers.plan import make_plan


def _import(tmp_path: Path, text: str | bytes, **options: object) -> tuple[dict[str, dict], list[str], Path]:
    source = tmp_path / "letters.csv"
    source.write_bytes(text.encode() if isinstance(text, str) else text)
    out = tmp_path / "out"
    outcome = run_import([source], out, **options)  # type: ignore[arg-type]
    check_clean(out)
    return read_folder(out), outcome.problems, out


@pytest.mark.parametrize(("cell", "value"), [
    ("1850-03-05", dt.date(1850, 3, 5)),
    ("1850-03", "1850-03"),
    ("1850-03-05?", "1850-03-05?"),
    ("1850~", "1850~"),
    ("1850-03%", "1850-03%"),
    ("1850-03-05/1850-04", "1850-03-05/1850-04"),
    ("1850/", "1850/.."),
    ("/1850-06", "../1850-06"),
    ("../1850", "../1850"),
    ("[1850-03-01,1850-03-09]", "1850-03-01/1850-03-09"),
    ("[1850..1852]", "1850/1852"),
    ("{1850-03-01,1850-03-09}", "1850-03-01/1850-03-09"),
    ("185X", "1850/1859"),
    ("18XX?", "1800?/1899?"),
    ("1850-03-XX", "1850-03"),
    ("1850-XX-XX", "1850"),
    ("1850-03-05T10:30", dt.datetime(1850, 3, 5, 10, 30)),
    ("1850-03-05 10:30:15", dt.datetime(1850, 3, 5, 10, 30, 15)),
])
def test_dates_as_csv2cmi_accepts_them(cell: str, value: object) -> None:
    assert edtf(cell) == value


def test_csv2cmi_layout(tmp_path: Path) -> None:
    text = ("sender,senderID,senderPlace,senderPlaceID,senderDate,addressee,addresseeID,addresseePlace,"
            "addresseePlaceID,addresseeDate,edition,key,note\n"
            '"Engels, Friedrich|Griesheim, Albert von",118530380|1051178460,Barmen,http://www.geonames.org/2950159,'
            '1841-09-09?,"Engels, Marie",189444371,Berlin,http://www.geonames.org/2950158,1841-09-12,MEGA² III/1,224,'
            '"2 Bl."\n'
            '"[Weerth, Georg]",117208612,,,"[1845-10-23,1845-10-25]","Marx, Karl|Engels, Friedrich",'
            '118578537|118530380,,,,,https://example.org/letter/2,\n')
    records, problems, out = _import(tmp_path, "\ufeff" + text)
    assert problems == []
    first, second = records["letters-1"], records["letters-2"]
    assert first["authors"] == ["Engels, Friedrich", "Griesheim, Albert von"]
    assert first["date"] == "1841-09-09?" and first["received"] == dt.date(1841, 9, 12)
    assert (first["sent_from"], first["sent_to"], first["places"]) == ("Barmen", "Berlin", ["Barmen", "Berlin"])
    assert first["collections"] == ["MEGA² III/1"] and first["source"] == {"reference": "224"}
    assert first["summary"] == "2 Bl." and first["type"] == "Letter"
    assert first["title"] == "Engels, Friedrich; Griesheim, Albert von to Engels, Marie, 9 September 1841 (uncertain)"
    assert second["authors"] == ["Weerth, Georg"]
    assert second["date"] == "1845-10-23/1845-10-25" and second["date_as_written"] == "[1845-10-23,1845-10-25]"
    assert second["source"] == {"url": "https://example.org/letter/2"}
    manifest = tomllib.loads((out / "corpus.toml").read_text(encoding="utf-8"))
    assert manifest["identifiers"]["Engels, Friedrich"] == ["https://d-nb.info/gnd/118530380"]
    assert manifest["identifiers"]["Marx, Karl"] == ["https://d-nb.info/gnd/118578537"]
    assert manifest["identifiers"]["Barmen"] == ["http://www.geonames.org/2950159"]


def test_record_key_columns_and_a_semicolon_separator(tmp_path: Path) -> None:
    text = ("id;title;date;type;authors;people;language;repository;reference;folder note\n"
            'a-1;A letter;1950-10-08;Letter;"Stalin, J.; Mao";"Kim; Shtykov";en;APRF;f. 45;kept\n')
    records, problems, _ = _import(tmp_path, text, separator=";")
    assert problems == []
    assert records["a-1"] == {
        "id": "a-1", "title": "A letter", "date": dt.date(1950, 10, 8), "type": "Letter",
        "authors": ["Stalin, J.", "Mao"], "people": ["Kim", "Shtykov"], "language": "en",
        "folder note": "kept", "source": {"repository": "APRF", "reference": "f. 45"},
    }


def test_bad_cells_are_problems_with_row_and_column_and_every_row_imports(tmp_path: Path) -> None:
    text = ("id,title,date,language\n"
            "1,Good,1950-01-02,en\n"
            "2,Bad date,spring 1950,en\n"
            "3,Bad language,1950,not a tag\n"
            ",,1951-05-06,\n"
            "1,Same id,,\n"
            "6,Ragged,1950,en,extra cell\n")
    records, problems, _ = _import(tmp_path, text)
    assert sorted(records) == ["1", "1-row5", "2", "3", "6", "letters-4"]
    assert records["2"]["date_as_written"] == "spring 1950" and "date" not in records["2"]
    assert records["3"]["language_as_written"] == "not a tag"
    assert records["letters-4"]["title"] == "Unknown to unknown, 6 May 1951"
    assert records["6"]["unnamed_columns"] == "extra cell"
    where = [problem.split(": ", 1)[0].rsplit("letters.csv", 1)[1] for problem in problems]
    assert where == [":3:3", ":4:4", ":6:1", ":7:5"], problems


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    from tui.importers import SourceError

    source = tmp_path / "latin1.csv"
    source.write_bytes("id,title\n1,Gr\xfc\xdfe\n".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin1\.csv:2:5: not UTF-8"):
        run_import([source], tmp_path / "out")


# Property tests: random cells, quotes, line breaks in cells, a byte order mark, ragged rows.
cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
rows = st.lists(st.lists(cells, min_size=0, max_size=6), max_size=12)


def _csv(header: list[str], body: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows, bom=st.booleans(), extra=st.lists(cells, max_size=3))
def test_random_rows_never_raise_and_keep_every_good_row(body: list[list[str]], bom: bool, extra: list[str]) -> None:
    header = ["id", "title", "summary", *extra]
    text = ("\ufeff" if bom else "") + _csv(header, body)
    collection = read_text(text, "random.csv")
    plan = make_plan([collection], Path("/nonexistent/out"), update=False, now=dt.datetime(2026, 1, 1))
    written = [tomllib.loads(content) for rel, content in plan.write.items() if not rel.endswith("corpus.toml")]
    ids = [record["id"] for record in written]
    assert len(ids) == len(set(ids))
    by_title = {(r["title"], r.get("summary")) for r in written}
    seen_ids: set[str] = set()
    for cells_of_row in body:
        row = dict(zip(header, cells_of_row, strict=False))
        good_id, title = row.get("id", "").strip(), row.get("title", "").strip()
        first = good_id not in seen_ids and any(cell.strip() for cell in cells_of_row)
        if first:
            seen_ids.add(good_id)
        if good_id and title and first:  # a good row keeps its id; a later one of the same id gets another
            record = next(r for r in written if r["id"] == good_id)
            assert record["title"] == title
            if row.get("summary", "").strip():
                assert record["summary"] == row["summary"].strip()
        if any(cell.strip() for cell in cells_of_row) and title:
            assert (title, row.get("summary", "").strip() or None) in by_title
