"""CSL-JSON, biblatex and RIS checked by the programs that read them: the CSL schema, pandoc's
citeproc with the Chicago notes style, rispy and bibtexparser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from tests.cite_helpers import BAD_DATA, FRUS, STALIN, corpus_record
from tui.cite import Options, cite
from tui.cite.biblatex import entry as bib_entry
from tui.cite.csl_json import item
from tui.cite.ris import entry as ris_entry
from tui.cite.ris import tags
from tui.model import Record

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "csl" / "csl-data.json").read_text(encoding="utf-8"))
STYLE = HERE / "csl" / "chicago-notes-bibliography.csl"
CASES = [(name, record) for name, record in BAD_DATA]


def _bib(text: str) -> dict[str, str]:
    """The one entry of `text` as bibtexparser reads it: its fields, key and type."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    [entry] = library.entries
    return {**{f.key: f.value for f in entry.fields}, "ID": entry.key, "ENTRYTYPE": entry.entry_type}


def _corpus_cases() -> list[tuple[str, Record, object]]:
    out = []
    for record_id in (STALIN, FRUS, "frus1951v07p2-d101", "frus1961-63v05-d1"):
        record, manifests = corpus_record(record_id)
        out.append((record_id, record, manifests))
    return out


ALL = [(name, record, None) for name, record in CASES] + _corpus_cases()
IDS = [name for name, _, _ in ALL]


@pytest.mark.parametrize(("name", "record", "manifests"), ALL, ids=IDS)
def test_csl_json_is_valid_against_the_csl_schema(name: str, record: Record, manifests: object) -> None:
    data = json.loads(cite(record, "csl-json", Options(manifests=manifests)))  # type: ignore[arg-type]
    jsonschema.validate(data, SCHEMA)
    assert data[0]["id"] == record.id and data[0]["title"]


def test_csl_json_keeps_the_archive_and_the_dates_doubt() -> None:
    cases = dict(CASES)
    stalin, _ = corpus_record(STALIN)
    data = item(stalin)
    assert data["type"] == "personal_communication" and data["genre"] == "Letter"
    assert data["archive"] == "Archive of the President, Russian Federation (APRF)"
    assert data["archive_location"] == "f. 45, op. 1, d. 347, listy 65-67"
    assert data["author"] == [{"family": "Stalin", "given": "Joseph"}]
    assert data["recipient"] == [{"literal": "Kim Il Sung"}]
    assert item(cases["interval"])["issued"] == {"date-parts": [[1950, 10, 7], [1950, 10, 9]],
                                                 "raw": "1950-10-07/1950-10-09"}
    assert item(cases["open date"])["issued"] == {"literal": "October 1950 or later", "raw": "1950-10/.."}
    assert item(cases["uncertain and approximate"])["issued"] == {"date-parts": [[1950]], "circa": True,
                                                                  "raw": "1950~"}
    organisation = item(cases["organisation recipient"])
    assert organisation["recipient"] == [{"literal": "Department of State"}]
    assert organisation["author"] == [{"literal": "Embassy in the Soviet Union"}]
    assert "issued" not in item(cases["no date"])
    assert item(cases["only a URL"])["URL"] == "https://digitalarchive.example/document/1"
    assert item(cases["no author"])["type"] == "report"


@pytest.mark.parametrize(("name", "record", "manifests"), ALL, ids=IDS)
def test_ris_reads_back_as_written(name: str, record: Record, manifests: object) -> None:
    options = Options(manifests=manifests)  # type: ignore[arg-type]
    written = tags(record, options)
    [read] = rispy.loads(ris_entry(record, options))
    mapping = rispy.TAG_KEY_MAPPING
    for tag in {tag for tag, _ in written}:
        values = [value for t, value in written if t == tag]
        got = read[mapping[tag]]
        assert (got if tag in rispy.LIST_TYPE_TAGS else [got]) == values, tag
    assert read["type_of_reference"] in ("PCOMM", "MANSCPT", "GEN")


def test_ris_tags_for_an_archival_letter() -> None:
    record, _ = corpus_record(STALIN)
    [read] = rispy.loads(ris_entry(record, Options()))
    assert read["type_of_reference"] == "PCOMM"
    assert read["secondary_authors"] == ["Kim Il Sung"]
    assert read["name_of_database"] == "Archive of the President, Russian Federation (APRF)"
    assert read["accession_number"] == "f. 45, op. 1, d. 347, listy 65-67"
    assert read["date"] == "1950/10/08/"


@pytest.mark.parametrize(("name", "record", "manifests"), ALL, ids=IDS)
def test_biblatex_parses(name: str, record: Record, manifests: object) -> None:
    text = bib_entry(record, Options(manifests=manifests))  # type: ignore[arg-type]
    parsed = _bib(text)
    assert parsed["ID"] == record.id.replace(" ", "-") or parsed["ID"].startswith("r1")
    assert parsed["ENTRYTYPE"] in ("misc", "inbook")
    assert parsed["title"].count("{") == parsed["title"].count("}")


