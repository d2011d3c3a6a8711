"""Reading Room over real OpenSSH, deployed as the README says (the harness is tests/e2e/sshd.py).

A private sshd on 127.0.0.1 forces the app on a user made for this run. Interactive sessions run
`ssh -tt` in tmux panes of a known size and read the screen with `tmux capture-pane`; the rest
check that no other way in (a command, no terminal, sftp, scp, forwarding) reaches a shell, and
that every session ends without leaving a process behind.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.e2e.sshd import LOOPBACK, PROGRAMS, UNUSED_CONNECTION_TIMEOUT, ArchiveServer, Tmux, free_port, kill, wait_for
from tests.tools import require

pytestmark = pytest.mark.e2e

# --- What the app shows: update these when the app changes -----------------------------------

APP_DREW_MARKER = "records in"
"""On screen once the app drew: the corpus line under the search bar ("990 records in <corpus title>")."""

FOOTER_MARKER = "^p palette"
"""How the footer row ends, at the right edge of the screen (Textual's command palette key)."""

SEARCH_FOCUS_KEYS: tuple[str, ...] = ("/",)
"""Keys that put the cursor in the search bar."""

SEARCHING_MARKER = "f1 Help"
"""In the footer while the search bar has the cursor (letters are commands again with "? Help")."""

SEARCH_QUERY = "Shtykov"
"""A name that only one record of the bundled corpus has: the seed letter from Stalin to Kim Il Sung."""

SEARCH_EXPECTED = "1950-10-08-stalin-kim"
"""On screen once the query is typed: the id of the record SEARCH_QUERY finds, one word that the
results list does not break (its title wraps in the narrow list beside the document pane)."""

LEAVE_SEARCH_KEYS: tuple[str, ...] = ("Escape",)
"""Keys that take the cursor out of the search bar, so that letters are commands again."""

BROWSING_MARKER = "? Help"
"""In the footer while letters are commands."""

QUIT_KEYS: tuple[str, ...] = ("q",)
"""Keys that end the app once letters are commands."""

NO_TERMINAL_MESSAGE = "Reading Room needs a terminal"
"""What the no-terminal guard (tui/cli/browse.py) writes on stderr before exiting with status 2."""

STARTUP_TIMEOUT = 30.0
"""Seconds for a session to connect and the app to draw, or to react to a key or a resize."""


def screen_text(screen: list[str]) -> str:
    """The rows of a captured screen as one text."""
    return "\n".join(screen)


def app_drew(screen: list[str]) -> bool:
    """The app has drawn its screen and takes keys as commands. Its first frame still has the cursor
    in the search bar, which the tree takes a moment later: keys sent before that go astray."""
    return (bool(screen) and APP_DREW_MARKER in screen_text(screen) and FOOTER_MARKER in screen[-1]
            and BROWSING_MARKER in screen[-1])


def drawn_at(screen: list[str], width: int, height: int) -> bool:
    """The app drew for `width` x `height`: as many rows, and the footer on the last one, ending at
    the right edge (Textual pads it with a blank column). A screen drawn for another size fails:
    tmux crops a wider one (the footer's end is cut off) and leaves a narrower one short."""
    if len(screen) != height or not app_drew(screen):
        return False
    footer = screen[-1].rstrip()
    return footer.endswith(FOOTER_MARKER) and width - 1 <= cell_len(footer) <= width


def search_and_expect(tmux: Tmux, pane: str, query: str = SEARCH_QUERY, expected: str = SEARCH_EXPECTED) -> None:
    """Type `query` in the search bar and wait until `expected` is on screen (and not before).

    Typing waits for the search bar to take the cursor: letters that reach the app before it
    does are commands (`o` regroups the tree, `t` toggles the results).
    """
    assert expected not in screen_text(tmux.capture(pane)), f"{expected!r} was on screen before the search"
    tmux.keys(pane, *SEARCH_FOCUS_KEYS)
    wait_for_screen(tmux, pane, lambda screen: SEARCHING_MARKER in screen[-1], f"{SEARCHING_MARKER!r} in the footer")
    tmux.type(pane, query)
    wait_for_screen(tmux, pane, lambda screen: expected in screen_text(screen), f"{expected!r} on screen")


def quit_app(tmux: Tmux, pane: str) -> None:
    """Press the keys that end the app, leaving the search bar first if it has the cursor.

    Escape only when needed, and never in the same burst as `q`: the two read together are alt+q.
    """
    if BROWSING_MARKER not in tmux.capture(pane)[-1]:
        tmux.keys(pane, *LEAVE_SEARCH_KEYS)
        wait_for_screen(tmux, pane, lambda screen: BROWSING_MARKER in screen[-1],
                        f"{BROWSING_MARKER!r} in the footer")
    tmux.keys(pane, *QUIT_KEYS)


# --- Helpers --------------------------------------------------------------------------------


def wait_for_screen(tmux: Tmux, pane: str, predicate: Callable[[list[str]], bool], what: str,
                    timeout: float = STARTUP_TIMEOUT) -> list[str]:
    """Poll the pane's screen until `predicate` holds; the error shows the screen. Fails at once
    if the session ends first (the app crashed, say) instead of waiting out the timeout."""
    last: list[str] = []

    def check() -> bool:
        last[:] = tmux.capture(pane)
        if predicate(last):
            return True
        status = tmux.exit_status(pane)
        if status is not None:
            raise AssertionError(f"the session ended (ssh exit status {status}) before {what}; "
                                 f"the screen was:\n{screen_text(tmux.capture(pane))}")
        return False

    wait_for(check, timeout, lambda: f"{what}; the screen was:\n{screen_text(last)}")
    return last


def open_session(server: ArchiveServer, tmux: Tmux, width: int, height: int, *options: str,
                 command: tuple[str, ...] = (), env: dict[str, str] | None = None, agent: Path | None = None) -> str:
    """`ssh -tt` to the archive in a new tmux pane; the pane once the app drew in it."""
    pane = tmux.open(server.ssh("-tt", *options, command=command, agent=agent), width=width, height=height, env=env)
    wait_for_screen(tmux, pane, lambda screen: drawn_at(screen, width, height), f"the app drawn at {width}x{height}")
    return pane


def assert_session_ended(server: ArchiveServer, tmux: Tmux, pane: str) -> None:
    """The ssh client exited with status 0 and nothing of the session runs any more."""
    wait_for(lambda: tmux.exit_status(pane) is not None, STARTUP_TIMEOUT,
             lambda: f"the ssh client to exit; the screen was:\n{screen_text(tmux.capture(pane))}")
    assert tmux.exit_status(pane) == 0
    server.wait_until_idle()


def try_connect(port: int) -> socket.socket | None:
    """A connection to 127.0.0.1:port, or None while nothing listens there."""
    try:
        return socket.create_connection((LOOPBACK, port), timeout=5)
    except OSError:
        return None


def require_root() -> None:
    """Skip (fail in CI) unless root: the tests add a user and run sshd."""
    if os.geteuid() == 0:
        return
    reason = "needs root (adds a user, runs sshd)"
    if os.environ.get("READINGROOM_REQUIRE_E2E"):
        pytest.fail(reason)
    pytest.skip(reason)


# --- Fixtures -------------------------------------------------------------------------------

_tmux_servers = itertools.count()


@pytest.fixture(scope="module")
def archive() -> Iterator[ArchiveServer]:
    """One private sshd, user and app install for the whole module; all removed at the end."""
    require(*PROGRAMS)
    require_root()
    with ArchiveServer() as server:
        yield server


@pytest.fixture
def server(archive: ArchiveServer) -> Iterator[ArchiveServer]:
    """The archive server; after each test, whatever the test left running is ended by pid."""
    yield archive
    archive.end_sessions()


@pytest.fixture
def tmux(server: ArchiveServer) -> Iterator[Tmux]:
    """A tmux server of the test's own; ended with the clients in its panes after the test."""
    multiplexer = Tmux(f"rrtest{os.getpid()}-{next(_tmux_servers)}", server.root)
    yield multiplexer
    multiplexer.close()


# --- Interactive sessions -------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_session_draws_searches_and_quits(server: ArchiveServer, tmux: Tmux, width: int, height: int) -> None:
    pane = open_session(server, tmux, width, height)
    search_and_expect(tmux, pane)
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)


