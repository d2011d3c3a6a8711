"""Finding the files of a corpus: records files and manifests, at any depth.

Names starting with ``.`` or ``_`` are skipped. Symbolic links are followed
once each: a folder reached through a link is read only if its real folder
was not read already, so a loop never loads a record twice and never runs
forever. Links are followed after the real tree, so a record's path is the
real one wherever there is a choice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tui.model.files import NotRegular, kind_of_file
from tui.model.problems import Problem
from tui.model.text import quote

SUFFIX = ".toml"
MANIFEST_NAME = "corpus.toml"  # a folder's manifest, read by tui.model.manifest


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file of the corpus: where to open it and its path relative to the root."""

    path: str
    rel: str
    size: int = 0
    mtime_ns: int = 0

    @property
    def folder(self) -> str:
        return self.rel.rpartition("/")[0]


@dataclass(slots=True)
class Discovery:
    """The files of a corpus in path order, its manifests, and what could not be read."""

    root: Path
    files: list[FoundFile] = field(default_factory=list)
    manifests: list[FoundFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folders: dict[str, int] = field(default_factory=dict)  # folder -> mtime_ns, when asked to stat


def path_order(rel: str) -> tuple[str, ...]:
    """The sort key of a relative path: folder by folder, as a tree lists them."""
    return tuple(rel.split("/"))


def discover(root: Path, *, stat: bool = False) -> Discovery:
    """Walk `root` and list its records files and manifests."""
    return _Walker(root, stat).run()


class _Walker:
    def __init__(self, root: Path, stat: bool) -> None:
        self.root = root
        self.stat = stat
        self.found = Discovery(root)
        self.seen_dirs: set[str] = set()
        self.seen_files: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (link path, rel, real parent)
        self.followed = False

    def run(self) -> Discovery:
        real_root = os.path.realpath(self.root)
        self.seen_dirs.add(real_root)
        self.walk(str(self.root), "", real_root)
        while self.links:  # links found in linked folders join the queue
            pending, self.links = self.links, []
            for link, rel, real_parent in pending:
                self.followed = True
                self.follow(link, rel, real_parent)
        if self.followed:  # the walk itself lists in path order; linked folders come after it
            self.found.files.sort(key=lambda f: path_order(f.rel))
            self.found.manifests.sort(key=lambda f: path_order(f.rel))
        self.found.problems.sort(key=Problem.sort_key)
        return self.found

    def walk(self, folder: str, rel: str, real: str) -> None:
        try:
            if self.stat:
                # A folder's time changes when a name in it is added, removed or renamed.
                self.found.folders[rel] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            where = rel or "."
            self.problem(where, f"cannot read the folder: {error.strerror or error}")
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            entry_rel = f"{rel}/{name}" if rel else name
            try:
                if entry.is_symlink():
                    self.links.append((entry.path, entry_rel, real))
                elif entry.is_dir(follow_symlinks=False):
                    entry_real = os.path.join(real, name)
                    self.seen_dirs.add(entry_real)
                    self.walk(entry.path, entry_rel, entry_real)
                elif name.endswith(SUFFIX) and entry.is_file(follow_symlinks=False):
                    self.add(entry.path, entry_rel, os.path.join(real, name))
                elif name.endswith(SUFFIX):
                    self.not_regular(entry_rel, entry.stat(follow_symlinks=False).st_mode)
            except OSError as error:
                self.problem(entry_rel, f"cannot read: {error.strerror or error}")

    def follow(self, link: str, rel: str, real_parent: str) -> None:
        target = os.path.realpath(link)
        if not os.path.exists(target):
            try:
                written = os.readlink(link)
            except OSError:
                written = "?"
            self.problem(rel, f"symbolic link to {quote(written)} leads nowhere (no such file, or a loop of "
                              "links); remove it or point it at a folder or a .toml file")
            return
        if os.path.isdir(target):
            if real_parent == target or real_parent.startswith(target.rstrip(os.sep) + os.sep):
                self.problem(rel, f"symbolic link loop: {quote(os.readlink(link))} leads back to a folder that "
                                  "holds the link; it is not followed")
                return
            if target in self.seen_dirs:
                return  # read already through its real path or another link
            self.seen_dirs.add(target)
            self.walk(link, rel, target)
        elif rel.endswith(SUFFIX) and os.path.isfile(target):
            self.add(link, rel, target)
        elif rel.endswith(SUFFIX):
            try:
                self.not_regular(rel, os.stat(target).st_mode)
            except OSError as error:
                self.problem(rel, f"cannot read: {error.strerror or error}")

    def add(self, path: str, rel: str, real: str) -> None:
        if real in self.seen_files:
            return
        self.seen_files.add(real)
        size = mtime_ns = 0
        if self.stat:
            try:
                info = os.stat(path)
                size, mtime_ns = info.st_size, info.st_mtime_ns
            except OSError:
                pass  # reading it will report the error with the file's name
        found = FoundFile(path, rel, size, mtime_ns)
        name = rel.rpartition("/")[2]
        (self.found.manifests if name == MANIFEST_NAME else self.found.files).append(found)

    def not_regular(self, rel: str, mode: int) -> None:
        """A pipe, device or socket named like a records file: said, never opened."""
        self.problem(rel, str(NotRegular(kind_of_file(mode)).strerror))

    def problem(self, rel: str, message: str) -> None:
        self.found.problems.append(Problem(rel, None, None, None, message))
