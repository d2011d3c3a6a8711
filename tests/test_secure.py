"""Secure mode, tried as someone would who wants out of it: every forbidden key and palette
command, and a whole session that must write nothing at all. Outside secure mode the
same keys and commands do work, so that "nothing happened" proves the refusal, not a broken key.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot

from tests.apptools import main_screen, make_app, ready, screen_text, settled, wait_for
from tui.app import ReadingRoom
from tui.cite import chicago
from tui.screens.help import HelpScreen

SEED = "1950-10-08-stalin-kim"
FORBIDDEN_COMMANDS = ("Edit record", "Open corpus…", "Screenshot")
"""Palette commands secure mode removes: an editor, another corpus, a file written."""
THEME = "nord"
"""A theme other than the default, chosen in the palette."""


# --- Watching what the app does ---------------------------------------------------------------


@dataclass
class Watch:
    """What the app asked of the system: programs started, signals sent, suspensions, notices."""

    spawned: list[list[str]] = field(default_factory=list)
    signals: list[tuple[int, int]] = field(default_factory=list)
    suspended: int = 0
    notices: list[str] = field(default_factory=list)


EDITOR_SCRIPT = """#!/bin/sh
# An editor that writes down how it was called, one argument a line.
printf '%s\\n' "$@" > "$(dirname "$0")/editor-ran"
"""


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Watch]:
    """Record every program started (started for real through subprocess and os.system; refused
    through exec, fork and posix_spawn), every signal this process sends itself or its group (never
    delivered), and every suspension of the app. $EDITOR is a script that leaves a file `editor-ran`
    beside itself; $VISUAL is unset."""
    seen = Watch()
    editor = tmp_path / "bin" / "editor"
    editor.parent.mkdir()
    editor.write_text(EDITOR_SCRIPT)
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", f"{editor} --wait")
    monkeypatch.delenv("VISUAL", raising=False)

    execute_child = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def spawn(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        seen.spawned.append([str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)])
        execute_child(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "_execute_child", spawn)
    system = os.system

    def run_system(command: str) -> int:
        seen.spawned.append(["os.system", command])
        return system(command)

    monkeypatch.setattr(os, "system", run_system)
    # These would replace or copy the test run itself: recorded and refused.
    for name in ("posix_spawn", "posix_spawnp", "execv", "execve", "execvp", "execvpe", "fork", "forkpty"):
        monkeypatch.setattr(os, name, _refusing(seen.spawned, name))

    kill = os.kill

    def record_kill(pid: int, signum: int) -> None:
        if pid in (os.getpid(), 0, -os.getpgrp()):
            seen.signals.append((pid, signum))  # never delivered: SIGTSTP would stop the test run
            return
        kill(pid, signum)

    killpg = os.killpg

    def record_killpg(pgid: int, signum: int) -> None:
        if pgid in (0, os.getpgrp()):
            seen.signals.append((-pgid, signum))
            return
        killpg(pgid, signum)

    monkeypatch.setattr(os, "kill", record_kill)
    monkeypatch.setattr(os, "killpg", record_killpg)

    @contextmanager
    def suspend(_app: ReadingRoom) -> Iterator[None]:
        # Headless, Textual cannot suspend: stand in for it, and count.
        seen.suspended += 1
        yield

    monkeypatch.setattr(ReadingRoom, "suspend", suspend)
    yield seen


def _refusing(spawned: list[list[str]], name: str) -> Callable[..., Any]:
    def call(*args: Any, **_kwargs: Any) -> Any:
        spawned.append([f"os.{name}", *map(str, args[:2])])
        raise PermissionError(f"os.{name} in a test")

    return call


def noting(app: ReadingRoom, seen: Watch) -> ReadingRoom:
    """Record every notice the app shows (they time out on screen; the record stays)."""
    notify = app.notify

    def record(message: str, *args: Any, **kwargs: Any) -> Any:
        seen.notices.append(f"{kwargs.get('title') or ''}: {message}")
        return notify(message, *args, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return app


@pytest.fixture
def can_suspend(monkeypatch: pytest.MonkeyPatch) -> None:
    """The headless driver says it can suspend, as a terminal's can: ctrl+z would then send SIGTSTP."""
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda _self: True))


