"""What the main screen's workers found, as messages (see `tui.widgets.answers`).

Each is posted by a thread worker to the screen and names its request;
the screen drops an answer to a request older than the latest of its kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.widgets.answers import Answer

if TYPE_CHECKING:
    from tui.model import Record
    from tui.render.document import Document
    from tui.session import Card, Progress, Results, Scope


class SessionOpened(Message):
    """The index is open (it may still be brought up to date)."""

    bubble = False


class IndexProgressed(Message):
    """A step of bringing the index up to date."""

    bubble = False

    def __init__(self, step: Progress) -> None:
        super().__init__()
        self.step = step

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgressed)  # only the latest step is worth showing


class IndexRefreshed(Message):
    """The index is up to date with the corpus."""

    bubble = False


class ResultsFound(Answer):
    """A search's first page, the narrowing it makes and its years."""

    kind = "search"

    def __init__(self, request: int, results: Results, scope: Scope, years: dict[int, int]) -> None:
        super().__init__(request)
        self.results, self.scope, self.years = results, scope, years


class ResultsPageFetched(Answer):
    """A further page of the current search's results."""

    kind = "search"

    def __init__(self, request: int, results: Results) -> None:
        super().__init__(request)
        self.results = results


class TimelineCounted(Answer):
    """Documents per year: the span of the whole corpus, and the counts within the scope."""

    kind = "timeline"

    def __init__(self, request: int, span: tuple[int, int] | None, counts: dict[int, int]) -> None:
        super().__init__(request)
        self.span, self.counts = span, counts


class CardFound(Answer):
    """The card of a record asked for by id (to open it)."""

    kind = "record"

    def __init__(self, request: int, card: Card, *, from_search: bool, remember: bool) -> None:
        super().__init__(request)
        self.card, self.from_search, self.remember = card, from_search, remember


class RecordLoaded(Answer):
    """A record read from its file and laid out, with what its metadata pane shows."""

    kind = "record"

    def __init__(self, request: int, record: Record, document: Document, rights: str | None,
                 titles: dict[str, str], *, from_search: bool, remember: bool) -> None:
        super().__init__(request)
        self.record, self.document, self.rights, self.titles = record, document, rights, titles
        self.from_search, self.remember = from_search, remember


class RecordMissing(Answer):
    """No record has the id asked for (or it left its file since it was indexed)."""

    kind = "record"

    def __init__(self, request: int, message: str) -> None:
        super().__init__(request)
        self.message = message
