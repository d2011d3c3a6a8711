"""The index opened, and the first screen's tree counted, while the browser's code loads.

Started before the screens are imported, in a thread: opening the engine and counting a million
records' decades happen in the engine, which lets go of Python's lock meanwhile, so they overlap
the imports instead of following them (about 60 ms of the first screen at 1,000,000 records).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.index.browse import Browse, Group
    from tui.index.library import Library
    from tui.index.search import Search


@dataclass(frozen=True, slots=True)
class Opened:
    """What the thread found: the library, its views (see `Library.views`), and the tree's first level."""

    library: Library
    views: tuple[Search, Browse]
    grouping: str
    groups: list[Group]


class OpenAhead:
    """`Library.open_existing` and the first level of the tree in `grouping`, in a thread."""

    def __init__(self, corpus: Path, *, index_dir: str | None, secure: bool, grouping: str) -> None:
        self._corpus = corpus
        self._index_dir = index_dir
        self._secure = secure
        self._grouping = grouping
        self._opened: Opened | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="open-ahead", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        from tui.index.library import Library

        try:
            # Messages the library has later go where the session sends them (it sets notify).
            library = Library.open_existing(self._corpus, index_dir=self._index_dir, secure=self._secure,
                                            notify=lambda _message: None)
            if library is None:
                return
            views = library.views()
            self._opened = Opened(library, views, self._grouping, views[1].groups(self._grouping))
        except BaseException as error:  # raised again where the result is taken, as opening would
            self._error = error

    def result(self) -> Opened | None:
        """Wait for the thread; None when there is no usable index (see `Library.open_existing`)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._opened
