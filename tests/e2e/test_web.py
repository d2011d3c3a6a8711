"""`readingroom serve` end to end: the app in headless Chromium over the DevTools protocol,
offline, taking keys, and one app process per connection that always ends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import psutil
import pytest
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tests.e2e.cdp import Browser, CDPError, Chromium, Page
from tests.tools import require
from tui.locations import bundled_corpus
from tui.web.server import QUIT_GRACE, TERM_GRACE, GuardedAppService, app_command

pytestmark = pytest.mark.e2e

# What the app shows. These are all this file knows of the browser (tui/app.py, tui/screens/main.py).
APP_MARKER = "records in"
"""Text on the app's first screen once it drew: the status line under the search bar
("990 records in <corpus title>"), there once the index is ready."""

SEARCH_QUERY = "Shtykov"
"""A name that only one record of the bundled corpus has: the letter from Stalin to Kim Il Sung."""

SEARCH_RESULT = "1950-10-08-stalin-kim"
"""In the results once SEARCH_QUERY is typed: the id of the record it finds (one word the list never breaks)."""

SEARCHING_MARKER = "f1 Help"
"""In the footer once the search bar has the cursor (while letters are commands it shows "? Help")."""


async def search_for(page: Page, client: str, text: str) -> str:
    """Press "/", wait until the search bar has the cursor, and type TEXT; returns what the
    screen must then show: TEXT, in the search bar.

    The wait is needed: keys that reach the app before it has handled "/" go to the tree
    (see tests/e2e/test_terminals.py, test_keys_typed_right_after_slash_land_in_the_search_bar).
    """
    await page.type_text("/")
    await wait_for_screen(page, client, SEARCHING_MARKER)
    await page.type_text(text)
    return text


CLOSED = "closed after"
"""In the server's one log line for each connection, written once it has closed and its app has ended."""

REPO = Path(__file__).resolve().parents[2]
APP_MODULE = "tui.web.app_process"
WAIT = 20.0
"""Seconds any one thing may take before the test fails (app start-up on a busy machine included)."""


def wait_until(condition: Callable[[], object], what: str, timeout: float = WAIT, interval: float = 0.05) -> None:
    """Poll CONDITION until it is true; fail saying WHAT did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(interval)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def alive(process: psutil.Process) -> bool:
    """Running and not yet reaped (a zombie still counts: it has not been waited for)."""
    return process.is_running()


@dataclass
class Served:
    """A server process on a port, with every process it started remembered for the kill at the end."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    seen: dict[int, psutil.Process] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def descendants(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            found = psutil.Process(self.process.pid).children(recursive=True)
            self.seen.update((child.pid, child) for child in found)
            return found
        return []

    def apps(self) -> list[psutil.Process]:
        """The app processes running now: Python running the app module (not a shell in between)."""
        found = []
        for child in self.descendants():
            with contextlib.suppress(psutil.Error):
                if APP_MODULE in child.cmdline():
                    found.append(child)
        return found

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the server and everything it started, by pid; reap the server."""
        self.descendants()
        for child in self.seen.values():
            with contextlib.suppress(psutil.Error):
                child.kill()  # psutil checks the pid still names the same process
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def start_server(argv: list[str], port: int, log: Path, home: Path,
                 preexec: Callable[[], None] | None = None) -> Served:
    """Start a server (running PREEXEC in it first, if given) and wait until it answers on PORT."""
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="200",
               READINGROOM_CACHE=str(home / "cache"), READINGROOM_CONFIG=str(home / "config"))
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                   preexec_fn=preexec)
    served = Served(process, port, log)

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"server exited with status {process.returncode}:\n{served.log_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
        return False

    try:
        wait_until(answers, f"server on port {port}")
    except BaseException:
        served.kill()
        raise
    return served


PROXIED_NAME = "reading.example.org"  # the name a proxy in front of the server is reached by


def serve_command(port: int) -> list[str]:
    """`readingroom serve` on the bundled corpus, told the name its proxy is reached by."""
    return [sys.executable, "-m", "tui", "serve", str(bundled_corpus()), "--port", str(port),
            "--allow-host", PROXIED_NAME]


def stock_serve_command(port: int) -> list[str]:
    """textual-serve's own Server, unguarded, running the same app processes."""
    script = ("import sys; from textual_serve.server import Server; "
              "Server(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2])).serve()")
    return [sys.executable, "-c", script, shlex.join(app_command(bundled_corpus().resolve())), str(port)]


