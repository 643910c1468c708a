"""`guardc import ... --env E PATH...`: the imported source names the parameters and leaves out
what environment E supplies, so that it reads like the sources it was deployed from.

The sources PATH are loaded in environment E. In the imported source:

- a guardrail deployed under E's name suffix gets its name back (`support-bot-prod` →
  `support-bot`), in its starter test too;
- a value that equals E's value of a parameter the source uses at the same place (the
  guardrail's key, a tag, its description, a blocked message, the cross-Region profile, a
  grounding threshold, the automated-reasoning confidence, an `access:` account or Region; the
  logging block's account, Region, buckets and prefixes, log group and role) is written
  `parameter "P"`;
- a value E itself supplies (its key, its tags, its account and Region) is left out, since E
  fills it in again;
- the files that declare the parameters named are `use`d (a path relative to the written
  file), so the result loads: keep parameters and environments in a file of their own.

A value that differs from E's is written as deployed: that is drift, and `plan` shows it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics.sink import Diagnostics
from ..frontend import environments
from ..frontend import syntax as s
from ..ir import Guardrail, Logging, Policy
from ..pipeline import Loaded, load

_GUARDRAIL_FIELDS: dict[str, str] = {
    # syntax statement kind → the IR field its parameter is recorded under (the statements
    # whose record needs more than the kind are matched in `_statements`)
    "description": "description",
    "cross_region": "cross_region_profile",
}
_LOGGING_FIELDS = ("account", "region", "log_group", "role")


@dataclass
class Environment:
    """The sources as deployed in environment `name`, and what the import said with them."""

    name: str
    loaded: Loaded
    definition: s.EnvironmentDef | None
    named: set[str] = field(default_factory=set)  # parameters the imported source names

    @property
    def policy(self) -> Policy:
        return self.loaded.policy

    def value(self, parameter: str) -> str | float | None:
        """E's value of `parameter` (its `set`, else the default), if declared."""
        found = environments.parameters(self.loaded.modules).get(parameter)
        if found is None:
            return None
        mine = environments.values(self.definition)
        return mine.get(parameter, found.value)


def load_environment(paths: Sequence[str], env: str, sink: Diagnostics) -> Environment:
    """Load `paths` in environment `env` (a UsageError when no file sees it)."""
    loaded = load(paths, sink, env=env)
    seen = {
        module for root in loaded.roots for module in (root, *loaded.links.get(root, {}).values())
    }
    definition = next(
        (
            e
            for e in environments.declared(loaded.modules)
            if e.name == env and any(e in m.items for n, m in loaded.modules.items() if n in seen)
        ),
        None,
    )
    return Environment(env, loaded, definition)


def parameterise(module: s.Module, env: Environment) -> s.Module:
    """`module` (an imported source) saying `parameter "P"` and leaving out what `env`
    supplies, as the module docstring says."""
    items: list[s.TopLevel] = []
    renamed: dict[str, str] = {}
    for item in module.items:
        changed: s.TopLevel = item
        if isinstance(item, s.GuardrailDecl):
            g = _deployed_as(env.policy, item.name)
            if g is not None:
                renamed[item.name] = g.name
                changed = item.model_copy(
                    update={"name": g.name, "statements": tuple(_statements(item, g, env))}
                )
        elif isinstance(item, s.TestBlock) and item.guardrail.name in renamed:
            name = renamed[item.guardrail.name]
            changed = item.model_copy(
                update={
                    "name": item.name.replace(item.guardrail.name, name, 1),
                    "guardrail": item.guardrail.model_copy(update={"name": name}),
                }
            )
        elif isinstance(item, s.LoggingDecl):
            changed = _logging(item, env)
        items.append(changed)
    return module.model_copy(update={"items": tuple(items)})


def uses(env: Environment, written: str | None) -> list[str]:
    """`use "PATH"` targets for the files declaring the parameters the source names, relative
    to the folder of `written` (the current folder for stdout)."""
    declared = environments.parameters(env.loaded.modules)
    files = sorted({declared[name].span.file for name in env.named if name in declared})
    base = Path(written).resolve().parent if written else Path.cwd()
    targets: list[str] = []
    for file in files:
        path = Path(file).resolve()  # module names are the paths as given
        if not path.is_file():
            continue
        targets.append(Path(os.path.relpath(path, base)).as_posix())
    return targets


def source_name(env: Environment, bedrock_name: str) -> str:
    """The source's name of the guardrail deployed as `bedrock_name` in `env`."""
    g = _deployed_as(env.policy, bedrock_name)
    return g.name if g is not None else bedrock_name


# ── guardrails ──────────────────────────────────────────────────────────────────────────────


def _deployed_as(policy: Policy, bedrock_name: str) -> Guardrail | None:
    return next((g for g in policy.guardrails if g.bedrock_name == bedrock_name), None)


