"""The benchmark's real terminal: a tmux server of its own, panes of 160x48, screens read by capture-pane.

A pane's command writes a timestamp just before it execs Python, so a start is timed from the
moment the program begins to the first capture that shows what a reader waits for.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from tests.bench_common import PYTHON, REPO, child_env, kill_tree, log

WIDTH, HEIGHT = 160, 48
POLL = 0.005  # seconds between captures while waiting for a screen
# "12,345 records in Title" (or "…, 3 problems in Title"): the index is open and up to date.
READY = re.compile(r"\d records?(?:, [\d,]+ problems?)? in ")
# "12,345 records" alone: the index is open as it was, the refresh still running.
OPENED = re.compile(r"\d records?\b")
DECADE = re.compile(r"\b1\d{3}s\s+[\d,]+")
HITS = re.compile(r"[\d,]+ hits? in \d+ ms")

BARE_APP = '''"""A bare Textual app: the reference for a first frame."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("READY")


if __name__ == "__main__":
    Bare().run()
'''


def app_ready(screen: str) -> bool:
    """The index is open and up to date: the count with the title, no check or indexing under way."""
    busy = "checking for changes" in screen or "indexing:" in screen
    return bool(READY.search(screen) and DECADE.search(screen)) and not busy


def app_opened(screen: str) -> bool:
    return bool(OPENED.search(screen) and DECADE.search(screen))


def bare_ready(screen: str) -> bool:
    return "READY" in screen


@dataclass
class Pane:
    """A program running in a session of its own."""

    name: str
    process: psutil.Process  # the pane's process: the program itself, as its shell execs it
    stamp: Path  # where the shell wrote the time just before exec

    def started(self, timeout: float = 10) -> float:
        """The epoch time the shell wrote just before exec."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError, ValueError):
                return float(self.stamp.read_text().strip())
            if time.monotonic() > deadline:
                raise TimeoutError(f"no start time in {self.stamp}")
            time.sleep(0.002)


class Tmux:
    """A tmux server on its own socket; `close` ends it and every program it ran."""

    def __init__(self, work: Path, config: Path) -> None:
        self.work = work
        self.config = config
        self.socket = f"readingroom-bench-{os.getpid()}"
        self.env = child_env(LANG="C.UTF-8", TERM="xterm-256color", READINGROOM_CONFIG=str(config))
        self.env.pop("TMUX", None)
        self.count = 0
        self.running: list[psutil.Process] = []
        self.server: psutil.Process | None = None
        self.socket_path: Path | None = None

    def __call__(self, *args: str, timeout: float = 10) -> str:
        done = subprocess.run(["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def __enter__(self) -> Tmux:
        self.work.mkdir(parents=True, exist_ok=True)
        # A session that only waits keeps the server up between runs; dead panes stay to be read.
        self("new-session", "-d", "-s", "keep", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 86400")
        pid, _, path = self("display", "-p", "-t", "keep", "#{pid} #{socket_path}").strip().partition(" ")
        self.server, self.socket_path = psutil.Process(int(pid)), Path(path)
        self("set", "-g", "remain-on-exit", "on")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self("kill-server")
        for process in [*self.running, self.server]:
            if process is not None:
                kill_tree(process)
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)

    def launch(self, command: list[str]) -> Pane:
        """Start `command` in a new 160x48 session."""
        self.count += 1
        name = f"run{self.count}"
        # Every start gets the default settings: keys sent to an earlier run may have changed them.
        shutil.rmtree(self.config, ignore_errors=True)
        self.config.mkdir(parents=True)
        stamp = self.work / f"{name}.t0"
        stamp.unlink(missing_ok=True)
        shell = (f"export TERM=xterm-256color READINGROOM_CONFIG={shlex.quote(str(self.config))}; "
                 f"date +%s.%N > {shlex.quote(str(stamp))}; exec {shlex.join(command)}")
        self("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(REPO), shell)
        process = psutil.Process(int(self("display", "-p", "-t", name, "#{pane_pid}").strip()))
        self.running.append(process)
        return Pane(name, process, stamp)

    def capture(self, pane: Pane) -> str:
        return self("capture-pane", "-p", "-t", pane.name)

    def keys(self, pane: Pane, *keys: str, literal: bool = False) -> None:
        self("send-keys", "-t", pane.name, *(["-l"] if literal else []), *keys)

    def wait(self, pane: Pane, condition: Callable[[str], bool], timeout: float, what: str) -> tuple[float, str]:
        """Capture as fast as is reasonable until `condition` holds; the epoch time it was seen."""
        deadline = time.monotonic() + timeout
        polls = 0
        while True:
            screen = self.capture(pane)
            if condition(screen):
                return time.time(), screen
            polls += 1
            ended = polls % 50 == 0 and self("display", "-p", "-t", pane.name, "#{pane_dead}").strip() == "1"
            if ended or time.monotonic() > deadline:
                shown = "\n".join(line.strip() for line in screen.splitlines() if line.strip())[-1200:]
                why = "the program ended" if ended else f"timed out after {timeout:.0f} s"
                raise TimeoutError(f"{why} waiting for {what}; the screen:\n{shown}")
            time.sleep(POLL)

    def app_process(self, pane: Pane) -> psutil.Process:
        """The Python process of a pane: the pane's own process, or its child if the shell stayed."""
        process = pane.process
        if "python" not in process.name():
            children = [c for c in process.children() if "python" in c.name()]
            if children:
                return children[0]
        return process

    def finish(self, pane: Pane, *quit_keys: str) -> None:
        """Quit a program with its keys, or end it by pid if it does not go, then drop its session."""
        if quit_keys:
            with contextlib.suppress(RuntimeError):
                self.keys(pane, *quit_keys)
        if not _ended(pane.process, 5):
            kill_tree(pane.process)
        with contextlib.suppress(RuntimeError):
            self("kill-session", "-t", pane.name)
        if pane.process in self.running:
            self.running.remove(pane.process)
        pane.stamp.unlink(missing_ok=True)


def _ended(process: psutil.Process, timeout: float) -> bool:
    """Whether a process ends within `timeout`; one that awaits its reaping (a zombie) has ended.

    Its parent is the tmux server, which may reap it a while later: not a child of this process,
    so psutil's wait would count the zombie as running.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.01)
    return False


def app_command(corpus: Path, index: Path) -> list[str]:
    return [PYTHON, "-m", "tui", str(corpus), "--index", str(index)]


@dataclass
class Start:
    """One start of the app: seconds to the screen as it was indexed, and to the refreshed one."""

    opened: float
    ready: float


def time_app_start(tmux: Tmux, corpus: Path, index: Path, timeout: float, *, keep: bool = False) -> tuple[Start, Pane]:
    """Start the app; time its first screen with the tree and the count, and the screen once refreshed."""
    pane = tmux.launch(app_command(corpus, index))
    try:
        opened_at, _screen = tmux.wait(pane, app_opened, timeout, "the tree and the record count")
        ready_at, _screen = tmux.wait(pane, app_ready, timeout, "the status line's 'records in'")
        started = pane.started()
    except BaseException:
        tmux.finish(pane, "q")
        raise
    if not keep:
        tmux.finish(pane, "q")
    return Start(opened_at - started, ready_at - started), pane


def time_bare_start(tmux: Tmux, script: Path, timeout: float) -> float:
    pane = tmux.launch([PYTHON, str(script)])
    try:
        seen, _screen = tmux.wait(pane, bare_ready, timeout, "the bare app's READY")
        return seen - pane.started()
    finally:
        tmux.finish(pane, "C-q")


def memory(process: psutil.Process) -> tuple[float, float, float]:
    """RSS, PSS and USS in MiB."""
    info = process.memory_full_info()
    return info.rss / 2**20, info.pss / 2**20, info.uss / 2**20


def browse(tmux: Tmux, pane: Pane, word: str) -> str:
    """Browse as a reader would: open tree branches, search, read, open more results; the last screen."""
    def press(*keys: str, pause: float = 0.35) -> None:
        for key in keys:
            tmux.keys(pane, key)
            time.sleep(pause)

    # The tree has the focus: open a decade, a year, a month or a branch below, and a record.
    press("Enter", "Down", "Enter", "Down", "Enter", "Down", "Down", "Down", "Enter", pause=0.5)
    press("/")
    tmux.keys(pane, word, literal=True)
    press("Enter", pause=0.1)
    tmux.wait(pane, lambda s: bool(HITS.search(s)), 20, f"the results for {word!r}")
    time.sleep(0.5)
    press("space", "space", "space", pause=0.25)
    for _ in range(3):  # back to the results, the next one down, open it, read a page
        press("/", "Down", "Down", "Enter", pause=0.3)
        time.sleep(0.4)
        press("space", pause=0.25)
    time.sleep(1.0)
    screen = tmux.capture(pane)
    if "No document open" in screen:
        raise RuntimeError("browsing opened no document; the screen:\n" + screen)
    log("  browsed: tree, a search, three more results")
    return screen
