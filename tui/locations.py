"""Where things live: the bundled corpus, the user's cache, settings and data folders."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "readingroom"


def bundled_corpus() -> Path:
    """The corpus that ships with Reading Room: inside the package once installed,
    beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled_corpus"
    return installed if installed.is_dir() else package.parent / "corpus"


def corpus_path(given: str | None) -> Path:
    """The corpus to open: the one given, else $READINGROOM_CORPUS, else the bundled one."""
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get("READINGROOM_CORPUS")
    return Path(from_env).expanduser() if from_env else bundled_corpus()


def cache_home() -> Path:
    """$READINGROOM_CACHE, else $XDG_CACHE_HOME/readingroom, else ~/.cache/readingroom."""
    override = os.environ.get("READINGROOM_CACHE")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_NAME


def config_home() -> Path:
    """$READINGROOM_CONFIG, else $XDG_CONFIG_HOME/readingroom, else ~/.config/readingroom."""
    override = os.environ.get("READINGROOM_CONFIG")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_NAME


def data_home() -> Path:
    """$READINGROOM_DATA, else $XDG_DATA_HOME/readingroom, else ~/.local/share/readingroom."""
    override = os.environ.get("READINGROOM_DATA")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME
