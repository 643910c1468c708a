"""Bedrock's service model as data, and the project's strict payload check.

botocore validates only required members, types, unknown keys and minimums; Bedrock rejects the
rest (maxima, enums, patterns) at deploy time. Importing botocore also costs more than `guardc
check` may spend. So `python -m compiler.aws.bedrock_model --regenerate` (dev only, needs botocore)
snapshots the shapes reachable from the guardrail operations into `data/bedrock_shapes.json`,
and everything here at run time needs only `json` and `re`:

- `field("CreateGuardrail.topicPolicyConfig.topicsConfig[].name")` gives a field's limits, so
  `validate.py` follows AWS's numbers instead of hand-typed ones;
- `check_payload(payload, "CreateGuardrail")` is the strict check of a compiled payload: the
  model's every constraint plus the service's cross-field rules (`bedrock_rules.py`);
- `check_response(response)` checks evaluator output against ApplyGuardrail's output shape.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .bedrock_rules import GROUNDING_THRESHOLD_MAX, STANDARD_DEFINITION_MAX, Problem, cross_field

SNAPSHOT = "bedrock_shapes.json"
__all__ = [
    "GROUNDING_THRESHOLD_MAX",
    "STANDARD_DEFINITION_MAX",
    "FieldLimits",
    "Problem",
    "check_payload",
    "check_response",
    "compile_pattern",
    "field",
    "generate",
    "guardrail_field",
    "java_to_python",
]

# (operation, service, include the output shape). The runtime operation's output is what the
# local evaluator must produce; the control-plane outputs are not ours to build.
OPERATIONS: tuple[tuple[str, str, bool], ...] = (
    ("CreateGuardrail", "bedrock", False),
    ("UpdateGuardrail", "bedrock", False),
    ("CreateGuardrailVersion", "bedrock", False),
    ("ApplyGuardrail", "bedrock-runtime", True),
    # enforcement and sharing (docs/iam.md): the account-level enforced guardrail, the
    # guardrail's resource-based policy, and the AWS Organizations BEDROCK_POLICY
    ("PutEnforcedGuardrailConfiguration", "bedrock", False),
    ("PutResourcePolicy", "bedrock", False),
    ("CreatePolicy", "organizations", False),
    ("UpdatePolicy", "organizations", False),  # `guardc apply` updating that policy
    # model invocation logging (targets/logging.py writes the Put request; plan reads the Get)
    ("PutModelInvocationLoggingConfiguration", "bedrock", False),
    ("GetModelInvocationLoggingConfiguration", "bedrock", True),
)
# Members left out of the snapshot: guardc never sends them, and their patterns use Java classes
# (`\p{L}`) Python's `re` lacks. The strict check then reports them as unknown members.
SKIPPED_MEMBERS = {"organizations:CreatePolicyRequest": frozenset({"Tags"})}


@dataclass(frozen=True)
class FieldLimits:
    """The model's constraints on one field. `min`/`max` are lengths for strings, sizes for lists
    and values for numbers; `pattern` is implicitly anchored at both ends."""

    type: str
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    enum: tuple[str, ...] = ()

    def matches(self, value: str) -> bool:
        """True when `value` matches the whole pattern (or there is no pattern)."""
        return self.pattern is None or compile_pattern(self.pattern).fullmatch(value) is not None


# ── the snapshot ────────────────────────────────────────────────────────────────────────────


@cache
def _snapshot() -> dict[str, Any]:
    text = resources.files("compiler.data").joinpath(SNAPSHOT).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _shape(key: str) -> dict[str, Any]:
    found: dict[str, Any] = _snapshot()["shapes"][key]
    return found


def _root(operation: str, which: str) -> str:
    ops: dict[str, dict[str, str]] = _snapshot()["operations"]
    if operation not in ops or which not in ops[operation]:
        raise KeyError(f"no {which} shape for operation {operation!r} in {SNAPSHOT}")
    return ops[operation][which]


def guardrail_field(path: str) -> FieldLimits:
    """`field("CreateGuardrail." + path)`: limits of a member of the guardrail request, the
    numbers the checks hold sources to."""
    return field(f"CreateGuardrail.{path}")


@cache
def field(path: str) -> FieldLimits:
    """Limits of the field at `path`: `Operation.member.member[].member` (input shapes; write
    `ApplyGuardrail:output.assessments[]...` for the runtime output). Unknown paths raise
    KeyError: they are bugs in the caller, not user errors. Looked up once per path: validation
    asks for the same few dozen paths for every guardrail and every pattern."""
    head, _, rest = path.partition(".")
    operation, _, which = head.partition(":")
    key = _root(operation, which or "input")
    for part in rest.split(".") if rest else []:
        name, brackets = part.split("[", 1) if "[" in part else (part, "")
        shape = _shape(key)
        if name not in shape.get("members", {}):
            raise KeyError(f"{path}: no member {name!r}")
        key = shape["members"][name]
        for _ in range(brackets.count("]")):
            key = _shape(key)["member"]
    shape = _shape(key)
    return FieldLimits(
        type=shape["type"],
        min=shape.get("min"),
        max=shape.get("max"),
        pattern=shape.get("pattern"),
        enum=tuple(shape.get("enum", ())),
    )


# ── patterns: the model's regexes are Java's dialect, implicitly anchored ─────────────────────

# Java spellings with no Python equivalent, rewritten before compiling. Java's `\s`, `\w`, `\d`
# are ASCII-only by default, hence re.ASCII below.
_JAVA_CLASSES = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "Punct": "!-/:-@\\[-`{-~",
}
_JAVA_ESCAPE = re.compile(r"\\(?:([pP])\{(?:Is)?([A-Za-z]+)\}|([zZh]))|\\\\")


def java_to_python(pattern: str) -> str:
    """Rewrite the Java-only escapes of a model pattern (`\\p{Alpha}`, `\\z`, `\\h`) to Python."""

    def swap(m: re.Match[str]) -> str:
        if m.group(0) == "\\\\":
            return m.group(0)
        if m.group(3) == "z":
            return r"\Z"
        if m.group(3) == "Z":  # Java: end of input but for a final line terminator
            return r"(?=\n?\Z)"
        if m.group(3) == "h":
            return r"[ \t\xa0]"
        chars = _JAVA_CLASSES.get(m.group(2))
        if chars is None:
            raise ValueError(f"unsupported Java character class in {pattern!r}")
        inside = m.start() > 0 and _inside_class(pattern, m.start())
        if inside:
            return chars if m.group(1) == "p" else m.group(0)
        return f"[{'^' if m.group(1) == 'P' else ''}{chars}]"

    return _JAVA_ESCAPE.sub(swap, pattern)


def _inside_class(pattern: str, offset: int) -> bool:
    """True when `offset` lies inside a `[...]` class of `pattern` (escapes respected)."""
    depth, i = 0, 0
    while i < offset:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        i += 1
    return depth > 0


@cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The model's pattern compiled for `fullmatch` (anchored as the API reference shows)."""
    return re.compile(f"(?:{java_to_python(pattern)})", re.ASCII)


