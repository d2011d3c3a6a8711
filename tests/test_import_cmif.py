"""CMIF import: every letter, person, place and date of the examples, identifiers kept."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from tests.import_helpers import check_clean, read_folder, sources
from tui.importers import detect_format, run_import


def test_both_examples_import_with_every_letter_person_place_and_date(tmp_path: Path) -> None:
    cmif = sources() / "cmif"
    files = [cmif / "example01_basic.xml", cmif / "example02_cmi-with-printed-edition.xml"]
    assert [detect_format(f) for f in files] == ["cmif", "cmif"]
    out = tmp_path / "letters"
    outcome = run_import(files, out)
    assert outcome.problems == [] and outcome.records == 6
    check_clean(out)
    records = read_folder(out)
    letters = {(tuple(r["authors"]), tuple(r.get("recipients", ())), str(r.get("date"))): r for r in records.values()}
    weber, gansbacher = "Weber, Carl Maria von", "Gänsbacher, Johann"
    first = letters[((gansbacher,), (weber,), "1810-07-11/1810-07-18")]
    assert first["sent_to"] == "Mannheim" and "sent_from" not in first
    assert first["received"] == dt.date(1810, 7, 18) and first["places"] == ["Mannheim"]
    assert first["source"]["url"] == "http://www.weber-gesamtausgabe.de/A044980"
    assert first["collections"][0].startswith("Carl-Maria-von-Weber-Gesamtausgabe. Digitale Edition")
    assert first["title"] == "Gänsbacher, Johann to Weber, Carl Maria von, 11–18 July 1810"
    second = letters[((weber,), ("Dietrichstein, Moritz von",), "1825-05-07")]
    assert (second["sent_from"], second["sent_to"], "received" in second) == ("Dresden", "Wien", False)
    third = letters[((weber,), ("Pastenaci, E.",), "1819-08-05")]
    assert third["sent_from"] == "Hosterwitz"
    soemmerring = "Samuel Thomas Soemmerring"
    printed = letters[((soemmerring,), ("Melchior von Birkenstock",), "1792-11-22")]
    assert printed["source"] == {"reference": "631"} and printed["received"] == dt.date(1792, 12, 26)
    assert (printed["sent_from"], printed["sent_to"]) == ("Mainz", "Wien")
    heyne = [r for r in records.values() if r["authors"] == ["Christian Gottlob Heyne"]]
    assert sorted(str(r["date"]) for r in heyne) == ["1792-11-28", "1792-11-30"]
    assert all(r["recipients"] == [soemmerring] and r["sent_to"] == "Mainz" for r in heyne)
    # Identifiers in each edition's manifest, for every name and place that has one.
    weber_manifest = tomllib.loads((out / "example01_basic" / "corpus.toml").read_text(encoding="utf-8"))
    assert weber_manifest["identifiers"] == {
        "Dietrichstein, Moritz von": ["http://d-nb.info/gnd/116113669"],
        "Dresden": ["http://www.geonames.org/2935022"],
        gansbacher: ["http://d-nb.info/gnd/118814044"],
        "Hosterwitz": ["http://www.geonames.org/2898442"],
        "Mannheim": ["http://www.geonames.org/2873891"],
        weber: ["http://d-nb.info/gnd/118629662"],
        "Wien": ["http://www.geonames.org/2761369"],
    }
    assert "CC BY 4.0" in weber_manifest["rights"]
    printed_manifest = tomllib.loads(
        (out / "example02_cmi-with-printed-edition" / "corpus.toml").read_text(encoding="utf-8"))
    assert printed_manifest["identifiers"]["Melchior von Birkenstock"] == ["http://viaf.org/viaf/59894734/"]
    assert printed_manifest["identifiers"]["Göttingen"] == ["http://www.geonames.org/2918632"]


def test_organisations_uncertain_dates_and_open_intervals(tmp_path: Path) -> None:
    source = tmp_path / "orgs.xml"
    source.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
      <title>Letters</title></titleStmt></fileDesc><profileDesc>
      <correspDesc key="1"><correspAction type="sent"><orgName ref="https://d-nb.info/gnd/2020450-4">Verlag X</orgName>
        <date notBefore="1901-02" cert="low"/></correspAction>
        <correspAction type="received"><persName>A. Reader</persName></correspAction></correspDesc>
      <correspDesc key="2"><correspAction type="sent"><persName>A. Reader</persName>
        <date notAfter="1902"/></correspAction></correspDesc>
    </profileDesc></teiHeader><text><body><p/></body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    run_import([source], out, fmt="cmif")
    check_clean(out)
    records = read_folder(out)
    assert records["orgs-1"]["date"] == "1901-02?/.." and records["orgs-1"]["authors"] == ["Verlag X"]
    assert records["orgs-2"]["date"] == "../1902"
    manifest = tomllib.loads((out / "corpus.toml").read_text(encoding="utf-8"))
    assert manifest["organisations"] == ["Verlag X"]
    assert manifest["identifiers"] == {"Verlag X": ["https://d-nb.info/gnd/2020450-4"]}
