"""Reading lists: one TOML file each, the records in the order added, each with a comment.

Every change is written at once. A list file changed by hand since it was
read is read again and the change made to it; one that no longer parses is
left as it is and the change kept beside it, as a conflict copy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tui.trail.files import Files, Notice
from tui.trail.tomlout import as_time, now, pairs, parse, string, value

FOLDER = "lists"
SUFFIX = ".toml"
CONFLICT = ".conflict"
T = TypeVar("T")


@dataclass(slots=True)
class Entry:
    """One record on a list: its id, when it was added, a one-line comment."""

    id: str
    added: dt.datetime
    comment: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys written by hand, kept


@dataclass(slots=True)
class ReadingList:
    """A named list of records, in the order the reader gave them."""

    name: str
    created: dt.datetime
    entries: list[Entry] = field(default_factory=list)
    file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]

    def __contains__(self, record_id: object) -> bool:
        return any(entry.id == record_id for entry in self.entries)

    def position(self, record_id: str) -> int:
        """The entry's index; ValueError where the record is not on the list."""
        for number, entry in enumerate(self.entries):
            if entry.id == record_id:
                return number
        raise ValueError(f"{record_id} is not on the list {self.name!r}")


def one_line(text: str) -> str:
    """A comment as one line: line breaks become spaces."""
    return " ".join(text.split())


def list_text(reading: ReadingList) -> str:
    """The list's file, as `read_list` reads it back."""
    head = {"name": reading.name, "created": reading.created, **_plain(reading.extra)}
    lines = pairs(head)
    for entry in reading.entries:
        lines += ["", "[[entry]]", f"id = {string(entry.id)}", f"added = {value(entry.added)}"]
        if entry.comment:
            lines.append(f"comment = {string(entry.comment)}")
        lines += pairs(_plain(entry.extra))
    return "\n".join(lines) + "\n"


def _plain(extra: dict[str, Any]) -> dict[str, Any]:
    """Keys the writer can keep exactly: text, numbers, true/false, times, lists of text."""
    return {k: v for k, v in extra.items() if isinstance(v, str | int | bool | dt.datetime)
            or (isinstance(v, list) and all(isinstance(i, str) for i in v))}


def read_list(data: bytes, name: str, shown: str) -> ReadingList | Notice:
    """A list from its file's bytes, or a notice naming where the file is wrong."""
    table = parse(data, shown)
    if isinstance(table, Notice):
        return table
    title = table.get("name", name.rsplit("/", 1)[-1].removesuffix(SUFFIX))
    if not isinstance(title, str) or not title.strip():
        return Notice(shown, "'name' must be the list's name, as text", _line_of(data, "name"), 1)
    created = as_time(table.get("created")) or now()
    entries = table.get("entry", [])
    if not isinstance(entries, list):
        return Notice(shown, "'entry' must be [[entry]] tables", _line_of(data, "entry"), 1)
    reading = ReadingList(title.strip(), created, file=name,
                          extra={k: v for k, v in table.items() if k not in ("name", "created", "entry")})
    for number, item in enumerate(entries):
        record_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            record_id = str(record_id)
        if not isinstance(record_id, str) or not record_id:
            return Notice(shown, f"entry {number + 1} has no record id (id = \"...\")",
                          _line_of(data, "[[entry]]", number), 1)
        comment = item.get("comment", "")
        reading.entries.append(Entry(record_id, as_time(item.get("added")) or created,
                                     one_line(comment) if isinstance(comment, str) else "",
                                     {k: v for k, v in item.items() if k not in ("id", "added", "comment")}))
    return reading


def _line_of(data: bytes, needle: str, nth: int = 0) -> int:
    """The line of the nth line starting with `needle` (1 where none does)."""
    seen = 0
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if line.strip().startswith(needle):
            if seen == nth:
                return number
            seen += 1
    return 1


