"""Reading Room in real terminals: legible and usable with TERM=xterm-256color, xterm, vt100 and
linux, from 80×24 to 250×70, and with NO_COLOR set.

Each test runs `python -m tui <bundled corpus> --index <built index>` in a tmux pane of a known size
(a tmux server of its own, tests/e2e/sshd.py's `Tmux`), types as a reader would with `send-keys`,
and reads the screen back with `capture-pane`: as text, and with -e as the escape sequences tmux
keeps for each cell, which are the colours the app asked for.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from rich.cells import cell_len

from tests.e2e.sshd import REPO, Tmux, end_processes, running, wait_for
from tests.tools import require

pytestmark = pytest.mark.e2e

# --- What the app shows: update these when the app changes -----------------------------------

DRAWN = "records in"
"""On screen once the app drew and its index is ready: "990 records in <corpus title>"."""

TREE = "1950s"
"""The tree's first branch (grouped by date)."""

FOOTER = ("Help", "Quit", "^p palette")
"""In the footer, the last row, on the first screen at every width: the search and quit keys,
and the palette key at the right edge."""

READING_FOOTER = ("Next", "Search", "^p palette")
"""In the footer once a search's result is open: its keys for the hits come first."""

SEARCHING = "f1 Help"
"""In the footer once the search bar has the cursor."""

BROWSING = "? Help"
"""In the footer while letters are commands (Escape leaves the search bar)."""

QUERY = "Shtykov"
RESULT = "1950-10-08-stalin-kim"
"""The id of the one record QUERY finds, shown in the results (one word the list never breaks)."""

DOCUMENT = "Comrade Kim Il Sung!"
"""The first line of that record's text, shown once it is open."""

# ---------------------------------------------------------------------------------------------

TERMS = ("xterm-256color", "xterm", "vt100", "linux")
TIMEOUT = 20.0
"""Seconds for the app to start and draw, or to answer a key."""

_servers = itertools.count()


