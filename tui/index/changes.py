"""What changed in a corpus since its index was written: files added, changed and removed,
manifests, and the folders' times that let a quick check skip reading every file's time."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.index.ledger import manifest_json, problem_json
from tui.index.names import real

if TYPE_CHECKING:
    from tui.model import Manifests
    from tui.model.discover import Discovery, FoundFile


@dataclass(slots=True)
class Diff:
    """What changed in a corpus since the index was written."""

    added: list[FoundFile] = field(default_factory=list)
    changed: list[FoundFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    manifests_changed: bool = False
    walk_problems_changed: bool = False

    @property
    def files(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def __bool__(self) -> bool:
        return bool(self.files or self.manifests_changed or self.walk_problems_changed)


def changes_between(known: dict[str, tuple[int, int]], old_manifests: dict[str, str], walk_problems: str | None,
                    discovery: Discovery, manifests: Manifests) -> Diff:
    """The difference between what the index holds and what the corpus now is."""
    result = Diff()
    found = {f.rel: f for f in discovery.files}
    new_manifests = {folder: manifest_json(m) for folder, m in manifests.by_folder.items()}
    # A part (a folder with a manifest) is a collection of every record below it, named by its
    # title or else its folder's name; the root's manifest names no part.
    retitled = [folder for folder in set(old_manifests) | set(new_manifests)
                if folder and _part(old_manifests.get(folder)) != _part(new_manifests.get(folder))]
    prefixes = tuple(folder + "/" for folder in retitled)
    for rel, file in found.items():
        state = known.get(rel)
        if state is None:
            result.added.append(file)
        elif state != (file.size, file.mtime_ns) or (prefixes and rel.startswith(prefixes)):
            result.changed.append(file)
    result.removed = [rel for rel in known if rel not in found]
    result.manifests_changed = old_manifests != new_manifests
    result.walk_problems_changed = (walk_problems or "[]") != problem_json(discovery.problems)
    return result


def _part(data: str | None) -> tuple[str | None] | None:
    """What a manifest (as the ledger keeps it) makes of its folder: no part, or a part with this title."""
    return (json.loads(data).get("title"),) if data is not None else None


def folder_states(discovery: Discovery) -> str:
    """Every folder's time, and every manifest's (edited in place, it keeps its folder's time)."""
    states = dict(discovery.folders)
    states.update({m.rel: m.mtime_ns for m in discovery.manifests})
    return json.dumps(states, sort_keys=True)


def folders_unchanged(corpus: Path, recorded: str | None) -> bool:
    """True when every folder and manifest noted at the last refresh still has its time."""
    states = json.loads(recorded or "null")
    if not states:
        return False
    for rel, mtime in states.items():
        try:
            if os.stat(corpus / real(rel)).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True
