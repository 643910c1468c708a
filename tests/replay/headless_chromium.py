"""A headless Chromium driven over the DevTools protocol on `--remote-debugging-pipe`.

No new dependency: the protocol is JSON messages ending in a NUL byte, the browser reading
commands from its file descriptor 3 and answering on 4. One browser serves a whole test session;
each `open_page` is a fresh tab that records what the page asked the network for
(`Network.requestWillBeSent`: every URL, file:// and data: included) and what it reported
(`Log.entryAdded`: failed loads, Content-Security-Policy refusals; `Runtime.consoleAPICalled`,
`Runtime.exceptionThrown`: its scripts' console output and uncaught errors).

The browser is also cut off from the network: every host name resolves to nothing and every
http(s) request goes to a proxy on a closed port, so a page that tries to fetch something fails
and is seen trying, but reaches nothing (the sandbox's network otherwise answers some addresses).

`pixels` decodes the PNG screenshots with zlib alone (Pillow is not a dependency).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT = 30.0
FLAGS = (
    "--headless",
    "--no-sandbox",  # the suite runs as root in CI; Chromium's sandbox refuses root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def executable() -> str:
    """The browser `make browser` provides: $GUARDC_CHROMIUM, else `chromium` on the PATH."""
    named = os.environ.get("GUARDC_CHROMIUM") or shutil.which("chromium")
    if not named or not os.access(named, os.X_OK):
        raise RuntimeError(
            "no headless Chromium: run `make browser` (installs Debian's chromium) "
            "or set GUARDC_CHROMIUM=/path/to/chromium"
        )
    return named


@dataclass
class Page:
    """One tab: its DevTools session and what it did since it was opened."""

    browser: Browser
    session: str
    target: str
    requests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    loaded: set[str] = field(default_factory=set)  # loader ids whose load event has fired

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.call(method, self.session, **params)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools runs it even when the
        page's own scripts are disabled)."""
        got = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in got:
            raise AssertionError(f"{expression}: {got['exceptionDetails']}")
        return got["result"].get("value")

    def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """A PNG of the viewport, or of `clip` (x, y, width, height in CSS pixels)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])

    def note(self, event: dict[str, Any]) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Page.lifecycleEvent" and params["name"] == "load":
            self.loaded.add(params["loaderId"])
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.messages.append(f"{entry['level']}: {entry['text']} ({entry.get('url', '')})")
        elif method == "Runtime.consoleAPICalled":
            words = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
            self.messages.append(f"console.{params['type']}: {' '.join(words)}")
        elif method == "Runtime.exceptionThrown":
            self.messages.append(f"exception: {params['exceptionDetails'].get('text')}")


def _above_9(fd: int) -> int:
    """The same pipe end on a descriptor above 9 (so that wiring it to 3 or 4 cannot overwrite
    the other end, as it would if os.pipe() had returned 3 or 4)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """A running headless Chromium and the pipe to it."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()
        to_browser, from_browser = _above_9(to_browser), _above_9(from_browser)
        # bash puts the pipe ends on the descriptors Chromium expects and execs it (preexec_fn is
        # unsafe when the test process has threads; dash takes no descriptor above 9)
        wire = f'exec "$0" "$@" 3<&{to_browser} {to_browser}<&- 4>&{from_browser} {from_browser}>&-'
        with (profile / "stderr.log").open("wb") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", wire, executable(), *FLAGS, f"--user-data-dir={profile}"],
                pass_fds=(to_browser, from_browser),
                start_new_session=True,  # its helpers share a process group that close() ends
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.pages: dict[str, Page] = {}
        self.version = self.call("Browser.getVersion")["product"]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], max(0.0, deadline - time.time()))
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise EOFError(f"Chromium exited ({self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _dispatch(self, message: dict[str, Any]) -> None:
        page = self.pages.get(message.get("sessionId", ""))
        if page is not None:
            page.note(message)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, handing events to their pages meanwhile."""
        self._next += 1
        command: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            command["sessionId"] = session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        deadline = time.time() + TIMEOUT
        while True:
            message = self._read(deadline)
            if message.get("id") != self._next:
                self._dispatch(message)
            elif "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            else:
                result: dict[str, Any] = message["result"]
                return result

    def wait_until(self, done: Callable[[], bool]) -> None:
        """Handle events until `done()` (it reads what the pages noted)."""
        deadline = time.time() + TIMEOUT
        while not done():
            self._dispatch(self._read(deadline))

    @contextmanager
    def open_page(
        self, path: Path, *, scripts: bool = True, width: int = 800, height: int = 600
    ) -> Iterator[Page]:
        """A new tab showing `path` after its load event (scripts off: the page's own scripts
        never run)."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = self.pages[session] = Page(self, session, target)
        try:
            for domain in ("Page", "Network", "Runtime", "Log"):
                page.call(f"{domain}.enable")
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            page.call("Emulation.setScriptExecutionDisabled", value=not scripts)
            page.call("Page.setLifecycleEventsEnabled", enabled=True)
            # the load of this navigation, not a late one of the tab's first about:blank
            loader = page.call("Page.navigate", url=path.resolve().as_uri())["loaderId"]
            self.wait_until(lambda: loader in page.loaded)
            page.evaluate("document.fonts.ready.then(() => true)")  # text laid out in its font
            yield page
        finally:
            self.call("Target.closeTarget", targetId=target)
            del self.pages[session]

    def close(self) -> None:
        with suppress(OSError, EOFError, TimeoutError):
            self.call("Browser.close")
        os.close(self._commands)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self._answers)


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB bytes (alpha dropped) of an 8-bit, non-interlaced RGB or
    RGBA PNG (what Chromium writes), with the scanline filters undone (PNG specification, 9)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        header = data if kind == b"IHDR" else header
        idat += data if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG layout"
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytes] = []
    prior = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prior[i], prior[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        prior = line
    return width, height, rows
