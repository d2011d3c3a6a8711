"""Importers: TEI, CMIF and CSV sources made into corpora of the record format.

No Textual here: the command line (`readingroom import`) and tests drive `run_import`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.importers.base import Collection, SourceError, SourceProblem

FORMATS = ("tei", "cmif", "csv")
Progress = Callable[[str, int, int], None]

__all__ = ["FORMATS", "Collection", "Outcome", "SourceError", "SourceProblem", "detect_format", "read_source",
           "run_import"]


def detect_format(path: Path) -> str:
    """"tei", "cmif" or "csv", from the file's first bytes (and, for XML, its letters and texts)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(65536)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"<"):
        return "csv"
    if b"<correspDesc" in head and b"type=\"document\"" not in head:
        # A CMIF file lists letters in its header and has no text; a TEI letter has both.
        from tui.importers.xml_read import TEI, parse_xml

        root = parse_xml(path, str(path))
        letters = list(root.iter(f"{TEI}correspDesc"))
        body = root.find(f"{TEI}text")
        has_text = body is not None and "".join(body.itertext()).strip()
        return "cmif" if len(letters) > 1 or not has_text else "tei"
    return "tei"


def read_source(path: Path, fmt: str, *, separator: str = "|", progress: Progress | None = None) -> Collection:
    """One source read into a Collection; a SourceError when it can't be read at all."""
    label = str(path)
    step = (lambda done, total: progress(label, done, total)) if progress else None
    if fmt == "tei":
        from tui.importers.tei import read_tei

        return read_tei(path, label, step)
    if fmt == "cmif":
        from tui.importers.cmif import read_cmif

        return read_cmif(path, label)
    if fmt == "csv":
        from tui.importers.csv_rows import read_csv

        return read_csv(path, label, separator, step)
    raise ValueError(f"unknown format {fmt!r}")


@dataclass(slots=True)
class Outcome:
    """What an import did (or, in a dry run, would do)."""

    written: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    made_ids: int = 0
    made_titles: int = 0
    formats: list[str] = field(default_factory=list)


def run_import(sources: Sequence[Path], into: Path, *, fmt: str | None = None, dry_run: bool = False,
               update: bool = False, separator: str = "|", progress: Progress | None = None,
               now: dt.datetime | None = None) -> Outcome:
    """Read every source and write the corpus into `into` (nothing written in a dry run).

    A source that cannot be read at all raises SourceError before anything is written.
    """
    from tui.importers import writer
    from tui.importers.plan import make_plan

    outcome = Outcome()
    if not dry_run:
        outcome.notes += writer.recover(into)
    collections = []
    for path in sources:
        kind = fmt or detect_format(path)
        outcome.formats.append(kind)
        collections.append(read_source(path, kind, separator=separator, progress=progress))
    stamp_time = now or dt.datetime.now(dt.UTC)
    plan = make_plan(collections, into, update=update, now=stamp_time)
    for collection in collections:
        outcome.problems += [str(problem) for problem in collection.problems]
        outcome.made_ids += collection.made_ids
        outcome.made_titles += collection.made_titles
    outcome.problems += plan.problems
    outcome.records = plan.records
    outcome.skipped = plan.skipped
    outcome.removed = plan.remove
    outcome.written = [rel for rel in plan.write if rel not in plan.rewrite]
    outcome.rewritten = sorted(plan.rewrite)
    if not dry_run and (plan.write or plan.remove):
        step = (lambda done, total: progress(str(into), done, total)) if progress else None
        writer.commit(plan, into, step)
    return outcome
