"""Realistic Bedrock model invocation log records, one per request shape, for the replay tests.

The bodies follow each model family's documented request and response shape (docs/replay.md
names the sources); the envelope is the invocation-log record (schemaType ModelInvocationLog).
"""

from __future__ import annotations

import json
from typing import Any

PROMPT = "Should I buy Tesla shares with my refund?"
ANSWER = "We will email the label to jane.doe@example.com"


def envelope(
    model: str, request: Any, response: Any, *, operation: str = "InvokeModel", n: int = 0
) -> dict[str, Any]:
    """One invocation log record around a request and a response body."""
    return {
        "schemaType": "ModelInvocationLog",
        "schemaVersion": "1.0",
        "timestamp": f"2026-11-30T{10 + n % 10:02d}:{n % 60:02d}:07Z",
        "accountId": "111122223333",
        "identity": {"arn": "arn:aws:sts::111122223333:assumed-role/retail-support-app/i-0abc"},
        "region": "eu-west-1",
        "requestId": f"0f6a7c1e-1b2d-4c3e-9f80-{n:012d}",
        "operation": operation,
        "modelId": model,
        "input": {
            "inputContentType": "application/json",
            "inputBodyJson": request,
            "inputTokenCount": 18,
        },
        "output": {
            "outputContentType": "application/json",
            "outputBodyJson": response,
            "outputTokenCount": 11,
        },
    }


def families(prompt: str = PROMPT, answer: str = ANSWER) -> dict[str, dict[str, Any]]:
    """One record per request shape, by name."""
    return {
        "converse": envelope(
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            {
                "system": [{"text": "You help shop customers."}],
                "messages": [
                    {"role": "user", "content": [{"text": "Hi"}]},
                    {"role": "assistant", "content": [{"text": "Hello, how can I help?"}]},
                    {"role": "user", "content": [{"text": prompt}]},
                ],
                "inferenceConfig": {"maxTokens": 512, "temperature": 0.2},
            },
            {
                "output": {"message": {"role": "assistant", "content": [{"text": answer}]}},
                "stopReason": "end_turn",
                "metrics": {"latencyMs": 812},
                "usage": {"inputTokens": 18, "outputTokens": 11, "totalTokens": 29},
            },
            operation="Converse",
        ),
        "converse_stream": envelope(
            "amazon.nova-lite-v1:0",
            {"messages": [{"role": "user", "content": [{"text": prompt}]}]},
            [
                {"messageStart": {"role": "assistant"}},
                {"contentBlockDelta": {"delta": {"text": answer[:10]}, "contentBlockIndex": 0}},
                {"contentBlockDelta": {"delta": {"text": answer[10:]}, "contentBlockIndex": 0}},
                {"contentBlockStop": {"contentBlockIndex": 0}},
                {"messageStop": {"stopReason": "end_turn"}},
                {"metadata": {"usage": {"inputTokens": 9, "outputTokens": 11}, "metrics": {}}},
            ],
            operation="ConverseStream",
        ),
        "anthropic_messages": envelope(
            "anthropic.claude-3-haiku-20240307-v1:0",
            {
                "anthropic_version": "bedrock-2023-05-31",
                "max_tokens": 512,
                "system": "You help shop customers.",
                "messages": [{"role": "user", "content": [{"type": "text", "text": prompt}]}],
            },
            {
                "id": "msg_bdrk_01",
                "type": "message",
                "role": "assistant",
                "model": "claude-3-haiku-20240307",
                "content": [{"type": "text", "text": answer}],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 18, "output_tokens": 11},
            },
        ),
        "anthropic_text": envelope(
            "anthropic.claude-v2:1",
            {"prompt": f"\n\nHuman: {prompt}\n\nAssistant:", "max_tokens_to_sample": 300},
            {"completion": f" {answer}", "stop_reason": "stop_sequence", "stop": "\n\nHuman:"},
        ),
        "titan": envelope(
            "amazon.titan-text-express-v1",
            {"inputText": prompt, "textGenerationConfig": {"maxTokenCount": 512}},
            {
                "inputTextTokenCount": 9,
                "results": [{"tokenCount": 11, "outputText": answer, "completionReason": "FINISH"}],
            },
        ),
        "nova": envelope(
            "amazon.nova-pro-v1:0",
            {
                "schemaVersion": "messages-v1",
                "system": [{"text": "You help shop customers."}],
                "messages": [{"role": "user", "content": [{"text": prompt}]}],
                "inferenceConfig": {"maxTokens": 300},
            },
            {
                "output": {"message": {"role": "assistant", "content": [{"text": answer}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 9, "outputTokens": 11, "totalTokens": 20},
            },
        ),
        "llama3": envelope(
            "meta.llama3-1-8b-instruct-v1:0",
            {
                "prompt": (
                    "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                    "You help shop customers.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                    f"{prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
                ),
                "max_gen_len": 512,
                "temperature": 0.2,
            },
            {
                "generation": answer,
                "prompt_token_count": 30,
                "generation_token_count": 11,
                "stop_reason": "stop",
            },
        ),
        "llama2": envelope(
            "meta.llama2-13b-chat-v1",
            {"prompt": f"<s>[INST] <<SYS>>\nYou help.\n<</SYS>>\n\n{prompt} [/INST]"},
            {"generation": answer, "stop_reason": "stop"},
        ),
        "mistral": envelope(
            "mistral.mistral-7b-instruct-v0:2",
            {"prompt": f"<s>[INST] {prompt} [/INST]", "max_tokens": 400},
            {"outputs": [{"text": answer, "stop_reason": "stop"}]},
        ),
        "mistral_chat": envelope(
            "mistral.mistral-large-2407-v1:0",
            {"messages": [{"role": "user", "content": prompt}], "max_tokens": 400},
            {
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer},
                        "stop_reason": "stop",
                    }
                ]
            },
        ),
        "cohere": envelope(
            "cohere.command-text-v14",
            {"prompt": prompt, "max_tokens": 400},
            {"generations": [{"id": "g1", "text": answer}], "id": "c1", "prompt": prompt},
        ),
        "cohere_r": envelope(
            "cohere.command-r-v1:0",
            {"message": prompt, "chat_history": [{"role": "USER", "message": "Hi"}]},
            {"text": answer, "generation_id": "g2", "finish_reason": "COMPLETE"},
        ),
    }


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)
