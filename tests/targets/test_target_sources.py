"""Every guardrail the project ships compiles: the examples, the standard library's guardrails
(each stdlib file loaded as a root) and language.md's complete file. Each Bedrock request passes
botocore's own validation (a real client call behind a Stubber) and the strict check, for
CreateGuardrail and UpdateGuardrail, and each CloudFormation template is cfn-lint clean."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_checks import IDENTIFIER, lint, stubbed_call

from compiler.aws.bedrock_model import check_payload
from compiler.diagnostics.sink import Diagnostics, Severity
from compiler.ir import Guardrail, Policy
from compiler.pipeline import load
from compiler.targets import Context, bedrock, cloudformation

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ROOT / "tests" / "cases" / "ok" / "language-complete" / "input.guard"


@dataclass(frozen=True)
class Case:
    """One guardrail, the policy it was resolved in, and the root files that defined it."""

    source: str
    guardrail: Guardrail
    policy: Policy


def _load(label: str, paths: list[Path]) -> list[Case]:
    """The guardrails defined in `paths` (not those reached through `use`), loaded as roots."""
    sink = Diagnostics()
    loaded = load(paths, sink)
    errors = [
        f"{d.code} {d.span.file}:{d.span.line}: {d.message}"
        for d in sink.items
        if d.severity is Severity.ERROR
    ]
    assert not errors, errors  # shipped sources must load clean
    roots = set(loaded.roots)
    return [Case(label, g, loaded.policy) for g in loaded.policy.guardrails if g.span.file in roots]


def _cases() -> list[Case]:
    cases = _load("examples", sorted((ROOT / "examples").glob("*.guard")))
    for path in sorted((ROOT / "stdlib").glob("*.guard")):
        cases += _load(f"stdlib/{path.name}", [path])
    # every stdlib topic in one guardrail: each must compile within Bedrock's limits
    cases += _load("stdlib/tests/topics.guard", [ROOT / "stdlib" / "tests" / "topics.guard"])
    return cases + _load("language-complete", [COMPLETE])


CASES = _cases()


def test_the_corpus_has_every_kind_of_source() -> None:
    # An empty or shrunken corpus would make the checks below pass vacuously.
    by_source: dict[str, set[str]] = {}
    for case in CASES:
        by_source.setdefault(case.source, set()).add(case.guardrail.name)
    assert by_source["stdlib/baselines.guard"] == {
        "baseline-balanced",
        "baseline-internal",
        "baseline-public",
        "baseline-strict",
    }
    assert by_source["stdlib/tests/topics.guard"] == {"stdlib-topics"}
    assert by_source["language-complete"] == {"support-bot"}
    assert len(by_source["examples"]) == len(list((ROOT / "examples").glob("*.guard")))


def _context(case: Case) -> Context:
    return Context(policy=case.policy, sink=Diagnostics())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.source}:{c.guardrail.name}" for c in CASES])
def test_bedrock_request_passes_botocore_and_the_strict_check(case: Case) -> None:
    ctx = _context(case)
    [artefact] = bedrock.compile(case.guardrail, ctx)
    assert not ctx.sink.has_errors
    create: dict[str, Any] = json.loads(artefact.content)
    update = bedrock.update_payload(case.guardrail, IDENTIFIER)
    assert check_payload(create, "CreateGuardrail") == []
    assert check_payload(update, "UpdateGuardrail") == []
    stubbed_call("create_guardrail", create)
    stubbed_call("update_guardrail", update)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.source}:{c.guardrail.name}" for c in CASES])
def test_cloudformation_template_is_cfn_lint_clean(case: Case) -> None:
    ctx = _context(case)
    [artefact] = cloudformation.compile(case.guardrail, ctx)
    assert not ctx.sink.has_errors
    document = json.loads(artefact.content)
    assert lint(document) == []
    # An `access:` block always gives at least the deployer policy.
    has_policies = any(
        r["Type"] == "AWS::IAM::ManagedPolicy" for r in document["Resources"].values()
    )
    assert has_policies == (case.guardrail.access is not None)
