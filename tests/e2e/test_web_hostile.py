"""`readingroom serve` against hostile clients and a starved machine: each connection's trouble
stays that connection's, and the server keeps serving the others."""

from __future__ import annotations

import asyncio
import json
import resource
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psutil
import pytest

from tests.e2e.test_web import (
    CLOSED,
    WAIT,
    Served,
    ended,
    running,
    serve_command,
    wait_until,
)
from tui.locations import bundled_corpus
from tui.web.app_service import QUIT_GRACE, TERM_GRACE
from tui.web.limits import MAX_COLUMNS, MAX_ROWS

pytestmark = pytest.mark.e2e

# An app process that starts at once and notes what the server tells it: its terminal size at
# start (COLUMNS, ROWS) and every meta message after; it quits when asked.
RECORDING_APP = """
import json, os, sys

record = open(sys.argv[1], "a", buffering=1)
record.write(json.dumps({"type": "start", "width": os.environ["COLUMNS"], "height": os.environ["ROWS"]}) + "\\n")
sys.stdout.buffer.write(b"__GANGLION__\\nD" + (5).to_bytes(4, "big") + b"ready")
sys.stdout.buffer.flush()
while kind := sys.stdin.buffer.read(1):
    payload = sys.stdin.buffer.read(int.from_bytes(sys.stdin.buffer.read(4), "big"))
    if kind == b"M":
        meta = json.loads(payload)
        record.write(json.dumps(meta) + "\\n")
        if meta["type"] == "quit":
            break
"""


@dataclass
class Recorder:
    """The recording app's script and the file where it notes what it was told."""

    script: Path
    record: Path

    @property
    def argv(self) -> list[str]:
        return [sys.executable, str(self.script), str(self.record)]

    def heard(self) -> list[dict[str, object]]:
        text = self.record.read_text() if self.record.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    def server_command(self) -> Callable[[int], list[str]]:
        """`readingroom serve`'s server with this app in place of Reading Room."""
        script = ("import sys; from pathlib import Path; from tui.web.server import ReadingRoomServer; "
                  "server = ReadingRoomServer(Path(sys.argv[1]), port=int(sys.argv[2])); "
                  "server.argv = sys.argv[3:]; server.serve()")
        return lambda port: [sys.executable, "-c", script, str(bundled_corpus()), str(port), *self.argv]


@pytest.fixture
def recorder(tmp_path: Path) -> Recorder:
    app = Recorder(tmp_path / "recording_app.py", tmp_path / "heard")
    app.script.write_text(RECORDING_APP)
    return app


def clean(log: str) -> None:
    """Fail if the server's log holds anything but information: no traceback, warning or error."""
    for word in ("Traceback", "NoMatches", "WARNING", "ERROR", "Error"):
        assert word not in log, log


async def answers(url: str) -> None:
    """The server still serves: its page, and a new connection whose app draws."""
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as response:
            assert response.status == 200
        async with http.ws_connect(f"{url}ws") as socket_:
            assert (await asyncio.wait_for(socket_.receive_bytes(), WAIT))


# Connections closed at any moment of their app's start-up

CLOSE_AFTER = (0.0, 0.05, 0.1, 0.3, 1.0)
"""Seconds from the handshake to the close: before the app process runs Python, while it imports,
while it mounts its first screen."""


def impatient_serve_command(port: int) -> list[str]:
    """`readingroom serve`'s server giving an app only 0.2 s to quit: SIGTERM reaches it while it starts."""
    script = ("import sys; from pathlib import Path; from tui.web.server import ReadingRoomServer; "
              "ReadingRoomServer(Path(sys.argv[1]), port=int(sys.argv[2]), quit_grace=0.2).serve()")
    return [sys.executable, "-c", script, str(bundled_corpus()), str(port)]


