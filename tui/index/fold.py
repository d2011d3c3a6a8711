"""Folding words the way the index does, and finding alias names in a query."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.index.schema import fold_analyzer, id_analyzer

if TYPE_CHECKING:
    from tui.model.manifest import AliasGroup


class _Analyzers(threading.local):
    """The engine's analyzers, one set for each thread: an analyzer can't be used by two threads
    at once (the engine raises "Already borrowed")."""

    def __init__(self) -> None:
        self.words = fold_analyzer()
        self.whole = id_analyzer()


_analyzers = _Analyzers()


def fold(text: str) -> list[str]:
    """The index's words for `text`: split, lower-cased, diacritics folded."""
    return _analyzers.words.analyze(text)  # type: ignore[no-any-return]


def fold_whole(text: str) -> str:
    """`text` as one term, case and diacritics folded, as ids are indexed."""
    return "".join(_analyzers.whole.analyze(text))


@dataclass(frozen=True, slots=True)
class Alias:
    """One alias group as folded word sequences, and the folder it holds below ("" everywhere)."""

    folder: str
    names: tuple[tuple[str, ...], ...]
    shown: tuple[str, ...]


class AliasIndex:
    """Alias names by their folded words, to spot them in a query's words."""

    def __init__(self, groups: Sequence[AliasGroup]) -> None:
        self.by_words: dict[tuple[str, ...], list[Alias]] = {}
        self.longest = 0
        for group in groups:
            names = tuple(dict.fromkeys(tuple(fold(name)) for name in group.names if fold(name)))
            alias = Alias(group.folder, names, group.names)
            for words in names:
                self.by_words.setdefault(words, []).append(alias)
                self.longest = max(self.longest, len(words))

    def lookup(self, words: Sequence[str]) -> list[Alias]:
        """The alias groups one of whose names is exactly these words."""
        return self.by_words.get(tuple(words), [])


def within(a: str, b: str, limit: int) -> bool:
    """True when a and b are at most `limit` edits apart (a swap of neighbours is one edit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return False
        previous_previous, previous = previous, current
    return previous[-1] <= limit
