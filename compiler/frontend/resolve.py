"""Stage 3: syntax modules → the resolved `ir.Policy`.

Binds names across modules (a module sees its own top-level definitions and those of the modules
it `use`s directly), reports duplicates (E103, E110), cycles (E102, E109) and unknown names
(E104–E108, E217, with a "did you mean"), and builds each guardrail's effective rules
(`effective.py`): groups and word lists expanded, directions explicit, `extends` applied.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from .. import ir
from ..diagnostics.sink import Diagnostics, Label
from . import environments
from . import syntax as s
from .construct import made
from .effective import Effective, build, merge, to_guardrail, unknown
from .monitoring import resolve_monitoring
from .scope import Definition, Scope

_KIND_WORD = {
    "topic": "topic",
    "words": "word list",
    "pii_group": "pii group",
    "pattern": "pattern",
    "guardrail": "guardrail",
    "parameter": "parameter",
    "environment": "environment",
}


def conventional_links(modules: Mapping[str, s.Module]) -> dict[str, dict[str, str]]:
    """What each `use` names when no loader said so: `stdlib.x` → `stdlib/x.guard`, a path
    relative to the using file's folder."""
    links: dict[str, dict[str, str]] = {}
    for name, module in modules.items():
        links[name] = {}
        for use in (i for i in module.items if isinstance(i, s.Use)):
            if use.is_path:
                joined = os.path.normpath(os.path.join(os.path.dirname(name), use.target))
                target = PurePosixPath(joined.replace(os.sep, "/")).as_posix()
            else:
                target = use.target.replace(".", "/") + ".guard"
            if target in modules:
                links[name][use.target] = target
    return links


def resolve(
    modules: Mapping[str, s.Module],
    roots: Sequence[str],
    sink: Diagnostics,
    *,
    links: Mapping[str, Mapping[str, str]] | None = None,
    environment: str | None = None,
) -> ir.Policy:
    """Bind the names of `modules` and build the policy of the guardrails defined in `roots`.

    `links` maps each module's `use` targets to module names (the loader knows; without it the
    conventional names are assumed). With `environment`, only the guardrails that see an
    environment of that name (defined in their file or a file it `use`s) are built, with its
    parameter values and settings (environments.place); the others are left out, and so are
    the tests of guardrails left out and the logging and alarm blocks of files that do not see
    the environment."""
    graph = {m: dict(t) for m, t in (links or conventional_links(modules)).items()}
    _check_cycles(modules, graph, sink)
    own = {name: _own(module, sink) for name, module in modules.items()}
    scopes = {name: _scope(name, modules, own, graph, sink) for name in modules}
    _unique_guardrails(modules, roots, sink)
    resolver = _Guardrails(modules, scopes, sink, environment)
    chosen: dict[str, ir.Guardrail] = {}
    for root in roots:
        for decl in _decls(modules.get(root)):
            guardrail = resolver.deployed(root, decl)
            if guardrail is not None:
                chosen.setdefault(guardrail.name, guardrail)
    tests: list[ir.TestSuite] = []
    for root in roots:
        for block in (i for i in _items(modules.get(root)) if isinstance(i, s.TestBlock)):
            target = _test_target(
                root, block, modules=modules, roots=roots, scopes=scopes, sink=sink
            )
            if target is None:
                continue
            owner, decl = target
            if decl.name not in chosen:  # a guardrail a root's test names from a used module
                guardrail = resolver.deployed(owner, decl)
                if guardrail is not None:
                    chosen[guardrail.name] = guardrail
                elif environment is not None:
                    continue  # its guardrail is not in this environment
            tests.append(
                made(
                    ir.TestSuite,
                    name=block.name,
                    guardrail=decl.name,
                    expectations=block.expectations,
                    span=block.span,
                )
            )
    if environment is not None:  # only the files that see the environment deploy in it
        roots = [r for r in roots if scopes[r].get("environment", environment) is not None]
    logging, alarms = resolve_monitoring(
        modules, roots, sorted(chosen), sink, scopes=scopes, environment=environment
    )
    return ir.Policy(
        guardrails=tuple(chosen[n] for n in sorted(chosen)),
        tests=tuple(tests),
        logging=logging,
        alarms=alarms,
    )


def _items(module: s.Module | None) -> tuple[s.TopLevel, ...]:
    return module.items if module is not None else ()


def _decls(module: s.Module | None) -> list[s.GuardrailDecl]:
    return [i for i in _items(module) if isinstance(i, s.GuardrailDecl)]


