"""`guardc lsp` held to issue 16's rules. The editor is trusted, but the files it opens may come
from an untrusted checkout, and whatever a request names (a URI, a method) ends up in the
server's log, which editors show in a terminal-like panel.

In process: the server is built with `create()` and its methods called directly (no stdio).
"""

from __future__ import annotations

import gc
import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types as t

from compiler.lsp.server import GuardServer, create, log_to_stderr

ESC = "\x1b]0;pwned\x07\x1b[2J"
MARKER = "AKIAGUARDCSECRETMARKER"


def _server() -> GuardServer:
    """A server that has been through `initialize` (it then has a workspace)."""
    server = create()
    params = t.InitializeParams(capabilities=t.ClientCapabilities(), process_id=None)
    list(server.protocol.lsp_initialize(params))  # a generator: run it to its end
    return server


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    """The server turns the garbage collector off between idle moments: not beyond a test."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def test_a_request_on_an_unopened_uri_reads_nothing_from_disk(tmp_path: Path) -> None:
    """pygls reads the file a URI names when the editor has not opened it: a hover or a
    formatting request on `file:///etc/shadow` read (and formatting could return) its text."""
    secret = tmp_path / "secret.guard"
    secret.write_text(f'guardrail "x":\n  block word "{MARKER}"\n', encoding="utf-8")
    server = _server()
    assert MARKER not in server.document(secret.as_uri()).source
    assert server.document(secret.as_uri()).source == ""


def test_an_open_buffer_is_still_what_the_editor_sent(tmp_path: Path) -> None:
    uri = (tmp_path / "a.guard").as_uri()
    server = _server()
    server.workspace.put_text_document(
        t.TextDocumentItem(uri=uri, language_id="guard", version=1, text="# on screen\n")
    )
    assert server.document(uri).source == "# on screen\n"


def test_the_server_log_escapes_what_a_client_sent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _server()
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda params: None)
    handler = log_to_stderr()
    try:
        try:
            raise ValueError(f"planted {ESC}")
        except ValueError as exc:
            server.internal_error(f"file:///p/{ESC}.guard", exc)
    finally:
        logging.getLogger().removeHandler(handler)
    err = capsys.readouterr().err
    assert "analysis of file:///p/" in err
    assert "planted" in err  # the traceback is logged too
    assert "\x1b" not in err and "\x07" not in err
    assert "\\u{1b}" in err


def test_a_stdout_closed_by_the_command_ends_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`guardc lsp` ends with pygls closing stdout at `exit`; the CLI's final flush then raised
    `ValueError: I/O operation on closed file` as a traceback from guardc itself."""
    from compiler.commands.streams import surviving_pipes

    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    with surviving_pipes():
        sys.stdout.write("Content-Length: 2\r\n\r\n{}")
        stream.close()
