"""`Scope`: what one module sees while names are resolved.

Its own module because both `resolve.py` (which fills a scope per module) and `effective.py` (which
looks names up in it while building a guardrail's effective rules) need it, and `resolve` imports
`effective`: the type living in either would make the two import each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import syntax as s

Definition = (
    s.TopicDef
    | s.WordListDef
    | s.PiiGroupDef
    | s.PatternDef
    | s.GuardrailDecl
    | s.ParameterDef
    | s.EnvironmentDef
)


@dataclass
class Scope:
    """What one module sees: definitions by kind and name, each with the module defining it."""

    module: str
    names: dict[str, dict[str, tuple[Definition, str]]] = field(default_factory=dict)

    def get(self, kind: str, name: str) -> Definition | None:
        """The visible definition of `kind` called `name`, if any."""
        found = self.names.get(kind, {}).get(name)
        return found[0] if found else None

    def owner(self, kind: str, name: str) -> str | None:
        """The module that defines the visible `kind` called `name`."""
        found = self.names.get(kind, {}).get(name)
        return found[1] if found else None

    def known(self, kind: str) -> list[str]:
        """Every visible name of `kind`, for "did you mean"."""
        return sorted(self.names.get(kind, {}))