@pytest.mark.parametrize("command", [serve_command, impatient_serve_command], ids=["serve", "impatient"])
def test_connections_closed_during_start_up_end_cleanly(command: Callable[[int], list[str]], tmp_path: Path) -> None:
    """Closed at any moment of its app's start-up (and once the app has drawn), a connection leaves one
    line in the log, no traceback, no app process; the server serves on. So too when the server, out
    of patience, signals an app that is still starting."""

    async def open_and_close(url: str, delay: float | None) -> None:
        async with aiohttp.ClientSession() as http:
            socket_ = await http.ws_connect(f"{url}ws?width=80&height=24")
            if delay is None:  # once the app's first output has arrived
                await asyncio.wait_for(socket_.receive_bytes(), WAIT)
            else:
                await asyncio.sleep(delay)
            await socket_.close()

    with running(command, tmp_path) as served:
        cases: list[float | None] = [*CLOSE_AFTER, None]
        for delay in cases:
            asyncio.run(open_and_close(served.url, delay))
        wait_until(lambda: served.log_text().count(CLOSED) == len(cases), "every connection's app ended",
                   timeout=len(cases) * (QUIT_GRACE + TERM_GRACE) + WAIT)
        log = served.log_text()
        clean(log)
        assert "(SIGKILL" not in log, log
        lines = [line for line in log.splitlines() if line.startswith("INFO")]
        assert len(lines) == len(cases) and all(CLOSED in line for line in lines), log
        wait_until(lambda: not served.apps(), "no app process left")
        assert all(ended(process) for process in served.seen.values())
        asyncio.run(answers(served.url))


# File descriptors run out

FD_LIMIT = 48
"""The server's RLIMIT_NOFILE: about 9 at rest, 4 more for each connection (its socket and its app's
three pipes), and FD_RESERVE kept free: room for a few connections, then refusals."""


