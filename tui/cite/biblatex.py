"""biblatex entries, in UTF-8 for biber, as biblatex-chicago cites archival documents.

An archival letter or document is a `@misc` with an `entrysubtype`, which biblatex-chicago
reads as unpublished archival material (its title neither quoted nor italicised), as in the
package's own example of an archival letter (`creel:house`): `title` "Joseph Stalin to Kim Il
Sung", a letter's date in `origdate` (a document's in `date`), `titleaddon` the kind of document,
then the places that find it, from the most specific: `note` the archive's reference,
`organization` the collection, `institution` the repository, `location` its place.
A numbered document of a documentary edition is an `@inbook` of the edition's volume.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from tui.cite.dates import edtf
from tui.cite.edition import edition_of
from tui.cite.names import join_names, parse_name
from tui.cite.notes import kind_words, one_line

if TYPE_CHECKING:
    from tui.cite import Options
    from tui.model import Record

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
            "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_SPECIAL_RE = re.compile(r"[\\{}$&%#_^~]")
# BCP 47 language to the babel name biblatex's langid takes; other languages go without.
BABEL = {"en": "english", "ru": "russian", "de": "ngerman", "fr": "french", "es": "spanish", "it": "italian",
         "pl": "polish", "cs": "czech", "uk": "ukrainian", "pt": "portuguese", "hu": "magyar", "ro": "romanian",
         "bg": "bulgarian", "sr": "serbian", "el": "greek", "tr": "turkish", "he": "hebrew", "ko": "korean",
         "ja": "japanese", "zh": "chinese", "vi": "vietnamese"}
_KEY_SAFE = re.compile(r"[A-Za-z0-9_:.\-/+]+")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.\-/+]+")


def escape(text: str) -> str:
    """Text with LaTeX's special characters escaped; everything else stays UTF-8."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], one_line(text))


def cite_key(record_id: str) -> str:
    """A stable key: the id itself where LaTeX allows it, else its safe letters and a short hash of it."""
    if _KEY_SAFE.fullmatch(record_id):
        return record_id
    digest = hashlib.sha1(record_id.encode()).hexdigest()[:8]
    stem = _KEY_UNSAFE.sub("-", record_id).strip("-")[:40]
    return f"{stem}-{digest}" if stem else f"record-{digest}"


def bib_name(text: str) -> str:
    """A person as "Family, Given"; an organisation or an unsplit name braced whole, so it is never split."""
    name = parse_name(text)
    if not name.split or name.organisation or name.text.startswith(f"{name.family} "):
        return "{" + escape(name.text) + "}"
    assert name.family is not None and name.given is not None
    parts = [escape(name.family)] + ([escape(name.suffix)] if name.suffix else []) + [escape(name.given)]
    return ", ".join("{" + p + "}" if " and " in p else p for p in parts)


def fields(record: Record, options: Options) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and its fields, values escaped."""
    authors, recipients = record.names("authors"), record.names("recipients")
    kind = record.text("type")
    out: list[tuple[str, str]] = []
    if authors:
        out.append(("author", " and ".join(bib_name(n) for n in authors if n.strip())))
    edition = edition_of(record, options.manifests)
    if edition is not None:
        entry_type = "inbook"
        out.append(("title", "{" + escape(record.title) + "}"))
    else:
        entry_type = "misc"
        out.append(("entrysubtype", "letter" if recipients else "document"))
        title = f"{join_names(authors)} to {join_names(recipients)}" if authors and recipients else record.title
        out.append(("title", "{" + escape(title) + "}"))  # braced: kept as written, never re-cased
        if kind and kind.strip() and not (recipients and authors and kind.strip().lower() == "letter"):
            out.append(("titleaddon", escape(kind_words(kind))))
    date = edtf(record.date)
    if date:
        # biblatex-chicago dates an archival letter by `origdate`; anything else by `date`.
        out.append(("origdate" if entry_type == "misc" and recipients else "date", date))
    if edition is not None:
        out += [("maintitle", escape(edition.series))]
        out += [(key, escape(value)) for key, value in (("volume", edition.volume), ("part", edition.part),
                                                       ("booktitle", edition.subject), ("pages", edition.pages))
                if value]
        out.append(("note", escape(f"doc. {edition.document}")))
    else:
        values = {
            "note": record.source_text("reference"),
            "organization": "; ".join(c for c in record.names("collections") if c.strip()) or None,
            "institution": record.source_text("repository"),
            "location": record.source.get("place") if isinstance(record.source.get("place"), str) else None,
        }
        out += [(key, escape(value)) for key, value in values.items() if value and value.strip()]
    translators = [bib_name(n) for n in record.names("translators") if n.strip()]
    if translators:
        out.append(("translator", " and ".join(translators)))
    language = (record.text("language") or "").split("-")[0].lower()
    for key, value in (("langid", BABEL.get(language)), ("url", record.source_text("url")),
                       ("abstract", record.text("summary")),
                       ("annotation", record.source_text("rights"))):
        if value and value.strip():
            out.append((key, one_line(value) if key == "url" else escape(value)))
    return entry_type, out


def entry(record: Record, options: Options, key: str | None = None) -> str:
    """One biblatex entry."""
    entry_type, values = fields(record, options)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in values)
    return f"@{entry_type}{{{key or cite_key(record.id)},\n{body}\n}}\n"
