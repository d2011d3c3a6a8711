"""CMIF out: valid against the CMIF schema (lxml's RELAX NG), and a round trip through the import
keeps every letter, person, organisation, place, date and identifier."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import BUNDLED, WriteCorpus
from tests.import_helpers import read_folder, sources
from tui.cli import main
from tui.importers import run_import
from tui.model.loader import load_corpus

NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}
EXAMPLES = ("example01_basic.xml", "example02_cmi-with-printed-edition.xml")


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(sources() / "cmif" / "cmi-customization.rng")))


def export(corpus: Path, out: Path, *extra: str) -> etree._ElementTree:
    assert main(["export", "--format", "cmif", "--corpus", str(corpus), "--out", str(out), *extra]) == 0
    return etree.parse(str(out))


def valid(schema: etree.RelaxNG, document: etree._ElementTree) -> bool:
    ok = schema.validate(document)
    assert ok, [f"{e.line}: {e.message}" for e in schema.error_log]
    return ok


def letters(document: etree._ElementTree) -> set[tuple[object, ...]]:
    """Each letter as what it says: ref, key, and per action its names (with refs), place and date."""
    found = set()
    for letter in document.iterfind(".//tei:correspDesc", NS):
        actions = []
        for action in letter.iterfind("tei:correspAction", NS):
            names = tuple((etree.QName(e).localname, e.text.strip(), e.get("ref"))
                          for e in action.iterchildren(etree.Element)
                          if etree.QName(e).localname in ("persName", "orgName"))
            place = action.find("tei:placeName", NS)
            date = action.find("tei:date", NS)
            dates = tuple(sorted((k, v) for k, v in (date.attrib if date is not None else {}).items() if k != "cert"))
            actions.append((action.get("type"), names, (place.text.strip(), place.get("ref")) if place is not None
                            else None, dates))
        wanted = letter.get("source", "").lstrip("#")
        edition = next((b for b in document.iterfind(".//tei:bibl", NS)
                        if b.get(f"{{{NS['xml']}}}id") == wanted), None)
        title = " ".join("".join(edition.itertext()).split()) if edition is not None else None
        found.add((letter.get("ref"), letter.get("key"), title, tuple(sorted(actions, key=repr))))
    return found


def test_the_examples_round_trip_through_import_and_export(tmp_path: Path, schema: etree.RelaxNG) -> None:
    files = [sources() / "cmif" / name for name in EXAMPLES]
    imported = tmp_path / "letters"
    assert run_import(files, imported).problems == []
    document = export(imported, tmp_path / "out.xml")
    assert valid(schema, document)
    originals: set[tuple[object, ...]] = set()
    for file in files:
        original = etree.parse(str(file))
        originals |= letters(original)
    assert letters(document) == originals and len(originals) == 6
    # Read back, the export gives the same records and the same identifiers.
    again = tmp_path / "again"
    assert run_import([tmp_path / "out.xml"], again).problems == []
    first, second = read_folder(imported), read_folder(again)
    assert {r["id"]: r for r in first.values()} == {r["id"]: r for r in second.values()}
    identifiers: dict[str, list[str]] = {}
    for manifest in imported.glob("*/corpus.toml"):
        for name, uris in tomllib.loads(manifest.read_text()).get("identifiers", {}).items():
            identifiers.setdefault(name, []).extend(uris)
    kept = tomllib.loads((again / "corpus.toml").read_text())["identifiers"]
    assert {name: sorted(set(uris)) for name, uris in kept.items()} == {
        name: sorted(set(uris)) for name, uris in identifiers.items()}


def test_the_bundled_corpus_exports_every_letter_valid(tmp_path: Path, schema: etree.RelaxNG) -> None:
    document = export(BUNDLED, tmp_path / "bundled.xml")
    assert valid(schema, document)
    corpus = load_corpus(BUNDLED)
    expected = {r.id for r in corpus.records if r.names("authors") or r.names("recipients")}
    exported = [e.get(f"{{{NS['xml']}}}id") for e in document.iterfind(".//tei:correspDesc", NS)]
    assert len(exported) == len(expected) > 400
    # An id that is an XML name is the letter's xml:id (the import takes it back); others go without.
    assert set(exported) - {None} == {i for i in expected if not i[0].isdigit()}
    editions = {e.text for e in document.iterfind(".//tei:sourceDesc/tei:bibl", NS)}
    assert "FRUS 1951, Volume VII, Part 2, Korea and China" in editions


def test_organisations_uncertain_dates_intervals_and_controls(write_corpus: WriteCorpus, tmp_path: Path,
                                                             schema: etree.RelaxNG) -> None:
    root = write_corpus({
        "corpus.toml": 'title = "Small"\nrights = "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"\n'
                       'organisations = ["Politburo"]\n'
                       '[identifiers]\n"Mao Zedong" = ["http://viaf.org/viaf/1"]\n'
                       'Moscow = ["https://www.geonames.org/524901", "http://viaf.org/viaf/2"]\n',
        "a.toml": 'id = "a"\ntitle = "A"\nauthors = ["Politburo"]\nrecipients = ["Mao Zedong"]\n'
                  'date = "1950-10?"\nsent_from = "Moscow"\nreceived = "1950-10-20/.."\n'
                  'collections = ["Edition \\u001b one"]\n',
        "b.toml": 'id = "77"\ntitle = "B"\nrecipients = ["Mao Zedong"]\ndate = 1950-10-07T22:15:00\n'
                  '[source]\nurl = "https://example.org/b c\\u001b"\nreference = "f. 45, op. 1"\n',
        "c.toml": 'id = "c"\ntitle = "No letter"\n',
    })
    document = export(root, tmp_path / "small.xml")
    assert valid(schema, document)
    a, b = document.iterfind(".//tei:correspDesc", NS)
    sent = a.find("tei:correspAction[@type='sent']", NS)
    assert sent.find("tei:orgName", NS).text == "Politburo"
    assert sent.find("tei:placeName", NS).get("ref") == "https://www.geonames.org/524901"
    assert dict(sent.find("tei:date", NS).attrib) == {"when": "1950-10", "cert": "low"}
    received = a.find("tei:correspAction[@type='received']", NS)
    assert received.find("tei:persName", NS).get("ref") == "http://viaf.org/viaf/1"
    assert dict(received.find("tei:date", NS).attrib) == {"notBefore": "1950-10-20"}
    assert document.find(".//tei:bibl", NS).text == "Edition ^[ one"
    assert b.get("{http://www.w3.org/XML/1998/namespace}id") is None  # "77" is no XML name
    assert (b.get("ref"), b.get("key")) == ("https://example.org/b%20c%1B", "f. 45, op. 1")
    assert b.find("tei:correspAction[@type='sent']/tei:date", NS).get("when") == "1950-10-07T22:15:00"
    licence = document.find(".//tei:licence", NS)
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"
