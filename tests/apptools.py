"""Driving the app as a reader would: start it, wait for what it shows, read the screen."""

from __future__ import annotations

import html
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerState

from tui.app import ReadingRoom
from tui.screens.main import MainScreen

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)
CELL = 12.2  # the width Rich gives a cell in an SVG export


def screen_lines(app: ReadingRoom) -> list[str]:
    """The screen as a reader sees it, one string per row."""
    rows: dict[int, dict[int, str]] = defaultdict(dict)
    for match in _TEXT.finditer(app.export_screenshot()):
        rows[int(match.group(2))][round(float(match.group(1)) / CELL)] = html.unescape(match.group(3))
    lines = []
    for number in range(max(rows, default=-1) + 1):
        line = ""
        for column, text in sorted(rows[number].items()):
            line = line.ljust(column) + text
        lines.append(line.replace("\xa0", " "))
    return lines


def screen_text(app: ReadingRoom) -> str:
    return "\n".join(screen_lines(app))


async def wait_for(pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = 15) -> None:
    """Let the app run until `condition()` holds; fail saying `what` did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def main_screen(app: ReadingRoom) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), screen
    return screen


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the index is open and up to date and the tree shows its top level."""
    app = pilot.app
    assert isinstance(app, ReadingRoom)
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and bool(app.screen.query("StatusLine")),
                   "the main screen")
    screen = main_screen(app)
    await wait_for(pilot, lambda: screen.index_ready and bool(screen.doc_tree.root.children), "the index and the tree")
    await settled(pilot)
    return screen


async def settled(pilot: Pilot[None]) -> None:
    """Wait until no worker is pending or running (a cancelled one counts as done) and every
    mark is written (marks are written once the reader pauses)."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)

    def quiet() -> bool:
        marks = any(getattr(screen, "pending_marks", None) for screen in pilot.app.screen_stack)
        return not marks and not any(worker.state in busy for worker in pilot.app.workers)

    await wait_for(pilot, quiet, "the workers and the marks")
    await pilot.pause()


def make_app(corpus: Path, index: Path, config: Path, *, secure: bool = False) -> ReadingRoom:
    """A Reading Room with its index and settings in test folders."""
    return ReadingRoom(corpus, index_dir=str(index), config_dir=config, secure=secure)
