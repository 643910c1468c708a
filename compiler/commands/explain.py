"""`guardc explain CODE` / `guardc explain PATH --guardrail NAME`.

The first prints a diagnostic code's title and explanation (for E203 also every PII phrase with
its Bedrock name). The second prints each effective rule of a resolved guardrail, its actions and
strengths per direction, and where it came from (file:line, the guardrail that wrote it, and what
expanded it) — the answer to "why does my child guardrail block this?".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostics.textsafe import visible
from ..vocab import FILTER_PHRASE, FILTER_PHRASES, PII_PHRASE, PII_PHRASES, Action, Direction
from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_calibration_option,
    add_env_option,
    add_format_option,
    add_root_option,
    read_calibration,
    report,
)

if TYPE_CHECKING:  # the IR pulls in pydantic; `guardc --help` must not pay for it
    from ..diagnostics.span import Span
    from ..ir import Enforcement, FilterRule, Guardrail, IRNode, Origin, Rule, SideConfig

_CODE = re.compile(r"^[EWew]\d{3}$")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `explain` and its arguments."""
    parser = subparsers.add_parser(
        "explain",
        help="explain a diagnostic code, or each effective rule of a guardrail",
        description="`guardc explain E203` explains a code; `guardc explain PATH --guardrail "
        "NAME` shows each effective rule of a guardrail and where it came from; `guardc explain "
        "stdlib.topics` lists what a standard library module exports (`stdlib` alone: the "
        "modules).",
    )
    parser.add_argument(
        "subject",
        type=argtypes.path,
        metavar="CODE|PATH|stdlib.MODULE",
        help="a code like E203, a source path, or a standard library module",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=argtypes.path,
        metavar="PATH",
        help="more sources (with --guardrail)",
    )
    parser.add_argument("--guardrail", metavar="NAME", help="the guardrail to explain")
    add_format_option(parser)
    add_root_option(parser)
    add_env_option(parser)
    add_calibration_option(parser)


def run(args: argparse.Namespace) -> int:
    """Explain a code or a guardrail."""
    if args.guardrail is None:
        if args.paths:
            raise UsageError("explain takes one CODE, or PATH... with --guardrail NAME")
        if args.subject == "stdlib" or args.subject.startswith("stdlib."):
            from .explain_module import explain_stdlib

            return explain_stdlib(args.subject, args.format)
        return _explain_code(args.subject, args.format)
    calibration = read_calibration(args, args.subject)
    return _explain_guardrail(
        [args.subject, *args.paths],
        args.guardrail,
        args.format,
        args.root,
        calibration,
        env=args.env,
    )


# ── codes ─────────────────────────────────────────────────────────────────────────────────────


def _vocabulary(code: str) -> dict[str, str]:
    """Phrase → Bedrock name tables shown under the codes about that vocabulary."""
    if code == "E203":
        return {phrase: entity.value for phrase, entity in sorted(PII_PHRASES.items())}
    if code == "E201":
        return {phrase: category.value for phrase, category in FILTER_PHRASES.items()}
    return {}


