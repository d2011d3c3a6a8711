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
- One connection's trouble is that connection's alone: an app process that cannot start (no
  file descriptors left, say) refuses the connection with 503 before the handshake, a client's
  malformed message is ignored, the terminal size it asks for is capped, and running out of
  descriptors at accept is one line in the log, not a server that exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import io
import ipaddress
import logging
import shlex
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.web_log import AccessLogger
from rich.console import Console
from rich.logging import RichHandler
from textual_serve.app_service import AppService
from textual_serve.server import LogHighlighter, Server, to_int

from tui.web.app_service import QUIT_GRACE, TERM_GRACE, GuardedAppService
from tui.web.limits import FD_RESERVE, client_message, descriptors_free, size_from_query

log = logging.getLogger("textual-serve")

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "static"

MAX_APPS = 50
"""App processes at once, by default: each is a Python process of about 50 MB."""

ACCEPT_WARNING_EVERY = 10.0
"""Seconds between two warnings that connections cannot be accepted for want of file descriptors."""

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
        self._said_out_of_descriptors = -ACCEPT_WARNING_EVERY

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
            "font_size": max(6, min(to_int(request.query.get("fontsize", "16"), 16), 72)),
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
        if not websocket.can_prepare(request).ok:  # before an app is started for nothing
            raise web.HTTPBadRequest(text="a WebSocket handshake was expected")
        width, height = size_from_query(request.query)
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
        # Counted from before the first await, so that connections opened at once can't all pass the limit.
        self.services.add(service)
        opened = time.monotonic()
        try:
            # The app starts before the handshake, so that one that cannot is still an HTTP answer.
            await self._spawn(service, width, height)
            await websocket.prepare(request)
            self._sockets.add(websocket)
            service.relay()
            log.debug("connection opened: app process %s", service.pid)
            await self._process_messages(websocket, service)
        except (asyncio.CancelledError, web.HTTPException):
            if websocket.prepared:
                await websocket.close()
            raise
        except OSError as error:  # this connection's, not the server's
            log.warning("connection to app process %s failed: %s", service.pid, error.strerror or error)
            await close_for_error(websocket)
        except Exception:
            log.exception("connection to app process %s failed", service.pid)
            await close_for_error(websocket)
        finally:
            lasted = time.monotonic() - opened
            await service.stop()
            self.services.discard(service)
            self._sockets.discard(websocket)
            if service.pid is not None:
                log.info("connection from %s closed after %.1f s: app process %s ended (%s, status %s)",
                         request.remote, lasted, service.pid, service.ended_by, service.returncode)
        return websocket

    async def _spawn(self, service: GuardedAppService, width: int, height: int) -> None:
        """Start a connection's app process, or refuse the connection with 503 if it cannot be started."""
        free = descriptors_free()
        try:
            if free is not None and free < FD_RESERVE:
                raise OSError(errno.EMFILE, f"{free} file descriptors left, {FD_RESERVE} kept in reserve")
            await service.spawn(width, height)
        except OSError as error:
            log.warning("refused a connection: cannot start an app process (%s)", error.strerror or error)
            raise web.HTTPServiceUnavailable(
                text="Reading Room cannot start another reader's app just now; try again later") from None

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Pass the browser's messages to the app: keys, focus and a resize (its size capped); ignore anything else."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT or (parsed := client_message(message.data)) is None:
                continue
            kind, data = parsed
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM (textual-serve's `serve`, with this server's log and loop guards)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(self.on_loop_error)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=lambda *args: None, access_log_class=AccessLog)

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.INFO, format="%(message)s",
                            handlers=[LogHandler(console=self.console)])
        # Rich imports what it needs to show a line and a traceback the first time it shows one: show
        # one to nowhere now, not when no file descriptor is left to import with.
        try:
            raise OSError("warm-up")
        except OSError:
            record = logging.LogRecord(log.name, logging.ERROR, __file__, 0, "warm-up", None, sys.exc_info())
        LogHandler(console=Console(file=io.StringIO())).handle(record)

    def on_loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """The event loop's errors; running out of file descriptors at accept is one line, not a traceback."""
        error = context.get("exception")
        if isinstance(error, OSError) and error.errno in (errno.EMFILE, errno.ENFILE):
            # asyncio retries each second, up to its backlog times: say so once in a while.
            if time.monotonic() - self._said_out_of_descriptors > ACCEPT_WARNING_EVERY:
                self._said_out_of_descriptors = time.monotonic()
                log.warning("%s (%s): new connections wait until some close", context.get("message"), error.strerror)
            return
        loop.default_exception_handler(context)


class LogHandler(RichHandler):
    """textual-serve's log handler, which cannot end the server: a record Rich fails to show (with no
    file descriptor left, say) is written plain, rather than raised into the event loop."""

    def __init__(self, console: Console) -> None:
        super().__init__(show_path=False, show_time=False, rich_tracebacks=True, tracebacks_show_locals=True,
                         highlighter=LogHighlighter(), console=console)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except Exception:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"{record.levelname} {record.getMessage()}\n")


class AccessLog(AccessLogger):
    """aiohttp's access log, less each WebSocket that opened: its own line at its close says more."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if response.status != 101:
            super().log(request, response, time)


async def close_for_error(websocket: web.WebSocketResponse) -> None:
    """Close a connection the server failed, saying so to the browser (1011: an error on the server's side)."""
    if websocket.prepared:
        with contextlib.suppress(ConnectionError):
            await websocket.close(code=1011, message=b"server error: please reload")


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
