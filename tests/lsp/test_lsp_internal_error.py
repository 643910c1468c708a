"""A bug in the analysis is reported in the editor as E901, as `guardc check` reports it, not as
a silent buffer (in process: the failure is planted)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest
from lsprotocol import types as t

from compiler.lsp.analysis import Analysis
from compiler.lsp.server import create


@pytest.fixture
def collector() -> Iterator[None]:
    """The server turns the garbage collector off between idle moments: not in this process
    beyond the test."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


@pytest.mark.usefixtures("collector")
def test_a_failing_analysis_publishes_E901(monkeypatch: pytest.MonkeyPatch) -> None:
    server = create()
    sent: list[t.PublishDiagnosticsParams] = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", sent.append)

    def broken(display: str) -> Analysis:
        raise ValueError("planted")

    monkeypatch.setattr(server.guard, "analyse", broken)
    server.guard.buffers["/p/a.guard"] = 'guardrail "a":\n  block names\n'
    server.pending["/p/a.guard"] = 1

    async def edit() -> None:
        server.refresh("file:///p/a.guard", "/p/a.guard", 1)

    asyncio.run(edit())
    assert [(p.uri, [d.code for d in p.diagnostics]) for p in sent] == [
        ("file:///p/a.guard", ["E901"])
    ]
    assert "ValueError: planted" in sent[0].diagnostics[0].message
