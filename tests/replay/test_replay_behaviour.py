"""The behavioural plan's comparison (compiler/replay/behaviour.py) and the rebuild of a
deployed configuration (compiler/commands/plan_behaviour.py), without AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.aws.remote import Deployed
from compiler.aws.response import to_request
from compiler.commands.plan_behaviour import Evaluators, rebuild
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.usage import UsageError
from compiler.pipeline import load_text
from compiler.replay.behaviour import (
    AGAINST_NOTHING,
    Probe,
    behaviour_lines,
    compare,
    corpus_probes,
    expectation_probes,
)
from compiler.runtime.engine import default_detectors
from compiler.targets.bedrock import payload

ROOT = Path(__file__).resolve().parents[2]

SOURCE = """\
guardrail "g":
  deny topic "Pets":
    means "Talk about cats, dogs and other pets."
    for example "Should I get a cat?"
  mask email addresses on output

test "g" for "g":
  input "Should I get a cat?" is blocked
  output "Write to a@example.com" is masked as "Write to {EMAIL}"
  input "Hello" is allowed
"""


def guardrail_of(text: str) -> Any:
    sink = Diagnostics()
    loaded = load_text(text, sink, "g.guard")
    assert not sink.has_errors, [d.message for d in sink.sorted()]
    return loaded.policy, loaded.policy.guardrail("g")


@pytest.fixture(scope="module")
def evaluators() -> Evaluators:
    return Evaluators(default_detectors("standard"))


def test_the_same_configuration_changes_nothing(evaluators: Evaluators) -> None:
    policy, g = guardrail_of(SOURCE)
    _, again = guardrail_of(SOURCE)
    result = compare(evaluators.get(again), evaluators.get(g), expectation_probes(policy, "g"))
    assert (result.compared, result.changes) == (3, [])


def test_against_no_guardrail_lists_what_intervenes(evaluators: Evaluators) -> None:
    policy, g = guardrail_of(SOURCE)
    result = compare(None, evaluators.get(g), expectation_probes(policy, "g"))
    assert result.against == AGAINST_NOTHING
    assert [(c.probe.text, c.old.kind, c.new.kind, c.now) for c in result.changes] == [
        ("Should I get a cat?", "allowed", "blocked", ('topic "Pets"',)),
        ("Write to a@example.com", "allowed", "masked", ("pii email addresses on output",)),
    ]
    assert [c.probe.origin for c in result.changes] == ["g.guard:8", "g.guard:9"]


def test_a_rule_removed_is_named_as_no_longer_firing(evaluators: Evaluators) -> None:
    policy, old = guardrail_of(SOURCE)
    without = SOURCE.replace("  mask email addresses on output\n", "").split("test ")[0]
    _, new = guardrail_of(without)  # the tests would not compile: the probes are the old ones
    result = compare(evaluators.get(old), evaluators.get(new), expectation_probes(policy, "g"))
    (change,) = result.changes
    assert (change.old.kind, change.new.kind) == ("masked", "allowed")
    assert change.no_longer == ("pii email addresses on output",)
    assert change.now == ()


def test_texts_are_shown_escaped_and_clipped() -> None:
    from compiler.replay.behaviour import Behaviour, VerdictChange
    from compiler.replay.core import Verdict

    text = "evil \x1b[31m" + "x" * 300
    probe = Probe("INPUT", ({"text": {"text": text}},), text, "c.jsonl:1")
    change = VerdictChange(probe, Verdict("allowed"), Verdict("blocked", None, ("w",)), ("w",), ())
    lines = behaviour_lines(Behaviour("deployed", 1, [change]))
    assert "\x1b" not in "\n".join(lines)
    assert "\\u{1b}" in lines[1]
    assert len(lines[1]) < 200


def test_duplicates_are_evaluated_once(evaluators: Evaluators, tmp_path: Path) -> None:
    policy, g = guardrail_of(SOURCE)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"source": "INPUT", "text": "Should I get a cat?"}\n\n'
        '{"source": "OUTPUT", "text": "Should I get a cat?"}\n',
        encoding="utf-8",
    )
    probes = [*expectation_probes(policy, "g"), *corpus_probes(str(corpus))]
    assert [p.origin for p in probes][-1] == f"{corpus}:3"  # the blank line 2 is skipped
    result = compare(None, evaluators.get(g), probes)
    assert result.compared == 4  # the INPUT repeat is the test's own text; OUTPUT is another


def test_a_corpus_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'{"source": "INPUT", "text": "\xff"}\n')
    with pytest.raises(UsageError, match="cannot read"):
        corpus_probes(str(corpus))


def deployed_of(text: str, change: Any = None) -> Deployed:
    from aws_standin_wire import as_response

    _, g = guardrail_of(text)
    request = payload(g)
    config = {k: v for k, v in request.items() if k not in ("tags", "clientRequestToken")}
    response = as_response(config, "us-east-1", fill_defaults=True)
    if change is not None:
        change(response)
    return Deployed("gid", "arn", "READY", to_request(dict(response)), {}, response)


def test_rebuild_gives_a_guardrail_that_judges_alike(evaluators: Evaluators) -> None:
    policy, g = guardrail_of(SOURCE)
    deployed, notes = rebuild(deployed_of(SOURCE), "g")
    assert deployed is not None and notes == []
    result = compare(evaluators.get(deployed), evaluators.get(g), expectation_probes(policy, "g"))
    assert result.changes == []


def test_a_member_the_language_cannot_say_is_a_note() -> None:
    deployed, notes = rebuild(deployed_of(SOURCE, lambda r: r.update(newFeature={"on": 1})), "g")
    assert deployed is not None
    assert len(notes) == 1 and "`newFeature`" in notes[0]


PARITY_OLD = """\
guardrail "g":
  block words "Refund" on output
  mask email addresses on output
  mask phone numbers on input
