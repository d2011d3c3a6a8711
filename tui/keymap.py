"""The reader's own keys: a `[keys]` table in settings.toml (binding id = "keys"), checked.

What can't be used (an id no binding has, a key no terminal sends, two bindings of one
pane on one key) is left out and said in one line; the rest goes to Textual's keymap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from textual.binding import Binding, BindingType
from textual.keys import Keys, key_to_character

MODIFIERS = {"ctrl", "alt", "shift", "super", "meta", "hyper"}
_NAMED = {key.value for key in Keys}


def key_name(key: str) -> str | None:
    """`key` in Textual's long form ("?" -> "question_mark", "Ctrl+X" -> "ctrl+x"), or None when
    no terminal sends such a key."""
    key = key.strip()
    if len(key) == 1:
        return _char_name(key)
    *modifiers, base = key.split("+")
    modifiers = [m.strip().lower() for m in modifiers]
    if any(m not in MODIFIERS for m in modifiers) or not base:
        return None
    if len(base) == 1:
        base = _char_name(base) or ""
        if not base:
            return None
    elif base.lower() in _NAMED or key_to_character(base.lower()) is not None:
        base = base.lower()
    else:
        return None
    return "+".join([*modifiers, base])


def _char_name(char: str) -> str | None:
    if not char.isprintable():
        return None
    if char.isalnum() and char.isascii():
        return char
    return unicodedata.name(char, "").lower().replace(" ", "_").replace("-", "_") or None


@dataclass
class Keymap:
    """The reader's keys that can be used, and what was left out, in words."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def message(self) -> str:
        """The one line said at start (empty when every entry was used)."""
        return "Keys in settings.toml left out: " + "; ".join(self.problems) if self.problems else ""


def only_bindings(owner: Iterable[BindingType]) -> list[Binding]:
    return [b for b in owner if isinstance(b, Binding)]


def read_keymap(wanted: Mapping[str, str], scopes: Mapping[str, list[Binding]], shared: list[Binding], *,
                alone: list[Binding] | None = None) -> Keymap:
    """Check the reader's `[keys]` against the bindings: `shared` are active everywhere (the
    screen's and the app's), each scope's alongside them (a pane with focus); `alone`'s by
    themselves (a dialog's)."""
    alone = alone or []
    known = {b.id: b for b in [*shared, *alone, *(b for bs in scopes.values() for b in bs)] if b.id}
    result = Keymap()
    for binding_id, keys in wanted.items():
        if binding_id not in known:
            result.problems.append(f"no binding has the id {binding_id!r}")
            continue
        if not keys.strip():
            result.problems.append(f'{binding_id}: give its keys as a string ("x" or "x,ctrl+k")')
            continue
        names = [key_name(key) for key in keys.split(",")]
        bad = [key.strip() for key, name in zip(keys.split(","), names, strict=True) if name is None]
        if bad:
            result.problems.append(f"{binding_id}: no such key {', '.join(map(repr, bad))}")
            continue
        result.keys[binding_id] = ",".join(name for name in names if name)
    # A clash: two bindings reachable at once on one key. Both are left as they were.
    for scope in [*([*shared, *bindings] for bindings in scopes.values()), alone]:
        taken: dict[str, str] = {}
        for binding in scope:
            for key in keys_of(binding, result.keys):
                other = taken.setdefault(key, binding.id or binding.action)
                if other != (binding.id or binding.action) and (binding.id in result.keys or other in result.keys):
                    for clashing in (binding.id, other):
                        if clashing in result.keys:
                            del result.keys[clashing]
                            result.problems.append(f"{clashing}: {key} is taken by "
                                                   f"{other if clashing == binding.id else binding.id}")
    return result


def keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys a binding answers to under `keymap`, in long form."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [name for key in keys.split(",") if (name := key_name(key))]


def with_keys(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings with the reader's keys (for the help screen)."""
    return [b.with_key(keymap[b.id]) if b.id is not None and b.id in keymap else b for b in bindings]


def key_label(key: str) -> str:
    """A key as the help and the palette write it: "?", "Ctrl+/", "PgDn", "Down", "G"."""
    names = {"question_mark": "?", "slash": "/", "colon": ":", "left_square_bracket": "[",
             "right_square_bracket": "]", "space": "Space", "pagedown": "PgDn", "pageup": "PgUp",
             "ctrl+slash": "Ctrl+/", "less_than_sign": "<", "greater_than_sign": ">"}
    key = key.strip()
    if key in names:
        return names[key]
    *modifiers, base = key.split("+")
    base = base if len(base) == 1 else base.capitalize()  # Down, Home, Enter; letters as they are
    return "+".join([m.capitalize() for m in modifiers] + [base])


def keys_label(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys of a binding under `keymap`, as the reader reads them: "q Alt+q"."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return " ".join(key_label(key) for key in keys.split(","))