@contextlib.contextmanager
def running(argv_for: Callable[[int], list[str]], where: Path,
            preexec: Callable[[], None] | None = None) -> Iterator[Served]:
    """A server from argv_for(free port), its log and home in WHERE; killed with all it started at the end."""
    where.mkdir(parents=True, exist_ok=True)
    port = free_port()
    served = start_server(argv_for(port), port, where / "server.log", where, preexec)
    try:
        yield served
    finally:
        served.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`readingroom serve`, shared by the tests that only open and close pages."""
    with running(serve_command, tmp_path_factory.mktemp("serve")) as served:
        yield served


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Headless Chromium with a fresh profile; yields its DevTools URL."""
    require("chromium")
    browser = Chromium("chromium", tmp_path_factory.mktemp("chromium") / "profile")
    try:
        yield browser.start()
    finally:
        browser.kill()


@contextlib.asynccontextmanager
async def new_page(devtools: str) -> AsyncIterator[Page]:
    """A new tab recording its requests, closed at the end (which ends its connection to the server)."""
    browser = await Browser.connect(devtools)
    try:
        page = await browser.new_page()
        try:
            await page.record_requests()
            yield page
        finally:
            with contextlib.suppress(CDPError):
                await page.close()
    finally:
        await browser.close()


async def client_of(page: Page) -> str:
    """The remote object id of an array holding the page's textual.js client (its `.terminal` is xterm.js's).

    textual.js keeps its client out of the page's globals: find the client's class in the
    closures reachable from window.onload (the page's wrapper, then textual.js's start
    function), and ask V8 for its instances.
    """
    is_client_class = "function() { return !!this.prototype && typeof this.prototype.sendSize === 'function'; }"
    functions = [await page.handle("window.onload")]
    for _depth in range(3):
        inner = []
        for function in functions:
            for candidate in await page.closure_functions(function):
                if await page.call_on(candidate, is_client_class):
                    prototype = await page.call_on(candidate, "function() { return this.prototype; }", by_value=False)
                    return await first_instance(page, prototype)
                inner.append(candidate)
        functions = inner
    pytest.fail("no textual.js client in the page")


async def first_instance(page: Page, prototype: str, timeout: float = WAIT) -> str:
    """The object id of an array of the live objects of a prototype, once there is one.

    The page starts textual.js only once its font has loaded, after the load event:
    until then the client class exists and has no instance.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = await page.instances(prototype)
        if await page.call_on(found, "function() { return this.length; }"):
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"textual.js made no client within {timeout} s")
        await asyncio.sleep(0.05)


SCREEN_TEXT = """function() {
    const terminal = this[0].terminal, buffer = terminal.buffer.active, rows = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
}"""


async def wait_for_screen(page: Page, client: str, text: str, timeout: float = WAIT) -> str:
    """Poll the terminal's text (xterm.js's buffer) until it contains TEXT; returns the screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = await page.call_on(client, SCREEN_TEXT)
        if text in screen:
            return screen
        await asyncio.sleep(0.1)
    pytest.fail(f"{text!r} not on the page's terminal within {timeout} s; it shows:\n{screen}")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    return struct.unpack(">II", data[16:24])


def one_app(served: Served) -> psutil.Process:
    """Wait for the server's single app process and return it."""
    apps: list[psutil.Process] = []

    def started() -> bool:
        apps[:] = served.apps()
        return len(apps) == 1

    wait_until(started, "one app process for the page")
    return apps[0]


def test_page_shows_the_app_offline(server: Served, chromium: str, tmp_path: Path) -> None:
    """The app draws in the page, in the bundled font, and the page asks nothing of any host but the server."""

    async def scenario() -> None:
        async with new_page(chromium) as page:
            await page.goto(server.url)
            client = await client_of(page)
            await wait_for_screen(page, client, APP_MARKER)
            shot = await page.screenshot(tmp_path / "app.png")
            viewport = await page.evaluate("[innerWidth, innerHeight].map(n => Math.round(n * devicePixelRatio))")
            assert png_size(shot) == tuple(viewport), f"{shot}: {png_size(shot)}, not the page's {viewport}"
            assert viewport[0] >= 800 and viewport[1] >= 500, viewport
            # What the screenshot shows is the terminal: textual.js hides the splash once the app has drawn.
            assert await page.evaluate("getComputedStyle(document.querySelector('.intro-dialog')).display") == "none"
            assert await page.evaluate("[...document.fonts].some(f => f.family.replace(/[\"']/g, '') === "
                                       "'Roboto Mono' && f.status === 'loaded')"), "bundled font not loaded"
            requests = list(page.requests)
        offsite = [url for url in requests if urlsplit(url).scheme != "data"
                   and urlsplit(url).hostname != "127.0.0.1"]
        assert not offsite, f"the page asked other hosts: {offsite}"
        paths = {urlsplit(url).path for url in requests}
        assert {"/", "/static/js/textual.js", "/assets/fonts.css", "/assets/fonts/roboto-mono-latin-400-normal.woff2",
                "/ws"} <= paths, f"requests not recorded as expected: {requests}"

    asyncio.run(scenario())


