"""The `logging:` and `alarms for` blocks: parsing, lowering, `fmt` round trips, and the coded
diagnostics for what the words alone can tell (threshold, unit, window, retention, repeats)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.diagnostics.render import render_text
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.fmt import format_source
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.frontend.syntax import AlarmsDecl, AlarmStmt, LoggingDecl, Module
from compiler.pipeline import load
from compiler.vocab import (
    AlarmMetric,
    Direction,
    LogData,
    PolicyType,
    ThresholdUnit,
    alarm_phrase,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.guard"))

LOGGING = """\
logging:
  account "111122223333"
  region "us-east-1"
  deliver to bucket "acme-bedrock-logs" prefix "invocations/"
  deliver to log group "/aws/bedrock/invocations" retained for 365 days
  deliver large data to bucket "acme-bedrock-logs" prefix "large/"
  include text, images, embeddings, video, audio
  encrypt with key "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  delivered by role "arn:aws:iam::111122223333:role/bedrock-logging"
  watch guardrail changes in trail log group "aws-cloudtrail-logs"
  notify "arn:aws:sns:us-east-1:111122223333:security"
"""

ALARMS = """\
alarms for "bot":
  notify "arn:aws:sns:us-east-1:111122223333:oncall"
  alarm when interventions above 20% over 5 minutes
  alarm when interventions on input above 50 over 5 minutes
  alarm when interventions by topics above 10 over 15 minutes
  alarm when latency above 800 ms over 5 minutes
  alarm when latency above 2 seconds over 1 hour
  alarm when client errors above 0 over 5 minutes
