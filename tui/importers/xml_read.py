"""Reading XML sources safely, with errors that name the line and column.

The standard library's parser is used, with one guard: a document type declaration is refused
as soon as the parser meets it, before any entity in it is declared. Entities are where the
hostile documents live (expansion bombs, external files), and TEI P5 files have no DTD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tui.importers.base import SourceError

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CHUNK = 1 << 20


class _Refused(Exception):
    """A DOCTYPE, raised from inside the parser."""


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _Refused(name)


def parse_xml(path: Path, label: str) -> ET.Element:
    """The root element of the XML file at `path`, or a SourceError saying where it breaks."""
    parser = ET.XMLParser(target=_NoDoctype())
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                parser.feed(chunk)
        return parser.close()
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":", 1)[0]
        raise SourceError(f"{label}:{line}:{column + 1}: not well-formed XML ({reason})") from None
    except _Refused as refused:
        raise SourceError(f"{label}: has a document type declaration (<!DOCTYPE {refused}>), which is refused: "
                          "its entities could expand without bound or read other files; "
                          "remove the declaration, or convert the file to TEI P5") from None
    except OSError as error:
        raise SourceError(f"{label}: cannot be read ({error.strerror or error})") from None


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