def test_keys_reach_the_app(server: Served, chromium: str) -> None:
    """Key presses in the page reach the app process, and what the app draws comes back."""

    async def scenario() -> None:
        async with new_page(chromium) as page:
            await page.goto(server.url)
            client = await client_of(page)
            await wait_for_screen(page, client, APP_MARKER)
            # Where a click on the terminal would put the focus: xterm.js's input element.
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            expected = await search_for(page, client, SEARCH_QUERY)
            screen = await wait_for_screen(page, client, SEARCH_RESULT)  # the search ran: its result is listed
            assert screen.split("\n")[0].strip() == expected, screen  # in the search bar, on the first row

    asyncio.run(scenario())


def test_closing_the_page_ends_its_app(server: Served, chromium: str) -> None:
    """Each page has its own app process, which ends (and is reaped) when the page closes."""
    wait_until(lambda: not server.apps(), "app processes of earlier pages gone")

    async def scenario() -> psutil.Process:
        async with new_page(chromium) as page:
            await page.goto(server.url)
            await wait_for_screen(page, await client_of(page), APP_MARKER)
            app = one_app(server)
            assert app.ppid() == server.process.pid
            await page.close()
        return app

    app = asyncio.run(scenario())
    wait_until(lambda: not alive(app), f"app process {app.pid} ended after its page closed",
               timeout=QUIT_GRACE + TERM_GRACE + 5)
    # It ended on the quit message, by itself: no signal was needed.
    wait_until(lambda: f"app process {app.pid} ended" in server.log_text(), "the server's word on the app")
    assert f"app process {app.pid} ended (quit, status 0)" in server.log_text(), server.log_text()


def test_stock_page_would_go_online(chromium: str, tmp_path: Path) -> None:
    """Control for the offline test: the request log does catch textual-serve's stock page asking a font host."""

    async def scenario(url: str) -> list[str]:
        async with new_page(chromium) as page:
            await page.goto(url)
            await page.wait_for("document.body.classList.contains('-first-byte')")
            return list(page.requests)

    with running(stock_serve_command, tmp_path) as stock:
        requests = asyncio.run(scenario(stock.url))
    assert any(urlsplit(url).hostname not in ("127.0.0.1", None) for url in requests), requests


async def open_and_close_at_once(port: int, connections: int) -> None:
    """Connections like tabs closed as soon as they opened: textual.js sends a resize on
    opening, so each closes within milliseconds of a resize."""
    async with aiohttp.ClientSession() as http:
        for _ in range(connections):
            socket_ = await http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
            await socket_.send_json(["resize", {"width": 100, "height": 30}])
            await socket_.close()


def test_tabs_closed_during_a_resize_end_their_apps(server: Served) -> None:
    """Tabs closed right after a resize: every app process ends, none needing SIGKILL, and all are reaped."""
    wait_until(lambda: not server.apps(), "app processes of earlier pages gone")
    connections = 3
    before = server.log_text().count(CLOSED)
    asyncio.run(open_and_close_at_once(server.port, connections))
    wait_until(lambda: server.log_text().count(CLOSED) == before + connections,
               "every connection's app process ended", timeout=QUIT_GRACE + TERM_GRACE + 10)
    assert not server.apps()
    assert "(SIGKILL," not in server.log_text(), server.log_text()


