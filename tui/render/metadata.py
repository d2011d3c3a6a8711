"""Every field of a record in a fixed, sensible order, ready for a pane or a terminal.

A row knows which search a value stands for (`person:"Mao Zedong"`), so a
reader can go from a name to every document that names it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.cite import chicago
from tui.model.text import link_target, one_line, visible
from tui.model.values import describe

if TYPE_CHECKING:
    from tui.model import Record

LANGUAGES = {
    "ar": "Arabic", "cs": "Czech", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "hu": "Hungarian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
    "sr": "Serbian", "bg": "Bulgarian", "el": "Greek", "tr": "Turkish", "he": "Hebrew", "fa": "Persian",
}


# Keys beyond the format that the importers write (and corpora often have): a label and a section.
# Any other key is shown as written, apart, under "Other fields".
EXTRA_LABELS = {
    "chapter": ("Chapter", "Document"),
    "description": ("Description", "Document"),
    "source.pages": ("Pages", "Source"),
    "source.note": ("Source note", "Source"),
    "source.volume": ("Volume", "Source"),
    "source.edition": ("Edition", "Source"),
}


@dataclass(frozen=True, slots=True)
class MetaRow:
    """One labelled field: its values as display text and the search each value runs."""

    label: str
    values: tuple[str, ...]
    search_field: str | None = None
    invalid: bool = False
    url: str | None = None
    section: str = "Document"

    def query(self, index: int) -> str | None:
        """The search a reader's choice of value number `index` runs, if any."""
        if self.search_field is None or self.invalid:
            return None
        value = self.values[index].replace('"', " ")
        return f'{self.search_field}:"{value}"'


def language_name(tag: str) -> str:
    """ "ru" -> "Russian"; a tag not in the short table stays as written."""
    base = tag.split("-")[0].lower()
    name = LANGUAGES.get(base)
    return f"{name} ({tag})" if name and tag.lower() != base else name or tag


def shown(value: Any) -> str:
    """A value of any TOML type as display text: a string keeps its lines, a key is one line."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return one_line(describe(value))  # bounded and flat, however large or deep the value


def metadata_rows(record: Record, *, rights: str | None = None) -> list[MetaRow]:
    """The rows of the metadata pane, in order; `rights` is the manifest's default."""
    rows: list[MetaRow] = [MetaRow("Title", (one_line(record.title),))]
    fields = record.fields
    invalid = record.invalid

    def raw_row(label: str, key: str) -> None:
        if key in fields:
            rows.append(MetaRow(label, (shown(fields[key]),), invalid=True))

    if record.date is not None:
        words = record.date.qualifier_words
        rows.append(MetaRow("Date", (record.date.display + (f" ({words})" if words else ""),)))
    elif "date" in invalid:
        raw_row("Date", "date")
    else:
        rows.append(MetaRow("Date", ("Undated",)))
    # Where the original is and how to ask for it come next: they are what a historian cites.
    unknown = record.unknown()
    _source(record, rows, rights, [(key, value) for key, value in unknown if key.startswith("source.")])
    for label, key, field_name in (
        ("Type", "type", "type"),
        ("Summary", "summary", None),
        ("Authors", "authors", "person"),
        ("Recipients", "recipients", "person"),
        ("People", "people", "person"),
        ("Places", "places", "place"),
        ("Subjects", "subjects", "subject"),
        ("Collections", "collections", "collection"),
    ):
        if key in invalid:
            raw_row(label, key)
        elif key in ("type", "summary"):
            text = record.text(key)
            if text:
                rows.append(MetaRow(label, (visible(text) if key == "summary" else one_line(text),), field_name))
        elif record.names(key):
            rows.append(MetaRow(label, tuple(one_line(n) for n in record.names(key)), field_name))
    _languages(record, rows)
    if record.names("translators"):
        rows.append(MetaRow("Translators", tuple(one_line(n) for n in record.names("translators")), "person"))
    elif "translators" in invalid:
        raw_row("Translators", "translators")
    for key, value in unknown:
        if key in EXTRA_LABELS and EXTRA_LABELS[key][1] == "Document":
            rows.append(MetaRow(EXTRA_LABELS[key][0], (shown(value),)))
    _rights(record, rows, rights)
    for key, value in unknown:
        if key not in EXTRA_LABELS:
            rows.append(MetaRow(one_line(key), (shown(value),), section="Other"))
    rows.append(MetaRow("Id", (one_line(record.id),), "id", section="Record"))
    rows.append(MetaRow("File", (f"{one_line(record.path)}:{record.line}",), section="Record"))
    if record.related:
        rows.append(MetaRow("Related", tuple(one_line(r) for r in record.related), "id", section="Related"))
    elif "related" in invalid:
        rows.append(MetaRow("Related", (shown(fields["related"]),), invalid=True, section="Related"))
    rows.append(MetaRow("Chicago", (one_line(chicago(record)),), section="Citation"))
    return rows


def _languages(record: Record, rows: list[MetaRow]) -> None:
    for label, key in (("Language", "language"), ("Original language", "original_language")):
        tag = record.text(key)
        if tag:
            rows.append(MetaRow(label, (one_line(language_name(tag)),), "lang"))
        elif key in record.invalid and key in record.fields:
            rows.append(MetaRow(label, (shown(record.fields[key]),), invalid=True))


def _source(record: Record, rows: list[MetaRow], rights: str | None, extra: list[tuple[str, Any]]) -> None:
    source_is_table = "source" not in record.invalid
    if not source_is_table:
        rows.append(MetaRow("Source", (shown(record.fields["source"]),), invalid=True, section="Source"))
        return
    for label, key, field_name in (
        ("Repository", "repository", "repository"),
        ("Reference", "reference", "ref"),
        ("URL", "url", None),
    ):
        value = record.source_text(key)
        if value:
            # Only a well-formed http(s) or mailto URL is a link; any other is shown as text.
            url = link_target(value) if key == "url" else None
            text = one_line(value.strip())
            rows.append(MetaRow(label, (text,), field_name, url=url, section="Source"))
        elif f"source.{key}" in record.invalid:
            rows.append(MetaRow(label, (shown(record.source[key]),), invalid=True, section="Source"))
        if key == "reference":  # the pages and the note belong with the reference
            for extra_key, value in extra:
                if extra_key in EXTRA_LABELS:
                    rows.append(MetaRow(EXTRA_LABELS[extra_key][0], (shown(value),), section="Source"))


def _rights(record: Record, rows: list[MetaRow], rights: str | None) -> None:
    """The rights statement and the date of publication: after the document's own fields."""
    if "source" in record.invalid:
        return
    value = record.source_text("rights")
    if value:
        rows.append(MetaRow("Rights", (visible(value.strip()),), section="Rights"))
    elif "source.rights" in record.invalid:
        rows.append(MetaRow("Rights", (shown(record.source["rights"]),), invalid=True, section="Rights"))
    elif rights:
        rows.append(MetaRow("Rights", (visible(rights.strip()),), section="Rights"))
    if record.uploaded is not None:
        rows.append(MetaRow("Uploaded", (record.uploaded.isoformat(),), section="Rights"))
    elif "source.uploaded" in record.invalid:
        rows.append(MetaRow("Uploaded", (shown(record.source["uploaded"]),), invalid=True, section="Rights"))
