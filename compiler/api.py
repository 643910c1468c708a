"""guardc as a library: the functions `compiler/__init__.py` exports (documented there).

The same pipeline as the command line, without its printing and exit codes: sources become a
`Result` holding the resolved policy, every diagnostic (in report order) and, for
`compile_source`, the artefacts the targets wrote. Bad sources never raise; `UsageError` is
raised for what the command line would refuse with exit 2 (an unreadable path, an unknown
target or engine).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics.render import render_text
from .diagnostics.sink import Diagnostic, Diagnostics, Severity
from .diagnostics.usage import UsageError
from .ir import Guardrail, Policy
from .pipeline import Loaded
from .pipeline import load as _load_paths
from .pipeline import load_text as _load_text
from .runtime.engine import Evaluator, default_detectors
from .runtime.request import text_content
from .targets import ACCOUNT_FOLDER, TARGETS, Context, load_target, run_account_targets, run_target
from .targets.evaluator import plan

Artefacts = dict[str, dict[str, bytes]]  # guardrail name → artefact path → bytes


@dataclass(frozen=True)
class Result:
    """What `load` or `compile_source` produced.

    `diagnostics` are in report order (by file and position); `sources` maps each file's
    display name to its text (for rendering); `artefacts` maps guardrail → path → bytes (and
    `@monitoring` → `PLACE/file` → bytes for the account-level target), filled
    by `compile_source` only, and only when no error was reported (as `guardc compile` writes
    nothing then)."""

    policy: Policy
    diagnostics: list[Diagnostic]
    sources: dict[str, str]
    artefacts: Artefacts = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no error was reported (warnings alone are fine)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def report(self) -> str:
        """The diagnostics as `guardc check` prints them (text, no colour)."""
        return render_text(self.diagnostics, self.sources, color=False)


def _result(loaded: Loaded, sink: Diagnostics, artefacts: Artefacts | None = None) -> Result:
    return Result(loaded.policy, sink.sorted(), loaded.sources, artefacts or {})


def load(paths: str | Path | Sequence[str | Path], *, root: str | Path | None = None) -> Result:
    """Load, resolve and check `.guard` files and folders, as `guardc check` does."""
    named = [paths] if isinstance(paths, str | Path) else list(paths)
    sink = Diagnostics()
    return _result(_load_paths(named, sink, root), sink)


def compile_source(
    text: str,
    *,
    name: str = "source.guard",
    targets: Sequence[str] | None = None,
    guardrail_arns: Mapping[str, str] | None = None,
    root: str | Path | None = None,
) -> Result:
    """Compile one source given as text, as `guardc compile` compiles a file.

    `targets` names targets of `compiler.targets.TARGETS` (default: all, in registry order);
    `guardrail_arns` maps guardrail name → deployed ARN (`--guardrail-arn`; no lock file is
    read). `use "path"` statements are relative to `root` (default: the current folder)."""
    asked = list(targets) if targets is not None else list(TARGETS)
    unknown = [t for t in asked if t not in TARGETS]
    if unknown:
        raise UsageError(f"unknown target `{unknown[0]}`; targets: {', '.join(TARGETS)}")
    specs = [spec for key, spec in TARGETS.items() if key in asked]
    sink = Diagnostics()
    limits = {scope for spec in specs for scope in spec.limits}
    loaded = _load_text(text, sink, name, root, limits=limits)
    if sink.has_errors:
        return _result(loaded, sink)
    ctx = Context(policy=loaded.policy, sink=sink, guardrail_arns=dict(guardrail_arns or {}))
    artefacts: Artefacts = {}
    for guardrail in loaded.policy.guardrails:
        for spec in specs:
            for artefact in run_target(spec, load_target(spec.name), guardrail, ctx):
                artefacts.setdefault(guardrail.name, {})[artefact.path] = artefact.content
    for artefact in run_account_targets(specs, loaded.policy, ctx):
        artefacts.setdefault(ACCOUNT_FOLDER, {})[artefact.path] = artefact.content
    return _result(loaded, sink, {} if sink.has_errors else artefacts)


_EVALUATORS: dict[tuple[int, str | None], tuple[Guardrail, Evaluator]] = {}


def evaluate(
    guardrail: Guardrail,
    source: str,
    content: str | Sequence[Mapping[str, Any]],
    *,
    engine: str | None = None,
    deterministic: bool = False,
) -> dict[str, Any]:
    """ApplyGuardrail's response for `content` on the local evaluator of `guardrail`.

    `source` is `INPUT` or `OUTPUT`; `content` a text or ApplyGuardrail content blocks
    (`[{"text": {"text": ...}}]`); `engine` `standard` or `embed` (default: `GUARDC_ENGINE`,
    else standard); `deterministic` leaves out the measured latency, as `guardc test` does. The
    evaluator of a guardrail is built once and kept (up to 16)."""
    key = (id(guardrail), engine)
    kept = _EVALUATORS.get(key)
    if kept is None or kept[0] is not guardrail:
        try:
            detectors = default_detectors(engine)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if len(_EVALUATORS) >= 16:
            _EVALUATORS.pop(next(iter(_EVALUATORS)))
        kept = _EVALUATORS[key] = (guardrail, Evaluator(plan(guardrail), detectors))
    blocks = text_content(content) if isinstance(content, str) else content
    response: dict[str, Any] = kept[1].apply(source, blocks, deterministic=deterministic)
    return response