# An app process deaf to everything but SIGKILL, for proving the guard whatever the real app does:
# it records the quit message and SIGTERM and carries on, and its child (just as deaf) holds its stdout.
DEAF_APP = """
import json, os, signal, subprocess, sys

record = open(sys.argv[1], "a", buffering=1)
if len(sys.argv) > 2:  # the child
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.write(int(sys.argv[2]), b"x")
    while True:
        signal.pause()
signal.signal(signal.SIGTERM, lambda *_: record.write("SIGTERM\\n"))
ready, told = os.pipe()
child = subprocess.Popen([sys.executable, __file__, sys.argv[1], str(told)], pass_fds=(told,),
                         stdin=subprocess.DEVNULL)
os.close(told)
os.read(ready, 1)
record.write(f"app {os.getpid()}\\nchild {child.pid}\\n")
sys.stdout.buffer.write(b"__GANGLION__\\nD" + (5).to_bytes(4, "big") + b"ready")
sys.stdout.buffer.flush()
while kind := sys.stdin.buffer.read(1):
    payload = sys.stdin.buffer.read(int.from_bytes(sys.stdin.buffer.read(4), "big"))
    if kind == b"M" and json.loads(payload)["type"] == "quit":
        record.write("quit\\n")
while True:
    signal.pause()
"""
DEAF_QUIT_GRACE = 0.5
DEAF_TERM_GRACE = 0.5


@dataclass
class Deaf:
    """A deaf app's script and the file where it records what it heard."""

    script: Path
    record: Path

    @property
    def argv(self) -> list[str]:
        return [sys.executable, str(self.script), str(self.record)]

    def heard(self) -> list[str]:
        return self.record.read_text().split("\n") if self.record.exists() else []

    def pids(self) -> dict[str, int]:
        """The app's and its child's process ids, once it is ready."""
        return {line.split()[0]: int(line.split()[1]) for line in self.heard() if line.startswith(("app ", "child "))}

    def processes(self) -> list[psutil.Process]:
        found = []
        for pid in self.pids().values():
            with contextlib.suppress(psutil.Error):
                found.append(psutil.Process(pid))
        return found


@pytest.fixture
def deaf(tmp_path: Path) -> Iterator[Deaf]:
    """A deaf app; whatever of it is still running at the end is SIGKILLed by pid."""
    app = Deaf(tmp_path / "deaf_app.py", tmp_path / "heard")
    app.script.write_text(DEAF_APP)
    try:
        yield app
    finally:
        kill_all(app.processes())


