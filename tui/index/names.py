"""File names the index can store: a name that is not UTF-8 kept, reversibly, as text.

Python reads such a name with each undecodable byte as a lone surrogate (U+DC80..U+DCFF), which
neither SQLite nor the engine can store. The index writes each as a character of the last
private-use block (U+10FF80..U+10FFFF) instead and turns it back to open the file.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model.discover import Discovery

_SURROGATE = re.compile("[\udc80-\udcff]")
_STORED = re.compile("[\U0010ff80-\U0010ffff]")
_SHIFT = 0x10FF80 - 0xDC80


def stored(name: str) -> str:
    """`name` as the index keeps it."""
    return _SURROGATE.sub(lambda m: chr(ord(m.group()) + _SHIFT), name) if _SURROGATE.search(name) else name


def real(name: str) -> str:
    """The file name a stored name stands for."""
    return _STORED.sub(lambda m: chr(ord(m.group()) - _SHIFT), name) if _STORED.search(name) else name


def storable(discovery: Discovery) -> Discovery:
    """`discovery` with every relative path and problem path as the index keeps it (the paths to
    open, and the folders' times, are left as they are)."""
    if not any(_SURROGATE.search(f.rel) for f in (*discovery.files, *discovery.manifests)) and not any(
            p.path and _SURROGATE.search(p.path) for p in discovery.problems):
        return discovery
    return dataclasses.replace(
        discovery,
        files=[dataclasses.replace(f, rel=stored(f.rel)) for f in discovery.files],
        manifests=[dataclasses.replace(f, rel=stored(f.rel)) for f in discovery.manifests],
        problems=[dataclasses.replace(p, path=stored(p.path)) if p.path else p for p in discovery.problems],
    )
