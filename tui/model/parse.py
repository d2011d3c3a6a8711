"""One records file: its records and its problems, each placed at a line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.model.locate import ROOT, KeyMap, record_lines, scan_keys
from tui.model.problems import Problem
from tui.model.record import Issue, Record, build_record, read_id
from tui.model.toml_file import TomlText, read_toml

NO_RECORD = (
    'holds no record; write id = "..." and title = "..." at the top for one record, '
    "or [[record]] tables for several"
)
STRAY_KEYS = (
    "keys outside [[record]] tables belong to no record and are not loaded; "
    "move them into a [[record]] table, or write one record per file"
)


@dataclass(slots=True)
class FileResult:
    """What one records file gave: the records that loaded and its problems."""

    path: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_records_file(path: Path, rel: str) -> FileResult:
    """Read a records file; it never raises for what is in the file."""
    parsed = read_toml(path, rel)
    if isinstance(parsed, Problem):
        return FileResult(rel, problems=[parsed])
    return records_of(parsed, rel)


def records_of(parsed: TomlText, rel: str) -> FileResult:
    """Split a parsed file into records and check each one."""
    table = parsed.table
    result = FileResult(rel)
    keys: KeyMap | None = None

    def key_map() -> KeyMap:
        nonlocal keys
        if keys is None:
            keys = scan_keys(parsed.text)
        return keys

    entries = table.get("record")
    many = isinstance(entries, list) and bool(entries) and all(isinstance(e, dict) for e in entries)
    if not table:
        result.problems.append(Problem(rel, None, None, None, NO_RECORD))
        return result
    if not many:
        _add(result, table, rel, line=1, index=ROOT, key_map=key_map)
        return result
    assert isinstance(entries, list)
    if len(table) > 1:
        line, column = key_map().first_root_key() or (1, 1)
        result.problems.append(Problem(rel, line, column, None, STRAY_KEYS))
    lines = record_lines(parsed.text, len(entries))
    for index, entry in enumerate(entries):
        _add(result, entry, rel, line=lines[index], index=index, key_map=key_map)
    return result


def _add(result: FileResult, data: dict[str, Any], rel: str, *, line: int, index: int, key_map: Any) -> None:
    position = max(index, 0)
    record, issues = build_record(data, path=rel, line=line, position=position)
    if record is not None:
        result.records.append(record)
    if issues:
        record_id = record.id if record else read_id(data.get("id"))
        for issue in issues:
            result.problems.append(_place(issue, rel, line, index, record_id, key_map()))


def _place(issue: Issue, rel: str, line: int, index: int, record_id: str | None, keys: KeyMap) -> Problem:
    where = keys.find(index, issue.key) if issue.key else None
    if where is None:
        where = (line, 1)
    return Problem(rel, where[0], where[1], record_id, issue.message)