NOTE_WORD = "quixotically"
"""A word no record of the bundled corpus has, written in a note by one reader."""

NOTE_EDITOR_MARKER = "ctrl+s save"
"""Under the note editor's text (tui/screens/note_editor.py)."""

NOTE_MARKER = "✎"
"""In the margin of a paragraph that has a note."""


def open_seed_letter(tmux: Tmux, pane: str) -> None:
    """Search for the seed letter and open it (Enter in the search bar opens the top result)."""
    search_and_expect(tmux, pane)
    tmux.keys(pane, "Enter")
    # The text has the cursor (its "n Next" in the footer), at the letter's first hit.
    wait_for_screen(tmux, pane, lambda screen: "n Next" in screen[-1] and BROWSING_MARKER in screen[-1],
                    "the letter open")


def search_again(tmux: Tmux, pane: str, query: str) -> None:
    """Put the cursor in the search bar, clear it and type `query`."""
    tmux.keys(pane, *SEARCH_FOCUS_KEYS)
    wait_for_screen(tmux, pane, lambda screen: SEARCHING_MARKER in screen[-1], f"{SEARCHING_MARKER!r} in the footer")
    tmux.keys(pane, "C-u")
    wait_for_screen(tmux, pane, lambda screen: screen_text(screen).startswith(" Search: "), "the search bar cleared")
    tmux.type(pane, query)


