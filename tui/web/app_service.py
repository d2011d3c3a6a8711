"""One connection's app process for `readingroom serve`: textual-serve's app service, ended for sure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
from collections.abc import Sequence
from typing import Any

from textual_serve.app_service import AppService

from tui.web.app_process import SERVER_PID

log = logging.getLogger("textual-serve")

QUIT_GRACE = 2.0
"""Seconds an app gets to quit by itself when its connection closes."""
TERM_GRACE = 1.0
"""Seconds an app gets to end after SIGTERM before SIGKILL."""
STDERR_KEPT = 16_384
"""Bytes of an app's stderr kept, the last ones, for the log."""


class GuardedAppService(AppService):
    """textual-serve's per-connection app service, with an app process that always ends.

    The process is started directly (no shell between), in a session of its own so a
    Ctrl+C meant for the server does not reach it, and `stop` ends it whatever state
    it is in.
    """

    def __init__(self, argv: Sequence[str], *, quit_grace: float = QUIT_GRACE,
                 term_grace: float = TERM_GRACE, **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.quit_grace = quit_grace
        self.term_grace = term_grace
        self.ended_by: str | None = None
        """What ended the app process, once `stop` has: "itself", "quit", "SIGTERM" or "SIGKILL"."""
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        """The app process's id, once started."""
        return None if self._process is None else self._process.pid

    @property
    def returncode(self) -> int | None:
        """The app process's exit status once reaped (-N if signal N ended it), else None."""
        return None if self._process is None else self._process.returncode

    async def spawn(self, width: int, height: int) -> None:
        """Start the app process (OSError if it cannot be); `relay` then connects it to the browser."""
        await self._open_app_process(width, height)

    def relay(self) -> None:
        """Relay the app's output to the browser, once the WebSocket is open."""
        self._task = asyncio.create_task(self.run())

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[SERVER_PID] = str(os.getpid())  # the app ends itself if this process dies
        return environment

    async def run(self) -> None:
        """Relay the app's output to the browser until it ends: textual-serve's `run`, except that an app
        stopped before it could start is no failure, and what the app wrote to stderr goes to the log
        (its last line, escapes shown) rather than raw to the server's terminal."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stderr = bytearray()

        async def keep_stderr(reader: asyncio.StreamReader) -> None:
            while chunk := await reader.read(4096):
                stderr.extend(chunk)
                del stderr[:-STDERR_KEPT]

        keeping = asyncio.create_task(keep_stderr(process.stderr))
        task = asyncio.current_task()
        started = False
        try:
            for _ in range(10):  # the prelude by which a Textual app says it runs
                line = await process.stdout.readline()
                if not line or (started := line == b"__GANGLION__\n"):
                    break
            if started:
                await self._relay_packets(process.stdout)
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass
        finally:
            if not keeping.done() and not (task is not None and task.cancelling()):
                await asyncio.wait({keeping}, timeout=self.term_grace)  # the rest of stderr, at its end
            keeping.cancel()
        last = next((line for line in reversed(stderr.decode("utf-8", "replace").splitlines()) if line.strip()), "")
        if not started and self._stopping is None:
            log.error("app process %s failed to start: %s", process.pid, repr(last)[1:-1] or "it said nothing")
        elif last:
            log.warning("app process %s wrote to stderr: %s", process.pid, repr(last)[1:-1])

    async def _relay_packets(self, stdout: asyncio.StreamReader) -> None:
        while True:
            kind = await stdout.readexactly(1)
            payload = await stdout.readexactly(int.from_bytes(await stdout.readexactly(4), "big"))
            if kind == b"D":
                await self.on_data(payload)
            elif kind == b"M":
                await self.on_meta(payload)
            elif kind == b"P":
                await self.on_packed(payload)

    async def on_data(self, payload: bytes) -> None:
        # Once the browser has gone, keep reading and drop the output: an app
        # whose stdout pipe fills up blocks in write and can neither quit nor
        # handle SIGTERM.
        with contextlib.suppress(ConnectionError):
            await super().on_data(payload)

    async def on_meta(self, data: bytes) -> None:
        with contextlib.suppress(ConnectionError):  # as in on_data
            await super().on_meta(data)

    async def stop(self) -> None:
        """End the app process and reap it; safe to call more than once, and from several tasks."""
        if self._stopping is None:
            self._stopping = asyncio.create_task(self._stop())
        # Shielded: a cancelled caller (a server shutting down) must not leave the
        # process half stopped.
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        self.ended_by = "itself"
        if process.returncode is None:
            self.ended_by = "quit"
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quit(process), self.quit_grace)
        if process.returncode is None:
            self.ended_by = "SIGTERM"
            self._signal(signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), self.term_grace)
        if process.returncode is None:
            log.warning("app process %d ignored quit and SIGTERM: killing it", process.pid)
            self.ended_by = "SIGKILL"
            self._signal(signal.SIGKILL)
            await process.wait()
        # The process is reaped; its stdout is at EOF unless something it started
        # still holds the pipe, and the whole session was signalled.
        if self._task is not None:
            task, self._task = self._task, None
            done, _ = await asyncio.wait({task}, timeout=self.term_grace)
            if not done:
                task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("relaying app process %d", process.pid)

    async def _quit(self, process: asyncio.subprocess.Process) -> None:
        await self.send_meta({"type": "quit"})
        await process.wait()

    def _signal(self, signum: int) -> None:
        """Signal the app's session (the app and anything it started), unless it is already reaped."""
        process = self._process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signum)