# --- Driving ----------------------------------------------------------------------------------


async def open_seed(pilot: Pilot[None]) -> None:
    """Open the seed letter by its id."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    await pilot.press("colon", *SEED, "enter")
    await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the record")
    await settled(pilot)


async def palette_offers(pilot: Pilot[None], text: str) -> list[str]:
    """Open the palette, type TEXT, and return the first line of each command it offers; close it."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.press(*text)
    await settled(pilot)  # the palette gathers its commands in a worker
    commands = pilot.app.screen.query_one(CommandList)
    offered = [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "the palette to close")
    # A command's title, without the key shown after it.
    return [str(getattr(prompt, "plain", prompt)).split("\n")[0].split("  ")[0] for prompt in offered]


async def run_palette_command(pilot: Pilot[None], title: str) -> None:
    """Open the palette, type TITLE, and run the command of that title (the first offered)."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.press(*title)
    await settled(pilot)
    commands = pilot.app.screen.query_one(CommandList)
    first = commands.get_option_at_index(0).prompt
    assert str(getattr(first, "plain", first)).split("\n")[0].split("  ")[0] == title, f"the palette offers {first}"
    await pilot.press("enter")


async def choose_theme(pilot: Pilot[None], theme: str) -> None:
    """Palette: "Theme", then the theme by name."""
    await run_palette_command(pilot, "Theme")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the theme picker")
    await pilot.press(*theme)
    await settled(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.theme == theme, f"the theme {theme}")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "the picker to close")


# --- Secure mode refuses ------------------------------------------------------------------------


async def test_secure_e_runs_no_editor(bundled: Path, bundled_index: Path, config_dir: Path, watch: Watch,
                                       tmp_path: Path) -> None:
    """`e` on an open record: no editor, no process at all, no suspension; a notice says why."""
    app = noting(make_app(bundled, bundled_index, config_dir, secure=True), watch)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await ready(pilot)
        await open_seed(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: "Secure mode: no editor" in screen_text(app), "the notice")
        await settled(pilot)
        assert app.is_running
    assert watch.spawned == []
    assert watch.suspended == 0
    assert not (tmp_path / "bin" / "editor-ran").exists()
    assert any("Secure mode: no editor" in notice for notice in watch.notices), watch.notices


async def test_secure_ctrl_z_does_not_suspend(bundled: Path, bundled_index: Path, config_dir: Path, watch: Watch,
                                              can_suspend: None) -> None:
    """ctrl+z, where the terminal could suspend: no signal sent; a notice says why."""
    app = noting(make_app(bundled, bundled_index, config_dir, secure=True), watch)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await ready(pilot)
        await open_seed(pilot)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "Secure mode: no suspending to a shell" in screen_text(app), "the notice")
        assert app.is_running
    assert watch.signals == []
    assert watch.spawned == []


async def test_secure_palette_has_no_forbidden_commands(bundled: Path, bundled_index: Path,
                                                        config_dir: Path) -> None:
    """The palette offers no editor, no other corpus and no screenshot, asked by their very names;
    the help and the app's system commands list none either."""
    app = make_app(bundled, bundled_index, config_dir, secure=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot)
        for title in FORBIDDEN_COMMANDS:
            offered = await palette_offers(pilot, title)
            assert title not in offered, offered
        titles = [command.title for command in [*app.get_system_commands(screen), *screen.palette_commands()]]
        assert "Theme" in titles and "Copy citation" in titles  # the palette is there, with its commands
        assert not set(FORBIDDEN_COMMANDS) & set(titles), titles
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert isinstance(app.screen, HelpScreen)
        actions = {binding.action for _pane, bindings in app.screen.groups for binding in bindings}
        assert not {"edit", "suspend"} & actions, "the help lists keys secure mode refuses"


# --- Outside secure mode the same keys work ------------------------------------------------------


