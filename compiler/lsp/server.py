"""The language server (pygls, over stdio): the protocol's requests mapped onto `analysis`,
`hover`, `complete`, `navigate` and `edits`.

Diagnostics are published when a buffer opens and after every change. A change only stores the
new text and schedules its analysis on the event loop; when several changes are waiting, only
the newest text is analysed (an analysis that finds its buffer changed again since is skipped).
Open buffers that `use` the changed one are analysed again after it. What a buffer's load finds
in a file it `use`s that is not open (nor in the standard library) is published for that file,
as `check` of the buffer would report it.

The cyclic garbage collector runs when the server is idle (a second after the last analysis),
not in the middle of an edit's answer: the front end makes no cycles worth chasing while it
works (frontend/gcpause.py), and a full pass over the kept chunks costs milliseconds.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import stat
import sys
import threading
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from ..diagnostics.span import Span
from ..diagnostics.textsafe import visible
from ..vocab import FILTER_PHRASES, PII_PHRASES
from . import complete, edits, hover, navigate
from .analysis import Analysis, Workspace, module_path
from .convert import (
    SOURCE,
    Lines,
    diagnostic,
    display_to_uri,
    explain_uri,
    explanation,
    uri_to_display,
)

_KIND = {
    "keyword": t.CompletionItemKind.Keyword,
    "pii": t.CompletionItemKind.EnumMember,
    "filter": t.CompletionItemKind.EnumMember,
    "strength": t.CompletionItemKind.Value,
    "module": t.CompletionItemKind.Module,
    "topic": t.CompletionItemKind.Reference,
    "words": t.CompletionItemKind.Reference,
    "pii_group": t.CompletionItemKind.Reference,
    "pattern": t.CompletionItemKind.Reference,
    "guardrail": t.CompletionItemKind.Class,
}
_SYMBOL = {
    "guardrail": t.SymbolKind.Class,
    "topic": t.SymbolKind.String,
    "words": t.SymbolKind.Array,
    "pii group": t.SymbolKind.Enum,
    "pattern": t.SymbolKind.Constant,
    "test": t.SymbolKind.Method,
}
IDLE = 1.0  # seconds without an analysis before the garbage collector runs
EXPLAIN = "guardc/explain"  # request: {"code": "E203"} → the explanation's text, or null


def _version() -> str:
    try:
        return version("guardc")
    except PackageNotFoundError:  # a source checkout that was never installed
        return "0"


class GuardServer(LanguageServer):
    """The guardc language server: pygls's server with the open buffers' analyses."""

    def __init__(self) -> None:
        super().__init__("guardc", _version())
        self.guard = Workspace()
        self.pending: dict[str, int] = {}  # display name → the change count analysis awaits
        self.changes = 0
        # buffer → the files, not open, whose diagnostics its last analysis published
        self.reported: dict[str, set[str]] = {}
        self.idle: asyncio.TimerHandle | None = None
        self.uris: dict[str, str] = {}  # display name → the URI the client named the buffer by

    def document(self, uri: str) -> TextDocument:
        """pygls's copy of an open buffer (its text and its position encoding); for a URI the
        editor has not opened, an empty one. pygls would read the file the URI names from disk
        (`/etc/shadow` on a hover), and the server reads files only through the load, which
        keeps to `.guard` files inside the project root (docs/security.md)."""
        found: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        if found is None:
            codec = self.workspace.position_codec
            return TextDocument(uri, source="", local=False, position_codec=codec)
        return found

    def lines(self, uri: str, text: str) -> Lines:
        """`text` (of the buffer at `uri`, or another file) in the client's code units."""
        return Lines(text, self.document(uri).position_codec)

    def changed(self, uri: str, text: str) -> None:
        """A buffer was opened or edited: store its text and schedule its analysis."""
        display = uri_to_display(uri)
        self.guard.buffers[display] = text
        self.uris[display] = uri
        self.changes += 1
        self.pending[display] = self.changes
        asyncio.get_running_loop().call_soon(self.refresh, uri, display, self.changes)

    def refresh(self, uri: str, display: str, change: int, follow: bool = True) -> None:
        """Analyse a buffer and publish its diagnostics, unless a newer change is waiting;
        then the open buffers that read it."""
        if self.pending.get(display) != change or display not in self.guard.buffers:
            return
        gc.disable()
        try:
            analysis = self.guard.analyse(display)
        except Exception as exc:  # a bug in guardc: say so in the editor, as check says E901
            self.internal_error(uri, exc)
            return
        self.publish(uri, analysis)
        if self.idle is not None:
            self.idle.cancel()
        self.idle = asyncio.get_running_loop().call_later(IDLE, _collect)
        if follow:
            loop = asyncio.get_running_loop()
            for user in self.guard.users(display):
                self.pending[user] = self.changes = self.changes + 1
                uri = self.uris.get(user) or _uri(user)
                loop.call_soon(self.refresh, uri, user, self.changes, False)

    def internal_error(self, uri: str, exc: Exception) -> None:
        """Publish E901 at the top of the buffer, and log the traceback for the editor."""
        logging.getLogger(__name__).exception("analysis of %s failed", uri)
        top = t.Position(line=0, character=0)
        found = t.Diagnostic(
            range=t.Range(start=top, end=top),
            message=f"internal error: {type(exc).__name__}: {exc}\nhelp: this is a bug in "
            "guardc, not in your sources; please report it",
            severity=t.DiagnosticSeverity.Error,
            code="E901",
            code_description=t.CodeDescription(href=explain_uri("E901")),
            source=SOURCE,
        )
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=uri, diagnostics=[found])
        )

    def publish(self, uri: str, analysis: Analysis) -> None:
        """Send a buffer's own diagnostics (those in other files show where those are open)."""
        lines = self.lines(uri, analysis.text)
        others = {
            name: self.lines(uri, text)
            for name, text in analysis.loaded.sources.items()
            if name != analysis.display
        }
        found = [diagnostic(d, lines, others) for d in analysis.own()]
        version = self.document(uri).version
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )
        self.publish_used(analysis, others)

    def publish_used(self, analysis: Analysis, others: dict[str, Lines]) -> None:
        """Publish what the load found in the files the buffer uses that are not open; clear
        those it published for before and are clean now."""
        by_file: dict[str, list[t.Diagnostic]] = {}
        for d in analysis.diagnostics:
            name = d.span.file
            if name in others and name not in self.guard.buffers and not _stdlib(name):
                by_file.setdefault(name, []).append(diagnostic(d, others[name], others))
        before = self.reported.get(analysis.display, set())
        for name in sorted(before - set(by_file) - set(self.guard.buffers)):
            by_file[name] = []
        self.reported[analysis.display] = {n for n, found in by_file.items() if found}
        for name, found in sorted(by_file.items()):
            uri = display_to_uri(name)
            if uri is not None:
                params = t.PublishDiagnosticsParams(uri=uri, diagnostics=found)
                self.text_document_publish_diagnostics(params)

    def offset(self, uri: str, position: t.Position) -> tuple[str, int]:
        """The display name of a buffer and the offset of a position in it."""
        return uri_to_display(uri), self.document(uri).offset_at_position(position)

    def range_of(self, uri: str, display: str, span: Span) -> t.Range:
        """A placed span as a range of its module's text."""
        analysis = self.guard.analyses.get(uri_to_display(uri))
        text = self.guard.buffers.get(display)
        if text is None and analysis is not None:
            text = analysis.loaded.sources.get(display, "")
        return self.lines(uri, text or "").range(span)


