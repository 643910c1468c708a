"""Back-ends, and the one registry that names them.

Each target module exposes `compile(guardrail, ctx) -> list[Artefact]`, a pure function of the
IR. `TARGETS` is the ordered registry: `guardc compile`'s `--target` choices, their order (that
of `all`), its help text, which targets need an `access:` block and which check scopes hold
their sources (`validate.SCOPES`) all come from it. Adding a target is one module and one entry
here (docs/architecture.md has the checklist).

What a target cannot express becomes a diagnostic through `Context.unsupported`, never a crash
and never a silent gap. The registry names modules rather than importing them, and this module
stays standard library only, so `guardc check` pays for no target and `guardc compile` only for
those it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .jsontext import canonical

if TYPE_CHECKING:  # typing only: the IR and the sink pull in pydantic
    from ..diagnostics.sink import Diagnostics
    from ..diagnostics.span import Span
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
    # guardc.calibration.json as read (testing/calibration.py), or None: the local cut points
    # each guardrail's evaluator plan carries
    calibration: dict[str, Any] | None = None

    def unsupported(self, code: str, message: str, span: Span, *, help: str | None = None) -> None:
        """Report what a target cannot express, and what it wrote instead or left out, as the
        warning `code` at `span` (the construct's line). The one path for that: a target never
        raises on a construct and never drops one silently; the rest of its output is written."""
        self.sink.emit(code, message, span, help=help)


CompileFn = Callable[["Guardrail", Context], list[Artefact]]


def canonical_json(document: object) -> bytes:
    """The project's canonical JSON, for every JSON artefact (and the content hash of a
    payload): sorted keys, two-space indent, ASCII, final newline. Byte-identical for equal
    documents, so outputs diff cleanly and hashes are stable."""
    return (canonical(document) + "\n").encode("ascii")


@dataclass(frozen=True)
class TargetSpec:
    """One back-end: `module` under `compiler.targets`, its name in prose (`title`, for help
    texts), the artefacts it may write per guardrail, whether it needs an `access:` block
    (without one it writes nothing for that guardrail and says so, W205, naming `output`), and
    the check scopes its output must pass (`validate.SCOPES`; "bedrock": Bedrock's quotas)."""

    name: str
    module: str
    title: str
    artefacts: tuple[str, ...]
    needs_access: bool = False
    output: str = ""
    limits: tuple[str, ...] = ("bedrock",)
    # "guardrail": `compile(guardrail, ctx)` per guardrail, into `<out>/<guardrail>/`;
    # "account": `compile_account(policy, ctx)` once, into `<out>/ACCOUNT_FOLDER/`
    per: str = "guardrail"


ACCOUNT_FOLDER = "@monitoring"  # `@` is in no guardrail name (E216), so it never meets one
AccountCompileFn = Callable[["Policy", Context], list[Artefact]]


# `all` runs them in this order. Every target today ends in Bedrock (the evaluator mirrors it),
# so each is held to Bedrock's limits.
TARGETS: dict[str, TargetSpec] = {
    spec.name: spec
    for spec in (
        TargetSpec("bedrock", "bedrock", "Bedrock", ("bedrock.json",)),
        TargetSpec("cloudformation", "cloudformation", "CloudFormation", ("cloudformation.json",)),
        TargetSpec(
            "iam",
            "iam",
            "IAM",
            (
                "iam/deployer.json",
                "iam/application.json",
                "iam/enforcement.json",
                "kms-key-policy.json",
            ),
            needs_access=True,
            output="IAM and KMS",
        ),
        TargetSpec("evaluator", "evaluator", "evaluator", ("evaluator.pyz",)),
        TargetSpec(
            "monitoring",
            "monitoring",
            "monitoring",
            (
                "logging.json",
                "iam/logging-deployer.json",
                "kms-key-policy.json",
                "cloudformation.json",
            ),
            limits=(),
            per="account",
        ),
    )
}


def listed(words: Iterable[str], last: str = "and") -> str:
    """`a, b, c and d`: registry names and titles in help texts."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def load_target(name: str) -> CompileFn:
    """The `compile` function of target `name` (imported on first use); a target of the
    account writes nothing per guardrail."""
    if TARGETS[name].per == "account":
        return _nothing
    module = importlib.import_module(f"{__name__}.{TARGETS[name].module}")
    fn: CompileFn = module.compile
    return fn


def _nothing(guardrail: Guardrail, ctx: Context) -> list[Artefact]:
    return []


def run_account_targets(
    specs: Iterable[TargetSpec], policy: Policy, ctx: Context
) -> list[Artefact]:
    """The artefacts of the account-level targets among `specs` (`<out>/ACCOUNT_FOLDER/`)."""
    out: list[Artefact] = []
    for spec in specs:
        if spec.per == "account":
            module = importlib.import_module(f"{__name__}.{spec.module}")
            fn: AccountCompileFn = module.compile_account
            out.extend(fn(policy, ctx))
    return out


def run_target(
    spec: TargetSpec, fn: CompileFn, guardrail: Guardrail, ctx: Context
) -> list[Artefact]:
    """`fn`'s artefacts for `guardrail`, or none, through `ctx.unsupported`, when the target
    needs what the guardrail does not have."""
    if spec.needs_access and guardrail.access is None:
        everyone = ctx.policy.guardrails
        if len(everyone) > 1 and all(g.access is None for g in everyone):
            # a project that has not adopted `access:` (a team migrating): one warning for the
            # build, at its first guardrail, not one per guardrail
            if guardrail.name == everyone[0].name:
                ctx.unsupported(
                    "W205",
                    f"no guardrail has an access block: {spec.output} output skipped for all"
                    f" {len(everyone)}",
                    guardrail.span,
                    help="add an `access:` block to each guardrail whose permissions guardc"
                    " should write",
                )
            return []
        ctx.unsupported(
            "W205",
            f"guardrail `{guardrail.name}` has no access block: {spec.output} output skipped",
            guardrail.span,
            help="add an `access:` block naming who deploys and applies the guardrail",
        )
        return []
    return fn(guardrail, ctx)
