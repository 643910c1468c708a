"""`guardc replay --html` opened in a real headless Chromium (tests/replay/headless_chromium.py).

The page must render its chart (one series per rule, axis labels) and the changed-texts table
with PII masked, with or without scripts, and must ask the network for nothing: every URL the
browser requested besides the page itself, and every message it logged (a failed load, a
Content-Security-Policy refusal, a console error), is a failure. The negative tests show that
this check catches pages that do load something. `make browser` provides Chromium; without one
these tests fail with the command to run, they are never skipped.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from headless_chromium import Browser, Page, pixels

from benchmarks.replay_records import ANSWER, families, jsonl
from compiler.cli import main
from compiler.replay.html import PALETTE, chart

CANDIDATE = """\
use stdlib.topics

guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  on blocked output say "Sorry, I cannot share that."
  deny topic "Investment advice"
  block words "<b>gift</b> & card" on input
  mask email addresses on output
"""
BASELINE = """\
guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  on blocked output say "Sorry, I cannot share that."
  block words "free refund hack" on input
"""
# HTML in a logged prompt must reach the page as text, never as markup
PROMPT = 'Should I buy Tesla shares? <img src="x.png"> </td></tr><script>alert(1)</script> & co'
HOURS = ("10", "11", "11", "14")  # with the gift card at 13, a gap: hour 12 had no traffic


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    started = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield started
    started.close()


@pytest.fixture(scope="session")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A replay's HTML page and its JSON document: log records over five hours (one family per
    record, so every request shape), and a prompt-side word rule, all unlike the baseline."""
    root = tmp_path_factory.mktemp("replay-html")
    (root / "candidate.guard").write_text(CANDIDATE)
    (root / "base").mkdir()
    (root / "base" / "baseline.guard").write_text(BASELINE)
    records = list(families(prompt=PROMPT, answer=ANSWER).values())
    records.append(families(prompt="a <b>gift</b> & card, please", answer="Sure.")["titan"])
    for n, record in enumerate(records):
        hour = HOURS[n % len(HOURS)] if n < len(records) - 1 else "13"
        record["timestamp"] = f"2026-11-30T{hour}:{n:02d}:00Z"
    (root / "logs.jsonl").write_text(jsonl(records))
    page = root / "report.html"
    args = ["replay", str(root / "candidate.guard"), "--root", str(root), "--guardrail", "shop"]
    args += [
        "--logs",
        str(root / "logs.jsonl"),
        "--baseline",
        str(root / "base" / "baseline.guard"),
    ]
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main([*args, "--workers", "1", "--format", "json", "--html", str(page)])
    assert code == 0
    return page, json.loads(out.getvalue())


def outside(page: Page, path: Path) -> list[str]:
    """What the page fetched besides itself, and every message the browser logged for it."""
    return [url for url in page.requests if url != path.resolve().as_uri()] + page.messages


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
def test_the_chart_renders_one_series_per_rule_with_labelled_axes(
    browser: Browser, report: tuple[Path, dict[str, Any]], scripts: bool
) -> None:
    path, doc = report
    rules = sorted(doc["timeline"]["series"])
    assert len(rules) == 3  # topic, pii and word rules all intervened at known hours
    with browser.open_page(path, scripts=scripts) as page:
        assert outside(page, path) == []
        assert page.requests == [path.resolve().as_uri()]
        assert page.evaluate("document.scripts.length") == 0
        chart = page.evaluate(
            """[...document.querySelectorAll('svg g.series')].map(g => ({
                rule: g.querySelector('title').textContent,
                points: g.querySelector('polyline').points.length,
                dots: g.querySelectorAll('circle').length,
                box: g.getBoundingClientRect().width}))"""
        )
        assert [s["rule"] for s in chart] == rules
        assert {s["points"] for s in chart} == {5}  # 10:00 to 14:00, the empty hours included
        for series, rule in zip(chart, rules, strict=True):
            assert series["dots"] == len(doc["timeline"]["series"][rule])
            assert series["box"] > 600  # drawn across the chart
        labels = page.evaluate("[...document.querySelectorAll('svg text')].map(t => t.textContent)")
        assert "interventions per hour" in labels
        assert "hours (from the records' timestamps)" in labels
        assert {"2026-11-30T10", "2026-11-30T14"} <= set(labels)
        legend = page.evaluate("[...document.querySelectorAll('.legend li')].map(l => l.innerText)")
        assert [item.lstrip("■ ").strip() for item in legend] == rules


def test_the_chart_is_painted_in_each_series_colour(
    browser: Browser, report: tuple[Path, dict[str, Any]]
) -> None:
    """The screenshot of the chart is not blank and shows every series' colour, so the lines are
    painted, not merely present in the DOM."""
    path, doc = report
    with browser.open_page(path, scripts=False) as page:
        box = page.evaluate(
            "(({x, y, width, height}) => ({x, y, width, height}))"
            "(document.querySelector('svg').getBoundingClientRect())"
        )
        width, height, rows = pixels(page.screenshot(clip=box))
    assert (width, height) == (round(box["width"]), round(box["height"]))
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}
    assert len(colours) > 10  # far from uniform
    for n in range(len(doc["timeline"]["series"])):
        want = bytes.fromhex(PALETTE[n][1:])
        assert any(max(abs(a - b) for a, b in zip(c, want, strict=True)) <= 8 for c in colours), (
            f"no pixel of series {n}'s colour {PALETTE[n]}"
        )