def few_file_descriptors() -> None:
    """Run in the server's process before it starts: lower its limit of open files."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))


def test_out_of_file_descriptors_refuses_connections_and_keeps_serving(recorder: Recorder, tmp_path: Path) -> None:
    """With its file descriptors running out, the server refuses a new connection with 503 (its app
    could not start) and, past that, leaves connections waiting at accept; it neither exits nor logs a
    traceback, and serves again once they close."""

    async def starve(served: Served) -> tuple[int, int, int]:
        taken: list[aiohttp.ClientWebSocketResponse] = []
        refused = 0
        async with aiohttp.ClientSession() as http:
            for _ in range(FD_LIMIT):
                try:
                    socket_ = await http.ws_connect(f"{served.url}ws")
                except aiohttp.WSServerHandshakeError as error:
                    assert error.status == 503, error
                    refused += 1
                    break
                await asyncio.wait_for(socket_.receive_bytes(), WAIT)  # its app runs
                taken.append(socket_)
            # Then plain connections until the server cannot accept any more: they wait in the backlog.
            loop = asyncio.get_running_loop()
            raw = []
            for _ in range(2 * FD_LIMIT):
                connection = socket.socket()
                connection.setblocking(False)
                await loop.sock_connect(connection, ("127.0.0.1", served.port))
                raw.append(connection)
            await asyncio.to_thread(wait_until, lambda: "out of system resource" in served.log_text(),
                                    "the server out of descriptors at accept")
            assert served.process.poll() is None, served.log_text()
            for connection in raw:
                connection.close()
            for socket_ in taken:
                await socket_.close()
        return len(taken), refused, len(raw)

    with running(recorder.server_command(), tmp_path, preexec=few_file_descriptors) as served:
        taken, refused, _raw = asyncio.run(asyncio.wait_for(starve(served), 4 * WAIT))
        assert taken >= 1 and refused == 1, (taken, refused)
        wait_until(lambda: served.log_text().count(CLOSED) == taken, "the connections' apps ended")
        asyncio.run(asyncio.wait_for(answers(served.url), WAIT))
        assert served.process.poll() is None
        log = served.log_text()
        assert "Traceback" not in log and "ERROR" not in log, log
        assert "kept in reserve" in log and "refused a connection: cannot start an app process" in log, log
        assert "socket.accept() out of system resource (Too many open files)" in log, log
        wait_until(lambda: not served.apps(), "no app process left")


# Terminal sizes

def test_a_huge_terminal_size_is_capped(recorder: Recorder, tmp_path: Path) -> None:
    """The size a connection asks for, in its URL or in a resize later, is capped at MAX_COLUMNS × MAX_ROWS;
    sizes that are no numbers, and messages that are no messages, are ignored, and a request for the
    WebSocket that is none starts no app."""

    async def ask(url: str) -> object:
        async with aiohttp.ClientSession() as http, http.get(f"{url}ws") as plain:
            assert plain.status == 400  # no handshake, and no app started for it
        assert not recorder.heard()
        async with (aiohttp.ClientSession() as http,
                    http.ws_connect(f"{url}ws?width=20000&height=10000") as socket_):
            await asyncio.wait_for(socket_.receive_bytes(), WAIT)
            for hostile in ("not json", "[]", "[7]", '{"width": 1}', '["resize"]', '["resize", [1, 2]]',
                            '["resize", {"width": 1e9, "height": true}]', '["resize", {"width": "9"}]',
                            '["stdin", 5]', '["nonsense", 1]', "[" * 100_000):
                await socket_.send_str(hostile)
            await socket_.send_json(["resize", {"width": 30000, "height": 30000}])
            await socket_.send_json(["resize", {"width": -5, "height": 0}])
            await socket_.send_json(["ping", "still there?"])
            return await asyncio.wait_for(socket_.receive_json(), WAIT)  # the connection lives on

    with running(recorder.server_command(), tmp_path) as served:
        assert asyncio.run(ask(served.url)) == ["pong", "still there?"]
        wait_until(lambda: served.log_text().count(CLOSED) == 1, "the connection closed")
        clean(served.log_text())
    sizes = [(meta["width"], meta["height"]) for meta in recorder.heard() if meta["type"] in ("start", "resize")]
    assert sizes == [(str(MAX_COLUMNS), str(MAX_ROWS)), (MAX_COLUMNS, MAX_ROWS), (1, 1)], recorder.heard()


def test_the_app_gets_the_capped_size(tmp_path: Path) -> None:
    """The real app, asked for 20,000 × 10,000, starts at MAX_COLUMNS × MAX_ROWS and draws."""

    async def connect(url: str, found: list[psutil.Process], served: Served) -> None:
        async with (aiohttp.ClientSession() as http,
                    http.ws_connect(f"{url}ws?width=20000&height=10000") as socket_):
            await asyncio.wait_for(socket_.receive_bytes(), WAIT)
            found.extend(served.apps())
            environment = found[0].environ()
            assert (environment["COLUMNS"], environment["ROWS"]) == (str(MAX_COLUMNS), str(MAX_ROWS))

    with running(serve_command, tmp_path) as served:
        apps: list[psutil.Process] = []
        asyncio.run(connect(served.url, apps, served))
        assert len(apps) == 1
        wait_until(lambda: served.log_text().count(CLOSED) == 1, "the connection closed",
                   timeout=QUIT_GRACE + TERM_GRACE + WAIT)
        clean(served.log_text())


def test_an_error_in_one_connection_closes_it_alone(recorder: Recorder, tmp_path: Path) -> None:
    """An OSError while a connection runs (here: relaying a blur, made to fail) closes that connection
    with 1011 and a reason; its app ends, and the next connection is served."""
    script = ("import errno, sys; from pathlib import Path; from tui.web.server import ReadingRoomServer; "
              "from tui.web.app_service import GuardedAppService\n"
              "async def fail(self): raise OSError(errno.EMFILE, 'Too many open files')\n"
              "GuardedAppService.blur = fail\n"
              "server = ReadingRoomServer(Path(sys.argv[1]), port=int(sys.argv[2])); "
              "server.argv = sys.argv[3:]; server.serve()")

    def command(port: int) -> list[str]:
        return [sys.executable, "-c", script, str(bundled_corpus()), str(port), *recorder.argv]

    async def fail_one(url: str) -> tuple[int | None, str]:
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}ws") as socket_:
            await asyncio.wait_for(socket_.receive_bytes(), WAIT)
            await socket_.send_json(["blur"])
            message = await asyncio.wait_for(socket_.receive(), WAIT)
            assert message.type == aiohttp.WSMsgType.CLOSE, message
            return socket_.close_code, message.extra

    with running(command, tmp_path) as served:
        code, reason = asyncio.run(fail_one(served.url))
        assert code == 1011 and "server error" in reason, (code, reason)
        wait_until(lambda: served.log_text().count(CLOSED) == 1, "the failed connection's app ended")
        asyncio.run(answers(served.url))
        wait_until(lambda: served.log_text().count(CLOSED) == 2, "the next connection's app ended")
        log = served.log_text()
        assert "failed: Too many open files" in log and "Traceback" not in log, log
    assert sum(meta["type"] == "quit" for meta in recorder.heard()) == 2, recorder.heard()
