"""Evasions the local evaluator must see through (issue 16, items 7 and 8).

Every probe hides a value the guardrail catches in its plain ASCII form behind a Unicode trick
(zero-width and format characters, full-width, small and mathematical forms, other scripts'
digits, dash variants, spaced-out letters). Through `guardc eval`, the evasive text must get the
same verdict as the plain one: blocked when a word or profanity is hidden, and masked to exactly
the same output when a PII entity or a user pattern is hidden, the mask covering the whole
original span (invisible characters included) while the text around it is kept as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler import cli
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.runtime import Evaluator, text_content
from compiler.runtime.engine import default_detectors
from compiler.targets.evaluator import plan

SOURCE = """\
guardrail "probe":
  on blocked input say "Blocked."
  on blocked output say "Blocked."
  block word "Project Zeus"
  block profanity
  mask credit card numbers, us social security numbers, email addresses
  mask ip addresses, aws access keys
  mask pattern "ticket" matching "TCK-\\\\d+"
"""


class Probe(NamedTuple):
    """`before + value + after`, where `value` hides `plain` (which the guardrail catches)."""

    name: str
    before: str
    plain: str
    value: str
    after: str
    tag: str  # the mask (`{tag}`) the plain value gets; "" when it is blocked (words)

    def text(self, value: str | None = None) -> str:
        return self.before + (self.value if value is None else value) + self.after


CARD = "4111 1111 1111 1111"
BOLD = dict(zip("0123456789", map(chr, range(0x1D7CE, 0x1D7D8)), strict=True))  # 𝟎..𝟗
ARABIC_INDIC = dict(zip("0123456789", "٠١٢٣٤٥٦٧٨٩", strict=True))
FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # ASCII → full-width forms


def swap(value: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in value)


CC, SSN, MAIL, IP, KEY = (
    "CREDIT_DEBIT_CARD_NUMBER",
    "US_SOCIAL_SECURITY_NUMBER",
    "EMAIL",
    "IP_ADDRESS",
    "AWS_ACCESS_KEY",
)
EMAIL, TICKET, ZEUS, SSN9 = "jane@example.com", "TCK-123", "Project Zeus", "123-45-6789"
AKIA = "AKIAIOSFODNN7EXAMPLE"

PROBES = [
    # item 7: a zero-width space inside the value
    Probe("zw-card", "Card: ", CARD, "4111 11\u200b11 1111 1111", " thanks", CC),
    Probe("zw-ssn", "My SSN is ", SSN9, "123-4\u200b5-6789", ".", SSN),
    Probe("zw-email", "Mail ", EMAIL, "ja\u200bne@example.com", " today", MAIL),
    Probe("zw-pattern", "See ", TICKET, "TCK\u200b-123", " please", "ticket"),
    # item 7: dotted card numbers, Arabic-Indic digits, full-width @, spaced-out letters
    Probe("dotted-card", "Card: ", CARD, "4111.1111.1111.1111", " thanks", CC),
    Probe("arabic-indic-pattern", "See ", TICKET, swap(TICKET, ARABIC_INDIC), " please", "ticket"),
    Probe("arabic-indic-card", "Card: ", CARD, swap(CARD, ARABIC_INDIC), " thanks", CC),
    Probe("arabic-indic-ip", "Host ", "10.0.0.1", swap("10.0.0.1", ARABIC_INDIC), " down", IP),
    Probe("fullwidth-at", "Mail ", EMAIL, "jane\uff20example.com", " today", MAIL),
    Probe("spaced-word", "Tell me about ", ZEUS, "P r o j e c t  Z e u s", " now", ""),
    Probe("spaced-profanity", "you ", "bitch", "b i t c h", "!", ""),
    # item 8: more evasions
    Probe("bidi-email", "Mail ", EMAIL, "jane@exa\u202emple\u202c.com", " today", MAIL),
    Probe("bidi-pattern", "See ", TICKET, "TCK-1\u202e23\u202c", " please", "ticket"),
    Probe("small-at", "Mail ", EMAIL, "jane\ufe6bexample.com", " today", MAIL),
    Probe("hangul-filler-word", "Tell me about ", ZEUS, "Project Ze\u3164us", " now", ""),
    Probe("hangul-filler-email", "Mail ", EMAIL, "jane@exa\u3164mple.com", " today", MAIL),
    Probe("tag-word", "Tell me about ", ZEUS, "Project Ze\U000e0041us", " now", ""),
    Probe("tag-ssn", "My SSN is ", SSN9, "123-45-\U000e0031\U000e00326789", ".", SSN),
    Probe("en-dash-ssn", "My SSN is ", SSN9, "123\u201345\u20136789", ".", SSN),
    Probe("fullwidth-akia", "Key ", AKIA, swap("AKIA", FULL) + AKIA[4:], " leaked", KEY),
    Probe("fullwidth-dots-ip", "Host ", "192.168.1.1", "192\uff0e168\uff0e1\uff0e1", " down", IP),
    Probe("math-bold-card", "Card: ", CARD, swap(CARD, BOLD), " thanks", CC),
    Probe("math-bold-pattern", "See ", TICKET, swap(TICKET, BOLD), " please", "ticket"),
]


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("evasions") / "probe.guard"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def guardc_eval(guard: Path, text: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """`guardc eval probe.guard --guardrail probe --input TEXT --deterministic`."""
    code = cli.main(
        ["eval", str(guard), "--guardrail", "probe", "--input", text, "--deterministic"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    response: dict[str, Any] = json.loads(out)
    return response


def entries(response: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every assessment entry that carries a `match` (words, profanity, PII, patterns)."""
    for assessment in response["assessments"]:
        words = assessment.get("wordPolicy", {})
        sensitive = assessment.get("sensitiveInformationPolicy", {})
        for key, kind in (("customWords", ""), ("managedWordLists", "")):
            for entry in words.get(key, []):
                yield {**entry, "kind": kind}
        for entry in sensitive.get("piiEntities", []):
            yield {**entry, "kind": entry["type"]}
        for entry in sensitive.get("regexes", []):
            yield {**entry, "kind": entry["name"]}


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_probe_is_caught_like_its_plain_form(
    probe: Probe, guard: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = guardc_eval(guard, probe.text(probe.plain), capsys)
    evasive = guardc_eval(guard, probe.text(), capsys)
    # the plain form is caught as the probe says (otherwise the probe tests nothing)
    if probe.tag:
        assert plain["outputs"] == [{"text": f"{probe.before}{{{probe.tag}}}{probe.after}"}]
    else:
        assert plain["outputs"] == [{"text": "Blocked."}]
    # the evasive form gets the same verdict and, masked, exactly the same output
    assert evasive["action"] == "GUARDRAIL_INTERVENED"
    assert evasive["outputs"] == plain["outputs"]
    # reported as the user wrote it: the whole hidden value, invisible characters included
    found = [(e["kind"], e["match"]) for e in entries(evasive)]
    assert (probe.tag, probe.value) in found
    coverage = evasive["guardrailCoverage"]["textCharacters"]
    assert coverage == {"guarded": len(probe.text()), "total": len(probe.text())}


# -- property: invisible characters anywhere inside a detected value change nothing --------------

INVISIBLES = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\ufeff\u3164\U000e0020"
MASKED = [p for p in PROBES if p.tag and p.name.startswith("zw-")] + [
    Probe("ip", "Host ", "192.168.1.1", "192.168.1.1", " down", IP),
    Probe("akia", "Key ", AKIA, AKIA, ".", KEY),
]
BLOCKED = [p for p in PROBES if not p.tag and p.name.endswith("-word")]


@pytest.fixture(scope="module")
def evaluator(guard: Path) -> Evaluator:
    sink = Diagnostics()
    loaded = load([guard], sink)
    assert not sink.has_errors
    guardrail = loaded.policy.guardrail("probe")
    assert guardrail is not None
    return Evaluator(plan(guardrail), default_detectors("standard"))


@st.composite
def sprinkled(draw: st.DrawFn, probes: list[Probe]) -> tuple[Probe, str]:
    """A probe and its plain value with invisible characters inserted anywhere inside it."""
    probe = draw(st.sampled_from(probes))
    value = probe.plain
    inserts = draw(
        st.lists(
            st.tuples(st.integers(1, len(value) - 1), st.text(INVISIBLES, min_size=1, max_size=3)),
            min_size=1,
            max_size=4,
        )
    )
    for at, chars in sorted(inserts, reverse=True):
        value = value[:at] + chars + value[at:]
    return probe, value


@settings(max_examples=150, deadline=None)
@given(case=sprinkled(MASKED))
def test_invisibles_inside_a_masked_value_keep_it_masked(
    evaluator: Evaluator, case: tuple[Probe, str]
) -> None:
    probe, value = case
    text = probe.text(value)
    response = evaluator.apply("INPUT", text_content(text), deterministic=True)
    # masked exactly as the plain value, nothing of it left showing, the rest kept as written
    assert response["outputs"] == [{"text": f"{probe.before}{{{probe.tag}}}{probe.after}"}]
    assert (probe.tag, value) in [(e["kind"], e["match"]) for e in entries(response)]
    coverage = response["guardrailCoverage"]["textCharacters"]
    assert coverage["guarded"] == coverage["total"] == len(text)


@settings(max_examples=60, deadline=None)
@given(case=sprinkled(BLOCKED))
def test_invisibles_inside_a_word_keep_it_blocked(
    evaluator: Evaluator, case: tuple[Probe, str]
) -> None:
    probe, value = case
    response = evaluator.apply("INPUT", text_content(probe.text(value)), deterministic=True)
    assert response["outputs"] == [{"text": "Blocked."}]
    assert ("", value) in [(e["kind"], e["match"]) for e in entries(response)]
