"""Records and loading: the record format, read with the standard library and tomli only.

Names are loaded from their modules on first use (PEP 562), so a program that needs a
record's type does not pay for the loader at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "ArchivalDate": "dates", "DateError": "dates", "DatePoint": "dates", "parse_date": "dates",
    "Discovery": "discover", "FoundFile": "discover", "path_order": "discover",
    "Corpus": "loader", "CorpusScan": "loader", "load_corpus": "loader",
    "AliasGroup": "manifest", "Manifest": "manifest", "Manifests": "manifest",
    "FileResult": "parse", "parse_records_file": "parse",
    "Problem": "problems",
    "Record": "record",
    "visible": "text",
}

# The function `discover` shares its name with its module: bound here, the function wins.
from tui.model.discover import discover  # noqa: E402

__all__ = [
    "AliasGroup", "ArchivalDate", "Corpus", "CorpusScan", "DateError", "DatePoint", "Discovery", "FileResult",
    "FoundFile", "Manifest", "Manifests", "Problem", "Record", "discover", "load_corpus", "parse_date",
    "parse_records_file", "path_order", "visible",
]

if TYPE_CHECKING:
    from tui.model.dates import ArchivalDate, DateError, DatePoint, parse_date
    from tui.model.discover import Discovery, FoundFile, path_order
    from tui.model.loader import Corpus, CorpusScan, load_corpus
    from tui.model.manifest import AliasGroup, Manifest, Manifests
    from tui.model.parse import FileResult, parse_records_file
    from tui.model.problems import Problem
    from tui.model.record import Record
    from tui.model.text import visible


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'tui.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tui.model.{home}"), name)
    globals()[name] = value
    return value
