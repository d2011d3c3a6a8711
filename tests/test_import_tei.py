"""TEI import: the three FRUS volumes against the corpora made from them, and other TEI shapes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.import_helpers import REPO, VOLUMES, check_clean, read_folder, sources
from tui.importers import SourceError, run_import
from tui.importers.tei import document_type

FIELDS = ("title", "date", "type")


def _corpus_id(volume: str, imported_id: str) -> str:
    """The id the corpus gives a document: in frus1951v07p2 every document from d301 on is one up there
    (the current edition split an attachment of d300 off as d301; the sources' README says so)."""
    if volume == "frus1951v07p2":
        match = re.fullmatch(r"(.*-d)(\d+)", imported_id)
        if match and int(match.group(2)) >= 301:
            return f"{match.group(1)}{int(match.group(2)) + 1}"
    return imported_id


@pytest.mark.parametrize("volume", sorted(VOLUMES))
def test_volume_agrees_with_its_corpus(volume: str, tmp_path: Path) -> None:
    source = sources() / "tei" / f"{volume}.xml"
    out = tmp_path / volume
    outcome = run_import([source], out)
    assert outcome.problems == [] and outcome.skipped == []
    check_clean(out)
    imported = {_corpus_id(volume, rid): record for rid, record in read_folder(out).items()}
    expected = read_folder(REPO / "corpus" / VOLUMES[volume])
    differences: list[str] = []
    agree = dict.fromkeys(("id", *FIELDS), 0)
    for rid, want in expected.items():
        got = imported.get(rid)
        if got is None:
            differences.append(f"{rid}: not imported")
            continue
        agree["id"] += 1
        for key in FIELDS:
            if got.get(key) == want.get(key):
                agree[key] += 1
            else:
                differences.append(f"{rid} {key}: corpus {want.get(key)!r}, imported {got.get(key)!r}")
    differences += [f"{rid}: imported, not in the corpus" for rid in sorted(set(imported) - set(expected))]
    shares = {key: count / len(expected) for key, count in agree.items()}
    print(f"\n{volume}: {len(expected)} records in the corpus, {len(imported)} imported; agreement "
          + ", ".join(f"{key} {share:.1%}" for key, share in shares.items()))
    print("\n".join(differences))
    assert all(share >= 0.98 for share in shares.values()), (shares, differences)


def test_a_frus_document_keeps_its_parts(tmp_path: Path) -> None:
    out = tmp_path / "v"
    run_import([sources() / "tei" / "frus1961-63v05.xml"], out)
    record = read_folder(out)["frus1961-63v05-d237"]
    assert record["title"] == "Memorandum of Conversation"
    assert record["type"] == "Memorandum of Conversation"
    assert str(record["date"]) == "1962-09-13"
    assert record["places"] == ["Washington"]
    # People resolved through the volume's list of persons, not as the text spells them.
    assert "Dobrynin, Anatoli F." in record["people"] and "Udall, Stewart" in record["people"]
    assert record["related"] == ["frus1961-63v05-d236", "frus1961-63v05-d219"]
    body = record["body"]
    assert body.startswith("Washington, September 13, 1962.\n\nSUBJECT\nDiscussion of Udall visit to USSR")
    assert "by Robert Frost.[2] Both" in body and "with Khrushchev[3] and" in body
    assert body.endswith("[Footnote 4: See footnotes 1 and 3, Document 219.]")
    source = record["source"]
    assert source["reference"] == "Department of State, Central Files, 033.1100-UD/9-1362"
    assert source["note"].startswith("Department of State, Central Files") and source["pages"] == "499–500"
    assert source["url"] == "https://history.state.gov/historicaldocuments/frus1961-63v05/d237"
    assert source["rights"].startswith("Public domain")
    marked = read_folder(out)["frus1961-63v05-d238"]
    assert marked["authors"] == ["Udall, Stewart"] and marked["recipients"] == ["Kennedy, John F."]
    manifest = (out / "corpus.toml").read_text(encoding="utf-8")
    assert 'title = "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union"' in manifest


@pytest.mark.parametrize(("heading", "note", "kind"), [
    ("Memorandum of Telephone Conversation, by the Secretary", "", "Memorandum of Conversation"),
    ("Record of Telephone Conversation Between Kennedy and Stevenson", "", "Memorandum of Conversation"),
    ("Memorandum of Discussion at the 300th Meeting", "", "Memorandum"),
    ("Circular Telegram From the Department of State", "", "Telegram"),
    ("David K.E. Bruce Diary Entry", "", "Diary"),
    ("Record of Secretary of State Rusk's Staff Meeting", "", "Minutes"),
    ("Current Intelligence Weekly Review", "", "Report"),
    ("The Secretary of State to the Embassy in India", "793B.00/5–2951: Telegram", "Telegram"),
    ("The Secretary of State to the Embassy in China", "493.009/1–3151: Circular airgram", "Airgram"),
    ("The Chargé in India to the Director", "CA Files: Lot 56 D 625", None),
])
def test_type_from_heading(heading: str, note: str, kind: str | None) -> None:
    assert document_type(heading, note) == kind


def _tei(tmp_path: Path, body: str, header: str = "<title>Letters</title>") -> Path:
    path = tmp_path / "source.xml"
    path.write_text(textwrap.dedent(f"""\
        <TEI xmlns="http://www.tei-c.org/ns/1.0">
          <teiHeader><fileDesc><titleStmt>{header}</titleStmt></fileDesc></teiHeader>
          <text><body>{body}</body></text>
        </TEI>"""), encoding="utf-8")
    return path


def test_other_tei_gives_a_record_per_dated_division(tmp_path: Path) -> None:
    source = _tei(tmp_path, """
        <div type="entry"><head>Monday, <date when="1850-03-04">4 March</date></head><p>Rain.</p></div>
        <div type="entry"><head>Tuesday</head><dateline><date when="1850-03-05"/></dateline>
          <p>Sun<note>A rare word here.</note>.</p><lb/></div>""")
    out = tmp_path / "out"
    run_import([source], out)
    check_clean(out)
    records = read_folder(out)
    assert [r["title"] for r in records.values()] == ["Monday, 4 March", "Tuesday"]
    assert [str(r["date"]) for r in records.values()] == ["1850-03-04", "1850-03-05"]
    assert records["source-2"]["body"] == "Sun[1].\n\n[Footnote 1: A rare word here.]"


def test_other_tei_says_what_it_looked_for(tmp_path: Path) -> None:
    source = _tei(tmp_path, "<p>Nothing dated.</p>", header="")
    with pytest.raises(SourceError, match=r"no records found .* looked for .*correspDesc"):
        run_import([source], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("words", "value"), [
    ("Washington, September 13, 1962.", "1962-09-13"),
    ("New Delhi, January 12, 1951—9 p. m.", "1951-01-12 21:00:00"),
    ("Hong Kong, November 1, 1951—9 p. m. and 11 p. m.", "1951-11-01 21:00:00"),
    ("[Washington,] 27 June 1951.", "1951-06-27"),
    ("Moscow, March 18–19, 1963.", "1963-03-18/1963-03-19"),
    ("Geneva, July 30–August 2, 1962.", "1962-07-30/1962-08-02"),
    ("Washington, undated.", "None"),
])
def test_dates_from_a_datelines_words(words: str, value: str) -> None:
    from tui.importers.dates import from_words

    assert str(from_words(words)) == value


def test_a_documents_machine_readable_range_comes_first(tmp_path: Path) -> None:
    path = tmp_path / "frus-x.xml"
    path.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/ns/1.0">
      <teiHeader><fileDesc><titleStmt><title type="complete">A Volume</title></titleStmt>
        <publicationStmt><idno type="frus">frus-x</idno></publicationStmt></fileDesc></teiHeader>
      <text><body><div type="chapter"><head>Chapter</head>
        <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1962-10-01T00:00:00-04:00"
             frus:doc-dateTime-max="1962-10-31T23:59:59-04:00"><head>1. Editorial Note</head><p>Text.</p></div>
        <div type="document" xml:id="d2" n="2" frus:doc-dateTime-min="1962-10-05T09:30:00"
             frus:doc-dateTime-max="1962-10-05T09:30:00"><head>2. Telegram From the Embassy</head>
          <dateline><date when="1962-10-04">October 4, 1962</date></dateline><p>Text.</p></div>
      </div></body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    run_import([path], out)
    check_clean(out)
    records = read_folder(out)
    assert records["frus-x-d1"]["date"] == "1962-10-01/1962-10-31"
    assert str(records["frus-x-d2"]["date"]) == "1962-10-05 09:30:00"
    assert records["frus-x-d2"]["chapter"] == "Chapter" and records["frus-x-d2"]["type"] == "Telegram"
