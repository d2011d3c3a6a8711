"""Records and loading: the record format, read with the standard library and tomli only."""

from tui.model.dates import ArchivalDate, DateError, DatePoint, parse_date
from tui.model.discover import Discovery, FoundFile, discover, path_order
from tui.model.loader import AliasGroup, Corpus, CorpusScan, Manifests, load_corpus
from tui.model.manifest import Manifest
from tui.model.parse import FileResult, parse_records_file
from tui.model.problems import Problem
from tui.model.record import Record
from tui.model.text import visible

__all__ = [
    "AliasGroup", "ArchivalDate", "Corpus", "CorpusScan", "DateError", "DatePoint", "Discovery",
    "FileResult", "FoundFile", "Manifest", "Manifests", "Problem", "Record", "discover", "load_corpus",
    "parse_date", "parse_records_file", "path_order", "visible",
]
