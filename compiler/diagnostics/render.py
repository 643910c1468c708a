"""Rendering diagnostics: text like rustc/ruff for people, JSON for CI and editors.

The text form (style.md):

    error[E203]: unknown PII entity `credit card numbrs`
     --> examples/support.guard:12:9
       |
    12 |   block credit card numbrs
       |         ^^^^^^^^^^^^^^^^^^ not a known entity
       |
       = help: did you mean `credit card numbers`?

The JSON form is described by schemas/diagnostics.schema.json.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .sink import Diagnostic, Severity
from .span import Span
from .textsafe import clip, escaped, json_safe, visible

JSON_VERSION = 1
TAB_WIDTH = 4  # tabs in a shown source line are expanded so carets line up
LONG_LINE = 200  # columns: a source line up to this is shown whole
WINDOW = 120  # columns of a longer line shown around the span, with `…` where cut
CONTEXT = 40  # of which, at most, before the span
_CUT = "…"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[1;31m"
_YELLOW = "\x1b[1;33m"
_BLUE = "\x1b[1;34m"


@dataclass(frozen=True)
class _Mark:
    """One underline: the primary span (`^`) or a secondary label (`-`)."""

    span: Span
    message: str | None
    primary: bool


class _Paint:
    """ANSI colouring that collapses to plain text when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.color and text else text


def _shown(ch: str) -> str:
    """One character of a source line as shown: tabs expanded, hidden characters escaped."""
    if ch == "\t":
        return " " * TAB_WIDTH
    return escaped(ch) or ch


def _char_width(ch: str) -> int:
    """Display columns of one character: tabs expand, escapes take their length, wide East
    Asian characters take two."""
    shown = _shown(ch)
    if shown != ch:
        return len(shown)
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def source_line(text: str, span: Span) -> str | None:
    """The line `span` starts on, without its newline, or None when out of range.

    Found from the span's offset, checked against its line number (one pass in C over the
    text, no copy of it into a list of lines: a 15 MB file may have many diagnostics)."""
    if 0 <= span.start <= len(text):
        begin = text.rfind("\n", 0, span.start) + 1
        if text.count("\n", 0, begin) + 1 == span.line:
            return _line_from(text, begin)
    if span.line < 1 or text.count("\n") + 1 < span.line:
        return None
    begin = 0
    for _ in range(span.line - 1):
        begin = text.index("\n", begin) + 1
    return _line_from(text, begin)


def _line_from(text: str, begin: int) -> str:
    end = text.find("\n", begin)
    return text[begin : end if end >= 0 else len(text)].removesuffix("\r")


def _columns(span: Span, line_text: str) -> tuple[int, int]:
    """The characters of `line_text` that `span` marks on its first line: [start, end).

    A span running past its first line is marked to that line's end."""
    start = max(0, min(span.column - 1, len(line_text)))
    end = span.end_column - 1 if span.end_line == span.line else len(line_text)
    return start, max(start, min(end, len(line_text)))


def _window(line_text: str, start: int, end: int) -> tuple[int, int]:
    """The characters [a, b) of a source line shown for a mark at [start, end): all of a line
    up to LONG_LINE columns; of a longer one, WINDOW columns from CONTEXT before the mark."""
    if len(line_text) <= LONG_LINE and _width(line_text) <= LONG_LINE:
        return 0, len(line_text)
    a, used = start, 0
    while a > 0 and used + _char_width(line_text[a - 1]) <= CONTEXT:
        a -= 1
        used += _char_width(line_text[a])
    b = start
    while b < len(line_text) and used + _char_width(line_text[b]) <= WINDOW:
        used += _char_width(line_text[b])
        b += 1
    while a > 0 and used + _char_width(line_text[a - 1]) <= WINDOW:  # a mark near the end
        a -= 1
        used += _char_width(line_text[a])
    return a, max(b, min(start + 1, len(line_text)))


def _underline(span: Span, line_text: str, window: tuple[int, int]) -> tuple[int, int]:
    """Display offset and width of the underline for `span` on its first line, as shown in
    `window` (a `…` before the window takes one column).

    An empty span (e.g. at end of file) still gets one caret so it is visible; a mark cut by
    the window is underlined to the window's edge."""
    a, b = window
    start, end = _columns(span, line_text)
    start, end = max(a, min(start, b)), max(a, min(end, b))
    offset = (1 if a > 0 else 0) + _width(line_text[a:start])
    return offset, max(1, _width(line_text[start:end]))


def _show_line(line_text: str, window: tuple[int, int]) -> str:
    a, b = window
    body = "".join(_shown(ch) for ch in line_text[a:b])
    return (_CUT if a > 0 else "") + body + (_CUT if b < len(line_text) else "")


def _severity_style(severity: Severity) -> str:
    return _RED if severity is Severity.ERROR else _YELLOW


