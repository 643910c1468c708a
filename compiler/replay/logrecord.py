"""The invocation-log record `guardc eval --log FILE` writes for each evaluation.

Bedrock's model invocation logging writes one JSON record per model call (schemaType
`ModelInvocationLog`: `timestamp`, `accountId`, `identity`, `region`, `requestId`, `operation`,
`modelId`, `input.inputBodyJson`, `output.outputBodyJson`, ...). A Converse call made with a
guardrail whose trace is enabled logs the guardrail's assessment inside the response body:
`trace.guardrail.inputAssessment` (guardrail id -> assessment) when the prompt was judged,
`trace.guardrail.outputAssessments` (id -> list of assessments) and `modelOutput` (what the
model said before the guardrail replaced it) when the answer was, and `stopReason`
`guardrail_intervened` when it acted.

The local evaluator has no model, so the record is the Converse call a guarded application
would have made: an INPUT evaluation logs the prompt, and (when blocked) the blocked message as
the answer; an OUTPUT evaluation logs the `--query` as the prompt when given, and the text as
the model's answer. `modelId` is LOCAL_MODEL, so nobody mistakes the record for real traffic.
`records.py` reads these records back (the round trip is tested), as it reads Bedrock's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..diagnostics.textsafe import json_safe

LOCAL_MODEL = "guardc.local-evaluator"
EPOCH = "1970-01-01T00:00:00Z"


def _message(role: str, text: str | None) -> list[dict[str, Any]]:
    return [{"role": role, "content": [{"text": text}]}] if text else []


def record(
    source: str,
    text: str,
    response: Mapping[str, Any],
    guardrail: str,
    *,
    query: str | None = None,
    account: str = "000000000000",
    region: str = "local",
    deterministic: bool = False,
) -> dict[str, Any]:
    """The record of one evaluation of `text` (side `source`) answered by `response`."""
    intervened = response.get("action") == "GUARDRAIL_INTERVENED"
    outputs = [str(o.get("text", "")) for o in response.get("outputs", [])]
    assessment = dict((response.get("assessments") or [{}])[0])
    trace: dict[str, Any] = {"guardrail": {}}
    prompt: str | None
    if source == "INPUT":
        prompt, answer = text, (outputs[0] if intervened and outputs else None)
        trace["guardrail"]["inputAssessment"] = {guardrail: assessment}
    else:
        prompt, answer = query, ("\n".join(outputs) if intervened else text)
        trace["guardrail"]["outputAssessments"] = {guardrail: [assessment]}
        if intervened:
            trace["guardrail"]["modelOutput"] = [text]
    if intervened:
        trace["guardrail"]["actionReason"] = response.get("actionReason", "")
    stamp = EPOCH if deterministic else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    seed = json.dumps([source, text, query, stamp, response.get("usage")], sort_keys=True)
    digest = hashlib.sha256(seed.encode()).hexdigest()
    request_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    return {
        "schemaType": "ModelInvocationLog",
        "schemaVersion": "1.0",
        "timestamp": stamp,
        "accountId": account,
        "identity": {"arn": f"arn:aws:iam::{account}:user/guardc-eval"},
        "region": region,
        "requestId": request_id,
        "operation": "Converse",
        "modelId": LOCAL_MODEL,
        "input": {
            "inputContentType": "application/json",
            "inputBodyJson": {
                "messages": _message("user", prompt),
                "guardrailConfig": {
                    "guardrailIdentifier": guardrail,
                    "guardrailVersion": "DRAFT",
                    "trace": "enabled",
                },
            },
        },
        "output": {
            "outputContentType": "application/json",
            "outputBodyJson": {
                "output": {"message": {"role": "assistant", "content": _content(answer)}},
                "stopReason": "guardrail_intervened" if intervened else "end_turn",
                "trace": trace,
                "usage": {"inputTokens": 0, "outputTokens": 0, "totalTokens": 0},
                "metrics": {"latencyMs": 0},
            },
        },
    }


def _content(answer: str | None) -> list[dict[str, Any]]:
    return [{"text": answer}] if answer is not None else []


def line(rec: Mapping[str, Any]) -> str:
    """One record as one line of JSONL (sorted keys, as Bedrock's S3 files hold one per line).
    The texts are the user's: C1 controls, bidi overrides, zero-width and other hidden
    characters are written as `\\uXXXX` escapes (`textsafe.json_safe`), so `cat` of the log in
    a CI job shows them and a JSON reader still gets the exact text."""
    dumped = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return json_safe(dumped) + "\n"
