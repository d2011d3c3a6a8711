"""User settings: a small TOML file in the user's config folder.

Secure mode writes no settings (they hold for the session only); where the
folder can't be written, they simply aren't kept.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass, fields
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
        return settings

    def save(self, folder: Path | None = None) -> bool:
        """Write the settings; False when the folder can't be written (nothing else is tried)."""
        folder = folder or config_home()
        lines = []
        for key, value in asdict(self).items():
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int):
                lines.append(f"{key} = {value}")
            else:
                escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
                lines.append(f'{key} = "{escaped}"')
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
