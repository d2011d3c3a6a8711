"""CMIF out: the corpus's correspondence as one TEI file of `correspDesc`, for correspSearch and the like.

Each record with an author or a recipient is a letter: its authors (`persName`, or `orgName` for
the names a manifest lists under `organisations`) and `sent_from` place and date in a `sent`
action, its recipients, `sent_to` and `received` date in a `received` one. Names and places carry
the authority URIs of the manifests' `[identifiers]` as `@ref` (GeoNames URIs for places, the
others for names); the letter carries its `[source] url` as `@ref`, its `[source] reference` as
`@key`, and its editions (`collections`, else the part of the corpus it is in, else the corpus)
as `@source`, each a `bibl` of the header. Records are rendered one by one (in parse workers);
the writer keeps the letters in a temporary file until the end, when it knows the editions the
header must list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, TextIO

from tui.model.text import visible

if TYPE_CHECKING:
    from tui.cite import Options
    from tui.model import Manifests, Record
    from tui.model.dates import ArchivalDate, DatePoint

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCHEMA_URL = "https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/cmi-customization.rng"
_URL = re.compile(r"https?://\S+")
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PLACE_AUTHORITIES = ("geonames.org", "geonames.com")


def _safe(text: str) -> str:
    """Text XML can hold: control characters (which XML 1.0 forbids) shown as symbols."""
    return visible(text, keep_layout=True).replace("\t", " ")


def _uri(text: str) -> str:
    """A URI as the schema's `anyURI` with no space takes it: spaces and controls percent-encoded."""
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]",
                  lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text.strip())


def edition_id(title: str) -> str:
    """A stable `xml:id` for an edition's `bibl`, from its title."""
    return "edition-" + hashlib.sha1(title.encode()).hexdigest()[:12]


def _point(point: DatePoint) -> str:
    text = f"{point.year:04d}"
    if point.month:
        text += f"-{point.month:02d}"
        if point.day:
            text += f"-{point.day:02d}"
            if point.time is not None:
                text += "T" + point.time.replace(tzinfo=None).isoformat(timespec="seconds")
    return text


def date_attributes(date: ArchivalDate) -> dict[str, str]:
    """A record's date as TEI attributes: `when`, or `notBefore`/`notAfter`; `cert="low"` when
    uncertain or approximate (the only certainty CMIF knows)."""
    attributes: dict[str, str] = {}
    if date.interval:
        if date.start:
            attributes["notBefore"] = _point(date.start)
        if date.end:
            attributes["notAfter"] = _point(date.end)
    elif date.start:
        attributes["when"] = _point(date.start)
    if attributes and (date.uncertain or date.approximate):
        attributes["cert"] = "low"
    return attributes


class Authorities:
    """What the manifests above a record say of its names: their URIs, and which are organisations."""

    def __init__(self, manifests: Manifests | None, path: str) -> None:
        self.identifiers: dict[str, list[str]] = {}
        self.organisations: set[str] = set()
        for manifest in manifests.above(path) if manifests else []:
            found = manifest.extra.get("identifiers")
            if isinstance(found, dict):
                for name, uris in found.items():
                    listed = [uris] if isinstance(uris, str) else uris if isinstance(uris, list) else []
                    self.identifiers.setdefault(name, []).extend(u for u in listed if isinstance(u, str))
            names = manifest.extra.get("organisations")
            if isinstance(names, list):
                self.organisations |= {n for n in names if isinstance(n, str)}

    def refs(self, name: str, *, place: bool) -> str | None:
        uris = [_uri(u) for u in self.identifiers.get(name, []) if u.strip()]
        chosen = [u for u in uris if any(a in u for a in _PLACE_AUTHORITIES) == place]
        return " ".join(dict.fromkeys(chosen)) or None


def editions(record: Record, manifests: Manifests | None) -> list[str]:
    """The editions a letter is from: its collections, else its part of the corpus, else the corpus."""
    named = list(record.names("collections"))
    if named:
        return named
    parts = manifests.parts(record.path) if manifests else []
    if parts:
        return [parts[-1].label]
    return [(manifests.title if manifests else None) or "Reading Room corpus"]


def _action(parent: ET.Element, kind: str, names: tuple[str, ...], place: str | None, date: ArchivalDate | None,
            authorities: Authorities) -> None:
    if not names and not place and date is None:
        return
    action = ET.SubElement(parent, "correspAction", {"type": kind})
    for name in names:
        tag = "orgName" if name in authorities.organisations else "persName"
        element = ET.SubElement(action, tag)
        element.text = _safe(name)
        if ref := authorities.refs(name, place=False):
            element.set("ref", ref)
    if place:
        element = ET.SubElement(action, "placeName")
        element.text = _safe(place)
        if ref := authorities.refs(place, place=True):
            element.set("ref", ref)
    if date is not None and (attributes := date_attributes(date)):
        ET.SubElement(action, "date", attributes)


