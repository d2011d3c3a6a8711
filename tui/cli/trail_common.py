"""What the trail's commands share: opening a corpus's trail, finding records' cards, times as text."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import corpus_folder
from tui.trail.files import Notice
from tui.trail.trail import Trail

if TYPE_CHECKING:
    from tui.index.library import Library

NOT_IN_CORPUS = "not in the corpus now"


def say(notice: Notice) -> None:
    """A notice about a trail file: one line on stderr."""
    print(f"readingroom: {notice}", file=sys.stderr)


def open_trail(args: argparse.Namespace, *, load: bool = True) -> tuple[Path, Trail]:
    """The corpus folder and its trail (where the settings say), notices on stderr; with `load`
    False nothing is read yet (a search reads only the notes, and the saved searches if asked)."""
    from tui.config import Settings

    root = corpus_folder(args.corpus)
    return root, Trail.open(root, settings=Settings.load(), notify=say, load=load)


def library(root: Path, args: argparse.Namespace) -> Library:
    """The corpus's index, brought up to date (finds records added or gone since)."""
    from tui.index.library import Library

    opened = Library.open(root, index_dir=getattr(args, "index", None))
    opened.refresh(quick=True)
    return opened


def stamp(when: dt.datetime) -> str:
    """A time as the files keep it: 2026-12-02T03:15:00Z."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
