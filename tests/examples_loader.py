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


def without_monitoring(text: str) -> str:
    """An example's text without its `logging:` and `alarms for` blocks (and the comment above
    them): for the deploy tests about guardrails alone, whose exact call lists a logging
    configuration would only pad. The blocks sit at the end of every example."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith(("logging:", "alarms for"))]
    if not starts:
        return text
    cut = starts[0]
    while cut > 0 and (lines[cut - 1].startswith("#") or not lines[cut - 1].strip()):
        cut -= 1
    return "\n".join(lines[:cut]) + "\n"
