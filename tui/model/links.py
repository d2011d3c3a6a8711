"""Rules across records: duplicate ids and `related` ids that lead nowhere.

These need every id of the corpus, so they are checked after all files are
read, from light rows (id, place, related ids) rather than whole records.
Locations are found at the end by reading again only the files concerned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui.model.locate import ROOT, KeyMap, scan_keys
from tui.model.problems import Problem
from tui.model.text import quote
from tui.model.toml_file import TomlText, read_toml


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record is written: its file, its index in the file, its first line."""

    path: str
    position: int
    line: int
    many: bool  # one of several [[record]] tables in its file


@dataclass(slots=True)
class LinkCheck:
    """Collects ids and links as records stream past, then reports what is wrong."""

    first: dict[str, Place] = field(default_factory=dict)
    duplicates: list[tuple[str, Place]] = field(default_factory=list)
    links: list[tuple[str, Place, tuple[str, ...]]] = field(default_factory=list)

    def add(self, record_id: str, place: Place, related: tuple[str, ...] = ()) -> None:
        """Note one record, in path order; the first of an id is the one links lead to."""
        if record_id in self.first:
            self.duplicates.append((record_id, place))
        else:
            self.first[record_id] = place
        if related:
            self.links.append((record_id, place, related))

    def problems(self, root: Path, exists: Callable[[str], bool] | None = None) -> list[Problem]:
        """Duplicate ids and dangling links, placed at the key that names them.

        `exists` says whether an id is in the corpus, where not every record was added.
        """
        known = exists or self.first.__contains__
        pending: list[tuple[str, Place, str, str]] = []
        for record_id, place in self.duplicates:
            first = self.first[record_id]
            pending.append((record_id, place, "id", f"duplicate id {quote(record_id)}: also the id of the record at "
                                                    f"{first.path}:{first.line}, where links lead; give each record "
                                                    "its own id"))
        for record_id, place, related in self.links:
            for target in related:
                if not known(target):
                    pending.append((record_id, place, "related", f"related {quote(target)}: no record has this id; "
                                                                 "write the id of a record of the corpus"))
        return _locate(root, pending)


def _locate(root: Path, pending: list[tuple[str, Place, str, str]]) -> list[Problem]:
    keys: dict[str, KeyMap | None] = {}  # each file read and scanned once, however many problems it has
    problems = []
    for record_id, place, key, message in pending:
        if place.path not in keys:
            parsed = read_toml(root / place.path, place.path)
            keys[place.path] = scan_keys(parsed.text) if isinstance(parsed, TomlText) else None
        line, column = place.line, 1
        found = keys[place.path]
        if found is not None:
            where = found.find(place.position if place.many else ROOT, (key,))
            if where:
                line, column = where
        problems.append(Problem(place.path, line, column, record_id, message))
    return problems
