"""A plan for people (text) and for tools (JSON, schemas/plan.schema.json).

```
guardrail "retail-support" in eu-west-1 (gr0000000001, found by the lock file): update
  ~ filter hate: input high → low
  ~ tag team: "care" → "customer-care"

Plan: 0 to create, 1 to update, 0 unchanged.
```
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..diagnostics.textsafe import json_safe, visible
from .deploy import Planned
from .diff import Change

PLAN_VERSION = 1
_FOUND = {"lock": "found by the lock file", "name": "found by name"}
_ACTION = {"create": "create", "update": "update in place", "none": "no changes"}


def _heading(p: Planned) -> str:
    where = f"guardrail {json.dumps(p.desired.name)} in {p.region}"
    if p.found is not None:
        where += f" ({p.found.id}, {_FOUND.get(p.found.found_by, p.found.found_by)})"
    return f"{where}: {_ACTION[p.action]}"


def _versions(p: Planned) -> list[str]:
    """What the plan knows of published versions: DRAFT changes no version has yet, and whether
    `apply --publish` would make one (the same comparison `--publish` acts on)."""
    if p.found is None:
        return []
    if p.newest is None:
        return ["  versions: none published yet; `apply --publish` would publish version 1"]
    lines: list[str] = []
    if p.unpublished:
        lines.append(
            f"  unpublished: the DRAFT differs from version {p.newest}, the newest published:"
        )
        lines.extend(f"    {visible(c.text())}" for c in p.unpublished)
    if p.publish_due and not p.publish:
        lines.append(
            f"  versions: the sources differ from version {p.newest}; "
            "`apply --publish` would publish a new one"
        )
    elif not p.publish_due:
        lines.append(f"  versions: version {p.newest} is the sources' configuration")
    return lines


def plan_text(plans: Sequence[Planned], sections: Mapping[str, Sequence[str]] | None = None) -> str:
    """The plan of every guardrail and a one-line total; `sections` adds lines after a
    guardrail's changes, by guardrail name (the behavioural plan's "Verdicts that change")."""
    lines: list[str] = []
    for p in plans:
        lines.append(visible(_heading(p)))
        # JSON quoting escapes C0 controls only: C1 (CSI) and bidi controls need `visible`
        lines.extend(f"  {visible(c.text())}" for c in [*p.changes, *p.tag_changes])
        lines.extend(f"  {visible(line)}" for line in p.extra)
        if p.publish:
            lines.append("  + version: publish a new numbered version")
        lines.extend(_versions(p))
        lines.extend(f"  note: {visible(n)}" for n in p.notes)
        lines.extend((sections or {}).get(p.desired.name, ()))
        lines.append("")
    lines.append(summary_line(plans))
    return "\n".join(lines) + "\n"


def summary_line(plans: Sequence[Planned]) -> str:
    counts = Counter(p.action for p in plans)
    text = (
        f"Plan: {counts['create']} to create, {counts['update']} to update, "
        f"{counts['none']} unchanged"
    )
    versions = sum(1 for p in plans if p.publish)
    return text + (f", {versions} version(s) to publish." if versions else ".")


def _change(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "subject": c.subject,
        "field": c.field,
        "old": c.old,
        "new": c.new,
        "text": c.text(),
    }


def plan_document(
    plans: Sequence[Planned], behaviours: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The plan as JSON data (schemas/plan.schema.json); `behaviours` holds each guardrail's
    behavioural plan by name (null when it was not computed, as in `apply`)."""
    counts = Counter(p.action for p in plans)
    return {
        "version": PLAN_VERSION,
        "guardrails": [
            {
                "name": p.desired.name,
                "region": p.region,
                "action": p.action,
                "id": p.found.id if p.found else None,
                "arn": p.found.arn if p.found else None,
                "found_by": p.found.found_by if p.found else None,
                "changes": [_change(c) for c in p.changes],
                "tags": [_change(c) for c in p.tag_changes],
                "publish": p.publish,
                "enforcement": list(p.extra),
                "publish_due": p.publish_due if p.found else True,
                "newest_version": p.newest,
                "unpublished": [_change(c) for c in p.unpublished],
                "notes": list(p.notes),
                "behaviour": (behaviours or {}).get(p.desired.name),
            }
            for p in plans
        ],
        "summary": {
            "create": counts["create"],
            "update": counts["update"],
            "unchanged": counts["none"],
            "publish": sum(1 for p in plans if p.publish),
        },
    }


def plan_json(
    plans: Sequence[Planned], behaviours: Mapping[str, dict[str, Any]] | None = None
) -> str:
    """The JSON text; hidden characters in quoted texts are escaped (json_safe)."""
    document = plan_document(plans, behaviours)
    return json_safe(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