def _snippet(
    marks: Sequence[_Mark],
    text: str | None,
    gutter: int,
    paint: _Paint,
    severity: Severity,
) -> list[str]:
    """The gutter lines showing each marked source line with its underline and note."""
    bar = paint(_BLUE, " " * gutter + " |")
    if text is None:
        return []
    out: list[str] = [bar]
    previous: int | None = None
    line_text, window = "", (0, 0)
    for mark in sorted(marks, key=lambda m: (m.span.line, not m.primary, m.span.column)):
        line_no = mark.span.line
        if previous is not None and line_no > previous + 1:
            out.append(paint(_BLUE, "..."))
        if previous != line_no:
            found = source_line(text, mark.span)
            if found is None:
                continue
            line_text = found
            window = _window(line_text, *_columns(mark.span, line_text))
            number = paint(_BLUE, f"{line_no:>{gutter}} |")
            out.append(f"{number} {_show_line(line_text, window)}".rstrip())
        previous = line_no
        glyph = "^" if mark.primary else "-"
        offset, width = _underline(mark.span, line_text, window)
        style = _severity_style(severity) if mark.primary else _BLUE
        underline = paint(style, glyph * width)
        note = f" {paint(style, _text(mark.message))}" if mark.message else ""
        out.append(f"{bar} {' ' * offset}{underline}{note}")
    return out


def _location(span: Span) -> str:
    return f"{visible(span.file)}:{span.line}:{span.column}"


def _text(message: str) -> str:
    """A message, note or help as shown: cut when very long, hidden characters escaped."""
    return visible(clip(message))


def render_one(diagnostic: Diagnostic, sources: Mapping[str, str], color: bool = False) -> str:
    """One diagnostic as text (no trailing newline)."""
    paint = _Paint(color)
    marks = [_Mark(diagnostic.span, diagnostic.note, True)]
    marks += [_Mark(label.span, label.message, False) for label in diagnostic.labels]
    gutter = len(str(max(m.span.line for m in marks)))
    severity = diagnostic.severity
    head = paint(_severity_style(severity), f"{severity.value}[{diagnostic.code}]")
    lines = [f"{head}{paint(_BOLD, ': ' + _text(diagnostic.message))}"]
    arrow = paint(_BLUE, " " * max(1, gutter - 1) + "-->")
    lines.append(f"{arrow} {_location(diagnostic.span)}")
    primary_file = diagnostic.span.file
    same_file = [m for m in marks if m.span.file == primary_file]
    lines += _snippet(same_file, sources.get(primary_file), gutter, paint, severity)
    # Labels in other files get their own `:::` header, as rustc does.
    others: dict[str, list[_Mark]] = {}
    for mark in marks:
        if mark.span.file != primary_file:
            others.setdefault(mark.span.file, []).append(mark)
    for file, file_marks in sorted(others.items()):
        first = min(file_marks, key=lambda m: (m.span.line, m.span.column))
        lines.append(f"{paint(_BLUE, ' ' * max(1, gutter - 1) + ':::')} {_location(first.span)}")
        lines += _snippet(file_marks, sources.get(file), gutter, paint, severity)
    if diagnostic.help:
        if sources.get(primary_file) is not None or others:
            lines.append(paint(_BLUE, " " * gutter + " |"))
        lines.append(
            f"{' ' * gutter} {paint(_BLUE, '=')} {paint(_BOLD, 'help')}: {_text(diagnostic.help)}"
        )
    return "\n".join(lines)


def render_text(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool = False
) -> str:
    """All diagnostics as text, one blank line between them, ending in a newline (or "")."""
    blocks = [render_one(d, sources, color) for d in diagnostics]
    return "".join(block + "\n\n" for block in blocks)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(diagnostics: Sequence[Diagnostic], files: int, guardrails: int) -> str:
    """`2 errors, 1 warning in 3 files` when anything was found, else `ok: 4 files, 5 guardrails`.

    Warnings alone do not fail a check, so they are appended to the `ok` line.
    """
    errors, warnings = count(diagnostics)
    if errors:
        found = _plural(errors, "error")
        if warnings:
            found += ", " + _plural(warnings, "warning")
        return f"{found} in {_plural(files, 'file')}"
    ok = f"ok: {_plural(files, 'file')}, {_plural(guardrails, 'guardrail')}"
    return f"{ok} ({_plural(warnings, 'warning')})" if warnings else ok


def _position(span: Span) -> dict[str, object]:
    return {
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def to_json_obj(d: Diagnostic, sources: Mapping[str, str]) -> dict[str, object]:
    """One diagnostic as the JSON object of schemas/diagnostics.schema.json."""
    text = sources.get(d.span.file)
    obj: dict[str, object] = {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        **_position(d.span),
        "source_line": source_line(text, d.span) if text is not None else None,
        "note": d.note,
        "help": d.help,
        "labels": [{**_position(label.span), "message": label.message} for label in d.labels],
    }
    return obj


def render_json(
    diagnostics: Sequence[Diagnostic],
    sources: Mapping[str, str],
    *,
    files: int | None = None,
    guardrails: int | None = None,
    artefacts: Sequence[str] | None = None,
) -> str:
    """The JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}` and a newline.

    `files` defaults to the number of sources given; `guardrails` is included when known;
    `artefacts` (the files `compile` wrote) only when given.
    """
    errors, warnings = count(diagnostics)
    summary: dict[str, object] = {
        "errors": errors,
        "warnings": warnings,
        "files": len(sources) if files is None else files,
    }
    if guardrails is not None:
        summary["guardrails"] = guardrails
    report: dict[str, object] = {
        "version": JSON_VERSION,
        "diagnostics": [to_json_obj(d, sources) for d in diagnostics],
        "summary": summary,
    }
    if artefacts is not None:
        report["artefacts"] = list(artefacts)
    return json_safe(json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"
