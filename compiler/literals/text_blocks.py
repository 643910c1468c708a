"""Text blocks: `\"\"\"...\"\"\"` strings that hold line breaks and continue across lines.

Blocked messages are often several lines long and topic definitions run to 200 characters, which
a one-line `"..."` cannot hold readably. A text block can:

    on blocked input say \"\"\"
      Sorry, I can't help with that.
      Please contact support.\"\"\"
    means \"\"\"Betting, casinos, odds or wagering strategies, including sports \\
      betting and online poker.\"\"\"

Its value: a line break right after the opening quotes is dropped; the indentation common to
the lines after the first is removed (so the block can sit indented under its statement); a last
line holding only spaces is dropped with the line break before it; a `\\` at the end of a line
joins the next line to it (the break and the next line's indentation vanish). `\\"` and `\\\\`
are escapes as in every string, and any other backslash stays as written. A text block never
changes the meaning of an existing file: `\"\"\"` could not start a valid statement before.
"""

from __future__ import annotations

import re

TRIPLE = '"""'

# The STRING terminal of grammar/guard.lark, as a Python regex (both forms).
STRING_RE = r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|"(?:[^"\\\n]|\\[^\n])*"'

_ESCAPE = re.compile(r'\\(["\\])')


def is_block(raw: str) -> bool:
    return raw.startswith(TRIPLE) and len(raw) >= 6


def decode(raw: str) -> tuple[str, tuple[int, ...]]:
    """The value of the string literal `raw` (quotes included) and, for each of its characters,
    the offset in `raw` it came from, then the offset of the closing quote."""
    if not is_block(raw):
        return _plain(raw, 1, len(raw) - 1)
    return _block(raw)


def _plain(raw: str, start: int, end: int) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    offsets: list[int] = []
    i = start
    while i < end:
        escape = _ESCAPE.match(raw, i, end)
        if escape is not None:
            chars.append(escape.group(1))
            offsets.append(i)
            i = escape.end()
        else:
            chars.append(raw[i])
            offsets.append(i)
            i += 1
    offsets.append(end)
    return "".join(chars), tuple(offsets)


def _block(raw: str) -> tuple[str, tuple[int, ...]]:
    body_start, body_end = 3, len(raw) - 3
    lines: list[tuple[int, str]] = []  # (offset of the line's first character, its text)
    at = body_start
    for text in raw[body_start:body_end].split("\n"):
        lines.append((at, text))
        at += len(text) + 1
    inline_first = True  # the first line starts right after the opening quotes
    if len(lines) > 1 and not lines[0][1].strip(" \t"):
        lines, inline_first = lines[1:], False
    if len(lines) > 1 and not lines[-1][1].strip(" \t"):
        lines = lines[:-1]  # the closing quotes on a line of their own
    dented = lines[1:] if inline_first else lines
    indent = min((_indent(t) for _, t in dented if t.strip(" \t")), default=0)
    chars: list[str] = []
    offsets: list[int] = []
    joined = False  # the previous line ended in a continuation `\`
    for n, (at, text) in enumerate(lines):
        if joined:
            cut = _indent(text)
        else:
            cut = 0 if (n == 0 and inline_first) else min(indent, _indent(text))
            if n > 0:
                chars.append("\n")
                offsets.append(at - 1)
        joined = _ends_in_continuation(text)
        end = at + len(text) - (1 if joined else 0)
        value, where = _plain(raw, at + cut, end)
        chars.append(value)
        offsets.extend(where[:-1])
    offsets.append(body_end)
    return "".join(chars), tuple(offsets)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _ends_in_continuation(text: str) -> bool:
    """Whether `text` ends in a `\\` that is not itself escaped (`\\\\` is a backslash)."""
    run = len(text) - len(text.rstrip("\\"))
    return run % 2 == 1


def encode_block(value: str, indent: str) -> str | None:
    """`value` (which holds a line break) as a text block whose lines after the first are
    indented by `indent`, or None when no text block reads back as `value`: a blank first or
    last line, or later lines that all start with spaces (the layout rules above take those as
    the block's own layout)."""
    lines = value.split("\n")
    rest = [line for line in lines[1:] if line.strip(" \t")]
    if (
        not lines[0].strip(" \t")
        or not lines[-1].strip(" \t")
        or (rest and all(_indent(line) for line in rest))
    ):
        return None
    body = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return TRIPLE + body[0] + "".join("\n" + (indent + b if b else b) for b in body[1:]) + TRIPLE
