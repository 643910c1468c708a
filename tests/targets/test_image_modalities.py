"""Per-side modalities and image-only content filters (tests/cases/ok/image-modalities): the
exact Bedrock request (strict check and botocore), the template (cfn-lint), the evaluator plan
and `explain`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_checks import lint, stubbed_call

from compiler.aws.bedrock_model import check_payload
from compiler.commands.explain import rows
from compiler.diagnostics.sink import Diagnostics
from compiler.ir import Guardrail, Policy
from compiler.pipeline import load
from compiler.targets import Context
from compiler.targets.bedrock import payload
from compiler.targets.cloudformation import template
from compiler.targets.evaluator import plan

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "cases" / "ok" / "image-modalities" / "input.guard"


def _guardrail() -> Guardrail:
    sink = Diagnostics()
    [g] = load([CASE], sink).policy.guardrails
    assert not sink.items
    return g


def _filters(request: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["type"]: f for f in request["contentPolicyConfig"]["filtersConfig"]}


def test_each_side_gets_its_own_modalities() -> None:
    request = payload(_guardrail())
    found = {
        kind: (f.get("inputModalities"), f.get("outputModalities"))
        for kind, f in _filters(request).items()
    }
    text_image = ["TEXT", "IMAGE"]
    assert found == {
        "HATE": (text_image, None),  # `on input including images, low on output`
        "VIOLENCE": (["IMAGE"], ["IMAGE"]),  # `on images only`
        "SEXUAL": (text_image, text_image),  # `including images`, both sides
        "INSULTS": (["IMAGE"], text_image),
        "MISCONDUCT": (None, ["IMAGE"]),  # `on output images only`: input is off
        "PROMPT_ATTACK": (text_image, None),
    }
    assert check_payload(request, "CreateGuardrail") == []
    stubbed_call("create_guardrail", request)


def test_the_template_carries_the_modalities_and_lints_clean() -> None:
    g = _guardrail()
    document = template(g, Context(policy=Policy(), sink=Diagnostics()))
    props = document["Resources"]["Guardrail"]["Properties"]
    [insults] = [f for f in props["ContentPolicyConfig"]["FiltersConfig"] if f["Type"] == "INSULTS"]
    assert (insults["InputModalities"], insults["OutputModalities"]) == (
        ["IMAGE"],
        ["TEXT", "IMAGE"],
    )
    assert lint(json.loads(json.dumps(document))) == []


def test_the_evaluator_filters_no_text_on_an_image_only_side() -> None:
    written = plan(_guardrail())
    filters = {f["type"]: f for f in written["contentFilters"]}
    assert filters["VIOLENCE"]["input"] is None and filters["VIOLENCE"]["output"] is None
    assert filters["INSULTS"]["input"] is None  # images only: nothing to judge locally
    assert filters["INSULTS"]["output"] == {"action": "BLOCK", "strength": "LOW"}
    assert filters["HATE"]["images"] and not filters["MISCONDUCT"]["input"]
    # every filter that reads images is named as not evaluated locally
    listed = [n for n in written["notEvaluated"] if n.startswith("image content")]
    assert len(listed) == 6


def test_explain_says_what_each_side_reads() -> None:
    said = [r.rule for r in rows(_guardrail()) if r.kind == "filter"]
    assert said == [
        "hate (including images on input)",
        "violence images only",
        "sexual content including images",
        "insults (images only on input, including images on output)",
        "misconduct images only",
        "prompt attacks including images",
    ]
