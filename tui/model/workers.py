"""Parsing records files in worker processes, in order.

Plain child processes (`python -m tui.model.parse_worker`) fed through pipes,
rather than multiprocessing: they work from any host (a threaded app, a
script without a main guard). A caller may name a transform
("module:function", called with each FileResult and a context object sent
once) so that work on the records is done in the workers too, and only its
result crosses the pipe.
"""

from __future__ import annotations

import importlib
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tui.model.discover import FoundFile
from tui.model.parse import FileResult

CHUNK = 64  # files per message: large enough to amortise pickling, small enough to keep order cheap
IN_FLIGHT = 4  # chunks queued per worker
_HEADER = struct.Struct("!Q")


def send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("worker ended")
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def resolve(transform: str) -> Callable[[FileResult, Any], Any]:
    """The function a "module:function" transform names."""
    module, _, name = transform.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def parse_in_workers(files: Sequence[FoundFile], workers: int, transform: str | None = None,
                     context: Any = None) -> Iterator[Any]:
    """Parse `files` in `workers` processes; results (transformed) come back in the order given."""
    chunks = [[(f.path, f.rel) for f in files[i:i + CHUNK]] for i in range(0, len(files), CHUNK)]
    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    processes = [
        subprocess.Popen([sys.executable, "-m", "tui.model.parse_worker"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env)
        for _ in range(min(workers, max(len(chunks), 1)))
    ]
    try:
        for process in processes:
            send(process.stdin, (transform, context))  # type: ignore[arg-type]
        sent = 0
        for _ in range(IN_FLIGHT):
            for process in processes:
                if sent < len(chunks):
                    send(process.stdin, chunks[sent])  # type: ignore[arg-type]
                    sent += 1
        for number in range(len(chunks)):
            process = processes[number % len(processes)]
            yield from receive(process.stdout)  # type: ignore[arg-type]
            if sent < len(chunks):
                # Chunk `sent` belongs to the same worker: sent % n == number % n.
                send(processes[sent % len(processes)].stdin, chunks[sent])  # type: ignore[arg-type]
                sent += 1
    finally:
        for process in processes:
            if process.stdin:
                process.stdin.close()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
