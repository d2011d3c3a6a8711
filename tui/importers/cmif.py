"""CMIF, the Correspondence Metadata Interchange Format: one record per `correspDesc`.

Metadata only: sender and addressee (people and organisations), the places of sending and
receiving, the dates, the letter's URL (`@ref`) or number in a printed edition (`@key`), and the
edition (`@source`, a `bibl` of the header) as the record's collection. Authority identifiers
(GND, VIAF, GeoNames, ...) go to the manifest's `[identifiers]`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tui.importers import dates
from tui.importers.base import Collection
from tui.importers.letters import letter_record, letter_title
from tui.importers.tei_text import inline, words
from tui.importers.xml_read import TEI, XML_ID, parse_xml
from tui.model.dates import DateError

NAMES = (f"{TEI}persName", f"{TEI}orgName")


def _text(element: ET.Element | None) -> str:
    return words(inline(element)) if element is not None else ""


def read_cmif(path: Path, label: str) -> Collection:
    """Every letter of a CMIF file."""
    return from_root(parse_xml(path, label), path, label)


def from_root(root: ET.Element, path: Path, label: str) -> Collection:
    collection = Collection(label, "cmif")
    header = root.find(f"{TEI}teiHeader")
    title = root.find(f".//{TEI}titleStmt/{TEI}title")
    collection.title = _text(title) or path.stem
    editions = {bibl.get(XML_ID): _text(bibl) for bibl in root.iter(f"{TEI}bibl") if bibl.get(XML_ID)}
    licence = root.find(f".//{TEI}publicationStmt/{TEI}availability")
    if licence is not None:
        licence_element = licence.find(f"{TEI}licence")
        text = _text(licence)
        target = licence_element.get("target") if licence_element is not None else None
        collection.rights = f"{text} ({target})" if target and target not in text else text
    letters = list(root.iter(f"{TEI}correspDesc")) if header is not None else []
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "letter"
    for number, letter in enumerate(letters, 1):
        collection.records.append(_letter(letter, number, stem, editions, collection))
    publisher = _text(root.find(f".//{TEI}publicationStmt/{TEI}publisher"))
    editors = ", ".join(words(e.text or "") for e in root.iterfind(f".//{TEI}titleStmt/{TEI}editor"))
    collection.description = (f"{len(letters)} letters' metadata (CMIF) from {Path(label).name}"
                              + (f", published by {publisher}" if publisher else "")
                              + (f", edited by {editors}" if editors else "") + ".")
    return collection


def _letter(letter: ET.Element, number: int, stem: str, editions: dict[str | None, str],
            collection: Collection) -> dict[str, Any]:
    actions: dict[str, ET.Element] = {}
    for action in letter.iter(f"{TEI}correspAction"):
        actions.setdefault(action.get("type") or "sent", action)
    sent, received = actions.get("sent"), actions.get("received")
    key = letter.get("key")
    record_id = letter.get(XML_ID) or f"{stem}-{key or number}"
    record_id = re.sub(r"\s+", "-", record_id)
    authors = _names(sent, collection)
    recipients = _names(received, collection)
    record = letter_record(
        record_id, authors=authors, recipients=recipients,
        date=_date(sent, record_id, collection), sent_from=_place(sent, collection),
        sent_to=_place(received, collection), received=_date(received, record_id, collection),
    )
    record["title"] = letter_title(authors, recipients, record["date"], key or "")
    collection.made_titles += 1
    if letter.get(XML_ID) is None:
        collection.made_ids += 1
    sources = [editions.get(s.lstrip("#"), "") for s in (letter.get("source") or "").split()]
    record["collections"] = [s for s in sources if s]
    others = {kind: _names(action, collection) for kind, action in actions.items() if kind not in ("sent", "received")}
    for kind, names in others.items():
        if names:
            record[f"{kind}_by"] = names
    note = letter.find(f"{TEI}note")
    if note is not None and _text(note):
        record["summary"] = _text(note)
    source: dict[str, Any] = {}
    if key:
        source["reference"] = key
    if letter.get("ref"):
        source["url"] = letter.get("ref")
    if source:
        record["source"] = source
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def _names(action: ET.Element | None, collection: Collection) -> list[str]:
    if action is None:
        return []
    names = []
    for element in action:
        if element.tag in NAMES and (name := _text(element)):
            names.append(name)
            for uri in (element.get("ref") or "").split():
                collection.identify(name, uri)
            if element.tag == f"{TEI}orgName" and name not in collection.organisations:
                collection.organisations.append(name)
    return names


def _place(action: ET.Element | None, collection: Collection) -> str | None:
    element = action.find(f"{TEI}placeName") if action is not None else None
    name = _text(element)
    if element is None or not name:
        return None
    for uri in (element.get("ref") or "").split():
        collection.identify(name, uri)
    return name


def _date(action: ET.Element | None, record_id: str, collection: Collection) -> dates.DateValue | None:
    element = action.find(f"{TEI}date") if action is not None else None
    if element is None:
        return None
    try:
        value = dates.tei_date(dict(element.attrib))
    except (DateError, ValueError) as error:
        value = None
        collection.problem(None, None, f"{record_id}: date {dict(element.attrib)} not read ({error})")
    if value is None and _text(element):
        value = dates.from_words(_text(element))
    return value