def kill_all(processes: list[psutil.Process]) -> None:
    """SIGKILL each process by pid (psutil checks the pid still names the same process)."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.kill()


def ended(process: psutil.Process) -> bool:
    """Gone, or a zombie: it runs nothing any more (an orphan's zombie waits for pid 1 to reap it)."""
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def relay(service_class: type[AppService], argv: list[str], ready: asyncio.Event, **kwargs: Any) -> AppService:
    """An app service whose browser side only notes that the app said "ready"."""

    async def write_bytes(data: bytes) -> None:
        if data == b"ready":
            ready.set()

    async def ignore(*_args: object) -> None:
        return None

    command: Any = argv if service_class is GuardedAppService else shlex.join(argv)
    return service_class(command, write_bytes=write_bytes, write_str=ignore, close=ignore,
                         download_manager=DownloadManager(), **kwargs)


def test_app_deaf_to_quit_and_sigterm_is_killed_and_reaped(deaf: Deaf, caplog: pytest.LogCaptureFixture) -> None:
    """The guard's proof on an app that ignores the quit message and SIGTERM: it waits out
    both graces, then SIGKILLs the app's whole session (its child too) and reaps the app."""

    async def scenario() -> tuple[GuardedAppService, list[psutil.Process], float]:
        ready = asyncio.Event()
        service = relay(GuardedAppService, deaf.argv, ready, quit_grace=DEAF_QUIT_GRACE, term_grace=DEAF_TERM_GRACE)
        assert isinstance(service, GuardedAppService)
        await service.start(80, 24)
        await asyncio.wait_for(ready.wait(), WAIT)
        processes = deaf.processes()
        started = time.monotonic()
        await asyncio.wait_for(service.stop(), WAIT)
        return service, processes, time.monotonic() - started

    service, (app, child), took = asyncio.run(scenario())
    assert app.pid == service.pid
    assert {"quit", "SIGTERM"} <= set(deaf.heard()), deaf.heard()  # it heard both, and carried on
    assert service.ended_by == "SIGKILL"
    assert service.returncode == -signal.SIGKILL
    assert not app.is_running(), "the app is not reaped"  # a zombie would still count as running
    wait_until(lambda: ended(child), f"the app's child {child.pid} killed with it")
    assert DEAF_QUIT_GRACE + DEAF_TERM_GRACE <= took < DEAF_QUIT_GRACE + DEAF_TERM_GRACE + 5, took
    assert f"app process {service.pid} ignored quit and SIGTERM: killing it" in caplog.text


def test_stock_service_waits_for_ever_on_a_deaf_app(deaf: Deaf) -> None:
    """Control: textual-serve's own service only asks the app to quit, then waits for its output
    to end; with a deaf app, it is still waiting well after the guard would have killed it."""

    async def scenario() -> tuple[bool, bool]:
        ready = asyncio.Event()
        service = relay(AppService, deaf.argv, ready)
        await service.start(80, 24)
        await asyncio.wait_for(ready.wait(), WAIT)
        processes = deaf.processes()
        stopping = asyncio.create_task(service.stop())
        done, _ = await asyncio.wait({stopping}, timeout=DEAF_QUIT_GRACE + DEAF_TERM_GRACE + 2)
        still_running = all(not ended(process) for process in processes)
        kill_all(processes)  # by pid; then its output ends, and the stock stop returns
        await asyncio.wait_for(stopping, WAIT)
        process = service._process
        assert process is not None
        await asyncio.wait_for(process.wait(), WAIT)  # reaped
        return bool(done), still_running

    stopped, still_running = asyncio.run(scenario())
    assert not stopped, "stock textual-serve ended a deaf app: the guard may be unneeded"
    assert still_running, "the deaf app ended by itself"
    assert "quit" in deaf.heard() and "SIGTERM" not in deaf.heard(), deaf.heard()


def guarded_deaf_command(deaf: Deaf) -> Callable[[int], list[str]]:
    """`readingroom serve`'s server with the deaf app in place of the app process, and short graces."""
    script = ("import sys; from pathlib import Path; from tui.web.server import ReadingRoomServer; "
              "server = ReadingRoomServer(Path(sys.argv[1]), port=int(sys.argv[2]), "
              f"quit_grace={DEAF_QUIT_GRACE}, term_grace={DEAF_TERM_GRACE}); "
              "server.argv = sys.argv[3:]; server.serve()")
    return lambda port: [sys.executable, "-c", script, str(bundled_corpus()), str(port), *deaf.argv]


def test_server_kills_a_deaf_app_when_its_connection_closes(deaf: Deaf, tmp_path: Path) -> None:
    """The same through the server: a connection closes, and its deaf app is killed and reaped."""

    async def open_and_close(port: int) -> list[psutil.Process]:
        async with aiohttp.ClientSession() as http, http.ws_connect(f"http://127.0.0.1:{port}/ws") as socket_:
            while b"ready" not in await asyncio.wait_for(socket_.receive_bytes(), WAIT):
                pass
            return deaf.processes()

    with running(guarded_deaf_command(deaf), tmp_path / "server") as served:
        app, child = asyncio.run(open_and_close(served.port))
        assert app.ppid() == served.process.pid
        wait_until(lambda: f"app process {app.pid} ended" in served.log_text(), "the connection closed",
                   timeout=DEAF_QUIT_GRACE + DEAF_TERM_GRACE + 10)
        assert f"app process {app.pid} ended (SIGKILL, status {-signal.SIGKILL})" in served.log_text()
        assert not app.is_running(), "the app is not reaped"
        wait_until(lambda: ended(child), f"the app's child {child.pid} killed with it")
    assert {"quit", "SIGTERM"} <= set(deaf.heard()), deaf.heard()


def test_stopping_the_server_ends_its_apps(tmp_path: Path) -> None:
    """Ctrl+C (SIGINT) stops the server promptly, open connections and all, and their apps with it."""

    async def connect(port: int) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
        http = aiohttp.ClientSession()
        socket_ = await http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
        return http, socket_

    with running(serve_command, tmp_path) as served:
        loop = asyncio.new_event_loop()
        try:
            http, _socket = loop.run_until_complete(connect(served.port))
            app = one_app(served)
            served.process.send_signal(signal.SIGINT)
            wait_until(lambda: served.process.poll() is not None, "server stopped on SIGINT",
                       timeout=QUIT_GRACE + TERM_GRACE + 5)
            assert not alive(app), f"app process {app.pid} outlived its server"
            loop.run_until_complete(http.close())
        finally:
            loop.close()


def test_killed_server_takes_its_apps(tmp_path: Path) -> None:
    """A server killed outright cannot stop its apps: the kernel ends them (parent-death signal)."""

    async def kill_server_once_idle(served: Served) -> list[psutil.Process]:
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{served.url}ws") as socket_:
            # An app that is still drawing dies anyway, writing to a pipe with no reader;
            # an idle one would wait forever: kill the server once the app has gone quiet.
            with contextlib.suppress(TimeoutError):
                while True:
                    await asyncio.wait_for(socket_.receive(), 0.5)
            apps = served.apps()
            served.process.kill()
            return apps

    with running(serve_command, tmp_path) as served:
        apps = asyncio.run(asyncio.wait_for(kill_server_once_idle(served), WAIT))
        assert len(apps) == 1, apps
        wait_until(lambda: not alive(apps[0]), f"app process {apps[0].pid} ended with its server")


def test_other_sites_cannot_open_the_app(server: Served) -> None:
    """A WebSocket from another site's page (cross-site WebSocket hijacking) is refused, and starts no app;
    one from the server's own page is taken."""

    async def handshake(origin: str, **headers: str) -> int:
        async with aiohttp.ClientSession() as http:
            try:
                socket_ = await http.ws_connect(f"{server.url}ws", headers={"Origin": origin, **headers})
            except aiohttp.WSServerHandshakeError as error:
                return error.status
            await socket_.close()
            return 101

    wait_until(lambda: not server.apps(), "app processes of earlier pages gone")
    assert asyncio.run(handshake("http://evil.example")) == 403
    assert not server.apps()
    assert asyncio.run(handshake(f"http://127.0.0.1:{server.port}")) == 101
    # Behind a proxy that rewrites Host and says which host the browser asked for.
    forwarded = {"X-Forwarded-Host": PROXIED_NAME}
    assert asyncio.run(handshake(f"https://{PROXIED_NAME}", **forwarded)) == 101
    assert asyncio.run(handshake("https://evil.example", **forwarded)) == 403
    # Or one that keeps Host as the browser sent it.
    assert asyncio.run(handshake(f"https://{PROXIED_NAME}", Host=PROXIED_NAME)) == 101


def test_a_name_rebound_to_this_machine_gets_nothing(server: Served) -> None:
    """DNS rebinding: another site's name, pointed at this machine, makes that site's page same-origin
    with the server. Requests for a name the server was not told is its own are refused, page and
    WebSocket alike, with a message saying how to allow a name."""

    async def attack(path: str, host: str) -> tuple[int, str]:
        headers = {"Host": host, "Origin": f"http://{host}"}
        async with aiohttp.ClientSession() as http:
            if path == "ws":
                try:
                    socket_ = await http.ws_connect(f"{server.url}ws", headers=headers)
                except aiohttp.WSServerHandshakeError as error:
                    return error.status, ""
                await socket_.close()
                return 101, ""
            async with http.get(f"{server.url}{path}", headers=headers) as response:
                return response.status, await response.text()

    wait_until(lambda: not server.apps(), "app processes of earlier pages gone")
    rebound = f"rebound.example:{server.port}"
    status, text = asyncio.run(attack("", rebound))
    assert status == 421 and "readingroom serve --allow-host rebound.example" in text
    assert asyncio.run(attack("ws", rebound))[0] == 421
    assert not server.apps()
    for own in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}", PROXIED_NAME):
        assert asyncio.run(attack("", own))[0] == 200, own


