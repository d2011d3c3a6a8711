"""Parsing records files in worker processes, in order.

Plain child processes (`python -m tui.model.parse_worker`) fed through pipes,
rather than multiprocessing: they work from any host (a threaded app, a
script without a main guard). A caller may name a transform
("module:function", called with each FileResult and a context object sent
once) so that work on the records is done in the workers too, and only its
result crosses the pipe.

Each worker is fed by a thread of its own while the caller reads the results:
a pipe holds 64 KB, and a caller that wrote the file names and read the
results by turns would wait on a worker that waits on it, once long paths or
long records fill both pipes.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tui.model.discover import FoundFile
from tui.model.parse import FileResult

CHUNK = 64  # files per message: large enough to amortise pickling, small enough to keep order cheap
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
    # Chunk i goes to worker i % n, so its results are read from there, in turn.
    feeders = [threading.Thread(target=_feed, args=(process, (transform, context), chunks[k::len(processes)]),
                                name="parse-feeder", daemon=True)
               for k, process in enumerate(processes)]
    for feeder in feeders:
        feeder.start()
    finished = False
    try:
        for number in range(len(chunks)):
            yield from receive(processes[number % len(processes)].stdout)  # type: ignore[arg-type]
        finished = True
    finally:
        for process in processes:
            if not finished:
                process.kill()  # the caller stopped early, or a worker failed: nothing more is wanted
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()
        for feeder in feeders:
            feeder.join()


def _feed(process: subprocess.Popen[bytes], header: Any, chunks: list[list[tuple[str, str]]]) -> None:
    """Send a worker its transform and its chunks, then end its input."""
    assert process.stdin is not None
    try:
        send(process.stdin, header)
        for chunk in chunks:
            send(process.stdin, chunk)
    except (BrokenPipeError, ValueError, OSError):
        return  # the worker was ended before it took everything
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()
