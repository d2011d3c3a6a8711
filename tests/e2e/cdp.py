"""A tiny Chrome DevTools Protocol driver for end-to-end tests: start headless Chromium,
open a tab, load a page, evaluate JavaScript, press keys, take screenshots, and
record every URL the page asks for."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import psutil

# Headless, and quiet on the network: without the background-networking flags
# Chromium calls home at start, which a closed network refuses.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)


class CDPError(Exception):
    """An error answer from the browser, or no answer in time."""


class Chromium:
    """A headless Chromium with a fresh profile in USER_DATA_DIR, killed (with every process it started) by `kill`."""

    def __init__(self, binary: str, user_data_dir: Path, *, window: tuple[int, int] = (1024, 768)) -> None:
        self.binary = binary
        self.user_data_dir = user_data_dir
        self.window = window
        self.process: subprocess.Popen[bytes] | None = None
        self.pids: set[int] = set()
        """Every Chromium process seen, killed by id at the end."""

    def start(self, timeout: float = 20.0) -> str:
        """Start Chromium; returns the browser's DevTools WebSocket URL."""
        self.user_data_dir.mkdir(parents=True, exist_ok=True)
        log = (self.user_data_dir.parent / "chromium.log").open("wb")
        self.process = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.user_data_dir}",
             f"--window-size={self.window[0]},{self.window[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True,  # its own process group: its helpers are found and killed with it
        )
        log.close()
        self.pids.add(self.process.pid)
        # Chromium writes the port it picked, then the browser target's path.
        active = self.user_data_dir / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CDPError(f"chromium exited with status {self.process.returncode}")
            with contextlib.suppress(FileNotFoundError):
                lines = active.read_text().split()
                if len(lines) >= 2:
                    return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise CDPError(f"no {active} after {timeout} s")

    def kill(self) -> None:
        """SIGKILL Chromium and every process it started, by id, and reap the browser."""
        if self.process is None:
            return
        with contextlib.suppress(psutil.Error):
            self.pids.update(child.pid for child in psutil.Process(self.process.pid).children(recursive=True))
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