def test_past_the_most_apps_a_connection_waits_for_one_to_close(tmp_path: Path) -> None:
    """`--max-apps` bounds the app processes (each about 50 MB): one more connection is refused with
    503 and starts nothing, and is taken again once a reader has left."""

    async def handshake(http: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse | int:
        try:
            return await http.ws_connect(f"{url}ws")
        except aiohttp.WSServerHandshakeError as error:
            return error.status

    async def scenario(served: Served) -> None:
        async with aiohttp.ClientSession() as http:
            first = await handshake(http, served.url)
            assert isinstance(first, aiohttp.ClientWebSocketResponse)
            await asyncio.to_thread(wait_until, lambda: len(served.apps()) == 1, "the first app to start")
            assert await handshake(http, served.url) == 503
            assert len(served.apps()) == 1
            await first.close()
            # The server's word that the app ended and was reaped (a zombie is no longer among apps()).
            await asyncio.to_thread(wait_until, lambda: CLOSED in served.log_text(), "the first app to end")
            assert not served.apps()
            again = await handshake(http, served.url)
            assert isinstance(again, aiohttp.ClientWebSocketResponse)
            await again.close()

    with running(lambda port: [*serve_command(port), "--max-apps", "1"], tmp_path) as served:
        asyncio.run(asyncio.wait_for(scenario(served), WAIT))
