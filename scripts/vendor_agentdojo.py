"""Convert AgentDojo's tool data and injection attacks into tests/data/attacks/agentdojo/.

    pip download --no-deps agentdojo==0.1.35 -d /tmp/agentdojo
    python scripts/vendor_agentdojo.py /tmp/agentdojo/agentdojo-0.1.35-py3-none-any.whl

AgentDojo (ETH Zurich SPyLab and Invariant Labs, MIT) tests agents whose tools return untrusted
data. Its wheel ships, per suite (banking, slack, travel, workspace), the environment the tools
read (`data/suites/<suite>/environment.yaml`, emails, files, calendar events, reviews, web pages,
transactions), the places an attacker controls (`injection_vectors.yaml`, each with a benign
default), the attacker's goals (`GOAL` of each injection task, read with `ast`, never run) and
the attack templates (`attacks/*.py`, read with `ast`). The rows are tool outputs, as an agent
would see them (each record of the environment dumped as YAML, the way AgentDojo's tools return
objects):

* benign: every record of every environment (an email, a file, an event, a hotel's reviews...),
  its injection places filled with their benign defaults;
* attack: every record holding an injection place, that place filled with one attack template
  (direct, ignore_previous, system_message, injecagent, important_instructions and its
  no-names variant, and the five denial-of-service templates) carrying one injection goal, in
  turn (seeded), the other places with their defaults. `tool_knowledge` is left out: it needs
  each task's ground-truth tool calls, which would mean running the package.

The set is held out whole (`benchmarks/attack_data.py`): it was converted and registered as held
out before any of its rows were scored or read. Deterministic: the same wheel gives the same file.
"""

from __future__ import annotations

import ast
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "agentdojo"
PKG = "agentdojo/"
SUITES = ("banking", "slack", "travel", "workspace")
MODEL_NAME = "GPT-4"  # what AgentDojo's attacks call gpt-4o models
USER_NAME = "Emma Johnson"  # the attacks' default user
MIN_CHARS = 20  # a record with no string this long is an id list, not a tool output


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads `!include` as the included file's name (resolved afterwards)."""


def _include(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, str]:
    return {"!include": str(loader.construct_scalar(node))}


_Loader.add_constructor("!include", _include)


def _load(zf: zipfile.ZipFile, path: str) -> Any:
    text = zf.read(path).decode("utf-8")
    data = yaml.load(io.StringIO(text), Loader=_Loader)
    base = path.rsplit("/", 1)[0]
    if isinstance(data, dict):
        for key, value in list(data.items()):
            if isinstance(value, dict) and set(value) == {"!include"}:
                data[key] = _load(zf, f"{base}/{value['!include']}")
    return data


def _records(node: Any) -> list[Any]:
    """The records of an environment: list items that hold a long string, and the values of
    string-valued maps (web pages by URL)."""
    found: list[Any] = []
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and any(
                isinstance(v, str) and len(v) >= MIN_CHARS for v in item.values()
            ):
                found.append(item)
            else:
                found += _records(item)
    elif isinstance(node, dict):
        values = list(node.values())
        if (
            values
            and all(isinstance(v, str) for v in values)
            and any("{" in v or len(v) >= MIN_CHARS for v in values)
            and len(values) > 1
            and all(" " in v or "{" in v for v in values)
        ):
            found += [{"url": k, "content": v} for k, v in node.items()]
        else:
            for value in values:
                found += _records(value)
    return found


def _dump(record: Any) -> str:
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=1000).strip()


