"""A language client for the tests: `guardc lsp` started as a subprocess (once per session: the
`lsp` fixture of tests/conftest.py), spoken to over its stdin/stdout with pygls's own client
(no test dependency beyond what the server needs). Calls are synchronous: each runs the
client's event loop until its answer arrives."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

T = TypeVar("T")
TIMEOUT = 60.0  # seconds for one answer: generous, the machine is shared


class Client:
    """A started `guardc lsp` and what it published."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)  # pygls wraps its futures in the current loop
        self.client = LanguageClient("guardc-tests", "1")
        self.published: dict[str, asyncio.Queue[t.PublishDiagnosticsParams]] = {}
        self.latest: dict[str, list[t.Diagnostic]] = {}
        self.versions: dict[str, int] = {}

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
        def published(_: LanguageClient, params: t.PublishDiagnosticsParams) -> None:
            self.latest[params.uri] = list(params.diagnostics)
            self._queue(params.uri).put_nowait(params)

    def _queue(self, uri: str) -> asyncio.Queue[t.PublishDiagnosticsParams]:
        return self.published.setdefault(uri, asyncio.Queue())

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run the event loop until `work` is done."""
        return self.loop.run_until_complete(asyncio.wait_for(work, TIMEOUT))

    def start(self) -> None:
        command = [sys.executable, "-m", "compiler", "lsp"]
        self.run(self.client.start_io(*command, cwd=str(self.folder)))
        capabilities = t.ClientCapabilities(
            text_document=t.TextDocumentClientCapabilities(
                hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown])
            )
        )
        params = t.InitializeParams(capabilities=capabilities, process_id=None)
        self.capabilities = self.run(self.client.initialize_async(params)).capabilities
        self.client.initialized(t.InitializedParams())

    def stop(self) -> None:
        self.run(self.client.shutdown_async(None))
        self.client.exit(None)
        self.run(self.client.stop())  # type: ignore[no-untyped-call]
        self.loop.close()
        asyncio.set_event_loop(None)

    def uri(self, name: str) -> str:
        return (self.folder / name).as_uri()

    def diagnostics(self, uri: str) -> list[t.Diagnostic]:
        """What the server publishes for `uri` at its latest version (earlier ones skipped)."""
        return self.run(self._wait(uri, self.versions[uri]))

    def next(self, uri: str) -> t.PublishDiagnosticsParams:
        """The next publication for `uri`, whatever its version."""
        return self.run(self._queue(uri).get())

    async def _wait(self, uri: str, version: int) -> list[t.Diagnostic]:
        while True:
            params = await self._queue(uri).get()
            if params.version == version:
                return list(params.diagnostics)

    def open(self, name: str, text: str) -> list[t.Diagnostic]:
        """Open a buffer (its file need not exist, or may hold other text) and wait for its
        diagnostics."""
        uri = self.uri(name)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "guard", 1, text))
        )
        return self.diagnostics(uri)

    def change(
        self, name: str, new: str, where: t.Range | None = None, *, wait: bool = True
    ) -> list[t.Diagnostic]:
        """Replace `where` (default: everything) with `new`; the diagnostics published."""
        uri = self.uri(name)
        self.versions[uri] += 1
        change: t.TextDocumentContentChangeEvent = (
            t.TextDocumentContentChangeWholeDocument(text=new)
            if where is None
            else t.TextDocumentContentChangePartial(range=where, text=new)
        )
        ident = t.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(ident, [change]))
        return self.diagnostics(uri) if wait else []

    def close(self, name: str) -> None:
        uri = self.uri(name)
        self.client.text_document_did_close(
            t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(uri))
        )

    def doc(self, name: str) -> t.TextDocumentIdentifier:
        return t.TextDocumentIdentifier(self.uri(name))


def started(folder: Path) -> Client:
    """A `guardc lsp` for tests, started in a project folder of its own (a `.git` marks it)."""
    (folder / ".git").mkdir()
    client = Client(folder)
    client.start()
    return client
