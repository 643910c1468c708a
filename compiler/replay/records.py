"""One logged record to the texts a replay judges.

A line (or a whole JSON document) of a source holds one of:

* a Bedrock model invocation log record (`schemaType` `ModelInvocationLog`, or any object with
  `modelId` and `input`/`output`): its prompt is judged as INPUT, its answer as OUTPUT
  (`bodies.py` reads both from the model family's body shape);
* a `guardc eval --jsonl` request line (`{"source": ..., "text": ...}`): one text, its side;
* a CloudWatch Logs wrapper: a subscription payload (`logEvents`), the output of
  `aws logs filter-log-events` (`events`), each event's `message` being one record;
* a JSON list of any of these;

and a CloudWatch Logs export line is `TIMESTAMP RECORD` (the event time, a space, the message).

Anything else is a `RecordError`: the replay counts it and reports where it was, and goes on.
Pure functions of the text, standard library only: they run in worker processes and on Spark
executors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..runtime.request import RequestError, request_from_json, text_content
from .bodies import answer_of, grounding_of, prompt_of

MAX_DEPTH_NOTE = "nested too deeply to be a record"


class Item(NamedTuple):
    """One text to judge: where it was, when it was logged, its side, the text and the
    ApplyGuardrail content that carries it (with a grounding source and query, if any)."""

    file: str
    line: int
    sub: int  # which record of the line or document (0 for a plain line)
    timestamp: str
    source: str  # INPUT | OUTPUT
    text: str
    content: tuple[Mapping[str, Any], ...]


# reads the body at an `s3://` address Bedrock logged instead of a large body (largedata.py)
Fetch = Callable[[str], Any]
Content = tuple[Mapping[str, Any], ...]  # ApplyGuardrail content blocks
# (timestamp, side, text, content) of one text a record holds
Found = tuple[str, str, str, Content]


class RecordError(ValueError):
    """Why a record yields no text to judge."""


def location(file: str, line: int, sub: int = 0) -> str:
    """`FILE:LINE`, with `[N]` for the Nth record of a line that holds several."""
    return f"{file}:{line}" + (f"[{sub}]" if sub else "")


def parse_line(text: str) -> Any:
    """The JSON value of a line; a CloudWatch Logs export line (`TIME {json}`) gives its JSON."""
    stripped = text.strip()
    if not stripped:
        raise RecordError("empty line")
    if stripped[0] not in "{[":
        head, _, rest = stripped.partition(" ")
        if rest.lstrip().startswith("{") and head[:1].isdigit():
            stripped = rest.lstrip()
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise RecordError(MAX_DEPTH_NOTE) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise RecordError(f"not JSON: {exc}") from None


def _body(part: Any, key: str, fetch: Fetch | None) -> Any:
    """A logged body: `inputBodyJson`/`outputBodyJson`, parsed when logged as a string; or,
    when Bedrock delivered it to S3 as large data (`inputBodyS3Path`/`outputBodyS3Path`), the
    object `fetch` reads (largedata.py). Without `fetch` such a record is unreadable."""
    if not isinstance(part, Mapping):
        return None
    body = part.get(key)
    pointer = part.get(key.replace("BodyJson", "BodyS3Path"))
    if body is None and isinstance(pointer, str) and pointer:
        if fetch is None:
            raise RecordError(
                f"the {key[: -len('BodyJson')]} body was delivered to S3 as large data "
                f"({pointer}); --fetch-large-data reads it"
            )
        return fetch(pointer)
    if isinstance(body, str):
        try:
            return json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
            return None
    return body


def _model_answer(body: Any) -> str | None:
    """What the model answered. When a guardrail intervened, the logged answer is the
    guardrail's (a blocked message or a masked text): the model's own words are in the trace's
    `modelOutput` when the answer was judged, and there are none when the prompt was blocked."""
    if isinstance(body, Mapping):
        intervened = body.get("stopReason") == "guardrail_intervened" or (
            body.get("amazon-bedrock-guardrailAction") == "INTERVENED"
        )
        if intervened:
            trace = body.get("trace") or body.get("amazon-bedrock-trace") or {}
            guardrail = trace.get("guardrail") if isinstance(trace, Mapping) else None
            said = guardrail.get("modelOutput") if isinstance(guardrail, Mapping) else None
            if isinstance(said, list) and all(isinstance(s, str) for s in said) and said:
                return "\n".join(said)
            return None
    return answer_of(body)


def _invocation(record: Mapping[str, Any], fetch: Fetch | None) -> list[tuple[str, str, Content]]:
    """(side, text, content) of an invocation log record: the prompt, then the answer, whose
    content carries the grounding source and query the request marked (Converse)."""
    found: list[tuple[str, str, Content]] = []
    request = _body(record.get("input"), "inputBodyJson", fetch)
    prompt = prompt_of(request)
    if prompt:
        found.append(("INPUT", prompt, tuple(text_content(prompt))))
    answer = _model_answer(_body(record.get("output"), "outputBodyJson", fetch))
    if answer:
        source, query = grounding_of(request)
        found.append(("OUTPUT", answer, tuple(text_content(answer, source, query))))
    if found:
        return found
    operation = record.get("operation", "?")
    raise RecordError(
        f"no prompt or answer found in the {operation} record of {record.get('modelId')}"
    )


def _is_invocation(value: Mapping[str, Any]) -> bool:
    return value.get("schemaType") == "ModelInvocationLog" or (
        "modelId" in value and ("input" in value or "output" in value)
    )


def texts_of(value: Any, depth: int = 0, fetch: Fetch | None = None) -> list[Found]:
    """(timestamp, side, text, content) of every text a parsed record holds, in order; `fetch`
    reads a body delivered to S3 as large data (none: such a record is a RecordError)."""
    if depth > 3:
        raise RecordError(MAX_DEPTH_NOTE)
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v, depth + 1, fetch)]
    if not isinstance(value, Mapping):
        raise RecordError("a record must be a JSON object")
    if _is_invocation(value):
        stamp = str(value.get("timestamp", ""))
        return [(stamp, side, text, content) for side, text, content in _invocation(value, fetch)]
    if "source" in value and "text" in value:  # a `guardc eval --jsonl` request
        try:
            source, content = request_from_json(value)
        except RequestError as exc:
            raise RecordError(str(exc)) from None
        return [("", source, str(content[-1]["text"]["text"]), tuple(content))]
    for key in ("logEvents", "events"):  # CloudWatch Logs: subscription payload, filter output
        events = value.get(key)
        if isinstance(events, list):
            out: list[Found] = []
            for event in events:
                message = event.get("message") if isinstance(event, Mapping) else None
                if not isinstance(message, str):
                    raise RecordError(f"a `{key}` entry without a `message` string")
                out.extend(texts_of(parse_line(message), depth + 1, fetch))
            return out
    keys = ", ".join(sorted(value)[:5])
    raise RecordError(f"not an invocation log record or eval request (keys: {keys})")


def items_of(file: str, line: int, value: Any, fetch: Fetch | None = None) -> list[Item]:
    """The items of one parsed line or document (`fetch`: as for `texts_of`)."""
    texts = texts_of(value, 0, fetch)
    many = len(texts) > 2 or isinstance(value, list)
    return [
        Item(file, line, (n + 1) if many else 0, stamp, side, text, content)
        for n, (stamp, side, text, content) in enumerate(texts)
    ]