# ── the generic walk ────────────────────────────────────────────────────────────────────────

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "double": (int, float),
    "float": (int, float),
    "blob": (bytes, bytearray, str),
    "structure": (Mapping,),
    "map": (Mapping,),
    "list": (list, tuple),
}


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _walk(value: object, key: str, path: str, out: list[Problem], skip_max: frozenset[str]) -> None:
    shape = _shape(key)
    kind: str = shape["type"]
    where = path or "(payload)"
    expected = _PY_TYPES.get(kind, (object,))
    # bool is an int in Python; the API's numbers are not booleans
    if not isinstance(value, expected) or (isinstance(value, bool) and kind != "boolean"):
        out.append(Problem(where, f"expected {kind}, got {type(value).__name__}"))
        return
    lo = shape.get("min")
    hi = None if _template(path) in skip_max else shape.get("max")
    if isinstance(value, (str, bytes, bytearray, list, tuple, Mapping)):
        size, unit = len(value), "characters" if kind in ("string", "blob") else "items"
        if lo is not None and size < lo:
            out.append(Problem(where, f"{size} {unit}, fewer than the minimum {_fmt(lo)}"))
        if hi is not None and size > hi:
            out.append(Problem(where, f"{size} {unit}, more than the maximum {_fmt(hi)}"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if lo is not None and value < lo:
            out.append(Problem(where, f"{value} is below the minimum {_fmt(lo)}"))
        if hi is not None and value > hi:
            out.append(Problem(where, f"{value} is above the maximum {_fmt(hi)}"))
    if kind == "string" and isinstance(value, str):
        if shape.get("enum") and value not in shape["enum"]:
            out.append(Problem(where, f"`{value}` is not one of {', '.join(shape['enum'])}"))
        if "pattern" in shape and not compile_pattern(shape["pattern"]).fullmatch(value):
            out.append(Problem(where, f"`{value}` does not match `{shape['pattern']}`"))
    elif kind == "structure" and isinstance(value, Mapping):
        _walk_structure(value, shape, path, out, skip_max)
    elif kind == "list" and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk(item, shape["member"], f"{path}[{i}]", out, skip_max)
    elif kind == "map" and isinstance(value, Mapping):
        for k, v in value.items():
            _walk(k, shape["key"], f"{path}.{k}", out, skip_max)
            _walk(v, shape["value"], f"{path}.{k}", out, skip_max)


def _walk_structure(
    value: Mapping[str, object],
    shape: dict[str, Any],
    path: str,
    out: list[Problem],
    skip_max: frozenset[str],
) -> None:
    where = path or "(payload)"
    members: dict[str, str] = shape.get("members", {})
    if shape.get("union") and len(value) != 1:
        out.append(Problem(where, f"set exactly one of {', '.join(sorted(members))}"))
    for name in shape.get("required", []):
        if name not in value:
            out.append(Problem(where, f"missing required member `{name}`"))
    for name, item in value.items():
        sub = f"{path}.{name}" if path else name
        if name not in members:
            out.append(Problem(sub, f"unknown member (allowed: {', '.join(sorted(members))})"))
        else:
            _walk(item, members[name], sub, out, skip_max)


_INDEX = re.compile(r"\[\d+\]")


def _template(path: str) -> str:
    """`a.b[3].c` → `a.b[].c`, the form cross-field overrides are keyed by."""
    return _INDEX.sub("[]", path)


# Fields whose model maximum is known to be wrong; the cross-field rules check them instead.
_MODEL_MAX_WRONG = frozenset({"topicPolicyConfig.topicsConfig[].definition"})


def check_payload(payload: Mapping[str, object], operation: str) -> list[Problem]:
    """Every reason Bedrock would reject `payload` (the keyword arguments of the boto3 call for
    `operation`): the model's types, required and unknown members, min/max, enums and patterns,
    then the service's cross-field rules. Empty when the payload is acceptable."""
    out: list[Problem] = []
    is_guardrail = operation in ("CreateGuardrail", "UpdateGuardrail")
    skip = _MODEL_MAX_WRONG if is_guardrail else frozenset()
    _walk(payload, _root(operation, "input"), "", out, skip)
    if is_guardrail and isinstance(payload, Mapping):
        classic = field("CreateGuardrail.topicPolicyConfig.topicsConfig[].definition").max
        out.extend(cross_field(payload, classic))
    return out


def check_response(
    response: Mapping[str, object], operation: str = "ApplyGuardrail"
) -> list[Problem]:
    """Every way `response` departs from `operation`'s output shape (required members, types,
    unknown members, enums, ranges and patterns)."""
    out: list[Problem] = []
    _walk(response, _root(operation, "output"), "", out, frozenset())
    return out


# ── the generator (dev only: needs botocore) ────────────────────────────────────────────────


def _members(shape: Any, service: str) -> dict[str, Any]:
    skipped = SKIPPED_MEMBERS.get(f"{service}:{shape.name}", frozenset())
    return {n: m for n, m in shape.members.items() if n not in skipped}


def _shape_entry(shape: Any, service: str) -> dict[str, Any]:
    meta = shape.metadata
    entry: dict[str, Any] = {"type": shape.type_name}
    for name in ("min", "max", "pattern"):
        if name in meta:
            entry[name] = meta[name]
    if getattr(shape, "enum", None):
        entry["enum"] = list(shape.enum)
    if shape.type_name == "structure":
        entry["members"] = {n: f"{service}:{m.name}" for n, m in _members(shape, service).items()}
        if meta.get("required"):
            entry["required"] = list(meta["required"])
        if meta.get("union"):
            entry["union"] = True
    elif shape.type_name == "list":
        entry["member"] = f"{service}:{shape.member.name}"
    elif shape.type_name == "map":
        entry["key"] = f"{service}:{shape.key.name}"
        entry["value"] = f"{service}:{shape.value.name}"
    return entry


def generate() -> str:
    """The snapshot text as the installed botocore describes the guardrail operations."""
    # dev-only dependency: importing it at module level would cost every `guardc check`
    import botocore  # noqa: PLC0415
    import botocore.session  # noqa: PLC0415

    session = botocore.session.get_session()
    shapes: dict[str, dict[str, Any]] = {}
    operations: dict[str, dict[str, str]] = {}

    def visit(shape: Any, service: str) -> str:
        key = f"{service}:{shape.name}"
        if key not in shapes:
            shapes[key] = _shape_entry(shape, service)
            children: Sequence[Any] = ()
            if shape.type_name == "structure":
                children = list(_members(shape, service).values())
            elif shape.type_name == "list":
                children = [shape.member]
            elif shape.type_name == "map":
                children = [shape.key, shape.value]
            for child in children:
                visit(child, service)
        return key

    for operation, service, with_output in OPERATIONS:
        op = session.get_service_model(service).operation_model(operation)
        roots = {"service": service, "input": visit(op.input_shape, service)}
        if with_output:
            roots["output"] = visit(op.output_shape, service)
        operations[operation] = roots
    data = {"botocore": botocore.__version__, "operations": operations, "shapes": shapes}
    return json.dumps(data, sort_keys=True, indent=2) + "\n"


def main(argv: Sequence[str]) -> int:
    """`python -m compiler.aws.bedrock_model --regenerate` rewrites the snapshot in the source
    tree."""
    if list(argv) != ["--regenerate"]:
        print("usage: python -m compiler.aws.bedrock_model --regenerate", file=sys.stderr)
        return 2
    target = resources.files("compiler.data").joinpath(SNAPSHOT)
    with resources.as_file(target) as path:
        from ..outputs import replace_file  # noqa: PLC0415 - a developer command, not start-up

        replace_file(path, generate().encode("utf-8"))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