"""
PARITY_NEW = """\
guardrail "g":
  deny topic "Pets":
    means "Talk about cats, dogs and other pets."
    for example "Should I get a cat?"
  block words "Refund" on input
  block email addresses on output
  mask phone numbers on input
  filter hate at high
"""
PARITY_CORPUS = [
    {"source": "INPUT", "text": "Should I get a cat?"},
    {"source": "INPUT", "text": "A REFUND please, call me on +1 206 555 0100"},
    {"source": "OUTPUT", "text": "A refund? Write to a@example.com"},
    {"source": "OUTPUT", "text": "Write to a@example.com"},
    {"source": "OUTPUT", "text": "Call me on +1 206 555 0100"},
    {"source": "INPUT", "text": "Hello there"},
    {"source": "OUTPUT", "text": "Cats are fine", "grounding_source": "Pets", "query": "cat?"},
]


def test_plan_and_replay_agree_on_every_changed_text_and_rule(
    evaluators: Evaluators, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The behavioural plan and `guardc replay --baseline` judge the same corpus through the
    same per-text function: the same texts change, with the same verdicts and rules. A replay
    with its own reading of responses (it once named rules `pii EMAIL`, counted a mask inside a
    blocked text and lowercased words) fails this."""
    import json

    from compiler.cli import main

    (tmp_path / "old.guard").write_text(PARITY_OLD, encoding="utf-8")
    (tmp_path / "new.guard").write_text(PARITY_NEW, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in PARITY_CORPUS), "utf-8")
    _, old = guardrail_of(PARITY_OLD)
    _, new = guardrail_of(PARITY_NEW)
    planned = compare(evaluators.get(old), evaluators.get(new), corpus_probes(str(corpus)))
    from compiler.replay.behaviour import behaviour_document

    args = ["replay", str(tmp_path / "new.guard"), "--guardrail", "g", "--logs", str(corpus)]
    extra = ["--baseline", str(tmp_path / "old.guard"), "--show-text", "--format", "json"]
    assert main([*args, *extra, "--workers", "1"]) == 0
    replayed = json.loads(capsys.readouterr().out)["changes"]

    keys = ("source", "text", "old", "new", "now", "no_longer")
    from_plan = [{k: c[k] for k in keys} for c in behaviour_document(planned)["changes"]]
    from_replay = [{k: c[k] for k in keys} for c in replayed["shown"]]
    assert from_plan == from_replay
    # what changes, by the reasoning a reviewer would do (not read back from either side):
    assert [
        (c["text"], c["old"]["verdict"], c["new"]["verdict"], c["now"], c["no_longer"])
        for c in from_plan
    ] == [
        ("Should I get a cat?", "allowed", "blocked", ['topic "Pets"'], []),
        (
            PARITY_CORPUS[1]["text"],
            "masked",
            "blocked",
            ['word "Refund"'],
            ["pii phone numbers on input"],
        ),
        ("Write to a@example.com", "masked", "blocked", [], []),
    ]
    assert replayed["count"] == 3
