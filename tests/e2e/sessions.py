"""Memory per Reading Room session over SSH: `python -m tests.e2e.sessions [--sessions 20]` (as root).

Starts N `ssh -tt` sessions at once through the end-to-end harness (one tmux window each), waits
until every app drew, then prints the RSS, PSS and USS of each session's app process and the
totals. PSS shares each shared page among the processes that map it, so the PSS total is what the
sessions cost together. Then it quits every app and checks that nothing is left.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass

import psutil

from tests.e2e.sshd import ArchiveServer, Tmux, describe, wait_for
from tests.e2e.test_ssh import QUIT_KEYS, drawn_at

MIB = 1024 * 1024


@dataclass
class Sample:
    """One process's memory, in bytes."""

    pid: int
    terminal: str
    rss: int
    pss: int
    uss: int


def sample(process: psutil.Process) -> Sample:
    """RSS, PSS and USS of one process (reading another user's smaps needs root)."""
    memory = process.memory_full_info()
    return Sample(process.pid, process.terminal() or "?", memory.rss, memory.pss, memory.uss)


def table(rows: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell; the first column left-aligned, the others right."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                               for column, (cell, width) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def mib(value: float) -> str:
    return f"{value / MIB:.1f}"


def measure(server: ArchiveServer, tmux: Tmux, sessions: int, width: int, height: int, timeout: float) -> int:
    """Open the sessions, print the table, end them; the exit status."""
    start = time.monotonic()
    panes = [tmux.open(server.ssh("-tt"), width=width, height=height) for _ in range(sessions)]
    drew_at: dict[str, float] = {}

    def all_drew() -> bool:
        for pane in panes:
            if pane not in drew_at and drawn_at(tmux.capture(pane), width, height):
                drew_at[pane] = time.monotonic() - start
        return len(drew_at) == sessions

    def undrawn() -> str:
        late = [pane for pane in panes if pane not in drew_at]
        screen = "\n".join(line for line in tmux.capture(late[0]) if line.strip()) if late else ""
        return f"every app to draw ({len(drew_at)} of {sessions} did); the first other screen:\n{screen}"

    wait_for(all_drew, timeout, undrawn)

    def every_app() -> list[psutil.Process] | None:
        found = server.app_processes()
        return found if len(found) == sessions else None

    apps = wait_for(every_app, timeout,
                    lambda: f"{sessions} app processes; found:\n{describe(server.app_processes())}")
    samples = sorted((sample(app) for app in apps), key=lambda s: s.pid)
    app_pids = {app.pid for app in apps}
    # sshd's share of the sessions: root's per-connection monitors and the user's unprivileged halves.
    sshd = [sample(p) for p in server.session_processes() if p.pid not in app_pids]

    print(f"{sessions} sessions at {width}x{height}; all drew within {max(drew_at.values()):.1f} s "
          f"(first {min(drew_at.values()):.1f} s)\n")
    rows = [("session", "pid", "tty", "RSS MiB", "PSS MiB", "USS MiB")]
    rows += [(str(n), str(s.pid), s.terminal.removeprefix("/dev/"), mib(s.rss), mib(s.pss), mib(s.uss))
             for n, s in enumerate(samples, 1)]
    rows.append(("apps, total", "", "", mib(sum(s.rss for s in samples)), mib(sum(s.pss for s in samples)),
                 mib(sum(s.uss for s in samples))))
    rows.append(("apps, mean", "", "", mib(sum(s.rss for s in samples) / sessions),
                 mib(sum(s.pss for s in samples) / sessions), mib(sum(s.uss for s in samples) / sessions)))
    rows.append((f"sshd ({len(sshd)} processes)", "", "", mib(sum(s.rss for s in sshd)),
                 mib(sum(s.pss for s in sshd)), mib(sum(s.uss for s in sshd))))
    print(table(rows))

    for pane in panes:
        tmux.keys(pane, *QUIT_KEYS)

    def every_status() -> list[int | None] | None:
        found = [tmux.exit_status(pane) for pane in panes]
        return None if None in found else found

    def still_open() -> str:
        late = [pane for pane in panes if tmux.exit_status(pane) is None]
        screen = "\n".join(line for line in tmux.capture(late[0]) if line.strip()) if late else ""
        return f"every ssh client to exit ({len(late)} still open); the first one's screen:\n{screen}"

    statuses = wait_for(every_status, timeout, still_open)
    server.wait_until_idle()
    failed = [status for status in statuses if status != 0]
    print(f"\nall {sessions} sessions ended" + (f"; {len(failed)} with a non-zero status: {failed}" if failed else "")
          + "; no process left")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.sessions", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions at once (default: 20)")
    parser.add_argument("--width", type=int, default=100, help="terminal width (default: 100)")
    parser.add_argument("--height", type=int, default=30, help="terminal height (default: 30)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for all to draw or end")
    parser.add_argument("--install", choices=("copy", "pip"), help="how to install the app (default: copy "
                        "when /usr/bin/python3 has this interpreter's minor version)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("needs root: it adds a user and runs sshd", file=sys.stderr)
        return 2
    with ArchiveServer(how=args.install) as server:
        assert server.installed is not None
        print(f"app installed by {server.installed.how} in {server.installed.seconds:.1f} s; "
              f"index: {server.index or 'none (no `readingroom index` yet)'}")
        tmux = Tmux(f"rrsessions{os.getpid()}", server.root)
        try:
            return measure(server, tmux, args.sessions, args.width, args.height, args.timeout)
        finally:
            tmux.close()


if __name__ == "__main__":
    sys.exit(main())
