"""The request side of ApplyGuardrail: checking `content`, building it from a text (with an
optional grounding source and query), reading `--jsonl` lines, and canonical JSON output.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .plan import SOURCES

QUALIFIERS = frozenset({"grounding_source", "query", "guard_content"})
OUTPUT_SCOPES = frozenset({"INTERVENTIONS", "FULL"})

Json = dict[str, Any]


class RequestError(ValueError):
    """A request that ApplyGuardrail itself would reject (bad source, content or scope)."""


def read_content(content: Sequence[Mapping[str, Any]]) -> tuple[list[tuple[str, set[str]]], int]:
    """Text blocks with their qualifiers, and the number of image blocks; checks the shape."""
    if not isinstance(content, Sequence) or isinstance(content, str):
        raise RequestError("content must be a list of content blocks")
    texts: list[tuple[str, set[str]]] = []
    images = 0
    for n, block in enumerate(content):
        if not isinstance(block, Mapping) or len(block) != 1 or not {"text", "image"} & set(block):
            raise RequestError(f"content[{n}] must have exactly one of `text` or `image`")
        if "image" in block:
            images += 1
            continue
        text = block["text"]
        if not isinstance(text, Mapping) or not isinstance(text.get("text"), str):
            raise RequestError(f"content[{n}].text.text must be a string")
        qualifiers = text.get("qualifiers", [])
        if not isinstance(qualifiers, list) or not set(qualifiers) <= QUALIFIERS:
            raise RequestError(f"content[{n}].text.qualifiers must be among {sorted(QUALIFIERS)}")
        texts.append((text["text"], set(qualifiers)))
    return texts, images


def text_content(
    text: str, grounding_source: str | None = None, query: str | None = None
) -> list[Json]:
    """The `content` of a request guarding `text`, with optional grounding source and query.

    With a source or query the guarded text is marked `guard_content`, so only it is filtered
    and the other blocks only feed contextual grounding.
    """
    if grounding_source is None and query is None:
        return [{"text": {"text": text}}]
    blocks: list[Json] = []
    if grounding_source is not None:
        blocks.append({"text": {"text": grounding_source, "qualifiers": ["grounding_source"]}})
    if query is not None:
        blocks.append({"text": {"text": query, "qualifiers": ["query"]}})
    blocks.append({"text": {"text": text, "qualifiers": ["guard_content"]}})
    return blocks


def request_from_json(line: Mapping[str, Any]) -> tuple[str, list[Json]]:
    """`(source, content)` from one `--jsonl` line (schemas/eval-input.schema.json):
    `{"source": "INPUT"|"OUTPUT", "text": ..., "grounding_source"?: ..., "query"?: ...,
    "id"?: ...}` (the `id` is only checked here: `request_id` gives it for the answer)."""
    if not isinstance(line, Mapping):
        raise RequestError("each line must be a JSON object")
    unknown = set(line) - {"source", "text", "grounding_source", "query", "id"}
    if unknown:
        raise RequestError(f"unknown key(s) {', '.join(printable(k) for k in sorted(unknown))}")
    request_id(line)
    source, text = line.get("source"), line.get("text")
    if source not in SOURCES:
        raise RequestError('`source` must be "INPUT" or "OUTPUT"')
    if not isinstance(text, str):
        raise RequestError("`text` must be a string")
    check_unicode("`text`", text)
    extra = {k: line.get(k) for k in ("grounding_source", "query")}
    for key, value in extra.items():
        if value is not None and not isinstance(value, str):
            raise RequestError(f"`{key}` must be a string")
        if value is not None:
            check_unicode(f"`{key}`", value)
    return str(source), text_content(text, extra["grounding_source"], extra["query"])


def request_id(line: Mapping[str, Any]) -> dict[str, Any]:
    """`{"id": value}` when the request line carries an `id` (any JSON scalar: a string, a
    number, true, false or null), echoed on its answer line so a consumer can match them;
    `{}` when it carries none. RequestError for an object or array."""
    if "id" not in line:
        return {}
    value = line["id"]
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise RequestError("`id` must be a JSON scalar (a string, a number, true, false or null)")
    if isinstance(value, str):
        check_unicode("`id`", value)
    return {"id": value}


def printable(key: str) -> str:
    """A key from the request, quoted with its control and non-ASCII characters escaped: it is
    echoed on a terminal, where `\\x1b[2J` must not clear the screen."""
    return json.dumps(key)


def check_unicode(name: str, value: str, *, argument: bool = False) -> None:
    """RequestError when `value` holds a lone surrogate, which no UTF-8 text can: a JSON
    `\\udcff` escape, or (`argument=True`) an undecodable byte of a command-line argument,
    which Python keeps as U+DC80..U+DCFF. Evaluating it would answer for text nobody sent."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = value[exc.start]
        if (
            argument and "\udc80" <= char <= "\udcff"
        ):  # from an argument: name the byte that was there
            byte = len(value[: exc.start].encode("utf-8", "surrogateescape")) + 1
            raise RequestError(
                f"{name} is not valid UTF-8: byte 0x{ord(char) - 0xDC00:02x} at byte {byte}"
            ) from None
        raise RequestError(
            f"{name} is not valid Unicode: lone surrogate U+{ord(char):04X} at character "
            f"{exc.start + 1}"
        ) from None


def dumps(response: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The canonical JSON text of a response (sorted keys; one line when `indent` is None)."""
    if indent is None:
        return json.dumps(response, sort_keys=True, separators=(",", ":"))
    return json.dumps(response, sort_keys=True, indent=indent) + "\n"


def guarded_blocks(texts: Sequence[tuple[str, set[str]]]) -> list[int]:
    """Indices of the text blocks a request guards: those marked `guard_content` when any is,
    else every block not qualified `grounding_source` or `query` only."""
    guard_marked = any("guard_content" in q for _, q in texts)
    return [
        i
        for i, (_, q) in enumerate(texts)
        if ("guard_content" in q if guard_marked else not q & {"grounding_source", "query"})
    ]


def grounding_texts(
    texts: Sequence[tuple[str, set[str]]], guarded: Sequence[int]
) -> tuple[str, str, str]:
    """The (response, grounding source, query) texts contextual grounding compares."""
    return (
        "\n".join(texts[i][0] for i in guarded),
        "\n".join(t for t, q in texts if "grounding_source" in q),
        "\n".join(t for t, q in texts if "query" in q),
    )
