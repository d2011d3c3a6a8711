"""The trail's files: atomic writes, and no write over a file changed by hand since it was read.

A `Folder` notes each file's size, time and hash when it reads or writes it;
before the next write it compares them with the disk, so a file a reader
edited meanwhile is read again (or kept beside) rather than overwritten.
A `MemoryFolder` has the same methods and writes nothing (secure mode).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

WRITE_FAILED = "can't write the file"


@dataclass(frozen=True, slots=True)
class Notice:
    """One line for the reader: a file that doesn't parse, or one changed on disk meanwhile."""

    path: str
    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a file was when last read or written: None where there was no file."""

    size: int
    mtime_ns: int
    digest: str


class Files(Protocol):
    """Where the trail's files are kept: on disk, or in memory for one session."""

    where: str

    def read(self, name: str) -> bytes | None: ...

    def changed(self, name: str) -> bool: ...

    notify: Callable[[Notice], None]

    def write(self, name: str, text: str) -> bool: ...

    def delete(self, name: str) -> None: ...

    def names(self, folder: str, suffix: str) -> list[str]: ...

    def keep_beside(self, name: str, text: str) -> str: ...

    def shown(self, name: str) -> str: ...


def conflict_name(name: str, now: dt.datetime | None = None) -> str:
    """`lists/a.toml` -> `lists/a.conflict-20261202T031500Z.toml`: kept beside, same suffix."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    path = Path(name)
    return str(path.with_name(f"{path.stem}.conflict-{stamp}{path.suffix}"))


class Folder:
    """Trail files below one folder on disk; names are relative paths with `/`."""

    def __init__(self, root: Path, notify: Callable[[Notice], None] | None = None) -> None:
        self.root = root
        self.where = str(root)
        self.notify: Callable[[Notice], None] = notify or (lambda _notice: None)
        self._stamps: dict[str, Stamp | None] = {}

    def path(self, name: str) -> Path:
        return self.root / name

    def shown(self, name: str) -> str:
        """The file's path as a notice names it."""
        return str(self.root / name)

    def _stamp_now(self, name: str, data: bytes | None = None) -> Stamp | None:
        path = self.path(name)
        try:
            info = path.stat()
            if data is None:
                data = path.read_bytes()
        except FileNotFoundError:
            return None
        return Stamp(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def read(self, name: str) -> bytes | None:
        """The file's bytes (None where there is none), noted as the version this session knows."""
        try:
            with open(os.path.join(self.where, name), "rb") as stream:  # one open: time and bytes agree
                info = os.fstat(stream.fileno())
                data = stream.read()
        except FileNotFoundError:
            self._stamps[name] = None
            return None
        self._stamps[name] = Stamp(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())
        return data

    def changed(self, name: str) -> bool:
        """True when the file is not what this session last read or wrote (a file never read
        counts as known absent: one that is there now has changed)."""
        known = self._stamps.get(name)
        path = self.path(name)
        try:
            info = path.stat()
        except FileNotFoundError:
            return known is not None
        if known is None:
            return True
        if (info.st_size, info.st_mtime_ns) == (known.size, known.mtime_ns):
            return False
        # A new time alone (a touch, a save of the same bytes) is not a change: the hash decides.
        now = self._stamp_now(name)
        if now is not None and now.digest == known.digest:
            self._stamps[name] = now
            return False
        return True

    def write(self, name: str, text: str) -> bool:
        """Write atomically: a temporary file beside, flushed to disk, then renamed over. Where
        that fails (a full disk, a folder that can't be written) the file is as it was, the
        failure goes to `notify`, and False comes back: the change holds for this session only."""
        path = self.path(name)
        data = text.encode("utf-8")
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except OSError as error:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            self.notify(Notice(self.shown(name), f"{WRITE_FAILED}: {error.strerror or error}; the change holds "
                                                 "for this session only"))
            return False
        _sync_folder(path.parent)
        self._stamps[name] = self._stamp_now(name, data)
        return True

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()
        self._stamps[name] = None

    def names(self, folder: str, suffix: str) -> list[str]:
        """The files of a sub-folder with this suffix, sorted; hidden and temporary ones left out."""
        try:
            entries = sorted(os.listdir(self.path(folder)))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [f"{folder}/{entry}" for entry in entries if entry.endswith(suffix) and not entry.startswith(".")]

    def keep_beside(self, name: str, text: str) -> str:
        """Write `text` as a conflict copy beside `name` (never over anything); its name."""
        now = dt.datetime.now(dt.UTC)
        other = conflict_name(name, now)
        count = 1
        while self.path(other).exists():
            count += 1
            other = conflict_name(name, now).replace(".conflict-", f".conflict{count}-")
        self.write(other, text)
        return other


def _sync_folder(folder: Path) -> None:
    """Make the rename itself last (POSIX); systems without folder handles skip it."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


class MemoryFolder:
    """The same as `Folder`, in memory: for secure mode, where nothing may be written."""

    where = "memory (this session only)"

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.notify: Callable[[Notice], None] = lambda _notice: None

    def shown(self, name: str) -> str:
        return name

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def changed(self, name: str) -> bool:
        return False

    def write(self, name: str, text: str) -> bool:
        self.files[name] = text.encode("utf-8")
        return True

    def delete(self, name: str) -> None:
        self.files.pop(name, None)

    def names(self, folder: str, suffix: str) -> list[str]:
        prefix = folder + "/"
        return sorted(name for name in self.files
                      if name.startswith(prefix) and "/" not in name[len(prefix):] and name.endswith(suffix))

    def keep_beside(self, name: str, text: str) -> str:
        other = conflict_name(name)
        self.files[other] = text.encode("utf-8")
        return other
