"""Caps applied to a source's text before it is parsed, so a huge input costs little to refuse.

A `words` list longer than Bedrock's maximum can never be compiled, yet parsing, lowering and
validating 1.3 million words took 35–48 s and 3.9 GB before E302 said so (issue 16). The list
is counted here with one regular expression instead: past WORDS_LIMIT, E302 is reported at the
first word over, and the rest of the list is blanked (spaces, newlines kept) in the text the
parser sees. Offsets and line numbers are unchanged, so every span still points at the text
the user wrote; the parser reads the first WORDS_LIMIT words only.
"""

from __future__ import annotations

import re

from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import Span

# Bedrock's most words in one guardrail (wordsConfig, aws/bedrock_model.py; the front end does
# not import the AWS wing). One list longer than that can never be used.
WORDS_LIMIT = 10_000

_HEADER = re.compile(r'^words[ \t]+("(?:[^"\\\n]|\\.)*")?', re.M | re.I)
_TOP_LEVEL = re.compile(r"\n[^ \t\r\n#]")  # a line that ends an indented block (no re.M: slow)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def cap_word_lists(text: str, file: str, sink: Diagnostics) -> str:
    """`text` with every `words` list cut after WORDS_LIMIT words (E302 for each one cut)."""
    if text.count('"') <= 2 * WORDS_LIMIT:  # too few strings for any list to be over
        return text
    pieces: list[str] = []
    done = 0
    for header in _HEADER.finditer(text):
        body = text.find("\n", header.end()) + 1
        if body == 0:
            break
        after = _TOP_LEVEL.search(text, body - 1)
        end = after.start() + 1 if after else len(text)
        if text.count('"', body, end) <= 2 * WORDS_LIMIT:
            continue
        strings = _STRING.finditer(text, body, end)
        over = next((m for i, m in enumerate(strings) if i == WORDS_LIMIT), None)
        if over is None:
            continue
        rest = (over.end(), end)  # the words after: counted by their quotes, in C
        count = WORDS_LIMIT + 1 + (text.count('"', *rest) - text.count('\\"', *rest)) // 2
        name = header.group(1) or "?"
        sink.emit(
            "E302",
            f"word list {name} has {count} words, more than Bedrock's {WORDS_LIMIT}",
            Span.point(file, text, over.start(), over.end() - over.start()),
            note="the first word over the limit; the rest of the list was not read",
            help=f"a guardrail takes at most {WORDS_LIMIT} words: split the list, or keep the "
            "words that matter",
        )
        cut = text.rfind("\n", body, over.start()) + 1  # the line of the first word over
        pieces += [text[done:cut], _blank(text[cut:end])]
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _blank(region: str) -> str:
    """A comment line, then the region's newlines: the same length and line count, and a
    single token for the parser's lexer (spaces would be matched a line at a time)."""
    lines = region.count("\n")
    if len(region) == lines:
        return region
    return "#" + " " * (len(region) - lines - 1) + "\n" * lines


__all__ = ["WORDS_LIMIT", "cap_word_lists"]
