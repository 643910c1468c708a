"""Golden ApplyGuardrail responses of the local evaluator for every example expectation.

Each response is validated against botocore's own `bedrock-runtime` ApplyGuardrail output shape
and the project's enum/range check, then snapshotted: a change in what the evaluator answers for
the shipped examples is reviewed like code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.validate import validate_parameters
from syrupy.assertion import SnapshotAssertion

from compiler.aws.bedrock_model import check_response
from compiler.diagnostics.sink import Diagnostics
from compiler.ir import Policy
from compiler.pipeline import load
from compiler.runtime.engine import apply_guardrail
from compiler.targets.evaluator import plan
from compiler.testing.runner import content_for

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.guard"))
OUTPUT_SHAPE = (
    botocore.session.get_session()
    .get_service_model("bedrock-runtime")
    .operation_model("ApplyGuardrail")
    .output_shape
)


def _policy(path: Path) -> Policy:
    sink = Diagnostics()
    policy = load([path], sink).policy
    assert not sink.has_errors, sink.sorted()
    return policy


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_responses(path: Path, snapshot: SnapshotAssertion) -> None:
    policy = _policy(path)
    golden: list[dict[str, Any]] = []
    for suite in policy.tests:
        guardrail = policy.guardrail(suite.guardrail)
        assert guardrail is not None
        compiled = plan(guardrail)
        for e in suite.expectations:
            source = e.source.value.upper()
            response = apply_guardrail(compiled, source, content_for(e), deterministic=True)
            assert OUTPUT_SHAPE is not None
            validate_parameters(response, OUTPUT_SHAPE)
            assert check_response(response) == []
            golden.append({"line": e.span.line, "source": source, "response": response})
    assert len(golden) >= 8
    assert golden == snapshot
