"""Environments and parameters (docs/language.md, "Environments and parameters").

`parameter "P" = default` and `environment "E":` are top-level definitions, visible like the
others (a file sees its own and those of the files it `use`s). Parameters are bound where a
statement names one (`effective._Builder.bind`); resolve builds, for `--env E`, only the
guardrails that see an environment E, and lays it over each (`place`): account and Region into
the `access:` block and the deployment, the key and tags where a guardrail says none, the name
suffix — and E241 where a guardrail already says something else, since an environment never
overrides silently. A `logging:` block gets the account and Region the same way
(`place_logging`). This module also lists the environments (`declared`, `visible`) and checks
each environment's `set` lines (E120 unknown parameter, E240 wrong type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import ir
from ..diagnostics.sink import Diagnostics, Label, nearest
from ..diagnostics.span import Span
from . import syntax as s
from .effective import mismatch


def declared(modules: Mapping[str, s.Module]) -> list[s.EnvironmentDef]:
    """Every environment definition of every loaded module (names may repeat across files that
    do not see each other; a file that sees two of one name gets E103 from resolve)."""
    return [
        item
        for name in sorted(modules)
        for item in modules[name].items
        if isinstance(item, s.EnvironmentDef)
    ]


def visible(
    modules: Mapping[str, s.Module], roots: Sequence[str], links: Mapping[str, Mapping[str, str]]
) -> list[str]:
    """The names of the environments the root files see (their own, and those of the files
    they `use`), sorted: what `--env` may name."""
    names: set[str] = set()
    for root in roots:
        for module in {root, *links.get(root, {}).values()}:
            found = modules.get(module)
            for item in found.items if found is not None else ():
                if isinstance(item, s.EnvironmentDef):
                    names.add(item.name)
    return sorted(names)


def parameters(modules: Mapping[str, s.Module]) -> dict[str, s.ParameterDef]:
    """Every parameter declared in a loaded module, by name (the first of a name)."""
    found: dict[str, s.ParameterDef] = {}
    for name in sorted(modules):
        for item in modules[name].items:
            if isinstance(item, s.ParameterDef):
                found.setdefault(item.name, item)
    return found


def check_sets(
    environments: Sequence[s.EnvironmentDef],
    declared_parameters: Mapping[str, s.ParameterDef],
    sink: Diagnostics,
) -> None:
    """Each `set "P" = V` names a declared parameter (E120) with a value of its type (E240), at
    most once per environment (E206)."""
    for env in environments:
        seen: dict[str, s.EnvSet] = {}
        for line in env.sets:
            definition = declared_parameters.get(line.name)
            if definition is None:
                near = nearest(line.name, list(declared_parameters))
                sink.emit(
                    "E120",
                    f"unknown parameter `{line.name}`",
                    line.span,
                    note=f'environment "{env.name}" sets a parameter nobody declares',
                    help=f'did you mean `"{near}"`?'
                    if near
                    else f'declare it: `parameter "{line.name}" = DEFAULT`',
                )
            elif isinstance(line.value, float) != isinstance(definition.value, float):
                mismatch(
                    sink, line, line.value, isinstance(definition.value, float), definition.span
                )
            if line.name in seen:
                sink.emit(
                    "E206",
                    f'parameter `{line.name}` is set twice in environment "{env.name}"',
                    line.span,
                    note="second line",
                    labels=(Label(span=seen[line.name].span, message="first set here"),),
                    help="keep one line",
                )
            seen.setdefault(line.name, line)


def values(env: s.EnvironmentDef | None) -> dict[str, str | float]:
    """The parameter values environment `env` sets (none without an environment)."""
    return {line.name: line.value for line in env.sets} if env is not None else {}


def _text(value: str | float) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def used_parameters(
    policy: ir.Policy,
    declared_parameters: Mapping[str, s.ParameterDef],
    environments: Sequence[s.EnvironmentDef],
    env: str | None,
) -> tuple[ir.Parameter, ...]:
    """The parameters some guardrail of `policy` uses, with the value in environment `env`
    (else the default) and every value the default and the environments give them."""
    names = sorted({name for g in policy.guardrails for _, name in g.parameters})
    chosen = values(next((e for e in environments if e.name == env), None))
    found: list[ir.Parameter] = []
    for name in names:
        definition = declared_parameters.get(name)
        if definition is None:
            continue
        given = [
            definition.value,
            *(values(e)[name] for e in environments if name in values(e)),
        ]
        found.append(
            ir.Parameter(
                name=name,
                number=isinstance(definition.value, float),
                value=chosen.get(name, definition.value),
                allowed=tuple(sorted({_text(v) for v in given})),
                span=definition.span,
            )
        )
    return tuple(found)


def _conflict(
    sink: Diagnostics,
    env: s.EnvironmentDef,
    what: str,
    mine: str,
    *,
    theirs: s.Text,
    at: Span,
    who: str = "the guardrail",
) -> None:
    sink.emit(
        "E241",
        f'environment "{env.name}" says {what} {theirs.value!r}, but {who} says {mine!r}',
        at,
        note=f'in environment "{env.name}"',
        labels=(Label(span=theirs.span, message=f'environment "{env.name}" says this'),),
        help=f"an environment fills in, it never overrides: make {who}'s value a "
        '`parameter "..."` the environment sets, or remove one of the two',
    )


def _fill_place(
    block: ir.Access | ir.Logging,
    spans: dict[str, Span],
    env: s.EnvironmentDef,
    sink: Diagnostics,
    who: str,
) -> dict[str, object]:
    """The account and Region `env` gives where `block` names none; E241 where it names
    others (at the block's own line, from `spans`)."""
    fill: dict[str, object] = {}
    for what, theirs in (("account", env.account), ("region", env.region)):
        mine = getattr(block, what)
        if theirs is None:
            continue
        if mine is None:
            fill[what] = theirs.value
        elif mine != theirs.value:
            at = spans.get(what, block.span)
            _conflict(sink, env, what, mine, theirs=theirs, at=at, who=who)
    return fill


def place_logging(block: ir.Logging, env: s.EnvironmentDef, sink: Diagnostics) -> ir.Logging:
    """`block` in `env`: the environment's account and Region where the block names none (as
    for an `access:` block), E241 where it names others."""
    fill = _fill_place(block, dict(block.spans), env, sink, "the logging block")
    return block.model_copy(update={**fill, "environment": env.name})


def place(g: ir.Guardrail, env: s.EnvironmentDef, sink: Diagnostics) -> ir.Guardrail:
    """`g` deployed in `env`: its deployment, access account and Region, key, tags and name
    suffix; E241 where the guardrail says otherwise."""
    update: dict[str, object] = {}
    access = g.access
    if access is not None:
        fill = _fill_place(access, dict(access.spans), env, sink, "the guardrail")
        if fill:
            update["access"] = access.model_copy(update=fill)
    if env.key is not None:
        if g.kms_key is None:
            update["kms_key"] = env.key.value
        elif g.kms_key != env.key.value:
            at = g.setting_span(g.spans.kms_key)
            _conflict(sink, env, "encrypt with key", g.kms_key, theirs=env.key, at=at)
    if env.tags:
        tags = list(g.tags)
        mine_tags = {t.key: t for t in g.tags}
        for key, theirs in env.tags:
            tag = mine_tags.get(key)
            if tag is None:
                tags.append(ir.Tag(key=key, value=theirs.value, span=theirs.span))
            elif tag.value != theirs.value:
                _conflict(sink, env, f"tag {key} =", tag.value, theirs=theirs, at=tag.span)
        update["tags"] = tuple(tags)
    update["deployment"] = ir.Deployment(
        environment=env.name,
        account=env.account.value if env.account else None,
        region=env.region.value if env.region else None,
        suffix=env.suffix.value if env.suffix else "",
        span=env.span,
    )
    return g.model_copy(update=update)
