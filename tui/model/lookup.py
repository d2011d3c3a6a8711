"""Finding one record by id without loading the whole corpus."""

from __future__ import annotations

from pathlib import Path

from tui.model.discover import discover
from tui.model.files import read_regular
from tui.model.manifest import Manifests, read_manifests
from tui.model.parse import parse_records_file
from tui.model.record import Record


def find_record(root: Path, record_id: str) -> tuple[Record | None, Manifests]:
    """The first record (in path order) with `record_id`, and the corpus's manifests.

    A file that holds neither the id's text nor a TOML escape (which could
    spell it) cannot hold the record, and is skipped unparsed.
    """
    found = discover(root)
    manifests, _ = read_manifests(found.manifests)
    needle = record_id.encode()
    for file in found.files:
        try:
            data = read_regular(file.path)
        except OSError:
            continue
        if needle not in data and b"\\" not in data:
            continue
        for record in parse_records_file(Path(file.path), file.rel).records:
            if record.id == record_id:
                return record, manifests
    return None, manifests
