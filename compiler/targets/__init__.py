"""Back-ends. Each target module exposes `compile(guardrail, ctx) -> list[Artefact]`.

The registry names modules rather than importing them, so `guardc check` never pays for a target
it does not run (the CloudFormation and IAM targets are cheap, but the evaluator bundles data).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..diagnostics.sink import Diagnostics
from ..ir import Guardrail, Policy


@dataclass(frozen=True)
class Artefact:
    """One output file, relative to `<out>/<guardrail>/` (`bedrock.json`, `iam/deployer.json`)."""

    path: str
    content: bytes


@dataclass
class Context:
    """What every target may read besides the guardrail itself.

    `guardrail_arns` maps guardrail name → ARN with an optional `:VERSION` suffix, from
    `--guardrail-arn` (which wins) and `guardc.lock.json`.
    """

    policy: Policy
    sink: Diagnostics
    guardrail_arns: dict[str, str] = field(default_factory=dict)
    lock: dict[str, dict[str, object]] = field(default_factory=dict)
    account: str | None = None
    region: str | None = None


CompileFn = Callable[[Guardrail, Context], list[Artefact]]

# name → module under compiler.targets; `all` runs them in this order.
REGISTRY: dict[str, str] = {
    "bedrock": "bedrock",
    "cloudformation": "cloudformation",
    "iam": "iam",
    "evaluator": "evaluator",
}


def load_target(name: str) -> CompileFn:
    """The `compile` function of target `name` (imported on first use)."""
    module = importlib.import_module(f"{__name__}.{REGISTRY[name]}")
    fn: CompileFn = module.compile
    return fn