def _strings(zf: zipfile.ZipFile, path: str) -> dict[str, str]:
    """Module- and class-level string constants of a module, f-strings resolved against them."""
    tree = ast.parse(zf.read(path).decode("utf-8"))
    scope: dict[str, str] = {}

    def value(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    parts.append(str(part.value))
                elif isinstance(part, ast.FormattedValue):
                    inner = part.value
                    name = inner.id if isinstance(inner, ast.Name) else None
                    if name is None or name not in scope:
                        return None
                    parts.append(scope[name])
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = value(node.left), value(node.right)
            return None if left is None or right is None else left + right
        return None

    goals: dict[str, str] = {}
    for stmt in tree.body:
        body = stmt.body if isinstance(stmt, ast.ClassDef) else [stmt]
        for inner in body:
            if isinstance(inner, ast.Assign) and len(inner.targets) == 1:
                target = inner.targets[0]
                text = value(inner.value)
                if isinstance(target, ast.Name) and text is not None:
                    scope[target.id] = text
                    if target.id == "GOAL" and isinstance(stmt, ast.ClassDef):
                        goals[stmt.name] = text
    return goals


def _templates(zf: zipfile.ZipFile) -> dict[str, str]:
    """name -> template with {goal}, {user}, {model}, read from the attack modules."""
    out: dict[str, str] = {}
    for module in ("baseline_attacks", "important_instructions_attacks", "dos_attacks"):
        tree = ast.parse(zf.read(f"{PKG}attacks/{module}.py").decode("utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            name = template = None
            for node in ast.walk(cls):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    target = node.targets[0].id
                    if target == "name" and isinstance(node.value, ast.Constant):
                        name = str(node.value.value)
                    elif target in ("_JB_STRING", "_DOS_STRING"):
                        template = "".join(
                            str(c.value) for c in ast.walk(node.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        )  # fmt: skip
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "__init__":
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        template = first.value
            if name and template and name != "tool_knowledge":
                out[name] = template
    # The no-names variant is the important-instructions template with the default names.
    if "important_instructions" in out:
        out["important_instructions_no_names"] = (
            out["important_instructions"]
            .replace("{user}", "the user")
            .replace("{model}", "the AI language model")
        )
    return out


def convert(wheel: Path) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    rng = random.Random(2024)
    with zipfile.ZipFile(wheel) as zf:
        templates = _templates(zf)
        names = sorted(templates)
        for suite in SUITES:
            base = f"{PKG}data/suites/{suite}"
            vectors = _load(zf, f"{base}/injection_vectors.yaml")
            defaults = {k: str(v.get("default", "")) for k, v in vectors.items()}
            goals = _strings(zf, f"{PKG}default_suites/v1/{suite}/injection_tasks.py")
            goal_list = [goals[k] for k in sorted(goals)]
            records = _records(_load(zf, f"{base}/environment.yaml"))
            for record in records:
                raw = _dump(record)
                rows.append({"text": _dump(_fill(record, defaults)), "label": 0, "suite": suite})
                for vector in sorted(k for k in defaults if "{" + k + "}" in raw):
                    for name in names:
                        attack = templates[name].format(
                            goal=rng.choice(goal_list), user=USER_NAME, model=MODEL_NAME
                        )
                        text = _dump(_fill(record, {**defaults, vector: attack}))
                        rows.append({"text": text, "label": 1, "suite": suite, "attack": name})
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["text"] not in seen:
            seen.add(str(row["text"]))
            unique.append({**row, "lang": "en", "channel": "tool"})
    return unique


def _fill(node: Any, values: dict[str, str]) -> Any:
    """The record with each `{place}` in its strings replaced by its value (before dumping, so
    the YAML is what AgentDojo's tool would return with that value in the field)."""
    if isinstance(node, str):
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), node)
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    return node


def main() -> None:
    rows = convert(Path(sys.argv[1]))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "agentdojo.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    with zipfile.ZipFile(sys.argv[1]) as zf:
        licence = next(n for n in zf.namelist() if n.endswith("LICENSE"))
        (OUT / "LICENSE").write_bytes(zf.read(licence))
    attacks = sum(1 for r in rows if r["label"])
    print(f"{len(rows)} rows: {attacks} attacks, {len(rows) - attacks} benign")


if __name__ == "__main__":
    main()
