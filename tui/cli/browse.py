"""`readingroom [CORPUS]`: open the browser."""

from __future__ import annotations

import argparse
import os
import sys

from tui.cli.common import corpus_folder

NO_TERMINAL_SSH = "Reading Room needs a terminal: connect with plain 'ssh' (no command) or 'ssh -t'."
NO_TERMINAL = (
    "Reading Room needs a terminal. Connect with 'ssh -t' (or plain 'ssh' with no command), "
    "or use 'readingroom search' and 'readingroom show' for work without a screen."
)


def secure_from(args: argparse.Namespace) -> bool:
    """--secure, or READINGROOM_SECURE set to anything but 0/empty."""
    if args.secure:
        return True
    return os.environ.get("READINGROOM_SECURE", "").strip() not in ("", "0", "false", "no")


def run(args: argparse.Namespace) -> int:
    # A session with no terminal (ssh -T, ssh host cmd) would leave an app
    # running after its client has gone: refuse it at once.
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        over_ssh = "SSH_CONNECTION" in os.environ  # an account that only runs this: no other commands
        print(f"readingroom: {NO_TERMINAL_SSH if over_ssh else NO_TERMINAL}", file=sys.stderr)
        return 2
    root = corpus_folder(args.corpus)
    secure = secure_from(args)
    from tui import collector

    collector.hold()  # until the first screen is up (see collector)
    # The index opens while the screens' code loads (see OpenAhead), in the tree's grouping.
    from tui.config import Settings
    from tui.index.ahead import OpenAhead
    from tui.index.browse import GROUPINGS

    grouping = Settings.load(None).grouping
    ahead = OpenAhead(root, index_dir=args.index, secure=secure,
                      grouping=grouping if grouping in GROUPINGS else "date")
    from tui.app import ReadingRoom

    app = ReadingRoom(root, secure=secure, index_dir=args.index, ahead=ahead)
    app.run()
    return app.return_code or 0

