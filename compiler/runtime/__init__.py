"""The local evaluator's runtime: a plan interpreter that answers like ApplyGuardrail.

Standard library only (optional `re2` of the `[fast]` extra), relative imports
only, never pydantic or the rest of `compiler`: `guardc compile --target evaluator` copies this
package into a zipapp (as `guardc_runtime`) that runs on a bare Python 3.11+.
"""

from __future__ import annotations

import json
from typing import Any

from .datafiles import read_text
from .detectors import Detectors
from .engine import Evaluator, apply_guardrail
from .plan import PLAN_FORMAT, CompiledPlan, PlanError, compile_plan
from .request import RequestError, dumps, request_from_json, text_content

BUNDLED_PLAN = "plan.json"


def bundled_plan() -> dict[str, Any] | None:
    """The plan bundled beside this package in an evaluator zipapp, or None outside one."""
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
