"""Back-ends. Each target module exposes `compile(guardrail, ctx) -> list[Artefact]`.

The registry names modules rather than importing them, so `guardc check` never pays for a target
it does not run (the CloudFormation and IAM targets are cheap, but the evaluator bundles data).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..diagnostics.sink import Diagnostics
from ..ir import Guardrail, Policy


@dataclass(frozen=True, init=False)
class Artefact:
    """One output file, relative to `<out>/<guardrail>/` (`bedrock.json`, `iam/deployer.json`).

    Its bytes are `parts` written in order: a target may share a part between artefacts (every
    `evaluator.pyz` of a build shares the runtime's compressed bytes), so a build holds one copy.
    """

    path: str
    parts: tuple[bytes, ...]

    def __init__(self, path: str, content: bytes | Sequence[bytes]) -> None:
        parts = (content,) if isinstance(content, bytes) else tuple(content)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "parts", parts)

    @property
    def content(self) -> bytes:
        """The whole file (joined: a copy for a shared part; writers use `parts`)."""
        return b"".join(self.parts)


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
    # Work shared between targets within one build, keyed by (what, id(guardrail)) with the
    # guardrail kept in the value so that an id is never reused: e.g. the checked Bedrock
    # request, which `bedrock.json` and the CloudFormation template both hold.
    memo: dict[tuple[str, int], tuple[object, object]] = field(default_factory=dict)


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