def _explain_code(subject: str, fmt: str) -> int:
    from ..diagnostics.codes import CODES

    code = subject.upper()
    entry = CODES.get(code)
    if entry is None:
        from ..diagnostics.sink import nearest  # pulls in pydantic: only when there is a typo

        guess = nearest(code, sorted(CODES))
        hint = f"; did you mean `{guess}`?" if guess else ""
        if not _CODE.match(subject):
            hint += " (to explain a guardrail: guardc explain PATH --guardrail NAME)"
        raise UsageError(f"unknown diagnostic code `{subject}`{hint}")
    table = _vocabulary(code)
    if fmt == "json":
        obj: dict[str, object] = {
            "code": code,
            "severity": "warning" if code.startswith("W") else "error",
            "title": entry.title,
            "explanation": entry.explanation,
        }
        if table:
            obj["vocabulary"] = table
        sys.stdout.write(json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    lines = [f"{code}: {entry.title}", ""]
    lines += textwrap.wrap(entry.explanation, width=88)
    if table:
        width = max(len(phrase) for phrase in table)
        lines += ["", f"{'phrase':<{width}}  Bedrock name"]
        lines += [f"{phrase:<{width}}  {name}" for phrase, name in table.items()]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


# ── guardrails ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Row:
    """One effective rule: what it is, how each side is configured, and where it came from."""

    kind: str
    rule: str
    input: SideConfig | None
    output: SideConfig | None
    origin: Origin
    span: Span


def _side(config: SideConfig | None) -> str:
    if config is None:
        return "off"
    if config.strength is None:
        return config.action.value
    return f"{config.action.value} {config.strength.value.lower()}"


def _side_obj(config: SideConfig | None) -> dict[str, object] | None:
    if config is None:
        return None
    strength = config.strength.value if config.strength is not None else None
    return {"action": config.action.value, "strength": strength}


def _row(kind: str, name: str, node: Rule, span_of: IRNode) -> Row:
    return Row(kind, name, node.input, node.output, node.origin, _where(node.origin, span_of))


def _where(origin: Origin, node: IRNode) -> Span:
    """The statement's span: the origin's when set, else the rule node's own."""
    from ..diagnostics.span import NO_SPAN

    return origin.span if origin.span.file != NO_SPAN.file else node.span


def _images(rule: FilterRule) -> str:
    """` including images` / ` images only` when every enabled side reads the same; else per
    side: ` (including images on input)`."""
    modes = {d: rule.image_mode(d) for d in Direction if rule.side(d) is not None}
    if len(set(modes.values())) == 1:
        mode = next(iter(modes.values()))
        return "" if mode is None else f" {mode.value}"
    said = [f"{mode.value} on {d.value}" for d, mode in modes.items() if mode is not None]
    return f" ({', '.join(said)})"


def rows(guardrail: Guardrail) -> list[Row]:
    """Every effective rule of `guardrail`, in the guardrail's own (stable) order."""
    from ..ir import SideConfig

    out: list[Row] = [_row("topic", f'topic "{t.topic.name}"', t, t) for t in guardrail.topics]
    for f in guardrail.filters:
        images = _images(f)
        out.append(_row("filter", FILTER_PHRASE[f.category] + images, f, f))
    out += [_row("word", f'word "{w.text}"', w, w) for w in guardrail.words]
    if guardrail.profanity is not None:
        out.append(_row("profanity", "profanity", guardrail.profanity, guardrail.profanity))
    out += [_row("pii", PII_PHRASE[p.entity], p, p) for p in guardrail.pii]
    out += [_row("pattern", f'pattern "{p.name}"', p, p) for p in guardrail.patterns]
    for g in guardrail.grounding:
        # Grounding and relevance judge the model's answer: output only, by Bedrock's definition.
        name = f"{g.check.value.lower()} at least {_number(g.threshold)}"
        side = SideConfig(action=g.action)
        out.append(Row("grounding", name, None, side, g.origin, _where(g.origin, g)))
    if guardrail.reasoning is not None:
        r = guardrail.reasoning
        # policy ids, not whole ARNs, so the table stays readable (JSON has the same text)
        name = "automated reasoning " + ", ".join(p.rsplit("/", 1)[-1] for p in r.policies)
        if r.confidence is not None:
            name += f" with confidence {_number(r.confidence)}"
        side = SideConfig(action=Action.NONE)  # findings are reported; Bedrock does not block
        out.append(Row("reasoning", name, None, side, r.origin, _where(r.origin, r)))
    return out


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _from(row: Row, owner: str) -> str:
    text = f"{row.span.file}:{row.span.line}"
    if row.origin.guardrail != owner:
        text += f' (from "{row.origin.guardrail}")'
    if row.origin.via:
        text += f" via {row.origin.via}"
    return text


def _clip(text: str, width: int = 48) -> str:
    """Long topic names would push every other column off the screen."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _settings(g: Guardrail) -> list[tuple[str, str]]:
    """The single-valued settings, as the header of the rule table shows them."""
    out = [
        ("description", g.description or "(none)"),
        ("blocked input message", g.blocked_input_message),
        ("blocked output message", g.blocked_output_message),
        ("encryption key", g.kms_key or "AWS managed key"),
        ("cross region profile", g.cross_region_profile or "(none)"),
    ]
    for words, tier in (
        ("topics tier", g.topics_tier),
        ("filters tier", g.filters_tier),
        ("grounding tier", g.grounding_tier),
    ):
        if tier is not None:
            out.append((words, tier.value.lower()))
    if g.tags:
        out.append(("tags", ", ".join(f"{t.key}={t.value}" for t in g.tags)))
    if g.access is not None:
        a = g.access
        where = f"account {a.account or '?'}, region {a.region or '?'}, partition {a.partition}"
        out.append(("access", where))
        out += [("deployed by", arn) for arn in a.deployers]
        out += [("applied by", arn) for arn in a.appliers]
        if a.models:
            out.append(("required for models", ", ".join(a.models)))
        if a.shared_accounts:
            out.append(("shared with accounts", ", ".join(a.shared_accounts)))
        if a.shared_organization:
            out.append(("shared with org", a.shared_organization))
    out += [(f"enforced in {_SCOPE_WORD[e.scope.value]}", _enforced(e)) for e in g.enforcements]
    if g.deployment is not None:
        d = g.deployment
        where = f'"{d.environment}": account {d.account or "?"}, region {d.region or "?"}'
        out.append(("environment", where))
        out.append(("name in Bedrock", g.bedrock_name))
    out += [("parameter", f'"{name}" gives {_value_of(field)}') for field, name in g.parameters]
    return out


_SCOPE_WORD = {"ACCOUNT": "account", "ORGANIZATION": "org"}  # fits the settings column


def _enforced(rule: Enforcement) -> str:
    """`enforce in ...` in one line: which models, and how much of each request is guarded."""
    models = "every model" if rule.models in ((), ("ALL",)) else ", ".join(rule.models)
    if rule.excluded:
        models += f" except {', '.join(rule.excluded)}"
    parts = [models]
    for what, mode in (("system prompts", rule.system), ("messages", rule.messages)):
        if mode is not None:
            parts.append(f"{what} {mode.value.lower()}")
    targets = [
        f"{word} {target}"
        for word, ids in (("root", rule.roots), ("OU", rule.units), ("account", rule.accounts))
        for target in ids
    ]
    if rule.scope.value == "ORGANIZATION":
        parts.append("attached to " + ", ".join(targets) if targets else "attached nowhere")
    return "; ".join(parts)


_VALUE_OF = {
    "description": "the description",
    "kms_key": "the key (encrypt with key)",
    "cross_region_profile": "the cross region profile",
    "blocked_input_message": "on blocked input say",
    "blocked_output_message": "on blocked output say",
    "reasoning.confidence": "the automated reasoning confidence",
}


def _value_of(field: str) -> str:
    """Which value a parameter gives, in the language's words (`grounding:GROUNDING` → `the
    grounding threshold`, `access.deployers[0]` → `access: deployed by, value 1`)."""
    kind, _, which = field.partition(":")
    if field in _VALUE_OF:
        return _VALUE_OF[field]
    if kind == "tags":
        return f"tag {which}"
    if kind == "grounding":
        return f"the {which.lower()} threshold"
    place, _, index = field.removeprefix("access.").partition("[")
    words = {"deployers": "deployed by", "appliers": "applied by"}.get(place, place)
    return f"access: {words}" + (f", value {int(index.rstrip(']')) + 1}" if index else "")


def _table(guardrail: Guardrail, found: list[Row]) -> str:
    """The text report. Names, messages and file names come from sources that may be
    untrusted: each is shown through `visible`, so none can drive the terminal."""
    head = f'guardrail "{visible(guardrail.name)}"'
    if guardrail.extends:
        head += f' extends "{visible(guardrail.extends)}"'
    if guardrail.tier is not None:
        head += f" (tier {guardrail.tier.value.lower()})"
    settings = [f"  {key:<22} {visible(value)}" for key, value in _settings(guardrail)]
    header = ("RULE", "INPUT", "OUTPUT", "FROM")
    cells = [
        (_clip(visible(r.rule)), _side(r.input), _side(r.output), visible(_from(r, guardrail.name)))
        for r in found
    ]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(3)]
    lines = [head, *settings, ""]
    for row in [header, *cells]:
        lines.append(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        )
    lines += ["", f"{len(found)} effective rules"]
    return "\n".join(lines) + "\n"


def _json(guardrail: Guardrail, found: list[Row]) -> str:
    obj = {
        "guardrail": guardrail.name,
        "extends": guardrail.extends,
        "settings": {
            "description": guardrail.description,
            "blocked_input_message": guardrail.blocked_input_message,
            "blocked_output_message": guardrail.blocked_output_message,
            "kms_key": guardrail.kms_key,
            "cross_region_profile": guardrail.cross_region_profile,
            "tier": guardrail.tier.value if guardrail.tier else None,
            "tags": {t.key: t.value for t in guardrail.tags},
            "access": guardrail.access.model_dump() if guardrail.access else None,
            "enforcements": [e.model_dump(mode="json") for e in guardrail.enforcements],
        },
        "environment": guardrail.deployment.model_dump() if guardrail.deployment else None,
        "bedrock_name": guardrail.bedrock_name,
        "parameters": [{"value_of": f, "parameter": p} for f, p in guardrail.parameters],
        "rules": [
            {
                "kind": r.kind,
                "rule": r.rule,
                "input": _side_obj(r.input),
                "output": _side_obj(r.output),
                "origin": {
                    "file": r.span.file,
                    "line": r.span.line,
                    "column": r.span.column,
                    "guardrail": r.origin.guardrail,
                    "via": r.origin.via,
                },
            }
            for r in found
        ],
    }
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _json_text(obj: object) -> str:
    """JSON for the terminal: non-ASCII kept readable, hidden characters `\\uXXXX`-escaped."""
    from ..diagnostics.textsafe import json_safe

    return json_safe(json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"


def _explain_guardrail(
    paths: list[str],
    name: str,
    fmt: str,
    root: str | None = None,
    calibration: dict[str, Any] | None = None,
    *,
    env: str | None = None,
) -> int:
    from ..diagnostics.sink import Diagnostics, nearest
    from ..pipeline import load

    sink = Diagnostics()
    loaded = load(paths, sink, root, env=env)
    report(sink.sorted(), loaded.sources)
    if sink.has_errors:
        return EXIT_FINDINGS
    guardrail = loaded.policy.guardrail(name)
    if guardrail is None:
        guess = nearest(name, [g.name for g in loaded.policy.guardrails])
        hint = f"; did you mean `{guess}`?" if guess else ""
        raise UsageError(f"no guardrail `{name}` in the sources given{hint}")
    from ..testing.calibration import for_guardrail
    from .explain_monitoring import monitoring_json, monitoring_text

    found = rows(guardrail)
    cuts = for_guardrail(calibration, guardrail.name)
    if fmt == "json":
        obj = json.loads(_json(guardrail, found))
        obj["calibration"] = cuts
        obj.update(monitoring_json(loaded.policy, guardrail.name))
        sys.stdout.write(_json_text(obj))
    else:
        text = _table(guardrail, found) + _calibration_text(cuts)
        sys.stdout.write(text + monitoring_text(loaded.policy, guardrail.name))
    return EXIT_OK


def _calibration_text(cuts: dict[str, Any] | None) -> str:
    """The local cut points the guardrail's evaluator plan carries (guardc calibrate)."""
    if not cuts:
        return ""
    lines = ["", "local cut points (guardc.calibration.json, fitted by `guardc calibrate`):"]
    for engine, entry in sorted(cuts.items()):
        for kind, (low, medium, high) in sorted(entry.get("filters", {}).items()):
            lines.append(
                f"  {engine:<9} filter {kind:<14} LOW >= {low:g}, MEDIUM >= {medium:g}, "
                f"HIGH >= {high:g}"
            )
        if "topics" in entry:
            lines.append(f"  {engine:<9} topics{'':<16} detected at >= {entry['topics']:g}")
        for kind, cut in sorted(entry.get("grounding", {}).items()):
            lines.append(f"  {engine:<9} {kind.lower():<22} fires below {cut:g} (local score)")
    return "\n".join(lines) + "\n"