def _check_cycles(
    modules: Mapping[str, s.Module], graph: Mapping[str, Mapping[str, str]], sink: Diagnostics
) -> None:
    """E102 at the `use` that closes each cycle of modules.

    A depth-first walk with its own stack, not recursion: a `use` chain thousands of files
    deep must not exhaust Python's."""
    done: set[str] = set()
    reported: set[frozenset[str]] = set()

    def report(name: str, target_text: str, target: str, path: list[str]) -> None:
        cycle = [*path[path.index(target) :], target]
        if frozenset(cycle) in reported:
            return
        reported.add(frozenset(cycle))
        use = next(
            i for i in _items(modules.get(name)) if isinstance(i, s.Use) and i.target == target_text
        )
        sink.emit(
            "E102",
            "import cycle: " + " → ".join(f"`{m}`" for m in cycle),
            use.span,
            note="this `use` closes the cycle",
            help="move the shared definitions into a module both can use",
        )

    for start in sorted(modules):
        if start in done:
            continue
        path, on_path = [start], {start}
        stack = [iter(graph.get(start, {}).items())]
        while stack:
            for target_text, target in stack[-1]:
                if target in on_path:
                    report(path[-1], target_text, target, path)
                elif target in modules and target not in done:
                    path.append(target)
                    on_path.add(target)
                    stack.append(iter(graph.get(target, {}).items()))
                    break
            else:  # every `use` of the module on top followed: it is done
                stack.pop()
                on_path.discard(path[-1])
                done.add(path.pop())


def _own(module: s.Module, sink: Diagnostics) -> dict[str, dict[str, Definition]]:
    """A module's own top-level definitions by kind and name; E103 for a name defined twice."""
    own: dict[str, dict[str, Definition]] = {}
    for item in module.items:
        if isinstance(item, s.Use | s.TestBlock | s.LoggingDecl | s.AlarmsDecl):
            continue
        names = own.setdefault(item.kind, {})
        if item.name in names and item.kind != "guardrail":  # guardrails: E110, across files
            _duplicate(sink, item, names[item.name], "first defined here")
            continue
        names.setdefault(item.name, item)
    return own


def _duplicate(
    sink: Diagnostics,
    at: Definition | s.Use,
    other: Definition,
    note: str,
    first: Definition | None = None,
) -> None:
    """E103 at `at` (a definition, or the `use` that made a second one visible)."""
    what = _KIND_WORD[other.kind]
    labels = [Label(span=other.span, message=note)]
    if first is not None:
        labels.insert(0, Label(span=first.span, message="first defined here"))
    sink.emit(
        "E103",
        f"{what} `{other.name}` is defined twice",
        at.span,
        note="defined again here" if first is None else "this makes a second one visible",
        labels=tuple(labels),
        help=f"rename or remove one; names of each kind ({what}s) must be unique where visible",
    )


def _scope(
    name: str,
    modules: Mapping[str, s.Module],
    own: Mapping[str, dict[str, dict[str, Definition]]],
    graph: Mapping[str, Mapping[str, str]],
    sink: Diagnostics,
) -> Scope:
    """A module's own definitions plus those of the modules it uses directly.

    A clash is reported in this module, where it can be fixed: at its own definition when it
    has one, else at the `use` that brought the second definition in."""
    scope = Scope(name)
    uses = {t: u for u in _items(modules.get(name)) if isinstance(u, s.Use) for t in [u.target]}
    targets = {target: uses.get(text) for text, target in graph.get(name, {}).items()}
    for source in dict.fromkeys([name, *targets]):
        for kind, defs in own.get(source, {}).items():
            names = scope.names.setdefault(kind, {})
            for def_name, definition in defs.items():
                first, first_source = names.get(def_name, (None, ""))
                if first is None:
                    names[def_name] = (definition, source)
                elif first is not definition and kind != "guardrail" and source != name:
                    use = targets.get(source)
                    if first_source == name or use is None:
                        _duplicate(sink, first, definition, "also defined here")
                    else:
                        _duplicate(sink, use, definition, "defined here", first)
    return scope


def _unique_guardrails(
    modules: Mapping[str, s.Module], roots: Sequence[str], sink: Diagnostics
) -> None:
    """E110 for a guardrail name defined more than once anywhere (roots first, then the rest)."""
    order = [*roots, *sorted(m for m in modules if m not in roots)]
    seen: dict[str, s.GuardrailDecl] = {}
    for module in order:
        for decl in _decls(modules.get(module)):
            if decl.name in seen:
                sink.emit(
                    "E110",
                    f"guardrail `{decl.name}` is defined twice",
                    decl.span,
                    note="defined again here",
                    labels=(Label(span=seen[decl.name].span, message="first defined here"),),
                    help="guardrail names are Bedrock names and output folders: make them unique",
                )
            else:
                seen[decl.name] = decl