def _collect() -> None:
    """Collect cycles, then keep what survived out of later passes (it is the chunks and the
    analyses the server holds); the collector stays off until the next idle moment."""
    gc.collect()
    gc.freeze()


def _stdlib(display: str) -> bool:
    return display.startswith("stdlib/")


def _uri(display: str) -> str:
    return display_to_uri(display) or display


def create() -> GuardServer:
    """A server with every feature registered."""
    server = GuardServer()

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GuardServer, params: t.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri, params.text_document.text)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GuardServer, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.changed(uri, ls.document(uri).source)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GuardServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        display = uri_to_display(uri)
        ls.guard.close(display)
        ls.uris.pop(display, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: GuardServer, params: t.HoverParams) -> t.Hover | None:
        uri = params.text_document.uri
        display, offset = ls.offset(uri, params.position)
        found = hover.hover(ls.guard, display, offset)
        if found is None:
            return None
        text, span = found
        content = t.MarkupContent(kind=t.MarkupKind.Markdown, value=text)
        return t.Hover(contents=content, range=ls.range_of(uri, display, span))

    @server.feature(
        t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=['"', ".", " "])
    )
    def on_completion(ls: GuardServer, params: t.CompletionParams) -> t.CompletionList:
        uri = params.text_document.uri
        display, offset = ls.offset(uri, params.position)
        text = ls.guard.buffers.get(display, "")
        out = []
        for item in complete.complete(ls.guard, display, offset):
            start = Span.point(display, text, item.start, offset - item.start)
            edit = t.TextEdit(range=ls.range_of(uri, display, start), new_text=item.insert)
            out.append(
                t.CompletionItem(
                    label=item.label,
                    kind=_KIND[item.kind],
                    detail=_detail(item),
                    text_edit=edit,
                    filter_text=item.insert,
                )
            )
        return t.CompletionList(is_incomplete=False, items=out)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: GuardServer, params: t.DefinitionParams) -> t.Location | None:
        uri = params.text_document.uri
        display, offset = ls.offset(uri, params.position)
        target = navigate.definition(ls.guard, display, offset)
        if target is None:
            return None
        path = module_path(target.module)
        if path is None:
            return None
        if target.span is None:
            where = t.Range(
                start=t.Position(line=0, character=0), end=t.Position(line=0, character=0)
            )
        else:
            where = ls.range_of(uri, target.module, target.span)
        return t.Location(uri=path.absolute().as_uri(), range=where)

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: GuardServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        uri = params.text_document.uri
        display = uri_to_display(uri)
        return [_symbol(ls, uri, display, s) for s in navigate.symbols(ls.guard, display)]

    @server.feature(t.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(ls: GuardServer, params: t.DocumentFormattingParams) -> list[t.TextEdit]:
        uri = params.text_document.uri
        display = uri_to_display(uri)
        text = ls.guard.buffers.get(display, ls.document(uri).source)
        new = edits.formatted(text, display)
        if new is None or new == text:
            return []
        whole = Span.point(display, text, 0, len(text))
        return [t.TextEdit(range=ls.range_of(uri, display, whole), new_text=new)]

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]),
    )
    def on_code_action(ls: GuardServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        uri = params.text_document.uri
        display = uri_to_display(uri)
        analysis = ls.guard.analyses.get(display)
        if analysis is None:
            return []
        lines = ls.lines(uri, analysis.text)
        wanted = params.range
        out = []
        for d in analysis.own():
            fix = edits.quick_fix(d, analysis.text)
            where = lines.range(d.span)
            if fix is None or not _overlaps(where, wanted):
                continue
            span = Span.point(display, analysis.text, fix.start, fix.end - fix.start)
            edit = t.TextEdit(range=lines.range(span), new_text=fix.new)
            out.append(
                t.CodeAction(
                    title=fix.title,
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(d, lines, {})],
                    edit=t.WorkspaceEdit(changes={uri: [edit]}),
                    is_preferred=True,
                )
            )
        return out

    @server.feature(EXPLAIN)
    def on_explain(ls: GuardServer, params: Any) -> str | None:
        code = params.get("code") if isinstance(params, dict) else getattr(params, "code", None)
        return explanation(str(code)) if code else None

    return server


