"""A replay's summary as a JSON document (`--format json`, `--out`) and as text for people.

The JSON document is canonical (sorted keys, lists in a fixed order), so two engines' summaries
of the same input compare equal as text. Texts in it are as the rows carry them: PII-masked
unless the replay ran with `--show-text` (core.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..diagnostics.textsafe import clip, json_safe, visible
from .core import Row
from .records import location
from .summary import Summary, cost

TEXT_LIMIT = 120
SIDES = ("INPUT", "OUTPUT")
VERDICTS = ("allowed", "blocked", "masked")


def _verdict(kind: str, output: str, rules: list[str]) -> dict[str, Any]:
    return {"verdict": kind, "output": output or None, "rules": list(rules)}


def _change(row: Row) -> dict[str, Any]:
    return {
        "location": location(row.file, row.line, row.sub),
        "timestamp": row.timestamp or None,
        "source": row.source,
        "text": row.text,
        "old": _verdict(row.base_verdict, row.base_output, row.base_rules),
        "new": _verdict(row.verdict, row.output, row.rules),
        "now": [r for r in row.rules if r not in row.base_rules],
        "no_longer": [r for r in row.base_rules if r not in row.rules],
    }


def document(
    summary: Summary, guardrail: str, against: str, prices: Mapping[str, float]
) -> dict[str, Any]:
    """The summary as JSON data."""
    rules = sorted({*summary.interventions, *summary.base_interventions})
    series: dict[str, dict[str, int]] = {}
    for (hour, rule), count in sorted(summary.timeline.items()):
        series.setdefault(rule, {})[hour] = count
    return {
        "guardrail": guardrail,
        "against": against,
        "texts": {side: summary.texts.get(side, 0) for side in SIDES},
        "unreadable": {
            "count": summary.unreadable,
            "shown": [
                {"location": location(p.file, p.line), "message": p.error} for p in summary.problems
            ],
        },
        "verdicts": {
            name: {side: {v: counts.get((side, v), 0) for v in VERDICTS} for side in SIDES}
            for name, counts in (
                ("candidate", summary.verdicts),
                ("baseline", summary.base_verdicts),
            )
        },
        "interventions": [
            {
                "rule": rule,
                "direction": side.lower(),
                "count": summary.interventions.get((rule, side), 0),
                "baseline_count": summary.base_interventions.get((rule, side), 0),
            }
            for rule, side in rules
        ],
        "timeline": {"bucket": "hour", "series": series},
        "changes": {"count": summary.changed, "shown": [_change(c) for c in summary.changes]},
        "cost": cost(summary.units, prices),
    }


def dumps(doc: Mapping[str, Any]) -> str:
    """The canonical JSON text; a hidden character of a logged text (a C1 control, a bidi
    override) is written as a `\\uXXXX` escape, so a terminal printing it gets nothing it acts
    on."""
    return json_safe(json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(visible(clip(text, TEXT_LIMIT)), ensure_ascii=False)


def _verdict_text(v: Mapping[str, Any]) -> str:
    if v["verdict"] == "masked":
        return f"masked as {_quoted(v['output'] or '')}"
    return str(v["verdict"])


def text(doc: Mapping[str, Any]) -> str:
    """The report for people (what `--format text` prints)."""
    texts = doc["texts"]
    lines = [
        f"Replay of guardrail `{doc['guardrail']}` against {doc['against']}: "
        f"{texts['INPUT']:,} prompts and {texts['OUTPUT']:,} answers judged, "
        f"{doc['unreadable']['count']:,} unreadable records",
        "",
        "Verdicts (candidate; baseline in brackets):",
    ]
    cand, base = doc["verdicts"]["candidate"], doc["verdicts"]["baseline"]
    for side in SIDES:
        parts = [f"{v} {cand[side][v]:,} ({base[side][v]:,})" for v in VERDICTS]
        lines.append(f"  {side.lower():6}  " + ", ".join(parts))
    lines.append("")
    lines.append("Interventions per rule and direction (candidate; baseline in brackets):")
    if not doc["interventions"]:
        lines.append("  none")
    for i in doc["interventions"]:
        lines.append(
            f"  {i['count']:>8,} ({i['baseline_count']:,})  {i['rule']} on {i['direction']}"
        )
    changes = doc["changes"]
    lines.append("")
    lines.append(f"Verdicts that change: {changes['count']:,}")
    for c in changes["shown"]:
        lines.append(
            f"  ~ {c['source'].lower()} {_quoted(c['text'])}: "
            f"{_verdict_text(c['old'])} → {_verdict_text(c['new'])}"
        )
        why = []
        if c["now"]:
            why.append("now fires: " + ", ".join(c["now"]))
        if c["no_longer"]:
            why.append("no longer fires: " + ", ".join(c["no_longer"]))
        lines.append(
            f"    {'; '.join(why) or 'the same rules act differently'}; "
            f"from {visible(c['location'])}"
        )
    if changes["count"] > len(changes["shown"]):
        lines.append(f"  … {changes['count'] - len(changes['shown']):,} more (--limit)")
    money = doc["cost"]
    lines.append("")
    lines.append(f"Estimated ApplyGuardrail cost of this traffic: ${money['usd']:,.4f}")
    for p in money["by_policy"]:
        if p["text_units"]:
            lines.append(
                f"  {p['policy']:9} {p['text_units']:>10,} text units × ${p['usd_per_1000']}/1,000"
                f" = ${p['usd']:,.4f}"
            )
    lines.append(f"  prices: {money['source']}")
    shown = doc["unreadable"]["shown"]
    if shown:
        lines.append("")
        lines.append(f"Unreadable records: {doc['unreadable']['count']:,}")
        lines.extend(f"  {p['location']}: {clip(p['message'])}" for p in shown)
    # logged texts, keys and rule names may hold anything: each line is shown escaped
    return "\n".join(visible(line) for line in lines) + "\n"