@dataclass
class Pane:
    """The app running in one tmux pane."""

    tmux: Tmux
    pane: str
    app: psutil.Process
    width: int
    height: int

    def text(self) -> list[str]:
        """The screen, one string a row."""
        return self.tmux.capture(self.pane)

    def escaped(self) -> str:
        """The screen with the escape sequences of its colours and attributes (capture-pane -e)."""
        return self.tmux.tmux("capture-pane", "-p", "-e", "-t", self.pane)

    def shows(self, text: str) -> bool:
        return text in "\n".join(self.text())

    def wait_for(self, text: str) -> None:
        """Wait until TEXT is on screen; fail with the screen as it is, at once if the app has ended."""

        def shown() -> bool:
            if self.shows(text):
                return True
            if self.tmux.exit_status(self.pane) is not None:
                raise AssertionError(f"the app ended before showing {text!r}; its screen:\n" + self.screen())
            return False

        wait_for(shown, TIMEOUT, lambda: f"{text!r} on screen; it shows:\n" + self.screen())

    def screen(self) -> str:
        return "\n".join(self.text())

    def press(self, *keys: str) -> None:
        self.tmux.keys(self.pane, *keys)

    def type(self, text: str) -> None:
        self.tmux.type(self.pane, text)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A tmux server of its own; it and every program its panes ran are ended by pid at the end."""
    require("tmux")
    server = Tmux(f"rrterms{os.getpid()}-{next(_servers)}", tmp_path)
    try:
        yield server
    finally:
        server.close()


class Starter:
    """Starts the app in new panes of one tmux server; remembers each app process, to end it by pid."""

    def __init__(self, tmux: Tmux, corpus: Path, index: Path, home: Path) -> None:
        self.tmux = tmux
        self.corpus = corpus
        self.index = index
        self.home = home
        self.apps: list[psutil.Process] = []

    def __call__(self, term: str, width: int, height: int, *, no_color: bool = False) -> Pane:
        # The pane's environment is this one's, less what would change the colours or the
        # corpus, plus TERM (tmux would set its own) and settings and cache in tmp.
        unset = ["COLORTERM", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM", "FORCE_COLOR", "READINGROOM_SECURE",
                 "READINGROOM_INDEX", "READINGROOM_CORPUS", "TMUX", "TMUX_PANE"]
        settings = {
            "TERM": term,
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPO),
            "READINGROOM_CONFIG": str(self.home / "config"),
            "READINGROOM_CACHE": str(self.home / "cache"),
        }
        if no_color:
            settings["NO_COLOR"] = "1"
        argv = ["env", *(f"-u{name}" for name in unset), *(f"{k}={v}" for k, v in settings.items()),
                sys.executable, "-m", "tui", str(self.corpus), "--index", str(self.index)]
        pane = self.tmux.open(argv, width=width, height=height)
        shell = psutil.Process(int(self.tmux.tmux("display-message", "-p", "-t", pane, "#{pane_pid}")))
        [app] = wait_for(shell.children, TIMEOUT, "the app's process")  # env runs the app in its own place
        self.apps.append(app)
        return Pane(self.tmux, pane, app, width, height)


@pytest.fixture
def start(tmux: Tmux, bundled: Path, bundled_index: Path, tmp_path: Path) -> Iterator[Starter]:
    """Start the app in a pane: start(term, width, height, no_color=False) -> Pane; every app ended by pid."""
    starter = Starter(tmux, bundled, bundled_index, tmp_path)
    try:
        yield starter
    finally:
        end_processes(starter.apps)


# --- Checks -----------------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ATTRIBUTES = {0, 1, 2, 3, 4, 5, 7, 9, 21, 22, 23, 24, 25, 27, 29, 39, 49}
"""SGR codes that set no colour: reset, bold, dim, italic, underline, blink, reverse, strike,
their ends, and the default foreground and background."""


def colours(escaped: str) -> dict[str, set[str]]:
    """The colours the screen asks for, by kind: "16" (30-37, 40-47, 90-97, 100-107),
    "256" (38;5;N), "24-bit" (38;2;R;G;B), and "other" for anything else but ATTRIBUTES."""
    found: dict[str, set[str]] = {"16": set(), "256": set(), "24-bit": set(), "other": set()}
    for match in _SGR.finditer(escaped):
        codes = [int(code) if code else 0 for code in re.split("[;:]", match.group(1))]
        while codes:
            code = codes.pop(0)
            if code in (38, 48, 58) and codes:
                mode = codes.pop(0)
                if mode == 5 and codes:
                    found["256"].add(f"{code};5;{codes.pop(0)}")
                elif mode == 2 and len(codes) >= 3:
                    found["24-bit"].add(f"{code};2;" + ";".join(str(codes.pop(0)) for _ in range(3)))
                else:
                    found["other"].add(f"{code};{mode}")
            elif 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found["16"].add(str(code))
            elif code not in ATTRIBUTES:
                found["other"].add(str(code))
    return found


def check_layout(pane: Pane, footer_words: tuple[str, ...] = FOOTER) -> list[str]:
    """The screen fits the pane: as many rows as it has, none wider, and the footer (with
    FOOTER_WORDS) on the last row; returns the rows."""
    rows = pane.text()
    assert len(rows) == pane.height, f"{len(rows)} rows in a pane of {pane.height}"
    too_wide = [row for row in rows if cell_len(row) > pane.width]
    assert not too_wide, f"rows wider than {pane.width}: {too_wide}"
    footer = rows[-1]
    assert all(word in footer for word in footer_words), f"the last row is not the footer: {footer!r}"
    assert footer.rstrip().endswith(FOOTER[-1]), f"the footer is cut at the right: {footer!r}"
    assert not any(FOOTER[-1] in row for row in rows[:-1]), "a footer above the last row"
    return rows


def check_colours(pane: Pane, term: str) -> None:
    """Only the colours TERM can show: no 24-bit colour anywhere; 256 colours only with a -256color TERM."""
    found = colours(pane.escaped())
    assert not found["24-bit"], f"24-bit colour with TERM={term}: {sorted(found['24-bit'])[:8]}"
    if not term.endswith("256color"):
        assert not found["256"], f"256 colours with TERM={term}: {sorted(found['256'])[:8]}"
    assert not found["other"], f"unknown SGR codes: {found['other']}"
    assert found["16"] or found["256"], "no colour at all: is this the app?"


BACKGROUNDS = {7, 48, *range(40, 48), *range(100, 108)}
"""SGR codes that set a background: reverse, a background colour."""


def marked(pane: Pane, text: str) -> set[int]:
    """The SGR codes in force where TEXT starts on screen (those since the last reset on its row)."""
    for row in pane.escaped().split("\n"):
        if text not in row:
            continue
        codes: set[int] = set()
        for match in _SGR.finditer(row[:row.index(text)]):
            for code in (int(c) if c else 0 for c in match.group(1).split(";")):
                codes = set() if code == 0 else codes | {code}
        return codes
    return set()


def check_cursor(pane: Pane, text: str) -> None:
    """The tree's cursor, on TEXT, stands out: it has a background of its own (or is reversed)."""
    wait_for(lambda: marked(pane, text) & BACKGROUNDS, TIMEOUT,
             lambda: f"a cursor on {text!r}; the screen is:\n" + pane.escaped().replace("\x1b", "^["))