def test_a_note_made_by_one_reader_is_not_seen_by_the_next(server: ArchiveServer, tmux: Tmux) -> None:
    pane = open_session(server, tmux, 100, 30)
    open_seed_letter(tmux, pane)
    assert NOTE_MARKER not in screen_text(tmux.capture(pane))
    tmux.keys(pane, "a")
    wait_for_screen(tmux, pane, lambda screen: NOTE_EDITOR_MARKER in screen_text(screen), "the note editor")
    assert "ctrl+e" not in screen_text(tmux.capture(pane))  # secure mode: no $EDITOR offered
    tmux.type(pane, f"A {NOTE_WORD} hopeful letter")
    tmux.keys(pane, "C-s")
    seen = wait_for_screen(tmux, pane, lambda screen: NOTE_EDITOR_MARKER not in screen_text(screen)
                           and NOTE_WORD in screen_text(screen), "the note under its paragraph")
    assert NOTE_MARKER in screen_text(seen)
    # Found by a search within this session (kept in its memory).
    search_again(tmux, pane, NOTE_WORD)
    wait_for_screen(tmux, pane, lambda screen: "in your notes" in screen_text(screen), "the note found by a search")
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)

    pane = open_session(server, tmux, 100, 30)
    open_seed_letter(tmux, pane)
    shown = screen_text(tmux.capture(pane))
    assert NOTE_MARKER not in shown and NOTE_WORD not in shown
    search_again(tmux, pane, NOTE_WORD)
    found = wait_for_screen(tmux, pane, lambda screen: "No record matches" in screen_text(screen), "no result")
    assert "in your notes" not in screen_text(found) and NOTE_MARKER not in screen_text(found)
    search_again(tmux, pane, f"note:{NOTE_WORD}")
    wait_for_screen(tmux, pane, lambda screen: "No note of yours matches" in screen_text(screen), "no note")
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)


def test_resize_is_followed(server: ArchiveServer, tmux: Tmux) -> None:
    pane = open_session(server, tmux, 100, 30)
    for width, height in [(80, 24), (120, 40)]:  # smaller, then larger than at the start
        tmux.resize(pane, width, height)
        wait_for_screen(tmux, pane, lambda screen, w=width, h=height: drawn_at(screen, w, h),
                        f"the app redrawn at {width}x{height}")
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)


def test_requested_command_gets_the_app_not_a_shell(server: ArchiveServer, tmux: Tmux) -> None:
    pane = open_session(server, tmux, 100, 30, command=("/bin/sh", "-i"))
    # `exec` in the ForceCommand: the app replaced the login shell, which is not left waiting behind it.
    names = sorted(process.name() for process in server.user_processes())
    assert names == ["readingroom", "sshd"], names
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)


def test_dropped_client_leaves_nothing(server: ArchiveServer, tmux: Tmux) -> None:
    pane = open_session(server, tmux, 80, 24)
    assert len(server.app_processes()) == 1
    kill(tmux.client_pid(pane))  # the reader's connection vanishes without a goodbye
    server.wait_until_idle()


def test_only_accepted_environment_and_no_agent_or_x11(server: ArchiveServer, tmux: Tmux) -> None:
    agent_socket = server.root / f"agent-{os.getpid()}.sock"
    server.spawn(["ssh-agent", "-D", "-a", str(agent_socket)], stdout=subprocess.DEVNULL)
    wait_for(agent_socket.exists, 10, "ssh-agent's socket")
    client_log = server.root / "client-env.log"
    sent = {"COLORTERM": "truecolor", "NO_COLOR": "1",
            # Debian's global `AcceptEnv LANG LC_*` does not apply: the Match block's AcceptEnv replaces it.
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            # Each of these would let a reader run code of their choosing, or reach a Python prompt.
            "PYTHONINSPECT": "1", "PYTHONSTARTUP": "/etc/passwd", "PYTHONPATH": "/tmp", "LD_PRELOAD": "/x.so"}
    pane = open_session(server, tmux, 100, 30, "-v", "-E", str(client_log), "-o", f"SendEnv={' '.join(sent)}",
                        "-o", "ForwardAgent=yes", "-o", "ForwardX11=yes", agent=agent_socket,
                        env={**sent, "DISPLAY": ":99"})
    [app] = server.app_processes()
    environment = app.environ()
    log = client_log.read_text()
    assert "Requesting authentication agent forwarding." in log  # asked for, so its absence below counts
    assert "X11 forwarding request failed" in log
    assert environment.get("COLORTERM") == "truecolor"
    assert environment.get("NO_COLOR") == "1"
    assert environment.get("READINGROOM_SECURE") == "1"
    refused = {"LANG", "LC_ALL", "PYTHONINSPECT", "PYTHONSTARTUP", "PYTHONPATH", "LD_PRELOAD", "SSH_AUTH_SOCK",
               "DISPLAY"}
    assert refused.isdisjoint(environment), sorted(refused & environment.keys())
    quit_app(tmux, pane)
    assert_session_ended(server, tmux, pane)