def test_biblatex_escapes_latex_and_keeps_the_archive() -> None:
    cases = dict(CASES)
    parsed = _bib(bib_entry(cases["quotes and braces"], Options()))
    assert parsed["title"] == '{On the "big war" \\{draft\\} \\& 100\\% \\_final\\_ \\#2 \\textbackslash{} ' \
                              '\\textasciitilde{}}'
    assert parsed["institution"] == "Archive \\{A\\} \\& Co."
    assert parsed["entrysubtype"] == "document"
    letter = _bib(bib_entry(cases["organisation recipient"], Options()))
    assert letter["author"] == "{Embassy in the Soviet Union}"
    assert letter["title"] == "{Embassy in the Soviet Union to Department of State}"
    assert letter["titleaddon"] == "telegram" and letter["note"] == "RG 59, 611.61/10-1662"
    assert "origdate" in letter and "date" not in letter  # biblatex-chicago dates a letter by origdate
    assert "date" in parsed and "origdate" not in parsed


def _pandoc() -> str:
    found = shutil.which("pandoc")
    if found is None:
        if os.environ.get("READINGROOM_REQUIRE_E2E"):
            pytest.fail("pandoc is not installed")
        pytest.skip("pandoc is not installed")
    return found


def _render(pandoc: str, bibliography: Path, keys: list[str]) -> str:
    text = " ".join(f"Text[@{key}]." for key in keys)
    result = subprocess.run([pandoc, "--citeproc", "--bibliography", str(bibliography), "--csl", str(STYLE),
                             "-f", "markdown", "-t", "plain", "--wrap=none"], input=text, capture_output=True,
                            text=True, timeout=120, check=True)
    return result.stdout


def test_pandoc_renders_our_csl_json_with_the_chicago_style(tmp_path: Path) -> None:
    pandoc = _pandoc()
    stalin, _ = corpus_record(STALIN)
    cases = dict(CASES)
    records = [stalin, cases["organisation recipient"]]
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([item(r) for r in records], ensure_ascii=False), encoding="utf-8")
    out = _render(pandoc, path, [r.id for r in records])
    notes = [line for line in out.splitlines() if line.startswith("[")]
    assert notes[0].startswith("[1] Joseph Stalin, ") and "to Kim Il Sung" in notes[0]
    for ours in ("October 8, 1950", "f. 45, op. 1, d. 347, listy 65-67",
                 "Archive of the President, Russian Federation (APRF)"):
        assert ours in notes[0]
    assert notes[1].startswith("[2] Embassy in the Soviet Union, ") and "Department of State" in notes[1]
    assert "October 16, 1962" in notes[1] and "RG 59, 611.61/10-1662" in notes[1] and "NARA" in notes[1]


def test_pandoc_renders_a_frus_document_in_its_edition(tmp_path: Path) -> None:
    pandoc = _pandoc()
    record, manifests = corpus_record(FRUS)
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([item(record, manifests=manifests)], ensure_ascii=False), encoding="utf-8")
    [note] = [line for line in _render(pandoc, path, [FRUS]).splitlines() if line.startswith("[1]")]
    assert note.startswith("[1] Embassy in the Soviet Union, \u201cTelegram From the Embassy in the Soviet Union to "
                           "the Department of State,\u201d in Foreign Relations of the United States, 1961–1963, "
                           "doc. 48, V, Soviet Union, March 20, 1961, ")
    assert "Department of State, Central Files, 611.61/3-2061" in note
    assert "Office of the Historian, U.S. Department of State" in note


def test_pandoc_reads_and_renders_our_biblatex(tmp_path: Path) -> None:
    pandoc = _pandoc()
    stalin, _ = corpus_record(STALIN)
    cases = dict(CASES)
    records = [stalin, cases["organisation recipient"], cases["quotes and braces"]]
    path = tmp_path / "refs.bib"
    path.write_text("".join(bib_entry(r, Options()) + "\n" for r in records), encoding="utf-8")
    read = json.loads(subprocess.run([pandoc, str(path), "-f", "biblatex", "-t", "csljson"], capture_output=True,
                                     text=True, timeout=120, check=True).stdout)
    by_id = {entry["id"]: entry for entry in read}
    letter = by_id[STALIN]
    assert letter["author"] == [{"family": "Stalin", "given": "Joseph"}]
    assert letter["original-date"] == {"date-parts": [[1950, 10, 8]]}  # biblatex-chicago's letter date
    assert letter["note"] == "f. 45, op. 1, d. 347, listy 65-67"
    assert letter["publisher"] == "Archive of the President, Russian Federation (APRF)"
    assert letter["title"] == "Joseph Stalin to Kim Il Sung"
    assert by_id["r1"]["title"] == 'On the "big war" {draft} & 100% _final_ #2 \\ ~'
    out = _render(pandoc, path, [STALIN])
    assert "Joseph Stalin, Joseph Stalin to Kim Il Sung" in out
    assert "Archive of the President, Russian Federation (APRF)" in out