def _detail(item: complete.Item) -> str | None:
    if item.kind == "pii":
        return f"PII entity {PII_PHRASES[item.label].value}"
    if item.kind == "filter":
        return f"content filter {FILTER_PHRASES[item.label].value}"
    return item.kind.replace("_", " ") if item.kind != "keyword" else None


def _overlaps(a: t.Range, b: t.Range) -> bool:
    def key(p: t.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _symbol(ls: GuardServer, uri: str, display: str, symbol: navigate.Symbol) -> t.DocumentSymbol:
    where = ls.range_of(uri, display, symbol.span)
    return t.DocumentSymbol(
        name=symbol.name,
        kind=_SYMBOL[symbol.kind],
        detail=symbol.kind,
        range=where,
        selection_range=where,
        children=[_symbol(ls, uri, display, c) for c in symbol.children] or None,
    )


class EscapingFormatter(logging.Formatter):
    """Log lines with every hidden character shown escaped (`\\u{1b}`): a log quotes URIs,
    messages and exceptions the client sent, and editors show the server's stderr in a panel or
    a terminal, which an ESC sequence must not drive."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(visible(line) for line in super().format(record).split("\n"))


def log_to_stderr() -> logging.Handler:
    """Send the server's and pygls's warnings and errors to stderr, escaped (the handler)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(EscapingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    return handler


def serve() -> None:
    """Speak the protocol on standard input and output until the client says exit.

    Editors start a server with pipes: then standard input is read on the event loop itself.
    pygls's own reader hands each header line and body to a worker thread and back (three
    round trips a message), and on a busy machine every hop waits for a core (bench_lsp: about
    4 ms of the server's CPU per edit). Anything else (a terminal, a file, Windows) goes through
    pygls's reader."""
    log_to_stderr()
    server = create()
    if os.name != "posix" or not stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode):
        server.start_io()
        return
    try:
        asyncio.run(_serve_pipe(server))
    except (KeyboardInterrupt, SystemExit, BrokenPipeError):  # `exit` ends with SystemExit
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]


async def _serve_pipe(server: GuardServer) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    stop = threading.Event()
    server._stop_event = stop  # what pygls's shutdown sets to end the loop below
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    await run_async(
        stop_event=stop,
        reader=reader,
        protocol=server.protocol,
        logger=logging.getLogger(__name__),
        error_handler=server.report_server_error,
    )
