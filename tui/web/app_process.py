"""One app process behind `readingroom serve`: `python -m tui.web.app_process CORPUS [--index DIR]`.

The server starts one per browser connection. The app always runs in secure mode
(no shell, no editor, no other corpus), and only under Textual's web driver, whose
input and output are the server's pipes rather than a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in TEXTUAL_DRIVER for the processes it starts."""
SERVER_PID = "READINGROOM_SERVE_PID"
"""Set by `readingroom serve` for its app processes: the server's process id."""
PR_SET_PDEATHSIG = 1


def under_web_driver() -> bool:
    """True when Textual will drive this process through textual-serve's pipes."""
    return os.environ.get("TEXTUAL_DRIVER", "") == WEB_DRIVER


def end_with_server() -> bool:
    """Have the kernel kill this process when the server that started it dies; False if it is gone already.

    A server killed outright (SIGKILL, out of memory) cannot stop its apps, and an app
    with no server would idle, or spin, forever. Linux only; elsewhere a no-op.
    """
    server = os.environ.get(SERVER_PID, "")
    if not server.isdigit() or not sys.platform.startswith("linux"):
        return True
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # The server may have died before the line above: then the parent is someone else.
    return os.getppid() == int(server)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app on CORPUS for one web connection; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tui.web.app_process",
                                     description="Run Reading Room for one `readingroom serve` connection.")
    parser.add_argument("corpus", metavar="CORPUS", help="corpus folder")
    parser.add_argument("--index", metavar="DIR", help="index folder")
    args = parser.parse_args(argv)
    # Without the web driver the app would take pipes for a terminal and
    # outlive whoever started it: only the server may start this.
    if not under_web_driver():
        print(f"{parser.prog}: started by 'readingroom serve' only (TEXTUAL_DRIVER={WEB_DRIVER})", file=sys.stderr)
        return 2
    if not end_with_server():
        return 2
    root = Path(args.corpus)
    if not root.is_dir():
        print(f"{parser.prog}: no such corpus folder: {root}", file=sys.stderr)
        return 2

    from tui.web.served_app import ServedReadingRoom

    app = ServedReadingRoom(root, secure=True, index_dir=args.index)
    # A loop of our own, which Textual runs without waiting for thread workers at the end.
    app.run(loop=asyncio.new_event_loop())
    return app.return_code or 0


def end_now(status: int) -> NoReturn:
    """End the process once the app has: a worker still busy (opening or building the index) is
    dropped rather than waited for, which could take longer than the server waits before SIGKILL.
    An index build cut short is taken up again by the next one."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    end_now(main())
