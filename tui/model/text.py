"""Making corpus text harmless: control characters become visible symbols.

Corpus text is data. A record may hold terminal escape sequences, bidi
overrides or stray control bytes; before any of it reaches a terminal or a
message it is rewritten the way `less` shows such bytes (ESC as ^[, DEL as
^?), so nothing in a record can change what the screen does.
"""

from __future__ import annotations

import re

# C0 controls except newline and tab (those have layout meaning), DEL, the C1
# block, and the Unicode bidi controls that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_WITH_LAYOUT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _symbol(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_layout: bool = True) -> str:
    """Return `text` with every control character shown as a visible symbol.

    With `keep_layout`, newlines and tabs stay as they are (a body keeps its
    lines); without it they are shown too (^J, ^I), for one-line contexts.
    """
    pattern = _UNSAFE if keep_layout else _UNSAFE_WITH_LAYOUT
    return pattern.sub(_symbol, text)


def quote(value: object) -> str:
    """Quote a value for a message: strings in double quotes, controls made visible."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + visible(escaped, keep_layout=False) + '"'
    return visible(_toml_repr(value), keep_layout=False)


def _toml_repr(value: object) -> str:
    """A short TOML-like spelling of a parsed value, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        from tui.model.values import toml_inline  # short and flat however deep the value

        return toml_inline(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)
