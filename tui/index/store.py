"""Where an index lives on disk, and how processes share it.

A folder holds generations (`gen-1`, `gen-2`, ...) and a `CURRENT` file
naming the one in use. Writers take an exclusive lock on `lock`, so several
processes starting at once on one corpus leave one good index: the first
builds, the others wait and then find nothing left to do. A rebuild (a new
program version, a corrupt index) starts a new generation, so readers of
the old one are never disturbed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from tui.locations import cache_home

CORPUS_INDEX_NAME = ".readingroom"  # skipped by discovery, like every dot-name


def default_index_dir(corpus: Path) -> Path:
    """$READINGROOM_INDEX, else CORPUS/.readingroom when it exists, else the user's cache."""
    from_env = os.environ.get("READINGROOM_INDEX")
    if from_env:
        return Path(from_env).expanduser()
    beside = corpus / CORPUS_INDEX_NAME
    if beside.is_dir():
        return beside
    real = os.path.realpath(corpus)
    digest = hashlib.sha256(real.encode()).hexdigest()[:12]
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(real).name)[:40] or "corpus"
    return cache_home() / "indexes" / f"{name}-{digest}"


class Store:
    """An index folder: its generations, its lock, whether this process may write it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def current(self) -> Path | None:
        """The generation in use, or None when there is none yet."""
        try:
            name = (self.folder / "CURRENT").read_text().strip()
        except OSError:
            return None
        if not name.startswith("gen-") or "/" in name:
            return None
        generation = self.folder / name
        return generation if generation.is_dir() else None

    def writable(self) -> bool:
        """True when this process can create and change files here."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.folder, os.W_OK | os.X_OK)

    @contextlib.contextmanager
    def lock(self, *, wait: bool = True) -> Iterator[bool]:
        """Hold the writers' lock; with wait=False yields False at once if another holds it."""
        handle = open(self.folder / "lock", "a+")  # noqa: SIM115 - held for the whole block
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except OSError as error:
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    yield False
                    return
                raise
            yield True
        finally:
            handle.close()  # closing releases the lock

    def new_generation(self) -> Path:
        """Start a fresh generation, make it current, and drop the old ones (call under the lock)."""
        numbers = [int(p.name[4:]) for p in self.folder.glob("gen-*") if p.name[4:].isdigit()]
        generation = self.folder / f"gen-{max(numbers, default=0) + 1}"
        generation.mkdir()
        temporary = self.folder / "CURRENT.new"
        temporary.write_text(generation.name + "\n")
        os.replace(temporary, self.folder / "CURRENT")
        for old in self.folder.glob("gen-*"):
            if old != generation:
                # Readers of an old generation keep their open files (POSIX), so removing is safe.
                shutil.rmtree(old, ignore_errors=True)
        return generation
