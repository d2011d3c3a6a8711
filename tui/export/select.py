"""Which records an export streams: the whole corpus, a query's results, or given ids.

Each yields (id, rendered text) in corpus order without holding the records: the whole
corpus is parsed (and rendered) file by file, in two worker processes when it is large; a
query's or a list's records are read from just the files that hold them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from tui.cite import Options
from tui.export.formats import render
from tui.model.discover import path_order
from tui.model.loader import CorpusScan, parse_files
from tui.model.parse import parse_records_file
from tui.model.problems import Problem


def whole_corpus(scan: CorpusScan, fmt: str, options: Options,
                 problems: list[Problem] | None = None) -> Iterator[tuple[str, str]]:
    """Every record a scan finds, rendered where it is parsed (in two processes for a large corpus);
    the files' problems are added to `problems`."""
    for rendered, found in parse_files(scan.files, transform="tui.export.formats:render_file",
                                       context=(fmt, options)):
        if problems is not None:
            problems += found
        yield from rendered


def at_places(root: Path, places: Iterable[tuple[str, int]], fmt: str,
              options: Options) -> Iterator[tuple[str, str]]:
    """The records at (path, position) places, read a file at a time, in corpus order."""
    for _place, record_id, text in _read(root, places, fmt, options):
        yield record_id, text


def in_given_order(root: Path, places: list[tuple[str, int]], fmt: str,
                   options: Options) -> Iterator[tuple[str, str]]:
    """The records at these places in the order given (a reading list's): each file is read once,
    and the rendered records held until their turn (a list is a reader's, not a whole corpus)."""
    rendered = {place: (record_id, text) for place, record_id, text in _read(root, places, fmt, options)}
    for place in places:
        if place in rendered:
            yield rendered[place]


def _read(root: Path, places: Iterable[tuple[str, int]], fmt: str,
          options: Options) -> Iterator[tuple[tuple[str, int], str, str]]:
    by_path: dict[str, set[int]] = defaultdict(set)
    for path, position in places:
        by_path[path].add(position)
    for path in sorted(by_path, key=path_order):
        wanted = by_path[path]
        for record in parse_records_file(root / path, path).records:
            if record.position in wanted:
                yield (path, record.position), record.id, render(record, fmt, options)


def query_places(library: object, query: str) -> list[tuple[str, int]]:
    """Where every record a query matches is; raises ValueError with the pointer for a malformed query."""
    from tui.index.library import Library

    assert isinstance(library, Library)
    page, offset, places = 1000, 0, []
    while True:
        results = library.search(query, limit=page, offset=offset, snippets=False)
        if results.error is not None:
            raise ValueError(results.error.pointer(query))
        places += [(hit.card.path, hit.card.position) for hit in results.hits]
        offset += page
        if offset >= results.total or not results.hits:
            return places


def id_places(library: object, ids: Iterable[str]) -> tuple[list[tuple[str, int]], list[str]]:
    """Where the records with these ids are (a reading list's, a command line's), and the ids not found."""
    from tui.index.library import Library

    assert isinstance(library, Library)
    places, missing = [], []
    for record_id in ids:
        card = library.card(record_id)
        if card is None:
            missing.append(record_id)
        else:
            places.append((card.path, card.position))
    return places, missing
