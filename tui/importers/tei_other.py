"""TEI that is not a FRUS volume: one record per text, or per dated division, as far as the file allows.

In order of preference: each `TEI` of a `teiCorpus`; each `text` of a `group`; each `div` with a
`correspDesc` (linked by `@corresp`/`@decls`) or a dated heading (a diary's entries, a letter
book); else the whole file, when its header has a title. A file with none of these is refused
with a message saying what was looked for.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tui.importers import dates
from tui.importers.base import Collection, SourceError
from tui.importers.tei_text import Body, inline, words
from tui.importers.xml_read import TEI, XML_ID, local
from tui.model.dates import DateError

LOOKED_FOR = ("a div[@type='document'] (FRUS), a teiCorpus of TEI files, a group of texts, divisions with a "
              "correspDesc or a dated heading, or a teiHeader with a title")


def _text(element: ET.Element | None) -> str:
    return words(inline(element)) if element is not None else ""


def read_other(root: ET.Element, path: Path, label: str) -> Collection:
    """The records of a TEI file of another shape."""
    if local(root.tag) not in ("TEI", "teiCorpus"):
        raise SourceError(f"{label}:1:1: the root element is <{local(root.tag)}>, not TEI's <TEI> or <teiCorpus> "
                          "(in the namespace http://www.tei-c.org/ns/1.0)")
    collection = Collection(label, "tei")
    collection.title = _text(root.find(f".//{TEI}titleStmt/{TEI}title")) or path.stem
    availability = root.find(f".//{TEI}publicationStmt/{TEI}availability")
    collection.rights = _text(availability) or None
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "text"
    units: list[tuple[ET.Element, ET.Element | None]] = []
    if local(root.tag) == "teiCorpus":
        units = [(_or(tei.find(f"{TEI}text"), tei), tei.find(f"{TEI}teiHeader")) for tei in root.iterfind(f"{TEI}TEI")]
    if not units:
        units = [(text, None) for text in root.iterfind(f".//{TEI}group/{TEI}text")]
    if not units:
        units = [(div, None) for div in root.iter(f"{TEI}div") if _dated_div(div)]
    if not units and _text(root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title")):
        units = [(_or(root.find(f"{TEI}text"), root), root.find(f"{TEI}teiHeader"))]
    if not units:
        raise SourceError(f"{label}: no records found in this TEI file; looked for {LOOKED_FOR}")
    for number, (element, header) in enumerate(units, 1):
        collection.records.append(_record(element, header, number, stem, collection))
    collection.description = f"{len(units)} texts imported from the TEI file {Path(label).name}."
    return collection


def _or(element: ET.Element | None, other: ET.Element) -> ET.Element:
    """`element` unless it is missing (an element with no children is false, so `or` won't do)."""
    return element if element is not None else other


def _dated_div(div: ET.Element) -> bool:
    if div.get("corresp") or div.get("decls"):
        return True
    head = div.find(f"{TEI}head")
    return (head is not None and head.find(f".//{TEI}date") is not None) or div.find(f"{TEI}dateline") is not None


def _record(element: ET.Element, header: ET.Element | None, number: int, stem: str,
            collection: Collection) -> dict[str, Any]:
    record_id = element.get(XML_ID) or (header is not None and header.get(XML_ID)) or f"{stem}-{number}"
    head = element.find(f"{TEI}head")
    title = _text(head)
    if not title and header is not None:
        title = _text(header.find(f".//{TEI}titleStmt/{TEI}title"))
    date_element = None
    for candidate in (head, element.find(f"{TEI}dateline"), element.find(f".//{TEI}opener/{TEI}dateline"),
                      header.find(f".//{TEI}correspAction[@type='sent']") if header is not None else None):
        if candidate is not None and (found := candidate.find(f".//{TEI}date")) is not None:
            date_element = found
            break
    date = None
    if date_element is not None:
        try:
            date = dates.tei_date(dict(date_element.attrib)) or dates.from_words(_text(date_element))
        except (DateError, ValueError) as error:
            collection.problem(None, None, f"{record_id}: date not read ({error})")
    if not title:
        title = f"{stem} {number}" + (f", {dates.as_text(date)}" if date else "")
        collection.made_titles += 1
    record: dict[str, Any] = {"id": str(record_id), "title": title, "date": date}
    kind = element.get("type")
    if kind:
        record["type"] = kind[:1].upper() + kind[1:]
    if header is not None:
        record["authors"] = [_text(n) for n in header.iterfind(f".//{TEI}correspAction[@type='sent']/{TEI}persName")]
        record["recipients"] = [_text(n) for n in
                                header.iterfind(f".//{TEI}correspAction[@type='received']/{TEI}persName")]
    body = Body()
    for child in element:
        if child is not head:
            body.block(child)
    record["body"] = body.text()
    return {k: v for k, v in record.items() if v not in (None, [], "")}
