"""Issue 16: a hidden character in free text is reported (W206) at the character itself.

`check` took NUL, ESC, DEL, C1 controls, bare carriage returns and bidi overrides in
descriptions, blocked messages, topic definitions and examples, words, regexes and their
descriptions without a word; only tag values had a check (E215, Bedrock's tag pattern).
Bedrock's service model (botocore 1.44.8) gives those text fields lengths but no pattern, so
Bedrock would take them as written: a warning, not an error. Tabs, CRLF line ends and the
zero-width joiner of emoji and Indic scripts stay allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load_text
from security._trust import guardc

X = "\x00"  # replaced, per test, by the character under test

# a line of a valid file per free-text place, X where the hidden character goes
PLACES = {
    "description": '  description "Retail X assistant"',
    "blocked message": '  on blocked input say "Sorry, X no."',
    "topic definition": None,  # in TOPIC below
    "topic example": None,
    "word in a list": None,
    "inline word": '  block word "zeusX"',
    "regex": '  mask pattern "ticket" matching "TCK-X\\d+"',
    "regex description": '  mask pattern "ticket" matching "TCK-\\d+" described as "aXb"',
    "comment": "  # reviewed X by legal",
}
TOPIC = 'topic "Gambling":\n  means "{means}"\n  for example "{example}"\n'
WORDS = 'words "codenames":\n  "{word}"\n'
HIDDEN = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "bare CR": "\r",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
}


def _source(place: str, ch: str) -> str:
    means, example, word = "Betting and odds.", "Best odds?", "zeus"
    line = PLACES[place]
    if place == "topic definition":
        means = f"Betting {ch}and odds."
    elif place == "topic example":
        example = f"Best {ch}odds?"
    elif place == "word in a list":
        word = f"ze{ch}us"
    head = TOPIC.format(means=means, example=example) + WORDS.format(word=word)
    body = [
        'guardrail "g":',
        '  deny topic "Gambling"',
        '  block words from "codenames"',
        "  filter hate at high",
    ]
    if line is not None:
        body.append(line.replace("X", ch))
    return head + "\n".join(body) + "\n"


def _where(text: str, ch: str) -> tuple[int, int]:
    at = text.index(ch)
    line = text.count("\n", 0, at) + 1
    return line, at - text.rfind("\n", 0, at)


@pytest.mark.parametrize("name", sorted(HIDDEN))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_hidden_character_is_reported_at_the_character(place: str, name: str) -> None:
    ch = HIDDEN[name]
    text = _source(place, ch)
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    found = [d for d in sink.items if d.code == "W206"]
    assert len(found) == 1, [(d.code, d.message) for d in sink.items]
    d = found[0]
    assert d.severity.value == "warning"
    assert (d.span.line, d.span.column) == _where(text, ch)
    assert (d.span.start, d.span.end) == (text.index(ch), text.index(ch) + 1)
    assert ch not in d.message and "\\" in d.message  # shown escaped
    assert d.help is not None and d.help.startswith("delete it")
    where = "a comment" if place == "comment" else "a string"
    assert d.message.endswith(f"in {where}")


@pytest.mark.parametrize(
    "text",
    [
        'guardrail "g":\n  description "tab\there"\n  filter hate at high\n',
        'guardrail "g":\r\n  description "crlf"\r\n  filter hate at high\r\n',
        'guardrail "g":\n  block word "\U0001f469\u200d\U0001f4bb"\n  filter hate at high\n',
        'guardrail "g":\n  on blocked input say """\n    Sorry.\n    No."""\n'
        "  filter hate at high\n",
    ],
    ids=["tab", "crlf", "zero-width joiner", "text block"],
)
def test_what_is_allowed_stays_allowed(text: str) -> None:
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    assert [d.code for d in sink.items] == []


def test_one_warning_per_string_at_its_first_hidden_character() -> None:
    text = 'guardrail "g":\n  description "a\x00b\x1bc"\n  block word "\u202ex\u202c"\n'
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    found = sorted((d.span.line, d.span.column) for d in sink.items if d.code == "W206")
    assert found == [(2, 17), (3, 15)]


def test_a_tag_value_keeps_its_own_error_too() -> None:
    text = 'guardrail "g":\n  tag team = "a\x1bb"\n  filter hate at high\n'
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    assert sorted(d.code for d in sink.items) == ["E215", "W206"]


def test_check_fails_and_shows_the_caret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = 'guardrail "g":\n  description "Retail \u202eassistant"\n  filter hate at high\n'
    (tmp_path / "a.guard").write_text(text, encoding="utf-8")
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert run.code == 0  # a warning: Bedrock's model would take the text
    assert "warning[W206]" in run.err and "\\u{202e}" in run.err and "\u202e" not in run.both
    assert "a.guard:2:23" in run.err


# Characters that look like nothing (or like the text around them) and were not reported
# before: a reviewer reads `zeus`, Bedrock blocks another word.
INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner between ASCII": "\u200c",
    "zero-width joiner between ASCII": "\u200d",
    "word joiner": "\u2060",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "Arabic letter mark": "\u061c",
    "soft hyphen": "\xad",
    "byte-order mark inside the file": "\ufeff",
    "Mongolian vowel separator": "\u180e",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "tag letter": "\U000e0061",
    "Hangul filler": "\u3164",
    "halfwidth Hangul filler": "\uffa0",
    "private use": "\ue000",
    "invisible times": "\u2062",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_an_invisible_character_in_a_word_is_reported(name: str) -> None:
    ch = INVISIBLE[name]
    text = _source("inline word", ch)
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    found = [d for d in sink.items if d.code == "W206"]
    assert len(found) == 1, [(d.code, d.message) for d in sink.items]
    assert (found[0].span.line, found[0].span.column) == _where(text, ch)
    assert ch not in found[0].message


@pytest.mark.parametrize(
    "word",
    ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937"],
    ids=["Persian non-joiner", "Devanagari joiner"],
)
def test_joiners_inside_scripts_that_write_them_stay_allowed(word: str) -> None:
    text = f'guardrail "g":\n  block word "{word}"\n  filter hate at high\n'
    sink = Diagnostics()
    load_text(text, sink, "a.guard")
    assert [d.code for d in sink.items] == []


def test_w206_reports_what_the_diagnostics_escape() -> None:
    """One set: every assigned code point the reports show escaped (textsafe.escaped) is one
    W206 reports, and no other, but for tab, LF and CR (allowed in a file) and surrogates
    (never in decoded text)."""
    import unicodedata

    from compiler.diagnostics.textsafe import escaped
    from compiler.frontend.hidden import _HIDDEN

    differ = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if chr(code) not in "\t\n\r"
        and unicodedata.category(chr(code)) not in ("Cn", "Cs")
        and (escaped(chr(code)) is not None) != bool(_HIDDEN.fullmatch(chr(code)))
    ]
    assert differ == []