def test_the_changed_texts_are_masked_escaped_and_readable(
    browser: Browser, report: tuple[Path, dict[str, Any]]
) -> None:
    path, doc = report
    shown = doc["changes"]["shown"]
    with browser.open_page(path, scripts=True) as page:
        assert outside(page, path) == []
        texts = page.evaluate("[...document.querySelectorAll('td.text')].map(t => t.textContent)")
        assert texts == [c["text"] for c in shown]  # markup in a text stays text
        assert any(PROMPT in t for t in texts)
        assert page.evaluate("document.querySelectorAll('img, script, iframe').length") == 0
        body = page.evaluate("document.body.innerText")
        assert "{EMAIL}" in body and "jane.doe@example.com" not in body
        assert 'word "<b>gift</b> & card"' in body
        # at 800 pixels the text column keeps its room
        text_width, table_width = page.evaluate(
            "[document.querySelector('td.text').getBoundingClientRect().width,"
            " document.querySelector('td.text').closest('table').getBoundingClientRect().width]"
        )
        assert text_width >= table_width / 4


@pytest.mark.parametrize("width", [800, 400])
def test_the_page_does_not_scroll_sideways(
    browser: Browser, report: tuple[Path, dict[str, Any]], width: int
) -> None:
    """The chart shrinks to the window and a wide table scrolls in its own box."""
    with browser.open_page(report[0], scripts=False, width=width) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("document.querySelector('svg').getBoundingClientRect().right") <= width


@pytest.mark.parametrize(
    ("body", "scripts"),
    [
        ('<img src="http://198.51.100.7/x.png">', False),
        ('<link rel="stylesheet" href="https://cdn.example.com/a.css">', False),
        ("<style>body{background:url(bg.png)}</style>", False),
        ('<svg><image href="https://example.com/i.png" width="9" height="9"/></svg>', False),
        ('<script src="https://example.com/a.js"></script>', True),
        ('<script>console.error("boom")</script>', True),
        ("<script>undefinedFunction()</script>", True),
    ],
)
def test_the_check_catches_a_page_that_loads_or_logs_something(
    browser: Browser, tmp_path: Path, body: str, scripts: bool
) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
    with browser.open_page(path, scripts=scripts) as page:
        assert outside(page, path) != []


def test_the_reports_policy_refuses_an_injected_resource_and_the_check_sees_it(
    browser: Browser, report: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Were the renderer ever to emit a link to elsewhere, the page's Content-Security-Policy
    refuses it and the refusal is logged, so the tests above fail."""
    page_text = report[0].read_text()
    injected = tmp_path / "injected.html"
    injected.write_text(
        page_text.replace("</body>", '<img src="https://example.com/p.png"></body>')
    )
    with browser.open_page(injected, scripts=False) as page:
        found = outside(page, injected)
    assert any("Content Security Policy" in m for m in found), found


def test_a_log_over_more_than_three_days_is_charted_by_day_with_its_empty_days() -> None:
    series = {
        "pii EMAIL": {"2026-11-28T23": 2, "2026-12-02T00": 1},
        "profanity": {"2026-11-30T05": 4},
    }
    svg = chart({"timeline": {"bucket": "hour", "series": series}})
    assert "interventions per day" in svg and ">2026-11-28<" in svg and ">2026-12-02<" in svg
    assert svg.count('points="') == 2
    assert all(len(p.split('"')[0].split()) == 5 for p in svg.split('points="')[1:])  # 5 days


def test_timestamps_that_are_not_iso_are_charted_as_they_occur() -> None:
    series = {"profanity": {"2026/11/30 1": 1, "2026/11/30 2": 3}}
    svg = chart({"timeline": {"bucket": "hour", "series": series}})
    assert ">2026/11/30 1<" in svg and ">2026/11/30 2<" in svg and "interventions per hour" in svg


def test_screenshots_decode_to_the_colours_painted(browser: Browser, tmp_path: Path) -> None:
    """The PNG decoder the colour check relies on, on a page of known blocks."""
    path = tmp_path / "blocks.html"
    blocks = (
        '<div style="width:50px;height:20px;background:#0072B2"></div>'
        '<div style="width:30px;height:10px;margin-left:10px;background:#E69F00"></div>'
    )
    path.write_text(f'<!DOCTYPE html><body style="margin:0;background:#fff">{blocks}</body>')
    with browser.open_page(path, scripts=False) as page:
        width, height, rows = pixels(
            page.screenshot(clip={"x": 0, "y": 0, "width": 80, "height": 40})
        )
    assert (width, height) == (80, 40)

    def at(x: int, y: int) -> str:
        return rows[y][3 * x : 3 * x + 3].hex()

    assert (at(0, 0), at(49, 19), at(50, 5), at(10, 20), at(39, 29), at(5, 25)) == (
        "0072b2",
        "0072b2",
        "ffffff",
        "e69f00",
        "e69f00",
        "ffffff",
    )
    assert at(79, 39) == "ffffff" and at(40, 25) == "ffffff"
