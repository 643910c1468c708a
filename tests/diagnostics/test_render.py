"""Rendering of diagnostics: the rustc-like text (snapshots) and the JSON report (schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.diagnostics.render import render_json, render_one, render_text, summary_line
from compiler.diagnostics.sink import Diagnostic, Diagnostics, Label
from compiler.diagnostics.span import Span

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "diagnostics.schema.json").read_text()
)

SUPPORT = """\
use stdlib.pii

guardrail "support-bot":
  description "Retail support assistant"
  block credit card numbrs
  filter hate at hgh
  deny topic "Gambling":
    means "Betting, casinos,
"""
OTHER = 'topic "Gambling":\n  means "Betting."\n'


def _at(file: str, text: str, needle: str, length: int | None = None, nth: int = 0) -> Span:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return Span.point(file, text, offset, len(needle) if length is None else length)


def _sources() -> dict[str, str]:
    return {"support.guard": SUPPORT, "common.guard": OTHER}


def _diagnostics() -> list[Diagnostic]:
    sink = Diagnostics()
    sink.emit(
        "E203",
        "unknown PII entity `credit card numbrs`",
        _at("support.guard", SUPPORT, "credit card numbrs"),
        note="not a known entity",
        help="did you mean `credit card numbers`?",
    )
    sink.emit(
        "E202",
        "unknown strength `hgh`",
        _at("support.guard", SUPPORT, "hgh"),
        note="expected none, low, medium or high",
    )
    sink.emit(
        "E103",
        "duplicate definition of topic `Gambling`",
        _at("support.guard", SUPPORT, '"Gambling"'),
        note="defined again here",
        labels=(Label(span=_at("common.guard", OTHER, '"Gambling"'), message="first here"),),
    )
    sink.emit(
        "E004",
        "unterminated string",
        Span.point("support.guard", SUPPORT, SUPPORT.index('"Betting'), 40),
        note="the string starts here",
    )
    sink.emit(
        "W204", "guardrail `support-bot` has no test", _at("support.guard", SUPPORT, "guardrail")
    )
    return sink.sorted()


def test_style_md_example_exactly() -> None:
    text = "\n" * 11 + "  block credit card numbrs\n"
    sink = Diagnostics()
    sink.emit(
        "E203",
        "unknown PII entity `credit card numbrs`",
        _at("examples/support.guard", text, "credit card numbrs"),
        note="not a known entity",
        help="did you mean `credit card numbers`?",
    )
    assert render_one(sink.items[0], {"examples/support.guard": text}) == (
        "error[E203]: unknown PII entity `credit card numbrs`\n"
        " --> examples/support.guard:12:9\n"
        "   |\n"
        "12 |   block credit card numbrs\n"
        "   |         ^^^^^^^^^^^^^^^^^^ not a known entity\n"
        "   |\n"
        "   = help: did you mean `credit card numbers`?"
    )


def test_representative_diagnostics(snapshot: Any) -> None:
    assert render_text(_diagnostics(), _sources()) == snapshot


def test_multiline_span_is_careted_to_the_end_of_its_first_line() -> None:
    unterminated = next(d for d in _diagnostics() if d.code == "E004")
    assert unterminated.span.end_line > unterminated.span.line
    rendered = render_one(unterminated, _sources()).splitlines()
    line = '    means "Betting, casinos,'
    caret_row = rendered[rendered.index(f"8 | {line}") + 1]
    start = line.index('"')
    carets = "^" * (len(line) - start)  # to the end of the first line, not beyond
    assert caret_row == "  |" + " " * (1 + start) + carets + " the string starts here"


def test_label_in_another_file_gets_its_own_header() -> None:
    dup = next(d for d in _diagnostics() if d.code == "E103")
    rendered = render_one(dup, _sources())
    assert " ::: common.guard:1:7" in rendered
    assert '1 | topic "Gambling":' in rendered
    assert "  |       ---------- first here" in rendered


def test_tabs_and_wide_characters_keep_carets_aligned() -> None:
    text = 'guardrail "x":\n\tblock 名前 word "ok"\n'
    sink = Diagnostics()
    sink.emit("E007", "unknown statement", _at("t.guard", text, "word"), note="here")
    rendered = render_one(sink.items[0], {"t.guard": text}).splitlines()
    source_row, caret_row = rendered[3], rendered[4]
    assert source_row == '2 |     block 名前 word "ok"'
    # "名前" is four columns wide on a terminal, so the caret sits under `word`.
    assert caret_row.index("^") == source_row.index("word") + 2
    assert caret_row.count("^") == 4


def test_empty_span_at_end_of_file_still_has_a_caret() -> None:
    text = 'guardrail "x":\n'
    sink = Diagnostics()
    sink.emit("E006", "unexpected end of file", Span.point("t.guard", text, len(text), 0))
    rendered = render_one(sink.items[0], {"t.guard": text})
    assert rendered.endswith("2 | \n  | ^") or rendered.endswith("2 |\n  | ^")


def test_unknown_source_prints_header_and_help_only() -> None:
    sink = Diagnostics()
    span = Span(file="gone.guard", start=0, end=1, line=3, column=2, end_line=3, end_column=3)
    sink.emit("E901", "internal error", span, help="please report it")
    assert render_one(sink.items[0], {}) == (
        "error[E901]: internal error\n --> gone.guard:3:2\n  = help: please report it"
    )


def test_color_only_when_asked() -> None:
    plain = render_text(_diagnostics(), _sources())
    colored = render_text(_diagnostics(), _sources(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31merror[E203]" in colored
    assert "\x1b[1;33mwarning[W204]" in colored
    assert _strip_ansi(colored) == plain


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_json_report_validates_and_carries_positions() -> None:
    report = json.loads(render_json(_diagnostics(), _sources(), guardrails=1))
    jsonschema.validate(report, SCHEMA)
    first = report["diagnostics"][0]
    assert (first["code"], first["line"], first["column"]) == ("W204", 3, 1)
    dup = next(d for d in report["diagnostics"] if d["code"] == "E103")
    assert dup["source_line"] == '  deny topic "Gambling":'
    assert dup["labels"] == [
        {
            "file": "common.guard",
            "line": 1,
            "column": 7,
            "end_line": 1,
            "end_column": 17,
            "message": "first here",
        }
    ]
    assert report["summary"] == {"errors": 4, "warnings": 1, "files": 2, "guardrails": 1}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.update(version=2),
        lambda r: r["diagnostics"][0].update(severity="fatal"),
        lambda r: r["diagnostics"][0].update(code="E203"),  # a warning must carry a W code
        lambda r: r["diagnostics"][0].pop("help"),
        lambda r: r["diagnostics"][0].update(line=0),
        lambda r: r["summary"].update(extra=1),
    ],
)
def test_schema_rejects_malformed_reports(mutate: Any) -> None:
    report = json.loads(render_json(_diagnostics(), _sources()))
    mutate(report)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, SCHEMA)


def test_json_is_deterministic_and_sorted() -> None:
    one = render_json(_diagnostics(), _sources())
    assert one == render_json(_diagnostics(), _sources())
    assert one.endswith("}\n")
    assert list(json.loads(one)) == ["diagnostics", "summary", "version"]


def test_summary_lines() -> None:
    diags = _diagnostics()
    assert summary_line(diags, 3, 1) == "4 errors, 1 warning in 3 files"
    warnings = [d for d in diags if d.code.startswith("W")]
    assert summary_line(warnings, 4, 5) == "ok: 4 files, 5 guardrails (1 warning)"
    assert summary_line([], 1, 1) == "ok: 1 file, 1 guardrail"


# ── every error case of tests/cases/err, rendered ─────────────────────────────────────────────

ROOT = Path(__file__).resolve().parents[2]
ERR_CASES = sorted(p.parent.name for p in (ROOT / "tests" / "cases" / "err").glob("*/input.guard"))


@pytest.mark.parametrize("case", ERR_CASES)
def test_error_case_renders(case: str, snapshot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendered text of each error case is its snapshot (review diffs like code); the case's
    own code must be among those rendered."""
    from compiler.pipeline import load

    monkeypatch.chdir(ROOT)
    sink = Diagnostics()
    loaded = load([f"tests/cases/err/{case}/input.guard"], sink)
    rendered = render_text(sink.sorted(), loaded.sources)
    assert f"[{case.split('-', maxsplit=1)[0]}]" in rendered
    assert rendered == snapshot
    report = json.loads(render_json(sink.sorted(), loaded.sources))
    jsonschema.validate(report, SCHEMA)


