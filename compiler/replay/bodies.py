"""The user's prompt and the model's answer inside a logged request and response body.

Bedrock logs the body each operation received and returned (`input.inputBodyJson`,
`output.outputBodyJson`). Their shape is the model family's, recognised here by its keys (the
model id is not needed, so a cross-region inference profile or a fine-tuned model id works too):

* Converse, ConverseStream, Amazon Nova (`messages-v1`): the last `user` message's `text`
  and `guardContent` blocks (a block qualified `grounding_source` only is a retrieved document,
  not the prompt: `grounding_of` gives it, with the `query`, for judging the answer); the answer
  is `output.message.content[].text`.
* Anthropic Messages: the last `user` message (a string, or its `{"type": "text"}` blocks);
  `content[].text`. Anthropic Text Completions: the last `Human:` turn of `prompt`;
  `completion`.
* Amazon Titan Text: `inputText`; `results[].outputText`.
* Meta Llama: the last user turn of `prompt` (Llama 3 headers, Llama 2 `[INST]`); `generation`.
* Mistral: the last `[INST]` of `prompt`, `outputs[].text`; chat: the last `user` message,
  `choices[].message.content`.
* Cohere Command: `prompt`, `generations[].text`; Command R: `message`, `text`.

A streamed response (InvokeModelWithResponseStream, ConverseStream) may be logged as the list of
its events or chunks; their text deltas are joined in order. The system prompt, tool results and
earlier turns are not the user's prompt and are left out: a replay judges what the user said
last and what the model answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Json = Mapping[str, Any]

_LLAMA3_USER = re.compile(
    r"<\|start_header_id\|>user<\|end_header_id\|>\s*(.*?)(?:<\|eot_id\|>|$)", re.DOTALL
)
_INST = re.compile(r"\[INST\](.*?)(?:\[/INST\]|$)", re.DOTALL)
_HUMAN = re.compile(r"(?:^|\n\n)Human:(.*?)(?=\n\nAssistant:|$)", re.DOTALL)
_SYS_BLOCK = re.compile(r"<<SYS>>.*?<</SYS>>", re.DOTALL)


def _texts(blocks: Any, *, typed: bool = False) -> list[str]:
    """The text of content blocks: `{"text": ...}` (Converse, Nova) or, with `typed`, also
    `{"type": "text", "text": ...}` (Anthropic); a plain string is one block."""
    if isinstance(blocks, str):
        return [blocks]
    out: list[str] = []
    if not isinstance(blocks, list):
        return out
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        text = block.get("text")
        if isinstance(text, str) and (not typed or block.get("type", "text") == "text"):
            out.append(text)
        guard = block.get("guardContent")  # Converse: content marked for the guardrail
        if isinstance(guard, Mapping):
            inner = guard.get("text")
            if (
                isinstance(inner, Mapping)
                and isinstance(inner.get("text"), str)
                and _qualifiers(inner) != {"grounding_source"}  # a source is not the prompt
            ):
                out.append(inner["text"])
    return out


def _qualifiers(text_block: Json) -> set[str]:
    found = text_block.get("qualifiers")
    return {q for q in found if isinstance(q, str)} if isinstance(found, list) else set()


def grounding_of(body: Any) -> tuple[str | None, str | None]:
    """The grounding source and query a Converse request marks for contextual grounding: the
    `guardContent` text blocks qualified `grounding_source` and `query` (GuardrailConverseTextBlock)
    of the system prompt and the last `user` message, each kind joined. (None, None) for any
    other request."""
    if not isinstance(body, Mapping) or not isinstance(body.get("messages"), list):
        return None, None
    blocks: list[Any] = list(body["system"]) if isinstance(body.get("system"), list) else []
    for message in reversed(body["messages"]):
        if isinstance(message, Mapping) and message.get("role") == "user":
            content = message.get("content")
            blocks.extend(content if isinstance(content, list) else [])
            break
    found: dict[str, list[str]] = {"grounding_source": [], "query": []}
    for block in blocks:
        guard = block.get("guardContent") if isinstance(block, Mapping) else None
        inner = guard.get("text") if isinstance(guard, Mapping) else None
        if isinstance(inner, Mapping) and isinstance(inner.get("text"), str):
            for kind in _qualifiers(inner) & set(found):
                found[kind].append(inner["text"])
    return _joined(found["grounding_source"]), _joined(found["query"])


def _joined(parts: Iterable[str]) -> str | None:
    parts = [p for p in parts if p]
    return "\n".join(parts) if parts else None


def _last_user(messages: Any) -> str | None:
    """The text of the last `user` message of a messages list."""
    if not isinstance(messages, list):
        return None
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _joined(_texts(message.get("content"), typed=True))
    return None


def _last_match(pattern: re.Pattern[str], prompt: str) -> str | None:
    found = pattern.findall(prompt)
    return found[-1].strip() if found else None


def _prompt_string(prompt: str) -> str:
    """The last user turn of a templated prompt string, else the string itself."""
    for pattern in (_LLAMA3_USER, _INST, _HUMAN):
        turn = _last_match(pattern, prompt)
        if turn is not None:
            return _SYS_BLOCK.sub("", turn).strip()
    return prompt.strip()


def prompt_of(body: Any) -> str | None:
    """The user's prompt in a logged request body, or None when there is none to read."""
    if not isinstance(body, Mapping):
        return None
    if "messages" in body:  # Converse, Nova, Anthropic Messages, Mistral chat
        return _last_user(body["messages"])
    for key in ("inputText", "message"):  # Titan; Cohere Command R
        if isinstance(body.get(key), str):
            return str(body[key]).strip() or None
    prompt = body.get("prompt")  # Llama, Mistral, Cohere Command, Anthropic Text Completions
    if isinstance(prompt, str):
        return _prompt_string(prompt) or None
    return None


