"""What several commands share: finding the corpus, printing JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tui.cli import CliError
from tui.locations import corpus_path
from tui.model.text import safe_json


def corpus_folder(given: str | None) -> Path:
    """The corpus folder to use, or a CliError saying why there is none."""
    path = corpus_path(given)
    if not path.exists():
        raise CliError(f"no such corpus folder: {path}")
    if not path.is_dir():
        raise CliError(f"not a folder: {path}")
    return path


def print_json(value: Any) -> None:
    """Write JSON to stdout, non-ASCII kept but controls, bidi and invisible characters escaped."""
    sys.stdout.write(safe_json(value) + "\n")


def one_corpus(positional: str | None, option: str | None) -> Path:
    """The corpus given as CORPUS or --corpus (not both), resolved as corpus_folder does."""
    if positional and option and positional != option:
        raise CliError("give the corpus once: as CORPUS or as --corpus")
    return corpus_folder(positional or option)