def test_archive_user_reads_the_shared_index(server: ArchiveServer) -> None:
    # Not over SSH but through `readingroom search`: the index that root built, read by the archive user.
    assert server.index is not None and server.installed is not None, "no `readingroom index` to build it"
    done = server.run_app_as_user("search", SEARCH_QUERY, "--corpus", str(server.installed.corpus),
                                  "--index", str(server.index))
    assert done.returncode == 0, done.stderr
    assert SEARCH_EXPECTED in done.stdout
    # No notice: neither "building it again" nor "keeping the index in memory".
    assert done.stderr == ""
    server.wait_until_idle()


# --- No terminal, files, forwarding ---------------------------------------------------------


def test_command_gets_no_shell(server: ArchiveServer) -> None:
    done = server.run(server.ssh(command=("/bin/sh", "-c", "id")))
    assert done.returncode == 2, done
    assert NO_TERMINAL_MESSAGE in done.stderr
    assert "uid=" not in done.stdout
    server.wait_until_idle()


def test_session_without_terminal_ends_with_message(server: ArchiveServer) -> None:
    client = server.spawn(server.ssh("-T"), stdin=subprocess.PIPE)
    assert client.stdin is not None and client.stdout is not None and client.stderr is not None
    client.stdin.write(b"id\n")
    client.stdin.flush()
    # stdin stays open: the session must end on its own, not when the reader gives up.
    assert client.wait(timeout=STARTUP_TIMEOUT) == 2
    assert NO_TERMINAL_MESSAGE in client.stderr.read().decode()
    assert b"uid=" not in client.stdout.read()
    server.wait_until_idle()


@pytest.mark.parametrize("how", ["sftp", "scp", "scp -O"])
def test_file_transfer_gets_nothing(server: ArchiveServer, how: str) -> None:
    copy = server.root / f"copy-{how.replace(' ', '')}"
    if how == "sftp":
        done = server.run(server.sftp("-b", "-"), input=f"get /etc/passwd {copy}\n".encode())
    else:
        done = server.run(server.scp(*how.split()[1:], remote="/etc/passwd", local=copy))
    assert done.returncode != 0, done
    assert not copy.exists()
    if how == "scp -O":  # the legacy protocol runs a command, so the guard answers it
        assert NO_TERMINAL_MESSAGE in done.stderr
    server.wait_until_idle()


def test_port_forwarding_is_refused(server: ArchiveServer) -> None:
    with socket.create_server((LOOPBACK, 0)) as target:
        target_port = target.getsockname()[1]
        # -R: the server refuses to listen; ExitOnForwardFailure turns that into an exit.
        remote = server.run(server.ssh("-N", "-R", f"0:{LOOPBACK}:{target_port}", "-o", "ExitOnForwardFailure=yes"))
        assert remote.returncode == 255
        assert "remote port forwarding failed" in remote.stderr
        server.wait_until_idle()

        # -L: the client listens; the server refuses each connection made through it.
        local_port = free_port()
        client = server.spawn(server.ssh("-N", "-L", f"{local_port}:{LOOPBACK}:{target_port}"))
        connection = wait_for(lambda: try_connect(local_port), STARTUP_TIMEOUT, "ssh -L to listen")
        with connection:
            assert connection.recv(1) == b""  # closed at once instead of forwarded
        target.setblocking(False)
        with pytest.raises(BlockingIOError):
            target.accept()
        # -N opens no session: the user runs sshd's unprivileged half, no shell, no app.
        assert {process.name() for process in server.user_processes()} == {"sshd"}
        # UnusedConnectionTimeout: the server drops a connection that never opens a session.
        assert client.wait(timeout=UNUSED_CONNECTION_TIMEOUT + STARTUP_TIMEOUT) == 255
        assert client.stderr is not None
        assert b"administratively prohibited" in client.stderr.read()
    server.wait_until_idle()
