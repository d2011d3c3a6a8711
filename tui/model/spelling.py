"""Near misses: the known word a mistyped one most likely meant."""

from __future__ import annotations

from collections.abc import Iterable


def distance(a: str, b: str) -> int:
    """Edits from a to b: a letter added, dropped, changed, or two neighbours swapped."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        previous_previous, previous = previous, current
    return previous[-1]


def meant(word: str, known: Iterable[str]) -> str | None:
    """The known word one edit from `word` (two when both have five letters or more), the nearest
    first; None when there is none, or `word` is known itself."""
    lowered = word.lower()
    best: tuple[int, str] | None = None
    for candidate in known:
        if candidate == word:
            return None
        allowed = 2 if min(len(lowered), len(candidate)) >= 5 else 1
        edits = distance(lowered, candidate.lower())
        if edits <= allowed and (best is None or edits < best[0]):
            best = (edits, candidate)
    return best[1] if best else None