async def test_e_runs_the_editor_at_the_line(bundled: Path, bundled_index: Path, config_dir: Path, watch: Watch,
                                             tmp_path: Path) -> None:
    """`e` suspends the app and runs $EDITOR (its own arguments kept) with +LINE and the record's file."""
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot)
        record = screen.record
        assert record is not None
        await pilot.press("e")
        ran = tmp_path / "bin" / "editor-ran"
        await wait_for(pilot, ran.exists, "the editor to run")
        await settled(pilot)  # the corpus is read again after the edit
        assert screen.record is not None and screen.record.id == SEED
    expected = [*shlex.split(os.environ["EDITOR"]), f"+{record.line}", str(bundled / record.path)]
    # Besides the editor, only Reading Room's own index refresh (a child process) may run.
    assert [args for args in watch.spawned if "tui.index.background" not in args] == [expected]
    assert ran.read_text().splitlines() == expected[1:]
    assert watch.suspended == 1


async def test_ctrl_z_suspends(bundled: Path, bundled_index: Path, config_dir: Path, watch: Watch,
                               can_suspend: None) -> None:
    """ctrl+z sends this process SIGTSTP, as a shell's job control expects."""
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: bool(watch.signals), "the signal")
    assert watch.signals == [(os.getpid(), signal.SIGTSTP)]


async def test_palette_has_edit_and_open_corpus(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    """The palette offers every command secure mode removes, found the same way."""
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await open_seed(pilot)
        for title in FORBIDDEN_COMMANDS:
            offered = await palette_offers(pilot, title)
            assert title in offered, offered
        titles = [command.title for command in [*app.get_system_commands(screen), *screen.palette_commands()]]
        assert set(FORBIDDEN_COMMANDS) <= set(titles), titles


# --- Nothing written but the settings --------------------------------------------------------------


def listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file and folder under FOLDER (it included): path -> (mode, size, mtime in ns)."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        found[str(path)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


async def test_secure_session_writes_nothing(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    """A whole secure session (search, open, theme from the palette, copy the citation) with HOME,
    the XDG folders, the cache, the settings, the data folder, the temporary folder and the working
    folder in tmp, and no index yet: nothing is written, not even the settings (the theme holds for
    the session). The index is kept in memory, with a notice."""
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled, corpus)
    places = {name: tmp_path / name for name in ("home", "config", "cache", "data", "state", "rr-cache",
                                                  "rr-config", "rr-data", "tmp", "work")}
    for folder in places.values():
        folder.mkdir()
    for variable, name in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                           ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"), ("READINGROOM_CACHE", "rr-cache"),
                           ("READINGROOM_CONFIG", "rr-config"), ("READINGROOM_DATA", "rr-data"), ("TMPDIR", "tmp")):
        monkeypatch.setenv(variable, str(places[name]))
    monkeypatch.delenv("READINGROOM_INDEX", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    monkeypatch.chdir(places["work"])
    before = listing(tmp_path)  # all of the above, and beside them

    app = noting(ReadingRoom(corpus, secure=True), watch)  # index and settings where the environment says
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"Shtykov")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.total == 1, "the results")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SEED, "the record")
        await choose_theme(pilot, THEME)
        await pilot.press("c")
        assert app.clipboard == chicago(screen.record)
        await settled(pilot)
        await pilot.press("q")
    after = listing(tmp_path)

    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed == set(), sorted(changed)
    assert app.theme == THEME
    assert any("secure mode writes no index: keeping the index in memory" in notice for notice in watch.notices), \
        watch.notices
    assert watch.spawned == []


@pytest.mark.parametrize("secure", [False, True], ids=["plain", "secure"])
async def test_settings_that_cannot_be_written_are_not_kept(
    bundled: Path, bundled_index: Path, tmp_path: Path, secure: bool
) -> None:
    """A file where the settings folder should be: the app runs all the same, a theme chosen in the
    palette applies at once, and the next start has the default theme again; nothing is written."""
    blocked = tmp_path / "config"
    blocked.write_text("not a folder\n")
    app = make_app(bundled, bundled_index, blocked, secure=secure)
    default = app.theme
    assert default != THEME
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await choose_theme(pilot, THEME)
        await pilot.press("o")  # group by collection: another setting that is not kept
        await wait_for(pilot, lambda: screen.doc_tree.grouping == "collection", "the grouping")
        await open_seed(pilot)  # and the app goes on working
        assert app.is_running and app.theme == THEME
    assert blocked.read_text() == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config"]
    again = make_app(bundled, bundled_index, blocked, secure=secure)
    assert again.theme == default
    assert again.settings.grouping == "date"

