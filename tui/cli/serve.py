"""`readingroom serve [CORPUS]`: serve the browser to web browsers, one secure-mode app per connection."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from tui.cli import CliError
from tui.cli.common import corpus_folder


def is_loopback(host: str) -> bool:
    """True for a loopback address or localhost, to which only this machine can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CliError(f"not a port: {args.port}")
    if args.max_apps < 1:
        raise CliError(f"--max-apps takes a number of apps, 1 or more: {args.max_apps}")
    root = corpus_folder(args.corpus).resolve()
    from tui.web.server import ReadingRoomServer

    if not is_loopback(args.host):
        print(f"readingroom: warning: listening on {args.host}, beyond this machine, with no authentication: "
              "anyone who can reach it can read the corpus", file=sys.stderr)
    server = ReadingRoomServer(root, host=args.host, port=args.port, index_dir=args.index,
                               allowed_hosts=args.allow_host, max_apps=args.max_apps)
    try:
        server.serve()
    except OSError as error:
        raise CliError(f"cannot serve on {args.host} port {args.port}: {error.strerror or error}") from None
    return 0
