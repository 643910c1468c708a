"""The pure per-record function and the summary: any split of the input sums to the same."""

from __future__ import annotations

import random

from benchmarks.replay_records import families, jsonl
from compiler.replay.core import Spec, Verdict, judge_all, verdict_of
from compiler.replay.report import document
from compiler.replay.sources import Raw
from compiler.replay.summary import PRICES, Summary

PLAN_SOURCE = """\
guardrail "shop":
  on blocked input say "No."
  block words "refund" on input
  mask email addresses on output
"""


def _plan() -> dict[str, object]:
    from compiler.diagnostics.sink import Diagnostics
    from compiler.pipeline import load_text
    from compiler.targets.evaluator import plan

    sink = Diagnostics()
    loaded = load_text(PLAN_SOURCE, sink, "shop.guard")
    assert not sink.has_errors
    guardrail = loaded.policy.guardrail("shop")
    assert guardrail is not None
    return dict(plan(guardrail))


def _raws() -> list[Raw]:
    lines = jsonl(list(families().values()) * 3).splitlines()
    lines[4] = "garbage"
    return [Raw("log.jsonl", n, text) for n, text in enumerate(lines, 1)]


def test_any_split_of_the_rows_sums_to_the_same_summary() -> None:
    spec = Spec(_plan())
    rows = judge_all(spec, _raws())
    whole = Summary(limit=5).add_all(rows).finish()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    parts = [Summary(limit=5).add_all(shuffled[i : i + 7]) for i in range(0, len(shuffled), 7)]
    merged = Summary(limit=5)
    for part in reversed(parts):
        merged = merged.merge(part)
    merged.finish()
    assert document(merged, "shop", "x", PRICES) == document(whole, "shop", "x", PRICES)
    assert whole.unreadable == 1 and whole.problems[0].line == 5
    assert len(whole.changes) == 5 and whole.changed > 5


def test_the_verdict_of_a_response() -> None:
    assert verdict_of({"action": "NONE"}, "INPUT", {}) == Verdict("allowed")
    masked = {
        "action": "GUARDRAIL_INTERVENED",
        "outputs": [{"text": "mail {EMAIL}"}],
        "assessments": [
            {
                "sensitiveInformationPolicy": {
                    "piiEntities": [{"type": "EMAIL", "action": "ANONYMIZED", "match": "a@b.c"}],
                    "regexes": [{"name": "id", "action": "NONE", "match": "x"}],
                }
            }
        ],
    }
    assert verdict_of(masked, "OUTPUT", {}) == Verdict(
        "masked", "mail {EMAIL}", ("pii email addresses on output",)
    )
    blocked = {
        "action": "GUARDRAIL_INTERVENED",
        "outputs": [{"text": "No."}],
        "assessments": [
            {"wordPolicy": {"customWords": [{"match": "REFUND", "action": "BLOCKED"}]}},
            {"topicPolicy": {"topics": [{"name": "T", "action": "BLOCKED"}]}},
            {
                "sensitiveInformationPolicy": {
                    "piiEntities": [{"type": "EMAIL", "action": "ANONYMIZED", "match": "a@b.c"}]
                }
            },
        ],
    }
    # the word is named as configured; a mask inside a blocked text did not make the verdict
    assert verdict_of(blocked, "INPUT", {"refund": "Refund"}) == Verdict(
        "blocked", None, ('topic "T"', 'word "Refund"')
    )
    assert verdict_of(blocked, "INPUT", {}).rules == ('topic "T"', 'word "REFUND"')


def test_the_local_replay_imports_neither_pyspark_nor_boto3() -> None:
    import subprocess
    import sys

    code = (
        "import sys, compiler.commands.replay, compiler.replay.core, compiler.replay.local, "
        "compiler.replay.sources, compiler.replay.report, compiler.replay.html; "
        "bad = [m for m in ('pyspark', 'boto3', 'botocore') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_progress_line_redraws_in_place_and_clears() -> None:
    import io

    from compiler.replay.local import Counter

    stream = io.StringIO()
    counter = Counter(stream)
    counter.drawn = -1.0  # as if the last draw was long ago
    counter(1234)
    assert stream.getvalue().startswith("\rreplayed 1,234 lines (")
    counter(1300)  # within 0.1 s of the last draw: not redrawn
    assert "1,300" not in stream.getvalue()
    counter.clear()
    assert stream.getvalue().endswith("\r")
