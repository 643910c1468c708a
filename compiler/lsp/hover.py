"""Hover text (Markdown): a PII phrase's Bedrock entity and what the local evaluator matches, a
content filter's Bedrock name, a topic's or word list's definition and where it is, and for a
guardrail the effective rule table of `guardc explain PATH --guardrail NAME`."""

from __future__ import annotations

from ..commands.explain import Row, rows
from ..diagnostics.span import Span
from ..frontend import syntax as s
from ..ir import Guardrail, RuleRef, SideConfig
from ..runtime.pii import _DETECTORS as PII_DETECTORS
from ..vocab import FILTER_PHRASE, PII_PHRASE, ContentCategory, PiiType, RuleKind
from .analysis import Definition, Workspace
from .navigate import reference, used

MAX_WORDS = 12  # a word list's words shown in its hover


def hover(ws: Workspace, display: str, offset: int) -> tuple[str, Span] | None:
    """The Markdown for what is at `offset` of `display`, and the (placed) span it covers."""
    chain = ws.nodes_at(display, offset)
    if chain and isinstance(chain[0], s.Use):
        text = _module_text(ws, display, chain[0])
        return (text, ws.span(chain[0].span)) if text is not None else None
    for node in reversed(chain):
        if isinstance(node, s.EntityRef):
            return pii_text(node.entity), ws.span(node.span)
        if isinstance(node, s.FilterStmt):
            return filter_text(node.category), ws.span(node.span)
        if isinstance(node, RuleRef) and node.rule is RuleKind.PII and node.target:
            return pii_text(PiiType(node.target)), ws.span(node.span)
        if isinstance(node, RuleRef) and node.rule is RuleKind.FILTER and node.target:
            return filter_text(ContentCategory(node.target)), ws.span(node.span)
    found = reference(chain)
    if found is None:
        return None
    kind, name, span = found
    seen = ws.definitions(display).get((kind, name))
    if seen is None:
        return None
    node, module = seen
    return definition_text(ws, display, node, module), ws.span(span)


def _module_text(ws: Workspace, display: str, use: s.Use) -> str | None:
    """What a used module defines, by kind."""
    target = used(ws, display, use)
    analysis = ws.analyses.get(display)
    module = analysis.loaded.modules.get(target.module) if target and analysis else None
    if target is None or module is None:
        return None
    kinds: dict[str, list[str]] = {}
    for item in module.items:
        if isinstance(item, s.TopicDef | s.WordListDef | s.PiiGroupDef | s.PatternDef):
            kinds.setdefault(item.kind.replace("_", " "), []).append(item.name)
        elif isinstance(item, s.GuardrailDecl):
            kinds.setdefault("guardrail", []).append(item.name)
    lines = [f"**module `{target.module}`**", ""]
    lines += [f"- {kind}: " + ", ".join(f'"{n}"' for n in names) for kind, names in kinds.items()]
    return "\n".join(lines)


def pii_text(entity: PiiType) -> str:
    """A PII phrase: its Bedrock entity type and what the local evaluator's detector finds."""
    lines = [f"**{PII_PHRASE[entity]}**: PII entity `{entity.value}` (Bedrock)"]
    detector = PII_DETECTORS.get(entity.value)
    doc = " ".join((detector.__doc__ or "").split("\n\n")[0].split()) if detector else ""
    if doc:
        lines += ["", f"The local evaluator matches: {doc}"]
    return "\n".join(lines)


def filter_text(category: ContentCategory) -> str:
    """A content filter: its Bedrock type and the strengths it takes."""
    return (
        f"**{FILTER_PHRASE[category]}**: content filter `{category.value}` (Bedrock); "
        "strengths `none`, `low`, `medium`, `high`"
    )


def _where(ws: Workspace, module: str, span: Span) -> str:
    placed = ws.span(span)
    return f"{module}:{placed.line}"


def definition_text(ws: Workspace, display: str, node: Definition, module: str) -> str:
    """A definition: what it says, and file:line."""
    where = f"defined at `{_where(ws, module, node.span)}`"
    match node:
        case s.TopicDef():
            lines = [f'**topic "{node.name}"**: {node.definition}', ""]
            lines += [f"- for example {e.value!r}" for e in node.examples]
        case s.WordListDef():
            words = [w.value for w in node.words]
            shown = ", ".join(f'"{w}"' for w in words[:MAX_WORDS])
            more = f" and {len(words) - MAX_WORDS} more" if len(words) > MAX_WORDS else ""
            lines = [f'**words "{node.name}"**: {len(words)} words: {shown}{more}']
        case s.PiiGroupDef():
            entities = ", ".join(
                f"{PII_PHRASE[e.entity]} (`{e.entity.value}`)" for e in node.entities
            )
            lines = [f'**pii group "{node.name}"**: {entities}']
        case s.PatternDef() | s.PatternStmt():
            name = node.name if isinstance(node, s.PatternDef) else node.pattern.name
            lines = [f'**pattern "{name}"** matching `{node.regex}`']
            if node.description:
                lines.append(f"described as {node.description!r}")
        case s.GuardrailDecl():
            analysis = ws.analyses.get(display)
            guardrail = analysis.loaded.policy.guardrail(node.name) if analysis else None
            if guardrail is None:
                lines = [
                    f'**guardrail "{node.name}"** (no effective rules: it has errors, or it '
                    "is not defined in this file)"
                ]
            else:
                lines = [rule_table(ws, guardrail)]
    return "\n".join([*lines, "", where])


def _side(config: SideConfig | None) -> str:
    if config is None:
        return "off"
    if config.strength is None:
        return config.action.value
    return f"{config.action.value} {config.strength.value.lower()}"


def _from(ws: Workspace, row: Row, owner: str) -> str:
    placed = ws.span(row.span)
    text = f"{placed.file.rsplit('/', 1)[-1]}:{placed.line}"
    if row.origin.guardrail != owner:
        text += f' (from "{row.origin.guardrail}")'
    if row.origin.via:
        text += f" via {row.origin.via}"
    return text


def rule_table(ws: Workspace, guardrail: Guardrail) -> str:
    """The effective rules of `guardrail` as `guardc explain` lists them, as a Markdown table."""
    head = f'**guardrail "{guardrail.name}"**'
    if guardrail.extends:
        head += f' extends "{guardrail.extends}"'
    found = rows(guardrail)
    lines = [head, "", "| rule | input | output | from |", "|---|---|---|---|"]
    for row in found:
        cells = (row.rule, _side(row.input), _side(row.output), _from(ws, row, guardrail.name))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", f"{len(found)} effective rules"]
    return "\n".join(lines)