def _statements(decl: s.GuardrailDecl, g: Guardrail, env: Environment) -> Iterable[s.Statement]:
    """`decl`'s statements with parameters named, and those `env` supplies left out."""
    given = dict(g.parameters)  # where → parameter
    definition = env.definition
    env_tags = dict((k, t.value) for k, t in definition.tags) if definition else {}
    for st in decl.statements:
        match st:
            case s.TagStmt():
                where = f"tags:{st.key}"
                if where not in given and env_tags.get(st.key) == st.value:
                    continue  # the environment's own tag
                yield _named(st, env, [("value", given.get(where))])
            case s.KeyStmt():
                key = definition.key if definition is not None else None
                if "kms_key" not in given and key is not None and key.value == st.key:
                    continue  # the environment's key
                yield _named(st, env, [("key", given.get("kms_key"))])
            case s.MessageStmt():
                where = f"blocked_{st.direction.value.lower()}_message"
                yield _named(st, env, [("text", given.get(where))])
            case s.GroundingStmt():
                yield _named(st, env, [("threshold", given.get(f"grounding:{st.check.value}"))])
            case s.ReasoningStmt():
                yield _named(st, env, [("confidence", given.get("reasoning.confidence"))])
            case s.AccessStmt():
                yield _access(st, given, env)
            case s.DescriptionStmt() | s.CrossRegionStmt():
                field_name = "text" if isinstance(st, s.DescriptionStmt) else "profile"
                yield _named(st, env, [(field_name, given.get(_GUARDRAIL_FIELDS[st.kind]))])
            case _:
                yield st


def _named(
    st: s.Statement, env: Environment, fields: Sequence[tuple[str, str | None]]
) -> s.Statement:
    """`st` with each field whose value is `env`'s value of the parameter the source uses there
    written as that parameter (a placeholder value, as lowering leaves it)."""
    uses: list[s.ParamUse] = []
    update: dict[str, Any] = {}
    for field_name, parameter in fields:
        if parameter is None:
            continue
        current = getattr(st, field_name)
        written = current.value if isinstance(current, s.Text) else current
        if written is None or written != env.value(parameter):
            continue
        uses.append(s.ParamUse(field=field_name, name=parameter, span=st.span))
        env.named.add(parameter)
        if isinstance(current, s.Text):
            update[field_name] = s.Text(value="", span=current.span)
        else:
            update[field_name] = 0.0 if isinstance(current, float) else ""
    if not uses:
        return st
    assert isinstance(st, s.Parameterised)
    return st.model_copy(update={**update, "params": (*st.params, *uses)})


def _access(st: s.AccessStmt, given: dict[str, str], env: Environment) -> s.AccessStmt:
    """The `access:` block's account and Region: a parameter's, else left out when they are
    the environment's."""
    named = _named(st, env, [(f, given.get(f"access.{f}")) for f in ("account", "region")])
    assert isinstance(named, s.AccessStmt)
    definition = env.definition
    drop: dict[str, None] = {}
    for what in ("account", "region"):
        theirs = getattr(definition, what) if definition is not None else None
        mine = getattr(named, what)
        if any(u.field == what for u in named.params) or theirs is None or mine is None:
            continue
        if mine.value == theirs.value:
            drop[what] = None
    return named.model_copy(update=drop) if drop else named


# ── logging ─────────────────────────────────────────────────────────────────────────────────


def _logging(decl: s.LoggingDecl, env: Environment) -> s.LoggingDecl:
    """The imported `logging:` block against the source's block for the same place."""
    place = (
        decl.account.value if decl.account else None,
        decl.region.value if decl.region else None,
    )
    block = _block_for(env.policy.logging, place)
    if block is None:
        return decl
    given = {where: name for where, name, _ in block.parameters}
    uses: list[s.ParamUse] = []
    update: dict[str, Any] = {}

    def check(where: str, text: s.Text | None) -> s.Text | None:
        parameter = given.get(where)
        if text is None or parameter is None or text.value != env.value(parameter):
            return text
        uses.append(s.ParamUse(field=where, name=parameter, span=text.span))
        env.named.add(parameter)
        return s.Text(value="", span=text.span)

    for where in _LOGGING_FIELDS:
        update[where] = check(where, getattr(decl, where))
    for where in ("bucket", "large_data"):
        dest: s.Destination | None = getattr(decl, where)
        if dest is not None:
            update[where] = dest.model_copy(
                update={
                    "bucket": check(where, dest.bucket),
                    "prefix": check(f"{where}.prefix", dest.prefix),
                }
            )
    definition = env.definition
    for what in ("account", "region"):
        theirs = getattr(definition, what) if definition is not None else None
        mine: s.Text | None = update[what]
        same = theirs is not None and mine is not None and mine.value == theirs.value
        if same and what not in given:
            update[what] = None  # the environment gives it
    return decl.model_copy(update={**update, "params": tuple(uses)})


def _block_for(blocks: Sequence[Logging], place: tuple[str | None, str | None]) -> Logging | None:
    """The source's block for `place`: the one there, else the only one."""
    found = [b for b in blocks if place in (b.place, (b.account, b.region))]
    if found:
        return found[0]
    return blocks[0] if len(blocks) == 1 else None


__all__ = ["Environment", "load_environment", "parameterise", "source_name", "uses"]
