"""TEI: documentary editions such as Foreign Relations of the United States (FRUS).

Each `div[@type="document"]` is a record, as the Office of the Historian publishes its volumes.
Other TEI (a letter, a diary, a corpus of texts) goes to `tei_other`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tui.importers import dates
from tui.importers.base import Collection, SourceError
from tui.importers.tei_text import Body, inline, words
from tui.importers.xml_read import TEI, XML_ID, parse_xml
from tui.model.dates import DateError

FRUS = "{http://history.state.gov/ns/1.0}"
HISTORY = "https://history.state.gov/historicaldocuments"
PUBLIC_DOMAIN = "Public domain: a work of the United States Government."
REPOSITORY = "Office of the Historian, U.S. Department of State"

# The kind of document, from the words its heading starts with (first match wins).
_TYPES: tuple[tuple[str, str], ...] = (
    (r"editorial note", "Editorial Note"),
    (r"memorandum for the record", "Memorandum for the Record"),
    (r"memorandum of (?:a )?(?:telephone )?conversations?|record of (?:a )?telephone conversation",
     "Memorandum of Conversation"),
    (r"(?:intelligence )?memorandum", "Memorandum"),
    (r"(?:circular |draft )?telegram", "Telegram"),
    (r"(?:circular )?airgram", "Airgram"),
    (r"despatch|dispatch", "Despatch"),
    (r".{0,60}\bdiary\b", "Diary"),
    (r"(?:special )?(?:national )?intelligence estimate", "Intelligence Estimate"),
    (r"letter\b", "Letter"),
    (r"(?:summary )?record of (?:a |the )?(?:meeting|.{0,80}\bmeeting\b)|minutes", "Minutes"),
    (r"notes\b", "Notes"),
    (r"(?:special |position )?(?:background )?paper|department of state position paper|position paper", "Paper"),
    (r"current intelligence weekly review|.{0,60}\breport\b", "Report"),
    (r"resolution\b", "Resolution"),
    (r"statement\b", "Statement"),
    (r"(?:staff )?study\b", "Study"),
    (r"transcript\b", "Transcript"),
)
_TYPE_PATTERNS = [(re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in _TYPES]
_NOTE_KIND = re.compile(r":\s*(?:Circular\s+)?(Telegram|Airgram|Despatch|Letter|Memorandum)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\d+[A-Za-z]?\.\s+")


def document_type(title: str, source_note: str = "") -> str | None:
    """The kind of document its heading names, else what a source note ending ': Telegram' says."""
    for pattern, kind in _TYPE_PATTERNS:
        if pattern.match(title):
            return kind
    if match := _NOTE_KIND.search(source_note):
        return match.group(1).capitalize()
    return None


def read_tei(path: Path, label: str, progress: Callable[[int, int], None] | None = None) -> Collection:
    """Every record of a TEI file; FRUS-shaped files give one per document."""
    root = parse_xml(path, label)
    if root.find(f".//{TEI}div[@type='document']") is None:
        from tui.importers.tei_other import read_other

        return read_other(root, path, label)
    return _Volume(root, path, label).read(progress)


def _text(element: ET.Element | None) -> str:
    return words(inline(element)) if element is not None else ""


class _Volume:
    """One FRUS volume, read document by document."""

    def __init__(self, root: ET.Element, path: Path, label: str) -> None:
        self.root, self.label = root, label
        header = root.find(f"{TEI}teiHeader")
        statement = f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title"
        titles = {t.get("type"): _text(t) for t in root.iterfind(statement)}
        idno = root.find(f".//{TEI}publicationStmt/{TEI}idno[@type='frus']")
        self.volume = (idno.text or "").strip() if idno is not None and idno.text else path.stem
        self.title = titles.get("complete") or titles.get(None) or next(iter(titles.values()), self.volume)
        parts = [titles.get(k) for k in ("subseries", "volumenumber", "volume")]
        self.short = "FRUS " + ", ".join(p for p in parts if p) if all(parts[:2]) else self.title
        self.rights = self._rights(header)
        self.persons = {p.get(XML_ID): _text(p) for p in root.iter(f"{TEI}persName") if p.get(XML_ID)}
        self.language = root.get("{http://www.w3.org/XML/1998/namespace}lang") or "en"

    def _rights(self, header: ET.Element | None) -> str | None:
        if header is not None:
            for availability in header.iter(f"{TEI}availability"):
                text = _text(availability)
                if text:
                    return text
        publishers = " ".join(_text(p) for p in self.root.iter(f"{TEI}publisher"))
        if "United States Government" in publishers or self.volume.startswith("frus"):
            return PUBLIC_DOMAIN
        return None

    def read(self, progress: Callable[[int, int], None] | None) -> Collection:
        documents = list(self._documents(self.root, ""))
        ids = {f"{self.volume}-{div.get(XML_ID)}" for div, _ in documents}
        collection = Collection(self.label, "tei", title=self.title, rights=self.rights)
        collection.description = (f"The {len(documents)} documents of {self.title}, one record per document, "
                                  f"imported from the TEI edition ({Path(self.label).name}).")
        for number, (div, chapter) in enumerate(documents, 1):
            collection.records.append(self._record(div, chapter, ids, collection))
            if progress and number % 25 == 0:
                progress(number, len(documents))
        return collection

    def _documents(self, element: ET.Element, chapter: str) -> Iterator[tuple[ET.Element, str]]:
        for child in element:
            if child.tag != f"{TEI}div":
                if child.tag in (f"{TEI}text", f"{TEI}body", f"{TEI}front", f"{TEI}back", f"{TEI}group"):
                    yield from self._documents(child, chapter)
                continue
            if child.get("type") == "document":
                yield child, chapter
            else:
                head = child.find(f"{TEI}head")
                yield from self._documents(child, _text(head) if head is not None else chapter)

    def _record(self, div: ET.Element, chapter: str, ids: set[str], collection: Collection) -> dict[str, Any]:
        xml_id = div.get(XML_ID) or f"d{div.get('n')}"
        record_id = f"{self.volume}-{xml_id}"
        head = div.find(f"{TEI}head")
        title = _NUMBER.sub("", _text(head)) if head is not None else ""
        source_notes = [n for n in div.iter(f"{TEI}note") if n.get("type") == "source"]
        source_note = words(inline(source_notes[0])) if source_notes else ""
        if not title:
            title = f"Document {div.get('n') or xml_id}"
            collection.made_titles += 1
        record: dict[str, Any] = {"id": record_id, "title": title}
        record["date"] = self._date(div, record_id, collection)
        record["type"] = document_type(title, source_note)
        record["authors"] = self._marked(head, "from")
        record["recipients"] = self._marked(head, "to")
        record["people"] = self._people(div)
        record["places"] = _unique(_text(p) for d in div.iter(f"{TEI}dateline") for p in d.iter(f"{TEI}placeName"))
        record["collections"] = [self.short]
        record["language"] = self.language
        if chapter:
            record["chapter"] = chapter
        record["related"] = self._related(div, record_id, ids)
        body = Body(skip_note=lambda note: note.get("type") == "source")
        for child in div:
            if child.tag != f"{TEI}head" and not (child.tag == f"{TEI}note" and child.get("type") == "source"):
                body.block(child)
        record["body"] = body.text()
        source: dict[str, Any] = {"repository": REPOSITORY}
        if source_note:
            source_note = re.sub(r"^Source:\s*", "", source_note)
            reference = re.split(r"\.\s|:\s*(?=[A-Z][a-z]+\s*$)", source_note, maxsplit=1)[0].rstrip(".")
            source["reference"] = reference
            source["note"] = source_note
        pages = self._pages(div)
        if pages:
            source["pages"] = pages
        source["url"] = f"{HISTORY}/{self.volume}/{xml_id}"
        if self.rights:
            source["rights"] = self.rights
        record["source"] = source
        return {key: value for key, value in record.items() if value not in (None, [], "")}

    def _date(self, div: ET.Element, record_id: str, collection: Collection) -> dates.DateValue | None:
        low, high = div.get(f"{FRUS}doc-dateTime-min"), div.get(f"{FRUS}doc-dateTime-max")
        try:
            if low or high:
                start = dates.as_text(dates.iso_point(low)) if low else None
                end = dates.as_text(dates.iso_point(high)) if high else None
                if low and low == high:
                    return dates.iso_point(low)
                return dates.interval(start, end)
            for dateline in div.iter(f"{TEI}dateline"):
                element = dateline.find(f".//{TEI}date")
                if element is not None and (value := dates.tei_date(dict(element.attrib))) is not None:
                    return value
                return dates.from_words(_text(dateline))
        except (DateError, ValueError) as error:
            collection.problem(None, None, f"{record_id}: date not read ({error}); the record is undated")
        return None

    def _marked(self, head: ET.Element | None, kind: str) -> list[str]:
        """The names the editors marked as the document's sender (`from`) or addressee (`to`)."""
        if head is None:
            return []
        return _unique(self._name(e) for e in head.iter() if e.get("type") == kind and e.tag != f"{TEI}note")

    def _name(self, element: ET.Element) -> str:
        target = (element.get("corresp") or "").lstrip("#")
        return self.persons.get(target) or _text(element)

    def _people(self, div: ET.Element) -> list[str]:
        return _unique(self._name(p) for p in div.iter(f"{TEI}persName"))

    def _related(self, div: ET.Element, record_id: str, ids: set[str]) -> list[str]:
        related = []
        for ref in div.iter(f"{TEI}ref"):
            target = ref.get("target") or ""
            if match := re.fullmatch(r"#(d\d+[a-z]?)(?:fn\d+)?", target):
                other = f"{self.volume}-{match.group(1)}"
                if other != record_id and other in ids:
                    related.append(other)
        return _unique(related)

    def _pages(self, div: ET.Element) -> str:
        """The printed pages a document spans, from the page breaks before and inside it."""
        numbers = [pb.get("n") or "" for pb in div.iter(f"{TEI}pb")]
        start = self._page_before(div)
        first = start or (numbers[0] if numbers else "")
        last = numbers[-1] if numbers else first
        return first if first == last or not last else f"{first}–{last}"

    def _page_before(self, div: ET.Element) -> str:
        if not hasattr(self, "_page_at"):
            self._page_at: dict[int, str] = {}
            page = ""
            for element in self.root.iter():
                if element.tag == f"{TEI}pb":
                    page = element.get("n") or page
                elif element.tag == f"{TEI}div" and element.get("type") == "document":
                    self._page_at[id(element)] = page
        return self._page_at.get(id(div), "")


def _unique(items: Iterator[str] | list[str] | Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


__all__ = ["SourceError", "document_type", "read_tei"]
