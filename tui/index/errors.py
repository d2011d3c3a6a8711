"""Why an index can't be used, was refused, or could not be written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tui.index.integrity import engine_failure, one_line

T = TypeVar("T")


class IndexUnusable(Exception):
    """An index that can't be used as it is; the message says why."""


class IndexRefused(Exception):
    """An index that must not be replaced or left for memory (another corpus's, a folder that
    can't be written where one was asked for); the message says why and what to do, `brief` why."""

    def __init__(self, message: str, brief: str | None = None) -> None:
        super().__init__(message)
        self.brief = brief or message


class IndexWriteFailed(Exception):
    """The index could not be written (a full disk, say); the message names it and the cause."""


class ForeignIndex(IndexUnusable):
    """An index built for another corpus."""

    def __init__(self, message: str, corpus: str) -> None:
        super().__init__(message)
        self.corpus = corpus

    def refusal(self, folder: Path, wanted: Path) -> IndexRefused:
        brief = f"the index at {folder} is of the corpus {self.corpus}, not {wanted.resolve()}"
        return IndexRefused(f"{brief}: give another index folder, or rebuild it for this corpus with "
                            f"readingroom index {wanted} --out {folder} --rebuild", brief)


def guard(action: Callable[[], T], what: str) -> T:
    """Run an engine call, turning its failures (a Rust panic too) into IndexUnusable."""
    try:
        return action()
    except BaseException as error:
        if not engine_failure(error):
            raise
        raise IndexUnusable(f"{what}: {one_line(error)}") from error