def file_name(title: str, taken: set[str]) -> str:
    """A file name for a list: its name's letters and digits, dashes between words."""
    slug = "-".join(re.findall(r"\w+", title.casefold())).strip("_") or "list"
    name, count = f"{FOLDER}/{slug}{SUFFIX}", 1
    while name in taken:
        count += 1
        name = f"{FOLDER}/{slug}-{count}{SUFFIX}"
    return name


class Lists:
    """Every reading list of a corpus, kept in `files`; changes are written at once."""

    def __init__(self, files: Files, notify: Callable[[Notice], None]) -> None:
        self.files = files
        self.notify = notify
        self._lists: dict[str, ReadingList] = {}
        self.broken: list[str] = []  # files left alone because they don't parse

    def load(self) -> None:
        """Read every list file; one that doesn't parse gets a notice and is left alone."""
        self._lists.clear()
        self.broken.clear()
        for name in self.files.names(FOLDER, SUFFIX):
            shown = self.files.shown(name)
            if CONFLICT in name.rsplit("/", 1)[-1]:
                self.notify(Notice(shown, "a conflict copy kept beside its list: merge it by hand, then delete it"))
                continue
            data = self.files.read(name)
            if data is None:
                continue
            found = read_list(data, name, shown)
            if isinstance(found, Notice):
                self.broken.append(name)
                self.notify(found)
            elif found.name.casefold() in self._keys():
                self.notify(Notice(shown, f"another file already holds a list named {found.name!r}: left out"))
            else:
                self._lists[found.name] = found

    def _keys(self) -> set[str]:
        return {name.casefold() for name in self._lists}

    def names(self) -> list[str]:
        """The lists' names, sorted."""
        return sorted(self._lists, key=str.casefold)

    def get(self, name: str) -> ReadingList | None:
        """The list with this name (case does not matter), or None."""
        if name in self._lists:
            return self._lists[name]
        return next((item for key, item in self._lists.items() if key.casefold() == name.casefold()), None)

    def _need(self, name: str) -> ReadingList:
        found = self.get(name)
        if found is None:
            raise KeyError(f"no list named {name!r}")
        return found

    def containing(self, record_id: str) -> list[str]:
        """The names of the lists a record is on."""
        return [name for name in self.names() if record_id in self._lists[name]]

    def create(self, name: str) -> ReadingList:
        """A new, empty list; ValueError for an empty name or one already taken."""
        name = one_line(name)
        if not name:
            raise ValueError("a list needs a name")
        if self.get(name) is not None:
            raise ValueError(f"there is already a list named {name!r}")
        taken = {item.file for item in self._lists.values()} | set(self.files.names(FOLDER, SUFFIX))
        reading = ReadingList(name, now(), file=file_name(name, taken))
        self.files.write(reading.file, list_text(reading))
        self._lists[name] = reading
        return reading

    def rename(self, old: str, new: str) -> ReadingList:
        """Give a list another name (and file name)."""
        new = one_line(new)
        if not new:
            raise ValueError("a list needs a name")
        other = self.get(new)
        if other is not None and other is not self.get(old):
            raise ValueError(f"there is already a list named {new!r}")
        reading = self._need(old)
        old_file = reading.file

        def rename(item: ReadingList) -> ReadingList:
            item.name = new
            return item

        renamed = self._change(reading.name, rename, write=False)
        if renamed is None:
            return reading
        taken = {item.file for item in self._lists.values() if item is not renamed}
        taken |= set(self.files.names(FOLDER, SUFFIX)) - {old_file}
        renamed.file = file_name(new, taken)
        self.files.write(renamed.file, list_text(renamed))
        if renamed.file != old_file:
            self.files.delete(old_file)
        self._lists = {(new if item is renamed else key): item for key, item in self._lists.items()}
        return renamed

    def delete(self, name: str) -> None:
        """Take a list away; a copy changed by hand since it was read is kept beside, with a notice."""
        reading = self._need(name)
        if self.files.changed(reading.file):
            data = self.files.read(reading.file)
            if data is not None:
                kept = self.files.keep_beside(reading.file, data.decode("utf-8", "replace"))
                self.notify(Notice(self.files.shown(reading.file),
                                   f"changed outside Reading Room: kept as {self.files.shown(kept)}"))
        self.files.delete(reading.file)
        del self._lists[reading.name]

    def add(self, name: str, record_id: str, comment: str = "") -> bool:
        """Put a record at the end of a list; False where it was on it already."""
        def add(item: ReadingList) -> bool:
            if record_id in item:
                return False
            item.entries.append(Entry(record_id, now(), one_line(comment)))
            return True

        return bool(self._change(name, add))

    def add_many(self, name: str, record_ids: list[str], comment: str = "") -> list[str]:
        """Put records at the end of a list, in one write; the ids that were not on it yet."""
        def add(item: ReadingList) -> list[str]:
            present = set(item.ids)
            added = []
            when = now()
            for record_id in record_ids:
                if record_id not in present:
                    present.add(record_id)
                    added.append(record_id)
                    item.entries.append(Entry(record_id, when, one_line(comment)))
            return added

        return self._change(name, add) or []

    def remove_many(self, name: str, record_ids: list[str]) -> list[str]:
        """Take records off a list, in one write; the ids that were on it."""
        def remove(item: ReadingList) -> list[str]:
            gone = set(record_ids)
            removed = [entry.id for entry in item.entries if entry.id in gone]
            item.entries = [entry for entry in item.entries if entry.id not in gone]
            return removed

        return self._change(name, remove) or []

    def remove(self, name: str, record_id: str) -> bool:
        """Take a record off a list; False where it wasn't on it."""
        def remove(item: ReadingList) -> bool:
            kept = [entry for entry in item.entries if entry.id != record_id]
            found = len(kept) != len(item.entries)
            item.entries = kept
            return found

        return bool(self._change(name, remove))

    def toggle(self, name: str, record_id: str) -> bool:
        """Mark or unmark: True when the record is on the list afterwards."""
        reading = self._need(name)
        if record_id in reading:
            self.remove(name, record_id)
            return False
        self.add(name, record_id)
        return True

    def set_comment(self, name: str, record_id: str, comment: str) -> None:
        """Set (or, with "", clear) an entry's one-line comment."""
        def set_comment(item: ReadingList) -> None:
            item.entries[item.position(record_id)].comment = one_line(comment)

        self._change(name, set_comment)

    def move(self, name: str, record_id: str, to: int) -> int:
        """Move an entry to position `to` (0 first; clamped to the list); its new position."""
        def move(item: ReadingList) -> int:
            entry = item.entries.pop(item.position(record_id))
            where = max(0, min(to, len(item.entries)))
            item.entries.insert(where, entry)
            return where

        moved = self._change(name, move)
        return moved if moved is not None else 0

    def _change(self, name: str, change: Callable[[ReadingList], T], *, write: bool = True) -> T | None:
        """Apply a change to the list as it is on disk now, then write it.

        Changed by hand since it was read: read again first, and the change made to that. No
        longer parsing: the file is left alone, the changed list kept beside it, and the list
        dropped until the file is mended. None in that case.
        """
        reading = self._need(name)
        if self.files.changed(reading.file):
            shown = self.files.shown(reading.file)
            data = self.files.read(reading.file)
            fresh = read_list(data, reading.file, shown) if data is not None else reading
            if isinstance(fresh, Notice):
                change(reading)
                kept = self.files.keep_beside(reading.file, list_text(reading))
                self.notify(Notice(shown, f"changed outside Reading Room and no longer reads ({fresh}); "
                                          f"this change kept as {self.files.shown(kept)}"))
                del self._lists[reading.name]
                self.broken.append(reading.file)
                return None
            what = "read again" if data is not None else "deleted outside Reading Room: written again"
            self.notify(Notice(shown, f"changed outside Reading Room: {what}, and the change made to it"))
            fresh.file = reading.file
            self._lists = {(fresh.name if item is reading else key): (fresh if item is reading else item)
                           for key, item in self._lists.items()}
            reading = fresh
        result = change(reading)
        if write:
            self.files.write(reading.file, list_text(reading))
        return result
