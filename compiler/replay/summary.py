"""The sum of a replay's rows: counts, interventions per rule, the changed texts, the cost.

A `Summary` adds rows one at a time (`add`) and merges with another (`merge`), and the result
does not depend on the order of either: counts are sums, and the changed texts and unreadable
lines kept for the report are the first `limit` by location (file, line, record, side), however
the input was split. So the local engine (rows in input order) and Spark (one summary per
partition, merged) give the same summary. Its size is bounded by the number of rules, sides,
hours and `limit`, never by the number of records.

Cost: ApplyGuardrail bills text units per policy, one unit per 1,000 characters or part of it
of each evaluated text; the evaluator counts them exactly so (runtime/engine.py). Prices are in
USD per 1,000 text units, the on-demand list prices of the Amazon Bedrock pricing page,
Guardrails section, as of 2026-12 (https://aws.amazon.com/bedrock/pricing/): content filters
and denied topics $0.15, sensitive information (PII) filters and contextual grounding $0.10,
word filters and regex-only sensitive information filters free. `--price POLICY=USD` replaces
one (a region's or a later price).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .core import UNITS, Row

DEFAULT_LIMIT = 200
# USD per 1,000 text units, by the policy names of --price, and the usage counter each bills
PRICES: dict[str, float] = {
    "content": 0.15,
    "topics": 0.15,
    "pii": 0.10,
    "regex": 0.0,
    "words": 0.0,
    "grounding": 0.10,
}
PRICED_UNITS = dict(zip(PRICES, UNITS, strict=True))
PRICE_SOURCE = "https://aws.amazon.com/bedrock/pricing/ (Guardrails, on-demand, 2026-12)"


def row_key(row: Row) -> tuple[str, int, int, str]:
    """Where a row comes from, as a sort key: the order of the report's lists."""
    return (row.file, row.line, row.sub, row.source)


def _first(rows: list[Row], limit: int) -> list[Row]:
    return sorted(rows, key=row_key)[:limit]


@dataclass
class Summary:
    """Counts over the rows of a replay (see the module docstring)."""

    limit: int = DEFAULT_LIMIT
    texts: Counter[str] = field(default_factory=Counter)
    unreadable: int = 0
    problems: list[Row] = field(default_factory=list)
    verdicts: Counter[tuple[str, str]] = field(default_factory=Counter)
    base_verdicts: Counter[tuple[str, str]] = field(default_factory=Counter)
    interventions: Counter[tuple[str, str]] = field(default_factory=Counter)
    base_interventions: Counter[tuple[str, str]] = field(default_factory=Counter)
    timeline: Counter[tuple[str, str]] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)
    changed: int = 0
    changes: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        """Count one row."""
        if row.error:
            self.unreadable += 1
            self.problems.append(row)
            if len(self.problems) > 2 * self.limit:
                self.problems = _first(self.problems, self.limit)
            return
        self.texts[row.source] += 1
        self.verdicts[(row.source, row.verdict)] += 1
        self.base_verdicts[(row.source, row.base_verdict)] += 1
        hour = row.timestamp[:13] if row.timestamp[:4].isdigit() else ""
        for rule in row.rules:
            self.interventions[(rule, row.source)] += 1
            if hour:
                self.timeline[(hour, rule)] += 1
        for rule in row.base_rules:
            self.base_interventions[(rule, row.source)] += 1
        for name, count in zip(UNITS, row.units, strict=False):
            if count:
                self.units[name] += count
        if row.changed:
            self.changed += 1
            self.changes.append(row)
            if len(self.changes) > 2 * self.limit:
                self.changes = _first(self.changes, self.limit)

    def add_all(self, rows: Iterable[Row]) -> Summary:
        for row in rows:
            self.add(row)
        return self

    def merge(self, other: Summary) -> Summary:
        """This summary with `other` added (both unchanged)."""
        out = Summary(self.limit)
        for name in (
            "texts",
            "verdicts",
            "base_verdicts",
            "interventions",
            "base_interventions",
            "timeline",
            "units",
        ):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        out.unreadable = self.unreadable + other.unreadable
        out.changed = self.changed + other.changed
        out.problems = _first([*self.problems, *other.problems], self.limit)
        out.changes = _first([*self.changes, *other.changes], self.limit)
        return out

    def finish(self) -> Summary:
        """Trim the kept lists to `limit`, in location order."""
        self.problems = _first(self.problems, self.limit)
        self.changes = _first(self.changes, self.limit)
        return self


def cost(units: Mapping[str, int], prices: Mapping[str, float]) -> dict[str, Any]:
    """The estimated ApplyGuardrail charge of `units` at `prices` (USD per 1,000 units)."""
    lines = []
    total = 0.0
    for policy, counter in PRICED_UNITS.items():
        count = int(units.get(counter, 0))
        usd = count / 1000 * prices[policy]
        total += usd
        lines.append(
            {
                "policy": policy,
                "text_units": count,
                "usd_per_1000": prices[policy],
                "usd": round(usd, 6),
            }
        )
    return {"by_policy": lines, "usd": round(total, 6), "source": PRICE_SOURCE}
