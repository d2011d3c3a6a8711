"""Answers from worker threads, as messages that name the request they answer.

A slow call runs in a thread worker that takes what it needs from the
widgets before it starts, and posts a past-tense message (`RecordLoaded`,
`ResultsFound`, ...) when done. Each request of a kind gets a number; an
answer to an older request than the latest is stale and is dropped, and a
cancelled worker posts nothing. A message to a widget that has gone is
dropped by Textual itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import NoActiveWorker, get_current_worker


class Answer(Message):
    """What a worker found for request number `request` of its `kind`."""

    kind: ClassVar[str] = ""  # requests of one kind share numbers (a search and its next pages)
    bubble = False  # for the node that asked, which posts it to itself

    def __init__(self, request: int) -> None:
        super().__init__()
        self.request = request


class Requests:
    """The latest request of each kind."""

    def __init__(self) -> None:
        self._latest: dict[str, int] = {}

    def start(self, kind: str) -> int:
        """A new request of `kind`: every answer to an earlier one is stale from now on."""
        number = self._latest.get(kind, 0) + 1
        self._latest[kind] = number
        return number

    def latest(self, kind: str) -> int:
        return self._latest.get(kind, 0)

    def is_current(self, answer: Answer) -> bool:
        return self._latest.get(answer.kind, 0) == answer.request


def post_answer(node: MessagePump, answer: Answer) -> None:
    """Post `answer` to `node` (from a worker thread), unless the worker was cancelled meanwhile."""
    try:
        if get_current_worker().is_cancelled:
            return
    except NoActiveWorker:
        pass  # called outside a worker: nothing to cancel it
    node.post_message(answer)