"""


def lowered(text: str) -> tuple[Module | None, Diagnostics]:
    sink = Diagnostics()
    tree = parse(text, "t.guard", sink)
    return (lower(tree, text, "t.guard", sink) if tree is not None else None), sink


def codes(text: str) -> list[str]:
    return [d.code for d in lowered(text)[1].sorted()]


def test_logging_block_lowers_every_line() -> None:
    module, sink = lowered(LOGGING)
    assert module is not None and not sink.items
    (block,) = module.items
    assert isinstance(block, LoggingDecl)
    assert block.bucket is not None and block.bucket.bucket.value == "acme-bedrock-logs"
    assert block.bucket.prefix is not None and block.bucket.prefix.value == "invocations/"
    assert block.retention is not None and block.retention.value == 365
    assert block.large_data is not None and block.large_data.prefix is not None
    assert [d.data for d in block.data] == list(LogData)
    assert block.trail_log_group is not None
    assert block.trail_log_group.value == "aws-cloudtrail-logs"
    assert [t.value for t in block.notify] == ["arn:aws:sns:us-east-1:111122223333:security"]


def test_alarm_lines_lower_to_metric_side_policy_threshold_unit_and_window() -> None:
    module, sink = lowered(ALARMS)
    assert module is not None and not sink.items
    (block,) = module.items
    assert isinstance(block, AlarmsDecl)
    got = [
        (a.metric, a.direction, a.policy_type, a.threshold, a.unit, a.minutes) for a in block.alarms
    ]
    assert got == [
        (AlarmMetric.INTERVENTIONS, None, None, 20, ThresholdUnit.PERCENT, 5),
        (AlarmMetric.INTERVENTIONS, Direction.INPUT, None, 50, ThresholdUnit.COUNT, 5),
        (AlarmMetric.INTERVENTIONS, None, PolicyType.TOPICS, 10, ThresholdUnit.COUNT, 15),
        (AlarmMetric.LATENCY, None, None, 800, ThresholdUnit.MILLISECONDS, 5),
        (AlarmMetric.LATENCY, None, None, 2, ThresholdUnit.SECONDS, 60),
        (AlarmMetric.CLIENT_ERRORS, None, None, 0, ThresholdUnit.COUNT, 5),
    ]


@pytest.mark.parametrize("text", [LOGGING, ALARMS], ids=["logging", "alarms"])
def test_canonical_text_is_a_fixed_point_of_fmt(text: str) -> None:
    module, _ = lowered(text)
    assert module is not None
    assert format_source(module, text) == text


def test_fmt_orders_lines_keeps_comments_and_reads_back_the_same() -> None:
    text = (
        "# account logging\n"
        "LOGGING:\n"
        '  notify "arn:aws:sns:us-east-1:111122223333:security"  # paging\n'
        '  deliver to log group "/aws/g" retained for 7 days\n'
        '  delivered by role "arn:aws:iam::111122223333:role/r"\n'
        "\n"
        'alarms for "bot":\n'
        "  alarm when Client  Errors above 3\n"
        '  notify "arn:aws:sns:us-east-1:111122223333:oncall"\n'
    )
    module, _ = lowered(text)
    assert module is not None
    out = format_source(module, text)
    assert out == (
        "# account logging\n"
        "logging:\n"
        '  deliver to log group "/aws/g" retained for 7 days\n'
        '  delivered by role "arn:aws:iam::111122223333:role/r"\n'
        '  notify "arn:aws:sns:us-east-1:111122223333:security"  # paging\n'
        "\n"
        'alarms for "bot":\n'
        '  notify "arn:aws:sns:us-east-1:111122223333:oncall"\n'
        "  alarm when client errors above 3 over 5 minutes\n"
    )
    again, _ = lowered(out)
    assert again is not None and again.model_dump() == module.model_dump()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_has_logging_and_alarms_and_is_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    module, sink = lowered(text)
    assert module is not None and not sink.has_errors
    kinds = {item.kind for item in module.items}
    assert {"logging", "alarms"} <= kinds
    assert format_source(module, text) == text


def test_the_healthcare_example_uses_its_own_key_and_keeps_logs_for_years() -> None:
    (path,) = [p for p in EXAMPLES if p.stem == "healthcare_assistant"]
    sink = Diagnostics()
    (block,) = load([path], sink).policy.logging
    assert block.kms_key is not None and block.kms_key.startswith("arn:aws:kms:")
    assert block.retention_days is not None and block.retention_days >= 6 * 365


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ("alarm when interventions above ten", "E265", "threshold `ten` is not a number"),
        ("alarm when interventions above lots", "E265", "not a number"),
        ("alarm when interventoins above 5", "E265", "did you mean `interventions`?"),
        ("alarm when latency above 800", "E265", "does not measure latency"),
        ("alarm when latency above 5%", "E265", "does not measure latency"),
        ("alarm when throttles above 5 ms", "E265", "does not measure throttles"),
        ("alarm when text units above 5%", "E265", "does not measure text units"),
        ("alarm when interventions above 5 parsecs", "E265", "unknown unit `parsecs`"),
        ("alarm when interventions by topix above 5", "E265", "did you mean `topics`?"),
        ("alarm when latency by topics above 5 ms", "E265", "applies to interventions only"),
        ("alarm when interventions on input above 5%", "E265", "cannot be combined"),
        ("alarm when throttles above 5 over 0 minutes", "E265", "up to a day"),
        ("alarm when throttles above 5 over 25 hours", "E265", "up to a day"),
        ("alarm when throttles above 5 over 5 fortnights", "E265", "up to a day"),
        ("alarm when throttles above 5 over 1.5 minutes", "E265", "up to a day"),
    ],
)
def test_bad_alarm_lines_get_a_coded_diagnostic(line: str, code: str, words: str | None) -> None:
    module, sink = lowered(f'alarms for "bot":\n  {line}\n')
    (found,) = sink.sorted()
    assert found.code == code
    rendered = render_text([found], {"t.guard": f'alarms for "bot":\n  {line}\n'}, color=False)
    assert "^" in rendered  # a caret under the culprit
    if words is not None:
        assert words in rendered
    assert module is not None
    (block,) = module.items
    assert isinstance(block, AlarmsDecl) and block.alarms == ()


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('deliver to log group "/g" retained for ten days', "E263"),
        ('deliver to log group "/g" retained for 30 weeks', "E263"),
        ('deliver to log group "/g" retained for 1.5 days', "E263"),
        ("include text, imagez", "E266"),
    ],
)
def test_bad_logging_words_get_a_coded_diagnostic(line: str, code: str) -> None:
    assert codes(f"logging:\n  {line}\n") == [code]


def test_a_logging_line_given_twice_is_E206_and_the_first_counts() -> None:
    text = 'logging:\n  deliver to bucket "first-bucket"\n  deliver to bucket "second-bucket"\n'
    module, sink = lowered(text)
    assert [d.code for d in sink.sorted()] == ["E206"]
    assert module is not None
    (block,) = module.items
    assert isinstance(block, LoggingDecl) and block.bucket is not None
    assert block.bucket.bucket.value == "first-bucket"


def test_an_unknown_line_in_the_blocks_names_the_block() -> None:
    sink = Diagnostics()
    parse('logging:\n  deliver to bucket "b"\n  rotate weekly\n', "t.guard", sink)
    (found,) = sink.sorted()
    assert (found.code, found.message) == ("E007", "unknown logging line `rotate`")
    sink = Diagnostics()
    parse('alarms for "bot":\n  alert when throttles above 1\n', "t.guard", sink)
    (found,) = sink.sorted()
    assert found.code == "E007" and "alarms line" in found.message


# ── resolve: one block per account and Region, alarms for compiled guardrails ─────────────────

BOT = 'guardrail "bot":\n  filter hate at high\n'


def resolved(tmp_path: Path, *texts: str) -> tuple[object, list[str]]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"f{i}.guard"
        path.write_text(text)
        paths.append(str(path))
    sink = Diagnostics()
    policy = load(paths, sink).policy
    return policy, [d.code for d in sink.sorted() if d.code.startswith("E")]


def test_two_logging_blocks_for_one_place_are_E240(tmp_path: Path) -> None:
    block = 'logging:\n  deliver to bucket "some-bucket"\n'
    _, found = resolved(tmp_path, BOT + "\n" + block, block)
    assert found == ["E260"]


def test_logging_blocks_of_different_places_are_fine(tmp_path: Path) -> None:
    first = (
        'logging:\n  account "111122223333"\n  region "us-east-1"\n  deliver to bucket "b-one"\n'
    )
    second = first.replace("us-east-1", "eu-west-1").replace("b-one", "b-two")
    policy, found = resolved(tmp_path, BOT + "\n" + first, second)
    assert found == []
    assert [b.region for b in policy.logging] == ["us-east-1", "eu-west-1"]  # type: ignore[attr-defined]


def test_alarms_name_a_compiled_guardrail(tmp_path: Path) -> None:
    _, found = resolved(tmp_path, BOT + '\nalarms for "bto":\n  alarm when throttles above 1\n')
    assert found == ["E261"]
    _, found = resolved(
        tmp_path,
        BOT
        + '\nalarms for "bot":\n  alarm when throttles above 1\n'
        + '\nalarms for "bot":\n  alarm when latency above 1 ms\n',
    )
    assert found == ["E260"]


# ── property: every alarm line fmt can write reads back as the same alarm ────────────────────


@st.composite
def alarm_lines(draw: st.DrawFn) -> AlarmStmt:
    metric = draw(st.sampled_from(list(AlarmMetric)))
    if metric is AlarmMetric.LATENCY:
        unit = draw(st.sampled_from([ThresholdUnit.MILLISECONDS, ThresholdUnit.SECONDS]))
    elif metric in (AlarmMetric.INVOCATIONS, AlarmMetric.TEXT_UNITS):
        unit = ThresholdUnit.COUNT
    else:
        unit = draw(st.sampled_from([ThresholdUnit.COUNT, ThresholdUnit.PERCENT]))
    direction = policy = None
    if unit is not ThresholdUnit.PERCENT:
        direction = draw(st.none() | st.sampled_from(list(Direction)))
        if metric is AlarmMetric.INTERVENTIONS and direction is None:
            policy = draw(st.none() | st.sampled_from(list(PolicyType)))
    whole = draw(st.booleans())
    threshold = (
        float(draw(st.integers(0, 10**6)))
        if whole
        else draw(st.decimals(0, 1000, places=2).map(float))
    )
    minutes = draw(st.integers(1, 24 * 60))
    return AlarmStmt(
        metric=metric,
        direction=direction,
        policy_type=policy,
        threshold=threshold,
        unit=unit,
        minutes=minutes,
    )


@settings(max_examples=300, deadline=None)
@given(alarm=alarm_lines())
def test_every_alarm_line_reads_back_the_same(alarm: AlarmStmt) -> None:
    text = f'alarms for "bot":\n  {alarm_phrase(alarm)}\n'
    module, sink = lowered(text)
    assert module is not None and not sink.items, (text, sink.sorted())
    (block,) = module.items
    assert isinstance(block, AlarmsDecl)
    (back,) = block.alarms
    assert back.model_dump() == alarm.model_dump()


def test_explain_lists_the_alarms_with_their_metrics_and_the_logging_block(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from compiler.cli import main

    (path,) = [p for p in EXAMPLES if p.stem == "healthcare_assistant"]
    assert main(["explain", str(path), "--guardrail", "care-navigator"]) == 0
    out = capsys.readouterr().out
    assert "alarms (4):" in out
    assert (
        "alarm when interventions above 10% over 15 minutes  ->  100 * InvocationsIntervened"
        " / Invocations by GuardrailArn+GuardrailVersion"
    ) in out
    assert "InvocationLatency by GuardrailArn+GuardrailVersion" in out
    assert "logging (account 111122223333 region us-east-1):" in out
    assert "/aws/bedrock/clinic/invocations (kept 2192 days)" in out
