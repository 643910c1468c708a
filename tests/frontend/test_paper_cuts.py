"""Real configurations translated by hand hit these: each test fails on the older behaviour."""

from __future__ import annotations

import pytest

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.entity_hints import suggest_entity
from compiler.frontend.fmt import format_source
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.frontend.resolve import resolve
from compiler.vocab import ContentCategory, Strength


def _guardrail(body: str) -> tuple[object, Diagnostics]:
    sink = Diagnostics()
    text = 'guardrail "g":\n' + body
    tree = parse(text, "a.guard", sink)
    assert tree is not None
    policy = resolve({"a.guard": lower(tree, text, "a.guard", sink)}, ["a.guard"], sink)
    return policy.guardrail("g"), sink


def test_prompt_attacks_none_on_output_is_what_bedrock_requires() -> None:
    g, sink = _guardrail("  filter prompt attacks at high on input, none on output\n")
    assert [d.code for d in sink.sorted()] == []
    (rule,) = g.filters  # type: ignore[attr-defined]
    assert rule.category is ContentCategory.PROMPT_ATTACK
    assert rule.input is not None and rule.input.strength is Strength.HIGH
    assert rule.output is None


@pytest.mark.parametrize("strength", ["low", "medium", "high"])
def test_prompt_attacks_with_a_real_output_strength_stay_an_error(strength: str) -> None:
    _, sink = _guardrail(f"  filter prompt attacks at high on input, {strength} on output\n")
    diagnostics = sink.sorted()
    assert [d.code for d in diagnostics] == ["E205"]
    assert "none on output" in (diagnostics[0].help or "")


@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        ("phone", "phone numbers"),
        ("Phone", "phone numbers"),
        ("email", "email addresses"),
        ("ssn", "us social security numbers"),
        ("SSN", "us social security numbers"),
        ("US_DRIVER_LICENSE", "driver ids"),
        ("driver license", "driver ids"),
        ("credit_card", "credit card numbers"),
        ("vin", "vehicle identification numbers"),
        ("us_passport", "us passport numbers"),
        ("credit card numbrs", "credit card numbers"),
    ],
)
def test_unknown_entities_get_the_phrase_people_meant(written: str, phrase: str) -> None:
    assert suggest_entity(written) == phrase
    _, sink = _guardrail(f"  block {written}\n")
    (diagnostic,) = sink.sorted()
    assert diagnostic.code == "E203"
    assert diagnostic.help == f"did you mean `{phrase}`?"


@pytest.mark.parametrize("written", ["zebra", "numbers", "us ids"])
def test_no_suggestion_for_what_names_no_entity(written: str) -> None:
    assert suggest_entity(written) is None


@pytest.mark.parametrize(
    ("body", "clause"),
    [
        (
            "  block email addresses on input\n  mask email addresses on output\n",
            ", mask on output",
        ),
        ("  filter hate at high on input\n  filter hate at low on output\n", ", low on output"),
        (
            "  filter hate at high on output\n  detect hate at low on input\n",
            ", detect low on input",
        ),
    ],
)
def test_duplicate_sides_point_to_the_two_clause_form(body: str, clause: str) -> None:
    _, sink = _guardrail(body)
    (diagnostic,) = sink.sorted()
    assert diagnostic.code == "E206"
    assert f"add `{clause}` to the first" in (diagnostic.help or "")


def test_duplicate_on_the_same_side_keeps_the_plain_hint() -> None:
    _, sink = _guardrail("  block email addresses on input\n  mask email addresses on input\n")
    (diagnostic,) = sink.sorted()
    assert (
        diagnostic.help == "keep one statement; to change an inherited rule, write it in the child"
    )


def test_extends_without_a_block_copies_the_guardrail() -> None:
    sink = Diagnostics()
    text = 'guardrail "a":\n  filter hate at high\n\nguardrail "b" extends "a"\n'
    tree = parse(text, "a.guard", sink)
    assert tree is not None
    module = lower(tree, text, "a.guard", sink)
    policy = resolve({"a.guard": module}, ["a.guard"], sink)
    assert [d.code for d in sink.sorted()] == []
    a, b = policy.guardrail("a"), policy.guardrail("b")
    assert a is not None and b is not None
    assert [f.category for f in b.filters] == [f.category for f in a.filters]
    assert format_source(module, text) == text


@pytest.mark.parametrize("after", ["", '\ntest "t" for "b":\n  input "hi" is allowed\n'])
def test_extends_with_a_colon_and_nothing_under_it_says_how_to_copy(after: str) -> None:
    sink = Diagnostics()
    text = 'guardrail "a":\n  filter hate at high\n\nguardrail "b" extends "a":\n' + after
    parse(text, "a.guard", sink)
    (diagnostic,) = sink.sorted()
    assert diagnostic.code == "E005"
    assert 'drop the colon: `guardrail "b" extends "a"`' in (diagnostic.help or "")


def test_fmt_keeps_a_filter_list_on_one_line() -> None:
    text = (
        'guardrail "g":\n'
        "  filter hate, insults at high\n"
        "  block credit card numbers, us social security numbers on input\n"
        "  detect violence, misconduct at low on input, medium on output\n"
        "  filter sexual content at high including images\n"
        "  filter prompt attacks at high\n"
    )
    sink = Diagnostics()
    tree = parse(text, "a.guard", sink)
    assert tree is not None
    assert format_source(lower(tree, text, "a.guard", sink), text) == text
    assert len(sink) == 0


def test_a_tag_key_with_spaces_is_told_to_use_quotes() -> None:
    sink = Diagnostics()
    parse('guardrail "g":\n  tag cost center = "x"\n  filter hate at high\n', "a.guard", sink)
    (diagnostic,) = sink.sorted()
    assert diagnostic.code == "E001"
    assert '`tag "cost center" = "42"`' in (diagnostic.help or "")
