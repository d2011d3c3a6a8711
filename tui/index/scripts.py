"""Folding accents in Greek, Cyrillic and other non-Latin scripts, at query time.

The index folds Latin letters itself (the engine's ASCII folding); it keeps
`σίσυφος` and `ёлка` as written. A query word in such a script is folded
here to its base letters and matched against the index's words through a
pattern that lets every base letter stand for each of its accented forms,
so `Σισυφος` finds `Σίσυφος` and the other way round.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Blocks whose letters carry marks that fold: Greek (with Coptic), Cyrillic (and its
# supplement), Greek Extended, Armenian, Hebrew points, Arabic harakat.
_RANGES = ((0x0370, 0x0530), (0x0530, 0x0590), (0x0590, 0x0600), (0x0600, 0x0700), (0x1F00, 0x2000))
_OTHER_SCRIPT = re.compile("[" + "".join(f"{chr(a)}-{chr(b - 1)}" for a, b in _RANGES) + "]")
_MARKS = "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f\u0670]*"
_SPECIAL = {"ς": "σ"}  # final sigma is a sigma


def _base(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


@functools.cache
def _forms() -> dict[str, str]:
    """Each base letter and every lower-case letter of these scripts that folds to it."""
    forms: dict[str, set[str]] = {}
    for start, end in _RANGES:
        for code in range(start, end):
            char = chr(code)
            if unicodedata.combining(char) or not char.isalpha() or char.lower() != char:
                continue
            forms.setdefault(_base(char), {_base(char)}).add(char)
    return {base: "".join(sorted(chars)) for base, chars in forms.items()}


def has_other_script(word: str) -> bool:
    """True when `word` has letters of a script whose marks the index does not fold."""
    return _OTHER_SCRIPT.search(word) is not None


def base_letters(word: str) -> str:
    """`word` lower-cased with every mark dropped and final sigma made a sigma."""
    kept = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return "".join(_SPECIAL.get(c, c) for c in kept)


def forms_pattern(word: str) -> str:
    """A pattern (the engine's regular expressions) for every accented form of `word`."""
    forms = _forms()
    parts = []
    for char in base_letters(word):
        chars = forms.get(char, char)
        parts.append((f"[{chars}]" if len(chars) > 1 else re.escape(chars)) + _MARKS)
    return "".join(parts)


@functools.cache
def fold_table() -> dict[int, str]:
    """Each accented letter of these scripts (either case) mapped to its base letter, one for one
    (for marking matches in a text: offsets stay offsets)."""
    table = {}
    for start, end in _RANGES:
        for code in range(start, end):
            char = chr(code)
            if char.isalpha() and (base := _base(char)) != char:
                table[code] = base
    return table
