"""Resolve the `logging:` and `alarms for` blocks of the compiled files into the IR.

Like guardrails, only the files named on the command line count (a `use`d module's blocks are
not compiled). One `logging:` block per account and Region (E260: an account and Region has one
logging configuration; with several blocks each names its account and Region), one `alarms for`
block per guardrail (E260), and each names a compiled guardrail (E261, with a "did you mean").

A logging value or an alarm's topic or threshold written `parameter "P"` is bound as a
guardrail's are (the environment's value, else the default; E120 for an unknown parameter, E240
for a value of the wrong type: a retention or threshold takes a number, everything else a
string), with the parameters its file sees; in an environment a logging block then gets the
environment's account and Region where it names none (`environments.place_logging`, E241 where
it names others).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import ir
from ..diagnostics.sink import Diagnostics, Label, nearest
from ..diagnostics.span import Span
from . import environments
from . import syntax as s
from .effective import mismatch, unknown
from .scope import Scope


def resolve_monitoring(
    modules: Mapping[str, s.Module],
    roots: Sequence[str],
    guardrails: Sequence[str],
    sink: Diagnostics,
    *,
    scopes: Mapping[str, Scope] | None = None,
    environment: str | None = None,
) -> tuple[tuple[ir.Logging, ...], tuple[ir.GuardrailAlarms, ...]]:
    """The logging blocks and the alarm sets of the files `roots`, for the compiled
    `guardrails` (names); the parameters of both kinds of block bound with the parameters
    each file sees in `scopes`, in `environment` when one is chosen."""
    blocks: list[ir.Logging] = []
    alarms: dict[str, ir.GuardrailAlarms] = {}
    compiled = set(guardrails)  # a set: a big policy has thousands of guardrails
    for root in roots:
        module = modules.get(root)
        scope = scopes.get(root) if scopes is not None else None
        env = scope.get("environment", environment) if scope and environment else None
        placed = env if isinstance(env, s.EnvironmentDef) else None
        for item in module.items if module is not None else ():
            if isinstance(item, s.LoggingDecl):
                bound = _bind(item, scope, placed, sink)
                if bound is None:
                    continue
                block = _logging(_with_values(item, bound[0]), bound[1])
                if isinstance(env, s.EnvironmentDef):
                    block = environments.place_logging(block, env, sink)
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
                bound = _bind(item, scope, placed, sink)
                if bound is not None:
                    alarms[name] = _alarms(item, *bound, placed)
    return tuple(blocks), tuple(alarms[name] for name in sorted(alarms))


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


Values = Mapping[str, s.Text | s.Number]
Used = tuple[tuple[str, str, Span], ...]


def _bind(
    decl: s.LoggingDecl | s.AlarmsDecl,
    scope: Scope | None,
    env: s.EnvironmentDef | None,
    sink: Diagnostics,
) -> tuple[Values, Used] | None:
    """The value in `env` (else the default) of each `parameter "P"` of `decl`, by field, and
    (field, parameter, where that value is written) for each; None after E120, E240 or E263.
    A retention or an alarm's threshold takes a number, every other value a string."""
    if not decl.params:
        return {}, ()
    values = {line.name: line for line in env.sets} if env is not None else {}
    texts: dict[str, s.Text | s.Number] = {}
    used: list[tuple[str, str, Span]] = []
    failed = False
    for use in decl.params:
        found = scope.get("parameter", use.name) if scope is not None else None
        if not isinstance(found, s.ParameterDef):
            known = scope.known("parameter") if scope is not None else []
            unknown(sink, "E120", "parameter", s.Ref(name=use.name, span=use.span), known)
            failed = True
            continue
        setting = values.get(use.name)
        value = setting.value if setting is not None else found.value
        origin = setting.span if setting is not None else found.span
        number = use.field == "retention" or use.field.endswith(".threshold")
        if isinstance(value, float) != number:
            mismatch(sink, use, value, number, found.span)
            failed = True
            continue
        if isinstance(value, float):
            if use.field == "retention" and (not value.is_integer() or value < 1):
                _not_days(sink, use, value, origin)
                failed = True
                continue
            texts[use.field] = s.Number(value=value, span=use.span)
        else:
            texts[use.field] = s.Text(value=value, span=use.span)
        used.append((use.field, use.name, origin))
    if failed:
        return None
    return texts, tuple(used)


def _not_days(sink: Diagnostics, use: s.ParamUse, value: float, origin: Span) -> None:
    """E263: a retention parameter whose value is not a whole number of days."""
    sink.emit(
        "E263",
        f"retention `{value:g}` (parameter `{use.name}`) is not a whole number of days",
        use.span,
        note="a whole number of days goes here",
        labels=(Label(span=origin, message=f"the value of parameter `{use.name}`, given here"),),
        help='set the parameter to whole days, e.g. `set "log days" = 365`',
    )


def _with_values(decl: s.LoggingDecl, texts: Values) -> s.LoggingDecl:
    """`decl` with the placeholders of the fields in `texts` (`bucket.prefix`, `notify[1]`,
    ...) replaced by those values."""
    update: dict[str, object] = {}
    for name in ("bucket", "large_data"):
        dest = getattr(decl, name)
        if dest is not None and (name in texts or f"{name}.prefix" in texts):
            update[name] = dest.model_copy(
                update={
                    "bucket": texts.get(name, dest.bucket),
                    "prefix": texts.get(f"{name}.prefix", dest.prefix),
                }
            )
    for name in ("account", "region", "log_group", "retention", "key", "role", "trail_log_group"):
        if name in texts:
            update[name] = texts[name]
    update["notify"] = _topics(decl.notify, texts)
    return decl.model_copy(update=update)


def _topics(topics: tuple[s.Text, ...], texts: Values) -> tuple[s.Text, ...]:
    """A block's `notify` topics with the values of those a parameter gives (`notify[1]`)."""
    out: list[s.Text] = []
    for index, topic in enumerate(topics):
        given = texts.get(f"notify[{index}]", topic)
        out.append(given if isinstance(given, s.Text) else topic)
    return tuple(out)


def _logging(decl: s.LoggingDecl, parameters: Used) -> ir.Logging:
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
        parameters=parameters,
        span=decl.span,
    )


def _alarms(
    decl: s.AlarmsDecl, values: Values, parameters: Used, env: s.EnvironmentDef | None
) -> ir.GuardrailAlarms:
    """The alarm set of `decl`, with the values `values` its parameters have (`notify[0]`,
    `alarms[1].threshold`) in `env`."""
    notify = _topics(decl.notify, values)

    def threshold(index: int, alarm: s.AlarmStmt) -> float:
        given = values.get(f"alarms[{index}].threshold")
        return given.value if isinstance(given, s.Number) else alarm.threshold

    return ir.GuardrailAlarms(
        guardrail=decl.guardrail.name,
        notify=tuple(t.value for t in notify),
        notify_spans=tuple(t.span for t in notify),
        alarms=tuple(
            ir.Alarm(
                metric=a.metric,
                direction=a.direction,
                policy_type=a.policy_type,
                threshold=threshold(i, a),
                unit=a.unit,
                minutes=a.minutes,
                span=a.span,
            )
            for i, a in enumerate(decl.alarms)
        ),
        parameters=parameters,
        environment=env.name if env is not None else None,
        span=decl.span,
    )


__all__ = ["resolve_monitoring"]
