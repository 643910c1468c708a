"""The behavioural half of `guardc plan`: rebuild each deployed guardrail as IR and list the texts
whose verdict the plan changes (compiler/replay/behaviour.py does the comparing, with replay's
own per-text function).

The deployed configuration is what the lock file says is deployed (`deployed_per_lock`): the
published version it records for the guardrail, the one applications are pinned to, read with
GetGuardrail; the DRAFT (which the field-level plan compares) only when the lock file records no
published version of this guardrail, with a note saying so. `guardc replay --baseline-lock`
resolves its baseline with the same function. GetGuardrail's answer is written as source by
`guardc import` (`imported_source`) and loaded like any source text (`pipeline.load_text`). So
the deployed side is judged by the same evaluator, with the same engine, as the proposed side; a
member the language cannot say (E504) is named in a note, since the rebuilt configuration then
lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

    from ..aws.deploy import Planned
    from ..aws.lockfile import LockEntry
    from ..aws.remote import Deployed, Found
    from ..ir import Guardrail, Policy
    from ..replay.behaviour import Behaviour, Probe
    from ..runtime import Detectors, Evaluator

DEPLOYED_NAME = "<deployed>.guard"


@dataclass
class Evaluators:
    """One local evaluator per guardrail (by identity), built on first use with shared
    detectors; `failed` holds the guardrails whose plan the runtime could not build."""

    detectors: Detectors
    made: dict[int, tuple[Guardrail, Evaluator]] = field(default_factory=dict)

    def get(self, guardrail: Guardrail) -> Evaluator:
        from ..runtime import Evaluator
        from ..targets.evaluator import plan

        kept = self.made.get(id(guardrail))
        if kept is None or kept[0] is not guardrail:
            kept = self.made[id(guardrail)] = (
                guardrail,
                Evaluator(plan(guardrail), self.detectors),
            )
        return kept[1]


@dataclass(frozen=True)
class Against:
    """The deployed configuration a behavioural plan compares with: GetGuardrail's answer for
    `version` ("3", or "DRAFT"), and a note when it is the DRAFT."""

    deployed: Deployed
    version: str
    notes: tuple[str, ...] = ()


def deployed_per_lock(
    client: BedrockClient, found: Found, entry: LockEntry | None, draft: Deployed | None = None
) -> Against:
    """What the lock file says is deployed: the published version its entry records for this
    very guardrail (GetGuardrail of that version); else the DRAFT (`draft` when it was read
    already), with a note why. AwsError when a read fails."""
    from ..aws.remote import read

    if entry is not None and entry.id == found.id and entry.published is not None:
        version = str(entry.published)
        return Against(read(client, found, version), version)
    if entry is None:
        why = "the lock file records no version of this guardrail"
    elif entry.id != found.id:
        why = f"the lock file records another guardrail id ({entry.id})"
    else:
        why = "the lock file records no published version"
    deployed = draft if draft is not None else read(client, found, "DRAFT")
    return Against(deployed, "DRAFT", (f"compared with the DRAFT: {why}",))


def rebuild(deployed: Deployed, name: str) -> tuple[Guardrail | None, list[str]]:
    """The deployed guardrail as IR, and notes on what the rebuild could not carry over. None
    when the imported source does not load (then there is nothing to compare against)."""
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import load_text
    from .import_ import imported_source

    sink = Diagnostics()
    text = imported_source([(deployed.response, deployed.tags)], DEPLOYED_NAME, sink)
    notes = [f"deployed configuration rebuilt without a member: {d.message}" for d in sink.sorted()]
    loaded_sink = Diagnostics()
    loaded = load_text(text, loaded_sink, DEPLOYED_NAME)
    guardrail = loaded.policy.guardrail(name) if not loaded_sink.has_errors else None
    if guardrail is None:
        first = next(iter(loaded_sink.sorted()), None)
        why = f": {first.code} {first.message}" if first is not None else ""
        notes.append(f"the deployed configuration could not be rebuilt as source{why}")
    return guardrail, notes


def behaviours(
    plans: Sequence[Planned],
    policy: Policy,
    corpus: Sequence[Probe],
    engine: str | None = None,
    against: Mapping[str, Against] | None = None,
) -> dict[str, Behaviour]:
    """The behavioural plan of every planned guardrail, by name, against what `against` says is
    deployed (by the guardrail's name in Bedrock; the plan's DRAFT for one it does not name)."""
    from ..diagnostics.usage import UsageError
    from ..replay.behaviour import AGAINST_DEPLOYED, Behaviour, compare, expectation_probes
    from ..runtime.engine import default_detectors

    try:
        evaluators = Evaluators(default_detectors(engine))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    out: dict[str, Behaviour] = {}
    for p in plans:
        name = p.desired.name  # in Bedrock: with the environment's name suffix, if any
        proposed = policy.guardrail(p.desired.source_name)
        if proposed is None:  # pragma: no cover - every plan comes from a compiled guardrail
            continue
        probes = [*expectation_probes(policy, p.desired.source_name), *corpus]
        deployed: Guardrail | None = None
        notes: list[str] = []
        version: str | None = None
        if p.deployed is not None:
            side = (against or {}).get(name) or Against(p.deployed, "DRAFT")
            version, notes = side.version, list(side.notes)
            deployed, rebuilt = rebuild(side.deployed, name)
            notes.extend(rebuilt)
            if deployed is None:
                out[name] = Behaviour(AGAINST_DEPLOYED, version=version, notes=notes)
                continue
        try:
            old = evaluators.get(deployed) if deployed is not None else None
            result = compare(old, evaluators.get(proposed), probes)
        except ValueError as exc:  # a pattern the runtime cannot compile
            out[name] = Behaviour(
                AGAINST_DEPLOYED, version=version, notes=[*notes, f"not evaluated: {exc}"]
            )
            continue
        skipped = {
            item
            for g in (proposed, deployed)
            if g is not None
            for item in evaluators.get(g).plan.not_evaluated
        }
        result.version = version
        result.notes = [*notes, *(f"not evaluated locally: {s}" for s in sorted(skipped))]
        out[name] = result
    return out
