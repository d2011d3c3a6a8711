"""Reading a corpus file without ever waiting on it.

A name ending in `.toml` may be a named pipe, a device or a socket, or be
replaced by one between the walk and the read. Opening such a thing for
reading can block for ever (a pipe with no writer) or never end (/dev/zero).
So a file is opened without blocking and read only when the opened file
itself is a regular file.
"""

from __future__ import annotations

import errno
import os
import stat

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegular(OSError):
    """The path names something other than a regular file (a pipe, a device, a folder)."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({what}), so it is not read; only regular files "
                                       "hold records")
        self.what = what


def kind_of_file(mode: int) -> str:
    """What a file mode names, in words, for messages."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at `path`; NotRegular for anything else, OSError when unreadable.

    The check is made on the opened descriptor, so a file swapped for a pipe after
    the walk is refused as well; O_NONBLOCK keeps the open itself from waiting.
    """
    descriptor = os.open(path, _FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(kind_of_file(info.st_mode))
        # Up to the size it had when opened (and a little more): a file that keeps growing
        # (a log written into the corpus) is read as it was, not followed for ever.
        chunks: list[bytes] = []
        wanted = info.st_size + 1
        while wanted > 0 and (chunk := os.read(descriptor, max(wanted, 1 << 16))):
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
