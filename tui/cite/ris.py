"""RIS, the tagged format EndNote, Zotero, Mendeley and most catalogues read.

Letters, telegrams and memoranda are PCOMM, a numbered document of a documentary edition GEN,
any other record MANSCPT. Recipients are A2, the archive DB, the archive's reference AN,
the full date DA.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui.cite.csl_json import csl_type
from tui.cite.dates import ris_date
from tui.cite.edition import edition_of
from tui.cite.names import parse_name
from tui.cite.notes import one_line

if TYPE_CHECKING:
    from tui.cite import Options
    from tui.model import Record

_PAGES = re.compile(r"\s*([^–—-]+?)\s*[–—-]+\s*(.+?)\s*")


def ris_type(record: Record, options: Options) -> str:
    if edition_of(record, options.manifests) is not None:
        return "GEN"
    return "PCOMM" if csl_type(record.text("type")) == "personal_communication" else "MANSCPT"


def ris_name(text: str) -> str:
    """A person as "Family, Given" (RIS's form); an organisation or an unsplit name as written."""
    name = parse_name(text)
    if name.split and not name.organisation and not name.text.startswith(f"{name.family} "):
        return name.inverted
    return name.text


def tags(record: Record, options: Options) -> list[tuple[str, str]]:
    """The record's tags, in RIS's order: TY first, ER last (ER added by `entry`)."""
    out: list[tuple[str, str]] = [("TY", ris_type(record, options)), ("ID", record.id), ("TI", record.title)]
    out += [("AU", ris_name(n)) for n in record.names("authors") if n.strip()]
    out += [("A2", ris_name(n)) for n in record.names("recipients") if n.strip()]
    out += [("A4", ris_name(n)) for n in record.names("translators") if n.strip()]
    date = record.date
    if date is not None:
        point = date.start or date.end
        assert point is not None  # a date has at least one known end
        out.append(("PY", f"{point.year:04d}"))
        out.append(("DA", ris_date(date) or ""))
    kind = record.text("type")
    if kind and kind.strip():
        out.append(("M3", kind))
    edition = edition_of(record, options.manifests)
    if edition is not None:
        out.append(("T2", edition.series))
        volume = edition.volume or ""
        if edition.part:
            volume += f", pt. {edition.part}"
        if volume:
            out.append(("VL", volume))
        if edition.subject:
            out.append(("T3", edition.subject))
        out.append(("M1", edition.document))
        if edition.pages:
            match = _PAGES.fullmatch(edition.pages)
            out += [("SP", match[1]), ("EP", match[2])] if match else [("SP", edition.pages)]
    values = [("DB", record.source_text("repository")), ("AN", record.source_text("reference")),
              ("CY", record.source.get("place") if isinstance(record.source.get("place"), str) else None)]
    values += [("KW", c) for c in record.names("collections")]
    values += [("LA", record.text("language")), ("UR", record.source_text("url")), ("AB", record.text("summary"))]
    rights = record.source_text("rights") or (options.manifests.rights(record.path) if options.manifests else None)
    values.append(("N1", rights))
    out += [(tag, value) for tag, value in values if value and value.strip()]
    return [(tag, one_line(value)) for tag, value in out]


def entry(record: Record, options: Options) -> str:
    """One RIS record: "TAG  - value" lines, ending with ER."""
    lines = [f"{tag}  - {value}" for tag, value in tags(record, options)]
    return "\n".join([*lines, "ER  - ", ""]) + "\n"
