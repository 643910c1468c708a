"""The guardrails of examples/*.guard, loaded once for the target tests that snapshot them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from compiler.diagnostics.sink import Diagnostics
from compiler.ir import Guardrail
from compiler.pipeline import load

EXAMPLE_FILES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.guard"))


@cache
def example_guardrails() -> tuple[tuple[Guardrail, ...], tuple[str, ...]]:
    """Every example guardrail and, when the examples do not load clean, the diagnostics.

    Errors are returned rather than raised so that a broken example fails one named test
    (`test_examples_load_clean`) instead of stopping the collection of a whole test file.
    """
    sink = Diagnostics()
    loaded = load(EXAMPLE_FILES, sink)
    errors = tuple(f"{d.code} {d.span.file}:{d.span.line}: {d.message}" for d in sink.items)
    if sink.has_errors:
        return (), errors
    return loaded.policy.guardrails, ()
