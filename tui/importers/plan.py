"""Deciding what an import writes: a file per record and a manifest per source, and what it leaves.

A file that exists is rewritten only with `update`, and only when its first line is the marker
of an import of the same source and the rest is as that import wrote it. Nothing else is ever
overwritten: it is skipped, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tui.importers import toml_out
from tui.importers.base import Collection, settle
from tui.importers.names import file_stem, read_marker, stamp

MANIFEST = "corpus.toml"


@dataclass(slots=True)
class Plan:
    """Files to write (relative path → text), files to remove, and what was skipped and why."""

    write: dict[str, str] = field(default_factory=dict)
    rewrite: set[str] = field(default_factory=set)
    remove: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    records: int = 0


def source_name(collection: Collection) -> str:
    """The source as the marker names it: the file's name, control characters made harmless."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", Path(collection.source).name) or "source"


def folders(collections: list[Collection]) -> list[str]:
    """The sub-folder of each source: the target itself for one source, else one named by each file."""
    if len(collections) == 1:
        return [""]
    names: list[str] = []
    for collection in collections:
        stem = file_stem(Path(collection.source).stem)
        name, n = stem, 2
        while name.casefold() in {x.casefold() for x in names}:
            name, n = f"{stem}-{n}", n + 1
        names.append(name)
    return names


def make_plan(collections: list[Collection], into: Path, *, update: bool, now: dt.datetime) -> Plan:
    plan = Plan()
    ids: set[str] = set()
    for collection in collections:
        for record in collection.records:
            if record["id"] in ids:
                new = f"{record['id']}-{file_stem(Path(collection.source).stem)}"
                plan.problems.append(f"{collection.source}: id {record['id']!r} is also in an earlier source; "
                                     f"imported as {new!r}")
                record["id"] = new
            ids.add(record["id"])
    for collection, folder in zip(collections, folders(collections), strict=True):
        _plan_source(plan, collection, into, folder, ids, update, now)
    return plan


def _plan_source(plan: Plan, collection: Collection, into: Path, folder: str, ids: set[str], update: bool,
                 now: dt.datetime) -> None:
    source = source_name(collection)
    prefix = f"{folder}/" if folder else ""
    taken: set[str] = set()
    ours: set[str] = set()
    for record in collection.records:
        _settle_related(record, ids, collection)
        settle(record, partial(_report, collection, record["id"]))
        stem = file_stem(str(record["id"]))
        if stem.casefold() in taken:
            stem = file_stem(f"{record['id']}\x00")  # a digest tells ids apart that differ only in case
        taken.add(stem.casefold())
        rel = f"{prefix}{stem}.toml"
        ours.add(rel)
        content = toml_out.document(record)
        _offer(plan, into, rel, stamp(source, content, now), source, update)
        plan.records += 1
    manifest = {k: v for k, v in collection.manifest().items() if v}
    if manifest:
        rel = f"{prefix}{MANIFEST}"
        ours.add(rel)
        _offer(plan, into, rel, stamp(source, toml_out.document(manifest), now), source, update)
    if update:
        _stale(plan, into, folder, source, ours)


def _report(collection: Collection, record_id: str, key: str, message: str) -> None:
    collection.problem(None, None, f"{record_id}: {message}")


def _settle_related(record: dict[str, Any], ids: set[str], collection: Collection) -> None:
    related = record.get("related")
    if not isinstance(related, list):
        return
    missing = [r for r in related if isinstance(r, str) and r not in ids]
    if missing:
        record["related"] = [r for r in related if r not in missing]
        record["related_not_found"] = missing
        collection.problem(None, None, f"{record['id']}: related ids not in this import, kept as related_not_found: "
                                       + ", ".join(missing))
        if not record["related"]:
            del record["related"]


def _offer(plan: Plan, into: Path, rel: str, text: str, source: str, update: bool) -> None:
    target = into / rel
    if not target.exists() and not target.is_symlink():
        plan.write[rel] = text
        return
    reason = _why_kept(target, source, update)
    if reason:
        plan.skipped.append((rel, reason))
    else:
        plan.write[rel] = text
        plan.rewrite.add(rel)


def _why_kept(target: Path, source: str, update: bool) -> str | None:
    """None when the import may rewrite `target`, else why it is kept."""
    if target.is_symlink() or not target.is_file():
        return "exists and is not a plain file; kept"
    try:
        with target.open(encoding="utf-8", errors="replace", newline="") as stream:
            text = stream.read()
    except OSError as error:
        return f"exists and cannot be read ({error.strerror}); kept"
    marker, intact = read_marker(text)
    if marker is None:
        return "exists and was not written by an import; never overwritten"
    if marker.source != source:
        return f"written by the import of {marker.source}; kept"
    if not intact:
        return f"changed since the import of {marker.source} wrote it; kept (delete it to import it again)"
    if not update:
        return f"written by an earlier import of {source}; --update rewrites it"
    return None


def _stale(plan: Plan, into: Path, folder: str, source: str, ours: set[str]) -> None:
    """Files an earlier import of this source wrote that this one no longer has."""
    directory = into / folder if folder else into
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.toml")):
        rel = f"{folder}/{path.name}" if folder else path.name
        if rel in ours or path.is_symlink():
            continue
        try:
            with path.open(encoding="utf-8", errors="replace") as stream:
                first = stream.readline()
            if not first.startswith("# readingroom import: "):
                continue
            marker, intact = read_marker(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if marker is not None and marker.source == source and intact:
            plan.remove.append(rel)
