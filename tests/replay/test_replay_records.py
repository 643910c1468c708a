"""Reading prompts and answers out of every logged request shape, and the records around them."""

from __future__ import annotations

import json

import pytest

from benchmarks.replay_records import ANSWER, PROMPT, envelope, families
from compiler.replay.bodies import answer_of, prompt_of
from compiler.replay.records import RecordError, items_of, parse_line, texts_of


@pytest.mark.parametrize("name", sorted(families()))
def test_every_family_gives_the_last_user_prompt_and_the_answer(name: str) -> None:
    record = families()[name]
    texts = texts_of(record)
    assert [(side, text.strip()) for _, side, text, _ in texts] == [
        ("INPUT", PROMPT),
        ("OUTPUT", ANSWER),
    ]
    assert texts[0][0] == record["timestamp"]


def test_the_system_prompt_and_earlier_turns_are_not_the_prompt() -> None:
    body = families()["converse"]["input"]["inputBodyJson"]
    assert prompt_of(body) == PROMPT  # not "Hi", not the system text


def test_anthropic_string_content_and_converse_guard_content() -> None:
    assert prompt_of({"messages": [{"role": "user", "content": "plain"}]}) == "plain"
    guarded = {
        "messages": [{"role": "user", "content": [{"guardContent": {"text": {"text": "g"}}}]}]
    }
    assert prompt_of(guarded) == "g"


def test_an_anthropic_streamed_answer_is_joined_from_its_deltas() -> None:
    chunks = [
        {"type": "message_start", "message": {"role": "assistant"}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}},
        {"type": "message_stop"},
    ]
    assert answer_of(chunks) == "Hello"


def test_a_blocked_prompt_has_no_model_answer_and_a_masked_answer_reads_the_model_output() -> None:
    blocked = families()["converse"]
    out = blocked["output"]["outputBodyJson"]
    out["stopReason"] = "guardrail_intervened"
    out["output"]["message"]["content"] = [{"text": "Sorry, I can only help with orders."}]
    out["trace"] = {"guardrail": {"inputAssessment": {"abc123": {}}}}
    assert [side for _, side, _, _ in texts_of(blocked)] == ["INPUT"]
    out["trace"] = {"guardrail": {"modelOutput": [ANSWER], "outputAssessments": {"abc123": [{}]}}}
    assert texts_of(blocked)[1][1:3] == ("OUTPUT", ANSWER)
    invoke = families()["anthropic_messages"]
    body = invoke["output"]["outputBodyJson"]
    body["amazon-bedrock-guardrailAction"] = "INTERVENED"
    assert [side for _, side, _, _ in texts_of(invoke)] == ["INPUT"]


def test_a_body_logged_as_a_json_string_is_read() -> None:
    record = families()["titan"]
    record["input"]["inputBodyJson"] = json.dumps(record["input"]["inputBodyJson"])
    assert texts_of(record)[0][2] == PROMPT


def test_eval_request_lines_and_cloudwatch_wrappers() -> None:
    plain = ({"text": {"text": "hi"}},)
    assert texts_of({"source": "OUTPUT", "text": "hi"}) == [("", "OUTPUT", "hi", plain)]
    grounded = texts_of({"source": "OUTPUT", "text": "hi", "grounding_source": "g", "query": "q"})
    assert [b["text"].get("qualifiers") for b in grounded[0][3]] == [
        ["grounding_source"],
        ["query"],
        ["guard_content"],
    ]
    message = json.dumps(families()["titan"])
    subscription = {
        "messageType": "DATA_MESSAGE",
        "logEvents": [{"id": "1", "timestamp": 1, "message": message}],
    }
    assert len(texts_of(subscription)) == 2
    filtered = {"events": [{"message": message}, {"message": message}]}
    items = items_of("f", 3, filtered)
    assert [(i.line, i.sub) for i in items] == [(3, 1), (3, 2), (3, 3), (3, 4)]


def test_a_cloudwatch_export_line_starts_with_the_event_time() -> None:
    line = "2026-11-30T10:00:07.123Z " + json.dumps(families()["mistral"])
    assert len(texts_of(parse_line(line))) == 2


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({"foo": 1}, "not an invocation log record"),
        ([1], "must be a JSON object"),
        ({"source": "SIDEWAYS", "text": "x"}, "source"),
        (envelope("m", {"weird": 1}, {"odd": 2}), "no prompt or answer"),
        (
            {"modelId": "m", "input": {"inputBodyS3Path": "s3://b/k"}, "output": {}},
            "delivered to S3",
        ),
        ({"events": [{"nomessage": 1}]}, "without a `message`"),
    ],
)
def test_records_without_text_say_why(value: object, why: str) -> None:
    with pytest.raises(RecordError, match=why):
        texts_of(value)


@pytest.mark.parametrize("line", ["", "{not json", '{"a": ' + "[" * 100000, "12 words"])
def test_lines_that_are_not_json_say_why(line: str) -> None:
    with pytest.raises(RecordError):
        parse_line(line)


def _grounded_converse() -> dict[str, object]:
    """A Converse RAG call: the retrieved document and the question marked for contextual
    grounding with guardContent qualifiers (GuardrailConverseTextBlock)."""
    record = families()["converse"]
    source = "All clinics open at 8am on weekdays and are closed on Sundays."
    record["input"]["inputBodyJson"]["messages"][-1]["content"] = [
        {"guardContent": {"text": {"text": source, "qualifiers": ["grounding_source"]}}},
        {"guardContent": {"text": {"text": "When does the clinic open?", "qualifiers": ["query"]}}},
    ]
    out = record["output"]["outputBodyJson"]["output"]["message"]
    out["content"] = [{"text": "The clinic is open all night on Sundays."}]
    return record


def test_a_converse_grounding_source_and_query_go_with_the_answer() -> None:
    (prompt, answer) = texts_of(_grounded_converse())
    assert prompt[2] == "When does the clinic open?"  # the source document is not the prompt
    assert answer[2] == "The clinic is open all night on Sundays."
    assert [(b["text"]["text"][:9], b["text"].get("qualifiers")) for b in answer[3]] == [
        ("All clini", ["grounding_source"]),
        ("When does", ["query"]),
        ("The clini", ["guard_content"]),
    ]
    assert len(texts_of(families()["converse"])[1][3]) == 1  # no grounding: the answer alone


def test_a_replayed_answer_is_judged_for_grounding() -> None:
    """End to end through the per-record function: the ungrounded answer is blocked by the
    grounding check, which needs the source and query the request carried."""
    from compiler.diagnostics.sink import Diagnostics
    from compiler.pipeline import load_text
    from compiler.replay.core import Spec, judge_all
    from compiler.replay.sources import Raw
    from compiler.targets.evaluator import plan

    text = 'guardrail "rag":\n  require grounding at least 0.75\n  require relevance at least 0.6\n'
    sink = Diagnostics()
    guardrail = load_text(text, sink, "rag.guard").policy.guardrail("rag")
    assert guardrail is not None and not sink.has_errors
    rows = judge_all(
        Spec(dict(plan(guardrail))), [Raw("l.jsonl", 1, json.dumps(_grounded_converse()))]
    )
    (answer,) = [r for r in rows if r.source == "OUTPUT"]
    assert (answer.verdict, answer.rules) == ("blocked", ["grounding"])
