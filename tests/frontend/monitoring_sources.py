"""Helpers of the tests of parameters in `logging:` and `alarms for` blocks."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import syntax as s
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.ir import Policy
from compiler.pipeline import load


def lowered(text: str) -> s.Module:
    """`text` (file `m.guard`) parsed and lowered, which must report nothing."""
    sink = Diagnostics()
    tree = parse(text, "m.guard", sink)
    assert tree is not None and not sink.items
    module = lower(tree, text, "m.guard", sink)
    assert not sink.items, [d.message for d in sink.items]
    return module


def loaded(path: Path, env: str | None) -> tuple[Policy, Diagnostics]:
    """The policy of `path` in environment `env` (or none), and what was reported."""
    sink = Diagnostics()
    return load([path], sink, env=env).policy, sink
