"""The local evaluator's runtime: a plan interpreter that answers like ApplyGuardrail.

Standard library only (optional `re2` of the `[fast]` extra), relative imports
only, never pydantic or the rest of `compiler`: `guardc compile --target evaluator` copies this
package into a zipapp (as `guardc_runtime`) that runs on a bare Python 3.11+.

The names below are loaded on first use (PEP 562), so importing one light module of the package
(`regex_sets`, which the compiler's regex analysis shares) does not load the evaluator: `guardc
check` never pays for the engine, its detectors and their data.
"""

from __future__ import annotations

import importlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .detectors import Detectors
    from .engine import Evaluator, apply_guardrail
    from .plan import PLAN_FORMAT, CompiledPlan, PlanError, compile_plan
    from .request import RequestError, dumps, request_from_json, text_content

BUNDLED_PLAN = "plan.json"

# each name the package exports, and the module of the package that defines it
_LAZY = {
    "Detectors": "detectors",
    "Evaluator": "engine",
    "apply_guardrail": "engine",
    "PLAN_FORMAT": "plan",
    "CompiledPlan": "plan",
    "PlanError": "plan",
    "compile_plan": "plan",
    "RequestError": "request",
    "dumps": "request",
    "request_from_json": "request",
    "text_content": "request",
}


def __getattr__(name: str) -> Any:
    """A lazily exported name, loaded from its module on first use."""
    module = _LAZY.get(name)
    if module is None:  # (a submodule not imported yet: `from . import x` then imports it)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def bundled_plan() -> dict[str, Any] | None:
    """The plan bundled beside this package in an evaluator zipapp, or None outside one."""
    from .datafiles import read_text  # noqa: PLC0415 (the package loads nothing up front)

    try:
        text = read_text(BUNDLED_PLAN)
    except OSError:  # the zip importer reports a missing entry as a bare OSError
        return None
    plan: dict[str, Any] = json.loads(text)
    return plan


__all__ = [
    "BUNDLED_PLAN",
    "PLAN_FORMAT",
    "CompiledPlan",
    "Detectors",
    "Evaluator",
    "PlanError",
    "RequestError",
    "apply_guardrail",
    "bundled_plan",
    "compile_plan",
    "dumps",
    "request_from_json",
    "text_content",
]
