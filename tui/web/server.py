"""The web server behind `readingroom serve`: textual-serve, made offline and strict about app processes.

What this adds to textual-serve's stock `Server`:

- The page loads nothing from the internet: its own template (no font stylesheet from
  a font host) and a bundled Roboto Mono, the family textual.js asks for.
- Every URL in the page is relative, so it works behind a reverse proxy, under a prefix too.
- Each connection's app process is ended for sure when the connection closes: asked to
  quit, then SIGTERM, then SIGKILL, then reaped, and the log says which of these ended it.
  Stock textual-serve only asks it to quit and then waits for its output to end, for ever
  if the app is hung or deaf to the quit message.
- A WebSocket from another site's page is refused (its Origin differs from Host), and so is
  any request for a host name not known to be this server's (DNS rebinding: another site's
  name made to point at this machine, which makes its page "same-origin").
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.web.app_process import SERVER_PID

log = logging.getLogger("textual-serve")

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "static"

MAX_APPS = 50
"""App processes at once, by default: each is a Python process of about 50 MB."""

QUIT_GRACE = 2.0
"""Seconds an app gets to quit by itself when its connection closes."""
TERM_GRACE = 1.0
"""Seconds an app gets to end after SIGTERM before SIGKILL."""

# The page may use only what this server serves (the WebSocket included: CSP
# 'self' covers ws: and wss: on the same host); inline scripts and styles are
# the template's own, and xterm.js injects style elements.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def app_command(corpus: Path, index_dir: str | None = None) -> list[str]:
    """The command that runs one app process on CORPUS (this interpreter, this package)."""
    command = [sys.executable, "-m", "tui.web.app_process", str(corpus)]
    if index_dir:
        command += ["--index", index_dir]
    return command


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


class ReadingRoomServer(Server):
    """Serve Reading Room on CORPUS: one secure-mode app process per browser connection."""

    def __init__(self, corpus: Path, *, host: str = "127.0.0.1", port: int = 8000,
                 index_dir: str | None = None, allowed_hosts: Sequence[str] = (), max_apps: int = MAX_APPS,
                 quit_grace: float = QUIT_GRACE, term_grace: float = TERM_GRACE) -> None:
        self.argv = app_command(corpus, index_dir)
        super().__init__(shlex.join(self.argv), host=host, port=port, title="Reading Room",
                         templates_path=TEMPLATES)
        self.corpus = corpus
        self.allowed_hosts = {name.lower().rstrip(".") for name in (*allowed_hosts, host)}
        """Host names, besides localhost and addresses, that browsers may reach this server by."""
        self.max_apps = max_apps
        self.quit_grace = quit_grace
        self.term_grace = term_grace
        self.services: set[GuardedAppService] = set()
        """The app services of the open connections."""
        self._sockets: set[web.WebSocketResponse] = set()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.known_hosts_only])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
            web.static("/assets", ASSETS, name="assets"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        host = f"[{self.host}]" if ":" in self.host else self.host
        for line in (f"Reading Room: serving {self.corpus} on http://{host}:{self.port}/",
                     "No authentication: keep it on loopback, or behind a proxy that has it. Ctrl+C stops it."):
            self.console.print(line, highlight=False, soft_wrap=True)

    async def on_shutdown(self, app: web.Application) -> None:
        # Close every connection now rather than wait out aiohttp's shutdown
        # timeout, and end every app process before the server exits.
        await asyncio.gather(*(socket.close(code=1001, message=b"server shutdown") for socket in list(self._sockets)),
                             return_exceptions=True)
        await asyncio.gather(*(service.stop() for service in list(self.services)), return_exceptions=True)

    @web.middleware
    async def known_hosts_only(self, request: web.Request, handler: Any) -> web.StreamResponse:
        name = asked_host(request)
        if not host_allowed(name, self.allowed_hosts):
            log.warning("refused a request for host %r", name)
            raise web.HTTPMisdirectedRequest(
                text=f"Reading Room does not answer to the host name {name!r}. If that is this server's "
                     f"name, start it with: readingroom serve --allow-host {name}\n")
        return await handler(request)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page: textual-serve's client with local assets only."""
        context = {
            "title": self.title,
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
        }
        response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def same_origin(self, request: web.Request) -> bool:
        """False for a WebSocket opened by another site's page (cross-site WebSocket hijacking).

        The page's host (Origin) must be the host asked for: Host, or X-Forwarded-Host from a
        proxy that rewrites Host (a page cannot set that header on a WebSocket). A browser
        always sends Origin; a client with none (a script, a test) is no browser page.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        hosts = {request.host, _forwarded_host(request)}
        return urlsplit(origin).netloc.lower() in {host.lower() for host in hosts if host}

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One connection: start its app process, relay it, and end the process when the connection closes."""
        if not self.same_origin(request):
            log.warning("refused a WebSocket from origin %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="cross-origin WebSocket refused")
        if len(self.services) >= self.max_apps:
            log.warning("refused a connection: %d apps running, the most allowed", len(self.services))
            raise web.HTTPServiceUnavailable(
                text=f"Reading Room is serving as many readers as it may ({self.max_apps}); try again later")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service = GuardedAppService(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
            quit_grace=self.quit_grace,
            term_grace=self.term_grace,
        )
        # Counted from before the handshake's first await, so that connections opened at once
        # can't all pass the limit.
        self.services.add(service)
        try:
            await websocket.prepare(request)
        except BaseException:
            self.services.discard(service)
            raise
        self._sockets.add(websocket)
        try:
            await service.start(width, height)
            log.info("connection opened: app process %s", service.pid)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
            raise
        except Exception as error:
            log.exception(error)
        finally:
            await service.stop()
            log.info("connection closed: app process %s ended (%s, status %s)", service.pid, service.ended_by,
                     service.returncode)
            self.services.discard(service)
            self._sockets.discard(websocket)
        return websocket


def _forwarded_host(request: web.Request) -> str:
    """The host a proxy says the browser asked for (the first, where proxies are chained)."""
    return request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()


def asked_host(request: web.Request) -> str:
    """The host name (or address) the browser asked for, without its port."""
    netloc = _forwarded_host(request) or request.host or ""
    return (urlsplit(f"//{netloc}").hostname or "").rstrip(".")


def host_allowed(name: str, allowed: set[str]) -> bool:
    """True for an address, for localhost, and for the names the server was told are its own. A
    page can only drive this server by a name another site controls after rebinding that name to
    this machine's address; an address or localhost is nobody else's."""
    name = name.lower()
    if name == "localhost" or name.endswith(".localhost") or name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
