"""Resolve the `logging:` and `alarms for` blocks of the compiled files into the IR.

Like guardrails, only the files named on the command line count (a `use`d module's blocks are
not compiled). One `logging:` block per account and Region (E260: an account and Region has one
logging configuration; with several blocks each names its account and Region), one `alarms for`
block per guardrail (E260), and each names a compiled guardrail (E261, with a "did you mean").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import ir
from ..diagnostics.sink import Diagnostics, Label, nearest
from ..diagnostics.span import Span
from . import syntax as s


def resolve_monitoring(
    modules: Mapping[str, s.Module],
    roots: Sequence[str],
    guardrails: Sequence[str],
    sink: Diagnostics,
) -> tuple[tuple[ir.Logging, ...], tuple[ir.GuardrailAlarms, ...]]:
    """The logging blocks and the alarm sets of the files `roots`, for the compiled
    `guardrails` (names)."""
    blocks: list[ir.Logging] = []
    alarms: dict[str, s.AlarmsDecl] = {}
    compiled = set(guardrails)  # a set: a big policy has thousands of guardrails
    for root in roots:
        module = modules.get(root)
        for item in module.items if module is not None else ():
            if isinstance(item, s.LoggingDecl):
                block = _logging(item)
                other = next((b for b in blocks if _same_place(b, block)), None)
                if other is not None:
                    _twice(sink, item.span, other.span, "`logging:` block", "logging")
                    continue
                blocks.append(block)
            elif isinstance(item, s.AlarmsDecl):
                name = item.guardrail.name
                if name in alarms:
                    _twice(sink, item.span, alarms[name].span, f"`alarms for` `{name}`", "alarms")
                    continue
                if name not in compiled:
                    near = nearest(name, list(guardrails))
                    sink.emit(
                        "E261",
                        f"`alarms for` names guardrail `{name}`, which is not compiled",
                        item.guardrail.span,
                        note="no such guardrail among the sources",
                        help=f"did you mean `{near}`?"
                        if near
                        else "compile the guardrail's file together with this one",
                    )
                    continue
                alarms[name] = item
    return tuple(blocks), tuple(_alarms(alarms[name]) for name in sorted(alarms))


def _same_place(a: ir.Logging, b: ir.Logging) -> bool:
    """Two blocks configure the same account and Region unless both name them and differ."""
    (account_a, region_a), (account_b, region_b) = a.place, b.place
    if None in (account_a, region_a, account_b, region_b):
        return True
    return (account_a, region_a) == (account_b, region_b)


def _twice(sink: Diagnostics, at: Span, first: Span, what: str, kind: str) -> None:
    sink.emit(
        "E260",
        f"{what} is given twice",
        at,
        note="given again here",
        labels=(Label(span=first, message="first given here"),),
        help="an account and Region has one logging configuration: merge the blocks, or "
        "give each its own `account` and `region`"
        if kind == "logging"
        else "merge the alarms into one block",
    )


def _logging(decl: s.LoggingDecl) -> ir.Logging:
    spans: list[tuple[str, Span]] = []

    def value(name: str, text: s.Text | None) -> str | None:
        if text is None:
            return None
        spans.append((name, text.span))
        return text.value

    def destination(name: str, dest: s.Destination | None) -> ir.LogDestination | None:
        if dest is None:
            return None
        spans.append((name, dest.bucket.span))
        if dest.prefix is not None:
            spans.append((f"{name}.prefix", dest.prefix.span))
        prefix = dest.prefix.value if dest.prefix is not None else None
        return ir.LogDestination(bucket=dest.bucket.value, prefix=prefix, span=dest.span)

    if decl.retention is not None:
        spans.append(("retention", decl.retention.span))
    if decl.data:
        spans.append(("data", decl.data[0].span))
    for index, topic in enumerate(decl.notify):
        spans.append((f"notify[{index}]", topic.span))
    return ir.Logging(
        account=value("account", decl.account),
        region=value("region", decl.region),
        bucket=destination("bucket", decl.bucket),
        log_group=value("log_group", decl.log_group),
        retention_days=int(decl.retention.value) if decl.retention is not None else None,
        large_data=destination("large_data", decl.large_data),
        data=tuple(dict.fromkeys(d.data for d in decl.data)),
        kms_key=value("key", decl.key),
        role=value("role", decl.role),
        trail_log_group=value("trail_log_group", decl.trail_log_group),
        notify=tuple(t.value for t in decl.notify),
        spans=tuple(spans),
        span=decl.span,
    )


def _alarms(decl: s.AlarmsDecl) -> ir.GuardrailAlarms:
    return ir.GuardrailAlarms(
        guardrail=decl.guardrail.name,
        notify=tuple(t.value for t in decl.notify),
        notify_spans=tuple(t.span for t in decl.notify),
        alarms=tuple(
            ir.Alarm(
                metric=a.metric,
                direction=a.direction,
                policy_type=a.policy_type,
                threshold=a.threshold,
                unit=a.unit,
                minutes=a.minutes,
                span=a.span,
            )
            for a in decl.alarms
        ),
        span=decl.span,
    )


__all__ = ["resolve_monitoring"]
