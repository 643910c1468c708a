"""guardc, a policy-as-code compiler for LLM guardrails, as a library.

    import compiler

    result = compiler.compile_source('guardrail "bot":\\n  filter hate at high\\n')
    if result.ok:
        payload = result.artefacts["bot"]["bedrock.json"]  # canonical JSON bytes
    else:
        print(result.report())  # the diagnostics, as `guardc check` prints them

    checked = compiler.load(["policies/"])  # files and folders, as `guardc check` reads them
    bot = checked.policy.guardrail("bot")
    response = compiler.evaluate(bot, "INPUT", "my SSN is 123-45-6789")
    response["action"]  # "GUARDRAIL_INTERVENED"

- `compile_source(text, *, name, targets, guardrail_arns, root) -> Result`: one source given as
  text, checked and compiled by the targets asked for (default all); `Result.artefacts` maps
  guardrail → artefact path → bytes, empty when any error was reported.
- `load(paths, *, root) -> Result`: `.guard` files and folders, resolved and checked.
- `evaluate(guardrail, source, content, *, engine, deterministic) -> dict`: ApplyGuardrail's
  response from the local evaluator of a guardrail of a `Result.policy`.
- `Result`: `policy` (the resolved IR, `compiler.ir`), `diagnostics` (report order; each has
  `code`, `severity`, `message`, `span`), `sources`, `artefacts`, `ok`, `report()`.
- `UsageError`: raised for what the command line refuses with exit 2 (an unreadable path, an
  unknown target or engine); bad sources never raise, they give diagnostics.

Importing this package is cheap (the `guardc` command imports it too): the names above are
imported from `compiler/api.py` on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Result, compile_source, evaluate, load
    from .diagnostics.usage import UsageError

__all__ = ["Result", "UsageError", "compile_source", "evaluate", "load"]

_HOME = {
    "Result": "compiler.api",
    "compile_source": "compiler.api",
    "evaluate": "compiler.api",
    "load": "compiler.api",
    "UsageError": "compiler.diagnostics.usage",
}


def __getattr__(name: str) -> Any:
    """The exported names, imported on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'compiler' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
