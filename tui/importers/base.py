"""What every importer hands to the writer: records, the manifest's keys, and problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class SourceError(Exception):
    """A source that cannot be read at all: the message names the file, and line and column where known."""


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Something in a source that did not import as it stands; `line`/`column` count from 1."""

    source: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = [self.source] + [str(n) for n in (self.line, self.column) if n is not None]
        if self.line is None and self.column is not None:
            where = [self.source]
        return ":".join(where) + ": " + self.message


@dataclass(slots=True)
class Collection:
    """One source's records and what its manifest says of them.

    `identifiers` maps a name (person, organisation or place) to its authority URIs;
    `organisations` lists the names that are organisations, not people.
    """

    source: str
    format: str
    records: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    rights: str | None = None
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    organisations: list[str] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    made_ids: int = 0
    made_titles: int = 0
    skipped: int = 0

    def problem(self, line: int | None, column: int | None, message: str) -> None:
        self.problems.append(SourceProblem(self.source, line, column, message))

    def identify(self, name: str, uri: str | None) -> None:
        """Keep `uri` as one of the authority identifiers of `name`."""
        if not uri:
            return
        uris = self.identifiers.setdefault(name, [])
        if uri not in uris:
            uris.append(uri)

    def manifest(self) -> dict[str, Any]:
        """The manifest's keys, in the order corpus.toml shows them."""
        data: dict[str, Any] = {"title": self.title, "description": self.description, "rights": self.rights}
        if self.organisations:
            data["organisations"] = sorted(set(self.organisations))
        if self.identifiers:
            data["identifiers"] = dict(sorted(self.identifiers.items()))
        return data


def settle(record: dict[str, Any], report: Callable[[str, str], None]) -> dict[str, Any]:
    """The record with every key that breaks a rule of the format moved to `KEY_as_written`.

    So the written corpus checks clean and nothing a source held is lost; `report(key, message)`
    says what moved and why.
    """
    from tui.model.record import build_record

    _, issues = build_record(record, path="", line=0, position=0)
    for issue in issues:
        if not issue.key:
            continue
        top = issue.key[0]
        if top in ("id", "title"):
            continue
        if top == "source" and len(issue.key) > 1 and isinstance(record.get("source"), dict):
            table = record["source"]
            table[f"{issue.key[1]}_as_written"] = table.pop(issue.key[1], None)
        elif top in record:
            record[f"{top}_as_written"] = record.pop(top)
        else:
            continue
        report(top, f"{issue.message}; kept as {top}_as_written")
    return record
