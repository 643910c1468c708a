"""`--html FILE`: the replay report as one self-contained HTML page.

No script, no external style sheet, font or image: the chart of interventions per rule over
time is inline SVG drawn here (one line per rule, the MAX_SERIES busiest, by hour, or by day
when the log spans more than MAX_HOURS hours, every hour or day of the span on the x axis),
followed by the totals, the interventions per rule and direction, and the changed texts. Every
text from the log is HTML-escaped, and the page's Content-Security-Policy lets the browser load
nothing. tests/replay/test_replay_browser.py opens it in headless Chromium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from html import escape
from typing import Any

MAX_SERIES = 8
MAX_HOURS = 72
MAX_BUCKETS = 1000  # a wider span (a stray timestamp) draws only the buckets that occur
WIDTH, HEIGHT, PAD = 760, 260, 40
# colour-blind-safe palette (Okabe and Ito)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# Rules that intervene on the same records draw the same line: each later line is dashed and its
# dots smaller, so the ones beneath still show (and the lines differ without colour too).
DASHES = ("none", "8 4", "3 3", "10 3 3 3", "5 5", "2 6", "12 4", "6 2 2 2")


def _span(first: str, last: str, by_day: bool) -> list[str] | None:
    """Every hour (or day) from first to last, so that the x axis is time; None when the
    timestamps are not ISO 8601 (then only the buckets that occur are drawn)."""
    fmt, unit = ("%Y-%m-%d", timedelta(days=1)) if by_day else ("%Y-%m-%dT%H", timedelta(hours=1))
    try:
        start, end = datetime.strptime(first, fmt), datetime.strptime(last, fmt)
    except ValueError:
        return None
    steps = int((end - start) / unit)
    if not 0 <= steps < MAX_BUCKETS:
        return None
    return [(start + n * unit).strftime(fmt) for n in range(steps + 1)]


def _series(doc: Mapping[str, Any]) -> tuple[list[str], dict[str, dict[str, int]], bool]:
    """The time buckets, per shown rule its count per bucket, and whether buckets are days."""
    raw: dict[str, dict[str, int]] = doc["timeline"]["series"]
    hours = sorted({h for s in raw.values() for h in s})
    hour_span = _span(hours[0], hours[-1], False) if hours else None
    by_day = len(hour_span or hours) > MAX_HOURS
    series: dict[str, dict[str, int]] = {}
    for rule, points in raw.items():
        out: dict[str, int] = {}
        for hour, count in points.items():
            key = hour[:10] if by_day else hour
            out[key] = out.get(key, 0) + count
        series[rule] = out
    busiest = sorted(series, key=lambda r: (-sum(series[r].values()), r))[:MAX_SERIES]
    buckets = sorted({b for r in busiest for b in series[r]})
    if buckets:
        buckets = _span(buckets[0], buckets[-1], by_day) or buckets
    return buckets, {r: series[r] for r in sorted(busiest)}, by_day


def chart(doc: Mapping[str, Any]) -> str:
    """The inline SVG chart (a sentence instead when no record had a timestamp): one line per
    rule with a dot on every bucket where it intervened, so a single bucket still shows."""
    buckets, series, by_day = _series(doc)
    if not buckets:
        return "<p>No intervention with a timestamp: nothing to chart.</p>"
    top = max(max(s.values()) for s in series.values())
    step = (WIDTH - 2 * PAD) / max(len(buckets) - 1, 1)

    def x(i: int) -> float:
        return PAD + i * step if len(buckets) > 1 else WIDTH / 2

    def y(v: int) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / max(top, 1)

    unit = "day" if by_day else "hour"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="Interventions per rule over time">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#888"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>',
        f'<text x="{PAD - 6}" y="{PAD + 4}" text-anchor="end" font-size="11">{top}</text>',
        f'<text x="{PAD - 6}" y="{HEIGHT - PAD}" text-anchor="end" font-size="11">0</text>',
        *(
            f'<text x="{x(i):.0f}" y="{HEIGHT - PAD + 16}" text-anchor="{anchor}" font-size="11">'
            f"{escape(buckets[i])}</text>"
            for i, anchor in (
                [(0, "middle")] if len(buckets) == 1 else [(0, "start"), (len(buckets) - 1, "end")]
            )
        ),
        f'<text class="axis" x="{WIDTH / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" '
        f'font-size="12">{unit}s (from the records\' timestamps)</text>',
        f'<text class="axis" x="12" y="{HEIGHT / 2:.0f}" text-anchor="middle" font-size="12" '
        f'transform="rotate(-90 12 {HEIGHT / 2:.0f})">interventions per {unit}</text>',
    ]
    for n, (rule, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        coords = [(x(i), y(points.get(b, 0)), points.get(b, 0)) for i, b in enumerate(buckets)]
        line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _ in coords)
        radius = 4.5 - 0.5 * n
        dots = "".join(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}"/>' for cx, cy, v in coords if v
        )
        parts.append(
            f'<g class="series" fill="{colour}" stroke="{colour}"><title>{escape(rule)}</title>'
            f'<polyline fill="none" stroke-width="2" stroke-dasharray="{DASHES[n % len(DASHES)]}" '
            f'points="{line}"/>{dots}</g>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span style="color:{PALETTE[n % len(PALETTE)]}">&#9632;</span> {escape(rule)}</li>'
        for n, rule in enumerate(series)
    )
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f'<div class="wide"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def _verdict(v: Mapping[str, Any]) -> str:
    if v["verdict"] == "masked":
        return f"masked as “{v['output'] or ''}”"
    return str(v["verdict"])


STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:64em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
    "text-align:left;vertical-align:top}.legend{list-style:none;padding:0;columns:2}"
    "td.text{white-space:pre-wrap;font-family:monospace;min-width:24ch}"
    "td.where{overflow-wrap:anywhere}svg{max-width:100%;height:auto}.wide{overflow-x:auto}"
    "h1,p{overflow-wrap:anywhere}"
)
# The browser refuses anything the page would load (image, style sheet, font, script, frame,
# connection): only the inline style runs. A second guard after escaping, since the page shows
# logged texts.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render(doc: Mapping[str, Any]) -> str:
    """The whole page."""
    title = f"Replay of {doc['guardrail']} against {doc['against']}"
    cand, base = doc["verdicts"]["candidate"], doc["verdicts"]["baseline"]
    verdict_rows = [
        [
            side.lower(),
            *(f"{cand[side][v]} ({base[side][v]})" for v in ("allowed", "blocked", "masked")),
        ]
        for side in ("INPUT", "OUTPUT")
    ]
    rule_rows = [
        [i["rule"], i["direction"], i["count"], i["baseline_count"]] for i in doc["interventions"]
    ]
    change_rows = "".join(
        "<tr>"
        f'<td class="where">{escape(c["location"])}</td><td>{escape(c["source"].lower())}</td>'
        f'<td class="text">{escape(c["text"])}</td>'
        f"<td>{escape(_verdict(c['old']))}</td><td>{escape(_verdict(c['new']))}</td>"
        f"<td>{escape(', '.join(c['now'] + c['no_longer']))}</td>"
        "</tr>"
        for c in doc["changes"]["shown"]
    )
    money = doc["cost"]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>{doc['texts']['INPUT']} prompts and {doc['texts']['OUTPUT']} answers judged; "
        f"{doc['unreadable']['count']} unreadable records. Estimated ApplyGuardrail cost: "
        f"${money['usd']:.4f} (prices: {escape(money['source'])}).</p>"
        "<h2>Interventions per rule over time</h2>"
        f"{chart(doc)}"
        "<h2>Verdicts (candidate, baseline in brackets)</h2>"
        f"{_table(['side', 'allowed', 'blocked', 'masked'], verdict_rows)}"
        "<h2>Interventions per rule and direction</h2>"
        f"{_table(['rule', 'direction', 'candidate', 'baseline'], rule_rows)}"
        f"<h2>Verdicts that change ({doc['changes']['count']})</h2>"
        '<div class="wide"><table><thead><tr><th>where</th><th>side</th><th>text</th>'
        "<th>before</th><th>now</th>"
        f"<th>rules</th></tr></thead><tbody>{change_rows}</tbody></table></div>"
        "</body></html>\n"
    )