def started(start: Starter, term: str, width: int, height: int, *, no_color: bool = False) -> Pane:
    """Start the app and wait until it drew; check the first screen."""
    pane = start(term, width, height, no_color=no_color)
    pane.wait_for(DRAWN)
    pane.wait_for(TREE)
    pane.wait_for(FOOTER[-1])  # the footer fills its keys a frame after the first
    rows = check_layout(pane)
    assert rows[0].lstrip().startswith("Search:"), f"the first row is not the search bar: {rows[0]!r}"
    return pane


def quit_app(pane: Pane) -> None:
    """Press q and check the app ended with status 0 and left nothing running."""
    pane.press("q")
    wait_for(lambda: pane.tmux.exit_status(pane.pane) is not None, TIMEOUT,
             lambda: "the app to end; it shows:\n" + pane.screen())
    assert pane.tmux.exit_status(pane.pane) == 0, pane.screen()
    assert not running(pane.app), f"app process {pane.app.pid} still running"


def search_and_open(pane: Pane) -> None:
    """/ then the query: its record in the results; Enter: the record open."""
    pane.press("/")
    pane.wait_for(SEARCHING)
    pane.type(QUERY)
    pane.wait_for(RESULT)
    check_layout(pane)
    pane.press("Enter")
    pane.wait_for(DOCUMENT)
    pane.wait_for(READING_FOOTER[0])
    check_layout(pane, READING_FOOTER)


# --- Tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("term", TERMS)
def test_search_open_and_quit(start: Starter, term: str, size: tuple[int, int]) -> None:
    """The whole flow: the tree, a search, its result opened, q; the screen fits and uses only TERM's colours."""
    pane = started(start, term, *size)
    check_colours(pane, term)
    check_cursor(pane, TREE)
    search_and_open(pane)
    check_colours(pane, term)
    quit_app(pane)


@pytest.mark.parametrize("size", [(100, 30), (250, 70)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("term", TERMS)
def test_draws_to_fit(start: Starter, term: str, size: tuple[int, int]) -> None:
    """At the other sizes: the first screen fits, in TERM's colours, and q ends the app."""
    pane = started(start, term, *size)
    check_colours(pane, term)
    quit_app(pane)


def test_no_color_is_legible_and_usable(start: Starter) -> None:
    """With NO_COLOR set the app draws to fit, marks the tree's cursor, and searches."""
    pane = started(start, "xterm-256color", 100, 30, no_color=True)
    check_cursor(pane, TREE)
    pane.press("/")
    pane.wait_for(SEARCHING)
    pane.type(QUERY)
    pane.wait_for(RESULT)
    check_layout(pane)
    pane.press("Escape")
    pane.wait_for(BROWSING)
    quit_app(pane)


def test_no_color_opens_a_document(start: Starter) -> None:
    """With NO_COLOR set a search's result opens, and q ends the app."""
    pane = started(start, "xterm-256color", 100, 30, no_color=True)
    search_and_open(pane)
    quit_app(pane)


def test_no_color_sends_no_colour(start: Starter) -> None:
    """With NO_COLOR set the app sends no colour at all: only bold, dim, italic, underline and reverse."""
    pane = started(start, "xterm-256color", 100, 30, no_color=True)
    found = colours(pane.escaped())
    assert not any(found.values()), {kind: sorted(codes)[:8] for kind, codes in found.items() if codes}


def test_keys_typed_right_after_slash_land_in_the_search_bar(start: Starter) -> None:
    """"/" and the query in one burst: every letter lands in the search bar."""
    pane = started(start, "xterm-256color", 100, 30)
    pane.type("/" + QUERY)  # one write to the terminal
    pane.wait_for(SEARCHING)
    pane.type("!")  # once the bar has the cursor: the bar shows the burst's letters, if any, then "!"
    bar = wait_for(lambda: next((row for row in pane.text()[:1] if "!" in row), None), TIMEOUT,
                   lambda: "'!' in the search bar; it shows:\n" + pane.screen())
    assert bar.strip() == QUERY + "!", bar


def test_footer_keeps_help_and_quit_while_reading(start: Starter) -> None:
    """At 80×24, with a search's result open, the footer still shows how to get help and how to quit."""
    pane = started(start, "xterm-256color", 80, 24)
    search_and_open(pane)
    footer = pane.text()[-1]
    assert "Help" in footer and "Quit" in footer, footer