def test_two_marks_on_one_line_share_the_source_row() -> None:
    text = 'guardrail "g":\n  block words "zeus", "Zeus"\n'
    sink = Diagnostics()
    first = Label(span=_at("t.guard", text, '"zeus"'), message="first here")
    sink.emit(
        "W203", "word `Zeus` is listed twice", _at("t.guard", text, '"Zeus"'), labels=(first,)
    )
    assert render_one(sink.items[0], {"t.guard": text}).splitlines()[2:] == [
        "  |",
        '2 |   block words "zeus", "Zeus"',
        "  |                       ^^^^^^",
        "  |               ------ first here",
    ]


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)  # built once: hypothesis calls it a lot


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.sampled_from('ab \t\n名#"\r'), max_size=40),
    numbers=st.lists(st.integers(0, 12), min_size=4, max_size=4),
    known=st.booleans(),
)
def test_any_span_renders_without_crashing(text: str, numbers: list[int], known: bool) -> None:
    """Targets may report spans that do not fit the text (a generated node, an edited file):
    rendering must still produce a header, never an exception."""
    line, column, end_line, end_column = numbers
    span = Span(
        file="f.guard",
        start=0,
        end=0,
        line=line or 1,
        column=column or 1,
        end_line=max(end_line, line or 1),
        end_column=end_column or 1,
    )
    sink = Diagnostics()
    sink.emit("E001", "m", span, note="n", help="h", labels=(Label(span=span, message="l"),))
    rendered = render_one(sink.items[0], {"f.guard": text} if known else {})
    assert rendered.startswith("error[E001]: m\n")
    assert rendered.endswith("= help: h")
    VALIDATOR.validate(json.loads(render_json(sink.items, {"f.guard": text})))
