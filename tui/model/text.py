"""Making corpus text harmless: one rule for every character that could act instead of show.

Corpus text is data. A record, a key, a file name or a manifest may hold
terminal escape sequences, bidi overrides, invisible characters or stray
control bytes. Every such code point (the Unicode categories Cc, Cf, Cs, Zl
and Zp) is rewritten before the text reaches a terminal, a message or the
clipboard, the way `less` shows them: C0 controls in caret notation (ESC as
^[, DEL as ^?), the others as <U+XXXX>. The only ones kept:

- in text with layout (a body, a summary), newline and tab; a line
  separator U+2028 becomes a line break and U+2029 a paragraph break;
- a zero-width joiner or non-joiner between two non-ASCII characters that are
  neither spaces nor of these categories (Persian words, Indic conjuncts,
  emoji sequences need them; between Latin letters they only hide a
  difference).

JSON keeps the text as it is but spells every such code point as \\uXXXX.
Links are made only to well-formed http, https and mailto URLs.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit
from urllib.parse import quote as url_quote

# Cc, Cf (Unicode 15), Cs, Zl and Zp: what a terminal acts on or draws as nothing.
_UNSAFE_CLASS = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_BUT_LAYOUT = re.compile(f"(?![\n\t])[{_UNSAFE_CLASS}]")
_UNSAFE_BUT_C0 = re.compile(f"(?![\x00-\x1f])[{_UNSAFE_CLASS}]")  # json escapes C0 itself
_JOINERS = "\u200c\u200d"
_LAYOUT = {"\u2028": "\n", "\u2029": "\n\n"}


def _joins(char: str) -> bool:
    """A character a joiner may stand beside: not ASCII, not a space, not one of the unsafe."""
    return char > "\x7f" and not char.isspace() and _UNSAFE.match(char) is None


def _symbol(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def _replace(match: re.Match[str], layout: bool) -> str:
    char = match.group()
    if char in _JOINERS:
        text, at = match.string, match.start()
        if 0 < at < len(text) - 1 and _joins(text[at - 1]) and _joins(text[at + 1]):
            return char
    if layout and char in _LAYOUT:
        return _LAYOUT[char]
    return _symbol(char)


def visible(text: str, *, keep_layout: bool = True) -> str:
    """`text` with every control, format, surrogate and separator code point shown as a symbol.

    With `keep_layout`, newlines and tabs stay (a body keeps its lines) and U+2028/U+2029
    become a line and a paragraph break; without it they are shown too (^J, ^I, <U+2028>),
    for one-line contexts: ids, titles, names, keys, file names, URLs.
    """
    pattern = _UNSAFE_BUT_LAYOUT if keep_layout else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: _replace(match, keep_layout), text)


def one_line(text: str) -> str:
    """Text for a one-line place (ids, titles, names, keys, file names, URLs): `visible` without layout."""
    return visible(text, keep_layout=False)


def blanked(text: str) -> str:
    """`visible(text, keep_layout=False)` with each symbol replaced by as many spaces.

    Offsets agree with the visible text, and no symbol (the G of ^G) joins the word beside it.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: (shown if (shown := _replace(match, False)) == match.group()
                                      else " " * len(shown)), text)


def for_clipboard(text: str, *, keep_layout: bool = True) -> str:
    """Text safe to put on a reader's clipboard, where a paste could otherwise run it.

    The rule of `visible`, after a CRLF is read as a newline. Without `keep_layout`
    (an id, a URL, a citation) newlines and tabs are shown too, so a paste is one line.
    """
    return visible(text.replace("\r\n", "\n"), keep_layout=keep_layout)


def safe_json(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON, non-ASCII kept, but every code point `visible` rewrites spelled \\uXXXX.

    The data stays exact for a JSON reader; a terminal showing the JSON gets nothing to act on.
    """
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_BUT_C0.sub(lambda match: json.dumps(match.group())[1:-1], dumped)


_SCHEMES = ("http", "https", "mailto")
# Characters a URL may hold literally (RFC 3986 reserved and unreserved); the rest is %-encoded.
_URL_SAFE = "!#$&'()*+,/:;=?@[]~-._"
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def link_target(url: str) -> str | None:
    """The target of a link to `url`, or None if it must be shown as text only.

    Only a well-formed http or https URL with a host, or a mailto URL with an address, is a
    link; one with any control, format or separator character, or a space, is not. The target
    is percent-encoded ASCII (an international host in its IDNA form), so nothing in it can
    end the terminal's hyperlink sequence.
    """
    url = url.strip()
    if not url or len(url) > 8192 or _UNSAFE.search(url) or any(char.isspace() for char in url):
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES:
            return None
        if scheme == "mailto":
            netloc: str | None = None if not parts.path or parts.netloc else ""
        else:
            host = parts.hostname
            netloc = _ascii_netloc(parts, host) if host else None  # .port raises ValueError for a bad port
        if netloc is None:
            return None
    except (ValueError, UnicodeError):
        return None
    encoded = [_encode(part) for part in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((scheme, netloc, *encoded))


_HOST = re.compile(r"[a-z0-9_~-]+(\.[a-z0-9_~-]+)*\.?|[0-9a-f:.]*:[0-9a-f:.]*")


def _ascii_netloc(parts: SplitResult, host: str) -> str | None:
    """user@host:port with the host in ASCII (IDNA), or None if the host is not a host name."""
    ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    if not _HOST.fullmatch(ascii_host):
        return None
    if ":" in ascii_host:
        ascii_host = f"[{ascii_host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    port = f":{parts.port}" if parts.port is not None else ""
    return (_encode(userinfo) + "@" if userinfo else "") + ascii_host + port


def _encode(part: str) -> str:
    return url_quote(_BAD_PERCENT.sub("%25", part), safe=_URL_SAFE + "%")


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
