"""User settings: a small TOML file in the user's config folder.

Secure mode writes no settings (they hold for the session only); where the
folder can't be written, they simply aren't kept.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import tomli

from tui.locations import config_home

SETTINGS_NAME = "settings.toml"


@dataclass(slots=True)
class Settings:
    """What a reader chose and would want again next time."""

    theme: str = "textual-dark"
    grouping: str = "date"
    measure: int = 76  # the reading view's widest line, in characters (40 to 120)
    show_editorial: bool = True
    show_timeline: bool = True
    date_style: str = "month-first"  # citations: "October 8, 1950"; "day-first": "8 October 1950"
    reopen_last: bool = False  # start where the reader left off: the last record open, at its passage
    trail_in_corpus: bool = False  # lists, notes and saved searches in CORPUS/_readingroom, not the data folder
    keys: dict[str, str] = field(default_factory=dict)  # [keys]: binding id = "keys", as the reader wrote it

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        """The saved settings; anything missing or unreadable falls back to the default."""
        path = (folder or config_home()) / SETTINGS_NAME
        try:
            data = tomli.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            return cls()
        settings = cls()
        for item in fields(cls):
            value = data.get(item.name)
            default = getattr(settings, item.name)
            if isinstance(value, type(default)) and isinstance(value, bool) == isinstance(default, bool):
                setattr(settings, item.name, value)
        # Kept as written (wrong entries too): the app reports what it can't use, and saving
        # the theme must not lose the reader's table.
        settings.keys = _flat(data.get("keys"))
        return settings

    def save(self, folder: Path | None = None) -> bool:
        """Write the settings; False when the folder can't be written (nothing else is tried)."""
        folder = folder or config_home()
        lines = []
        for key, value in asdict(self).items():
            if isinstance(value, dict):
                continue  # tables come after the plain values
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int):
                lines.append(f"{key} = {value}")
            else:
                lines.append(f'{key} = "{_quoted(str(value))}"')
        if self.keys:
            lines += ["", "[keys]", *(f'"{_quoted(name)}" = "{_quoted(keys)}"' for name, keys in self.keys.items())]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / (SETTINGS_NAME + ".new")
            temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
            os.replace(temporary, folder / SETTINGS_NAME)
        except OSError:
            with contextlib.suppress(OSError):
                (folder / (SETTINGS_NAME + ".new")).unlink()
            return False
        return True


def _flat(table: object, prefix: str = "") -> dict[str, str]:
    """`[keys]` as binding id -> keys: `main.quit = "x"` unquoted is a table in TOML; a value that
    is not a string stays, as "", for the app to report."""
    if not isinstance(table, dict):
        return {}
    flat: dict[str, str] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value if isinstance(value, str) else ""
    return flat


def _quoted(text: str) -> str:
    """`text` as the inside of a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
