"""Parameters in an `alarms for` block: its topics (strings) and thresholds (numbers), bound
per environment like a `logging:` block's (docs/language.md, "Environments and parameters").

The source is tests/cases/ok/alarms-environments/input.guard: the topic differs in prod, the
intervention threshold in dev.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from monitoring_sources import loaded, lowered

from compiler.cli import main
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import syntax as s
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.ir import GuardrailAlarms

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "cases" / "ok" / "alarms-environments" / "input.guard"
DEV_TOPIC = "arn:aws:sns:us-east-1:111122223333:guardrail-alarms"
PROD_TOPIC = "arn:aws:sns:eu-west-1:444455556666:guardrail-alarms"

BLOCK = """\
alarms for "g":
  notify "arn:aws:sns:us-east-1:111122223333:a", parameter "topic"
  alarm when interventions above parameter "rate" %
  alarm when latency above 800 ms
  alarm when client errors above parameter "errors" over 1 hour
"""


def _alarms(path: Path, env: str | None) -> tuple[GuardrailAlarms, Diagnostics]:
    policy, sink = loaded(path, env)
    (alarms,) = policy.alarms
    return alarms, sink


def test_topics_and_thresholds_lower_to_placeholders_and_uses() -> None:
    """A use is named by the field it stands for; the alarm index counts the block's alarms,
    so a written threshold keeps its value."""
    (decl,) = lowered(BLOCK).items
    assert isinstance(decl, s.AlarmsDecl)
    uses = [(u.field, u.name) for u in decl.params]
    assert uses == [
        ("notify[1]", "topic"),
        ("alarms[0].threshold", "rate"),
        ("alarms[2].threshold", "errors"),
    ]
    assert [t.value for t in decl.notify] == ["arn:aws:sns:us-east-1:111122223333:a", ""]
    assert [a.threshold for a in decl.alarms] == [0, 800, 0]
    assert decl.alarms[0].unit.value == "%" and decl.alarms[2].minutes == 60


@pytest.mark.parametrize(
    ("env", "topic", "rate"),
    [(None, DEV_TOPIC, 5), ("dev", DEV_TOPIC, 40), ("prod", PROD_TOPIC, 5)],
)
def test_each_environment_binds_its_own_topic_and_threshold(
    env: str | None, topic: str, rate: float
) -> None:
    alarms, sink = _alarms(EXAMPLE, env)
    assert not sink.items, [d.message for d in sink.items]
    assert alarms.notify == (topic,)
    assert [a.threshold for a in alarms.alarms] == [rate, 800]
    assert alarms.environment == env


def test_each_value_records_the_line_that_gives_it() -> None:
    """The set line in the environment that sets the parameter, else the default."""
    text = EXAMPLE.read_text().splitlines()

    def line(span_line: int) -> str:
        return text[span_line - 1].strip()

    dev, _ = _alarms(EXAMPLE, "dev")
    given = {field: (name, line(span.line)) for field, name, span in dev.parameters}
    assert given == {
        "notify[0]": ("alarm topic", f'parameter "alarm topic" = "{DEV_TOPIC}"'),
        "alarms[0].threshold": ("block rate", 'set "block rate" = 40'),
    }
    prod, _ = _alarms(EXAMPLE, "prod")
    assert line(prod.parameters[0][2].line) == f'set "alarm topic" = "{PROD_TOPIC}"'


def test_unknown_and_mistyped_parameters_are_E120_and_E240(tmp_path: Path) -> None:
    """A topic takes a string and a threshold a number; the block is then not compiled."""
    source = tmp_path / "a.guard"
    source.write_text(
        'parameter "alarm topic" = "arn:aws:sns:us-east-1:111122223333:a"\n'
        'parameter "rate" = "high"\n'
        'parameter "count" = 3\n'
        'guardrail "g":\n'
        "  filter hate at high\n"
        'alarms for "g":\n'
        '  notify parameter "alarm topik", parameter "count"\n'
        '  alarm when interventions above parameter "rate" %\n'
    )
    policy, sink = loaded(source, None)
    found = [(d.code, d.span.line, d.span.column) for d in sink.sorted()]
    assert found == [("E120", 7, 10), ("E240", 7, 35), ("E240", 8, 34)]
    assert sink.sorted()[0].help == 'did you mean `"alarm topic"`?'
    assert policy.alarms == ()


def test_a_unit_that_does_not_fit_the_metric_is_still_E265_with_a_parameter() -> None:
    text = 'alarms for "g":\n  alarm when latency above parameter "slow"\n'
    sink = Diagnostics()
    tree = parse(text, "m.guard", sink)
    assert tree is not None
    lower(tree, text, "m.guard", sink)
    (found,) = sink.items
    assert found.code == "E265"
    assert found.message == '`parameter "slow"` does not measure latency'
    assert (
        found.help
        == 'say the unit: `above parameter "slow" ms` or `above parameter "slow" seconds`'
    )


def test_fmt_keeps_the_parameters_and_is_a_fixed_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.guard"
    source.write_text(BLOCK)
    assert main(["fmt", str(source)]) == 0
    written = source.read_text()
    assert (
        '  notify "arn:aws:sns:us-east-1:111122223333:a"\n  notify parameter "topic"\n' in written
    )
    assert 'alarm when interventions above parameter "rate" % over 5 minutes\n' in written
    assert 'alarm when client errors above parameter "errors" over 1 hour\n' in written
    assert main(["fmt", "--check", str(source)]) == 0
    capsys.readouterr()


def test_explain_names_the_environment_and_the_parameter_behind_each_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", str(EXAMPLE), "--guardrail", "support", "--env", "dev"]) == 0
    out = capsys.readouterr().out
    alarms = out[out.index("alarms (2):") :]
    assert "alarm when interventions above 40% over 5 minutes" in alarms
    assert f"notify {DEV_TOPIC}" in alarms
    assert '  environment            "dev"\n' in alarms
    assert '  parameter              "alarm topic" gives notify\n' in alarms
    assert '  parameter              "block rate" gives the threshold of alarm 1\n' in alarms