class _Guardrails:
    """Builds effective guardrails on demand, following `extends` (memoised; E108, E109)."""

    def __init__(
        self,
        modules: Mapping[str, s.Module],
        scopes: Mapping[str, Scope],
        sink: Diagnostics,
        environment: str | None,
    ) -> None:
        self.environment = environment
        self.values: Mapping[str, str | float] = {}
        self.modules = modules
        self.scopes = scopes
        self.sink = sink
        self.done: dict[int, Effective] = {}

    def deployed(self, module: str, decl: s.GuardrailDecl) -> ir.Guardrail | None:
        """`guardrail` in the chosen environment as `module` sees it; None when it sees no
        environment of that name (or the guardrail cannot be built)."""
        if self.environment is None:
            return self.guardrail(module, decl)
        env = self.scopes[module].get("environment", self.environment)
        if not isinstance(env, s.EnvironmentDef):
            return None
        values = environments.values(env)
        if values != self.values:  # entries bound with other parameter values
            self.values, self.done = values, {}
        guardrail = self.guardrail(module, decl)
        return environments.place(guardrail, env, self.sink) if guardrail is not None else None

    def guardrail(self, module: str, decl: s.GuardrailDecl) -> ir.Guardrail | None:
        """The resolved guardrail `decl` (defined in `module`)."""
        effective = self.effective(module, decl)
        return to_guardrail(decl, effective) if effective is not None else None

    def effective(self, module: str, decl: s.GuardrailDecl) -> Effective | None:
        """`decl`'s effective entries: its `extends` chain is walked without recursion (a long
        chain must not exhaust the stack), then built from the farthest base down."""
        if decl.extends is None:  # most guardrails: built once, as the walk below would
            own = self.done.get(id(decl))
            if own is None:
                own = self.done[id(decl)] = build(decl, self.scopes[module], self.sink, self.values)
            return own
        chain: list[tuple[str, s.GuardrailDecl]] = []
        walked: set[int] = set()
        base: Effective | None = None
        current: tuple[str, s.GuardrailDecl] | None = (module, decl)
        while current is not None:
            owner, node = current
            if id(node) in self.done:
                base = self.done[id(node)]
                break
            if id(node) in walked:
                self.cycle([d for _, d in chain], node)
                break
            walked.add(id(node))
            chain.append(current)
            current = self.base(owner, node.extends) if node.extends is not None else None
        for owner, node in reversed(chain):
            own = build(node, self.scopes[owner], self.sink, self.values)
            base = merge(base, own) if base is not None else own
            self.done[id(node)] = base
        return self.done.get(id(decl))

    def cycle(self, chain: list[s.GuardrailDecl], again: s.GuardrailDecl) -> None:
        """E109 at the `extends` of the guardrail met twice."""
        cycle = [*chain[next(i for i, d in enumerate(chain) if d is again) :], again]
        self.sink.emit(
            "E109",
            "inheritance cycle: " + " → ".join(f"`{d.name}`" for d in cycle),
            again.extends.span if again.extends else again.span,
            note="this guardrail extends itself through the chain",
            help="remove one `extends` so the chain ends in a guardrail that extends nothing",
        )

    def base(self, module: str, ref: s.Ref) -> tuple[str, s.GuardrailDecl] | None:
        """The guardrail `ref` names from `module` (E108 when none is visible)."""
        scope = self.scopes[module]
        found = scope.get("guardrail", ref.name)
        owner = scope.owner("guardrail", ref.name)
        if not isinstance(found, s.GuardrailDecl) or owner is None:
            unknown(self.sink, "E108", "guardrail", ref, scope.known("guardrail"))
            return None
        return owner, found


def _test_target(
    module: str,
    block: s.TestBlock,
    *,
    modules: Mapping[str, s.Module],
    roots: Sequence[str],
    scopes: Mapping[str, Scope],
    sink: Diagnostics,
) -> tuple[str, s.GuardrailDecl] | None:
    """The guardrail a test block names: visible from its module, else one of a root file."""
    scope = scopes[module]
    found = scope.get("guardrail", block.guardrail.name)
    owner = scope.owner("guardrail", block.guardrail.name)
    if isinstance(found, s.GuardrailDecl) and owner is not None:
        return owner, found
    for root in roots:
        for decl in _decls(modules.get(root)):
            if decl.name == block.guardrail.name:
                return root, decl
    known = sorted(
        {*scope.known("guardrail"), *(d.name for r in roots for d in _decls(modules.get(r)))}
    )
    unknown(sink, "E217", "guardrail", block.guardrail, known)
    return None


__all__ = ["conventional_links", "resolve"]
