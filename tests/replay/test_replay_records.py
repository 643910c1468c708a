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
