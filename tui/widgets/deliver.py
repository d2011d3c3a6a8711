"""Handing what a worker thread found to the screen, unless the screen has gone."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.css.query import NoMatches
from textual.message_pump import MessagePump


def deliver(node: MessagePump, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run `callback(*args, **kwargs)` on the app's thread, if `node` is still on screen then.

    A worker can finish after its screen closed or while the app quits; what it found is
    then dropped rather than given to widgets that are gone.
    """

    def apply() -> None:
        if not node.is_attached:
            return
        # A screen composes every widget a callback updates and removes them only as it closes,
        # when they can be gone a moment before the screen is detached itself.
        with contextlib.suppress(NoMatches):
            callback(*args, **kwargs)

    with contextlib.suppress(RuntimeError):  # the app has stopped running
        node.app.call_from_thread(apply)