def _received(record: Record) -> ArchivalDate | None:
    from tui.model.dates import DateError, parse_date

    value = record.fields.get("received")
    if value is None or isinstance(value, bool):
        return None
    try:
        return parse_date(value)
    except DateError:
        return None  # a bad date is a problem `check` reports; the letter goes without it


def render(record: Record, options: Options) -> str:
    """One letter as JSON holding its `correspDesc` and the editions it cites; "" for a record
    that is no letter (no author and no recipient)."""
    authors, recipients = record.names("authors"), record.names("recipients")
    if not authors and not recipients:
        return ""
    manifests = options.manifests
    authorities = Authorities(manifests, record.path)
    sources = editions(record, manifests)
    letter = ET.Element("correspDesc")
    if _NCNAME.fullmatch(record.id):
        letter.set(XML_ID, record.id)  # the import takes it back as the record's id
    url, reference = record.source_text("url"), record.source_text("reference")
    if url and url.strip():
        letter.set("ref", _uri(url))
    if reference:
        letter.set("key", _safe(reference))
    letter.set("source", " ".join(f"#{edition_id(title)}" for title in sources))
    date = None if "date" in record.invalid else record.date
    _action(letter, "sent", authors, record.text("sent_from"), date, authorities)
    _action(letter, "received", recipients, record.text("sent_to"), _received(record), authorities)
    ET.indent(letter, space="    ", level=3)
    xml = ET.tostring(letter, encoding="unicode")  # unqualified: it goes inside the TEI root
    return json.dumps({"editions": sources, "online": "ref" in letter.attrib, "xml": xml}, ensure_ascii=False)


class CmifWriter:
    """Writes rendered letters as one CMIF document, with the header the letters call for."""

    def __init__(self, out: TextIO, manifests: Manifests | None, *, url: str | None = None) -> None:
        self.out, self.manifests, self.url = out, manifests, url
        self.count = 0
        self._editions: dict[str, bool] = {}  # title -> online (some letter of it has a URL)
        self._letters = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in end()

    def begin(self) -> None:
        pass  # the header names every edition, so it is written at the end

    def write(self, record_id: str, text: str) -> None:
        if not text:
            return
        data = json.loads(text)
        for edition in data["editions"]:
            self._editions[edition] = self._editions.get(edition, False) or data["online"]
        self._letters.write("            " + data["xml"].strip() + "\n")
        self.count += 1

    def end(self) -> None:
        out = self.out
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<?xml-model href="{SCHEMA_URL}" type="application/xml" '
                  'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
        out.write(f'<TEI xmlns="{TEI_NS}">\n    <teiHeader>\n')
        out.write(self._file_desc())
        out.write("        <profileDesc>\n")
        self._letters.seek(0)
        shutil.copyfileobj(self._letters, out)
        self._letters.close()
        out.write("        </profileDesc>\n    </teiHeader>\n    <text>\n        <body>\n            <p/>\n"
                  "        </body>\n    </text>\n</TEI>\n")
        out.flush()

    def _file_desc(self) -> str:
        root = self.manifests.by_folder.get("") if self.manifests else None
        extra: dict[str, Any] = root.extra if root else {}
        title = (root.title if root else None) or "Letters exported by Reading Room"
        editor = extra.get("editor") if isinstance(extra.get("editor"), str) else None
        publisher = extra.get("publisher") if isinstance(extra.get("publisher"), str) else None
        url = extra.get("url") if isinstance(extra.get("url"), str) else self.url
        rights = root.rights if root else None
        header = ET.Element("fileDesc")
        statement = ET.SubElement(header, "titleStmt")
        ET.SubElement(statement, "title").text = _safe(title)
        ET.SubElement(statement, "editor").text = _safe(editor or "Reading Room")
        publication = ET.SubElement(header, "publicationStmt")
        ET.SubElement(publication, "publisher").text = _safe(publisher or editor or "Reading Room")
        ET.SubElement(publication, "idno", {"type": "url"}).text = _uri(url or "urn:readingroom:cmif")
        ET.SubElement(publication, "date", {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        availability = ET.SubElement(publication, "availability")
        licence_url = _URL.search(rights or "")
        if rights and licence_url:
            target = _uri(licence_url.group().rstrip(").,;"))
            ET.SubElement(availability, "licence", {"target": target}).text = _safe(rights)
        else:
            ET.SubElement(availability, "p").text = _safe(rights or "No licence is stated for this list.")
        source = ET.SubElement(header, "sourceDesc")
        for edition, online in (self._editions or {title: False}).items():
            kind = "online" if online else "print"
            ET.SubElement(source, "bibl", {"type": kind, XML_ID: edition_id(edition)}).text = _safe(edition)
        ET.indent(header, space="    ", level=2)
        return "        " + ET.tostring(header, encoding="unicode") + "\n"