class Browser:
    """A DevTools connection to the browser; pages are flat sessions on it."""

    def __init__(self, http: aiohttp.ClientSession, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._http = http
        self._socket = socket
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[Callable[[str, dict[str, Any], str | None], None]] = []
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def connect(cls, url: str) -> Browser:
        """Connect to a browser's DevTools WebSocket URL."""
        http = aiohttp.ClientSession()
        try:
            socket = await http.ws_connect(url, max_msg_size=0)
        except BaseException:
            await http.close()
            raise
        return cls(http, socket)

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = message.json()
            if "id" in data:
                waiter = self._waiting.pop(data["id"], None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(data)
            else:
                for listener in list(self._listeners):
                    listener(data["method"], data.get("params", {}), data.get("sessionId"))
        for waiter in self._waiting.values():
            if not waiter.done():
                waiter.set_exception(CDPError("DevTools connection closed"))

    def listen(self, listener: Callable[[str, dict[str, Any], str | None], None]) -> None:
        """Call listener(method, params, session_id) for every event."""
        self._listeners.append(listener)

    async def call(self, method: str, params: dict[str, Any] | None = None, *,
                   session_id: str | None = None, timeout: float = 15.0) -> dict[str, Any]:
        """Send one command and return its result."""
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = waiter
        await self._socket.send_json(message)
        try:
            answer = await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise CDPError(f"{method}: no answer in {timeout} s") from None
        finally:
            self._waiting.pop(message_id, None)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error']}")
        return answer.get("result", {})  # type: ignore[no-any-return]

    async def new_page(self) -> Page:
        """Open a blank tab and attach to it."""
        target = await self.call("Target.createTarget", {"url": "about:blank"})
        attached = await self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, target["targetId"], attached["sessionId"])
        await page.call("Page.enable")
        await page.call("Runtime.enable")
        return page

    async def close(self) -> None:
        """Close the DevTools connection (not the browser)."""
        await self._socket.close()
        await self._http.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class Page:
    """One tab."""

    def __init__(self, browser: Browser, target_id: str, session_id: str) -> None:
        self.browser = browser
        self.target_id = target_id
        self.session_id = session_id
        self.requests: list[str] = []
        """Every URL the page asked for, once `record_requests` has run: documents,
        scripts, styles, fonts, images, fetches and WebSockets, blocked ones too."""
        self._load = asyncio.Event()
        browser.listen(self._on_event)

    def _on_event(self, method: str, params: dict[str, Any], session_id: str | None) -> None:
        if session_id != self.session_id:
            return
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method == "Page.loadEventFired":
            self._load.set()

    async def call(self, method: str, params: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """Send one command to this page."""
        return await self.browser.call(method, params, session_id=self.session_id, **kwargs)

    async def record_requests(self) -> None:
        """Start recording every URL the page asks for into `requests`."""
        await self.call("Network.enable")

    async def goto(self, url: str, timeout: float = 15.0) -> None:
        """Load URL and wait for its load event."""
        self._load.clear()
        answer = await self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise CDPError(f"cannot load {url}: {answer['errorText']}")
        try:
            await asyncio.wait_for(self._load.wait(), timeout)
        except TimeoutError:
            raise CDPError(f"{url}: no load event in {timeout} s") from None

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        answer = await self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                      "awaitPromise": True})
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise CDPError(f"{expression!r}: {details.get('exception', {}).get('description') or details['text']}")
        return answer["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 15.0, interval: float = 0.1) -> Any:
        """Poll a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        value: Any = None
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(interval)
        raise CDPError(f"{expression!r} still {value!r} after {timeout} s")

    async def handle(self, expression: str) -> str:
        """A remote object id for the value of a JavaScript expression (an object or a function)."""
        answer = await self.call("Runtime.evaluate", {"expression": expression})
        object_id = answer["result"].get("objectId")
        if object_id is None:
            raise CDPError(f"{expression!r} is no object: {answer['result']}")
        return object_id  # type: ignore[no-any-return]

    async def call_on(self, object_id: str, function: str, *, by_value: bool = True) -> Any:
        """Call a JavaScript function with `this` set to a remote object; its value, or its object id."""
        answer = await self.call("Runtime.callFunctionOn", {"objectId": object_id, "functionDeclaration": function,
                                                            "returnByValue": by_value, "awaitPromise": True})
        if "exceptionDetails" in answer:
            raise CDPError(f"{function!r}: {answer['exceptionDetails'].get('exception', {}).get('description')}")
        return answer["result"].get("value") if by_value else answer["result"].get("objectId")

    async def closure_functions(self, function_id: str) -> list[str]:
        """Object ids of the functions (classes included) that a function's closure holds, as the debugger sees them.

        This reaches what a script keeps out of the page's globals, such as a bundle's classes.
        """
        found: list[str] = []
        own = await self.call("Runtime.getProperties", {"objectId": function_id, "ownProperties": True})
        for internal in own.get("internalProperties", []):
            if internal["name"] != "[[Scopes]]":
                continue
            scopes = await self.call("Runtime.getProperties", {"objectId": internal["value"]["objectId"],
                                                               "ownProperties": True})
            for scope in scopes["result"]:
                if scope["value"].get("description") == "Global":
                    continue
                variables = await self.call("Runtime.getProperties", {"objectId": scope["value"]["objectId"],
                                                                      "ownProperties": True})
                found += [v["value"]["objectId"] for v in variables["result"]
                          if v.get("value", {}).get("type") == "function"]
        return found

    async def instances(self, prototype_id: str) -> str:
        """The object id of an array of every live object whose prototype is the given one."""
        answer = await self.call("Runtime.queryObjects", {"prototypeObjectId": prototype_id})
        return answer["objects"]["objectId"]  # type: ignore[no-any-return]

    async def type_text(self, text: str) -> None:
        """Type each character as a key press (keyDown with its text, then keyUp)."""
        for character in text:
            await self.call("Input.dispatchKeyEvent", {"type": "keyDown", "text": character,
                                                       "unmodifiedText": character, "key": character})
            await self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": character})

    async def screenshot(self, path: Path) -> Path:
        """Save a PNG of the page as it is drawn now."""
        answer = await self.call("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(answer["data"]))
        return path

    async def close(self) -> None:
        """Close the tab, as a person closing it would."""
        await self.browser.call("Target.closeTarget", {"targetId": self.target_id})
