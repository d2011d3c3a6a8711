"""File names made from record ids, and the marker line that says which import wrote a file."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

_UNSAFE = re.compile(r"[^\w.-]+")
_MARKER = re.compile(r"# readingroom import: (?P<source>.+) (?P<when>\S+) sha256:(?P<digest>[0-9a-f]{16})")
MAX_STEM = 120


def file_stem(record_id: str) -> str:
    """A file name (without `.toml`) for an id: letters, digits, `.`, `-` and `_` kept, never hidden."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", record_id)).strip("._") or "record"
    if stem != record_id or len(stem) > MAX_STEM:
        # Two ids that would make one name stay apart by a digest of the id as written.
        digest = hashlib.sha256(record_id.encode()).hexdigest()[:8]
        stem = f"{stem[:MAX_STEM]}-{digest}"
    return stem


def digest(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Marker:
    """What the first line of an imported file says: its source, when, and a digest of the rest."""

    source: str
    when: str
    digest: str

    def line(self) -> str:
        return f"# readingroom import: {self.source} {self.when} sha256:{self.digest}"


def stamp(source: str, content: str, when: dt.datetime) -> str:
    """The file's text with its marker line first."""
    marker = Marker(source, when.strftime("%Y-%m-%dT%H:%M:%SZ"), digest(content))
    return marker.line() + "\n" + content


def read_marker(text: str) -> tuple[Marker | None, bool]:
    """The marker of a file's text, and whether the rest is still what the import wrote."""
    first, _, rest = text.partition("\n")
    match = _MARKER.fullmatch(first)
    if match is None:
        return None, False
    marker = Marker(match["source"], match["when"], match["digest"])
    return marker, digest(rest) == marker.digest
