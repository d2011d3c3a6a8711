"""What one browser connection may ask of `readingroom serve`: its terminal size, its messages,
and the file descriptors its app process needs."""

from __future__ import annotations

import errno
import json
import os
import resource
from collections.abc import Mapping
from typing import Any

MAX_COLUMNS = 500
MAX_ROWS = 200
"""The largest terminal a connection gets: a 4K screen in a small font is about 550 × 150.
The app lays out and draws every cell, so 20,000 × 10,000 would take minutes and gigabytes."""
DEFAULT_SIZE = (80, 24)

FD_RESERVE = 16
"""File descriptors kept free when an app process starts: its three pipes, the pages, fonts and
WebSockets of other readers, and the log. Past this a connection is refused rather than take
the last ones, without which the server could not even answer."""


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    """WIDTH × HEIGHT as a terminal size within 1 × 1 and MAX_COLUMNS × MAX_ROWS, or None if either is no integer."""
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (width, height)):
        return None
    assert isinstance(width, int) and isinstance(height, int)
    return max(1, min(width, MAX_COLUMNS)), max(1, min(height, MAX_ROWS))


def size_from_query(query: Mapping[str, str]) -> tuple[int, int]:
    """The terminal size a WebSocket's URL asks for (`?width=…&height=…`), capped; 80 × 24 if unsaid or unreadable."""

    def number(name: str, default: int) -> int:
        text = query.get(name, "").strip()
        digits = text.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()):
            return default
        sign = -1 if text.startswith("-") else 1
        # No int() of thousands of digits (past Python's limit it raises): any long number is too big.
        return sign * (int(digits) if len(digits) < 10 else 10**9)

    size = terminal_size(number("width", DEFAULT_SIZE[0]), number("height", DEFAULT_SIZE[1]))
    assert size is not None
    return size


def client_message(text: str) -> tuple[str, Any] | None:
    """A message from textual.js, `[type, data]`, with its data checked (a resize's size capped);
    None for anything else, which the server ignores."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        return (kind, data) if isinstance(data, str) else None
    if kind == "resize":
        size = terminal_size(data.get("width"), data.get("height")) if isinstance(data, dict) else None
        return None if size is None else (kind, size)
    if kind in ("ping", "blur", "focus"):
        return kind, data
    return None


def descriptors_free() -> int | None:
    """File descriptors this process may still open (its soft limit less those open); None where unknown."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    for listing in ("/proc/self/fd", "/dev/fd"):
        try:
            return soft - len(os.listdir(listing))
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):  # listing takes one too
                return 0
    return None
