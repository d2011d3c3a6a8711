"""A worker process: reads chunks of (path, rel) on stdin, writes their FileResults on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.model.parse import parse_records_file
from tui.model.workers import receive, resolve, send


def serve() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    try:
        name, context = receive(source)
    except EOFError:
        return
    transform = resolve(name) if name else None
    while True:
        try:
            chunk = receive(source)
        except EOFError:
            return
        results = [parse_records_file(Path(path), rel) for path, rel in chunk]
        send(sink, [transform(r, context) for r in results] if transform else results)


if __name__ == "__main__":
    serve()
