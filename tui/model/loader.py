"""Loading a corpus: discovery, manifests, records files in parallel, cross-record rules.

`CorpusScan` streams file results so that a linter or an indexer never
holds every record at once; `load_corpus` gathers them for small corpora
and tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.model.discover import Discovery, FoundFile, discover
from tui.model.links import LinkCheck, Place
from tui.model.manifest import Manifests, read_manifests
from tui.model.parse import FileResult, parse_records_file
from tui.model.problems import Problem
from tui.model.record import Record
from tui.model.workers import parse_in_workers, resolve

# Below this many files a second process costs more to start than it saves.
PARALLEL_FROM_FILES = 2000


def parse_files(files: Sequence[FoundFile], workers: int | None = None, *, transform: str | None = None,
                context: Any = None) -> Iterator[Any]:
    """Parse records files in path order, in two processes when the corpus is large.

    With a `transform` ("module:function"), each FileResult is passed through
    it (with `context`) where it was parsed, and its results are yielded.
    """
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(files) >= PARALLEL_FROM_FILES else 1
    if workers > 1:
        yield from parse_in_workers(files, workers, transform, context)
        return
    function = resolve(transform) if transform else None
    for file in files:
        result = parse_records_file(Path(file.path), file.rel)
        yield function(result, context) if function else result


class CorpusScan:
    """One pass over a corpus: stream file results, then the cross-record problems."""

    def __init__(self, root: Path, *, workers: int | None = None, stat: bool = False) -> None:
        self.root = root
        self.discovery: Discovery = discover(root, stat=stat)
        self.manifests, manifest_problems = read_manifests(self.discovery.manifests)
        self.problems: list[Problem] = self.discovery.problems + manifest_problems
        self.workers = workers
        self.links = LinkCheck()
        self.records = 0

    @property
    def files(self) -> list[FoundFile]:
        return self.discovery.files

    def results(self, files: Sequence[FoundFile] | None = None) -> Iterator[FileResult]:
        """Parse the records files, noting ids and links for the final checks."""
        for result in parse_files(self.files if files is None else files, self.workers):
            many = len(result.records) > 1 or any(r.position for r in result.records)
            for record in result.records:
                self.links.add(record.id, Place(record.path, record.position, record.line, many), record.related)
            self.records += len(result.records)
            yield result

    def finish(self) -> list[Problem]:
        """Problems across records (duplicate ids, dangling links), after every file."""
        return self.links.problems(self.root)


@dataclass
class Corpus:
    """A whole corpus in memory: for small corpora, tests and single commands."""

    root: Path
    manifests: Manifests
    records: list[Record]
    problems: list[Problem]
    files: int

    def __post_init__(self) -> None:
        self.by_id: dict[str, Record] = {}
        for record in self.records:
            self.by_id.setdefault(record.id, record)

    @property
    def title(self) -> str:
        return self.manifests.title or self.root.name


def load_corpus(root: Path, *, workers: int | None = None) -> Corpus:
    """Read a whole corpus; problems are collected, never raised."""
    scan = CorpusScan(root, workers=workers)
    records: list[Record] = []
    problems = list(scan.problems)
    for result in scan.results():
        records += result.records
        problems += result.problems
    problems += scan.finish()
    problems.sort(key=Problem.sort_key)
    return Corpus(root, scan.manifests, records, problems, len(scan.files))
