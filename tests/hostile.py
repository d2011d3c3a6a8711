"""A hostile corpus: every kind of control, escape, bidi and invisible character, in every place
a corpus can put one (values, key names, file and folder names, manifest fields, URLs), and a
check that finds any of them raw in what a command or the app wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

PAYLOADS = {
    "clipboard": "\x1b]52;c;SGFja2VkIQ==\x07",  # OSC 52: write the clipboard
    "title": "\x1b]2;Owned\x07",  # OSC 2: the window title
    "clear": "\x1b[2J\x1b[H",  # clear screen, cursor home
    "dcs": "\x1bP+q544e\x1b\\",  # DCS: a terminal query
    "c1": "\x9b2J\x9d0;X\x9c",  # C1 CSI and OSC, 8-bit
    "backspace": "safe\x08\x08\x08\x08evil",
    "cr": "shown\rhidden",
    "nul-del": "a\x00b\x7fc",
    "bidi": "abc\u202edcba\u2066x\u2069\u200f",
    "separators": "one\u2028two\u2029three\x85four",
    "invisible": "in\u200bvis\u200dible\ufeff\u2060\u00ad\U000e0041",
}
"""One string per class of character that must never reach a terminal raw."""

EVERYTHING = "".join(PAYLOADS.values())

# Every code point the rule rewrites; newline is the one a text output may hold (between lines).
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)

GOOD_URL = "https://example.org/archive/item?id=7#p2"
MARKDOWN_BODY = (
    "A [good link](https://example.org/ok) and [a script](javascript:alert(1)) and "
    "[a file](file:///etc/passwd) and [an escape](https://x.org/&#27;]52;c;SGk=&#7;).\n\n"
    "References: &#27;[2J clear, &#x9b;31m red, &#x202e;reversed, &#8232;separator.\n\n"
    "| a | b |\n|---|---|\n| \\u001b | &#27;]2;T&#7; |\n"
)


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, every non-printable character as a \\u escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif (char.isprintable() and char.isascii()) or char.isalpha():
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def hostile_record(rid: str, payload: str, *, url: str) -> str:
    """A record with `payload` in every field, in an unknown key's name and in a [source] key's name."""
    value = toml_string(f"v {payload} v")
    return (
        f"id = {toml_string(rid)}\n"
        f"title = {toml_string(f'Title {payload} end')}\n"
        "date = 1950-10-08\n"
        f"type = {value}\nsummary = {value}\n"
        f"authors = [{value}]\nrecipients = [{value}]\npeople = [{value}]\nplaces = [{value}]\n"
        f"subjects = [{value}]\ncollections = [{value}]\ntranslators = [{value}]\n"
        f"language = {toml_string('ru' + payload)}\n"
        f"{toml_string('note ' + payload)} = {value}\n"
        f"body = {toml_string(f'Body words {payload} words [sic {payload}] end')}\n"
        "[source]\n"
        f"repository = {value}\nreference = {value}\nrights = {value}\n"
        f"url = {toml_string(url)}\n"
        f"{toml_string('extra ' + payload)} = {value}\n"
    )


def write_hostile_corpus(root: Path) -> dict[str, str]:
    """Write the hostile corpus under `root`; returns each record's id by payload name.

    Each payload has its own record, in a folder and a file whose names hold it too (where a
    file system can: not NUL), with it in its URL; one more record has a good URL and a
    Markdown body of hostile links and character references. The manifest holds every payload.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "corpus.toml").write_text(
        f"title = {toml_string('Hostile ' + EVERYTHING)}\ndescription = {toml_string(EVERYTHING)}\n"
        f"rights = {toml_string('Rights ' + EVERYTHING)}\n"
        f"[aliases]\n{toml_string('Alias ' + PAYLOADS['title'])} = [{toml_string('v ' + PAYLOADS['clear'])}]\n"
    )
    ids = {}
    for name, payload in PAYLOADS.items():
        rid = f"{name}-{payload}"
        safe_in_path = payload.replace("\x00", "").replace("/", "")
        folder = root / f"folder {safe_in_path}"
        folder.mkdir()
        (folder / f"file {safe_in_path}.toml").write_text(
            hostile_record(rid, payload, url=f"https://example.org/{payload}"))
        ids[name] = rid
    (root / "good.toml").write_text(
        f"id = \"good\"\ntitle = \"Good links\"\ndate = 1950-10-09\nbody_format = \"markdown\"\n"
        f"body = {toml_string(MARKDOWN_BODY)}\n[source]\nurl = {toml_string(GOOD_URL)}\n")
    ids["good"] = "good"
    # A bad value in a file whose name is hostile: `check` prints that name with the problem.
    (root / f"bad {PAYLOADS['title']}.toml").write_text(
        f"id = \"bad\"\ntitle = \"Bad\"\ndate = {toml_string('1950-13-01' + PAYLOADS['clear'])}\n")
    return ids


def raw(output: str) -> list[str]:
    """Every forbidden character found raw in `output`, as escapes (empty when the output is clean)."""
    return sorted({f"U+{ord(char):04X}" for char in FORBIDDEN.findall(output)})