def _answer_object(body: Json) -> str | None:
    output = body.get("output")
    if isinstance(output, Mapping) and isinstance(output.get("message"), Mapping):
        return _joined(_texts(output["message"].get("content")))  # Converse, Nova
    if body.get("type") == "message" or (isinstance(body.get("content"), list) and "role" in body):
        return _joined(_texts(body.get("content"), typed=True))  # Anthropic Messages
    for key in ("completion", "generation"):  # Anthropic Text Completions; Llama
        if isinstance(body.get(key), str):
            return str(body[key])
    lists: Sequence[tuple[str, str]] = (
        ("results", "outputText"),  # Titan
        ("outputs", "text"),  # Mistral completion
        ("generations", "text"),  # Cohere Command
    )
    for key, field in lists:
        items = body.get(key)
        if isinstance(items, list):
            return _joined(
                str(i[field])
                for i in items
                if isinstance(i, Mapping) and isinstance(i.get(field), str)
            )
    choices = body.get("choices")  # Mistral chat
    if isinstance(choices, list):
        texts = []
        for choice in choices:
            message = choice.get("message") if isinstance(choice, Mapping) else None
            if isinstance(message, Mapping) and isinstance(message.get("content"), str):
                texts.append(message["content"])
        return _joined(texts)
    if isinstance(body.get("text"), str):  # Cohere Command R
        return str(body["text"])
    return None


def _delta_text(event: Any) -> str:
    """The text one streamed event adds (ConverseStream events, Anthropic and other chunks)."""
    if not isinstance(event, Mapping):
        return ""
    delta_block = event.get("contentBlockDelta")  # ConverseStream
    if isinstance(delta_block, Mapping):
        delta = delta_block.get("delta")
        return str(delta.get("text", "")) if isinstance(delta, Mapping) else ""
    delta = event.get("delta")  # Anthropic content_block_delta
    if isinstance(delta, Mapping) and isinstance(delta.get("text"), str):
        return str(delta["text"])
    if event.get("type") in {"message_start", "message_delta", "message_stop"}:
        return ""
    return _answer_object(event) or ""


def answer_of(body: Any) -> str | None:
    """The model's answer in a logged response body (an object, or a streamed list of events),
    or None when there is none to read."""
    if isinstance(body, list):
        return "".join(_delta_text(e) for e in body) or None
    if not isinstance(body, Mapping):
        return None
    return _answer_object(body)
